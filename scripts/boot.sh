#!/bin/bash
# Boot the KUnit kernel in $1 (a build directory) under QEMU with TCG and
# run the suites matching $2 (comma-separated globs) from our initramfs.
# The console log goes to $3.  QEMU is stopped after $BOOT_TIMEOUT seconds.
set -euo pipefail
. "$(dirname "$0")/common.sh"

out=$1 suites=$2 log=$3
timeout_s=${BOOT_TIMEOUT:-2400}

case $ARCH in
x86_64)
	cc=gcc karch=x86
	kernel=$out/arch/x86/boot/bzImage
	qemu=(qemu-system-x86_64 -accel tcg -cpu max -bios qboot.rom)
	console=ttyS0 ;;
arm64)
	cc=aarch64-linux-gnu-gcc karch=arm64
	kernel=$out/arch/arm64/boot/Image.gz
	# The Cortex-A72 has no 16 KiB translation granule: a 16K-page
	# kernel stops before its first message there.
	cpu=cortex-a72
	grep -q '^CONFIG_ARM64_16K_PAGES=y' "$out/.config" && cpu=max
	qemu=(qemu-system-aarch64 -accel tcg -machine virt -cpu $cpu)
	console=ttyAMA0 ;;
arm)
	cc=arm-linux-gnueabihf-gcc karch=arm
	kernel=$out/arch/arm/boot/zImage
	qemu=(qemu-system-arm -accel tcg -machine virt -cpu cortex-a15)
	console=ttyAMA0 ;;
esac

# The initramfs: our /init, and a console node for it.
ird=$out/workbench-initramfs
mkdir -p "$ird"
$cc -static -O2 -Wall -Werror -o "$ird/init" "$TOP/initramfs/init.c"
cat > "$ird/list" <<LIST
dir /dev 0755 0 0
nod /dev/console 0600 0 0 c 5 1
dir /proc 0755 0 0
dir /sys 0755 0 0
file /init $ird/init 0755 0 0
dir /tests 0755 0 0
LIST
# The userspace tests (userspace/*.c), static, against the tree's UAPI
# headers (headers_install from the tree the kernel was built from); /init
# runs each as the suite "userspace_<name>".
hdr=$CACHE/uapi$S-$ARCH
make -s -C "$out/source" ARCH="$karch" O="$hdr" headers_install \
	INSTALL_HDR_PATH="$hdr/usr" >/dev/null
for src in "$TOP"/userspace/*.c; do
	[ -e "$src" ] || continue
	t=$(basename "$src" .c)
	$cc -static -O2 -Wall -Werror -I "$hdr/usr/include" -o "$ird/$t" "$src"
	echo "file /tests/$t $ird/$t 0755 0 0" >> "$ird/list"
done
"$out/usr/gen_init_cpio" "$ird/list" > "$ird/initramfs.cpio"

cmdline="console=$console kunit.autorun=0 printk.devkmsg=on panic=-1"
# ZONE_MOVABLE: the shmem_insert and ttm_pool_backup cases that check that
# a page the kernel must keep movable is never taken back for the GPU need
# such pages (they skip otherwise).  The zone is the top of memory, where
# memblock has put the KASAN shadow and the memmap (about 540 MiB of the
# 3 GiB guests are reserved at boot): 768 MiB leaves some 250 MiB of it free.
cmdline+=" movablecore=768M"
cmdline+=" suites=$suites"
log "booting $ARCH under QEMU (TCG), suites: $suites"
start=$(date +%s)
rc=0
timeout --kill-after=10 "$timeout_s" "${qemu[@]}" \
	-smp 2 -m 3072 -no-reboot -display none -monitor none -serial stdio \
	-kernel "$kernel" -initrd "$ird/initramfs.cpio" -append "$cmdline" \
	</dev/null >"$log" 2>&1 || rc=$?
if [ $rc -eq 124 ] || [ $rc -eq 137 ]; then
	echo "workbench: TIMEOUT after ${timeout_s}s" >> "$log"
	warn "QEMU timed out after ${timeout_s}s"
fi
log "QEMU exited ($rc) after $(( $(date +%s) - start ))s; log: $log"
