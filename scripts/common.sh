# Shared settings for the workbench scripts; sourced, not run.
CACHE=${CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/sparse-gem}
TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
ARCH=${ARCH:-x86_64}
case "$ARCH" in
x86_64|x86) ARCH=x86_64 ;;
arm64|aarch64) ARCH=arm64 ;;
arm|armhf) ARCH=arm ;;
*) echo "ARCH=$ARCH: only x86_64, arm64 and arm are supported" >&2; exit 2 ;;
esac
mkdir -p "$CACHE"
# SLOT=name: private work trees and build directories (suffix "-name"),
# so that two checkouts of the workbench can build side by side while
# sharing the base, the scratch tree of git am and ccache.
S=${SLOT:+-$SLOT}

log()  { echo "=== $*" >&2; }
warn() { echo "!!! WARNING: $*" >&2; }
die()  { echo "!!! ERROR: $*" >&2; exit 1; }
