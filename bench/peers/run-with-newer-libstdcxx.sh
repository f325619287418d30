#!/usr/bin/env bash
# Runs a command where LibTorch 2.10 can load. TorchSharp 0.107's native library needs libstdc++ from GCC 13+
# (GLIBCXX_3.4.32); Debian 12 has GCC 12's. Where the system's is new enough, the command runs as it is; otherwise
# (as root) inside a minimal Debian 13 root made once with debootstrap, with this machine's .NET, the repository
# and the data folder bind-mounted in a private mount namespace (nothing outside it changes). Only the benchmark's
# LibTorch peer uses this.
# Usage: run-with-newer-libstdcxx.sh <data folder> <command> [arguments…]
set -euo pipefail
data=$1; shift
if strings "$(ldconfig -p | awk '/libstdc\+\+\.so\.6 /{print $NF; exit}')" 2>/dev/null | grep -q GLIBCXX_3.4.32; then
    exec "$@"
fi
root=${NNDLPS_PEER_ROOT:-/opt/nndlps-peer-trixie}
if [ ! -x "$root/usr/bin/env" ]; then
    [ "$(id -u)" = 0 ] || { echo "LibTorch needs a newer libstdc++ than this system has; run as root to build $root." >&2; exit 3; }
    command -v debootstrap >/dev/null || apt-get install -y -qq debootstrap >/dev/null
    debootstrap --variant=minbase --include=libstdc++6,libicu76,ca-certificates trixie "$root" http://deb.debian.org/debian >/dev/null
fi
dotnet_root=$(dirname "$(readlink -f "$(command -v dotnet)")")
repo=$(cd "$(dirname "$0")/../.." && pwd)
exec unshare -m bash -c '
    set -e
    root=$1 dotnet_root=$2 repo=$3 data=$4; shift 4
    for dir in "$dotnet_root" "$repo" "$data" /proc /dev /sys /tmp; do
        mkdir -p "$root$dir"; mount --bind "$dir" "$root$dir"
    done
    exec chroot "$root" /usr/bin/env DOTNET_ROOT="$dotnet_root" "$@"' _ "$root" "$dotnet_root" "$repo" "$data" "$@"
