"""Multi-file acquisitions as one reader."""

import numpy as np
import pytest

from conftest import CORPUS, EXPECTED, GROUPS, needs_corpus, sha256
from scanimagetiff.ScanImageTiffReader import ScanImageTiffReader
import scanimagetiff

PARAMS = GROUPS or [pytest.param(None, marks=needs_corpus)]


@pytest.mark.parametrize("group", PARAMS)
def test_group_as_one_reader(group):
    g = EXPECTED["groups"][group]
    with ScanImageTiffReader.from_files([CORPUS / f for f in g["files"]]) as r:
        assert len(r) == g["total_ifds"]
        vol = r.data()
        assert sha256(vol) == g["pixel_sha256"]
        assert sha256(r.timestamps()) == g["frame_timestamps_sha256"]
        s = r.structure()
        for key, value in g["acquisition"].items():
            if key == "ifds_in_partial_volume":
                assert s["ifds_in_partial_volumes"] == value
            else:
                assert s[key] == value, key
        assert s["files"] == len(g["files"])
        coords = r.coordinates()
        for item in g["first_ifd_of_each_file"] + [g["last_ifd"]]:
            c = coords[item["global_ifd"]]
            assert (c["volume"], c["channel"], bool(c["flyback"])) == (item["volume"], item["channel"], item["flyback"])
        # Interval across a file boundary equals the concatenation.
        per_file = g["ifds_per_file"][0]
        np.testing.assert_array_equal(r.data(per_file - 2, per_file + 2), vol[per_file - 2:per_file + 2])
        # Slice 3 of channel 1 over all volumes, by selection and by hand from the coordinates.
        chosen = np.flatnonzero((coords["slice"] == 3) & (coords["channel"] == 1))
        np.testing.assert_array_equal(r.ifds(channel=1, slice=3), chosen)
        np.testing.assert_array_equal(r.select(channel=1, slice=3), vol[chosen])
        assert len(chosen) == g["acquisition"]["volumes_complete"]
        assert r.ifds(volume=0, include_flyback=True).size == g["acquisition"]["ifds_per_volume"]


@pytest.mark.parametrize("group", PARAMS)
def test_open_acquisition_spelling(group):
    g = EXPECTED["groups"][group]
    with scanimagetiff.open_acquisition([str(CORPUS / f) for f in g["files"][:2]]) as r:
        assert len(r) == 2 * g["ifds_per_file"][0]
