#!/bin/bash
# Build the KUnit kernel for $ARCH from kunit/kunitconfig (and
# kunit/kunitconfig.$ARCH) in the work tree given as $1.
# Output directory: $CACHE/build-$ARCH.  ccache lives in $CACHE/ccache.
set -euo pipefail
. "$(dirname "$0")/common.sh"

wt=$1
out=${BUILD_DIR:-$CACHE/build-$ARCH}
mkdir -p "$out"
export CCACHE_DIR=${CCACHE_DIR:-$CACHE/ccache}
export CCACHE_BASEDIR=$wt
ccache -M 20G >/dev/null

cfg=$out/kunitconfig.in
cat "$TOP/kunit/kunitconfig" > "$cfg"
[ -e "$TOP/kunit/kunitconfig.$ARCH" ] && cat "$TOP/kunit/kunitconfig.$ARCH" >> "$cfg"

opts=(--build_dir "$out" --kunitconfig "$cfg" --arch "$ARCH" --jobs "$(nproc)")
case $ARCH in
x86_64) opts+=(--make_options "CC=ccache gcc") ;;
arm64)  opts+=(--cross_compile aarch64-linux-gnu-
	       --make_options "CC=ccache aarch64-linux-gnu-gcc") ;;
esac
# Reproducible version strings keep ccache hits across runs.
export KBUILD_BUILD_TIMESTAMP="1970-01-01" KBUILD_BUILD_USER=kunit \
       KBUILD_BUILD_HOST=workbench KBUILD_BUILD_VERSION=1
log "building $ARCH kernel in $out"
start=$(date +%s)
if ! python3 "$wt/tools/testing/kunit/kunit.py" build "${opts[@]}" \
		>"$out/build.log" 2>&1; then
	grep -E "error:|Error [0-9]|ERROR:|not in .config|missing" "$out/build.log" | head -40 >&2 || true
	tail -n 20 "$out/build.log" >&2
	die "kernel build failed ($ARCH), see $out/build.log"
fi
log "built in $(( $(date +%s) - start ))s"
echo "$out"
