"""ImageJ stacks as tifffile writes them: a stack along one axis beyond y and
x reads as z whatever the axis is called (a plain
`tifffile.imwrite(f, stack, imagej=True)` names it "channels"); two such
axes are refused with a message naming them."""

import numpy as np
import pytest
import tifffile

import cesperanto as cle


@pytest.mark.parametrize("axes", [None, "ZYX", "TYX", "CYX"])
def test_one_axis_reads_as_z(tmp_path, axes):
    data = np.arange(5 * 7 * 9, dtype=np.uint16).reshape(5, 7, 9)
    path = str(tmp_path / "stack.tif")
    tifffile.imwrite(path, data, imagej=True, metadata={"axes": axes} if axes else {})
    assert np.array_equal(cle.pull(cle.imread(path)), data)


def test_two_axes_are_refused(tmp_path):
    data = np.zeros((3, 2, 7, 9), dtype=np.uint8)
    path = str(tmp_path / "hyper.tif")
    tifffile.imwrite(path, data, imagej=True, metadata={"axes": "ZCYX"})
    with pytest.raises(cle.Error, match="2 channels x 3 slices x 1 frames; only one axis beyond y and x"):
        cle.imread(path)
