"""A drop-in replacement for Vidrio's ``ScanImageTiffReader`` Python module.

Existing scripts only change their import::

    from scanimagetiff.ScanImageTiffReader import ScanImageTiffReader   # (or keep
    from ScanImageTiffReader import ScanImageTiffReader                 #  this one: a shim ships too)

    with ScanImageTiffReader("my.tif") as reader:
        vol = reader.data()            # ndarray [frames, height, width]
        print(reader.shape(), reader.dtype(), len(reader))
        print(reader.description(0))   # the frame header, with ScanImage's space padding
        print(reader.metadata())       # section 0 text + "\\n" + ROI JSON (2016+), or the legacy text

``shape``, ``dtype``, ``data``, ``description``, ``metadata``, ``__len__``, ``open``, ``close``,
``api_version`` and the context manager behave like Vidrio's 1.4.1 module, with its defects fixed:
``data(beg, end)`` works on single-page files, indices are checked (``IndexError``), text that is not
UTF-8 is decoded with replacement characters, legacy metadata is correct, and failures raise typed
exceptions (see :mod:`scanimagetiff.errors`) instead of bare ``Exception``.

Beyond it: zero-copy frames (:meth:`ScanImageTiffReader.frame`), iteration, reads by
channel/slice/volume/ROI (:meth:`ScanImageTiffReader.select`), frame timestamps in one array,
the acquisition structure, and multi-file acquisitions (:meth:`ScanImageTiffReader.from_files`).
"""

import ctypes
import os
import weakref

import numpy as np

from . import _native
from . import errors
from ._meaning import _ScanImageMeaning
from ._native import index as _index

__all__ = ["ScanImageTiffReader", "api_version"]

# nd_type codes 0..9, Vidrio's order (unsigned types first).
_typemap_ = {0: np.dtype("u1"), 1: np.dtype("u2"), 2: np.dtype("u4"), 3: np.dtype("u8"),
             4: np.dtype("i1"), 5: np.dtype("i2"), 6: np.dtype("i4"), 7: np.dtype("i8"),
             8: np.dtype("f4"), 9: np.dtype("f8")}


def api_version():
    """The native library's version string (Vidrio: ``ScanImageTiffReader.api_version()``)."""
    return _native.lib().sitiff_api_version().decode("utf-8")


def __getattr__(name):
    # Vidrio sets the module's __version__ to the C API version string; it needs the library, so
    # it is computed on first access instead of at import.
    if name == "__version__":
        return api_version()
    raise AttributeError(name)


class _Handle:
    """Owns one native handle. Zero-copy views keep a reference to it, so the file stays mapped
    until the reader is closed AND the last view is gone; then the handle is closed."""

    __slots__ = ("value", "_finalizer", "__weakref__")

    def __init__(self, value):
        self.value = value
        self._finalizer = weakref.finalize(self, _close_native, value)


def _close_native(value):
    lib = _native._lib
    if lib is not None:
        lib.sitiff_close(value)


class _MappedFrame:
    """Exposes a frame inside the mapping to numpy (read-only) and keeps the mapping alive."""

    def __init__(self, handle, address, shape, dtype):
        self._handle = handle
        self.__array_interface__ = {"version": 3, "shape": tuple(shape), "typestr": dtype.str,
                                    "data": (address, True)}


def _encode_path(filename):
    path = os.fspath(filename)
    return path if isinstance(path, bytes) else path.encode("utf-8")


def _decode(raw):
    """Vidrio decodes up to the first NUL; it raised on non-UTF-8 bytes, this replaces them."""
    nul = raw.find(b"\0")
    return (raw if nul < 0 else raw[:nul]).decode("utf-8", errors="replace")


class ScanImageTiffReader(_ScanImageMeaning):
    """Reads a ScanImage (or any uncompressed, strip-organised) TIFF/BigTIFF file.

    The file is memory-mapped read-only and indexed once when opened. All methods may be called
    from several threads at once (the native calls release the GIL).
    """

    def __init__(self, filename):
        self._handle = None
        self._filenames = []
        self.open(filename)

    # -- lifetime -------------------------------------------------------------------------------

    def open(self, filename):
        """Opens ``filename`` (str, bytes or path-like), closing the file opened before."""
        self._open([filename])

    @classmethod
    def from_files(cls, filenames):
        """Opens several files of one acquisition (``name_00001_00001.tif``, ``..._00002.tif`` ...)
        as one reader, in the order given: frame indices run on across the files and channel,
        slice and volume phase carry over. The files' ScanImage metadata must agree."""
        reader = cls.__new__(cls)
        reader._handle = None
        reader._filenames = []
        reader._open(list(filenames))
        return reader

    def _open(self, filenames):
        self.close()
        if not filenames:
            raise ValueError("no files given")
        lib = _native.lib()
        handle = ctypes.c_int64(0)
        encoded = [_encode_path(f) for f in filenames]
        if len(encoded) == 1:
            status = lib.sitiff_open(encoded[0], ctypes.byref(handle))
        else:
            array = (ctypes.c_char_p * len(encoded))(*encoded)
            status = lib.sitiff_open_acquisition(array, len(encoded), ctypes.byref(handle))
        if status != _native.OK:
            errors.raise_open_error(status, filenames)
        self._handle = _Handle(handle.value)
        self._filenames = [os.fspath(f) for f in filenames]

    def close(self):
        """Closes the file. Idempotent. Frames returned by :meth:`frame` stay valid: the mapping is
        released when the last of them is garbage collected."""
        # Zero-copy views hold references to the handle: without any, dropping ours closes the
        # native handle at once (weakref.finalize); otherwise when the last view is collected.
        self._handle = None

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc_value, traceback):
        self.close()
        return False  # never swallows the exception (Vidrio returns False too)

    def __del__(self):
        try:
            self.close()
        except Exception:  # noqa: BLE001 - never raise from a finalizer
            pass

    @staticmethod
    def api_version():
        """The native library's version string."""
        return api_version()

    def _h(self):
        if self._handle is None:
            raise errors.ReaderClosedError("the ScanImageTiffReader is closed")
        return self._handle.value

    # -- Vidrio's API ---------------------------------------------------------------------------

    def __len__(self):
        """Number of IFDs (frames), over all files."""
        count = ctypes.c_int64()
        _native.check(_native.lib().sitiff_frame_count(self._h(), ctypes.byref(count)))
        return count.value

    def _shape4(self):
        s = _native.Shape()
        _native.check(_native.lib().sitiff_get_shape(self._h(), ctypes.byref(s)))
        return s

    def shape(self):
        """The stack's shape as a list in numpy order, squeezed like Vidrio's: ``[frames, height,
        width]``; ``[height, width]`` for a single IFD; ``[frames, height, width, samples]`` for
        multi-sample pixels (every dimension equal to 1 is dropped).

        Raises :class:`NotSupportedError` when the frames differ in shape or type (Vidrio reported
        the first IFD's shape and returned garbled data)."""
        s = self._shape4()
        return [d for d in (s.frames, s.height, s.width, s.samples_per_pixel) if d != 1]

    def dtype(self):
        """The samples' numpy dtype (of frame 0). A file whose frames cannot be decoded (compressed,
        tiled, ...) raises :class:`NotSupportedError` naming the tag (Vidrio returned a dtype and then
        garbage from ``data()``)."""
        info = self._frame_info(0)
        if info.type < 0:
            self._shape4()  # raises NotSupportedError with the library's reason (tag and value)
            raise errors.NotSupportedError("frame 0 cannot be decoded")
        return _typemap_[info.type]

    def data(self, beg=None, end=None):
        """The pixels as a new ndarray.

        Without arguments: the whole stack, shaped like :meth:`shape`. With ``beg`` and/or ``end``:
        frames ``[beg, end)`` (defaults 0 and ``len(self)``) shaped ``[end - beg, height, width]``
        (plus samples); this works for single-page files too. Out-of-range intervals raise
        ``IndexError``; ``end < beg`` raises ``ValueError`` (numpy's "negative dimensions are not
        allowed", as Vidrio's module did)."""
        h = self._h()
        lib = _native.lib()
        if beg is None and end is None:
            s = self._shape4()
            out = np.empty([d for d in (s.frames, s.height, s.width, s.samples_per_pixel) if d != 1],
                           dtype=_typemap_[s.type])
            _native.check(lib.sitiff_read_data(h, out.ctypes.data, out.nbytes))
            return out
        n = len(self)
        beg = 0 if beg is None else _index(beg, "beg")
        end = n if end is None else _index(end, "end")
        if 0 <= end < beg <= n:
            # Vidrio asked numpy for an array of end - beg frames: numpy's ValueError, numpy's words.
            raise errors.NegativeIntervalError(
                f"negative dimensions are not allowed: data({beg}, {end}) asks for {end - beg} frames")
        if not 0 <= beg <= end <= n:
            raise errors.OutOfRangeError(f"[{beg}, {end}) is not a frame interval of a file with {n} frames")
        frame_shape, dtype = self._uniform(range(beg, end))
        out = np.empty([end - beg] + frame_shape, dtype=dtype)
        _native.check(lib.sitiff_read_interval(h, beg, end, out.ctypes.data, out.nbytes))
        return out

    def description(self, iframe):
        """IFD ``iframe``'s ImageDescription, decoded up to its first NUL, with ScanImage's space
        padding kept (as Vidrio returns it; ``.rstrip()`` it for the text alone)."""
        return _decode(self.description_bytes(iframe))

    def metadata(self):
        """The frame-invariant metadata as text, as Vidrio's ``metadata()`` for ScanImage 2016+
        files (section 0, a line break, the ROI-group JSON; or one JSON object for JSON headers).
        For older ScanImage files, where Vidrio returned an empty string, the frame-invariant
        ``state.*`` / ``scanimage.SI*`` text. ``''`` for other TIFF files."""
        return _decode(self.metadata_bytes())

    # -- more text ------------------------------------------------------------------------------

    def description_bytes(self, iframe):
        """IFD ``iframe``'s ImageDescription bytes exactly as stored (NUL and padding included)."""
        h = self._h()
        iframe = _index(iframe, "iframe")
        n = len(self)
        if not 0 <= iframe < n:
            raise errors.OutOfRangeError(f"frame {iframe} is out of range: the file has {n} frames")
        lib = _native.lib()
        size = ctypes.c_uint64()
        _native.check(lib.sitiff_description_size(h, iframe, ctypes.byref(size)))
        buf = ctypes.create_string_buffer(size.value)
        _native.check(lib.sitiff_description(h, iframe, buf, size.value))
        return buf.raw[:size.value]

    def descriptions(self):
        """Every IFD's description (as :meth:`description`), in one native call."""
        h = self._h()
        lib = _native.lib()
        count = ctypes.c_int64()
        _native.check(lib.sitiff_description_sizes(h, None, 0, ctypes.byref(count)))
        sizes = np.empty(count.value, dtype=np.uint64)
        _native.check(lib.sitiff_description_sizes(h, sizes.ctypes.data, count.value, ctypes.byref(count)))
        total = ctypes.c_uint64()
        _native.check(lib.sitiff_all_descriptions_size(h, ctypes.byref(total)))
        # A bytearray (calloc: untouched pages cost nothing) the library fills in place; create_string_buffer
        # zero-filled 200 MB byte by byte (0.5 s for 100 000 frames) and .raw copied it again.
        buf = bytearray(max(1, total.value))
        _native.check(lib.sitiff_all_descriptions(h, (ctypes.c_char * len(buf)).from_buffer(buf), total.value))
        result, at = [], 0
        for size in sizes.tolist():
            result.append(_decode(buf[at:at + size]))
            at += size
        return result

    def metadata_bytes(self):
        """The metadata bytes exactly as the C API returns them (Vidrio's ``GetMetadata``)."""
        h = self._h()
        lib = _native.lib()
        size = ctypes.c_uint64()
        _native.check(lib.sitiff_metadata_size(h, ctypes.byref(size)))
        if size.value == 0:
            return b""
        buf = ctypes.create_string_buffer(size.value)
        _native.check(lib.sitiff_metadata(h, buf, size.value))
        return buf.raw[:size.value]

    # -- frames ---------------------------------------------------------------------------------

    def _frame_info(self, i):
        info = _native.FrameInfo()
        _native.check(_native.lib().sitiff_get_frame_info(self._h(), i, ctypes.byref(info)))
        return info

    def frame_info(self, i):
        """IFD ``i``: ``dict(width, height, samples_per_pixel, bits_per_sample, dtype, zero_copy,
        byte_count, ifd_offset, data_offset)``; ``dtype`` is None for frames that cannot be decoded."""
        info = self._frame_info(self._frame_index(i))
        return {"width": info.width, "height": info.height, "samples_per_pixel": info.samples_per_pixel,
                "bits_per_sample": info.bits_per_sample, "dtype": _typemap_.get(info.type),
                "zero_copy": bool(info.zero_copy), "byte_count": info.byte_count,
                "ifd_offset": info.ifd_offset, "data_offset": info.data_offset}

    def _frame_index(self, i):
        i = _index(i, "frame index")
        n = len(self)
        if i < 0:
            i += n
        if not 0 <= i < n:
            raise errors.OutOfRangeError(f"frame {i} is out of range: the file has {n} frames")
        return i

    def _uniform(self, frames):
        """(frame shape, dtype) shared by the given frames; NotSupportedError when they differ."""
        try:
            s = self._shape4()
            return ([d for d in (s.height, s.width, s.samples_per_pixel) if d != 1], _typemap_[s.type])
        except errors.NotSupportedError:
            pass  # the whole file is mixed; the frames asked for may still agree
        first = None
        for i in frames:
            info = self._frame_info(i)
            key = (info.height, info.width, info.samples_per_pixel, info.type)
            if info.type < 0:
                raise errors.NotSupportedError(f"frame {i} cannot be decoded")
            if first is None:
                first = key
            elif key != first:
                raise errors.NotSupportedError(
                    f"frames differ in shape or type (frame {i} is {key[:3]} {_typemap_[key[3]]}); read them with frame(i)")
        if first is None:
            s = self._frame_info(0)
            first = (s.height, s.width, s.samples_per_pixel, s.type)
        return [d for d in first[:3] if d != 1], _typemap_[first[3]]

    def frame(self, i):
        """Frame ``i`` (negative counts from the end) as a read-only ndarray ``[height, width]``
        (``[height, width, samples]`` for multi-sample pixels).

        Zero-copy when the frame is one uncompressed run in host byte order (every ScanImage file):
        the array points into the memory-mapped file. Such arrays keep the file mapped even after
        :meth:`close`, until they are garbage collected. Other frames come back as a read-only copy."""
        i = self._frame_index(i)
        info = self._frame_info(i)
        if info.type < 0:
            raise errors.NotSupportedError(f"frame {i} cannot be decoded")
        dtype = _typemap_[info.type]
        shape = (info.height, info.width) if info.samples_per_pixel == 1 else (
            info.height, info.width, info.samples_per_pixel)
        address = ctypes.c_void_p()
        size = ctypes.c_uint64()
        status = _native.lib().sitiff_frame_pointer(self._h(), i, ctypes.byref(address), ctypes.byref(size))
        if status == _native.E_NOT_AVAILABLE:
            copy = np.empty(shape, dtype=dtype)
            _native.check(_native.lib().sitiff_read_interval(self._h(), i, i + 1, copy.ctypes.data, copy.nbytes))
            copy.flags.writeable = False
            return copy
        _native.check(status)
        return np.asarray(_MappedFrame(self._handle, address.value, shape, dtype))

    def frames(self, start=0, stop=None):
        """Iterates over frames ``[start, stop)`` as :meth:`frame` returns them (zero-copy)."""
        stop = len(self) if stop is None else stop
        for i in range(start, stop):
            yield self.frame(i)

    def __iter__(self):
        return self.frames()

    # The ScanImage-meaning methods (era, structure, coordinates, ifds, select, read_into, read_ifds,
    # timestamps, frame_numbers, rois, roi) are inherited from _ScanImageMeaning (_meaning.py).

    def __repr__(self):
        state = "closed" if self._handle is None else f"{len(self)} frames"
        names = ", ".join(self._filenames[:2]) + (", ..." if len(self._filenames) > 2 else "")
        return f"<ScanImageTiffReader {names} ({state})>"
