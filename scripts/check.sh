#!/bin/bash
# make check: apply the series to the pristine base, build the KUnit kernel
# for $ARCH, boot it under QEMU (TCG) and judge the result.
# make run: the same, with a summary for a newcomer (RUN=1).
set -euo pipefail
. "$(dirname "$0")/common.sh"

bash "$TOP/scripts/deps.sh"
wt=$(bash "$TOP/scripts/apply.sh")

# tools/testing/scatterlist: the real lib/scatterlist.c in userspace.
ut=$wt/tools/testing/scatterlist
log "tools/testing/scatterlist (userspace, ASan/UBSan)"
make -s -C "$ut" clean >/dev/null 2>&1 || true
ut_rc=0
{ make -s -C "$ut" >/dev/null && (cd "$ut" && ./main); } \
	> "$CACHE/scatterlist-userspace-$ARCH.log" 2>&1 || ut_rc=$?
ut_pass=0 ut_fail=0
while read -r _ a b c _; do
	case "$b $c" in
	"cases passed") ut_pass=$((ut_pass + a)) ;;
	"of "*) ut_pass=$((ut_pass + a)); ut_fail=$((ut_fail + c - a)) ;;
	esac
done < <(grep -E '^sg_alloc_table_from_[a-z]+: [0-9]+ ' "$CACHE/scatterlist-userspace-$ARCH.log")
if [ $ut_rc -ne 0 ] && [ $ut_fail -eq 0 ]; then
	ut_fail=1	# it stopped before its summary: a crash or a failed case
fi
[ $ut_fail -eq 0 ] || tail -n 20 "$CACHE/scatterlist-userspace-$ARCH.log" >&2
make -s -C "$ut" clean >/dev/null 2>&1 || true
out=$(FLAVOUR=${RUN:+run} bash "$TOP/scripts/build.sh" "$wt")
log=$out/console.log
suites=$(grep -v '^#' "$TOP/kunit/suites" | grep . | paste -sd, -)
bash "$TOP/scripts/boot.sh" "$out" "$suites" "$log"
echo "=== $ARCH results"
rc=0
python3 "$TOP/scripts/report.py" "$wt/tools/testing/kunit/kunit.py" "$log" \
	"$TOP/kunit/suites" ${RUN:+--verbose} \
	--extra "tools/testing/scatterlist:$ut_pass:$ut_fail" || rc=$?
if [ -n "${RUN:-}" ]; then
	python3 "$TOP/scripts/summary.py" "$log" || true
fi
exit $rc
