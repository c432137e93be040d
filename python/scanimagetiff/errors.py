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


class ScanImageTiffInternalError(ScanImageTiffError, RuntimeError):
    """A bug in the library or in this binding (please report it with the message)."""
