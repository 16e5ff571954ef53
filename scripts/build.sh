#!/bin/bash
# Build the KUnit kernel for $ARCH in the work tree given as $1, from
# kunit/kunitconfig, kunit/kunitconfig.$ARCH and, unless FLAVOUR=run,
# kunit/kunitconfig.debug.  Output directory: $CACHE/build-$ARCH (make
# check) or $CACHE/build-$ARCH-run (make run).  ccache: $CACHE/ccache.
# FLAVOUR=igt (make igt; BUILD_DIR required): the same without the KUnit
# options (kunit/kunitconfig's lines naming KUNIT), plus
# kunit/kunitconfig.igt, so that the pristine base, which lacks the series'
# test options, builds from exactly the same configuration as the series.
set -euo pipefail
. "$(dirname "$0")/common.sh"

wt=$1
flavour=${FLAVOUR:-check}
if [ "$flavour" = run ]; then
	out=${BUILD_DIR:-$CACHE/build$S-$ARCH-run}
elif [ "$flavour" = igt ]; then
	out=${BUILD_DIR:?FLAVOUR=igt needs BUILD_DIR}
else
	out=${BUILD_DIR:-$CACHE/build$S-$ARCH}
fi
mkdir -p "$out"
export CCACHE_DIR=${CCACHE_DIR:-$CACHE/ccache}
export CCACHE_BASEDIR=$wt
ccache -M 20G >/dev/null

cfg=$out/kunitconfig.in
if [ "$flavour" = igt ]; then
	grep -v KUNIT "$TOP/kunit/kunitconfig" > "$cfg"
	cat "$TOP/kunit/kunitconfig.igt" >> "$cfg"
else
	cat "$TOP/kunit/kunitconfig" > "$cfg"
fi
[ "$flavour" = run ] || cat "$TOP/kunit/kunitconfig.debug" >> "$cfg"
# MODEL=1: model/ was applied (scripts/apply.sh), turn it on.
[ -z "${MODEL:-}" ] || cat "$TOP/kunit/kunitconfig.model" >> "$cfg"
[ -e "$TOP/kunit/kunitconfig.$ARCH" ] && cat "$TOP/kunit/kunitconfig.$ARCH" >> "$cfg"

opts=(--build_dir "$out" --kunitconfig "$cfg" --arch "$ARCH" --jobs "$(nproc)")
case $ARCH in
x86_64) opts+=(--make_options "CC=ccache gcc") ;;
arm64)  opts+=(--cross_compile aarch64-linux-gnu-
	       --make_options "CC=ccache aarch64-linux-gnu-gcc") ;;
arm)    opts+=(--cross_compile arm-linux-gnueabihf-
	       --make_options "CC=ccache arm-linux-gnueabihf-gcc") ;;
esac
# Reproducible version strings keep ccache hits across runs.
export KBUILD_BUILD_TIMESTAMP="1970-01-01" KBUILD_BUILD_USER=kunit \
       KBUILD_BUILD_HOST=workbench KBUILD_BUILD_VERSION=1
log "building the $ARCH kernel ($flavour) in $out"
start=$(date +%s)
if ! python3 "$wt/tools/testing/kunit/kunit.py" build "${opts[@]}" \
		>"$out/build.log" 2>&1; then
	grep -E "error:|Error [0-9]|ERROR:|not in .config|missing" "$out/build.log" | head -40 >&2 || true
	tail -n 20 "$out/build.log" >&2
	die "kernel build failed ($ARCH), see $out/build.log"
fi
log "built in $(( $(date +%s) - start ))s"
echo "$out"
