#!/usr/bin/env bash
# Copies the published native library into the package (python/scanimagetiff/lib/), so that
# `pip install ./python` ships it. Publishes first unless --no-build is given.
#   python/bundle_native.sh [--no-build] [rid]      (rid defaults to linux-x64)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build=1
if [[ "${1:-}" == "--no-build" ]]; then
    build=0
    shift
fi
rid="${1:-linux-x64}"
case "$rid" in
    win-*) name=scanimagetiff.dll ;;
    osx-*) name=libscanimagetiff.dylib ;;
    *) name=libscanimagetiff.so ;;
esac
if [[ $build == 1 ]]; then
    (cd "$root" && dotnet publish Engine.Native -c Release -r "$rid" --nologo -v quiet)
fi
src="$root/Engine.Native/bin/Release/net10.0/$rid/publish/$name"
mkdir -p "$root/python/scanimagetiff/lib"
cp "$src" "$root/python/scanimagetiff/lib/$name"
echo "bundled $src -> python/scanimagetiff/lib/$name"
