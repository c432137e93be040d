#!/usr/bin/env bash
# Builds libscanimagetiff (NativeAOT publish), compiles the C tests (check_corpus.c against
# scanimagetiff.h, check_vidrio.c against scanimagetiffreader.h) with -Wall -Werror, and runs them on
# the real corpus. Exit code non-zero on any failure.
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
# check_corpus.c uses scanimagetiff.h (sitiff_*), check_vidrio.c only scanimagetiffreader.h (Vidrio's API).
for test in check_corpus check_vidrio; do
    cc -std=c99 -Wall -Wextra -Werror -O2 -I "$root/Engine.Native/include" \
        "$root/Engine.Native/tests/$test.c" -o "$out/$test" \
        -L "$publish" -lscanimagetiff -Wl,-rpath,"$publish" -lpthread -lm
done
# The header must also compile as C++ (extern "C"), as a mex file or C++ caller includes it.
if command -v c++ >/dev/null; then
    echo '#include "scanimagetiffreader.h"
int main() { ScanImageTiffReader r = ScanImageTiffReader_Open("x"); ScanImageTiffReader_Close(&r); return 0; }' |
        c++ -x c++ -std=c++11 -Wall -Wextra -Werror -I "$root/Engine.Native/include" - -o "$out/cxx_header" \
            -L "$publish" -lscanimagetiff -Wl,-rpath,"$publish"
fi
# Vidrio's MATLAB mex sources include <nd.h>, then "tiff.reader.api.h", with designated initializers.
printf '%s\n' '#include <stdint.h>' '#include <nd.h>' '#include "tiff.reader.api.h"' \
    'int main(void) { void *h = 0; struct ScanImageTiffReader r = {.handle = h, .log = 0};' \
    '    struct nd s = ScanImageTiffReader_GetShape(&r); return (int)s.ndim; }' |
    cc -x c -std=c99 -Wall -Wextra -Werror -I "$root/Engine.Native/include" - -o "$out/mex_like" \
        -L "$publish" -lscanimagetiff -Wl,-rpath,"$publish"
# Each program prints "N passed, M failed"; the last line is their sum (what .ci/run reads).
passed=0
failed=0
rc=0
for test in check_corpus check_vidrio; do
    echo "== $test"
    set +e
    "$out/$test" "$corpus" | tee "$out/$test.log"
    status=${PIPESTATUS[0]}
    set -e
    line=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$out/$test.log" | tail -n 1)
    passed=$((passed + $(echo "$line" | awk '{print $1 + 0}')))
    failed=$((failed + $(echo "$line" | awk '{print $3 + 0}')))
    if [[ $status != 0 ]]; then
        rc=1
        if [[ -z "$line" ]]; then failed=$((failed + 1)); fi
    fi
done
echo "$passed passed, $failed failed"
exit $rc
