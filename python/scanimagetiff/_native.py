"""Loads libscanimagetiff (the NativeAOT build of the C# engine) and declares its C ABI for ctypes.

Where the library is looked for, in order:
  1. the file named by the environment variable ``SCANIMAGETIFF_LIB``;
  2. ``scanimagetiff/lib/`` inside this package (``python/bundle_native.sh`` copies it there);
  3. the repository's publish output, ``Engine.Native/bin/Release/net10.0/<rid>/publish/``.
"""

import ctypes
import math
import operator
import os
import platform
import sys
from ctypes import POINTER, c_char_p, c_double, c_int, c_int32, c_int64, c_uint32, c_uint64, c_void_p
from pathlib import Path

from . import errors

ABI_VERSION = 1

# Status codes (scanimagetiff.h).
OK = 0
E_ARGUMENT = -1
E_FORMAT = -2
E_UNSUPPORTED = -3
E_IO = -4
E_OUT_OF_RANGE = -5
E_BUFFER_TOO_SMALL = -6
E_INVALID_HANDLE = -7
E_NOT_FOUND = -8
E_NO_MEMORY = -9
E_NOT_AVAILABLE = -10
E_INTERNAL = -99

ANY = -1
SELECT_FLYBACK = 1


class Shape(ctypes.Structure):
    _fields_ = [("frames", c_int64), ("height", c_int64), ("width", c_int64), ("samples_per_pixel", c_int64),
                ("type", c_int32), ("bytes_per_sample", c_int32)]


class Nd(ctypes.Structure):
    _fields_ = [("ndim", c_uint32), ("type", c_uint32), ("strides", c_int64 * 11), ("dims", c_uint64 * 10)]


class FrameInfo(ctypes.Structure):
    _fields_ = [("width", c_int64), ("height", c_int64), ("samples_per_pixel", c_int32),
                ("bits_per_sample", c_int32), ("type", c_int32), ("zero_copy", c_int32),
                ("byte_count", c_int64), ("ifd_offset", c_int64), ("data_offset", c_int64)]


class Structure(ctypes.Structure):
    _fields_ = [(name, c_int32) for name in (
        "era", "channel_count", "slices_per_volume", "frames_per_slice", "flyback_frames_per_volume",
        "frames_per_volume_on_disk", "ifds_per_volume", "volumes_complete", "ifds_in_partial_volumes",
        "volumes_in_metadata", "log_average_factor", "stack_mode")] + [
        ("ifd_count", c_int64), ("ifds_before", c_int64), ("volume_offset", c_int64), ("frames_per_file", c_double)]


class Coordinates(ctypes.Structure):
    _fields_ = [("ifd", c_int64)] + [(name, c_int32) for name in (
        "volume", "slice", "frame_in_slice", "frame_in_volume", "channel_index", "channel", "flyback", "reserved")]


class Roi(ctypes.Structure):
    _fields_ = [(name, c_int32) for name in ("index", "row", "column", "height", "width", "reserved")]


_H = c_int64
_P64 = POINTER(c_int64)
_PU64 = POINTER(c_uint64)
_PROTOTYPES = {
    "sitiff_api_version": (c_char_p, []),
    "sitiff_abi_version": (c_int32, []),
    "sitiff_last_error": (c_char_p, []),
    "sitiff_last_error_offset": (c_int64, []),
    "sitiff_open": (c_int, [c_char_p, _P64]),
    "sitiff_open_acquisition": (c_int, [POINTER(c_char_p), c_int64, _P64]),
    "sitiff_close": (c_int, [_H]),
    "sitiff_frame_count": (c_int, [_H, _P64]),
    "sitiff_file_count": (c_int, [_H, _P64]),
    "sitiff_get_shape": (c_int, [_H, POINTER(Shape)]),
    "sitiff_vidrio_shape": (c_int, [_H, POINTER(Nd)]),
    "sitiff_get_frame_info": (c_int, [_H, c_int64, POINTER(FrameInfo)]),
    "sitiff_data_size": (c_int, [_H, _PU64]),
    "sitiff_read_data": (c_int, [_H, c_void_p, c_uint64]),
    "sitiff_interval_size": (c_int, [_H, c_int64, c_int64, _PU64]),
    "sitiff_read_interval": (c_int, [_H, c_int64, c_int64, c_void_p, c_uint64]),
    "sitiff_ifds_size": (c_int, [_H, c_void_p, c_int64, _PU64]),
    "sitiff_read_ifds": (c_int, [_H, c_void_p, c_int64, c_void_p, c_uint64]),
    "sitiff_frame_pointer": (c_int, [_H, c_int64, POINTER(c_void_p), _PU64]),
    "sitiff_description_size": (c_int, [_H, c_int64, _PU64]),
    "sitiff_description": (c_int, [_H, c_int64, c_void_p, c_uint64]),
    "sitiff_description_sizes": (c_int, [_H, c_void_p, c_int64, _P64]),
    "sitiff_all_descriptions_size": (c_int, [_H, _PU64]),
    "sitiff_all_descriptions": (c_int, [_H, c_void_p, c_uint64]),
    "sitiff_metadata_size": (c_int, [_H, _PU64]),
    "sitiff_metadata": (c_int, [_H, c_void_p, c_uint64]),
    "sitiff_get_era": (c_int, [_H, POINTER(c_int32)]),
    "sitiff_get_structure": (c_int, [_H, POINTER(Structure)]),
    "sitiff_channels": (c_int, [_H, c_void_p, c_int64, _P64]),
    "sitiff_locate": (c_int, [_H, c_int64, c_int64, c_void_p]),
    "sitiff_select": (c_int, [_H, c_int32, c_int32, c_int32, c_int32, c_void_p, c_int64, _P64]),
    "sitiff_timestamps": (c_int, [_H, c_void_p, c_int64, _P64]),
    "sitiff_frame_numbers": (c_int, [_H, c_void_p, c_int64, _P64]),
    "sitiff_roi_count": (c_int, [_H, POINTER(c_int32)]),
    "sitiff_roi_rect": (c_int, [_H, c_int32, POINTER(Roi)]),
    "sitiff_roi_name": (c_int, [_H, c_int32, c_void_p, c_uint64, _PU64]),
    "sitiff_roi_size": (c_int, [_H, c_int32, c_void_p, c_int64, _PU64]),
    "sitiff_read_roi": (c_int, [_H, c_int32, c_void_p, c_int64, c_void_p, c_uint64]),
}


def _library_file_name():
    if sys.platform.startswith("win"):
        return "scanimagetiff.dll"
    if sys.platform == "darwin":
        return "libscanimagetiff.dylib"
    return "libscanimagetiff.so"


def _runtime_identifiers():
    machine = platform.machine().lower()
    arch = "arm64" if machine in ("arm64", "aarch64") else "x64"
    if sys.platform.startswith("win"):
        return ["win-" + arch]
    if sys.platform == "darwin":
        return ["osx-" + arch]
    return ["linux-" + arch]


def candidate_paths():
    """Where the library is looked for, in order (see the module docstring)."""
    paths = []
    env = os.environ.get("SCANIMAGETIFF_LIB")
    if env:
        paths.append(Path(env))
    name = _library_file_name()
    here = Path(__file__).resolve().parent
    paths.append(here / "lib" / name)
    repo = here.parent.parent
    for rid in _runtime_identifiers():
        paths.append(repo / "Engine.Native" / "bin" / "Release" / "net10.0" / rid / "publish" / name)
    return paths


def _load():
    tried = []
    for path in candidate_paths():
        if not path.is_file():
            tried.append(f"{path} (not there)")
            continue
        try:
            lib = ctypes.CDLL(str(path))
        except OSError as e:
            tried.append(f"{path} ({e})")
            continue
        for name, (restype, argtypes) in _PROTOTYPES.items():
            fn = getattr(lib, name)
            fn.restype = restype
            fn.argtypes = argtypes
        if lib.sitiff_abi_version() != ABI_VERSION:
            raise ImportError(f"{path} has ABI version {lib.sitiff_abi_version()}, this package needs {ABI_VERSION}")
        lib.path = str(path)
        return lib
    raise ImportError(
        "scanimagetiff: cannot find the native library. Build it with "
        "`dotnet publish Engine.Native -c Release -r linux-x64` and either run python/bundle_native.sh, "
        "or set SCANIMAGETIFF_LIB to the library file. Tried:\n  " + "\n  ".join(tried))


_lib = None


def lib():
    """The loaded library (loaded on first use)."""
    global _lib
    if _lib is None:
        _lib = _load()
    return _lib


def check(status, filename=None):
    """Raises the Python exception for a non-zero status, with the library's message for this thread."""
    if status == OK:
        return
    native = lib()
    message = (native.sitiff_last_error() or b"").decode("utf-8", errors="replace")
    if status == E_FORMAT:
        offset = native.sitiff_last_error_offset()
        raise errors.TiffFormatError(message, offset if offset >= 0 else None)
    if status in (E_UNSUPPORTED, E_NOT_AVAILABLE):
        raise errors.NotSupportedError(message)
    if status == E_OUT_OF_RANGE:
        raise errors.OutOfRangeError(message)
    if status == E_NOT_FOUND:
        raise errors.ScanImageTiffFileNotFoundError(message, filename)
    if status == E_IO:
        raise errors.ScanImageTiffOSError(message)
    if status == E_INVALID_HANDLE:
        raise errors.ReaderClosedError(message)
    if status == E_ARGUMENT:
        raise errors.InvalidArgumentError(message)
    if status == E_NO_MEMORY:
        raise MemoryError(message)
    raise errors.ScanImageTiffInternalError(f"status {status}: {message}")


def nan_to_none(value):
    return None if isinstance(value, float) and math.isnan(value) else value


def index(value, name):
    """``value`` as an int for one of the library's index parameters; TypeError naming ``name``
    for anything that is not an integer (a float, a string ...)."""
    try:
        return operator.index(value)
    except TypeError:
        raise TypeError(f"{name} must be an integer, not {type(value).__name__}") from None
