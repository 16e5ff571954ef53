#!/bin/bash
# Apply series/*.patch (then $EXTRA_PATCHES/*.patch) with git am onto the
# pristine base, in the work tree $CACHE/work-$ARCH.  The work tree is kept
# between runs (so that make rebuilds only what changed) but reset to the
# base commit and cleaned first: what is built is exactly base + patches.
set -euo pipefail
. "$(dirname "$0")/common.sh"

base=$(bash "$TOP/scripts/fetch-base.sh")
wt=${WORKTREE:-$CACHE/work-$ARCH}
if [ ! -e "$wt/.git" ]; then
	rm -rf "$wt"
	git -C "$base" worktree prune
	git -C "$base" worktree add -q --detach "$wt" base
fi
cd "$wt"
git am --abort >/dev/null 2>&1 || true
git checkout -q --detach base
git reset -q --hard base
git clean -q -fdx

patches=()
for p in "$TOP"/series/[0-9][0-9][0-9][0-9]-*.patch; do
	[ -e "$p" ] || continue
	case "$(basename "$p")" in 0000-*) continue ;; esac
	patches+=("$p")
done
# UPTO=N: only the first N patches of the series (scripts/bisect.sh).
[ -n "${UPTO:-}" ] && patches=("${patches[@]:0:$UPTO}")
if [ -n "${EXTRA_PATCHES:-}" ]; then
	[ -d "$EXTRA_PATCHES" ] || die "EXTRA_PATCHES=$EXTRA_PATCHES is not a directory"
	for p in "$EXTRA_PATCHES"/*.patch; do
		[ -e "$p" ] && patches+=("$p")
	done
fi

n=0
for p in "${patches[@]}"; do
	if ! git -c user.name=workbench -c user.email=workbench@localhost \
		am -q --committer-date-is-author-date "$p" >/dev/null 2>"$CACHE/am.err"; then
		cat "$CACHE/am.err" >&2
		git am --abort >/dev/null 2>&1 || true
		die "patch does not apply: $(basename "$p")"
	fi
	n=$((n + 1))
done
log "applied $n patches onto $(git -C "$base" log -1 --format=%s base)"
echo "$wt"
