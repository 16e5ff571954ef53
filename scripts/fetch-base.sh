#!/bin/bash
# Fetch Linux 7.3.4 as Debian ships it (binary package linux-source-7.3),
# check it, and keep it unpacked as a git repository with one base commit.
#
#   BASE_TARBALL=/path/linux-source-7.3.tar.xz   use a local tarball instead
#
# Output: $CACHE/base (git repository, branch "base"); prints nothing else
# on success but the path.
set -euo pipefail
. "$(dirname "$0")/common.sh"

want_ver=7.3.4-1~bpo13+1
deb_sha=703e369ddd4cce971452f5a593ee55df3a5c10c83caf0fa0df039633ed181ee3
tar_sha=76df1affb19f24926949369be1d74b60071c963c598ce8780bddd4bbf0fc3bc4
base=$CACHE/base

if [ -e "$base/.git/base-ok" ]; then
	echo "$base"
	exit 0
fi

dl=$CACHE/download
mkdir -p "$dl"
tarball=${BASE_TARBALL:-}
if [ -z "$tarball" ]; then
	# A private apt configuration: the machine's own is left untouched.
	apt=$dl/apt
	mkdir -p "$apt/lists/partial" "$apt/archives/partial" "$apt/parts"
	echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg]" \
	     "http://deb.debian.org/debian trixie-backports main" \
		> "$apt/sources.list"
	aptopts=(-o Dir::Etc::SourceList="$apt/sources.list"
		 -o Dir::Etc::SourceParts="$apt/parts"
		 -o Dir::State::Lists="$apt/lists"
		 -o Dir::Cache="$apt"
		 -o Dir::State::Status=/var/lib/dpkg/status
		 -o APT::Get::List-Cleanup=0)
	log "updating private apt lists (trixie-backports)"
	apt-get -q "${aptopts[@]}" update >"$dl/apt-update.log" 2>&1 ||
		die "apt-get update failed, see $dl/apt-update.log"
	ver=$want_ver
	if ! apt-cache "${aptopts[@]}" show "linux-source-7.3=$want_ver" >/dev/null 2>&1; then
		ver=$(apt-cache "${aptopts[@]}" madison linux-source-7.3 |
		      awk '{print $3}' | sort -V | tail -n1)
		[ -n "$ver" ] || die "no linux-source-7.3 package is offered"
		warn "linux-source-7.3 $want_ver is no longer offered;" \
		     "USING $ver INSTEAD: the series was made for $want_ver"
	fi
	(cd "$dl" && apt-get -q "${aptopts[@]}" download "linux-source-7.3=$ver") \
		>"$dl/apt-download.log" 2>&1 ||
		die "apt-get download failed, see $dl/apt-download.log"
	deb=$(ls "$dl"/linux-source-7.3_*.deb | head -n1)
	if [ "$ver" = "$want_ver" ]; then
		echo "$deb_sha  $deb" | sha256sum -c --quiet - ||
			die "sha256 of $deb does not match"
	fi
	rm -rf "$dl/x"
	mkdir -p "$dl/x"
	dpkg-deb -x "$deb" "$dl/x"
	tarball=$(ls "$dl"/x/usr/src/linux-source-7.3.tar.xz)
	if [ "$ver" = "$want_ver" ]; then
		echo "$tar_sha  $tarball" | sha256sum -c --quiet - ||
			die "sha256 of $tarball does not match"
	fi
else
	warn "using the local tarball $tarball (BASE_TARBALL); not checked"
fi

log "unpacking $(basename "$tarball")"
rm -rf "$base.tmp"
mkdir -p "$base.tmp"
tar -C "$base.tmp" --strip-components=1 -xf "$tarball"
rm -rf "$dl/x"
cd "$base.tmp"
# Debian's tarball ignores everything at the top level ("/*"): a file added
# by a patch would silently be left out of the commits.  Drop that rule.
sed -i '\#^/\*$#d' .gitignore
git init -q -b base
git add -A -f .
GIT_AUTHOR_DATE="2026-01-01 00:00:00 +0000" \
GIT_COMMITTER_DATE="2026-01-01 00:00:00 +0000" \
    git -c user.name=base -c user.email=base@localhost \
    commit -q -m "Linux 7.3.4 (Debian linux-source-7.3 ${ver:-local})"
touch .git/base-ok
cd /
mv "$base.tmp" "$base"
echo "$base"
