#!/bin/bash
# /init of the IGT guest (installed by scripts/igt-rootfs.sh).  Mounts the
# pseudo filesystems, runs the IGT tests named on the kernel command line,
# one after another, with their output on the console, and powers off.
#
# Kernel command line:
#   igt=TEST[,TEST...]   tests to run, by binary name; a name may be a glob
#                        (igt=panfrost_*) and may select subtests with
#                        @SUBTEST[:SUBTEST...] (globs too), passed to the
#                        test as --run-subtest: igt=panfrost_submit@pan-submit
#   igt.timeout=SECONDS  per test binary (default 600); the test is killed
#                        and its unfinished subtest reported as TIMEOUT
#   igt.shell=1          a shell on the console before the end
#   igt.poweroff=1       power off at the end; the default is a reboot,
#                        which ends QEMU under -no-reboot (boot it so)
#
# Machine-readable lines, each alone on a line:
#   IGT-RESULT: TEST[@SUBTEST[@DYNAMIC]] STATUS [(SECONDS)] [reason=...]
#       STATUS as IGT says it: SUCCESS, SKIP, FAIL, CRASH, TIMEOUT (ours),
#       INCOMPLETE (a subtest started but never finished), NOTFOUND.  A
#       test without subtests gets one line from its exit code (0 SUCCESS,
#       77 SKIP, else FAIL or CRASH by signal).
#   IGT-TEST: TEST exit=RC
#   IGT-KERNEL: TEST[@SUBTEST[@DYNAMIC]] LINE   a BUG/WARNING/KASAN/UBSAN/
#       Oops/lockdep headline the kernel logged while that (sub)test was
#       the last one started (by IGT's own markers in the kernel log);
#       "boot" for what came before the first test (not counted)
#   IGT-KERNEL-ISSUES: N
#   IGT-SUMMARY: N passed, N failed, N skipped
#   IGT-DONE
PATH=/usr/sbin:/usr/bin:/sbin:/bin
export PATH HOME=/root TERM=${TERM:-linux} LC_ALL=C.UTF-8
# IGT's own knobs: no frame dumps, the console is the log.
export IGT_FRAME_DUMP=0

# A command from the image, else busybox's.
run() { if command -v "$1" >/dev/null; then "$@"; else busybox "$@"; fi; }
mnt() {	# mnt TYPE DIR [OPTIONS]
	mkdir -p "$2" 2>/dev/null || return
	if command -v mount >/dev/null; then
		mount -t "$1" ${3:+-o "$3"} "$1" "$2"
	else
		busybox mount -t "$1" ${3:+-o "$3"} "$1" "$2"
	fi 2>/dev/null
}

mnt proc /proc
mnt sysfs /sys
mnt devtmpfs /dev mode=0755
exec </dev/console >/dev/console 2>&1
mnt devpts /dev/pts gid=5,mode=620
mnt tmpfs /dev/shm mode=1777
mnt tmpfs /tmp mode=1777
mnt tmpfs /run mode=0755
mnt debugfs /sys/kernel/debug
mnt tracefs /sys/kernel/tracing
mnt configfs /sys/kernel/config
[ -e /dev/fd ] || ln -s /proc/self/fd /dev/fd
run hostname igt-guest 2>/dev/null

# The end: QEMU is run with -no-reboot, so a reboot ends it, and unlike
# a power off it needs no ACPI S5 support in the kernel (the x86 KUnit
# kernel halts with "Power off not available").  igt.poweroff=1 asks for a
# real power off instead.
poweroff_now() {
	echo "IGT-DONE"
	sync
	if [ -n "$want_poweroff" ]; then
		run poweroff -f 2>/dev/null
		echo o > /proc/sysrq-trigger 2>/dev/null
	fi
	run reboot -f 2>/dev/null
	echo b > /proc/sysrq-trigger 2>/dev/null
	# Last resort: init exits, the kernel panics and panic=-1 reboots.
	exit 0
}

tests= timeout_s=600 want_shell= want_poweroff=
read -r -a cmdline < /proc/cmdline	# (no globbing of igt=panfrost_*)
for arg in "${cmdline[@]}"; do
	case $arg in
	igt=*)         tests=${arg#igt=} ;;
	igt.timeout=*) timeout_s=${arg#igt.timeout=} ;;
	igt.shell=1)   want_shell=1 ;;
	igt.poweroff=1) want_poweroff=1 ;;
	esac
done

testdir=$(cat /etc/igt-testdir 2>/dev/null)
testdir=${testdir:-/usr/libexec/igt-gpu-tools}
echo "igt-init: kernel $(uname -r), IGT $(head -2 /etc/igt-version 2>/dev/null | tr "\n" " "), tests in $testdir"
ls -l /dev/dri 2>/dev/null | sed 's/^/igt-init: /'

stdbuf=()
command -v stdbuf >/dev/null && stdbuf=(stdbuf -oL -eL)

pass=0 fail=0 skip=0 kissues=0
count() {	# count STATUS
	case $1 in
	SUCCESS) pass=$((pass + 1)) ;;
	SKIP)    skip=$((skip + 1)) ;;
	*)       fail=$((fail + 1)) ;;
	esac
}

# Kernel trouble in the log since the last look (the ring is cleared at
# each look).  IGT writes "[IGT] TEST: starting subtest X" into the
# kernel log, so each headline goes to the (sub)test that was running
# when the kernel logged it, whatever the console interleaving.
KPAT='(BUG:|WARNING:|Oops|general protection fault|UBSAN:|kernel BUG at|possible (circular|recursive) locking|INFO: task .* blocked|Unable to handle kernel|Kernel panic)'
kmark=boot
kcheck() {
	local l
	while IFS= read -r l; do
		case $l in
		"@mark "*) kmark=${l#@mark } ;;
		*) echo "IGT-KERNEL: $l"; kissues=$((kissues + 1)) ;;
		esac
	done < <(run dmesg -c 2>/dev/null | run awk -v mark="$kmark" -v pat="$KPAT" '
		match($0, /\[IGT\] [^ ]+: /) {
			t = substr($0, RSTART + 6, RLENGTH - 8)
			m = substr($0, RSTART + RLENGTH)
			if (m ~ /^executing/) { mark = t; test = t }
			else if (m ~ /^starting subtest /) {
				sub(/^starting subtest /, "", m)
				sub(/[ \r]+$/, "", m)
				mark = t "@" m; parent = mark
			} else if (m ~ /^starting dynamic subtest /) {
				sub(/^starting dynamic subtest /, "", m)
				sub(/[ \r]+$/, "", m)
				mark = parent "@" m
			}
			next
		}
		$0 ~ pat && n < 5 {
			l = $0; sub(/^\[ *[0-9.]+\] /, "", l)
			print mark " " l; n++
		}
		END { print "@mark " mark }')
}
# run_test PATH NAME [SUBTESTS]: the output goes to the console as it
# comes; a result line follows each "Subtest X: STATUS" of IGT's.
run_test() {
	local bin=$1 name=$2 subs=$3 args=() line cur= dyn= reason= at= st rc=
	local nres=0 sub res fixture= last=
	[ -n "$subs" ] && args=(--run-subtest "${subs//:/,}")
	echo "IGT-START: $name${subs:+@$subs}"
	while IFS= read -r line; do
		case $line in
		"igt-init-exit: "*) rc=${line#igt-init-exit: }; continue ;;
		esac
		printf '%s\n' "$line"
		case $line in
		"Starting subtest: "*)
			cur=${line#Starting subtest: } dyn= reason= at= last= ;;
		"Starting dynamic subtest: "*)
			dyn=${line#Starting dynamic subtest: } reason= at= last= ;;
		*"Test assertion failure function "*", file "*)
			[ -n "$reason" ] || at=${line##*/} ;;
		*"Test requirement: "*|*"Failed assertion: "*|*"Received signal "*)
			if [ -z "$reason" ] && [[ $line =~ (Test requirement: .*|Failed assertion: .*|Received signal .*) ]]; then
				reason="${at:+$at }${BASH_REMATCH[1]}"
				reason=${reason:0:240}
				# Outside a subtest (a fixture's): it holds
				# for the subtests it skips, all listed later.
				[ -n "$cur" ] || fixture=$reason
			fi ;;
		"Subtest "*": "*|"Dynamic subtest "*": "*)
			sub=${line#*ubtest } res=${line##*: }
			sub=${sub%: *}
			[ "${line%% *}" = Dynamic ] && sub=$cur@$sub
			# A skip by igt_skip() says why on the line before.
			[ "${res%% *}" = SKIP ] && [ -z "$reason" ] &&
				reason=${last:-$fixture}
			echo "IGT-RESULT: $name@$sub $res${reason:+ reason=$reason}"
			count "${res%% *}"; nres=$((nres + 1))
			kcheck
			[ "${line%% *}" = Dynamic ] || cur=
			dyn= reason= at= last= ;;
		"IGT-Version: "*|"Using IGT_SRANDOM="*|"Opened device: "*) ;;
		*)	last=${line:0:240} ;;
		esac
	done < <(cd /tmp && timeout -k 10 "$timeout_s" "${stdbuf[@]}" \
			"$bin" "${args[@]}" </dev/null 2>&1; echo "igt-init-exit: $?")
	echo "IGT-TEST: $name exit=$rc"
	kcheck
	if [ -n "$cur" ]; then
		case $rc in 124|137) st=TIMEOUT ;; *) st=INCOMPLETE ;; esac
		echo "IGT-RESULT: $name@$cur${dyn:+@$dyn} $st${reason:+ reason=$reason}"
		count $st
	elif [ $nres -eq 0 ]; then
		case $rc in
		0)       st=SUCCESS ;;
		77)      st=SKIP ;;
		124|137) st=TIMEOUT ;;
		1[3-9][0-9]|129) st=CRASH ;;
		*)       st=FAIL ;;
		esac
		echo "IGT-RESULT: $name $st exit=$rc${reason:+ reason=$reason}"
		count $st
	fi
}

# What the kernel logged before us (KUnit's own deliberate WARNINGs, if it
# ran at boot): shown, not counted.
kcheck
kissues=0
# The device of the KMS and core tests: vkms when it is there (the card
# IGT opens first is Panfrost on the model, a render-only device); driver
# tests (panfrost_*, vgem_*) open their own driver's device.
vkms_card=
for c in /sys/class/drm/card[0-9]*; do
	[ -e "$c/device" ] || continue
	case $(basename "$(readlink -f "$c/device")") in
	vkms) vkms_card=/dev/dri/$(basename "$c"); break ;;
	esac
done
echo "igt-init: vkms: ${vkms_card:-none}"
igt_device() {	# igt_device TEST: the IGT_DEVICE filter for it, or nothing
	case $1 in
	panfrost_*|vgem_*|syncobj_*|sw_sync) ;;
	*) [ -n "$vkms_card" ] && echo "drm:$vkms_card" ;;
	esac
}

IFS=, read -r -a list <<< "$tests"
[ ${#list[@]} -gt 0 ] || echo "igt-init: no igt=TEST[,TEST...] on the kernel command line"
for t in "${list[@]}"; do
	[ -n "$t" ] || continue
	name=${t%%@*} subs=
	[ "$name" != "$t" ] && subs=${t#*@}
	found=0
	while IFS= read -r bin; do
		found=1
		dev=$(igt_device "$(basename "$bin")")
		if [ -n "$dev" ]; then
			# As drm-ci's vkms job: the driver forced, the device named.
			export IGT_DEVICE=$dev IGT_FORCE_DRIVER=vkms
			echo "igt-init: IGT_DEVICE=$dev IGT_FORCE_DRIVER=vkms"
		fi
		run_test "$bin" "$(basename "$bin")" "$subs"
		unset IGT_DEVICE IGT_FORCE_DRIVER
	done < <(find "$testdir" -type f -perm -u+x -name "$name" 2>/dev/null | sort)
	if [ $found = 0 ]; then
		echo "IGT-RESULT: $name NOTFOUND"
		fail=$((fail + 1))
	fi
done

echo "IGT-KERNEL-ISSUES: $kissues"
echo "IGT-SUMMARY: $pass passed, $fail failed, $skip skipped"
if [ -n "$want_shell" ]; then
	echo "igt-init: igt.shell=1, exit the shell to power off"
	setsid -c bash -i 2>/dev/null || bash -i
fi
poweroff_now
