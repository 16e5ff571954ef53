#!/bin/bash
# Prove the series bisectable: after each patch, build the objects of the
# .c files it touches (and, with FULL=1, the whole kernel) for $ARCH.
set -euo pipefail
. "$(dirname "$0")/common.sh"

out=$CACHE/build-bisect$S-$ARCH
wt=$CACHE/work-bisect$S
export CCACHE_DIR=${CCACHE_DIR:-$CACHE/ccache}
case $ARCH in
x86_64) mk=(ARCH=x86_64 "CC=ccache gcc") ;;
arm64)  mk=(ARCH=arm64 CROSS_COMPILE=aarch64-linux-gnu- "CC=ccache aarch64-linux-gnu-gcc") ;;
esac

mapfile -t patches < <(ls "$TOP"/series/[0-9][0-9][0-9][0-9]-*.patch | grep -v /0000-)
# Configure once, with every option of the final series (after all patches).
WORKTREE=$wt bash "$TOP/scripts/apply.sh" >/dev/null
mkdir -p "$out"
cat "$TOP/kunit/kunitconfig" "$TOP/kunit/kunitconfig.debug" \
    "$TOP/kunit/kunitconfig.$ARCH" > "$out/kunitconfig.in"
python3 "$wt/tools/testing/kunit/kunit.py" config --build_dir "$out" \
	--kunitconfig "$out/kunitconfig.in" --arch "$ARCH" \
	$([ "$ARCH" = arm64 ] && echo --cross_compile aarch64-linux-gnu-) \
	>"$out/config.log" 2>&1 || die "configuring failed, see $out/config.log"

# Back to the base, then one patch at a time on top of the last (git am in
# the work tree itself): applying the first i patches afresh for every i
# took minutes of a cold CI run.
UPTO=0 WORKTREE=$wt bash "$TOP/scripts/apply.sh" >/dev/null
for i in "${!patches[@]}"; do
	if ! git -C "$wt" -c user.name=workbench -c user.email=workbench@localhost \
		am -q --committer-date-is-author-date "${patches[$i]}" \
		>/dev/null 2>"$out/am.err"; then
		cat "$out/am.err" >&2
		git -C "$wt" am --abort >/dev/null 2>&1 || true
		die "$(basename "${patches[$i]}") does not apply"
	fi
	objs=$(git -C "$wt" diff --name-only --diff-filter=AM HEAD~1 HEAD -- '*.c' |
	       grep -v '^tools/' | sed 's/\.c$/.o/' || true)
	targets=${objs:-prepare}
	[ -n "${FULL:-}" ] && targets=all
	if ! make -C "$wt" O="$out" "${mk[@]}" -j"$(nproc)" -s $targets \
			>"$out/build.log" 2>&1; then
		grep -E "error|Error" "$out/build.log" | head -20 >&2
		die "build fails after $(basename "${patches[$i]}")"
	fi
	what="$(echo $targets | wc -w) kernel targets"
	# The userspace test builds from the patch that fixes it on: run it for
	# patches to it, and then for patches to what it tests.
	changed=$(git -C "$wt" diff --name-only HEAD~1 HEAD)
	if echo "$changed" | grep -q '^tools/testing/scatterlist/\|^tools/include/' ||
	   { [ -n "${ut_ok:-}" ] && echo "$changed" | grep -q 'scatterlist\.[ch]$'; }; then
		if ! bash "$TOP/scripts/scatterlist-test.sh" "$wt" "$out/ut.log" >/dev/null; then
			tail -n 20 "$out/ut.log" >&2
			die "tools/testing/scatterlist fails after $(basename "${patches[$i]}")"
		fi
		ut_ok=1
		what+=", tools/testing/scatterlist built and run"
	fi
	echo "  builds  $(basename "${patches[$i]}")  ($what)"
done
