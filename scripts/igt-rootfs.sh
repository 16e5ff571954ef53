#!/bin/bash
# Build, once, a guest root filesystem with IGT (igt-gpu-tools and
# igt-gpu-tools-tests from Debian) as an initramfs for QEMU:
#
#   scripts/igt-rootfs.sh [ARCH]      (x86_64 only: Debian has no arm64 IGT)
#
# Output, under $CACHE/igt-rootfs-$ARCH/:
#   igt-rootfs.cpio.gz  gzip'ed cpio (newc) archive, /init = scripts/igt-init.sh
#   igt-version.txt     the exact versions of the IGT packages in it
#   rootfs/             the unpacked tree the archive is made from
# The last line printed is the path of the archive.
#
# Boot it with "-initrd .../igt-rootfs.cpio.gz" and "igt=TEST[,TEST...]" on
# the kernel command line; see scripts/igt-init.sh.
#
# Cache: the tree is rebuilt only when this script changes (its hash is
# the key; the package list lives here), the archive when this script or
# igt-init.sh changes.  FORCE=1 rebuilds anyway.
#
# The packages come from $IGT_SUITE (default forky, Debian testing; in
# the archive as of late 2026 bookworm has only intel-gpu-tools 1.27.1,
# bookworm-backports none, trixie intel-gpu-tools 2.0, and forky and sid
# igt-gpu-tools 2.5, split into tools and -tests).  Newer suites
# are reached through mmdebstrap's own private apt configuration; the
# system's apt sources are not touched.
set -euo pipefail
ARCH=${1:-${ARCH:-x86_64}}
export ARCH
. "$(dirname "$0")/common.sh"

suite=${IGT_SUITE:-forky}
mirror=${IGT_MIRROR:-http://deb.debian.org/debian}
keyring=/usr/share/keyrings/debian-archive-keyring.gpg
# Debian builds igt-gpu-tools for x86 only (no arm64 package in any
# suite), so an arm64 guest would need IGT built from source.
case $ARCH in
x86_64) darch=amd64 ;;
*)      die "no Debian IGT package for $ARCH: igt-gpu-tools is built for amd64/i386 only" ;;
esac
# What goes into the image besides the Essential:yes set (bash, coreutils,
# dpkg, util-linux's basics...): IGT, kmod for the module tests, and
# busybox for mount, poweroff, dmesg, ps... (mount is not essential).
pkgs=igt-gpu-tools,igt-gpu-tools-tests,kmod,busybox-static
# Never needed in the guest: dropped from the tree after installation.
# (igt-gpu-tools depends on python3 for its code-coverage scripts only.)
purge_globs=('python3*' 'libpython3*' perl 'perl-modules-*' 'libperl5*')

out=$CACHE/igt-rootfs-$ARCH
cpio_gz=$out/igt-rootfs.cpio.gz
init_sh=$TOP/scripts/igt-init.sh
tree_key=$(cat "$0" <(echo "$suite $mirror $darch") | sha256sum | cut -d' ' -f1)
cpio_key=$(cat "$0" "$init_sh" <(echo "$suite $mirror $darch") | sha256sum | cut -d' ' -f1)
mkdir -p "$out"

if [ -z "${FORCE:-}" ] && [ -s "$cpio_gz" ] && [ -s "$out/igt-version.txt" ] &&
   [ "$(cat "$out/cpio.key" 2>/dev/null)" = "$cpio_key" ]; then
	log "IGT rootfs for $ARCH is up to date ($(cut -f1-2 -d' ' "$out/igt-version.txt" | head -1))"
	echo "$cpio_gz"
	exit 0
fi

exec 9>"$out/lock"
flock 9

start=$(date +%s)
if [ -n "${FORCE:-}" ] || [ ! -d "$out/rootfs" ] ||
   [ "$(cat "$out/tree.key" 2>/dev/null)" != "$tree_key" ]; then
	command -v mmdebstrap >/dev/null ||
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq mmdebstrap >/dev/null ||
		die "mmdebstrap is missing (apt-get install mmdebstrap)"
	rm -rf "$out/rootfs" "$out/rootfs.new" "$out/tree.key" "$out/cpio.key"
	# The Essential:yes set (bash, coreutils, dpkg, ...) plus our packages,
	# installed by dpkg in a chroot.
	variant=(--variant=essential --include="$pkgs")
	log "mmdebstrap $suite/$darch: $pkgs (log: $out/mmdebstrap.log)"
	# Documentation, manual pages and translations are not unpacked.
	# The archive reached from here may be a frozen mirror whose Release
	# files are past their Valid-Until: accept them, as the host's apt does.
	if ! nice -n 19 mmdebstrap --mode=root --format=directory \
		--architectures="$darch" "${variant[@]}" \
		--keyring="$keyring" \
		--aptopt='Acquire::Check-Valid-Until "false"' \
		--aptopt='Acquire::Check-Date "false"' \
		--dpkgopt='path-exclude=/usr/share/doc/*' \
		--dpkgopt='path-exclude=/usr/share/man/*' \
		--dpkgopt='path-exclude=/usr/share/info/*' \
		--dpkgopt='path-exclude=/usr/share/locale/*' \
		--dpkgopt='path-exclude=/usr/share/lintian/*' \
		--dpkgopt='path-exclude=/usr/share/bash-completion/*' \
		--dpkgopt='path-exclude=/usr/share/zsh/*' \
		--dpkgopt='path-exclude=/usr/libexec/igt-gpu-tools/intel-ci-tests/*' \
		--skip=check/signed-by \
		"$suite" "$out/rootfs.new" \
		"deb [signed-by=$keyring] $mirror $suite main" \
		>"$out/mmdebstrap.log" 2>&1; then
		tail -n 30 "$out/mmdebstrap.log" >&2
		die "mmdebstrap failed; log: $out/mmdebstrap.log"
	fi
	r=$out/rootfs.new
	# The exact versions, from dpkg's database.
	dpkg-query --admindir="$r/var/lib/dpkg" -W \
		-f '${Package} ${Version} ${Architecture}\n' \
		igt-gpu-tools igt-gpu-tools-tests > "$out/igt-version.txt.new" ||
		die "no IGT package in the tree"
	# Purge what the guest never runs (dependencies forced).
	mapfile -t purge < <(for g in "${purge_globs[@]}"; do
		dpkg-query --admindir="$r/var/lib/dpkg" -W \
			-f '${Package} ${db:Status-Status}\n' "$g" 2>/dev/null |
			awk '$2 == "installed" { print $1 }'
	done)
	if [ ${#purge[@]} -gt 0 ]; then
		log "purging ${purge[*]}"
		chroot "$r" dpkg --purge --force-depends --force-remove-essential \
			"${purge[@]}" >>"$out/mmdebstrap.log" 2>&1 ||
			die "dpkg --purge failed; log: $out/mmdebstrap.log"
	fi
	echo "suite $suite $mirror" >> "$out/igt-version.txt.new"
	# Not needed in a throw-away guest: package caches and lists, logs,
	# headers and pkgconfig files.
	rm -rf "$r"/var/cache/apt/* "$r"/var/lib/apt/lists/* "$r"/var/log/* \
		"$r"/usr/share/doc "$r"/usr/share/man "$r"/usr/share/locale \
		"$r"/usr/include "$r"/usr/lib/*/pkgconfig
	mv "$out/igt-version.txt.new" "$out/igt-version.txt"
	mv "$r" "$out/rootfs"
	echo "$tree_key" > "$out/tree.key"
	log "tree built in $(( $(date +%s) - start ))s: $(du -sh "$out/rootfs" | cut -f1)"
fi

# The archive: the tree plus /init and the few nodes the kernel wants
# before /init runs (the console).
r=$out/rootfs
install -m 0755 "$init_sh" "$r/init"
mkdir -p "$r/dev" "$r/proc" "$r/sys" "$r/tmp" "$r/run" "$r/mnt"
[ -e "$r/dev/console" ] || mknod -m 600 "$r/dev/console" c 5 1
[ -e "$r/dev/null" ] || mknod -m 666 "$r/dev/null" c 1 3
chmod 1777 "$r/tmp"
# Where the tests live, for /init and for the report.
testdir=$(cd "$r" && for d in usr/libexec/igt-gpu-tools usr/lib/*/igt-gpu-tools; do
	[ -x "$d/core_getversion" ] && { echo "/$d"; break; }; done)
[ -n "$testdir" ] || die "no core_getversion in the tree"
echo "$testdir" > "$r/etc/igt-testdir"
cp "$out/igt-version.txt" "$r/etc/igt-version"
log "packing $cpio_gz"
(cd "$r" && find . -xdev -print0 | LC_ALL=C sort -z |
	nice -n 19 cpio --quiet --null -o -H newc -R 0:0) |
	nice -n 19 gzip -6 > "$cpio_gz.new"
mv "$cpio_gz.new" "$cpio_gz"
echo "$cpio_key" > "$out/cpio.key"
log "IGT rootfs for $ARCH: $(du -h "$cpio_gz" | cut -f1), $(head -1 "$out/igt-version.txt"), tests in $testdir, $(( $(date +%s) - start ))s"
echo "$cpio_gz"
