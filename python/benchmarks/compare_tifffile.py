"""Times scanimagetiff's data() against tifffile on the corpus files (warm page cache).

    PYTHONPATH=python /usr/bin/python3 python/benchmarks/compare_tifffile.py [corpus-dir]

A rough wall-clock comparison (timeit, best of 5); the machine may be shared, so treat ratios,
not absolute numbers, as the result. Speed claims of the engine itself are BenchmarkDotNet's job.
"""

import json
import os
import sys
import timeit
from pathlib import Path

import numpy as np
import tifffile

from scanimagetiff.ScanImageTiffReader import ScanImageTiffReader


def main():
    corpus = Path(sys.argv[1] if len(sys.argv) > 1 else os.environ.get("SITIFF_CORPUS", "../shared/corpus/real"))
    expected = json.loads((corpus / "expected.json").read_text())
    names = list(expected["files"])
    groups = expected["groups"]
    print(f"{'file':<58} {'MB':>6} {'sitiff ms':>10} {'tifffile ms':>12} {'ratio':>6}")
    total_a = total_b = 0.0

    def row(label, size, a, b):
        nonlocal total_a, total_b
        total_a += a
        total_b += b
        print(f"{label[:58]:<58} {size / 1e6:6.2f} {a * 1e3:10.3f} {b * 1e3:12.3f} {b / a:6.1f}x")

    for name in names:
        path = str(corpus / name)
        with ScanImageTiffReader(path) as r:
            ours = r.data()
        theirs = tifffile.imread(path, key=range(len(ours) if ours.ndim == 3 else 1))
        assert np.array_equal(ours.reshape(theirs.shape), theirs)
        a = min(timeit.repeat(lambda: ScanImageTiffReader(path).data(), number=5, repeat=5)) / 5
        b = min(timeit.repeat(lambda: tifffile.imread(path, key=range(len(ours) if ours.ndim == 3 else 1)),
                              number=5, repeat=5)) / 5
        row(name, ours.nbytes, a, b)
    for group, g in groups.items():
        paths = [str(corpus / f) for f in g["files"]]
        ours = ScanImageTiffReader.from_files(paths).data()
        a = min(timeit.repeat(lambda: ScanImageTiffReader.from_files(paths).data(), number=3, repeat=5)) / 3
        b = min(timeit.repeat(lambda: np.concatenate([tifffile.imread(p, key=range(g["ifds_per_file"][0])) for p in paths]),
                              number=3, repeat=5)) / 3
        row(group + " (10 files, one reader)", ours.nbytes, a, b)
    print(f"{'total (open + index + read, every file)':<58} {'':>6} {total_a * 1e3:10.3f} {total_b * 1e3:12.3f} "
          f"{total_b / total_a:6.1f}x")


if __name__ == "__main__":
    main()
