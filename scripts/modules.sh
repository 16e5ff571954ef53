#!/bin/bash
# make modules: build the code the series touches as modules, so that
# modpost checks every symbol a module takes from the kernel or from another
# module: a function a test or a driver calls without an EXPORT_SYMBOL*()
# links in the built-in kernel of make check, and fails here.
#
# Work tree $CACHE/work-modules$S, build directory
# $CACHE/build-modules$S-$ARCH (kept: re-runs are incremental), ccache
# $CACHE/ccache.  Configured from kunit/kunitconfig and kunit/kunitconfig.$ARCH
# (not kunitconfig.debug: no KASAN, no lockdep), with CONFIG_MODULES=y and
# the options below as modules; the DRM helpers they select (TTM, the shmem
# helper) follow as modules and are checked too.
set -euo pipefail
. "$(dirname "$0")/common.sh"

out=$CACHE/build-modules$S-$ARCH
wt=$(WORKTREE=$CACHE/work-modules$S bash "$TOP/scripts/apply.sh")
mkdir -p "$out"
export CCACHE_DIR=${CCACHE_DIR:-$CACHE/ccache}
export CCACHE_BASEDIR=$wt
ccache -M 20G >/dev/null
# Reproducible version strings keep ccache hits across runs (as build.sh).
export KBUILD_BUILD_TIMESTAMP="1970-01-01" KBUILD_BUILD_USER=kunit \
       KBUILD_BUILD_HOST=workbench KBUILD_BUILD_VERSION=1
case $ARCH in
x86_64) cc="ccache gcc"; mk=(ARCH=x86_64 "CC=$cc") ;;
arm64)  cc="ccache aarch64-linux-gnu-gcc"
	mk=(ARCH=arm64 CROSS_COMPILE=aarch64-linux-gnu- "CC=$cc") ;;
esac

# Options set to =m in the kunitconfig.  A bool option (a test that links
# into its driver's module, like DRM_PANFROST_KUNIT_TEST) cannot be m: it is
# set to y, and its code is then part of that module.
as_modules=(DRM DRM_KUNIT_TEST DRM_TTM_KUNIT_TEST DRM_PANFROST DRM_LIMA
	    DRM_PANFROST_KUNIT_TEST DRM_LIMA_KUNIT_TEST SCATTERLIST_KUNIT_TEST)
# Options that must follow as modules (selected by the ones above).
followers=(DRM_TTM DRM_GEM_SHMEM_HELPER DRM_KUNIT_TEST_HELPERS)

ktype() {	# the Kconfig type of option $1 in the work tree: bool/tristate
	git -C "$wt" grep -h -A4 -E "^(menu)?config $1\$" -- '*Kconfig*' |
		sed -nE 's/^[[:space:]]+(bool|tristate|def_bool|def_tristate)([[:space:]].*)?$/\1/p' |
		sed 's/^def_//' | head -n1
}
declare -A want
for o in "${as_modules[@]}"; do
	t=$(ktype "$o")
	case $t in
	tristate) want[$o]=m ;;
	bool) want[$o]=y
	      log "CONFIG_$o is a bool: =y, built into the module of the driver it tests" ;;
	*) die "CONFIG_$o: no such option in the work tree's Kconfig files" ;;
	esac
done
for o in "${followers[@]}"; do want[$o]=m; done

cfg=$out/kunitconfig.in
pat=$(IFS='|'; echo "${as_modules[*]}")
{
	cat "$TOP/kunit/kunitconfig"
	[ -e "$TOP/kunit/kunitconfig.$ARCH" ] && cat "$TOP/kunit/kunitconfig.$ARCH"
} | grep -vE "^(# )?CONFIG_($pat)[= ]" > "$cfg.tmp"
{
	cat "$cfg.tmp"
	echo "# make modules (scripts/modules.sh)"
	echo "# What allnoconfig turns off and the kunitconfig relies on the"
	echo "# defaults for: the block layer for zram, the test menu."
	echo "CONFIG_BLOCK=y"
	echo "CONFIG_SYSFS=y"
	echo "CONFIG_BLK_DEV=y"
	echo "CONFIG_RUNTIME_TESTING_MENU=y"
	echo "CONFIG_MODULES=y"
	echo "CONFIG_MODULE_UNLOAD=y"
	for o in "${as_modules[@]}"; do echo "CONFIG_$o=${want[$o]}"; done
} > "$cfg"
rm -f "$cfg.tmp"

# On top of allnoconfig, not of the defaults kunit.py starts from: vmlinux
# then holds little besides what the modules need (1147 objects instead of
# 1596; 394 s instead of 465 s from a cold cache).
log "configuring $out (modules, allnoconfig + $cfg)"
rm -f "$out/.config"
if ! make -C "$wt" O="$out" "${mk[@]}" KCONFIG_ALLCONFIG="$cfg" allnoconfig \
		>"$out/config.log" 2>&1; then
	tail -n 20 "$out/config.log" >&2
	die "configuring failed, see $out/config.log"
fi
# Check that every option of the kunitconfig made it into .config (as
# kunit.py would), and what this build is for, followers included.
bad=0
while IFS= read -r l; do
	case $l in
	CONFIG_*=*)
		grep -qxF "$l" "$out/.config" ||
			{ echo "!!! $l: .config has: $(grep -E "^(# )?${l%%=*}[= ]" "$out/.config" || echo nothing)" >&2; bad=1; } ;;
	esac
done < "$cfg"
for o in MODULES "${!want[@]}"; do
	w=${want[$o]:-y}
	got=$(grep -E "^(# )?CONFIG_$o[= ]" "$out/.config" || true)
	if [ "$got" != "CONFIG_$o=$w" ]; then
		echo "!!! CONFIG_$o: want =$w, .config has: ${got:-nothing}" >&2
		bad=1
	fi
done
[ $bad -eq 0 ] || die "the module build is not configured as intended ($out/.config)"

log "building vmlinux and modules ($ARCH) in $out"
start=$(date +%s)
if ! make -C "$wt" O="$out" "${mk[@]}" -j"$(nproc)" vmlinux modules \
		>"$out/build.log" 2>&1; then
	echo "--- modpost / link errors:" >&2
	grep -E "^(ERROR|WARNING): modpost:|undefined reference|undefined!" \
		"$out/build.log" >&2 || true
	echo "--- compiler / make errors:" >&2
	grep -E "error:|Error [0-9]+|\*\*\*" "$out/build.log" | head -n 40 >&2 || true
	die "module build failed ($ARCH) after $(( $(date +%s) - start ))s, see $out/build.log"
fi
secs=$(( $(date +%s) - start ))

# modpost's warnings (section mismatches, unresolved symbols of a tolerant
# build) count as failures too: "clean" means none at all.
warns=$(grep -E "^WARNING: modpost:" "$out/build.log" || true)
if [ -n "$warns" ]; then
	echo "$warns" >&2
	die "modpost warned ($(echo "$warns" | wc -l) lines), see $out/build.log"
fi

# Where every .c of the series ended up: in which module, or built in.
# A file that was not built at all means the configuration misses it.
mods=$(sed 's/\.o$//' "$out/modules.order")
nko=0 missing=0
for m in $mods; do
	if [ -e "$out/$m.ko" ]; then nko=$((nko + 1)); else
		echo "!!! $m.ko is in modules.order but was not built" >&2; missing=1
	fi
done
[ $missing -eq 0 ] || die "modules missing from $out"
for f in $(git -C "$wt" diff --name-only --diff-filter=AM base HEAD -- '*.c' | grep -v '^tools/'); do
	o=${f%.c}.o
	if [ ! -e "$out/$o" ]; then
		echo "!!! $f was not built: no $o" >&2
		missing=1
		continue
	fi
	in=$(cd "$out" && for m in $mods; do
		if [ -e "$m.mod" ] && grep -qxF "$o" "$m.mod"; then
			echo "$(basename "$m").ko"
		fi
	done | paste -sd, -)
	echo "  built  $f -> ${in:-built-in (vmlinux)}"
done
[ $missing -eq 0 ] || die "the configuration leaves out files the series changes"
log "built in ${secs}s"
echo "modules: $nko .ko built, modpost clean"
