"""Exceptions raised by scanimagetiff.

Every error is a :class:`ScanImageTiffError` and also an instance of the built-in exception a
caller would expect (``ValueError``, ``IndexError``, ``OSError`` ...), so code written for Vidrio's
reader (which raised plain ``Exception``) and code that catches built-ins both keep working.
"""

import errno
import os


class ScanImageTiffError(Exception):
    """Base class of every error this package raises."""


class TiffFormatError(ScanImageTiffError, ValueError):
    """The file is not a well-formed TIFF/BigTIFF file.

    ``offset`` is the byte offset of the offending structure in the file (``None`` when unknown).
    """

    def __init__(self, message, offset=None):
        super().__init__(message)
        self.offset = offset


class NotSupportedError(ScanImageTiffError, NotImplementedError):
    """The file is valid but uses something this reader does not decode (compression, tiles,
    frames of different shapes read as one stack), or lacks what was asked for (no ScanImage
    structure, no multi-ROI fields)."""


class OutOfRangeError(ScanImageTiffError, IndexError):
    """A frame, interval, channel, slice, volume or ROI index outside the file."""


class NegativeIntervalError(OutOfRangeError, ValueError):
    """``data(beg, end)`` with ``end < beg``: a ``ValueError`` with numpy's wording, as Vidrio's module
    raised (it asked numpy for an array with a negative dimension), and an ``OutOfRangeError``."""


class InvalidArgumentError(ScanImageTiffError, ValueError):
    """An argument the library refused (this binding checks most of them before calling it)."""


class ReaderClosedError(ScanImageTiffError, ValueError):
    """The reader was closed (like an I/O operation on a closed Python file)."""


class ScanImageTiffOSError(ScanImageTiffError, OSError):
    """The operating system refused to open or read a file."""


class ScanImageTiffFileNotFoundError(ScanImageTiffOSError, FileNotFoundError):
    """The file does not exist."""

    def __init__(self, message, filename=None):
        super().__init__(errno.ENOENT, message, os.fspath(filename) if filename is not None else None)


class ScanImageTiffIsADirectoryError(ScanImageTiffOSError, IsADirectoryError):
    """The path names a directory."""

    def __init__(self, filename):
        super().__init__(errno.EISDIR, os.strerror(errno.EISDIR), os.fspath(filename))


class ScanImageTiffPermissionError(ScanImageTiffOSError, PermissionError):
    """The file cannot be read by this process."""

    def __init__(self, filename):
        super().__init__(errno.EACCES, os.strerror(errno.EACCES), os.fspath(filename))


# The first check of Vidrio's reader, reported in its words when ours fails at the same place.
_VIDRIO_HEADER_ERROR = "Invalid tiff.  Endian-ness check returned an invalid id."
_HEADER_PROBLEMS = ("not a TIFF file: byte-order", "file is too short for a TIFF header", "file is empty")


def raise_open_error(status, filenames):
    """Raises the error for a failed open in Vidrio's words ("No such file or directory", "Is a
    directory", "Permission denied" as ``OSError`` subclasses with ``errno`` and ``filename``;
    "Invalid tiff. ..." for a file that is not a TIFF), or the library's typed error otherwise."""
    from . import _native
    if status in (_native.E_NOT_FOUND, _native.E_IO):
        for name in filenames:
            path = os.fspath(name)
            if isinstance(path, bytes):
                path = os.fsdecode(path)
            if not os.path.exists(path):
                raise ScanImageTiffFileNotFoundError(os.strerror(errno.ENOENT), path)
            if os.path.isdir(path):
                raise ScanImageTiffIsADirectoryError(path)
            if not os.access(path, os.R_OK):
                raise ScanImageTiffPermissionError(path)
    if status == _native.E_FORMAT:
        native = _native.lib()
        message = (native.sitiff_last_error() or b"").decode("utf-8", errors="replace")
        offset = native.sitiff_last_error_offset()
        if offset == 0 and any(p in message for p in _HEADER_PROBLEMS):
            raise TiffFormatError(f"{_VIDRIO_HEADER_ERROR} ({message})", 0)
    _native.check(status, filenames[0] if len(filenames) == 1 else None)


class ScanImageTiffInternalError(ScanImageTiffError, RuntimeError):
    """A bug in the library or in this binding (please report it with the message)."""
