#!/bin/bash
# make igt: IGT, as Debian packages it, in QEMU (x86_64, TCG) on two
# kernels built from the same configuration (FLAVOUR=igt of build.sh: the
# debug kernel of make check without its KUnit options, plus vkms, vgem and
# sw_sync) and both with the software model of a Mali-T860 (model/):
#
#   base    the pristine base + model/
#   series  the base + series/ + model/
#
# The tests are those of igt/tests (panfrost_* and the drm-ci subset that
# runs on vkms).  Prints the results side by side and the differences;
# fails when a difference is not listed, with its explanation, in
# igt/differences, or when a series result is a failure that the base
# does not share.
set -euo pipefail
. "$(dirname "$0")/common.sh"

[ "$ARCH" = x86_64 ] || die "make igt runs on x86_64 only"
bash "$TOP/scripts/deps.sh"
rootfs=$(bash "$TOP/scripts/igt-rootfs.sh" x86_64 | tail -n1)
[ -e "$rootfs" ] || die "no IGT root filesystem"
tests=$(sed 's/#.*//' "$TOP/igt/tests" | awk 'NF' | paste -sd, -)
timeout_s=${IGT_BOOT_TIMEOUT:-2400}

for which in base series; do
	wt=$CACHE/work-igt$S-$which
	out=$CACHE/build-igt$S-$which-x86_64
	if [ $which = base ]; then
		wt=$(UPTO=0 MODEL=1 WORKTREE=$wt bash "$TOP/scripts/apply.sh")
	else
		wt=$(MODEL=1 WORKTREE=$wt bash "$TOP/scripts/apply.sh")
	fi
	MODEL=1 FLAVOUR=igt BUILD_DIR=$out bash "$TOP/scripts/build.sh" "$wt" >/dev/null
	log=$out/igt-console.log
	log "booting the $which kernel with IGT: $tests"
	start=$(date +%s)
	rc=0
	timeout --kill-after=10 "$timeout_s" qemu-system-x86_64 -accel tcg \
		-cpu max -bios qboot.rom -smp 2 -m 3072 -no-reboot \
		-display none -monitor none -serial stdio \
		-kernel "$out/arch/x86/boot/bzImage" -initrd "$rootfs" \
		-append "console=ttyS0 panic=-1 printk.devkmsg=on igt=$tests igt.timeout=900" \
		</dev/null >"$log" 2>&1 || rc=$?
	[ $rc -eq 124 ] || [ $rc -eq 137 ] && warn "QEMU timed out after ${timeout_s}s ($which)"
	log "QEMU exited ($rc) after $(( $(date +%s) - start ))s; log: $log"
	grep -a 'IGT-RESULT: ' "$log" | sed 's/.*IGT-RESULT: //; s/\r$//' \
		> "$CACHE/igt$S-$which.results" || true
	grep -aq 'IGT-DONE' "$log" || warn "the $which run did not finish"
done

python3 "$TOP/scripts/igt-report.py" "$CACHE/igt$S-base.results" \
	"$CACHE/igt$S-series.results" "$TOP/igt/differences" \
	"$CACHE/build-igt$S-base-x86_64/igt-console.log" \
	"$CACHE/build-igt$S-series-x86_64/igt-console.log"
