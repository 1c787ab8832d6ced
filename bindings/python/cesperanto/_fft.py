"""cle.fft: pyclesperanto 0.25.1's FFT submodule over the library's FFT ops.

    import cesperanto as cle
    spectrum = cle.fft.fft(image)                      # float32, (real, imaginary) pairs along x
    numpy.asarray(spectrum).view(numpy.complex64)      # == numpy.fft.rfftn(image), to float32 rounding
    image_again = cle.fft.ifft(spectrum, cle.create(image.shape))
    blurred = cle.fft.convolve(image, psf)             # zeros outside the image (scipy.ndimage's mode="constant")
    wrapped = cle.fft.convolve(image, psf, circular=True)  # wrapping around (mode="wrap" for sizes such as 512)
    restored = cle.fft.deconvolve(blurred, psf, iteration=50)

As in pyclesperanto, `cle.fft` is this module's namespace; here it is also the
op fft itself (cle.fft(image) == cle.fft.fft(image)), the function every other
language calls fft. The ops behind it are fft, ifft, convolve_fft,
deconvolve_fft and deconvolve_fft_normalized (help(cle.convolve_fft), ...).
"""

from . import _ops

__all__ = ["fft", "ifft", "convolve", "deconvolve", "smooth_shape"]

fft = _ops.fft
ifft = _ops.ifft
convolve = _ops.convolve_fft


def deconvolve(input_image, psf, normalization=None, output_image=None, iteration=100, regularization=0.0,
               circular=False, device=None):
    """Richardson-Lucy deconvolution through the FFT (pyclesperanto's cle.fft.deconvolve).

    deconvolve_fft, or deconvolve_fft_normalized when a normalization image is
    given (the estimate is divided by it after each iteration; pixels below
    1e-5 count as 1). See help(cle.deconvolve_fft) for what is computed.

    Parameters
    ----------
    input_image : Array or numpy.ndarray
        The observed (blurred) image.
    psf : Array or numpy.ndarray
        Point spread function, no larger than input_image along any axis.
    normalization : Array or numpy.ndarray, optional
        Divides the estimate after each iteration; input_image's shape.
    output_image : Array, optional
        The float32 result; None creates it.
    iteration : int, default 100
        Number of Richardson-Lucy iterations.
    regularization : float, default 0.0
        Total variation weight; 0 for plain Richardson-Lucy.
    circular : bool, default False
        Blur with wrap-around at the image's borders (periodic boundary, as pyclesperanto's) instead of zeros
        outside: the FFTs run at the image's padded size, not image + psf / 2 (not a pyclesperanto parameter).
    device : Device, optional
        Where numpy inputs are pushed and the work runs.

    Returns
    -------
    Array
    """
    if normalization is None:
        return _ops.deconvolve_fft(input_image, psf, output_image, iteration, regularization, circular,
                                   device=device)
    return _ops.deconvolve_fft_normalized(input_image, psf, normalization, output_image, iteration, regularization,
                                          circular, device=device)


def _smooth(n):
    """The smallest m >= max(n, 1) with no prime factor above 7."""
    m = max(n, 1)
    while m > 1:
        r = m
        for p in (2, 3, 5, 7):
            while r % p == 0:
                r //= p
        if r == 1:
            return m
        m += 1
    return m


def smooth_shape(shape):
    """The shape whose sizes are the next ones >= shape's with no prime factor above 7 (pyclesperanto's).

    Transforms of such sizes are the fastest.

    Parameters
    ----------
    shape : tuple or list
        A shape (z, y, x), up to 3 sizes are used.

    Returns
    -------
    list
        The smooth shape (z, y, x), as many sizes as given (at most 3), a list as pyclesperanto's.
    """
    sizes = [int(s) for s in list(shape)[:3]]
    return [_smooth(s) for s in sizes]


def _attach(function):
    """Make the op fft carry this module's functions (cle.fft.convolve, ...), as pyclesperanto's cle.fft does."""
    for name in __all__:
        setattr(function, name, globals()[name])
    return function
