"""ScanImage-meaning extensions of :class:`scanimagetiff.ScanImageTiffReader.ScanImageTiffReader`.

What this package adds to Vidrio's API lives here, as a mixin the reader inherits, so the reader's
own module holds only what replaces Vidrio's (open/close, shape, dtype, data, descriptions,
metadata, frame access).
"""

import ctypes
import math

import numpy as np

from . import _native
from . import errors
from ._native import index as _index

_ERAS = {0: None, 1: "SI3", 2: "SI4", 3: "SI5", 4: "SI2015", 5: "SI2016+"}
_STACK_MODES = {0: None, 1: "fast", 2: "slow"}

_COORDINATE_DTYPE = np.dtype([("ifd", "<i8"), ("volume", "<i4"), ("slice", "<i4"), ("frame_in_slice", "<i4"),
                              ("frame_in_volume", "<i4"), ("channel_index", "<i4"), ("channel", "<i4"),
                              ("flyback", "<i4"), ("reserved", "<i4")])


class _ScanImageMeaning:
    """What ScanImage's files mean, beyond Vidrio's API: the era and acquisition structure, where
    each IFD sits (channel, slice, volume), reads by channel/slice/volume and multi-ROI field, reads
    into a caller's buffer, and the per-frame timestamps and frame numbers.

    A mixin of :class:`ScanImageTiffReader`: it relies on the reader's ``_h()``, ``__len__``,
    ``_uniform()`` and ``_frame_info()``."""

    # -- acquisition structure ------------------------------------------------------------------

    def era(self):
        """Which ScanImage wrote the file: 'SI3', 'SI4', 'SI5', 'SI2015', 'SI2016+', or None."""
        era = ctypes.c_int32()
        _native.check(_native.lib().sitiff_get_era(self._h(), ctypes.byref(era)))
        return _ERAS.get(era.value)

    def structure(self):
        """How the IFDs map to channels x slices x volumes, as a dict, or None for a plain TIFF.

        Keys: era, channels (ScanImage channel numbers), slices_per_volume, frames_per_slice,
        flyback_frames_per_volume, frames_per_volume_on_disk, ifds_per_volume, volumes_complete,
        ifds_in_partial_volumes, volumes_in_metadata, log_average_factor, stack_mode ('fast',
        'slow' or None), ifd_count, ifds_before, volume_offset, frames_per_file, files, rois."""
        lib = _native.lib()
        s = _native.Structure()
        status = lib.sitiff_get_structure(self._h(), ctypes.byref(s))
        if status == _native.E_NOT_AVAILABLE:
            return None
        _native.check(status)
        count = ctypes.c_int64()
        channels = np.empty(max(1, s.channel_count), dtype=np.int32)
        _native.check(lib.sitiff_channels(self._h(), channels.ctypes.data, channels.size, ctypes.byref(count)))
        files = ctypes.c_int64()
        _native.check(lib.sitiff_file_count(self._h(), ctypes.byref(files)))
        return {
            "era": _ERAS.get(s.era),
            "channels": channels[:count.value].tolist(),
            "slices_per_volume": s.slices_per_volume,
            "frames_per_slice": s.frames_per_slice,
            "flyback_frames_per_volume": s.flyback_frames_per_volume,
            "frames_per_volume_on_disk": s.frames_per_volume_on_disk,
            "ifds_per_volume": s.ifds_per_volume,
            "volumes_complete": s.volumes_complete,
            "ifds_in_partial_volumes": s.ifds_in_partial_volumes,
            "volumes_in_metadata": None if s.volumes_in_metadata < 0 else s.volumes_in_metadata,
            "log_average_factor": s.log_average_factor,
            "stack_mode": _STACK_MODES.get(s.stack_mode, "slow"),
            "ifd_count": s.ifd_count,
            "ifds_before": s.ifds_before,
            "volume_offset": s.volume_offset,
            "frames_per_file": None if math.isnan(s.frames_per_file) else s.frames_per_file,
            "files": files.value,
            "rois": self.rois(),
        }

    def coordinates(self, start=0, stop=None):
        """Where IFDs ``[start, stop)`` sit: a numpy structured array with fields ifd, volume,
        slice, frame_in_slice, frame_in_volume, channel_index, channel, flyback (slice and
        frame_in_slice are -1 for flyback frames). NotSupportedError for a plain TIFF."""
        n = len(self)
        stop = n if stop is None else _index(stop, "stop")
        start = _index(start, "start")
        if not 0 <= start <= stop <= n:
            raise errors.OutOfRangeError(f"[{start}, {stop}) is not an IFD interval of a file with {n} IFDs")
        out = np.zeros(stop - start, dtype=_COORDINATE_DTYPE)
        _native.check(_native.lib().sitiff_locate(self._h(), start, stop - start, out.ctypes.data))
        return out[[name for name in _COORDINATE_DTYPE.names if name != "reserved"]]

    def ifds(self, channel=None, slice=None, volume=None, include_flyback=False):  # noqa: A002 - ScanImage's word
        """IFD indices (int64 array, in order) of channel number ``channel`` (1-based, as saved
        by ScanImage), z plane ``slice`` and volume ``volume``; None means any."""
        args = []
        for name, value in (("channel", channel), ("slice", slice), ("volume", volume)):
            if value is None:
                args.append(_native.ANY)
                continue
            value = _index(value, name)
            if value < 0 or (name == "channel" and value < 1):
                raise errors.OutOfRangeError(f"{name} {value} is out of range")
            args.append(value)
        flags = _native.SELECT_FLYBACK if include_flyback else 0
        lib = _native.lib()
        count = ctypes.c_int64()
        _native.check(lib.sitiff_select(self._h(), *args, flags, None, 0, ctypes.byref(count)))
        out = np.empty(count.value, dtype=np.int64)
        _native.check(lib.sitiff_select(self._h(), *args, flags, out.ctypes.data, out.size, ctypes.byref(count)))
        return out

    def read_into(self, out, beg, end=None, ifds=None):
        """Copies frames ``[beg, end)`` (or, with ``ifds``, the listed IFDs) into ``out``, a writable
        C-contiguous ndarray of the frames' dtype and exactly their size, without an intermediate copy.
        What the Dask and zarr chunk readers use; returns ``out``."""
        if not (isinstance(out, np.ndarray) and out.flags.c_contiguous and out.flags.writeable):
            raise ValueError("out must be a writable C-contiguous numpy array")
        h = self._h()
        lib = _native.lib()
        if ifds is not None:
            ifds = np.ascontiguousarray(ifds, dtype=np.int64).reshape(-1)
            status = lib.sitiff_read_ifds(h, ifds.ctypes.data, ifds.size, out.ctypes.data, out.nbytes)
        else:
            n = len(self)
            end = n if end is None else _index(end, "end")
            beg = _index(beg, "beg")
            if not 0 <= beg <= end <= n:
                raise errors.OutOfRangeError(f"[{beg}, {end}) is not a frame interval of a file with {n} frames")
            status = lib.sitiff_read_interval(h, beg, end, out.ctypes.data, out.nbytes)
        _native.check(status)
        return out

    def read_ifds(self, ifds):
        """The listed IFDs (any order, repeats allowed) as a new ndarray ``[n, height, width]``."""
        ifds = np.ascontiguousarray(ifds, dtype=np.int64).reshape(-1)
        n = len(self)
        if ifds.size and (ifds.min() < 0 or ifds.max() >= n):
            raise errors.OutOfRangeError(f"IFD indices must be in [0, {n})")
        frame_shape, dtype = self._uniform(ifds.tolist())
        out = np.empty([ifds.size] + frame_shape, dtype=dtype)
        _native.check(_native.lib().sitiff_read_ifds(self._h(), ifds.ctypes.data, ifds.size, out.ctypes.data, out.nbytes))
        return out

    def select(self, channel=None, slice=None, volume=None, roi=None, include_flyback=False):  # noqa: A002
        """The frames of channel/slice/volume (None = any) as ``[n, height, width]``; with
        ``roi=k`` only multi-ROI field k of each (``[n, roi height, roi width]``)."""
        ifds = self.ifds(channel, slice, volume, include_flyback)
        return self.read_ifds(ifds) if roi is None else self.roi(roi, ifds)

    def timestamps(self):
        """``frameTimestamps_sec`` of every IFD as a float64 array (NaN where a frame has none)."""
        return self._column("sitiff_timestamps", np.float64)

    def frame_numbers(self):
        """``frameNumbers`` of every IFD as an int64 array (-1 where a frame has none)."""
        return self._column("sitiff_frame_numbers", np.int64)

    def _column(self, function, dtype):
        fn = getattr(_native.lib(), function)
        count = ctypes.c_int64()
        _native.check(fn(self._h(), None, 0, ctypes.byref(count)))
        out = np.empty(count.value, dtype=dtype)
        _native.check(fn(self._h(), out.ctypes.data, out.size, ctypes.byref(count)))
        return out

    # -- multi-ROI ------------------------------------------------------------------------------

    def rois(self):
        """The multi-ROI fields of a page: a list of dict(index, name, row, column, height, width);
        empty when multi-ROI imaging was off."""
        lib = _native.lib()
        count = ctypes.c_int32()
        _native.check(lib.sitiff_roi_count(self._h(), ctypes.byref(count)))
        result = []
        for k in range(count.value):
            r = _native.Roi()
            _native.check(lib.sitiff_roi_rect(self._h(), k, ctypes.byref(r)))
            size = ctypes.c_uint64()
            _native.check(lib.sitiff_roi_name(self._h(), k, None, 0, ctypes.byref(size)))
            name = ctypes.create_string_buffer(max(1, size.value))
            _native.check(lib.sitiff_roi_name(self._h(), k, name, size.value, ctypes.byref(size)))
            result.append({"index": r.index, "name": name.raw[:size.value].decode("utf-8", errors="replace"),
                           "row": r.row, "column": r.column, "height": r.height, "width": r.width})
        return result

    def roi(self, k, ifds=None):
        """Multi-ROI field ``k`` of the listed IFDs (all when None) as ``[n, height, width]``."""
        k = _index(k, "roi")
        ifds = np.arange(len(self), dtype=np.int64) if ifds is None else np.ascontiguousarray(ifds, dtype=np.int64).reshape(-1)
        lib = _native.lib()
        rect = _native.Roi()
        _native.check(lib.sitiff_roi_rect(self._h(), k, ctypes.byref(rect)))
        size = ctypes.c_uint64()
        _native.check(lib.sitiff_roi_size(self._h(), k, ifds.ctypes.data, ifds.size, ctypes.byref(size)))
        _, dtype = self._uniform(ifds.tolist())
        samples = self._frame_info(int(ifds[0])).samples_per_pixel if ifds.size else 1
        shape = [ifds.size, rect.height, rect.width] + ([samples] if samples != 1 else [])
        out = np.empty(shape, dtype=dtype)
        _native.check(lib.sitiff_read_roi(self._h(), k, ifds.ctypes.data, ifds.size, out.ctypes.data, out.nbytes))
        return out
