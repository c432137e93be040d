#!/usr/bin/env bash
# Whole-process timings of the NativeAOT `sitiff` against its peers, every ratio from ONE hyperfine run
# of both commands (warm page cache unless said otherwise). Prints a markdown table (the README's
# "Whole process" table is this output from one run) and writes it to $WORK/whole-process.md.
#
#   bench/whole-process.sh [--runs N] [--warmup N] [--no-cold] [--sitiff PATH]
#
# Inputs are the benchmark project's generated stacks, written once into $SITIFF_BENCH_DATA (default
# /tmp/sitiff-bench) by `dotnet run --project Engine.Benchmarks -- --prepare A1kBig C100kSmall`:
# (a) 1 000 x 512x512 int16 BigTIFF in ScanImage layout (0.5 GB), (c) 100 000 x 64x64 int16.
# Peers (bench/c/, compiled here): strips.c (libtiff TIFFReadEncodedStrip of every strip into one buffer,
# hashed with XXH3 as it goes: it prints the same xxh3 as sitiff, which is checked), mmapsum.c (sums the
# file through a fresh mmap), firstopen.c (walks the IFD chain touching only each IFD's count and next
# pointer, through a fresh mmap or with --pread: the floors of a first open), libopen.c (times, in-process,
# the first open of a file in a fresh process through the engine's C library, libscanimagetiff.so, which the
# Python module also opens through; its rows pair it with firstopen --time, which times its own walk the
# same way, alternating fresh processes: the issue's "first open" is an in-process time), coldfloor.c (a cold checksum
# done the plain way: a pread walk of the IFD chain that asks for the IFDs ahead, then XXH3 of each strip
# in order; it prints the same xxh3, which is checked). The cold rows drop the page cache
# (`echo 3 > /proc/sys/vm/drop_caches`) before every run of each command; they are skipped where that is
# not allowed, or with --no-cold. The last row, a raw export of (a) (`data --out F.raw`)
# against `cat` copying the file, both through `sh -c`, is not an issue target.
#
# The warm rows depend on HOW the file's pages came into the page cache, and the mmap peers most of all:
# pages a writer left there are 4 KiB folios, one page fault per 64 KiB of a fresh mapping, while pages
# read back from disk by read-ahead are large folios that one fault maps 2 MiB at a time (Linux 6.18 here:
# the C mmap sum of (c) took 556 ms on a fresh copy and 66 ms on the same bytes read back). So the warm
# rows run twice: "as written" on fresh copies of the inputs, then (where the page cache may be dropped)
# "read back" on the same copies after a drop and one sequential read.
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

runs=10
warmup=2
cold=1
sitiff=
while [[ $# -gt 0 ]]; do
    case $1 in
        --runs) runs=$2; shift 2 ;;
        --warmup) warmup=$2; shift 2 ;;
        --no-cold) cold=0; shift ;;
        --sitiff) sitiff=$2; shift 2 ;;
        *) echo "usage: $0 [--runs N] [--warmup N] [--no-cold] [--sitiff PATH]" >&2; exit 1 ;;
    esac
done

work=${SITIFF_WHOLE_WORK:-/tmp/sitiff-whole}
mkdir -p "$work"

# Tools: hyperfine, tiffinfo (libtiff-tools), libtiff and xxHash headers for the C peers.
need=()
command -v hyperfine >/dev/null || need+=(hyperfine)
command -v tiffinfo >/dev/null || need+=(libtiff-tools)
command -v cc >/dev/null || need+=(gcc)
[[ -e /usr/include/tiffio.h || -e /usr/include/x86_64-linux-gnu/tiffio.h ]] || need+=(libtiff-dev)
[[ -e /usr/include/xxhash.h ]] || need+=(libxxhash-dev)
command -v xxhsum >/dev/null || need+=(xxhash)
if [[ ${#need[@]} -gt 0 ]]; then
    apt-get update -qq && apt-get install -y -qq "${need[@]}" >/dev/null
fi

if [[ -z $sitiff ]]; then
    dotnet publish Engine.Cli -c Release -o "$work/sitiff-aot" --nologo >"$work/publish.log" 2>&1 \
        || { tail -n 20 "$work/publish.log"; exit 1; }
    sitiff=$work/sitiff-aot/sitiff
fi

cc -O2 bench/c/strips.c -o "$work/strips" -ltiff -lxxhash
cc -O3 -march=native bench/c/mmapsum.c -o "$work/mmapsum"
cc -O2 bench/c/firstopen.c -o "$work/firstopen"
cc -O3 -march=native bench/c/coldfloor.c -o "$work/coldfloor" -lxxhash
dotnet publish Engine.Native -c Release -r linux-x64 -o "$work/native" --nologo >"$work/publish-native.log" 2>&1 \
    || { tail -n 20 "$work/publish-native.log"; exit 1; }
cc -O2 bench/c/libopen.c -I Engine.Native/include -L "$work/native" -lscanimagetiff -Wl,-rpath,"$work/native" -o "$work/libopen"

mapfile -t inputs < <(dotnet run -c Release --project Engine.Benchmarks -- --prepare A1kBig C100kSmall | tail -n 2)
a=${inputs[0]}
c=${inputs[1]}

# The peer must compute the same thing: same XXH3-64 of the pixel bytes in frame order.
for f in "$a" "$c"; do
    ours=$("$sitiff" data "$f" --checksum xxh3)
    theirs=$("$work/strips" "$f")
    if [[ $ours != "$theirs" ]]; then
        echo "checksum mismatch on $f: sitiff $ours, libtiff $theirs" >&2
        exit 1
    fi
    floor=$("$work/coldfloor" "$f")
    if [[ $ours != "$floor" ]]; then
        echo "checksum mismatch on $f: sitiff $ours, coldfloor $floor" >&2
        exit 1
    fi
done

# Fresh copies: their pages are in the page cache as written (see the top of this file).
cat "$a" >"$work/a.tif"
cat "$c" >"$work/c.tif"
a=$work/a.tif
c=$work/c.tif

# run NAME COMMAND... : one hyperfine run of all COMMANDs, results in $work/NAME.json.
run() {
    local name=$1
    shift
    hyperfine -N --style basic --warmup "$warmup" --runs "$runs" --export-json "$work/$name.json" "$@" >&2
}

# opens STATE: in-process first opens of (c), each in a fresh process, the three commands taking turns for
# warmup + runs rounds; the in-process milliseconds of the timed rounds go to $work/open-c-STATE.txt, one line each.
opens() {
    local out=$work/open-c-$1.txt r
    : >"$out"
    for ((r = 0; r < warmup + runs; r++)); do
        local lib walk pread
        lib=$("$work/libopen" "$c" | awk '{print $3}')
        walk=$("$work/firstopen" --time "$c" | awk '{print $3}')
        pread=$("$work/firstopen" --time --pread "$c" | awk '{print $3}')
        ((r < warmup)) || echo "$lib $walk $pread" >>"$out"
    done
}

# warm STATE: the warm rows, results in $work/*-STATE.json and open-c-STATE.txt.
warm() {
    run "info-a-$1" "$sitiff info $a" "tiffinfo $a" "$sitiff --version"
    run "info-c-$1" "$sitiff info $c" "tiffinfo $c" "$work/firstopen $c" "$work/firstopen --pread $c"
    opens "$1"
    run "sum-a-$1" "$sitiff data $a --checksum xxh3" "$work/strips $a" "$work/mmapsum $a"
    run "sum-c-$1" "$sitiff data $c --checksum xxh3" "$work/strips $c" "$work/mmapsum $c"
}

warm written
dropped=0
if [[ -w /proc/sys/vm/drop_caches ]] && (sync && echo 3 >/proc/sys/vm/drop_caches) 2>/dev/null; then
    dropped=1
    cat "$a" "$c" >/dev/null
    warm read
fi
cold_ok=0
if [[ $cold == 1 && $dropped == 1 ]]; then
    cold_ok=1
    # A cold read here comes from the host's cache: dd alone ranged 0.12-0.70 s in one run of 8, so 3 runs gave
    # medians that swung the ratio between 0.5x and 1.0x, and the host's own state moves dd's median between runs
    # (117 to 239 ms on 2026-12-05). 15 runs per command; coldfloor, in the same run, is the steadier yardstick.
    hyperfine --style basic --runs 15 --prepare 'sync; echo 3 > /proc/sys/vm/drop_caches' \
        --export-json "$work/cold-a.json" "$sitiff data $a --checksum xxh3" "dd if=$a of=/dev/null bs=1M" "$work/coldfloor $a" >&2
fi

# Last, because it leaves 0.5 GB of dirty pages per run behind: a raw export of (a) against cat copying the file.
run "export-a" "sh -c '$sitiff data $a --out $work/out.raw'" "sh -c 'cat $a > $work/out-cat.raw'"
rm -f "$work/out.raw" "$work/out-cat.raw"

python3 - "$work" "$cold_ok" "$dropped" <<'EOF' | tee "$work/whole-process.md"
import json, statistics, sys
work, cold, dropped = sys.argv[1], sys.argv[2] == "1", sys.argv[3] == "1"

def load(name):
    r = json.load(open(f"{work}/{name}.json"))["results"]
    return [(statistics.median(x["times"]), x["user"] + x["system"]) for x in r]

def opens(state):
    rows_ = [[float(v) / 1000 for v in line.split()] for line in open(f"{work}/open-c-{state}.txt") if line.strip()]
    return [(statistics.median(col), float("nan")) for col in zip(*rows_)]

def ms(s):
    return f"{s * 1000:.0f} ms" if s >= 0.0095 else f"{s * 1000:.1f} ms"

rows = []
def row(work_, ours, peer_name, peer, target, limit, inverse=False):
    wall = peer[0] / ours[0] if inverse else ours[0] / peer[0]
    cpu = peer[1] / ours[1] if inverse else ours[1] / peer[1]
    cpu = "—" if cpu != cpu else f"{cpu:.2f}×"
    verdict = target if limit is None else f"{target}: {'met' if (wall >= limit if inverse else wall <= limit) else 'MISS'}"
    rows.append(f"| {work_} | {ms(ours[0])} | {peer_name} {ms(peer[0])} | {wall:.2f}× | {cpu} | {verdict} |")

states = [("written", "as written")] + ([("read", "read back")] if dropped else [])
for state, label in states:
    ia, ic, sa, sc = (load(f"{n}-{state}") for n in ("info-a", "info-c", "sum-a", "sum-c"))
    oc = opens(state)
    row(f"`sitiff info`, (a) 1 000 IFDs, {label}", ia[0], "`tiffinfo`", ia[1], "≤ 1.0×", 1.0)
    row(f"`sitiff info`, (c) 100 000 IFDs, {label}", ic[0], "`tiffinfo`", ic[1], "≤ 0.1×", 0.1)
    row(f"first open of (c) in a fresh process, in-process: `sitiff_open` (C library), {label}", oc[0], "C chain walk, fresh mmap, in-process", oc[1], "≤ 1.2×", 1.2)
    row(f"first open of (c) in a fresh process, in-process: `sitiff_open` (C library), {label}", oc[0], "C chain walk, pread, in-process", oc[2], "≤ 1.2×", 1.2)
    row(f"`sitiff info`, (c), whole process, {label}", ic[0], "C chain walk, fresh mmap", ic[2], "(not a target: adds the runtime's start)", None)
    row(f"`sitiff info`, (c), whole process, {label}", ic[0], "C chain walk, pread", ic[3], "(not a target: adds the runtime's start)", None)
    row(f"`data --checksum xxh3`, (a) 0.5 GB, {label}", sa[0], "libtiff strip loop", sa[1], "≤ 0.5×", 0.5)
    row(f"`data --checksum xxh3`, (a), {label}", sa[0], "C sum, fresh mmap", sa[2], "≤ 1.5×", 1.5)
    row(f"`data --checksum xxh3`, (c) 100 000 frames, {label}", sc[0], "libtiff strip loop", sc[1], "≤ 0.25×", 0.25)
    row(f"`data --checksum xxh3`, (c), {label}", sc[0], "C sum, fresh mmap", sc[2], "≤ 1.5×", 1.5)
if cold:
    ca = load("cold-a")
    row("`data --checksum xxh3`, (a), cold cache (throughput)", ca[0], "`dd bs=1M`", ca[1], "≥ 0.9× dd", 0.9, inverse=True)
    row("`data --checksum xxh3`, (a), cold cache", ca[0], "C walk, then XXH3 of the strips", ca[2], "(not a target)", None)
ea = load("export-a")
row("`data --out F.raw` (export), (a), after the rows above", ea[0], "`cat` of the file", ea[1], "(not a target)", None)
print("| work | sitiff (median) | peer (median), same run | ratio | CPU ratio (user+sys) | target |")
print("|---|---|---|---|---|---|")
print("\n".join(rows))
print(f"\n`sitiff --version` (process start): {ms(load('info-a-written')[2][0])}. Ratios are sitiff / peer medians (the cold row: dd time / sitiff time, i.e. throughput); the first-open rows are medians of in-process times over fresh processes taking turns (no CPU ratio).")
EOF
