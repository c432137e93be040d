#!/usr/bin/env bash
# Compressed-read and compressed-write speed against libtiff (issue 13), on 300 frames of 512 x 512 int16
# shot-noise data (Poisson, mean 200: about 1.6:1 with `tiffcp -c zip`).
#   1. in-process decode throughput per core: libtiff's TIFFReadEncodedStrip loop (a small C program built here
#      against Debian's libtiff-dev) vs this engine's one-thread frame loop (`ScanImageTiff.Benchmarks
#      --decode-rate FILE`, its second, steady-state pass), for zip, lzw and zstd, each pinned to one core;
#   2. whole process: the NativeAOT `sitiff data F --checksum xxh3` vs the libtiff strip loop, with hyperfine;
#   3. write: `sitiff data RAW --format tif --compression zstd` vs `tiffcp -c zstd` of the same frames.
# Nothing is committed as a binary: the C program and inputs are built under $WORK (default /tmp/sitiff-compressed).
set -euo pipefail
cd "$(dirname "$0")/.."
WORK=${WORK:-/tmp/sitiff-compressed}
mkdir -p "$WORK"
need=()
command -v tiffcp >/dev/null || need+=(libtiff-tools)
[[ -f /usr/include/x86_64-linux-gnu/tiffio.h || -f /usr/include/tiffio.h ]] || need+=(libtiff-dev)
command -v hyperfine >/dev/null || need+=(hyperfine)
command -v cc >/dev/null || need+=(gcc)
/usr/bin/python3 -c 'import numpy, tifffile' 2>/dev/null || need+=(python3-numpy python3-tifffile)
# The engine's fast inflate backends (Engine/Tiff/Compression/DeflateBackends.cs), all timed in step 1.
ldconfig -p | grep -q 'libdeflate\.so\.0' || need+=(libdeflate0)
ldconfig -p | grep -q 'libisal\.so\.2' || need+=(libisal2)
if (( ${#need[@]} )); then apt-get update -qq && apt-get install -y -qq "${need[@]}" >/dev/null; fi

cat > "$WORK/strips.c" <<'C'
/* Reads every strip of every directory with TIFFReadEncodedStrip and prints a sum (so nothing is optimised
   away), the decoded bytes and the decode time on one thread. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <tiffio.h>
int main(int argc, char **argv) {
    TIFF *tif = TIFFOpen(argv[1], "r");
    if (!tif) return 1;
    tmsize_t size = TIFFStripSize(tif);
    uint8_t *buf = malloc(size);
    uint64_t sum = 0, bytes = 0;
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    do {
        uint32_t n = TIFFNumberOfStrips(tif);
        for (uint32_t s = 0; s < n; s++) {
            tmsize_t got = TIFFReadEncodedStrip(tif, s, buf, size);
            if (got < 0) return 2;
            for (tmsize_t i = 0; i < got; i += 64) sum += buf[i];
            bytes += (uint64_t)got;
        }
    } while (TIFFReadDirectory(tif));
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double s = (t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9;
    printf("%llu bytes %.1f MB/s sum %llu\n", (unsigned long long)bytes, bytes / s / 1e6, (unsigned long long)sum);
    TIFFClose(tif);
    return 0;
}
C
cc -O2 -o "$WORK/strips" "$WORK/strips.c" -ltiff

if [[ ! -f "$WORK/raw.tif" ]]; then
    /usr/bin/python3 - "$WORK/raw.tif" <<'PY'
import sys, numpy as np, tifffile
rng = np.random.default_rng(13)
data = rng.poisson(200, (300, 512, 512)).astype(np.int16)
tifffile.imwrite(sys.argv[1], data, photometric='minisblack')
PY
fi
for c in zip lzw zstd; do [[ -f "$WORK/$c.tif" ]] || tiffcp -c "$c" "$WORK/raw.tif" "$WORK/$c.tif"; done
ls -l "$WORK"/*.tif

# The whole-process rows time what users install: the NativeAOT sitiff (no JIT start-up).
dotnet publish Engine.Cli -c Release -o "$WORK/aot" -v q --nologo >/dev/null
dotnet build -c Release Engine.Benchmarks -v q --nologo >/dev/null
SITIFF=$WORK/aot/sitiff
BENCH=Engine.Benchmarks/bin/Release/net10.0/ScanImageTiff.Benchmarks

echo "== 1. decode throughput on one core (MB/s of decoded samples; best of 5, interleaved) =="
# Deflate: every inflate backend of the engine (SITIFF_DEFLATE forces one) against libtiff (which links libdeflate).
declare -A best=()
for i in 1 2 3 4 5; do
    r=$(taskset -c 0 "$WORK/strips" "$WORK/zip.tif" | awk '{print $3}')
    awk -v a="$r" -v b="${best[libtiff]:-0}" 'BEGIN {exit !(a > b)}' && best[libtiff]=$r
    for b in libdeflate isal zlib managed; do
        r=$(SITIFF_DEFLATE=$b taskset -c 0 "$BENCH" --decode-rate "$WORK/zip.tif" | sed -n 2p | awk '{print $3}')
        awk -v a="$r" -v c="${best[$b]:-0}" 'BEGIN {exit !(a > c)}' && best[$b]=$r
    done
done
for b in libdeflate isal zlib managed; do
    echo "zip: libtiff ${best[libtiff]} MB/s, engine with $b ${best[$b]} MB/s, ratio $(awk -v a="${best[$b]}" -v c="${best[libtiff]}" 'BEGIN {printf "%.2f", a / c}')x"
done
for c in lzw zstd; do
    lib=$(for i in 1 2 3 4 5; do taskset -c 0 "$WORK/strips" "$WORK/$c.tif"; done | awk '{print $3}' | sort -g | tail -1)
    ours=$(for i in 1 2 3 4 5; do taskset -c 0 "$BENCH" --decode-rate "$WORK/$c.tif" | sed -n 2p; done | awk '{print $3}' | sort -g | tail -1)
    echo "$c: libtiff $lib MB/s, engine $ours MB/s, ratio $(awk -v a="$ours" -v b="$lib" 'BEGIN {printf "%.2f", a / b}')x"
done

echo "== 2. whole process: sitiff data --checksum xxh3 vs the libtiff strip loop =="
for c in zip lzw zstd; do
    hyperfine -N -w 2 -r 10 --export-json "$WORK/whole-$c.json" \
        "$WORK/strips $WORK/$c.tif" "$SITIFF data $WORK/$c.tif --checksum xxh3" 2>&1 | grep -E 'Time|±|faster' || true
done

echo "== 3. write zstd: sitiff (default level 3, all cores) vs tiffcp -c zstd (libtiff's default level 9) =="
hyperfine -N -w 1 -r 5 \
    "tiffcp -c zstd $WORK/raw.tif $WORK/w-tiffcp.tif" \
    "$SITIFF data $WORK/raw.tif --format tif --compression zstd --out $WORK/w-sitiff.tif" 2>&1 | grep -E 'Time|±|faster' || true
ls -l "$WORK/raw.tif" "$WORK/w-tiffcp.tif" "$WORK/w-sitiff.tif" 2>/dev/null || true
