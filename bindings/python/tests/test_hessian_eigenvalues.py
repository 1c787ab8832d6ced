"""The ops with several outputs (spec: outputs) from Python: hessian_eigenvalues and
hessian_gaussian_eigenvalues return a list as pyclesperanto 0.25.1 does -- from the largest
eigenvalue down, [large, middle, small] for a 3D image and [large, small] for 2D and 1D --
and take its output keywords. hessian_eigenvalues is compared with an independent numpy
reference: numpy.linalg.eigvalsh of the Hessian by central differences with the edge
pixel repeated (pyclesperanto's definition)."""
import numpy as np
import pytest

import cesperanto as cle


def hessian_fd(image):
    """Eigenvalues (ascending, float64) of the finite-difference Hessian of image, edges repeated."""
    nd = image.ndim
    p = np.pad(image.astype(np.float64), 1, mode="edge")

    def at(offsets):
        return p[tuple(slice(1 + o, p.shape[i] - 1 + o) for i, o in enumerate(offsets))]

    h = np.zeros(image.shape + (nd, nd))
    for i in range(nd):
        e = [0] * nd
        e[i] = 1
        h[..., i, i] = at(e) - 2 * at([0] * nd) + at([-v for v in e])
        for j in range(i + 1, nd):
            def off(a, b):
                v = [0] * nd
                v[i], v[j] = a, b
                return v
            h[..., i, j] = h[..., j, i] = (at(off(1, 1)) - at(off(1, -1)) - at(off(-1, 1)) + at(off(-1, -1))) / 4
    return np.linalg.eigvalsh(h)


@pytest.mark.parametrize("shape", [(21,), (13, 17), (5, 9, 11)])
@pytest.mark.parametrize("dtype", [np.float32, np.uint8, np.int16])
def test_hessian_eigenvalues_numpy(shape, dtype):
    rng = np.random.default_rng(sum(shape))
    if dtype == np.float32:
        image = rng.random(shape).astype(np.float32)
    else:
        info = np.iinfo(dtype)
        image = rng.integers(max(info.min, -1000), min(info.max, 1000), shape, endpoint=True).astype(dtype)
    result = cle.hessian_eigenvalues(image)
    assert isinstance(result, list)
    want = hessian_fd(image if len(shape) > 1 else image[np.newaxis])  # a 1D image: a 2 x 2 Hessian, y flat
    if len(shape) == 1:
        want = want[0]
    scale = max(1.0, float(np.abs(want).max()))
    assert len(result) == want.shape[-1]  # 3 in 3D, 2 in 2D and 1D
    for got, k in zip(result, reversed(range(want.shape[-1]))):  # from the largest down
        got = np.asarray(got)
        assert got.dtype == np.float32 and got.shape == image.shape
        np.testing.assert_allclose(got, want[..., k], rtol=0, atol=2e-6 * scale)


@pytest.mark.parametrize("op", ["hessian_eigenvalues", "hessian_gaussian_eigenvalues"])
def test_list_length_order_and_outputs(op):
    f = getattr(cle, op)
    rng = np.random.default_rng(7)
    image2 = rng.random((11, 13)).astype(np.float32)
    image3 = rng.random((5, 11, 13)).astype(np.float32)
    r2, r3 = f(image2), f(image3)
    assert len(r2) == 2 and len(r3) == 3
    assert all(isinstance(a, cle.Array) for a in r2 + r3)
    large, small = (np.asarray(a) for a in r2)
    assert (large >= small).all()
    large, middle, small = (np.asarray(a) for a in r3)
    assert (large >= middle).all() and (middle >= small).all()
    # the output keywords: given arrays get the pixels (a 2D image leaves a given middle as it is)
    outs = {n: cle.push(np.full(image2.shape, 7, np.float32))
            for n in ("small_eigenvalue", "middle_eigenvalue", "large_eigenvalue")}
    given = f(image2, **outs)
    np.testing.assert_array_equal(np.asarray(outs["small_eigenvalue"]), np.asarray(r2[1]))
    np.testing.assert_array_equal(np.asarray(outs["large_eigenvalue"]), np.asarray(r2[0]))
    np.testing.assert_array_equal(np.asarray(outs["middle_eigenvalue"]), 7)
    np.testing.assert_array_equal(np.asarray(given[0]), np.asarray(outs["large_eigenvalue"]))
    with pytest.raises(cle.InvalidArgumentError, match="%s: large_eigenvalue has shape" % op):
        f(image2, large_eigenvalue=cle.push(np.zeros((11, 14), np.float32)))


def test_operations_lists_the_outputs():
    op = cle.operations()["hessian_gaussian_eigenvalues"]
    assert op.output_kind == "arrays" and op.output_name is None
    assert op.outputs == ("small_eigenvalue", "middle_eigenvalue", "large_eigenvalue")
    assert len(op(np.zeros((3, 4, 5), np.float32))) == 3
    assert cle.operations()["gaussian_blur"].outputs == ()
