"""Beyond Vidrio: channel/slice/volume selection and multi-ROI fields on a hand-built ScanImage file."""

import numpy as np
import pytest

from scanimagetiff import errors
from scanimagetiff.ScanImageTiffReader import ScanImageTiffReader
from tiffbuild import scanimage_bigtiff

WIDTHS = [40, 24, 16]
HEIGHTS = [30, 20, 10]
GAP = 5
PAGE_H = sum(HEIGHTS) + 2 * GAP


def page(f):
    y, x = np.mgrid[0:PAGE_H, 0:40]
    return (1000 * f + 40 * y + x).astype(np.int16)


@pytest.fixture
def mroi(tmp_path):
    section0 = (b"SI.VERSION_MAJOR = 2021\nSI.hChannels.channelSave = [1 3]\nSI.hRoiManager.mroiEnable = true\n"
                b"SI.hRoiManager.linePeriod = 4e-05\nSI.hScan2D.flytoTimePerScanfield = 0.0002\n"
                b"SI.hStackManager.enable = false\nSI.hStackManager.framesPerSlice = 3\n")
    rois = ",".join(
        '{"name":"roi%d","enable":1,"zs":0,"discretePlaneMode":0,"scanfields":{"centerXY":[0,0],"sizeXY":[1,1],'
        '"rotationDegrees":0,"enable":1,"pixelResolutionXY":[%d,%d]}}' % (i, WIDTHS[i], HEIGHTS[i]) for i in range(3))
    section1 = ('{"RoiGroups":{"imagingRoiGroup":{"name":"three","rois":[%s]},"photostimRoiGroups":null,'
                '"integrationRoiGroup":null}}' % rois).encode()
    # 3 frames x 2 channels = 6 IFDs; the two channel IFDs of a frame share their header.
    descriptions = [b"frameNumbers = %d\nframeTimestamps_sec = %.6f\n" % (f // 2 + 1, 0.25 * (f // 2)) for f in range(6)]
    return scanimage_bigtiff(tmp_path / "mroi_00001_00001.tif", [page(f) for f in range(6)], section0, section1, descriptions)


def test_structure_and_selection(mroi):
    with ScanImageTiffReader(str(mroi)) as r:
        assert r.era() == "SI2016+"
        s = r.structure()
        assert s["channels"] == [1, 3]
        assert s["frames_per_slice"] == 3 and s["slices_per_volume"] == 1 and s["volumes_complete"] == 1
        np.testing.assert_array_equal(r.ifds(channel=3), [1, 3, 5])
        np.testing.assert_array_equal(r.select(channel=1), np.stack([page(0), page(2), page(4)]))
        with pytest.raises(IndexError):
            r.ifds(channel=2)  # not saved
        with pytest.raises(IndexError):
            r.ifds(slice=1)
        np.testing.assert_array_equal(r.timestamps(), [0, 0, 0.25, 0.25, 0.5, 0.5])
        np.testing.assert_array_equal(r.frame_numbers(), [1, 1, 2, 2, 3, 3])
        assert r.metadata().startswith("SI.VERSION_MAJOR = 2021\n")
        assert r.metadata().endswith("}}")


def test_rois(mroi):
    with ScanImageTiffReader(str(mroi)) as r:
        rois = r.rois()
        assert [x["name"] for x in rois] == ["roi0", "roi1", "roi2"]
        assert [x["row"] for x in rois] == [0, 35, 60]
        assert [(x["height"], x["width"]) for x in rois] == list(zip(HEIGHTS, WIDTHS))
        for k, x in enumerate(rois):
            block = r.roi(k)
            assert block.shape == (6, HEIGHTS[k], WIDTHS[k])
            for f in range(6):
                np.testing.assert_array_equal(block[f], page(f)[x["row"]:x["row"] + HEIGHTS[k], :WIDTHS[k]])
        sel = r.select(channel=3, roi=1)
        np.testing.assert_array_equal(sel, np.stack([page(f)[35:55, :24] for f in (1, 3, 5)]))
        with pytest.raises(IndexError):
            r.roi(3)


def test_plain_tiff_has_no_selection(tmp_path):
    from tiffbuild import classic
    path = classic(tmp_path / "p.tif", [np.zeros((2, 2), "u2")] * 2)
    with ScanImageTiffReader(str(path)) as r:
        with pytest.raises(errors.NotSupportedError):
            r.ifds(channel=1)
        with pytest.raises(errors.NotSupportedError):
            r.coordinates()
