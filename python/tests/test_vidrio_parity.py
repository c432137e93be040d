"""Parity with Vidrio's 1.4.1 module: its documented examples (docstrings and docs pages, spec §3) run
against the drop-in, and every edge where the drop-in used to differ (issue 14)."""

import errno
import json

import numpy as np
import pytest

import ScanImageTiffReader as vidrio_module  # the shim, imported the way Vidrio's users import it
from conftest import CORPUS, EXPECTED, needs_corpus
from scanimagetiff import errors
from scanimagetiff.ScanImageTiffReader import ScanImageTiffReader
from tiffbuild import classic, scanimage_bigtiff

SI2016 = "si2016_bigtiff_v3_3fr_512x512_TS_UnitTestImage_BigTIFF.tif"
SLOW = "si2023_slowstack_2ch_2slice_2fps_3vol_scanimage_20220923_noroi.tif"


def stack(n=10, h=6, w=5):
    return [(np.arange(h * w, dtype="i2").reshape(h, w) * 3 - 40 + 100 * k).astype("i2") for k in range(n)]


@pytest.fixture
def tr003(tmp_path):
    """Stands in for Vidrio's data/TR_003.tif: 10 frames of int16."""
    return str(classic(tmp_path / "TR_003.tif", stack(), [b"frameNumbers = %d" % (k + 1) for k in range(10)]))


@pytest.fixture
def resj(tmp_path):
    """Stands in for Vidrio's data/resj_00001.tif: a ScanImage 2016+ file with JSON headers."""
    s0 = b'{\n  "SI": {"VERSION_MAJOR": "2016b", "hRoiManager": {"linesPerFrame": 6}}\n}\n'
    s1 = (b'{\n  "RoiGroups": {"imagingRoiGroup": {"rois": {"scanfields": {"affine": '
          b'[[23.4,0,-11.7],[0,23.4,-11.7],[0,0,1]]}}}}\n}\n')
    descriptions = [b'{\n  "frameNumbers": %d,\n  "frameTimestamps_sec": 0.0\n}\n' % (k + 1) for k in range(10)]
    return str(scanimage_bigtiff(tmp_path / "resj_00001.tif", stack(), s0, s1, descriptions))


# -- the documented examples ------------------------------------------------------------------------

def test_example_open_read_close(tr003):
    reader = vidrio_module.ScanImageTiffReader(tr003)
    stack_ = reader.data()
    reader.close()
    np.testing.assert_array_equal(stack_, np.stack(stack()))


def test_example_with_shape(tr003):
    with vidrio_module.ScanImageTiffReader(tr003) as reader:
        assert reader.shape() == [10, 6, 5]  # printed as [10, 512, 512] for the real TR_003
        assert isinstance(reader.shape(), list)


def test_example_api_version():
    assert vidrio_module.api_version().startswith("Version ")
    assert ScanImageTiffReader.api_version().startswith("Version ")
    assert vidrio_module.__version__ == vidrio_module.api_version()


def test_example_reuse_an_instance(tr003, resj):
    reader = ScanImageTiffReader(tr003)
    reader.data()
    reader.close()
    reader.open(resj)
    assert reader.shape() == [10, 6, 5]
    reader.close()


def test_example_dtype_and_len(resj):
    with ScanImageTiffReader(resj) as reader:
        assert str(reader.dtype()) == "int16"
        assert len(reader) == 10


def test_example_data_and_interval(tr003):
    v = ScanImageTiffReader(tr003).data()
    assert v.shape == (10, 6, 5)
    np.testing.assert_array_equal(v[0][0][0:5], stack()[0][0][0:5])
    part = ScanImageTiffReader(tr003).data(beg=2, end=5)
    assert part.shape == (3, 6, 5)
    np.testing.assert_array_equal(part, v[2:5])
    # "If one of beg or end is supplied, but the other is not, either the first or the last frame is used."
    np.testing.assert_array_equal(ScanImageTiffReader(tr003).data(beg=7), v[7:])
    np.testing.assert_array_equal(ScanImageTiffReader(tr003).data(end=3), v[:3])


def test_example_description(tr003, resj):
    with ScanImageTiffReader(tr003) as reader:
        assert reader.description(0) == "frameNumbers = 1"
    with ScanImageTiffReader(resj) as reader:
        assert json.loads(reader.description(0))["frameNumbers"] == 1


def test_example_metadata_json(resj):
    with ScanImageTiffReader(resj) as reader:
        o = json.loads(reader.metadata())
        assert o["RoiGroups"]["imagingRoiGroup"]["rois"]["scanfields"]["affine"] == [
            [23.4, 0, -11.7], [0, 23.4, -11.7], [0, 0, 1]]
        assert o["SI"]["VERSION_MAJOR"] == "2016b"


@needs_corpus
@pytest.mark.parametrize("name", [SI2016, SLOW])
def test_examples_on_real_files(name):
    expected = EXPECTED["files"][name]
    with ScanImageTiffReader(str(CORPUS / name)) as reader:
        n = len(reader)
        assert reader.shape() == [n, expected["height"], expected["width"]]
        assert reader.dtype() == np.dtype(expected["dtype"])
        v = reader.data()
        np.testing.assert_array_equal(reader.data(beg=1, end=n - 1), v[1:n - 1])
        assert reader.description(0).rstrip(" ") == expected["descriptions"]["text"][0]["text"]
        assert reader.metadata().startswith(expected["scanimage"]["section0_first_line"])


# -- the edges of issue 14 --------------------------------------------------------------------------

def test_exit_returns_false_and_does_not_swallow(tr003):
    reader = ScanImageTiffReader(tr003)
    assert reader.__exit__(None, None, None) is False
    with pytest.raises(KeyError):
        with ScanImageTiffReader(tr003):
            raise KeyError("kept")


def test_reversed_interval_is_numpys_value_error(tr003):
    with ScanImageTiffReader(tr003) as reader:
        with pytest.raises(ValueError, match="negative dimensions are not allowed"):
            reader.data(3, 2)
        with pytest.raises(errors.ScanImageTiffError):
            reader.data(3, 2)
        with pytest.raises(IndexError):
            reader.data(3, 11)  # past the end: Vidrio read out of bounds; here an IndexError


def test_dtype_of_compressed_file_is_a_typed_error(tmp_path):
    path = classic(tmp_path / "z.tif", stack(3), compression=7)  # JPEG: still not decoded (Deflate now is)
    with ScanImageTiffReader(str(path)) as reader:
        assert len(reader) == 3
        with pytest.raises(errors.NotSupportedError, match="259") as caught:
            reader.dtype()
        assert not isinstance(caught.value, KeyError)
        with pytest.raises(errors.NotSupportedError):
            reader.data()


def test_missing_file_in_vidrios_words(tmp_path):
    missing = tmp_path / "nope.tif"
    with pytest.raises(FileNotFoundError, match="No such file or directory") as caught:
        ScanImageTiffReader(str(missing))
    assert caught.value.errno == errno.ENOENT and caught.value.filename == str(missing)
    assert isinstance(caught.value, errors.ScanImageTiffError)
    with pytest.raises(FileNotFoundError, match="No such file or directory"):
        ScanImageTiffReader.from_files([str(missing), str(missing)])


def test_directory_in_vidrios_words(tmp_path):
    with pytest.raises(IsADirectoryError, match="Is a directory") as caught:
        ScanImageTiffReader(str(tmp_path))
    assert caught.value.errno == errno.EISDIR
    assert isinstance(caught.value, errors.ScanImageTiffError)


@pytest.mark.parametrize("content", [b"this is not a TIFF file", b"", b"I"])
def test_not_a_tiff_in_vidrios_words(tmp_path, content):
    path = tmp_path / "text.tif"
    path.write_bytes(content)
    with pytest.raises(errors.TiffFormatError, match=r"^Invalid tiff\.  Endian-ness check returned an invalid id\.") as caught:
        ScanImageTiffReader(str(path))
    assert caught.value.offset == 0


def test_calls_after_close_raise_instead_of_crashing(tr003):
    reader = ScanImageTiffReader(tr003)
    reader.close()
    reader.close()  # idempotent, as Vidrio's
    with pytest.raises(errors.ReaderClosedError):
        reader.shape()
