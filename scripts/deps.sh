#!/bin/bash
# Install what the workbench needs (Debian 12, as root).  Quiet and quick
# when everything is there already.
set -euo pipefail
pkgs=(git make gcc libc6-dev flex bison bc libelf-dev libssl-dev ccache cpio xz-utils
      python3 python3-ply python3-git perl rsync kmod qemu-system-x86 qemu-system-arm qemu-system-data
      gcc-aarch64-linux-gnu libc6-dev-arm64-cross gcc-arm-linux-gnueabihf libc6-dev-armhf-cross
      liburcu-dev)
missing=()
for p in "${pkgs[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" ||
		missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "=== installing: ${missing[*]}" >&2
if [ "$(id -u)" -ne 0 ]; then
	echo "!!! ERROR: not root: install ${missing[*]} yourself" >&2
	exit 1
fi
apt-get update -q >/dev/null
DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
	"${missing[@]}" >/dev/null
