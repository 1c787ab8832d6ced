"""cesperanto.Array acts like a numpy array and stays on the device: one test
per behaviour, each compared with numpy on the same pixels. Where cesperanto
follows pyclesperanto instead (result dtypes of arithmetic, & | ^ ~ logical,
slices are copies) the test says so; bindings/python/README.md lists it all.
No behaviour may give a silently wrong answer: what cannot be done raises."""

import numpy as np
import pytest

import cesperanto as cle
from cesperanto import _ops

RNG = np.random.default_rng(17)
F = (RNG.random((3, 4, 5), dtype=np.float32) * 10 - 5).astype(np.float32)
U = RNG.integers(0, 200, (3, 4, 5)).astype(np.uint8)
I = RNG.integers(-100, 100, (3, 4, 5)).astype(np.int16)


def each(cases, check):
    """Run check on every case (a test per behaviour, its cases in one loop); report every failing case."""
    failures = []
    for case in cases:
        try:
            check(*case) if isinstance(case, tuple) and check.__code__.co_argcount > 1 else check(case)
        except Exception as e:  # noqa: BLE001 - collected and reported below
            failures.append("%r: %s: %s" % (case, type(e).__name__, e))
    assert not failures, "\n".join(failures)


def same(got, want, tol=1e-6):
    """got (Array, ndarray or scalar) has want's shape and values (within tol, NaN equal NaN)."""
    got = np.asarray(got) if isinstance(got, cle.Array) else got
    assert np.shape(got) == np.shape(want)
    np.testing.assert_allclose(np.asarray(got, np.float64), np.asarray(want, np.float64), rtol=tol, atol=tol)


# ---- equality and truth: never identity, never a silent bool --------------------------------


def test_eq_compares_elements_not_identity():
    a, b = cle.push(U), cle.push(U.copy())
    eq = a == b
    assert isinstance(eq, cle.Array) and eq.dtype == np.uint8 and eq.shape == U.shape
    assert np.asarray(eq).all()
    assert not np.asarray(a != b).any()
    other = U.copy()
    other[1, 2, 3] += 1
    same(a == cle.push(other), U == other)
    same(a == 7, U == 7)
    same(a == other, U == other)  # an ndarray operand
    same(7 == a, U == 7)


def test_bool_raises_for_more_than_one_element():
    with pytest.raises(ValueError, match="truth value of an array with more than one element is ambiguous"):
        bool(cle.push(U))
    with pytest.raises(ValueError, match="ambiguous"):
        if cle.push(U) == cle.push(U):
            pass
    assert bool(cle.push(np.array([3], np.uint8))) is True
    assert bool(cle.push(np.array([0.0], np.float32))) is False
    assert (cle.push(U) == cle.push(U)).all()


def test_comparisons_give_binary_arrays():
    a = cle.push(F)
    for got, want in ((a > 0, F > 0), (a >= 1, F >= 1), (a < -1, F < -1), (a <= 2, F <= 2), (0 < a, 0 < F),
                      (a > cle.push(F.T.copy().T * 0), F > 0), (a < F[0], F < F[0])):
        assert got.dtype == np.uint8
        same(got, want)


# ---- attributes, len, iteration -------------------------------------------------------------


def test_shape_dtype_ndim_size_nbytes_len():
    a = cle.push(I)
    assert (a.shape, a.dtype, a.ndim, a.size, a.nbytes, len(a), a.itemsize) == (
        I.shape, I.dtype, I.ndim, I.size, I.nbytes, len(I), I.itemsize)
    assert len(cle.push(np.zeros(7, np.uint8))) == 7


def test_iteration_over_the_first_axis():
    rows = list(cle.push(I))
    assert len(rows) == 3 and all(isinstance(r, cle.Array) for r in rows)
    for got, want in zip(rows, I):
        same(got, want)
    values = list(cle.push(I[0, 0]))
    assert values == list(I[0, 0]) and type(values[0]) is np.int16
    assert 5 in cle.push(np.arange(9, dtype=np.int32)) and 50 not in cle.push(np.arange(9, dtype=np.int32))


# ---- reading with an index ------------------------------------------------------------------

READ_INDEXES = [1, -1, (1, 2), (2, -1, 0), (slice(1, 3), slice(None, None, 2)), (slice(None, None, -1),),
                (slice(3, 0, -2), slice(None), slice(None, None, -3)), (Ellipsis, 1), (1, Ellipsis, 2), (None, 1),
                (slice(None), None, 0), (slice(-100, 100, 2),), (slice(1, 1),), (np.int64(2), np.int32(-1)),
                (np.array(1), np.array(2), 3), ([0, 2],), ([0, 2, 2], [1, 0, 3]), (slice(None), [3, 0]),
                ([0, 1], slice(None), [4, 0]), (slice(None), 1, [1, 3]), ([True, False, True],), ()]


def test_getitem_matches_numpy():
    a = cle.push(I)

    def check(index):
        got = a[index]
        want = I[index]
        if np.ndim(want) == 0:
            assert type(got) is type(want) and got == want  # a numpy scalar, as numpy gives
        elif want.size == 0:
            assert isinstance(got, np.ndarray) and got.shape == want.shape  # no empty Arrays on the device
        else:
            assert isinstance(got, cle.Array) and got.dtype == want.dtype
            same(got, want)
    each(READ_INDEXES, check)


def test_negative_steps_reverse():
    a = cle.push(F)
    same(a[::-1], F[::-1])
    same(a[:, ::-1, ::-2], F[:, ::-1, ::-2])
    same(a[2:0:-1, -1], F[2:0:-1, -1])


BAD_INDEXES = [3, (0, 4), (0, 0, 5), (0, 0, -6), (0, 0, 0, 0), 1.5, "a", ([0, 3],), ([True, False],),
               (slice(None), [0, 9])]


def test_out_of_range_and_bad_indexes_raise_as_numpy():
    a = cle.push(I)

    def check(index):
        with pytest.raises(Exception) as want:
            I[index]
        with pytest.raises(type(want.value)) as got:
            a[index]
        assert str(got.value) == str(want.value)
    each(BAD_INDEXES, check)


def test_boolean_mask_from_a_comparison():
    a = cle.push(F)
    got = a[a > 3]
    assert isinstance(got, cle.Array) and got.ndim == 1
    same(got, F[F > 3])
    same(a[F > 3], F[F > 3])  # an ndarray mask
    same(a[a[:, 0, 0] > 0], F[F[:, 0, 0] > 0])  # a mask of the first axis
    assert isinstance(a[a > 100], np.ndarray) and a[a > 100].size == 0


def test_slices_are_copies_as_in_pyclesperanto():
    a = cle.push(I)
    part = a[0]
    part[...] = 0
    same(a, I)  # unlike a numpy view, writing to the slice leaves the source as it was


# ---- writing with an index ------------------------------------------------------------------

WRITES = [(1, 7), ((slice(None), 1), -3), ((Ellipsis, 2), np.arange(4)), ((slice(None, None, -1),), I[::-1] * 2),
          ((slice(1, 3), slice(None, None, 2)), np.ones((2, 2, 5))), ((0,), np.ones((1, 4, 5))), ([0, 2], 9),
          (([0, 0], [1, 1], [2, 2]), [5, 6]), (([0, 0], [1, 1], [2, 2]), 4), ((slice(None), [0, 2]), np.arange(5)),
          ((0, 1, 2), 3.7), ((0, slice(None), [1, 3]), [[1, 2, 3, 4]] * 2), ((None, 0, 0), 8)]


def test_setitem_matches_numpy():
    def check(index, value):
        want = I.copy()
        want[index] = value
        a = cle.push(I)
        a[index] = value
        same(a, want)
    each(WRITES, check)


def test_setitem_with_a_mask_stays_on_the_device():
    a = cle.push(F)
    a[a > 3] = 0
    want = F.copy()
    want[want > 3] = 0
    same(a, want)
    b = cle.push(F)
    b[F < 0] = -1  # an ndarray mask
    same(b, np.where(F < 0, -1, F))
    c = cle.push(F)
    c[c > 0] = cle.push(np.arange((F > 0).sum(), dtype=np.float32))
    want = F.copy()
    want[want > 0] = np.arange((F > 0).sum())
    same(c, want)


def test_setitem_with_arrays_and_overlap():
    a = cle.push(I)
    a[1:] = a[:-1]  # reads what it writes: numpy's result, not a smear
    want = I.copy()
    want[1:] = want[:-1]
    same(a, want)
    a[:, 0] = cle.push(F[:, 0])  # another dtype: converted
    want[:, 0] = F[:, 0].astype(np.int16)
    same(a, want)


def test_repeated_fancy_indices_last_value_wins():
    a = cle.push(np.zeros(6, np.int32))
    a[[1, 3, 1, 1]] = [10, 20, 30, 40]
    same(a, [0, 40, 0, 20, 0, 0])
    b = cle.push(np.zeros(6, np.int32))
    b[[2, 2]] = cle.push(np.array([5, 6], np.int32))
    same(b, [0, 0, 6, 0, 0, 0])


def test_setitem_errors_as_numpy():
    for index, value in (((slice(None),), np.ones((2, 2))), (0, np.ones(7)), ((0, 0, 0), 70000), ((9,), 1)):
        with pytest.raises(Exception) as want:
            I.copy()[index] = value
        with pytest.raises(type(want.value)) as got:
            cle.push(I)[index] = value
        if isinstance(want.value, IndexError):
            assert str(got.value) == str(want.value)


# ---- arithmetic -----------------------------------------------------------------------------

BINARY = {"+": lambda x, y: x + y, "-": lambda x, y: x - y, "*": lambda x, y: x * y, "/": lambda x, y: x / y,
          "**": lambda x, y: x ** y, "//": lambda x, y: x // y, "%": lambda x, y: x % y}


def test_binary_operators_with_arrays_scalars_and_ndarrays():
    def check(symbol):
        op = BINARY[symbol]
        f = np.abs(F) + 0.5 if symbol in ("**", "/", "//", "%") else F
        a = cle.push(f)
        tol = 1e-4 if symbol == "**" else 1e-5
        same(op(a, a), op(f, f), tol)
        same(op(a, 2), op(f, np.float32(2)), tol)
        same(op(2, a), op(np.float32(2), f), tol)
        same(op(a, f), op(f, f), tol)
        same(op(f, a), op(f, f), tol)
        assert isinstance(op(f, a), cle.Array)  # an ndarray on the left gives an Array too (__array_ufunc__)
        same(op(a, f[0, 0]), op(f, f[0, 0]), tol)  # broadcasting
    each(list(BINARY), check)


def test_arithmetic_dtypes_are_pyclesperantos():
    u = cle.push(U)
    assert (u + 1).dtype == np.float32 and (u * 2).dtype == np.float32 and (u / 2).dtype == np.float32
    assert (u + u).dtype == np.uint8  # promoted as numpy, but saturating: 200 + 200 = 255
    same(cle.push(np.array([200], np.uint8)) + cle.push(np.array([200], np.uint8)), [255])
    assert (u + cle.push(I)).dtype == np.int16


def test_inplace_operators_keep_the_array_and_its_dtype():
    a = cle.push(F)
    original = a
    a += 1
    a -= cle.push(F)
    a *= 3
    a /= 2
    a **= 2
    assert a is original and a.dtype == np.float32
    same(a, np.full_like(F, 2.25))
    u = cle.push(U)
    u += 100  # written into uint8 with saturation, as pyclesperanto's in-place operators
    same(u, np.minimum(U.astype(int) + 100, 255))
    with pytest.raises(ValueError, match="non-broadcastable output operand"):
        b = cle.push(F[0])
        b += cle.push(F)


def test_unary_operators():
    a = cle.push(F)
    same(-a, -F)
    same(+a, F)
    same(abs(a), np.abs(F))
    assert (+cle.push(U)).dtype == np.uint8
    same(abs(cle.push(I)), np.abs(I))


def test_broadcasting_errors_as_numpy():
    with pytest.raises(ValueError, match=r"operands could not be broadcast together with shapes \(3,4,5\) \(3,\)"):
        cle.push(F) + cle.push(np.ones(3, np.float32))


def test_logical_operators_on_masks_are_pyclesperantos():
    m, n = cle.push(U > 100), cle.push(U < 150)
    same(m & n, (U > 100) & (U < 150))
    same(m | n, (U > 100) | (U < 150))
    same(m ^ n, (U > 100) ^ (U < 150))
    same(~m, ~(U > 100))  # logical not of the uint8 0/1 mask (numpy's ~ of uint8 would be bitwise)


# ---- numpy's ufuncs -------------------------------------------------------------------------


UNARY_UFUNCS = ["sqrt", "exp", "log", "sin", "cos", "tan", "arctan", "floor", "ceil", "trunc", "sign", "square",
                "absolute", "negative", "cbrt", "deg2rad", "rad2deg"]
BINARY_UFUNCS = ["add", "subtract", "multiply", "divide", "power", "maximum", "minimum", "fmax", "fmin", "fmod",
                 "greater", "less_equal", "equal", "logical_and", "logical_xor"]


def test_unary_ufuncs_run_their_op():
    def check(name):
        f = np.abs(F) + 0.1 if name in ("sqrt", "log") else F
        got = getattr(np, name)(cle.push(f))
        assert isinstance(got, cle.Array)
        same(got, getattr(np, name)(f), 1e-5)
    each(UNARY_UFUNCS, check)


def test_binary_ufuncs_run_their_op():
    f = np.abs(F) + 0.5

    def check(name):
        got = getattr(np, name)(cle.push(f), cle.push(f[::-1].copy()))
        assert isinstance(got, cle.Array)
        same(got, getattr(np, name)(f, f[::-1]), 1e-5)
        same(getattr(np, name)(cle.push(f), 2), getattr(np, name)(f, np.float32(2)), 1e-5)
    each(BINARY_UFUNCS, check)


def test_maximum_propagates_nan_as_numpy():
    f = F.copy()
    f[0, 0, 0] = np.nan
    same(np.maximum(cle.push(f), 0), np.maximum(f, 0))  # not fmax: NaN stays (numpy fallback)
    same(np.fmax(cle.push(f), 0), np.fmax(f, 0))


def test_ufuncs_without_an_op_fall_back_to_numpy():
    a = cle.push(F)
    got = np.arcsinh(a)
    assert isinstance(got, cle.Array)  # numpy's result, pushed back
    same(got, np.arcsinh(F), 1e-6)
    out = cle.create_like(a)
    assert np.add(a, a, out=out) is out
    same(out, F + F)
    host = np.empty_like(F)
    np.multiply(a, 2, out=host)
    same(host, F * 2)
    same(np.add.reduce(a, axis=1), F.sum(axis=1), 1e-5)


def test_operator_table_comes_from_the_spec(ops_json):
    """The Array reads _ops.__operators__, which cle-gen writes from the specs' operator fields."""
    table = {}
    for op in ops_json:
        for entry in op["operators"]:
            kinds = "".join("A" if arg["kind"] == "input" else "S" for arg in entry["args"])
            table.setdefault(entry["ufunc"], []).append((op["name"], kinds, tuple(a["name"] for a in entry["args"])))
    assert {k: sorted(v) for k, v in table.items()} == {k: sorted(v) for k, v in _ops.__operators__.items()}
    for ufunc in ("add", "subtract", "multiply", "divide", "power", "greater", "less", "equal", "not_equal"):
        assert ufunc in table, ufunc


# ---- reductions -----------------------------------------------------------------------------


def test_full_reductions_match_numpy():
    def check(data):
        a = cle.push(data)
        for name in ("min", "max", "sum", "mean", "std", "var"):
            got, want = getattr(a, name)(), getattr(data, name)()
            assert got.dtype == want.dtype, name
            same(got, want, 1e-5)
        same(a.std(ddof=1), data.std(ddof=1), 1e-5)
        same(np.sum(a), data.sum(), 1e-5)
        same(np.max(a), data.max())
        assert a.min(keepdims=True).shape == (1, 1, 1)
    each([F, U, I], check)


def test_reductions_along_axes_match_numpy():
    a = cle.push(F)

    def check(axis):
        for name in ("min", "max", "sum", "mean", "std"):
            got = getattr(a, name)(axis=axis)
            assert isinstance(got, cle.Array), name
            same(got, getattr(F, name)(axis=axis), 1e-5)
        same(a.max(axis=axis, keepdims=True), F.max(axis=axis, keepdims=True))
    each([0, 1, 2, -1, (0, 2), (1, 2)], check)
    for axis in (0, 1, -1):
        same(cle.push(F[0]).sum(axis=axis), F[0].sum(axis=axis), 1e-5)
        same(cle.push(F[0, 0]).max(axis=0), F[0, 0].max(axis=0))
    same(a.sum(where=F > 0), F.sum(where=F > 0), 1e-5)  # numpy's arguments the ops lack: numpy's result


def test_reductions_along_axes_without_x_y_projection_ops(monkeypatch):
    """A build without the x/y projections reduces along z after moving the axis (one strided copy)."""
    for prefix in ("maximum", "minimum", "sum", "mean", "std"):
        for axis in "xy":
            monkeypatch.delattr(_ops, "%s_%s_projection" % (prefix, axis), raising=False)
    a = cle.push(F)
    for axis in (1, 2):
        for name in ("min", "max", "sum", "mean", "std"):
            same(getattr(a, name)(axis=axis), getattr(F, name)(axis=axis), 1e-5)
    same(cle.push(F[0]).max(axis=1), F[0].max(axis=1))


def test_any_all_and_axis_errors():
    a = cle.push(F)
    assert (a > 4).any() == (F > 4).any() and (a > -6).all() == (F > -6).all()
    assert isinstance((a > 4).any(), np.bool_)
    with pytest.raises(np.exceptions.AxisError):
        a.sum(axis=3)


# ---- conversions and new arrays ---------------------------------------------------------------


def test_astype_reshape_copy_transpose():
    a = cle.push(F)
    same(a.astype(np.int16), F.astype(np.int16))
    assert a.astype(np.float64).dtype == np.float32  # the device has no float64 (pyclesperanto's rule)
    same(a.reshape(-1, 5), F.reshape(-1, 5))
    same(a.reshape((5, 12)), F.reshape((5, 12)))
    with pytest.raises(ValueError, match="cannot reshape array of size 60 into shape"):
        a.reshape(7, -1)
    b = a.copy()
    b[0] = 0
    same(a, F)
    same(a.T, F.T)
    same(a.transpose(1, 0, 2), F.transpose(1, 0, 2))
    same(a.swapaxes(0, 2), F.swapaxes(0, 2))
    same(a.ravel(), F.ravel())
    same(cle.push(F[:1]).squeeze(), F[:1].squeeze())
    assert a.tolist() == F.tolist() and a.item(5) == F.item(5) and a.item(1, 2, 3) == F.item(1, 2, 3)


def test_array_protocol():
    a = cle.push(I)
    assert np.asarray(a).dtype == np.int16 and np.array_equal(np.asarray(a), I)
    assert np.asarray(a, dtype=np.float64).dtype == np.float64
    with pytest.raises(ValueError, match="Unable to avoid copy"):
        np.asarray(a, copy=False)
    assert float(cle.push(np.array([2.5], np.float32))) == 2.5 and int(cle.push(np.array([7], np.int32))) == 7
    with pytest.raises(TypeError, match="only length-1 arrays"):
        float(a)


def test_repr_shows_the_values_as_numpy():
    a = cle.push(np.arange(6, dtype=np.uint8).reshape(2, 3))
    assert repr(a) == "Array([[0, 1, 2],\n       [3, 4, 5]], dtype=uint8, shape=(2, 3))"
    assert str(a) == str(np.arange(6, dtype=np.uint8).reshape(2, 3))


def test_repr_html_shows_a_picture_and_the_facts():
    pytest.importorskip("matplotlib")
    import matplotlib

    matplotlib.use("Agg")
    html = cle.push(np.tile(F[0], (10, 10)))._repr_html_()
    assert "<img src=\"data:image/png;base64," in html and "shape" in html and "float32" in html
    assert "min" in html and "max" in html
    assert cle.push(np.arange(5, dtype=np.uint8))._repr_html_().startswith("<pre>Array(")
