"""Builds small TIFF files byte by byte for the tests (independent of the reader under test)."""

import struct

import numpy as np

_SAMPLE_FORMAT = {"u": 1, "i": 2, "f": 3}


def classic(path, frames, descriptions=None, big_endian=False, compression=1):
    """Classic TIFF: one strip per frame; frames are 2-D numpy arrays (any shapes, any of the 10 types).
    descriptions: list of bytes (written as is, a NUL added) or None."""
    e = ">" if big_endian else "<"
    out = bytearray(b"MM" if big_endian else b"II")
    out += struct.pack(e + "HI", 42, 8)
    for k, frame in enumerate(frames):
        frame = np.asarray(frame)
        desc = None if descriptions is None else bytes(descriptions[k]) + b"\0"
        tags = [(256, 3, 1, frame.shape[1]), (257, 3, 1, frame.shape[0]), (258, 3, 1, frame.dtype.itemsize * 8),
                (259, 3, 1, compression), (262, 3, 1, 1)]
        if desc is not None:
            tags.append((270, 2, len(desc), None))
        tags += [(273, 4, 1, None), (277, 3, 1, 1), (278, 4, 1, frame.shape[0]), (279, 4, 1, frame.nbytes),
                 (339, 3, 1, _SAMPLE_FORMAT[frame.dtype.kind])]
        ifd = len(out)
        desc_at = ifd + 2 + 12 * len(tags) + 4
        pixels_at = desc_at + (len(desc) if desc else 0)
        pixels_at += pixels_at & 1
        next_ifd = pixels_at + frame.nbytes if k + 1 < len(frames) else 0
        out += struct.pack(e + "H", len(tags))
        for tag, typ, count, value in tags:
            if tag == 270 and len(desc) <= 4:
                out += struct.pack(e + "HHI", tag, typ, count) + desc.ljust(4, b"\0")  # fits in the entry
                continue
            if tag == 270:
                value = desc_at
            elif tag == 273:
                value = pixels_at
            if typ == 3:
                out += struct.pack(e + "HHIHH", tag, typ, count, value, 0)
            else:
                out += struct.pack(e + "HHII", tag, typ, count, value)
        out += struct.pack(e + "I", next_ifd)
        if desc:
            out += desc
        out += b"\0" * (pixels_at - len(out))
        out += frame.astype(frame.dtype.newbyteorder(e)).tobytes()
    with open(path, "wb") as f:
        f.write(out)
    return path


def scanimage_bigtiff(path, frames, section0, section1, descriptions):
    """A ScanImage 2016+ style BigTIFF: the 16-byte block at byte 16 (magic, version 4, n0, n1),
    both sections (NUL-terminated), then one IFD + description + pixels per frame (int16)."""
    s0 = section0 + b"\0"
    s1 = section1 + b"\0"
    out = bytearray(b"II" + struct.pack("<HHHQ", 43, 8, 0, 0))
    out += struct.pack("<IIII", 0x07030301, 4, len(s0), len(s1)) + s0 + s1
    out += b"\0" * (-len(out) % 8)
    struct.pack_into("<Q", out, 8, len(out))
    for k, frame in enumerate(frames):
        frame = np.asarray(frame, dtype="<i2")
        desc = descriptions[k] + b"\0"
        tags = [(256, 3, 1, frame.shape[1]), (257, 3, 1, frame.shape[0]), (258, 3, 1, 16), (259, 3, 1, 1),
                (262, 3, 1, 1), (270, 2, len(desc), None), (273, 16, 1, None), (277, 3, 1, 1),
                (278, 4, 1, frame.shape[0]), (279, 16, 1, frame.nbytes), (339, 3, 1, 2)]
        ifd = len(out)
        desc_at = ifd + 8 + 20 * len(tags) + 8
        pixels_at = desc_at + len(desc)
        pixels_at += -pixels_at % 8
        next_ifd = pixels_at + frame.nbytes if k + 1 < len(frames) else 0
        next_ifd += -next_ifd % 8 if next_ifd else 0
        out += struct.pack("<Q", len(tags))
        for tag, typ, count, value in tags:
            if tag == 270:
                value = desc_at
            elif tag == 273:
                value = pixels_at
            out += struct.pack("<HHQQ", tag, typ, count, value)
        out += struct.pack("<Q", next_ifd) + desc
        out += b"\0" * (pixels_at - len(out))
        out += frame.tobytes()
        out += b"\0" * (-len(out) % 8)
    with open(path, "wb") as f:
        f.write(out)
    return path
