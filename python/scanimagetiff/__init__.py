"""scanimagetiff: a fast, memory-mapped reader of ScanImage TIFF files (a NativeAOT build of a C#
engine, called through ctypes), and a drop-in replacement for Vidrio's ScanImageTiffReader::

    from scanimagetiff.ScanImageTiffReader import ScanImageTiffReader
    vol = ScanImageTiffReader("my.tif").data()

See ``scanimagetiff.ScanImageTiffReader`` for the class and ``scanimagetiff.errors`` for the
exceptions. ``scanimagetiff.open(path)`` and ``scanimagetiff.open_acquisition(paths)`` are short
spellings of the constructor and of ``ScanImageTiffReader.from_files``.
"""

from . import errors
from .errors import (NotSupportedError, OutOfRangeError, ReaderClosedError, ScanImageTiffError,
                     TiffFormatError)

__version__ = "1.0.0"

__all__ = ["open", "open_acquisition", "api_version", "to_dask", "aszarr", "errors", "ScanImageTiffError", "TiffFormatError",
           "NotSupportedError", "OutOfRangeError", "ReaderClosedError", "__version__"]


def open(filename):  # noqa: A001 - the package's natural verb
    """Opens one file: a ``ScanImageTiffReader``."""
    from .ScanImageTiffReader import ScanImageTiffReader as _Reader
    return _Reader(filename)


def open_acquisition(filenames):
    """Opens several files of one acquisition as one reader (see ``ScanImageTiffReader.from_files``)."""
    from .ScanImageTiffReader import ScanImageTiffReader as _Reader
    return _Reader.from_files(filenames)


def api_version():
    """The native library's version string."""
    from .ScanImageTiffReader import api_version as _api_version
    return _api_version()


def to_dask(path_or_paths, frames_per_chunk=None, shaped=False):
    """A lazy dask array over one file or a multi-file acquisition (see ``scanimagetiff.chunked``)."""
    from .chunked import to_dask as _to_dask
    return _to_dask(path_or_paths, frames_per_chunk, shaped)


def aszarr(path_or_paths, frames_per_chunk=None, shaped=False):
    """A read-only zarr v2 store over the same chunks as ``to_dask`` (see ``scanimagetiff.chunked``)."""
    from .chunked import aszarr as _aszarr
    return _aszarr(path_or_paths, frames_per_chunk, shaped)
