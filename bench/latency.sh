#!/usr/bin/env bash
# Frame-to-line latency of `sitiff stream --follow --json` (NativeAOT build) under a live writer at 30 Hz
# (bench/latency.py): median, 95th percentile and max over 60 frames, and the follower's CPU while idle.
#   bench/latency.sh [--runs N] [--sitiff PATH]       Target: median <= 5 ms, max <= 20 ms, idle CPU < 2 %.
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
runs=3
sitiff=
while [[ $# -gt 0 ]]; do
    case $1 in
        --runs) runs=$2; shift 2 ;;
        --sitiff) sitiff=$2; shift 2 ;;
        *) echo "usage: $0 [--runs N] [--sitiff PATH]" >&2; exit 1 ;;
    esac
done
work=${SITIFF_WHOLE_WORK:-/tmp/sitiff-whole}
mkdir -p "$work"
if [[ -z $sitiff ]]; then
    dotnet publish Engine.Cli -c Release -o "$work/sitiff-aot" --nologo >"$work/publish.log" 2>&1 \
        || { tail -n 20 "$work/publish.log"; exit 1; }
    sitiff=$work/sitiff-aot/sitiff
fi
echo "| writer | median | p95 | max | follower CPU while idle |"
echo "|---|---|---|---|---|"
for ((i = 0; i < runs; i++)); do
    python3 bench/latency.py "$sitiff" --frames 60 --rate 30
done
