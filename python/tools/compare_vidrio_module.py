"""Runs Vidrio's own Python module (scanimage-tiff-reader 1.4.1, not part of this repository) over
libscanimagetiff and compares it, file by file, with this repository's drop-in, tifffile and the corpus's
expected.json.

Prepare Vidrio's module in a scratch folder, changing only where it loads its library: its
``ScanImageTiffReader/__init__.py`` calls ``external.resource_path()``; make that return the path of
``libscanimagetiff.so`` (e.g. a two-line ``external.py`` reading an environment variable). Then:

    PYTHONPATH=python /usr/bin/python3 python/tools/compare_vidrio_module.py /scratch/vidrio-py [corpus-dir]

where ``/scratch/vidrio-py`` contains the ``ScanImageTiffReader`` package. Prints one line per corpus file
(len, shape, dtype, data, tifffile, data(b, e) == data()[b:e], every description, metadata) and exits 1
when any differs.
"""

import hashlib
import json
import sys
from pathlib import Path

import numpy as np
import tifffile


def main(vidrio_dir, corpus):
    sys.path.insert(0, str(vidrio_dir))
    import ScanImageTiffReader as vidrio  # Vidrio's module, loading libscanimagetiff
    if not Path(vidrio.__file__).resolve().is_relative_to(Path(vidrio_dir).resolve()):
        raise SystemExit(f"imported {vidrio.__file__}, not Vidrio's module from {vidrio_dir}")
    from scanimagetiff.ScanImageTiffReader import ScanImageTiffReader as Ours

    expected = json.loads((corpus / "expected.json").read_text())
    print("Vidrio's module:", vidrio.__file__, "| library:", vidrio.api_version())
    differing = 0
    for name, e in sorted(expected["files"].items()):
        path = str(corpus / name)
        with vidrio.ScanImageTiffReader(path) as v, Ours(path) as o:
            n = len(v)
            full = v.data()
            with tifffile.TiffFile(path) as tf:
                pages = np.stack([p.asarray() for p in tf.pages])
            intervals = [(0, 1), (1, n), (n // 3, n // 2 + 1), (0, n)]
            result = {
                "len": n == len(o) == e["ifd_count"],
                "shape": list(v.shape()) == o.shape() == list(full.shape),
                "dtype": v.dtype() == o.dtype() == np.dtype(e["dtype"]),
                "data": np.array_equal(full, o.data()) and hashlib.sha256(full.tobytes()).hexdigest() == e["pixel_sha256"],
                "tifffile": np.array_equal(full.reshape(-1), pages.reshape(-1)),
                "data(b,e)": all(np.array_equal(v.data(b, b2), full[b:b2]) for b, b2 in intervals) if n > 1 else None,
                "descriptions": all(v.description(i) == o.description(i) for i in range(n)),
                "metadata": v.metadata() == o.metadata(),
            }
        bad = [k for k, ok in result.items() if ok is False]
        differing += bool(bad)
        cells = ", ".join(f"{k}={'n/a' if ok is None else ('ok' if ok else 'DIFFERS')}" for k, ok in result.items())
        print(f"{'ok  ' if not bad else 'DIFF'} {name}: {cells}")
    print(f"{len(expected['files']) - differing} of {len(expected['files'])} files identical")
    return 1 if differing else 0


if __name__ == "__main__":
    if len(sys.argv) < 2:
        raise SystemExit(__doc__)
    repo = Path(__file__).resolve().parents[2]
    corpus_dir = Path(sys.argv[2]) if len(sys.argv) > 2 else repo.parent / "shared" / "corpus" / "real"
    sys.exit(main(Path(sys.argv[1]), corpus_dir))
