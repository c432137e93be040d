"""Vidrio's C API as Vidrio's bindings reach it: ctypes with the struct layouts of tiff.reader.api.h
(the {handle, log} context returned by value, struct nd returned by value), on the same library."""

import ctypes
from ctypes import POINTER, Structure, c_char_p, c_int, c_int64, c_size_t, c_uint, c_uint32, c_uint64, c_void_p

import numpy as np
import pytest

from conftest import CORPUS, EXPECTED, needs_corpus
from scanimagetiff import _native
from scanimagetiff.ScanImageTiffReader import ScanImageTiffReader
from tiffbuild import classic


class Context(Structure):
    _fields_ = [("handle", c_void_p), ("log", c_char_p)]


class Nd(Structure):
    _fields_ = [("ndim", c_uint32), ("type", c_uint32), ("strides", c_int64 * 11), ("dims", c_uint64 * 10)]


@pytest.fixture(scope="module")
def api():
    lib = ctypes.CDLL(_native.lib().path)
    ctx = POINTER(Context)
    for name, restype, argtypes in [
        ("Open", Context, [c_char_p]), ("Close", None, [ctx]), ("GetShape", Nd, [ctx]),
        ("GetData", c_int, [ctx, c_void_p, c_size_t]), ("GetDataSizeBytes", c_size_t, [ctx]),
        ("GetFrameCount", c_uint, [ctx]), ("GetImageDescriptionCount", c_int, [ctx]),
        ("GetImageDescriptionSizeBytes", c_size_t, [ctx, c_int]),
        ("GetImageDescription", c_int, [ctx, c_int, c_char_p, c_size_t]),
        ("GetAllImageDescriptionsSizeBytes", c_size_t, [ctx]),
        ("GetAllImageDescriptions", c_int, [ctx, c_char_p, c_size_t]),
        ("GetMetadataSizeBytes", c_size_t, [ctx]), ("GetMetadata", c_int, [ctx, c_char_p, c_size_t]),
        ("GetFrameIntervalSizeBytes", c_size_t, [ctx, c_uint, c_uint]),
        ("GetFrameInterval", c_int, [ctx, c_uint, c_uint, c_void_p, c_size_t]), ("APIVersion", c_char_p, []),
    ]:
        fn = getattr(lib, "ScanImageTiffReader_" + name)
        fn.restype, fn.argtypes = restype, argtypes
    return lib


def call(api, name, *args):
    return getattr(api, "ScanImageTiffReader_" + name)(*args)


def test_layouts():
    assert ctypes.sizeof(Nd) == 176 and ctypes.sizeof(Context) == 16


def test_generated_file(api, tmp_path):
    frames = [(np.arange(12, dtype="<i4").reshape(3, 4) - 5 + 100 * k) for k in range(4)]
    path = classic(tmp_path / "s.tif", frames, [b"one", b"two two", b"", b"four"])
    ctx = call(api, "Open", str(path).encode())
    assert ctx.handle and ctx.log is None
    nd = call(api, "GetShape", ctx)
    assert ctx.log is None
    assert (nd.ndim, nd.type, list(nd.dims[:4]), list(nd.strides[:5])) == (3, 6, [4, 3, 4, 1], [1, 4, 12, 48, 48])
    out = np.empty((4, 3, 4), dtype="i4")
    assert call(api, "GetDataSizeBytes", ctx) == out.nbytes
    assert call(api, "GetData", ctx, out.ctypes.data, out.nbytes) == 1
    np.testing.assert_array_equal(out, np.stack(frames))
    assert call(api, "GetFrameCount", ctx) == call(api, "GetImageDescriptionCount", ctx) == 4
    assert [call(api, "GetImageDescriptionSizeBytes", ctx, i) for i in range(4)] == [4, 8, 1, 5]
    buf = ctypes.create_string_buffer(8)
    assert call(api, "GetImageDescription", ctx, 1, buf, 8) == 1 and buf.raw == b"two two\0"
    total = call(api, "GetAllImageDescriptionsSizeBytes", ctx)
    every = ctypes.create_string_buffer(total)
    assert call(api, "GetAllImageDescriptions", ctx, every, total) == 1
    assert every.raw == b"one\0two two\0\0four\0"
    assert call(api, "GetMetadataSizeBytes", ctx) == 0 and ctx.log is None
    # Errors are per call: a bad interval sets log, the next good call clears it.
    assert call(api, "GetFrameIntervalSizeBytes", ctx, 3, 9) == 0 and b"[3, 9)" in ctx.log
    assert call(api, "GetFrameIntervalSizeBytes", ctx, 1, 3) == 2 * 48 and ctx.log is None
    part = np.empty((2, 3, 4), dtype="i4")
    assert call(api, "GetFrameInterval", ctx, 1, 3, part.ctypes.data, part.nbytes) == 1
    np.testing.assert_array_equal(part, out[1:3])
    copy = Context(ctx.handle, None)
    call(api, "Close", ctx)
    assert not ctx.handle
    # What Vidrio's module does after close(), and what Julia's copies of a context do: no crash.
    assert call(api, "GetShape", ctx).ndim == 0 and b"not open" in ctx.log
    assert call(api, "GetData", copy, out.ctypes.data, out.nbytes) == 0 and copy.log
    call(api, "Close", copy)
    call(api, "Close", ctx)
    assert call(api, "APIVersion").startswith(b"Version ")


def test_open_errors(api, tmp_path):
    ctx = call(api, "Open", str(tmp_path / "missing.tif").encode())
    assert not ctx.handle and ctx.log == b"No such file or directory"
    ctx = call(api, "Open", str(tmp_path).encode())
    assert not ctx.handle and ctx.log == b"Is a directory"


@needs_corpus
@pytest.mark.parametrize("name", sorted(EXPECTED["files"]) if EXPECTED else [])
def test_corpus_file_equals_drop_in(api, name):
    path = str(CORPUS / name)
    ctx = call(api, "Open", path.encode())
    assert ctx.log is None
    with ScanImageTiffReader(path) as ours:
        nd = call(api, "GetShape", ctx)
        assert list(nd.dims[:nd.ndim])[::-1] == ours.shape()
        data = np.empty(ours.shape(), dtype=ours.dtype())
        assert call(api, "GetData", ctx, data.ctypes.data, data.nbytes) == 1
        np.testing.assert_array_equal(data, ours.data())
        size = call(api, "GetMetadataSizeBytes", ctx)
        meta = ctypes.create_string_buffer(max(1, size))
        assert call(api, "GetMetadata", ctx, meta, size) == 1
        assert meta.raw[:size] == ours.metadata_bytes()
    call(api, "Close", ctx)
