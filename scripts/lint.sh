#!/bin/bash
# Lint the series:
#  - scripts/checkpatch.pl --strict on every patch: nothing but the absent
#    Signed-off-by (the sender adds their own DCO sign-off) and
#    UNKNOWN_COMMIT_ID (the base is a tarball in one commit, with no history
#    in which checkpatch could find the sha of a Fixes: tag);
#  - kernel-doc -none -Wall on every .c and .h the series touches: no
#    warning that the base does not already have.
set -euo pipefail
. "$(dirname "$0")/common.sh"

wt=$(WORKTREE=$CACHE/work-lint$S bash "$TOP/scripts/apply.sh")
base=$CACHE/base
fail=0

log "checkpatch --strict"
for p in "$TOP"/series/[0-9][0-9][0-9][0-9]-*.patch; do
	case "$(basename "$p")" in 0000-*) continue ;; esac
	out=$(cd "$wt" && PATH=/usr/bin:$PATH ./scripts/checkpatch.pl --strict --terse --no-summary \
		--ignore MISSING_SIGN_OFF,UNKNOWN_COMMIT_ID --show-types "$p" 2>&1) || true
	if [ -n "$out" ]; then
		echo "$(basename "$p"):"
		echo "$out" | sed 's/^/    /'
		fail=1
	else
		echo "  ok   $(basename "$p")"
	fi
done

log "kernel-doc -none -Wall on the files the series touches"
kdoc() {	# $1 tree, $2 file: its warnings, without line numbers
	local tool=tools/docs/kernel-doc
	[ -e "$1/$tool" ] || tool=scripts/kernel-doc
	(cd "$1" && [ -e "$2" ] && "./$tool" -none -Wall "$2" 2>&1) |
		sed -E 's/:[0-9]+([ :])/:\1/; s/ line [0-9]+/ line/' | sort -u || true
}
files=$(git -C "$wt" diff --name-only --diff-filter=AM base HEAD -- '*.c' '*.h')
for f in $files; do
	new=$(comm -13 <(kdoc "$base" "$f") <(kdoc "$wt" "$f"))
	if [ -n "$new" ]; then
		echo "$f:"
		echo "$new" | sed 's/^/    /'
		fail=1
	else
		echo "  ok   $f"
	fi
done

[ $fail -eq 0 ] || die "lint found problems"
log "lint clean"
