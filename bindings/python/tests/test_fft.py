"""The FFT ops (fft, ifft, convolve_fft, deconvolve_fft(_normalized)) and
pyclesperanto's cle.fft submodule over them, against numpy.fft, scipy.ndimage
and scikit-image on small images (spec/ops/fft.yaml and the others say what
is computed).

Stated tolerances: fft differs from numpy's double-precision rfftn by at most
1e-5 of the sum of |pixels| (float32 VkFFT); ifft, convolve_fft and
deconvolve_fft by at most 1e-5 of the largest value involved."""

import inspect
import os
import subprocess
import sys
import warnings

import numpy as np
import pytest
import scipy.ndimage as ndi

import cesperanto as cle

RNG = np.random.default_rng(16)


def spectrum(a):
    """numpy's view of an fft result: complex64 (z, y, x // 2 + 1)."""
    return np.ascontiguousarray(cle.pull(a)).view(np.complex64)


def close(got, want, scale, rel=1e-5):
    got, want = np.asarray(got, dtype=np.complex128), np.asarray(want, dtype=np.complex128)
    assert got.shape == want.shape
    err = np.abs(got - want).max()
    assert err <= rel * scale, "largest difference %g, allowed %g" % (err, rel * scale)


# ---- the module layout: pyclesperanto's cle.fft -------------------------------------------------

def test_cle_fft_is_the_op_and_pyclesperantos_submodule():
    assert callable(cle.fft) and cle.fft is cle.fft.fft
    for name in ["fft", "ifft", "convolve", "deconvolve", "smooth_shape"]:
        assert callable(getattr(cle.fft, name)), name
    assert cle.fft.convolve is cle.convolve_fft and cle.fft.ifft is cle.ifft


def test_signatures_are_pyclesperantos():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        up = pytest.importorskip("pyclesperanto")
    differs = {"ifft": {"output_image": (inspect.Parameter.empty, None)}}  # optional here (spec/ops/ifft.yaml)
    extra = {"convolve": "circular", "deconvolve": "circular"}  # cesperanto's, before device (the specs say why)
    for name in ["fft", "ifft", "convolve", "deconvolve", "smooth_shape"]:
        ours = inspect.signature(getattr(cle.fft, name)).parameters
        theirs = inspect.signature(getattr(up.fft, name)).parameters
        mine = list(ours)
        if name in extra:
            assert mine[-2:] == [extra[name], "device"] and ours[extra[name]].default is False, name
            mine.remove(extra[name])
        assert mine == list(theirs), name
        for p in mine:
            want = theirs[p].default
            if p in differs.get(name, {}):
                assert (want, ours[p].default) == differs[name][p]
            else:
                assert ours[p].default == want, (name, p)


def test_smooth_shape_as_pyclesperanto():
    assert cle.fft.smooth_shape((5, 7)) == [5, 7]
    assert cle.fft.smooth_shape((13,)) == [14]
    assert cle.fft.smooth_shape((97, 101, 127)) == [98, 105, 128]
    assert cle.fft.smooth_shape([0, 121, 526, 9]) == [1, 125, 540]  # at most 3 sizes, as pyclesperanto's


# ---- fft and ifft against numpy.fft --------------------------------------------------------------

@pytest.mark.parametrize("shape", [(9, 14), (7, 11), (5, 6, 9), (4, 1, 7), (1, 7), (13,), (23, 1), (1,), (3, 5, 2)])
def test_fft_is_numpys_rfftn(shape):
    a = RNG.random(shape, dtype=np.float32)
    got = cle.fft.fft(a)
    assert got.dtype == np.float32 and got.shape == shape[:-1] + (2 * (shape[-1] // 2 + 1),)
    close(spectrum(got), np.fft.rfftn(a.astype(np.float64)), np.abs(a).sum())


def test_fft_of_integer_images_converts_to_float():
    a = RNG.integers(0, 255, (6, 11)).astype(np.uint8)
    close(spectrum(cle.fft(a)), np.fft.rfftn(a.astype(np.float64)), np.abs(a.astype(float)).sum())


@pytest.mark.parametrize("shape", [(9, 14), (7, 11), (5, 6, 9), (3, 4, 7), (15,), (8,), (11, 1)])
def test_ifft_inverts_fft_even_and_odd_widths(shape):
    a = RNG.random(shape, dtype=np.float32)
    back = cle.fft.ifft(cle.fft.fft(a), cle.create(shape))
    close(cle.pull(back), a, 1.0)
    if shape[-1] % 2 == 0:  # without output, the even width: numpy's irfftn without s
        close(cle.pull(cle.fft.ifft(cle.fft.fft(a))), a, 1.0)


@pytest.mark.parametrize("shape,width", [((6, 5, 8), 6), ((6, 5, 8), 7), ((7, 10), 9), ((9, 12), 10), ((12,), 11)])
def test_ifft_of_any_spectrum_is_numpys_irfftn(shape, width):
    """Not only spectra of real images: the real part, as numpy's irfftn."""
    s = RNG.random(shape, dtype=np.float32) - 0.5
    out = cle.create(shape[:-1] + (width,))
    got = cle.pull(cle.fft.ifft(s, out))
    c = s.astype(np.float64)
    want = np.fft.irfftn(c[..., 0::2] + 1j * c[..., 1::2], s=shape[:-1] + (width,), axes=range(len(shape)))
    close(got, want, np.abs(s).max())


def test_the_complex_path_gives_the_same(monkeypatch):
    """Widths VkFFT's real transform does not take go through a complex one (CLE_FFT_PATH=c2c forces it)."""
    a = RNG.random((5, 6, 9), dtype=np.float32)
    direct = spectrum(cle.fft(a))
    back = cle.pull(cle.fft.ifft(cle.fft(a), cle.create(a.shape)))
    monkeypatch.setenv("CLE_FFT_PATH", "c2c")
    close(spectrum(cle.fft(a)), direct, np.abs(a).sum())
    close(cle.pull(cle.fft.ifft(cle.fft(a), cle.create(a.shape))), back, 1.0)


def test_ifft_bad_shapes_and_dtypes():
    s = cle.fft(RNG.random((5, 7), dtype=np.float32))  # (5, 8)
    with pytest.raises(cle.InvalidArgumentError, match=r"ifft: output_image has shape \(5, 9\).*width 6 or 7"):
        cle.fft.ifft(s, cle.create((5, 9)))
    with pytest.raises(cle.InvalidArgumentError, match=r"ifft: output_image has shape \(4, 7\)"):
        cle.fft.ifft(s, cle.create((4, 7)))
    with pytest.raises(cle.InvalidArgumentError, match="ifft: input_image has dtype uint8, expected one of: float32"):
        cle.fft.ifft(np.zeros((5, 8), np.uint8))
    with pytest.raises(cle.InvalidArgumentError, match="ifft: input_image has shape .*width must be even"):
        cle.fft.ifft(np.zeros((5, 7), np.float32), cle.create((5, 6)))
    with pytest.raises(cle.InvalidArgumentError, match="ifft: output_image has dtype uint8"):
        cle.fft.ifft(s, cle.create((5, 7), dtype=np.uint8))


# ---- convolve_fft against scipy.ndimage and the convolve op --------------------------------------

@pytest.mark.parametrize("shape,kshape", [((17, 19), (5, 3)), ((16, 20), (4, 6)), ((7, 9, 11), (3, 5, 3)),
                                          ((31,), (6,)), ((6, 8, 10), (2, 3, 4)), ((5, 6), (5, 6))])
def test_convolve_is_scipys_with_zeros_outside(shape, kshape):
    a = RNG.random(shape, dtype=np.float32)
    k = RNG.random(kshape, dtype=np.float32)
    scale = np.abs(k).sum() * np.abs(a).max()
    a64, k64 = a.astype(np.float64), k.astype(np.float64)
    close(cle.pull(cle.fft.convolve(a, k)), ndi.convolve(a64, k64, mode="constant"), scale)
    close(cle.pull(cle.fft.convolve(a, k, correlate=True)), ndi.correlate(a64, k64, mode="constant"), scale)


def test_convolve_fft_is_spatial_convolution_away_from_borders():
    """correlate=True is the convolve op's sum (kernel not flipped); they differ only within the kernel's
    half-size of the border, where convolve repeats the edge pixels and convolve_fft reads zeros."""
    a = RNG.random((13, 21, 17), dtype=np.float32)
    k = RNG.random((3, 5, 7), dtype=np.float32)
    fft = cle.pull(cle.convolve_fft(a, k, correlate=True))
    spatial = cle.pull(cle.convolve(a, k))
    inner = (slice(1, -1), slice(2, -2), slice(3, -3))
    close(fft[inner], spatial[inner], np.abs(k).sum())
    assert np.abs(fft - spatial).max() > 1e-2  # the borders do differ


def test_convolve_integer_image_and_output_given():
    a = RNG.integers(0, 200, (9, 12)).astype(np.uint8)
    k = RNG.random((3, 3), dtype=np.float32)
    out = cle.create(a.shape)
    cle.fft.convolve(a, k, out)
    close(cle.pull(out), ndi.convolve(a.astype(np.float64), k.astype(np.float64), mode="constant"),
          200 * np.abs(k).sum())


def test_convolve_into_its_own_input():
    a = cle.push(RNG.random((9, 10), dtype=np.float32))
    k = RNG.random((3, 3), dtype=np.float32)
    want = cle.pull(cle.fft.convolve(a, k))
    cle.fft.convolve(a, k, a)
    close(cle.pull(a), want, 1e-2)


def test_kernel_larger_than_the_image_is_an_error():
    with pytest.raises(cle.InvalidArgumentError,
                       match=r"convolve_fft: kernel has shape \(3, 9\), larger than input_image's \(5, 7\) along x"):
        cle.fft.convolve(np.ones((5, 7), np.float32), np.ones((3, 9), np.float32))
    with pytest.raises(cle.InvalidArgumentError, match=r"deconvolve_fft: psf has shape .* along z"):
        cle.fft.deconvolve(np.ones((2, 5, 7), np.float32), np.ones((3, 3, 3), np.float32), iteration=1)
    with pytest.raises(cle.InvalidArgumentError, match=r"convolve_fft: kernel has shape \(6, 3\), .* along y"):
        cle.fft.convolve(np.ones((5, 7), np.float32), np.ones((6, 3), np.float32), circular=True)
    with pytest.raises(cle.InvalidArgumentError, match=r"deconvolve_fft: psf has shape .* along x"):
        cle.fft.deconvolve(np.ones((8, 8), np.float32), np.ones((3, 9), np.float32), iteration=1, circular=True)
    with pytest.raises(cle.InvalidArgumentError, match="convolve_fft: output_image has dtype int16"):
        cle.fft.convolve(np.ones((5, 7), np.float32), np.ones((3, 3), np.float32), cle.create((5, 7), np.int16))


# ---- circular=True: wrapping around the image's padded size -------------------------------------

def periodic(image, kernel, n, correlate=False):
    """numpy.fft's circular convolution over n: the image at the origin (zeros after it), the kernel's center
    (shape // 2) at the origin, wrapped; cropped back to the image."""
    embedded = np.zeros(n)
    embedded[tuple(slice(0, s) for s in image.shape)] = image
    placed = np.zeros(n)
    placed[tuple(slice(0, s) for s in kernel.shape)] = kernel
    placed = np.roll(placed, [-(s // 2) for s in kernel.shape], axis=range(kernel.ndim))
    spectrum = np.fft.fftn(placed)
    if correlate:
        spectrum = np.conj(spectrum)
    out = np.real(np.fft.ifftn(np.fft.fftn(embedded) * spectrum))
    return out[tuple(slice(0, s) for s in image.shape)]


@pytest.fixture(params=["fused", "unfused"])
def fusion(request, monkeypatch):
    """Both ways through: VkFFT's fused convolution (2D, 3D) and forward-multiply-inverse (CLE_FFT_FUSED=0)."""
    if request.param == "unfused":
        monkeypatch.setenv("CLE_FFT_FUSED", "0")
    return request.param


# sizes the padding leaves as they are (even, no prime above 13, none with more factors 2 within 6 %)
@pytest.mark.parametrize("shape,kshape", [((16, 12), (3, 5)), ((16, 12), (4, 2)), ((8, 12, 16), (3, 5, 3)),
                                          ((8, 12, 16), (2, 3, 4)), ((24,), (5,)), ((8, 12), (8, 12))])
def test_circular_convolve_is_scipys_wrap(shape, kshape, fusion):
    a = RNG.random(shape, dtype=np.float32)
    k = RNG.random(kshape, dtype=np.float32)
    scale = np.abs(k).sum() * np.abs(a).max()
    a64, k64 = a.astype(np.float64), k.astype(np.float64)
    close(cle.pull(cle.fft.convolve(a, k, circular=True)), ndi.convolve(a64, k64, mode="wrap"), scale)
    close(cle.pull(cle.fft.convolve(a, k, correlate=True, circular=True)), ndi.correlate(a64, k64, mode="wrap"), scale)
    close(periodic(a64, k64, shape), ndi.convolve(a64, k64, mode="wrap"), scale, rel=1e-12)  # the reference itself


# sizes the padding changes: 9 x 11 -> 10 x 12, 5 x 7 x 9 -> 6 x 8 x 10 (the same rule as without circular, for
# the image alone): the wrap-around is over that size, the image zero-embedded at the origin
@pytest.mark.parametrize("shape,kshape,n", [((9, 11), (3, 4), (10, 12)), ((5, 7, 9), (3, 3, 5), (6, 8, 10))])
def test_circular_convolve_wraps_around_the_padded_size(shape, kshape, n):
    a = RNG.random(shape, dtype=np.float32)
    k = RNG.random(kshape, dtype=np.float32)
    scale = np.abs(k).sum() * np.abs(a).max()
    a64, k64 = a.astype(np.float64), k.astype(np.float64)
    got = cle.pull(cle.fft.convolve(a, k, circular=True))
    close(got, periodic(a64, k64, n), scale)
    close(cle.pull(cle.fft.convolve(a, k, correlate=True, circular=True)), periodic(a64, k64, n, True), scale)
    for other in [ndi.convolve(a64, k64, mode="wrap"), ndi.convolve(a64, k64, mode="constant")]:
        assert np.abs(got - other).max() > 1e-2 * scale


def periodic_richardson_lucy(image, psf, n, iterations, normalization=None):
    """Richardson-Lucy with numpy.fft's circular blur over n: the estimate starts at ones over the image (zeros after
    it, where the observed image is 0 too), ratio = observed / H(estimate) (0 where the divisor is not positive),
    estimate *= H^T(ratio), then / normalization (below 1e-5 counting as 1)."""
    inside = tuple(slice(0, s) for s in image.shape)
    estimate = np.ones(image.shape)
    for _ in range(iterations):
        blurred = periodic(estimate, psf, n)
        ratio = np.where(blurred > 0, image / np.where(blurred > 0, blurred, 1), 0)
        estimate = estimate * periodic(ratio, psf, n, correlate=True)
        if normalization is not None:
            estimate = estimate / np.where(normalization >= 1e-5, normalization, 1)
    return estimate[inside]


# 9 x 11 with a 5 x 5 psf: 10 x 12 circular, 12 x 14 without (with a 3 x 3 psf both are 10 x 12, the same result)
@pytest.mark.parametrize("shape,psf_shape,n", [((16, 12), (5, 3), (16, 12)), ((8, 12, 16), (3, 4, 5), (8, 12, 16)),
                                               ((9, 11), (5, 5), (10, 12))])
def test_circular_deconvolve_is_periodic_richardson_lucy(shape, psf_shape, n, fusion):
    image = RNG.random(shape) * 10 + 1
    psf = gaussian_psf(psf_shape, 1.2).astype(np.float64)
    want = periodic_richardson_lucy(image, psf, n, 4)
    got = cle.pull(cle.fft.deconvolve(image.astype(np.float32), psf.astype(np.float32), iteration=4, circular=True))
    close(got, want, np.abs(want).max())
    if n == shape:  # the textbook form: the whole image periodic, the blur scipy's mode="wrap"
        estimate = np.ones(shape)
        for _ in range(4):
            estimate *= ndi.correlate(image / ndi.convolve(estimate, psf, mode="wrap"), psf, mode="wrap")
        close(got, estimate, np.abs(estimate).max())
    plain = cle.pull(cle.fft.deconvolve(image.astype(np.float32), psf.astype(np.float32), iteration=4))
    assert np.abs(got - plain).max() > 1e-3 * np.abs(want).max()  # circular=False is another problem
    norm = periodic(np.ones(shape), psf, n, correlate=True) * 0.9
    want = periodic_richardson_lucy(image, psf, n, 3, norm)
    got = cle.pull(cle.fft.deconvolve(image.astype(np.float32), psf.astype(np.float32), norm.astype(np.float32),
                                      iteration=3, circular=True))
    close(got, want, np.abs(want).max())


# ---- deconvolve_fft: Richardson-Lucy ---------------------------------------------------------------

def gaussian_psf(shape, sigma):
    grids = np.meshgrid(*[np.arange(n) - n // 2 for n in shape], indexing="ij")
    psf = np.exp(-sum(g.astype(np.float64) ** 2 for g in grids) / (2 * sigma ** 2))
    return (psf / psf.sum()).astype(np.float32)


def bead_image(shape, radius):
    grids = np.meshgrid(*[np.arange(n) - n // 2 for n in shape], indexing="ij")
    return (sum(g.astype(np.float64) ** 2 for g in grids) <= radius ** 2).astype(np.float32) * 100 + 1


@pytest.mark.parametrize("shape,psf_shape,sigma,radius", [((41, 37), (9, 9), 1.6, 3), ((19, 21, 17), (7, 7, 7), 1.2, 2.5)])
def test_deconvolving_a_blurred_bead_gets_closer_every_iteration(shape, psf_shape, sigma, radius):
    truth = bead_image(shape, radius)
    psf = gaussian_psf(psf_shape, sigma)
    blurred = ndi.convolve(truth.astype(np.float64), psf.astype(np.float64), mode="constant").astype(np.float32)
    # mean |error| over the inner region (away from the border, where light falls outside the image); the first
    # iteration from the flat start is a smooth image, farther from the bead than the blurred one
    inner = tuple(slice(n // 4, n - n // 4) for n in shape)
    blurred_error = np.abs(blurred - truth)[inner].mean()
    errors = []
    for iterations in [1, 2, 4, 8, 16, 32]:
        restored = cle.pull(cle.fft.deconvolve(blurred, psf, iteration=iterations))
        errors.append(np.abs(restored - truth)[inner].mean())
    assert all(b < a for a, b in zip(errors, errors[1:])), errors
    assert errors[-1] < 0.75 * blurred_error, (errors, blurred_error)
    # the bead's peak comes back up towards 101
    assert restored[tuple(n // 2 for n in shape)] > blurred[tuple(n // 2 for n in shape)] + 10


# (23, 29): fused convolutions, padded rows; (17, 1): one pixel wide (odd rows, the kernels' tail)
@pytest.mark.parametrize("shape,psf_shape", [((23, 29), (5, 7)), ((17, 1), (5, 1))])
def test_deconvolve_is_scikit_images_richardson_lucy(shape, psf_shape):
    skimage_restoration = pytest.importorskip("skimage.restoration")
    image = RNG.random(shape) * 10 + 1
    psf = gaussian_psf(psf_shape, 1.3).astype(np.float64)
    psf /= psf.sum()
    want = skimage_restoration.richardson_lucy(image, psf, num_iter=10, clip=False)
    got = cle.pull(cle.fft.deconvolve(image.astype(np.float32), psf.astype(np.float32), iteration=10))
    close(got, want, np.abs(want).max())


def test_deconvolve_without_room_for_the_conjugate_spectrum_gives_the_same_bits(tmp_path):
    # 40^3 with a 5^3 psf pads to 44^3: under a 2700K budget (CLE_DEVICE_MEMORY_LIMIT) the buffers
    # of Richardson-Lucy fit but not the psf's conjugate spectrum, which is then made in place around
    # each correlation (2 conjugations per iteration, not 1 in all: CLE_PROFILE counts them)
    code = """
import sys, numpy as np, cesperanto as cle
rng = np.random.default_rng(3)
image = (rng.random((40, 40, 40)) * 10 + 1).astype(np.float32)
g = np.arange(5) - 2
z, y, x = np.meshgrid(g, g, g, indexing="ij")
psf = np.exp(-(x * x + y * y + z * z) / 2.0).astype(np.float32)
np.save(sys.argv[1], cle.pull(cle.fft.deconvolve(image, psf / psf.sum(), iteration=3)))
"""
    results, conjugations = [], []
    for limit in [None, "2700K"]:
        env = dict(os.environ, CLE_PROFILE="1")
        env.pop("CLE_DEVICE_MEMORY_LIMIT", None)
        if limit:
            env["CLE_DEVICE_MEMORY_LIMIT"] = limit
        out = tmp_path / f"out-{limit}.npy"
        err = subprocess.run([sys.executable, "-c", code, str(out)], env=env, capture_output=True, text=True,
                             check=True).stderr
        calls = [line.split()[1] for line in err.splitlines() if line.startswith("  fft:fft_conjugate ")]
        conjugations.append(int(calls[0]) if calls else 0)
        results.append(np.load(out))
    assert conjugations == [1, 6]
    assert np.array_equal(results[0].view(np.uint32), results[1].view(np.uint32))


def test_no_iteration_gives_ones_and_normalization_of_ones_changes_nothing():
    image = RNG.random((7, 9), dtype=np.float32)
    psf = gaussian_psf((3, 3), 1.0)
    assert np.array_equal(cle.pull(cle.fft.deconvolve(image, psf, iteration=0)), np.ones((7, 9), np.float32))
    plain = cle.pull(cle.fft.deconvolve(image, psf, iteration=3))
    ones = cle.pull(cle.fft.deconvolve(image, psf, np.ones_like(image), iteration=3))
    close(ones, plain, 1e-3)


def test_normalization_divides_each_iteration():
    """cle.fft.deconvolve(normalization=...) is deconvolve_fft_normalized: the estimate / normalization after each
    iteration, pixels below 1e-5 counting as 1; here against the same loop in numpy."""
    image = RNG.random((11, 13)) + 0.5
    psf = gaussian_psf((3, 5), 1.0).astype(np.float64)
    norm = ndi.correlate(np.ones_like(image), psf, mode="constant")
    norm[0, 0] = 0  # counts as 1
    estimate = np.ones_like(image)
    for _ in range(4):
        blurred = ndi.convolve(estimate, psf, mode="constant")
        ratio = np.where(blurred > 0, image / np.where(blurred > 0, blurred, 1), 0)
        estimate = estimate * ndi.correlate(ratio, psf, mode="constant")
        estimate = estimate / np.where(norm >= 1e-5, norm, 1)
    got = cle.pull(cle.fft.deconvolve(image.astype(np.float32), psf.astype(np.float32), norm.astype(np.float32),
                                      iteration=4))
    close(got, estimate, np.abs(estimate).max())
    with pytest.raises(cle.InvalidArgumentError,
                       match=r"deconvolve_fft_normalized: normalization has shape \(11, 12\), expected \(11, 13\)"):
        cle.fft.deconvolve(image, psf, np.ones((11, 12), np.float32), iteration=1)


def test_total_variation_smooths():
    truth = bead_image((33, 35), 5)
    psf = gaussian_psf((7, 7), 1.5)
    noisy = ndi.convolve(truth, psf, mode="constant") + RNG.random(truth.shape).astype(np.float32) * 5
    plain = cle.pull(cle.fft.deconvolve(noisy, psf, iteration=20))
    smooth = cle.pull(cle.fft.deconvolve(noisy, psf, iteration=20, regularization=0.01))

    def variation(a):
        return sum(np.abs(np.diff(a, axis=i)).sum() for i in range(a.ndim))

    assert variation(smooth) < variation(plain)


def test_deconvolve_bad_parameters():
    image, psf = np.ones((5, 7), np.float32), np.ones((3, 3), np.float32)
    for value in [float("nan"), float("inf")]:
        with pytest.raises(cle.InvalidArgumentError, match="deconvolve_fft: regularization must be finite"):
            cle.fft.deconvolve(image, psf, regularization=value)
    with pytest.raises(cle.InvalidArgumentError, match="deconvolve_fft: regularization must be >= 0, got -1"):
        cle.fft.deconvolve(image, psf, regularization=-1)
    with pytest.raises(cle.InvalidArgumentError, match="deconvolve_fft: iteration must be in"):
        cle.fft.deconvolve(image, psf, iteration=-1)
    with pytest.raises(cle.InvalidArgumentError, match="deconvolve_fft_normalized: regularization must be finite"):
        cle.fft.deconvolve(image, psf, image, regularization=float("nan"))
