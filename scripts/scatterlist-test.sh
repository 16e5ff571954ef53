#!/bin/bash
# Build and run tools/testing/scatterlist (the real lib/scatterlist.c and
# lib/xarray.c in userspace, with ASan and UBSan) in the kernel tree $1,
# logging to $2, and clean up after it.  Prints "PASSED FAILED": the cases
# its summary lines count; a build failure or a run that stops before its
# summary counts as one failure.  Exits non-zero if anything failed.
set -uo pipefail
ut=$1/tools/testing/scatterlist
log=$2

make -s -C "$ut" clean >/dev/null 2>&1
rc=0
{ make -s -C "$ut" >/dev/null && (cd "$ut" && ./main); } >"$log" 2>&1 || rc=$?
make -s -C "$ut" clean >/dev/null 2>&1

passed=0 failed=0
while read -r _ a b c _; do
	case "$b $c" in
	"cases passed") passed=$((passed + a)) ;;
	"of "*) passed=$((passed + a)); failed=$((failed + c - a)) ;;
	esac
done < <(grep -E '^sg_alloc_table_from_[a-z]+: [0-9]+ ' "$log")
[ $rc -ne 0 ] && [ $failed -eq 0 ] && failed=1
echo "$passed $failed"
[ $failed -eq 0 ]
