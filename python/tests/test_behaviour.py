"""Behaviour on hand-built files: Vidrio's API contract, its defects fixed, typed errors."""

import errno
import gc
import threading

import numpy as np
import pytest
import tifffile

import scanimagetiff
from scanimagetiff import errors
from scanimagetiff.ScanImageTiffReader import ScanImageTiffReader
from tiffbuild import classic


def frames(n, h=3, w=4, dtype="u2"):
    return [(np.arange(h * w).reshape(h, w) + 100 * k).astype(dtype) for k in range(n)]


def test_single_page_file_shape_and_interval(tmp_path):
    path = classic(tmp_path / "one.tif", frames(1), [b"only"])
    with ScanImageTiffReader(str(path)) as r:
        assert len(r) == 1
        assert r.shape() == [3, 4]  # squeezed, as Vidrio
        assert r.data().shape == (3, 4)
        # Vidrio overwrote the height with end - beg here and failed; this reads the page.
        part = r.data(0, 1)
        assert part.shape == (1, 3, 4)
        np.testing.assert_array_equal(part[0], frames(1)[0])
        assert r.data(beg=0).shape == (1, 3, 4)


@pytest.mark.parametrize("dtype", ["u1", "u2", "u4", "u8", "i1", "i2", "i4", "i8", "f4", "f8"])
@pytest.mark.parametrize("big", [False, True])
def test_every_sample_type_and_byte_order(tmp_path, dtype, big):
    data = frames(3, dtype=dtype)
    path = classic(tmp_path / "t.tif", data, big_endian=big)
    with ScanImageTiffReader(str(path)) as r:
        assert r.dtype() == np.dtype(dtype)
        np.testing.assert_array_equal(r.data(), np.stack(data))
        view = r.frame(1)
        np.testing.assert_array_equal(view, data[1])
        assert not view.flags.writeable
        assert r.frame_info(1)["zero_copy"] == (not big or np.dtype(dtype).itemsize == 1)


def test_matches_tifffile_for_a_tifffile_written_rgb_stack(tmp_path):
    rgb = np.random.default_rng(1).integers(0, 255, (5, 3, 3, 3), dtype=np.uint8)
    tifffile.imwrite(tmp_path / "rgb.tif", rgb, photometric="rgb")
    with ScanImageTiffReader(str(tmp_path / "rgb.tif")) as r:
        assert r.shape() == [5, 3, 3, 3]  # Vidrio: dims 3 x 3 x 3 x 5 fastest first
        np.testing.assert_array_equal(r.data(), rgb)
        assert r.frame(2).shape == (3, 3, 3)


def test_bounds_are_checked(tmp_path):
    path = classic(tmp_path / "t.tif", frames(3), [b"a", b"b", b"c"])
    with ScanImageTiffReader(str(path)) as r:
        for beg, end in [(0, 4), (-1, 2), (2, 1), (4, 4)]:
            with pytest.raises(IndexError):
                r.data(beg, end)
        with pytest.raises(IndexError):
            r.description(3)
        with pytest.raises(IndexError):
            r.description(-1)  # Vidrio raised IndexError for negative indices too
        with pytest.raises(IndexError):
            r.frame(3)
        with pytest.raises(TypeError):
            r.data(0.5, 2)
        assert r.frame(-1)[0, 0] == 200


def test_descriptions_keep_padding_and_replace_invalid_utf8(tmp_path):
    path = classic(tmp_path / "t.tif", frames(2), [b"caf\xe9 = 1\n   ", b"ok\x00hidden"])
    with ScanImageTiffReader(str(path)) as r:
        assert r.description(0) == "caf\ufffd = 1\n   "  # Vidrio raised UnicodeDecodeError
        assert r.description(1) == "ok"  # up to the first NUL, as Vidrio
        assert r.description_bytes(1) == b"ok\x00hidden\x00"
        assert r.descriptions() == ["caf\ufffd = 1\n   ", "ok"]
        assert r.metadata() == ""


def test_file_without_descriptions(tmp_path):
    path = classic(tmp_path / "t.tif", frames(2))
    with ScanImageTiffReader(str(path)) as r:
        assert r.description(0) == ""
        assert r.descriptions() == ["", ""]
        assert r.structure() is None and r.era() is None
        assert r.rois() == []
        assert np.isnan(r.timestamps()).all()


def test_missing_file():
    with pytest.raises(FileNotFoundError) as info:
        ScanImageTiffReader("/nonexistent/dir/x.tif")
    assert info.value.errno == errno.ENOENT
    assert isinstance(info.value, errors.ScanImageTiffError)


def test_not_a_tiff_raises_format_error_with_offset(tmp_path):
    path = tmp_path / "x.tif"
    path.write_bytes(b"II*\x00" + (10**6).to_bytes(4, "little") + b"\0" * 8)
    with pytest.raises(errors.TiffFormatError) as info:
        ScanImageTiffReader(str(path))
    assert isinstance(info.value, ValueError)
    assert info.value.offset is not None and info.value.offset >= 0
    assert "offset" in str(info.value)


def test_compressed_file_is_not_supported_but_opens(tmp_path):
    path = classic(tmp_path / "z.tif", frames(2), compression=7)  # JPEG: still not decoded (LZW, Deflate, ... now are)
    with ScanImageTiffReader(str(path)) as r:
        assert len(r) == 2  # Vidrio returned the compressed bytes as pixels; this refuses to
        with pytest.raises(errors.NotSupportedError):
            r.data()
        with pytest.raises(NotImplementedError):
            r.frame(0)


def test_frames_of_different_shapes(tmp_path):
    path = classic(tmp_path / "mixed.tif", [np.zeros((3, 4), "u2"), np.ones((2, 2), "u2"), np.ones((2, 2), "u2")])
    with ScanImageTiffReader(str(path)) as r:
        with pytest.raises(errors.NotSupportedError):
            r.shape()
        with pytest.raises(errors.NotSupportedError):
            r.data()
        assert r.frame(0).shape == (3, 4)
        assert r.data(1, 3).shape == (2, 2, 2)  # the frames asked for agree
        with pytest.raises(errors.NotSupportedError):
            r.data(0, 2)


def test_close_is_idempotent_and_guards_calls(tmp_path):
    path = classic(tmp_path / "t.tif", frames(2))
    r = ScanImageTiffReader(str(path))
    r.close()
    r.close()
    with pytest.raises(ValueError):
        r.data()
    with pytest.raises(errors.ReaderClosedError):
        len(r)
    r.open(str(path))  # re-use of an instance, as Vidrio allows
    assert len(r) == 2
    with r as same:
        assert same is r
    with pytest.raises(ValueError):
        r.shape()


def test_zero_copy_view_outlives_close(tmp_path):
    data = frames(2)
    path = classic(tmp_path / "t.tif", data)
    r = ScanImageTiffReader(str(path))
    view = r.frame(1)
    r.close()
    gc.collect()
    # The view holds the mapping: still the right pixels after close (documented behaviour).
    np.testing.assert_array_equal(view, data[1])
    del view


def test_threads_share_one_reader(tmp_path):
    data = frames(64, h=32, w=32)
    path = classic(tmp_path / "t.tif", data)
    expected = np.stack(data)
    failures = []
    with ScanImageTiffReader(str(path)) as r:
        def work(seed):
            rng = np.random.default_rng(seed)
            for _ in range(50):
                beg = int(rng.integers(0, 63))
                if not np.array_equal(r.data(beg, beg + 1)[0], expected[beg]):
                    failures.append(beg)
                try:
                    r.description(1000)
                except IndexError:
                    pass
        threads = [threading.Thread(target=work, args=(s,)) for s in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    assert failures == []


def test_api_version_and_versions():
    import ScanImageTiffReader as shim
    from scanimagetiff import ScanImageTiffReader as module
    assert ScanImageTiffReader.api_version().startswith("Version ")
    assert module.__version__ == scanimagetiff.api_version()
    assert shim.__version__ == scanimagetiff.api_version()
    assert shim.ScanImageTiffReader is ScanImageTiffReader
    assert scanimagetiff.__version__ == "1.0.0"


def test_path_like_and_bytes_names(tmp_path):
    path = classic(tmp_path / "t.tif", frames(2))
    with ScanImageTiffReader(path) as r:
        assert len(r) == 2
    with ScanImageTiffReader(str(path).encode()) as r:
        assert len(r) == 2
