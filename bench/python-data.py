#!/usr/bin/env python3
"""In-process median of 5: Python data() of a whole stack into a fresh numpy array (this project's module over
libscanimagetiff.so) against tifffile.imread, after checking both give the same array. Compare with the C
floor, bench/c/copyfloor.c (fresh MADV_HUGEPAGE memory filled on two cores from a warm mapping).

    SCANIMAGETIFF_LIB=.../libscanimagetiff.so /usr/bin/python3 bench/python-data.py FILE.tif [python-dir]
"""
import statistics
import sys
import time

import numpy as np
import tifffile

sys.path.insert(0, sys.argv[2] if len(sys.argv) > 2 else "python")
from scanimagetiff.ScanImageTiffReader import ScanImageTiffReader  # noqa: E402


def median_of_5(fn):
    times = []
    for _ in range(5):
        t = time.perf_counter()
        a = fn()
        times.append(time.perf_counter() - t)
        del a
    return statistics.median(times) * 1e3, min(times) * 1e3, max(times) * 1e3


def main():
    path = sys.argv[1]
    reader = ScanImageTiffReader(path)
    ours, theirs = reader.data(), tifffile.imread(path)
    if ours.shape != theirs.shape or not np.array_equal(ours, theirs):
        print("data() differs from tifffile", file=sys.stderr)
        return 1
    del ours, theirs
    for name, fn in (("data() (file open)", reader.data), ("tifffile.imread", lambda: tifffile.imread(path))):
        med, lo, hi = median_of_5(fn)
        print(f"{name}: median {med:.1f} ms (min {lo:.1f}, max {hi:.1f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
