#!/bin/bash
# make configs: build the objects of every .c file the series changes in
# each configuration of kunit/configs (x86_64, arm64 with 4 KiB and 16 KiB
# pages, 32-bit ARM with and without LPAE; the series' Kconfig dependencies
# toggled one at a time; fixed-seed random choices), -Werror throughout and
# W=1 on the files the series adds.  Object targets, not whole kernels: one
# build directory per architecture ($CACHE/configs$S-<arch>), reconfigured
# from one configuration to the next, so kbuild rebuilds only the objects
# whose options changed.  CONFIGS=glob runs only the matching names.
# Last line: "configs: N built, M failed".
set -uo pipefail
. "$(dirname "$0")/common.sh"

wt=$(WORKTREE=$CACHE/work-configs$S bash "$TOP/scripts/apply.sh") || exit 1
export CCACHE_DIR=${CCACHE_DIR:-$CACHE/ccache}
export CCACHE_BASEDIR=$wt
ccache -M 20G >/dev/null
matrix=$TOP/kunit/configs

cross() {	# the toolchain prefix for architecture $1 ("" for the host)
	case $1 in
	x86_64) echo "" ;;
	arm64)  echo "aarch64-linux-gnu-" ;;
	arm)    echo "arm-linux-gnueabihf-" ;;
	*) return 1 ;;
	esac
}

# The option that builds object $1, if a Makefile of its directory or of
# one above names it on one line ("obj-$(CONFIG_X) += dir/name.o") and
# .config $2 has it off: prints "CONFIG_X off".  Fails otherwise.
option_off() {
	local o=$1 dir=$1 sym=
	while [ -z "$sym" ] && [ "$dir" != . ]; do
		dir=$(dirname "$dir")
		[ -e "$wt/$dir/Makefile" ] || continue
		sym=$(grep -E '^[a-z0-9_]+-[$][(]CONFIG_[A-Z0-9_]+[)][[:space:]]*[+:]?=' "$wt/$dir/Makefile" |
		      grep -wF "${o#"$dir"/}" | sed -nE 's/^[a-z0-9_]+-[$][(]CONFIG_([A-Z0-9_]+)[)].*/\1/p' | head -n1)
	done
	[ -n "$sym" ] || return 1
	grep -qE "^CONFIG_$sym=[ym]$" "$2" && return 1
	echo "CONFIG_$sym off"
}

# What the series changes: every .c outside tools/, and the ones it adds.
mapfile -t objs < <(git -C "$wt" diff --name-only --diff-filter=AM base HEAD -- '*.c' |
		    grep -v '^tools/' | sed 's/\.c$/.o/')
mapfile -t added < <(git -C "$wt" diff --name-only --diff-filter=A base HEAD -- '*.c' |
		     grep -v '^tools/' | sed 's/\.c$/.o/')

declare -A base deps
rand_syms=()
while read -r kind rest; do
	case $kind in
	base) read -r a opts <<<"$rest"; base[$a]=$opts ;;
	dep)  read -r s opts <<<"$rest"; deps[$s]=$opts ;;
	rand) read -r -a rand_syms <<<"$rest" ;;
	esac
done < <(grep -vE '^[[:space:]]*(#|$)' "$matrix")

# rand:SEED: the symbols of the "rand" line it turns off, as -SYMBOL.
randpick() {
	local s
	RANDOM=$1
	for s in "${rand_syms[@]}"; do
		(( RANDOM % 2 )) && echo "-$s"
	done
}

# Expand an entry's changes ($2...) for architecture $1 into lines
# SYMBOL=value / -SYMBOL, dependencies of what is turned off included.
expand() {
	local arch=$1 c s; shift
	local -a out=()
	for c in ${base[$arch]:-} "$@"; do
		case $c in
		rand:*) out+=($(randpick "${c#rand:}")) ;;
		*) out+=("$c") ;;
		esac
	done
	for c in "${out[@]}"; do
		echo "$c"
		if [[ $c == -* ]]; then
			for s in ${deps[${c#-}]:-}; do echo "-$s"; done
		fi
	done
}

built=0 failed=0
failures=()
while read -r name arch changes; do
	case $name in base|dep|rand) continue ;; esac
	[ -n "${CONFIGS:-}" ] && [[ $name != $CONFIGS ]] && continue
	desc=${changes:-as the base}
	if [[ $desc == rand:* ]]; then
		desc="$desc: $(randpick "${desc#rand:}" | paste -sd' ' -)"
	fi
	cc=$(cross "$arch") || { echo "!!! $name: unknown arch $arch"; failed=$((failed + 1)); continue; }
	mk=(ARCH="$arch" CROSS_COMPILE="$cc" CC="ccache ${cc}gcc")
	nm=${cc}nm
	out=$CACHE/configs$S-$arch
	mkdir -p "$out"
	# The configuration: the kunitconfig lines, then this entry's changes
	# (a later setting of a symbol replaces an earlier one).
	declare -A want=()
	order=()
	while IFS= read -r l; do
		case $l in
		CONFIG_*=*) s=${l%%=*}; s=${s#CONFIG_}; v=${l#*=} ;;
		"# CONFIG_"*" is not set") s=${l#\# CONFIG_}; s=${s% is not set}; v=n ;;
		"#"*) continue ;;
		-*) s=${l#-}; v=n ;;
		*=*) s=${l%%=*}; v=${l#*=} ;;
		*) continue ;;
		esac
		[ -n "${want[$s]+x}" ] || order+=("$s")
		want[$s]=$v
	done < <(cat "$TOP/kunit/kunitconfig" \
		     $( [ -e "$TOP/kunit/kunitconfig.$arch" ] && echo "$TOP/kunit/kunitconfig.$arch") ;
		 expand "$arch" $changes)
	for s in "${order[@]}"; do
		if [ "${want[$s]}" = n ]; then echo "# CONFIG_$s is not set"
		else echo "CONFIG_$s=${want[$s]}"; fi
	done > "$out/.config"
	cp "$out/.config" "$out/config.in"
	if ! make -C "$wt" O="$out" "${mk[@]}" olddefconfig \
			>"$out/$name.log" 2>&1; then
		tail -n 5 "$out/$name.log"
		echo "!!! $name: olddefconfig failed"; failed=$((failed + 1)); failures+=("$name"); continue
	fi
	bad=()
	for s in "${order[@]}"; do
		got=$(grep -E "^(# )?CONFIG_$s[= ]" "$out/.config" | head -n1)
		case ${want[$s]} in
		n) [[ -z $got || $got == "# "* ]] || bad+=("$s: want off, got $got") ;;
		*) [ "$got" = "CONFIG_$s=${want[$s]}" ] || bad+=("$s: want ${want[$s]}, got ${got:-nothing}") ;;
		esac
	done
	if [ ${#bad[@]} -gt 0 ]; then
		printf '!!! %s: not configured as asked: %s\n' "$name" "${bad[@]}"
		failed=$((failed + 1)); failures+=("$name"); continue
	fi
	# An object whose own option this configuration turns off (a test
	# that depends on THP, say) is left out: kbuild would not build it.
	tgt_old=() tgt_new=() skipped=()
	for o in "${objs[@]}"; do
		if off=$(option_off "$o" "$out/.config"); then
			skipped+=("$o ($off)"); continue
		fi
		if [[ " ${added[*]} " == *" $o "* ]]; then tgt_new+=("$o"); else tgt_old+=("$o"); fi
	done
	start=$(date +%s)
	ok=1
	make -C "$wt" O="$out" "${mk[@]}" -j"$(nproc)" -k \
		"${tgt_old[@]}" >>"$out/$name.log" 2>&1 || ok=0
	[ ${#tgt_new[@]} -eq 0 ] ||
	make -C "$wt" O="$out" "${mk[@]}" -j"$(nproc)" -k W=1 \
		"${tgt_new[@]}" >>"$out/$name.log" 2>&1 || ok=0
	# A 64-bit division the compiler leaves to libgcc links nowhere in a
	# 32-bit kernel (div_u64() and friends exist for that); objects are
	# not linked here, so look for the helpers' names.
	if [ "$arch" = arm ]; then
		for o in "${tgt_old[@]}" "${tgt_new[@]}"; do
			u=$($nm -u "$out/$o" 2>/dev/null |
			    grep -oE '__aeabi_u?ldivmod|__u?divdi3|__u?moddi3' | sort -u | paste -sd' ' -)
			[ -z "$u" ] && continue
			echo "$o: 64-bit division by libgcc: $u" >>"$out/$name.log"
			echo "error: $o: 64-bit division by libgcc ($u)"
			ok=0
		done
	fi
	if [ $ok -eq 1 ]; then
		built=$((built + 1))
		n=$(( ${#tgt_old[@]} + ${#tgt_new[@]} ))
		echo "  built   $name ($arch, $n objects, $(( $(date +%s) - start ))s): $desc"
		[ ${#skipped[@]} -eq 0 ] || printf '          not configured: %s\n' "${skipped[@]}"
	else
		failed=$((failed + 1)); failures+=("$name")
		echo "!!! FAILED $name ($arch): $desc"
		grep -E "error|warning:" "$out/$name.log" | head -n 20
		echo "    log: $out/$name.log"
	fi
	unset want
done < <(grep -vE '^[[:space:]]*(#|$)' "$matrix")
[ $failed -eq 0 ] || echo "failed: ${failures[*]}"
echo "configs: $built built, $failed failed"
[ $failed -eq 0 ]
