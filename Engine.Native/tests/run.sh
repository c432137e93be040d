#!/usr/bin/env bash
# Builds libscanimagetiff (NativeAOT publish), compiles the C test against scanimagetiff.h with
# -Wall -Werror, and runs it on the real corpus. Exit code non-zero on any failure.
#   Engine.Native/tests/run.sh [--no-build] [corpus-dir]
# --no-build: use the library already published (e.g. by .ci/run). The corpus defaults to
# $SITIFF_CORPUS, else ../shared/corpus/real next to the repository.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
build=1
if [[ "${1:-}" == "--no-build" ]]; then
    build=0
    shift
fi
corpus="${1:-${SITIFF_CORPUS:-$root/../shared/corpus/real}}"
rid=linux-x64
publish="$root/Engine.Native/bin/Release/net10.0/$rid/publish"

if [[ $build == 1 ]]; then
    dotnet publish Engine.Native -c Release -r "$rid" --nologo -v quiet
fi
if [[ ! -f "$publish/libscanimagetiff.so" ]]; then
    echo "run.sh: $publish/libscanimagetiff.so not found (run without --no-build)" >&2
    exit 2
fi

out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
cc -std=c99 -Wall -Wextra -Werror -O2 -I "$root/Engine.Native/include" \
    "$root/Engine.Native/tests/check_corpus.c" -o "$out/check_corpus" \
    -L "$publish" -lscanimagetiff -Wl,-rpath,"$publish" -lpthread -lm
"$out/check_corpus" "$corpus"
