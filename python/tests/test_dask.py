"""to_dask and aszarr: chunks that stay inside files, graphs that hold only paths, and results equal to
numpy on a two-process dask.distributed LocalCluster, over generated files and the real acquisitions."""

import os
import pickle
from pathlib import Path

import numpy as np
import pytest
import tifffile

dask = pytest.importorskip("dask", reason="python3-dask not installed (.ci/run installs it)")
distributed = pytest.importorskip("distributed", reason="python3-distributed not installed (.ci/run installs it)")
zarr = pytest.importorskip("zarr", reason="python3-zarr not installed (.ci/run installs it)")
import dask.array as da  # noqa: E402

import scanimagetiff  # noqa: E402
from conftest import CORPUS, EXPECTED, PYTHON_DIR  # noqa: E402
from tiffbuild import classic, scanimage_bigtiff  # noqa: E402

GROUPS = ["si2021_fastz_vol_1ch_multifile", "si2021_fastz_vol_2ch_multifile"]


@pytest.fixture(scope="module")
def client():
    # Worker processes import scanimagetiff from this tree and load the same native library.
    os.environ["PYTHONPATH"] = os.pathsep.join([str(PYTHON_DIR)] + [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p])
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0")
    with cluster, distributed.Client(cluster) as c:
        yield c


def pieces_of(array):
    """The read_block pieces of every task in the array's graph."""
    return [task[1] for task in dict(array.__dask_graph__()).values() if isinstance(task, tuple) and len(task) > 1]


def check_graph_holds_only_paths(array, paths):
    blob = pickle.dumps(dict(array.__dask_graph__()))
    assert b"_Handle" not in blob and b"ScanImageTiffReader" not in blob  # no reader object, no handle
    assert len(blob) < 2000 + 400 * array.numblocks[0]  # a path and a few ints per task
    for pieces in pieces_of(array):
        assert len(pieces) == 1 and pieces[0][0] in paths  # one file per chunk


# -- generated files (always run) -------------------------------------------------------------------

def frames(n, start, h=6, w=7):
    return [(np.arange(h * w, dtype="u2").reshape(h, w) + 100 * (start + k)).astype("u2") for k in range(n)]


@pytest.fixture
def three_files(tmp_path):
    counts = [5, 5, 3]
    paths, stack, at = [], [], 0
    for i, n in enumerate(counts):
        data = frames(n, at)
        paths.append(str(classic(tmp_path / f"acq_00001_{i + 1:05d}.tif", data)))
        stack += data
        at += n
    return paths, np.stack(stack)


def test_generated_files_on_two_worker_processes(client, three_files):
    paths, stack = three_files
    a = scanimagetiff.to_dask(paths, frames_per_chunk=2)
    assert a.shape == stack.shape and a.dtype == stack.dtype
    assert a.chunks[0] == (2, 2, 1, 2, 2, 1, 2, 1)  # runs restart at every file
    check_graph_holds_only_paths(a, paths)
    assert client.compute(a.sum()).result() == stack.sum(dtype=np.uint64)
    assert client.compute(a.mean()).result() == pytest.approx(stack.mean(), rel=1e-12)
    np.testing.assert_array_equal(client.compute(a).result(), stack)
    # Default chunks: one per file here (a file is far below 64 MiB).
    assert scanimagetiff.to_dask(paths).chunks[0] == (5, 5, 3)
    assert scanimagetiff.to_dask(paths[0]).shape == (5, 6, 7)


def test_generated_zarr_store(client, three_files):
    paths, stack = three_files
    store = scanimagetiff.aszarr(paths, frames_per_chunk=5)
    z = zarr.open(store, mode="r")
    assert z.shape == stack.shape and z.chunks == (5, 6, 7) and z.dtype == stack.dtype
    np.testing.assert_array_equal(z[:], stack)
    np.testing.assert_array_equal(z[4:11], stack[4:11])
    assert sorted(k for k in store if not k.startswith(".")) == ["0.0.0", "1.0.0", "2.0.0"]
    assert z.attrs["_ARRAY_DIMENSIONS"] == ["frame", "y", "x"]
    with pytest.raises(PermissionError):
        store["0.0.0"] = b""
    # Chunks that do not divide the files read across a boundary: still right.
    np.testing.assert_array_equal(zarr.open(scanimagetiff.aszarr(paths, frames_per_chunk=4), mode="r")[:], stack)
    lazy = da.from_zarr(store)
    assert client.compute(lazy.sum()).result() == stack.sum(dtype=np.uint64)


def fastz_files(tmp_path):
    """Two files of a fast-z acquisition: 2 channels, 3 slices, 1 flyback frame, 4 full volumes and a
    partial one (3 IFDs); pixel values tell the IFD. Returns the paths and the expected 5-D array."""
    c, z, per_volume = 2, 3, 8
    section0 = (b"SI.VERSION_MAJOR = 2021\nSI.hChannels.channelSave = [1 2]\nSI.hStackManager.enable = true\n"
                b"SI.hFastZ.enable = true\nSI.hStackManager.stackMode = 'fast'\nSI.hStackManager.numSlices = 3\n"
                b"SI.hStackManager.framesPerSlice = 1\nSI.hStackManager.numFramesPerVolume = 3\n"
                b"SI.hStackManager.numFramesPerVolumeWithFlyback = 4\nSI.hStackManager.numVolumes = 5\n")
    section1 = b'{"RoiGroups":{"imagingRoiGroup":{"name":"g","rois":[]},"photostimRoiGroups":null,"integrationRoiGroup":null}}'
    pages = [np.full((4, 5), ifd, dtype=np.int16) for ifd in range(4 * per_volume + 3)]
    paths, split = [], [16, len(pages)]
    for i, (lo, hi) in enumerate([(0, split[0]), (split[0], split[1])]):
        descriptions = [b"frameNumbers = %d\n" % (ifd // c + 1) for ifd in range(lo, hi)]
        paths.append(str(scanimage_bigtiff(tmp_path / f"fz_00001_{i + 1:05d}.tif", pages[lo:hi], section0, section1, descriptions)))
    expected = np.stack([np.stack([np.stack([pages[v * per_volume + s * c + k] for k in range(c)]) for s in range(z)])
                         for v in range(4)])
    return paths, expected


def test_generated_shaped(client, tmp_path):
    paths, expected = fastz_files(tmp_path)
    a = scanimagetiff.to_dask(paths, shaped=True, frames_per_chunk=6)  # 6 frames per volume -> 1 volume a chunk
    assert a.shape == (4, 3, 2, 4, 5)  # flyback and the partial 5th volume left out
    assert a.chunks[0] == (1, 1, 1, 1)
    np.testing.assert_array_equal(client.compute(a).result(), expected)
    z = zarr.open(scanimagetiff.aszarr(paths, shaped=True), mode="r")
    np.testing.assert_array_equal(z[:], expected)
    assert z.attrs["_ARRAY_DIMENSIONS"] == ["volume", "slice", "channel", "y", "x"] and z.attrs["channels"] == [1, 2]


def test_plain_tiff_cannot_be_shaped(three_files):
    with pytest.raises(scanimagetiff.NotSupportedError, match="shaped=True needs ScanImage metadata"):
        scanimagetiff.to_dask(three_files[0], shaped=True)


# -- the real 10-file acquisitions --------------------------------------------------------------------

def pages(path):
    """Every page of a file as tifffile reads it (one page after another, no ScanImage shaping)."""
    with tifffile.TiffFile(path) as tf:
        return np.stack([page.asarray() for page in tf.pages])


def group_paths(group):
    if CORPUS is None:
        pytest.skip("corpus absent: set SITIFF_CORPUS or put it in ../shared/corpus/real")
    return [str(CORPUS / f) for f in EXPECTED["groups"][group]["files"]]


@pytest.mark.parametrize("group", GROUPS)
def test_real_acquisition_sum_and_mean_equal_numpy(client, group):
    paths = group_paths(group)
    reference = np.concatenate([pages(p) for p in paths])  # tifffile, one file at a time
    a = scanimagetiff.to_dask(paths)
    assert len(paths) == 10 and a.shape == reference.shape and a.numblocks[0] >= 2
    check_graph_holds_only_paths(a, paths)
    total, mean = client.compute([a.sum(), a.mean()], sync=True)
    assert total == reference.sum(dtype=np.int64)
    assert mean == reference.mean(dtype=np.float64)
    small = scanimagetiff.to_dask(paths, frames_per_chunk=64)
    per_file = len(reference) // 10
    assert small.numblocks[0] == 10 * -(-per_file // 64) and max(small.chunks[0]) == 64
    assert client.compute(small.sum(), sync=True) == reference.sum(dtype=np.int64)


@pytest.mark.parametrize("group", GROUPS)
def test_real_acquisition_shaped_matches_expected_structure(client, group):
    paths = group_paths(group)
    s = EXPECTED["groups"][group]["acquisition"]
    c, z, on_disk = len(s["channels"]), s["slices_per_volume"], s["frames_per_volume_on_disk"]
    reference = np.concatenate([pages(p) for p in paths])
    # On disk each volume is (slice or flyback frame, channel); flyback frames come after the slices.
    volumes = reference[:s["volumes_complete"] * on_disk * c].reshape(s["volumes_complete"], on_disk, c, 20, 20)
    a = scanimagetiff.to_dask(paths, shaped=True)
    assert a.shape == (s["volumes_complete"], z, c, 20, 20) and a.numblocks[0] >= 2
    np.testing.assert_array_equal(client.compute(a, sync=True), volumes[:, :z])
    for first in EXPECTED["groups"][group]["first_ifd_of_each_file"]:
        np.testing.assert_array_equal(a[first["volume"], first["slice"], first["channel_index"]].compute(),
                                      reference[first["global_ifd"]])
    z5 = zarr.open(scanimagetiff.aszarr(paths, shaped=True), mode="r")
    assert client.compute(da.from_zarr(z5).sum(), sync=True) == volumes[:, :z].sum(dtype=np.int64)


def test_real_acquisition_zarr_chunks_stay_in_files():
    paths = group_paths(GROUPS[1])
    store = scanimagetiff.aszarr(paths)
    z = zarr.open(store, mode="r")
    assert z.shape == (3200, 20, 20) and z.chunks[0] == 320  # one chunk per file
    assert Path(paths[3]).name in z.attrs["files"][3]
    np.testing.assert_array_equal(z[960:1280], pages(paths[3]))
