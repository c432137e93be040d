#!/usr/bin/env bash
# One-line runner for Engine.Benchmarks (see the comment at the top of Engine.Benchmarks/Program.cs).
#   ./bench.sh --smoke                         every benchmark once on small inputs (< 2 min)
#   ./bench.sh --filter '*ZeroCopySum*'        one class, full inputs, default job
#   ./bench.sh --filter '*' --job short        everything, short job
# Results: ./BenchmarkDotNet.Artifacts (git-ignored). Inputs: $SITIFF_BENCH_DATA (default /tmp/sitiff-bench).
set -euo pipefail
cd "$(dirname "$0")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
exec dotnet run -c Release --project Engine.Benchmarks -- "$@"
