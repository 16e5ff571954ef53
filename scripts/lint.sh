#!/bin/bash
# Lint the series:
#  - scripts/checkpatch.pl --strict on every patch: nothing but the absent
#    Signed-off-by (the sender adds their own DCO sign-off);
#  - kernel-doc -none -Wall on every .c and .h the series touches: no
#    warning that the base does not already have;
#  - every ".. kernel-doc::" with ":doc: NAME" in the .rst files the series
#    touches renders something (kernel-doc -rst for that DOC section).
set -euo pipefail
. "$(dirname "$0")/common.sh"

wt=$(WORKTREE=$CACHE/work-lint$S bash "$TOP/scripts/apply.sh")
base=$CACHE/base
fail=0

# checkpatch --strict on every patch.  Three checks are replaced:
#  - MISSING_SIGN_OFF: the sender adds their own DCO sign-off;
#  - UNKNOWN_COMMIT_ID: the base is a release tarball without git history,
#    so no Fixes: sha can be looked up (each one is checked by hand);
#  - FILE_PATH_CHANGES ("does MAINTAINERS need updating?", for any added
#    file): instead, every file a patch adds must be in a MAINTAINERS
#    section other than THE REST, per get_maintainer.pl on the tree with
#    the series applied.
log "checkpatch --strict"
for p in "$TOP"/series/[0-9][0-9][0-9][0-9]-*.patch; do
	case "$(basename "$p")" in 0000-*) continue ;; esac
	out=$(cd "$wt" && PATH=/usr/bin:$PATH ./scripts/checkpatch.pl --strict --terse --no-summary \
		--ignore MISSING_SIGN_OFF,UNKNOWN_COMMIT_ID,FILE_PATH_CHANGES \
		--show-types "$p" 2>&1) || true
	for added in $(sed -n 's|^+++ b/||p' <(grep -A3 '^new file mode' "$p")); do
		m=$(cd "$wt" && PATH=/usr/bin:$PATH ./scripts/get_maintainer.pl --no-git \
			--no-git-fallback --sections -f "$added" 2>/dev/null |
			grep -v -e '^[[:space:]]*[A-Z]:' -e '^THE REST$' | grep . || true)
		[ -n "$m" ] || out+="${out:+$'\n'}$added: added file in no MAINTAINERS section"
	done
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

# A ".. kernel-doc:: FILE" directive with ":doc: NAME" renders the
# "DOC: NAME" comment of FILE; if that comment is not a kernel-doc comment
# (it opens with "/*" instead of "/**"), or has another title, the
# documentation silently shows nothing there.  For every such reference in
# the .rst files the series touches, the output of kernel-doc -rst for that
# DOC section must not be empty (unless it is empty in the base too).
log "kernel-doc :doc: references in the .rst files the series touches"
docrefs() {	# $1: an .rst file; prints LINE<tab>FILE<tab>NAME per :doc:
	awk '/^[ \t]*\.\. kernel-doc::/ {
		p = $0; sub(/^[ \t]*\.\. kernel-doc::[ \t]*/, "", p)
		sub(/[ \t]+$/, "", p); opt = 1; ln = FNR; next
	}
	opt && /^[ \t]+:[A-Za-z_-]+:/ {
		if (match($0, /^[ \t]+:doc:[ \t]*/)) {
			n = substr($0, RLENGTH + 1); sub(/[ \t]+$/, "", n)
			print ln "\t" p "\t" n
		}
		next
	}
	{ opt = 0 }' "$1"
}
kdoc_doc() {	# $1 tree, $2 file, $3 DOC name: the rst kernel-doc renders
	local tool=tools/docs/kernel-doc
	[ -e "$1/$tool" ] || tool=scripts/kernel-doc
	(cd "$1" && [ -e "$2" ] && "./$tool" -rst -function "$3" "$2" 2>/dev/null) |
		grep -v '^[[:space:]]*$' || true
}
rsts=$(git -C "$wt" diff --name-only --diff-filter=AM base HEAD -- 'Documentation/*.rst')
for r in $rsts; do
	while IFS=$'\t' read -r ln f name; do
		ref="$r:$ln: $f, DOC: $name"
		if [ ! -e "$wt/$f" ]; then
			echo "$ref:"
			echo "    no such file: $f"
			fail=1
		elif [ -n "$(kdoc_doc "$wt" "$f" "$name")" ]; then
			echo "  ok   $ref"
		elif [ -e "$base/$r" ] && grep -qF ":doc: $name" "$base/$r" &&
		     [ -z "$(kdoc_doc "$base" "$f" "$name")" ]; then
			echo "  ok   $ref (renders nothing in the base already)"
		else
			echo "$ref:"
			echo "    renders nothing: no kernel-doc comment \"/**\" with \"DOC: $name\" in $f"
			fail=1
		fi
	done < <(docrefs "$wt/$r")
done

[ $fail -eq 0 ] || die "lint found problems"
log "lint clean"
