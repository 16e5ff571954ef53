#!/bin/bash
# Apply series/*.patch (then $EXTRA_PATCHES/*.patch) with git am onto the
# pristine base, and check the result out in the work tree
# $CACHE/work-$ARCH (or $WORKTREE; see SLOT in common.sh).
#
# git am runs in a scratch work tree reset to the base commit, so every run
# applies the patches afresh; the work tree that gets built is then moved to
# the resulting commit with git checkout after a hard reset and a clean, so
# it holds exactly base + patches, while files the patches do not change
# keep their timestamps and make rebuilds only what changed.
set -euo pipefail
. "$(dirname "$0")/common.sh"

base=$(bash "$TOP/scripts/fetch-base.sh")
wt=${WORKTREE:-$CACHE/work$S-$ARCH}
am=$CACHE/am
exec 9>"$CACHE/apply.lock"
flock 9		# one git am at a time: the scratch tree is shared
for t in "$am" "$wt"; do
	if [ ! -e "$t/.git" ]; then
		rm -rf "$t"
		git -C "$base" worktree prune
		git -C "$base" worktree add -q --detach "$t" base
	fi
	# Every git command on these trees runs under this lock, so an
	# index.lock found now was left by a run that was killed (an
	# interrupted make bisect, say): it would fail every later run.
	rm -f "$(git -C "$t" rev-parse --absolute-git-dir)/index.lock"
done
cd "$am"
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
# MODEL=1 (make check, make run): then the test-only model of a Mali GPU.
if [ -n "${MODEL:-}" ]; then
	for p in "$TOP"/model/[0-9][0-9][0-9][0-9]-*.patch; do
		[ -e "$p" ] && patches+=("$p")
	done
fi
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
head=$(git rev-parse HEAD)
cd "$wt"
git am --abort >/dev/null 2>&1 || true
git reset -q --hard
git clean -q -fdx
git checkout -q --detach "$head"
log "applied $n patches onto $(git -C "$base" log -1 --format=%s base)"
echo "$wt"
