#!/usr/bin/env python3
"""Live latency of `sitiff stream --follow --json`: a writer appends frames to a TIFF at a fixed rate and
notes the moment each frame is linked into the IFD chain (pixels and IFD written, then the previous
next-IFD pointer patched); a reader thread notes the moment each JSON line arrives from the follower.
Latency = arrival - link, both on CLOCK_MONOTONIC. Also the follower's CPU while it waits for a frame
that never comes (user + system ticks from /proc over an idle period, as % of one core).

    latency.py SITIFF [--frames 60] [--rate 30] [--size 512] [--idle 3] [--dir /tmp]
Prints one markdown row per run and exits 1 when a frame is missing or wrong.
"""
import argparse, json, os, signal, statistics, struct, subprocess, sys, tempfile, threading, time

def ifd(width, height, data_offset):
    """A classic little-endian IFD of one int16 strip, next pointer 0."""
    entries = [  # tag, type, count, value
        (256, 4, 1, width), (257, 4, 1, height), (258, 3, 1, 16), (259, 3, 1, 1), (262, 3, 1, 1),
        (273, 4, 1, data_offset), (277, 3, 1, 1), (278, 4, 1, height), (279, 4, 1, width * height * 2),
        (339, 3, 1, 2),
    ]
    out = struct.pack("<H", len(entries))
    for tag, typ, count, value in entries:
        out += struct.pack("<HHI", tag, typ, count) + (struct.pack("<HH", value, 0) if typ == 3 else struct.pack("<I", value))
    return out + struct.pack("<I", 0)

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("sitiff")
    ap.add_argument("--frames", type=int, default=60)
    ap.add_argument("--rate", type=float, default=30.0)
    ap.add_argument("--size", type=int, default=512)
    ap.add_argument("--idle", type=float, default=3.0)
    ap.add_argument("--dir", default=None, help="folder for the file (default: a new temporary folder, like a data folder)")
    a = ap.parse_args()
    w = h = a.size
    frame_bytes = w * h * 2
    folder = a.dir or tempfile.mkdtemp(prefix="sitiff-latency-")
    path = os.path.join(folder, f"live_00001_00001.tif")
    fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_TRUNC, 0o644)
    end = 8
    pointer_at = 4  # where the pointer to the next IFD goes: the header's first-IFD pointer, then each IFD's last 4 bytes
    linked = {}

    def write_frame(i):
        nonlocal end, pointer_at
        pixels = (bytes([i % 251, i % 13]) * (frame_bytes // 2))
        data_at = end
        os.pwrite(fd, pixels, data_at)
        at = data_at + frame_bytes
        block = ifd(w, h, data_at)
        os.pwrite(fd, block, at)
        end = at + len(block)
        os.pwrite(fd, struct.pack("<I", at), pointer_at)  # link: from now on the frame is in the chain
        linked[i] = time.monotonic_ns()
        pointer_at = end - 4

    os.pwrite(fd, b"II*\x00" + struct.pack("<I", 0), 0)
    write_frame(0)  # the follower starts on a file with one frame
    proc = subprocess.Popen([a.sitiff, "stream", path, "--follow", "--json", "--idle-timeout", "60"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, bufsize=0)
    arrived = {}
    means = {}
    first = threading.Event()

    def read():
        for line in proc.stdout:
            t = time.monotonic_ns()
            o = json.loads(line)
            arrived[o["index"]] = t
            means[o["index"]] = o["mean"]
            first.set()

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    if not first.wait(30):
        print("the follower printed nothing within 30 s", file=sys.stderr)
        proc.kill()
        return 1
    time.sleep(0.5)  # let it settle into waiting
    period = 1.0 / a.rate
    start = time.monotonic()
    for i in range(1, a.frames + 1):
        delay = start + i * period - time.monotonic()
        if delay > 0:
            time.sleep(delay)
        write_frame(i)
    time.sleep(0.3)

    # Idle: no writes; CPU ticks of the follower over the idle period.
    def ticks():
        with open(f"/proc/{proc.pid}/stat") as f:
            parts = f.read().rsplit(")", 1)[1].split()
        return int(parts[11]) + int(parts[12])
    t0, c0 = time.monotonic(), ticks()
    time.sleep(a.idle)
    t1, c1 = time.monotonic(), ticks()
    idle_cpu = 100.0 * (c1 - c0) / os.sysconf("SC_CLK_TCK") / (t1 - t0)

    proc.send_signal(signal.SIGINT)
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()
    reader.join(5)
    os.close(fd)
    os.unlink(path)
    if a.dir is None:
        os.rmdir(folder)

    missing = [i for i in range(1, a.frames + 1) if i not in arrived]
    if missing:
        print(f"frames never printed: {missing[:10]}", file=sys.stderr)
        return 1
    lat = [(arrived[i] - linked[i]) / 1e6 for i in range(1, a.frames + 1)]
    if min(lat) < 0:
        print("a line arrived before its frame was linked", file=sys.stderr)
        return 1
    print(f"| {a.frames} frames of {w}×{h} int16 at {a.rate:g} Hz | {statistics.median(lat):.2f} ms | "
          f"{sorted(lat)[int(0.95 * (len(lat) - 1))]:.2f} ms | {max(lat):.2f} ms | {idle_cpu:.2f} % |")
    return 0

if __name__ == "__main__":
    sys.exit(main())
