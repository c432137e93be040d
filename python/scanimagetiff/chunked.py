"""Dask arrays and read-only zarr v2 stores over a ScanImage file or a multi-file acquisition.

Both cut the stack into the same chunks: runs of frames (about 64 MiB by default) that stay inside
one file. A chunk is described by plain data only (file paths and frame or IFD indices), and is read
by :func:`read_block`, which opens its file(s) by path through the native library in whatever
process runs it. So a Dask graph holds no open handle or memory mapping, pickles small, and runs on
any worker that can load ``libscanimagetiff`` and see the files (shared storage).

``shaped=True`` orders the frames as ScanImage acquired them, (volume, slice, channel, y, x), with
flyback frames and incomplete trailing volumes left out; when a slice holds several frames
(``frames_per_slice`` > 1, e.g. slow stacks) an axis for them follows the slice axis:
(volume, slice, frame, channel, y, x).
"""

import os
from collections.abc import MutableMapping
from concurrent.futures import ThreadPoolExecutor

import numpy as np

from . import errors
from .ScanImageTiffReader import ScanImageTiffReader, _typemap_

__all__ = ["to_dask", "aszarr", "ScanImageZarrStore", "read_block", "DEFAULT_CHUNK_BYTES"]

DEFAULT_CHUNK_BYTES = 64 * 2**20


def _paths(path_or_paths):
    if isinstance(path_or_paths, (str, bytes, os.PathLike)):
        return [os.fsdecode(os.fspath(path_or_paths))]
    paths = [os.fsdecode(os.fspath(p)) for p in path_or_paths]
    if not paths:
        raise ValueError("no files given")
    return paths


def _describe(path):
    """(frames, frame shape, dtype) of one file; its frames must agree in shape and type."""
    with ScanImageTiffReader(path) as r:
        s = r._shape4()
        frame = (s.height, s.width) if s.samples_per_pixel == 1 else (s.height, s.width, s.samples_per_pixel)
        return s.frames, frame, _typemap_[s.type]


def _run_length(per_file, target, exact):
    """``target`` frames (or volumes) per chunk when the caller asked for it (``exact``); otherwise a
    length near it that divides the common per-file count when there is one, so chunks are regular
    (zarr needs that) and never straddle two files."""
    target = max(1, int(target))
    if exact:
        return target
    per_file = [int(n) for n in per_file]
    if len(set(per_file)) == 1 and per_file[0] > 0:
        m = per_file[0]
        if m <= target:
            return m
        divisor = max(d for d in range(1, target + 1) if m % d == 0)
        if divisor * 2 >= target:
            return divisor
    return target


def read_block(pieces, shape, dtype, frame_ndim=2):
    """Reads one chunk: ``pieces`` is a tuple of ``(path, beg, end)`` (a frame run) or
    ``(path, ifds)`` (an int64 array of IFD indices) items, read in order into a new array of
    ``shape`` (leading axes, then the frame's ``frame_ndim`` axes) and ``dtype``. Each file is opened
    by path here, in the process that runs the task."""
    out = np.empty(shape, dtype=dtype)
    flat = out.reshape((-1,) + tuple(shape[len(shape) - frame_ndim:]))
    at = 0
    for piece in pieces:
        path = piece[0]
        with ScanImageTiffReader(path) as r:
            if len(piece) == 3:
                n = piece[2] - piece[1]
                r.read_into(flat[at:at + n], piece[1], piece[2])
            else:
                n = len(piece[1])
                r.read_into(flat[at:at + n], 0, ifds=piece[1])
        at += n
    return out


class _Plan:
    """Files, frame counts and the chunk layout, computed once on the client."""

    def __init__(self, path_or_paths, frames_per_chunk=None, shaped=False):
        self.paths = _paths(path_or_paths)
        with ThreadPoolExecutor(max_workers=min(8, len(self.paths))) as pool:  # native calls release the GIL
            described = list(pool.map(_describe, self.paths))
        self.counts = [d[0] for d in described]
        self.frame_shape, self.dtype = described[0][1], described[0][2]
        for path, (_, frame, dtype) in zip(self.paths, described):
            if frame != self.frame_shape or dtype != self.dtype:
                raise errors.NotSupportedError(
                    f"{path}: frames are {frame} {dtype}, but {self.paths[0]}'s are {self.frame_shape} {self.dtype}")
        self.starts = np.concatenate([[0], np.cumsum(self.counts)]).astype(np.int64)
        self.frame_bytes = int(np.prod(self.frame_shape)) * self.dtype.itemsize
        self.shaped = shaped
        if shaped:
            self._plan_volumes(frames_per_chunk)
        else:
            self._plan_frames(frames_per_chunk)

    # -- flat: (frame, y, x) ------------------------------------------------------------------

    def _plan_frames(self, frames_per_chunk):
        per_file = self.counts[:-1] if len(self.counts) > 1 else self.counts
        run = _run_length(per_file, frames_per_chunk or DEFAULT_CHUNK_BYTES // max(1, self.frame_bytes),
                          frames_per_chunk is not None)
        if frames_per_chunk is not None and int(frames_per_chunk) < 1:
            raise ValueError(f"frames_per_chunk must be at least 1, not {frames_per_chunk}")
        self.run = run
        self.shape = (int(self.starts[-1]),) + self.frame_shape
        self.axes = ("frame", "y", "x") + (("sample",) if len(self.frame_shape) == 3 else ())
        # Dask: runs restart at every file, so no chunk spans two files.
        self.blocks = []
        for f, n in enumerate(self.counts):
            for beg in range(0, n, run):
                self.blocks.append(((self.paths[f], beg, min(beg + run, n)),))

    def frames_to_pieces(self, g0, g1):
        """Global frames [g0, g1) as per-file runs."""
        pieces = []
        f = int(np.searchsorted(self.starts, g0, side="right")) - 1
        while g0 < g1:
            while self.starts[f + 1] <= g0:
                f += 1
            stop = min(g1, int(self.starts[f + 1]))
            pieces.append((self.paths[f], g0 - int(self.starts[f]), stop - int(self.starts[f])))
            g0 = stop
        return tuple(pieces)

    # -- shaped: (volume, slice, [frame,] channel, y, x) -----------------------------------------

    def _plan_volumes(self, frames_per_chunk):
        with (ScanImageTiffReader(self.paths[0]) if len(self.paths) == 1
              else ScanImageTiffReader.from_files(self.paths)) as r:
            structure = r.structure()
            if structure is None:
                raise errors.NotSupportedError(
                    f"shaped=True needs ScanImage metadata (channels, slices, volumes); {self.paths[0]} has none")
            coords = r.coordinates()
        c, z, fps = len(structure["channels"]), structure["slices_per_volume"], structure["frames_per_slice"]
        keep = coords[coords["flyback"] == 0]
        volumes, counts = np.unique(keep["volume"], return_counts=True)
        complete = volumes[counts == c * z * fps]
        keep = keep[np.isin(keep["volume"], complete)]
        index = np.full((len(complete), z, fps, c), -1, dtype=np.int64)
        index[np.searchsorted(complete, keep["volume"]), keep["slice"], keep["frame_in_slice"],
              keep["channel_index"]] = keep["ifd"]
        if (index < 0).any():
            raise errors.NotSupportedError("the acquisition's complete volumes do not fill every slice and channel")
        self.channels = structure["channels"]
        self.index = index if fps > 1 else index[:, :, 0, :]
        per_volume = self.index[0].size if len(complete) else c * z * fps
        if frames_per_chunk is not None and int(frames_per_chunk) < 1:
            raise ValueError(f"frames_per_chunk must be at least 1, not {frames_per_chunk}")
        target = (int(frames_per_chunk) if frames_per_chunk else DEFAULT_CHUNK_BYTES // max(1, self.frame_bytes)) // per_volume
        # Volumes per file, where every volume sits in one file: aligned chunks never straddle files.
        first_file = np.searchsorted(self.starts, self.index.reshape(len(complete), -1).min(axis=1), side="right") - 1 \
            if len(complete) else np.zeros(0, dtype=np.int64)
        _, per_file = np.unique(first_file, return_counts=True)
        self.run = _run_length(list(per_file[:-1]) if len(per_file) > 1 else list(per_file), max(1, target),
                               frames_per_chunk is not None)
        self.shape = tuple(int(d) for d in self.index.shape + self.frame_shape)
        self.axes = ("volume", "slice") + (("frame",) if fps > 1 else ()) + ("channel", "y", "x") + (
            ("sample",) if len(self.frame_shape) == 3 else ())
        self.blocks = []
        v, n = 0, len(complete)
        while v < n:
            stop = v + 1
            while stop < n and stop - v < self.run and first_file[stop] == first_file[v]:
                stop += 1
            self.blocks.append(self.volumes_to_pieces(v, stop))
            v = stop

    def volumes_to_pieces(self, v0, v1):
        """Complete volumes [v0, v1) as per-file IFD lists, in (volume, slice, [frame,] channel) order."""
        ifds = self.index[v0:v1].reshape(-1)
        files = np.searchsorted(self.starts, ifds, side="right") - 1
        cuts = np.flatnonzero(np.diff(files)) + 1
        return tuple((self.paths[int(f[0])], ifd - self.starts[int(f[0])])
                     for ifd, f in zip(np.split(ifds, cuts), np.split(files, cuts)))

    # -- both -------------------------------------------------------------------------------------

    def block_shape(self, pieces):
        n = sum((p[2] - p[1]) if len(p) == 3 else len(p[1]) for p in pieces)
        lead = self.shape[:len(self.shape) - len(self.frame_shape)]
        return (n // int(np.prod(lead[1:], dtype=np.int64)),) + tuple(lead[1:]) + self.frame_shape

    def chunk_pieces(self, i):
        """Pieces of regular chunk i (zarr's grid: ``run`` frames or volumes per chunk)."""
        if self.shaped:
            return self.volumes_to_pieces(i * self.run, min((i + 1) * self.run, self.shape[0]))
        return self.frames_to_pieces(i * self.run, min((i + 1) * self.run, self.shape[0]))


def to_dask(path_or_paths, frames_per_chunk=None, shaped=False):
    """A lazy ``dask.array.Array`` over one file or a multi-file acquisition (files in the order given).

    Chunks are runs of ``frames_per_chunk`` frames (default: about 64 MiB), restarting at every file so
    no chunk reads two files; with ``shaped=True``, runs of whole volumes (``frames_per_chunk`` counts
    frames and is rounded down to whole volumes, at least one). Each task opens its file by path in the
    worker: the graph holds only paths and indices.
    """
    import dask.array as da
    from dask.base import tokenize

    plan = _Plan(path_or_paths, frames_per_chunk, shaped)
    stats = [(p, os.stat(p).st_size, os.stat(p).st_mtime_ns) for p in plan.paths]
    name = "scanimagetiff-" + tokenize(stats, plan.run, shaped)
    zeros = (0,) * (len(plan.shape) - 1)
    graph, lengths = {}, []
    for i, pieces in enumerate(plan.blocks):
        shape = plan.block_shape(pieces)
        graph[(name, i) + zeros] = (read_block, pieces, shape, plan.dtype, len(plan.frame_shape))
        lengths.append(shape[0])
    chunks = (tuple(lengths),) + tuple((d,) for d in plan.shape[1:])
    if not lengths:
        chunks = ((0,),) + chunks[1:]
        graph[(name, 0) + zeros] = (np.empty, (0,) + plan.shape[1:], plan.dtype)
    return da.Array(graph, name, chunks, dtype=plan.dtype)


class ScanImageZarrStore(MutableMapping):
    """A read-only zarr v2 store (a ``MutableMapping`` whose writes raise ``PermissionError``; zarr wraps it
    in its ``KVStore``) over the same chunks as :func:`to_dask`: ``.zarray``,
    ``.zattrs`` (xarray's ``_ARRAY_DIMENSIONS``, the files, the channels) and uncompressed chunks
    ``"i.0.0..."`` read on demand. Use it with ``zarr.open(store, mode="r")``,
    ``dask.array.from_zarr(store)``, ``xarray.open_zarr`` or napari. Chunks are regular (zarr's rule):
    when the files' frame counts share no suitable divisor, a chunk may read from two files."""

    def __init__(self, path_or_paths, frames_per_chunk=None, shaped=False):
        import json

        self._plan = plan = _Plan(path_or_paths, frames_per_chunk, shaped)
        chunks = (plan.run,) + plan.shape[1:]
        self._chunk_shape = chunks
        attrs = {"_ARRAY_DIMENSIONS": list(plan.axes), "files": plan.paths}
        if shaped:
            attrs["channels"] = plan.channels
        self._meta = {
            ".zarray": json.dumps({"zarr_format": 2, "shape": list(plan.shape), "chunks": list(chunks),
                                   "dtype": plan.dtype.str, "compressor": None, "fill_value": 0, "order": "C",
                                   "filters": None, "dimension_separator": "."}).encode(),
            ".zattrs": json.dumps(attrs).encode(),
        }
        self._count = -(-plan.shape[0] // plan.run) if plan.shape[0] else 0
        self._tail = "." + ".".join("0" * (len(plan.shape) - 1))

    def _chunk_index(self, key):
        head, sep, tail = key.partition(".")
        if not sep or "." + tail != self._tail or not head.isdigit():
            return None
        i = int(head)
        return i if i < self._count else None

    def __getitem__(self, key):
        if key in self._meta:
            return self._meta[key]
        i = self._chunk_index(key)
        if i is None:
            raise KeyError(key)
        pieces = self._plan.chunk_pieces(i)
        block = read_block(pieces, self._plan.block_shape(pieces), self._plan.dtype, len(self._plan.frame_shape))
        if block.shape[0] < self._chunk_shape[0]:  # zarr v2 stores edge chunks at full size
            full = np.zeros(self._chunk_shape, dtype=block.dtype)
            full[:block.shape[0]] = block
            block = full
        return block.tobytes()

    def __contains__(self, key):
        return key in self._meta or self._chunk_index(key) is not None

    def __iter__(self):
        yield from self._meta
        for i in range(self._count):
            yield f"{i}{self._tail}"

    def __len__(self):
        return len(self._meta) + self._count

    def __setitem__(self, key, value):
        raise PermissionError("ScanImageZarrStore is read-only")

    def __delitem__(self, key):
        raise PermissionError("ScanImageZarrStore is read-only")


def aszarr(path_or_paths, frames_per_chunk=None, shaped=False):
    """A read-only zarr v2 store over one file or a multi-file acquisition (see
    :class:`ScanImageZarrStore`); ``dask.array.from_zarr(aszarr(paths))`` equals ``to_dask(paths)``."""
    return ScanImageZarrStore(path_or_paths, frames_per_chunk, shaped)
