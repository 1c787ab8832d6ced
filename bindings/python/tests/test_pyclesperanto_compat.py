"""`import cesperanto as cle` in place of `import pyclesperanto as cle`: the
module API of pyclesperanto 0.25.1 (same names, signatures and behaviour),
run side by side with pyclesperanto on the same device (pocl in CI), and the
same Array expressions through both modules and numpy. Where pyclesperanto
gives a wrong answer (a[mask] returns everything, a[5] on 3 rows returns the
last row, ...), cesperanto gives numpy's, and the case says why."""

import inspect
import warnings

import numpy as np
import pytest

import cesperanto as cle

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    up = pytest.importorskip("pyclesperanto")

RNG = np.random.default_rng(5)
F = (RNG.random((3, 4, 5), dtype=np.float32) * 10 - 5).astype(np.float32)
U = RNG.integers(0, 200, (3, 4, 5)).astype(np.uint8)

MODULE_FUNCTIONS = ["push", "pull", "create", "create_like", "zeros", "ones", "empty", "zeros_like", "ones_like",
                    "empty_like", "full", "full_like", "from_array", "from_dlpack", "asarray", "arange", "linspace",
                    "eye", "select_device", "get_device", "list_available_devices", "info", "cl_info",
                    "wait_for_kernel_to_finish", "set_wait_for_kernel_finish", "operations", "operation",
                    "categories", "evaluate", "imshow", "get_backend_name", "is_image", "list_available_backends",
                    "select_backend"]
# Parameters cesperanto has on purpose beyond pyclesperanto's, and why.
EXTRA_PARAMETERS = {"operations": {"category": "cesperanto's former operations(category=NAME), a list of Operations"},
                    "pull": {"out": "an ndarray to pull into (e.g. from pinned_empty)"}}


def each(cases, check):
    """Run check on every case (one test per behaviour); report every failing case."""
    failures = []
    for case in cases:
        try:
            check(*case) if isinstance(case, tuple) and check.__code__.co_argcount > 1 else check(case)
        except Exception as e:  # noqa: BLE001 - collected and reported below
            failures.append("%r: %s: %s" % (case, type(e).__name__, e))
    assert not failures, "\n".join(failures)


def values(x):
    return np.asarray(x.get() if hasattr(x, "get") and not isinstance(x, np.ndarray) else x)


def test_module_functions_have_pyclesperantos_signatures():
    problems = []
    for name in MODULE_FUNCTIONS:
        ours = list(inspect.signature(getattr(cle, name)).parameters.values())
        theirs = list(inspect.signature(getattr(up, name)).parameters.values())
        ours = [p for p in ours if p.name not in EXTRA_PARAMETERS.get(name, {})]
        if [(p.name, p.default, p.kind) for p in ours] != [(p.name, p.default, p.kind) for p in theirs]:
            problems.append("%s: ours %s, pyclesperanto's %s" % (name, ours, theirs))
    assert not problems, "\n".join(problems)


def test_backend_functions_as_pyclesperanto():
    """One backend, OpenCL: listed, active, selectable by name as in pyclesperanto; any other is refused."""
    assert cle.list_available_backends() == up.list_available_backends() == ["opencl"]
    assert cle.get_backend_name() == up.get_backend_name() == "opencl"
    assert cle.select_backend("OpenCL") is None and up.select_backend("OpenCL") is None
    with pytest.raises(ValueError):
        up.select_backend("vulkan")
    with pytest.raises(ValueError, match="select_backend: unknown backend 'vulkan'; choose from: opencl"):
        cle.select_backend("vulkan")
    with pytest.raises(ValueError, match="select_backend: cesperanto runs on OpenCL only, not 'CUDA'"):
        cle.select_backend("CUDA")
    with pytest.raises(TypeError, match="select_backend: name must be a string, got int"):
        cle.select_backend(1)


def test_create_labels_like_as_pyclesperanto():
    """Deprecated in pyclesperanto 0.25.1: a uint32 Array of the input's shape, and a warning."""
    for image in (F, U[0], np.zeros(7, np.int16)):
        with pytest.warns(DeprecationWarning, match="create_labels_like is deprecated"):
            ours = cle.create_labels_like(image)
        theirs = up.create_labels_like(image)
        assert ours.shape == theirs.shape == image.shape and ours.dtype == theirs.dtype == np.uint32


def test_is_image_as_pyclesperanto():
    import dask.array as da
    cases = [np.zeros(3), U, [1, 2], (1.5,), [], da.zeros((4, 4)), 3, 2.5, "image", None, {"a": 1},
             np.float32(1), b"\x00"]
    each(cases, lambda c: None if cle.is_image(c) is bool(up.is_image(c)) else pytest.fail(
        "cesperanto %s, pyclesperanto %s" % (cle.is_image(c), up.is_image(c))))
    assert cle.is_image(cle.push(U)) is True  # its own Array, as pyclesperanto's is for pyclesperanto


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
def test_deprecated_morphology_names_give_pyclesperantos_results():
    """closing_box, opening_sphere, ...: deprecated in pyclesperanto 0.25.1, here the grey-value
    closing/opening with the connectivity fixed (_prototype.RENAMED), equal to pyclesperanto's."""
    rng = np.random.default_rng(11)
    cases = [(name, shape, dtype, radii) for name in ("closing_box", "closing_sphere", "opening_box", "opening_sphere")
             for shape in ((33, 47), (7, 13, 17)) for dtype in (np.uint8, np.float32)
             for radii in ((1, 1, 1), (2, 1, 1), (1.5, 2, 0))]

    def check(name, shape, dtype, radii):
        image = (rng.random(shape) * 200).astype(dtype)
        kwargs = dict(radius_x=radii[0], radius_y=radii[1], radius_z=radii[2])
        ours, theirs = np.asarray(getattr(cle, name)(image, **kwargs)), np.asarray(getattr(up, name)(image, **kwargs))
        assert ours.dtype == theirs.dtype and np.array_equal(ours, theirs)
    each(cases, check)
    with pytest.warns(DeprecationWarning, match="closing_box"):
        cle.closing_box(U)


# ---- memory: push, pull, create ---------------------------------------------------------------

PUSHED = [np.arange(12, dtype=np.uint8).reshape(3, 4), [1, 2, 3], (1.5, 2.5), [[True, False]],
          np.arange(6, dtype=np.int64).reshape(2, 3), np.ones((2, 3, 4), np.float64), np.arange(5, dtype=np.uint16)]


def test_push_and_pull_as_pyclesperanto():
    def check(data):
        ours, theirs = cle.push(data), up.push(data)
        assert isinstance(ours, cle.Array)
        assert (ours.shape, ours.dtype) == (theirs.shape, theirs.dtype)
        np.testing.assert_array_equal(cle.pull(ours), up.pull(theirs))
        assert cle.push(ours) is ours  # an Array is returned as it is
        assert cle.push(data, dtype=np.uint16).dtype == up.push(data, dtype=np.uint16).dtype == np.uint16
        np.testing.assert_array_equal(cle.pull(np.asarray(data)), up.pull(np.asarray(data)))
    each(PUSHED, check)


def test_create_and_friends_as_pyclesperanto():
    a, b = cle.push(U), up.push(U)
    uninitialised = [(cle.create((3, 4)), up.create((3, 4))), (cle.create(a), up.create(b)),
                     (cle.create(U), up.create(U)), (cle.create((2, 3), np.int16), up.create((2, 3), np.int16)),
                     (cle.empty((2, 2)), up.empty((2, 2))), (cle.empty_like(a), up.empty_like(b))]
    filled = [(cle.zeros((2, 3)), up.zeros((2, 3))), (cle.ones((4,), np.uint8), up.ones((4,), np.uint8)),
              (cle.full((2, 2), 3), up.full((2, 2), 3)), (cle.full((2, 2), 1.5), up.full((2, 2), 1.5)),
              (cle.zeros_like(a), up.zeros_like(b)), (cle.ones_like(U, np.float32), up.ones_like(U, np.float32)),
              (cle.full_like(a, 7), up.full_like(b, 7)), (cle.from_array(U), up.from_array(U)),
              (cle.from_array(F, np.int16), up.from_array(F, np.int16)), (cle.asarray([1, 2]), up.asarray([1, 2])),
              (cle.arange(5), up.arange(5)), (cle.linspace(0, 1, 5), up.linspace(0, 1, 5)), (cle.eye(3), up.eye(3))]
    for ours, theirs in uninitialised + filled:
        assert isinstance(ours, cle.Array)
        assert (ours.shape, ours.dtype) == (theirs.shape, theirs.dtype)
    for ours, theirs in filled:
        np.testing.assert_array_equal(values(ours), values(theirs))
    # create_like keeps the dtype (pyclesperanto 0.25.1 gives float32, against its docstring)
    assert cle.create_like(a).dtype == np.uint8 and up.create_like(b).dtype == np.float32
    assert cle.create_like(a, np.float32).dtype == up.create_like(b, np.float32).dtype
    with pytest.raises(ValueError, match="Invalid memory type"):
        cle.create((2, 2), mtype="texture")
    assert cle.create((2, 2), mtype="image").shape == (2, 2)  # accepted; cesperanto has only buffers


def test_former_cesperanto_call_forms_still_work():
    dev = cle.get_device()
    assert cle.push(U, dev).device == dev  # push(data, device)
    assert cle.create((2, 3), np.uint8, dev).dtype == np.uint8  # create(shape, dtype, device)
    assert cle.create(6).shape == (6,)
    assert isinstance(cle.operations(category="filter"), list)
    assert cle.operation("gaussian_blur").name == "gaussian_blur" and cle.operation("gaussian_blur").params
    assert dev.name() == dev.name and dev.global_memory() == dev.global_memory


def test_dlpack_copies_both_ways():
    ours = cle.from_dlpack(np.arange(6, dtype=np.int16).reshape(2, 3))
    np.testing.assert_array_equal(cle.pull(ours), np.arange(6).reshape(2, 3))
    np.testing.assert_array_equal(np.from_dlpack(ours), np.arange(6).reshape(2, 3))
    with pytest.raises(ValueError, match="copy=False"):
        cle.from_dlpack(np.arange(3), copy=False)


# ---- devices ----------------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def keep_the_current_device():
    """Tests that select devices leave the current one as they found it."""
    before = cle.get_device()
    yield
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        cle.select_device(before.index)
        up.select_device(before.index)


def test_devices_as_pyclesperanto():
    assert cle.list_available_devices() == up.list_available_devices()
    assert cle.list_available_devices("cpu") == up.list_available_devices("cpu")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        no_gpu = not up.list_available_devices("gpu")
    if no_gpu:
        with pytest.warns(RuntimeWarning, match="No device available"):
            assert cle.list_available_devices("gpu") == []
    dev = cle.get_device()
    assert isinstance(dev, cle.Device) and isinstance(dev.name, str) and dev.name == up.get_device().name
    assert dev.info.startswith("(OpenCL) " + dev.name) and "Global Memory Size" in dev.info
    assert repr(dev).startswith("<cesperanto.Device 0: '%s'" % dev.name)
    assert dev == cle.get_device() and hash(dev) == hash(cle.get_device()) and dev.index == 0


def test_select_device_falls_back_as_pyclesperanto():
    def check(args):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            theirs = up.select_device(*args)
            ours = cle.select_device(*args)
        assert ours.name == theirs.name and ours == cle.get_device()
    each([("",), (0,), (99,), ("no such device",), ("", "gpu"), ("", "cpu"), (str(cle.get_device().name)[:5],)],
         lambda args: check(args))


def test_select_device_warns_and_rejects_what_pyclesperanto_rejects():
    with pytest.warns(RuntimeWarning, match="no device 99"):
        cle.select_device(99)
    for bad in (1.5, None, [0]):
        with pytest.raises(ValueError, match="is not a supported device_id"):
            up.select_device(bad)
        with pytest.raises(ValueError, match="is not a supported device_id"):
            cle.select_device(bad)


def test_info_and_waiting(capsys):
    cle.info()
    assert capsys.readouterr().out.startswith("0 - (OpenCL) ")
    with pytest.warns(DeprecationWarning):
        cle.cl_info()
    cle.wait_for_kernel_to_finish()
    try:
        np.testing.assert_array_equal(cle.pull(cle.add_image_and_scalar(U, scalar=1)), U + np.float32(1))
    finally:
        cle.wait_for_kernel_to_finish(False)
    with pytest.warns(DeprecationWarning):
        cle.set_wait_for_kernel_finish(False)


# ---- operations, categories, evaluate, imshow -------------------------------------------------


def test_operations_is_pyclesperantos_dict():
    ours, theirs = cle.operations(), up.operations()
    assert isinstance(ours, dict) and all(callable(f) for f in ours.values())
    assert "gaussian_blur" in ours and "gaussian_blur" in theirs
    blur = ours["gaussian_blur"]
    assert blur.__name__ == "gaussian_blur" and "filter" in blur.categories
    assert inspect.signature(blur) == inspect.signature(cle.gaussian_blur)
    np.testing.assert_array_equal(cle.pull(blur(F, sigma_x=1)), cle.pull(cle.gaussian_blur(F, sigma_x=1)))
    filters = cle.operations(["filter"])
    assert filters and all("filter" in op.categories for op in filters.values())
    assert cle.operations("filter").keys() == filters.keys()
    both = cle.operations(["filter", "in assistant"], ["denoise"])
    assert all("in assistant" in op.categories and "denoise" not in op.categories for op in both.values())
    assert cle.gaussian_blur.categories == list(blur.categories)
    assert cle.operation("gaussian_blur") is not None and callable(up.operation("gaussian_blur"))


def test_categories_are_pyclesperantos_kind():
    ours = cle.categories()
    assert isinstance(ours, list) and "filter" in ours and "label" in ours
    assert set(ours) <= set(up.categories()) | {"binary processing"}


EXPRESSIONS = [("a + b * c", {"a": F, "b": F[::-1].copy(), "c": 2.0}), ("a > pow(b, 2)", {"a": U, "b": 3}),
               ("sqrt(a * a + b * b)", {"a": F, "b": F}), ("a * b", {"a": np.ones((2, 3), np.float32),
                                                             "b": np.arange(3, dtype=np.float32)})]


def test_evaluate_as_pyclesperanto():
    def check(expression, parameters):
        ours = cle.evaluate(expression, {k: cle.push(v) if isinstance(v, np.ndarray) else v
                                         for k, v in parameters.items()})
        theirs = up.evaluate(expression, {k: up.push(v) if isinstance(v, np.ndarray) else v
                                          for k, v in parameters.items()})
        assert (ours.shape, ours.dtype) == (theirs.shape, theirs.dtype) == (ours.shape, np.float32)
        np.testing.assert_allclose(cle.pull(ours), up.pull(theirs), rtol=1e-6)
    each(EXPRESSIONS, check)
    with pytest.raises(ValueError, match="one expression"):
        cle.evaluate("a; b", {"a": 1.0, "b": 2.0})


def test_imshow_as_pyclesperanto():
    matplotlib = pytest.importorskip("matplotlib")
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    labels = cle.push(RNG.integers(0, 5, (3, 20, 20)).astype(np.uint32))
    figure, axes = plt.subplots(1, 2)
    cle.imshow(labels, labels=True, plot=axes[0])
    cle.imshow(cle.push(F[0]), min_display_intensity=-1, max_display_intensity=1, colorbar=True, plot=axes[1])
    shown = axes[0].get_images()[0]
    np.testing.assert_array_equal(shown.get_array(), cle.pull(labels).max(axis=0))  # 3D: the maximum projection
    plt.figure()
    up.imshow(up.push(cle.pull(labels)), labels=True, continue_drawing=True)
    theirs = plt.gca().get_images()[0].get_cmap()
    assert np.array_equal(shown.get_cmap().colors, theirs.colors)  # pyclesperanto's label colours
    assert axes[1].get_images()[0].get_clim() == (-1, 1)
    plt.close("all")


# ---- the same Array expressions through cesperanto, pyclesperanto and numpy -------------------

# (name, expression, why pyclesperanto's result differs from numpy's, or None)
SIDE_BY_SIDE = [
    ("a == b", lambda a, b: a == b, None),
    ("a != 3", lambda a, b: a != 3, None),
    ("a + b", lambda a, b: a + b, None),
    ("a - 2", lambda a, b: a - 2, None),
    ("2 - a", lambda a, b: 2 - a, None),
    ("a * b", lambda a, b: a * b, None),
    ("a / 4", lambda a, b: a / 4, None),
    ("a ** 2", lambda a, b: a ** 2, None),
    ("-a", lambda a, b: -a, None),
    ("abs(a)", lambda a, b: abs(a), None),
    ("a > b", lambda a, b: a > b, None),
    ("a <= 0", lambda a, b: a <= 0, None),
    ("a[::-1]", lambda a, b: a[::-1], None),
    ("a[1:3, ::2]", lambda a, b: a[1:3, ::2], None),
    ("a[1]", lambda a, b: a[1], None),
    ("a[..., 1]", lambda a, b: a[..., 1], None),
    ("a.T", lambda a, b: a.T, None),
    ("a.reshape(4, 15)", lambda a, b: a.reshape(4, 15), None),
    ("a.astype(int16)", lambda a, b: a.astype(np.int16), None),
    ("a.max(axis=0)", lambda a, b: a.max(axis=0), None),
    ("a.sum(axis=2)", lambda a, b: a.sum(axis=2), None),
    ("a.mean(axis=1)", lambda a, b: a.mean(axis=1), None),
    ("a.min()", lambda a, b: a.min(), None),
    ("a.std()", lambda a, b: a.std(), None),
    ("np.sqrt(abs(a))", lambda a, b: np.sqrt(abs(a)), None),
    ("a[a > 2]", lambda a, b: a[a > 2], "pyclesperanto 0.25.1 returns the whole array for a mask"),
    ("a[[0, 2]]", lambda a, b: a[[0, 2]], "pyclesperanto 0.25.1 ignores a list index (the whole array)"),
]


def test_same_expression_in_cesperanto_pyclesperanto_and_numpy():
    b_host = F[::-1].copy()

    def check(name, expression, upstream_differs):
        want = expression(F, b_host)
        ours = expression(cle.push(F), cle.push(b_host))
        assert not isinstance(ours, np.ndarray)
        np.testing.assert_allclose(values(ours).astype(np.float64), np.asarray(want, np.float64), rtol=1e-5,
                                   atol=1e-5)
        if upstream_differs is None:
            theirs = expression(up.push(F), up.push(b_host))
            np.testing.assert_allclose(values(ours).astype(np.float64), values(theirs).astype(np.float64),
                                       rtol=1e-5, atol=1e-5)
            assert values(ours).shape == values(theirs).shape
    each(SIDE_BY_SIDE, check)


def test_setting_through_a_mask_as_numpy_not_as_pyclesperanto():
    ours, theirs, want = cle.push(F), up.push(F), F.copy()
    ours[ours > 3] = 0
    theirs[theirs > 3] = 0
    want[want > 3] = 0
    np.testing.assert_array_equal(cle.pull(ours), want)
    assert not np.array_equal(up.pull(theirs), want)  # pyclesperanto 0.25.1 zeroes every pixel


def test_out_of_range_raises_where_pyclesperanto_reads_the_last_row():
    with pytest.raises(IndexError, match="index 5 is out of bounds for axis 0 with size 3"):
        cle.push(F)[5]
    np.testing.assert_array_equal(up.pull(up.push(F)[5]), F[2])  # pyclesperanto 0.25.1: silently the last row
