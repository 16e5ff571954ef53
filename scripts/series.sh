#!/bin/bash
# series.sh tree   : make $CACHE/tree, a git work tree with the series
#                    applied as commits on branch "series" (for editing)
# series.sh export : regenerate series/ from that work tree, stably
# series.sh model  : regenerate model/ (the test-only software model of a
#                    Mali GPU, applied after the series by make check) from
#                    branch "model" of that work tree, on top of "series"
set -euo pipefail
. "$(dirname "$0")/common.sh"

tree=${TREE:-$CACHE/tree$S}
br=series$S
author="Sparse GEM Workbench <sparse-gem@localhost>"

cover_body() {	# the hand-written part of the cover letter
	awk 'hdr && /^$/ { hdr = 0; body = 1; next }
	     NR == 1 { hdr = 1 }
	     hdr && /^Subject: / { sub(/^Subject: \[PATCH[^]]*\] /, ""); subj = $0 }
	     body && /^[^ ].* \([0-9]+\):$/ { exit }
	     body { print }
	     END { }' "$1" | sed -e :a -e '/^\n*$/{$d;N;ba' -e '}'
}
cover_subject() {	# unfolded: a long Subject: goes on indented lines
	awk '/^Subject: / { s = $0; in_subj = 1; next }
	     in_subj && /^[ \t]/ { s = s $0; next }
	     in_subj { print s; exit }' "$1" |
		sed 's/^Subject: \[PATCH[^]]*\] //'
}

case ${1:-} in
tree)
	base=$(bash "$TOP/scripts/fetch-base.sh")
	if [ -e "$tree/.git" ]; then
		if [ -n "$(git -C "$tree" status --porcelain)" ] && [ -z "${FORCE:-}" ]; then
			die "$tree has uncommitted changes; commit them, or FORCE=1"
		fi
		git -C "$base" worktree remove --force "$tree"
	fi
	git -C "$base" worktree prune
	git -C "$base" worktree add -q -B "$br" "$tree" base
	cd "$tree"
	for p in "$TOP"/series/[0-9][0-9][0-9][0-9]-*.patch; do
		case "$(basename "$p")" in 0000-*) continue ;; esac
		git -c user.name=workbench -c user.email=workbench@localhost \
			am -q --committer-date-is-author-date "$p" ||
			die "patch does not apply: $(basename "$p")"
	done
	c=$TOP/series/0000-cover-letter.patch
	if [ -e "$c" ]; then
		desc=$(cover_subject "$c"; echo; cover_body "$c")
		git config "branch.$br.description" "$desc"
	fi
	log "$tree: $(git rev-list --count base..HEAD) commits on base"
	echo "$tree"
	;;
export)
	[ -e "$tree/.git" ] || die "no work tree at $tree: run make tree first"
	cd "$tree"
	if [ "$(git symbolic-ref -q --short HEAD)" = "$br" ] &&
	   [ -n "$(git status --porcelain --untracked-files=no)" ]; then
		die "$tree has uncommitted changes: commit them first"
	fi
	tmp=$(mktemp -d)
	trap 'rm -rf "$tmp"' EXIT
	git -c core.abbrev=12 -c diff.noprefix=false -c format.signature= \
	    -c user.name="${author% <*}" -c user.email=sparse-gem@localhost \
	    format-patch -q -o "$tmp" --zero-commit --no-signature \
		--cover-letter --cover-from-description=subject \
		--subject-prefix=PATCH "base..$br"
	# The cover letter carries the date of its first patch, not today's.
	d=$(sed -n 's/^Date: //p' "$tmp"/0001-*.patch | head -n1)
	sed -i "s/^Date: .*/Date: $d/; s/^From: .*/From: $author/" \
		"$tmp"/0000-cover-letter.patch
	rm -f "$TOP"/series/*.patch
	mkdir -p "$TOP/series"
	cp "$tmp"/*.patch "$TOP/series/"
	log "exported $(ls "$tmp" | wc -l) files to series/"
	;;
model)
	[ -e "$tree/.git" ] || die "no work tree at $tree: run make tree first"
	tmp=$(mktemp -d)
	trap 'rm -rf "$tmp"' EXIT
	git -C "$tree" -c core.abbrev=12 -c diff.noprefix=false \
	    -c format.signature= format-patch -q -o "$tmp" --zero-commit \
		--no-signature --subject-prefix="TEST ONLY" "$br..model$S"
	rm -f "$TOP"/model/*.patch
	mkdir -p "$TOP/model"
	cp "$tmp"/*.patch "$TOP/model/"
	log "exported $(ls "$tmp" | wc -l) files to model/"
	;;
*)
	echo "usage: $0 tree|export|model" >&2
	exit 2 ;;
esac
