#!/bin/bash
# make check: apply the series to the pristine base, build the KUnit kernel
# for $ARCH, boot it under QEMU (TCG) and judge the result.
# make run: the same, with a summary for a newcomer (RUN=1).
set -euo pipefail
. "$(dirname "$0")/common.sh"

bash "$TOP/scripts/deps.sh"
# The series, then the software model of a Mali GPU (model/, test only,
# with kunit/kunitconfig.model), which the userspace tests in the
# initramfs run Panfrost against.
export MODEL=1
wt=$(bash "$TOP/scripts/apply.sh")

# tools/testing/scatterlist: the real lib/scatterlist.c in userspace.
log "tools/testing/scatterlist (userspace, ASan/UBSan)"
ut_log=$CACHE/scatterlist-userspace$S-$ARCH.log
read -r ut_pass ut_fail < <(bash "$TOP/scripts/scatterlist-test.sh" "$wt" "$ut_log")
[ "$ut_fail" -eq 0 ] || tail -n 20 "$ut_log" >&2
out=$(FLAVOUR=${RUN:+run} bash "$TOP/scripts/build.sh" "$wt")
log=$out/console.log
# kunit/suites, or kunit/suites.$ARCH where an architecture runs fewer.
list=$TOP/kunit/suites
[ -e "$list.$ARCH" ] && list=$list.$ARCH
suites=$(grep -v '^#' "$list" | grep . | paste -sd, -)
bash "$TOP/scripts/boot.sh" "$out" "$suites" "$log"
echo "=== $ARCH results"
rc=0
python3 "$TOP/scripts/report.py" "$wt/tools/testing/kunit/kunit.py" "$log" \
	"$list" ${RUN:+--verbose} \
	--extra "tools/testing/scatterlist:$ut_pass:$ut_fail" || rc=$?
if [ -n "${RUN:-}" ]; then
	python3 "$TOP/scripts/summary.py" "$log" || true
fi
exit $rc
