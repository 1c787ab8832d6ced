"""The three libraries compared, behind one small interface.

Every peer offers push/pull/finish/release and one method per benchmark op,
taking its inputs (device handles, or numpy arrays for the CPU peer), an
optional preallocated dst and the op's parameters; it returns the output
(a new handle when dst is None) or, for reductions, a Python float.
"""
import importlib
import os
import platform

import warnings

import numpy as np

import cases
from cle_ctypes import Library


def _sigmas(ndim, sigma):
    # 2D images are blurred in x and y only; sigma_z = 0 leaves z untouched
    return (sigma, sigma, sigma if ndim == 3 else 0.0)


def _radii(ndim, radius):
    # 2D images filter in x and y only
    return {"radius_x": radius, "radius_y": radius, "radius_z": radius if ndim == 3 else 0.0}


class Cesperanto:
    name = "cesperanto"

    def __init__(self, lib_path, device):
        self.lib = Library(lib_path, device)
        self.info = self.lib.device_info()
        # the labeling op's name before the spec followed pyclesperanto 0.25.1: accept either, for older builds
        self._ccl = next((n for n in ("connected_component_labeling",
                                      "connected_components_labeling") if self.lib.has_op(n)),
                         "connected_component_labeling")

    def version(self):
        return self.lib.version()

    def device_name(self):
        return self.info["name"]

    def has_ops(self, names):
        """Ops the harness needs that this build lacks (the library is built op by op)."""
        return [n for n in names if not self.lib.has_op(self._ccl if n == "labeling" else n)]

    def push(self, a):
        return self.lib.push(a)

    def create(self, shape, dtype):
        return self.lib.create(shape, dtype)

    def pull(self, h):
        return self.lib.pull(h)

    def finish(self):
        self.lib.finish()

    def release(self, h):
        if hasattr(h, "release"):  # arrays; not numbers or tables (dicts)
            h.release()

    def copy(self, a, dst=None):
        return self.lib.op("copy")(a, dst=dst)

    def add_images_weighted(self, a, b, dst=None, factor1=1.0, factor2=1.0):
        return self.lib.op("add_images_weighted")(a, b, dst=dst, factor1=factor1, factor2=factor2)

    def gaussian_blur(self, a, dst=None, sigma=1.0):
        sx, sy, sz = _sigmas(len(a.shape), sigma)
        return self.lib.op("gaussian_blur")(a, dst=dst, sigma_x=sx, sigma_y=sy, sigma_z=sz)

    def add_image_and_scalar(self, a, dst=None, scalar=1.0):
        return self.lib.op("add_image_and_scalar")(a, dst=dst, scalar=scalar)

    def multiply_images(self, a, b, dst=None):
        return self.lib.op("multiply_images")(a, b, dst=dst)

    def greater(self, a, b, dst=None):
        return self.lib.op("greater")(a, b, dst=dst)

    def mean_of_all_pixels(self, a, dst=None):
        return self.lib.op("mean_of_all_pixels")(a)

    def standard_deviation_of_all_pixels(self, a, dst=None):
        return self.lib.op("standard_deviation_of_all_pixels")(a)

    def maximum_z_projection(self, a, dst=None):
        return self.lib.op("maximum_z_projection")(a, dst=dst)

    def filter(self, a, dst=None, op="mean_filter", radius=1.0):
        return self.lib.op(op)(a, dst=dst, **_radii(len(a.shape), radius))

    def sobel(self, a, dst=None):
        return self.lib.op("sobel")(a, dst=dst)

    def sum_of_all_pixels(self, a, dst=None):
        return self.lib.op("sum_of_all_pixels")(a)

    def threshold_otsu(self, a, dst=None):
        return self.lib.op("threshold_otsu")(a, dst=dst)

    def labeling(self, a, dst=None):
        return self.lib.op(self._ccl)(a, dst=dst, connectivity="box")

    def unary(self, a, dst=None, op="copy", **params):
        return self.lib.op(op)(a, dst=dst, **params)

    def affine_transform(self, a, dst=None):
        m = cases.affine_matrix(a.shape).ravel().tolist()
        return self.lib.op("affine_transform")(a, dst=dst, transform_matrix=m, interpolate=True)

    def statistics(self, intensity, labels, dst=None):
        return self.lib.op("statistics_of_labelled_pixels")(intensity, labels)

    def pipeline(self, a, dst=None, sigma=3.0):
        # what a user writes: each intermediate is dropped as soon as it is used
        blurred = self.gaussian_blur(a, sigma=sigma)
        binary = self.threshold_otsu(blurred)
        blurred.release()
        labels = self.labeling(binary)
        binary.release()
        return labels


class Pyclesperanto:
    name = "pyclesperanto"

    def __init__(self, device):
        import pyclesperanto as cle
        self.cle = cle
        self.dev = cle.select_device(device)
        self.info = {"name": self.dev.name, "info": str(self.dev.info)}
        # pyclesperanto has no device-wide finish; a blocking read of one element
        # on the same in-order queue waits for every kernel queued before it
        self._sync = cle.create((1,), dtype=np.float32)

    def version(self):
        return self.cle.__version__

    def device_name(self):
        return self.dev.name

    def push(self, a):
        return self.cle.push(a)

    def create(self, shape, dtype):
        return self.cle.create(shape, dtype=dtype)

    def pull(self, h):
        return self.cle.pull(h)

    def finish(self):
        self._sync.get()

    def release(self, h):
        pass  # freed when the last Python reference goes

    def copy(self, a, dst=None):
        return self.cle.copy(a, dst)

    def add_images_weighted(self, a, b, dst=None, factor1=1.0, factor2=1.0):
        return self.cle.add_images_weighted(a, b, dst, factor1=factor1, factor2=factor2)

    def gaussian_blur(self, a, dst=None, sigma=1.0):
        sx, sy, sz = _sigmas(len(a.shape), sigma)
        return self.cle.gaussian_blur(a, dst, sigma_x=sx, sigma_y=sy, sigma_z=sz)

    def add_image_and_scalar(self, a, dst=None, scalar=1.0):
        return self.cle.add_image_and_scalar(a, dst, scalar=scalar)

    def multiply_images(self, a, b, dst=None):
        return self.cle.multiply_images(a, b, dst)

    def greater(self, a, b, dst=None):
        return self.cle.greater(a, b, dst)

    def mean_of_all_pixels(self, a, dst=None):
        return float(self.cle.mean_of_all_pixels(a))

    def standard_deviation_of_all_pixels(self, a, dst=None):
        return float(self.cle.standard_deviation_of_all_pixels(a))

    def maximum_z_projection(self, a, dst=None):
        return self.cle.maximum_z_projection(a, dst)

    def filter(self, a, dst=None, op="mean_filter", radius=1.0):
        return getattr(self.cle, op)(a, dst, **_radii(len(a.shape), radius))

    def sobel(self, a, dst=None):
        return self.cle.sobel(a, dst)

    def sum_of_all_pixels(self, a, dst=None):
        return float(self.cle.sum_of_all_pixels(a))

    def threshold_otsu(self, a, dst=None):
        return self.cle.threshold_otsu(a, dst)

    def labeling(self, a, dst=None):
        return self.cle.connected_component_labeling(a, dst, connectivity="box")

    def unary(self, a, dst=None, op="copy", **params):
        return getattr(self.cle, op)(a, dst, **params)

    def affine_transform(self, a, dst=None):
        m = cases.affine_matrix(a.shape).ravel().tolist()
        with warnings.catch_warnings():  # 0.25.1 points to cle.transform.affine_transform, same call
            warnings.simplefilter("ignore", DeprecationWarning)
            return self.cle.affine_transform(a, dst, transform_matrix=m, interpolate=True)

    def statistics(self, intensity, labels, dst=None):
        with warnings.catch_warnings():  # deprecated in 0.25.1 in favour of labels_statistics
            warnings.simplefilter("ignore", DeprecationWarning)
            return self.cle.statistics_of_labelled_pixels(intensity, labels)

    def pipeline(self, a, dst=None, sigma=3.0):
        blurred = self.gaussian_blur(a, sigma=sigma)
        binary = self.threshold_otsu(blurred)
        del blurred
        return self.labeling(binary)


class Cpu:
    """What a Python user picks on the CPU: numpy, scipy.ndimage, scikit-image."""
    name = "skimage"

    def __init__(self):
        import scipy.ndimage as ndi
        import skimage.filters
        self.ndi, self.filters = ndi, skimage.filters

    def version(self):
        import scipy
        import skimage
        return f"scikit-image {skimage.__version__}, scipy {scipy.__version__}, numpy {np.__version__}"

    def device_name(self):
        return f"{platform.processor() or platform.machine()} ({os.cpu_count()} threads)"

    def push(self, a):
        return a

    def create(self, shape, dtype):
        return np.empty(shape, dtype)

    def pull(self, h):
        return h

    def finish(self):
        pass

    def release(self, h):
        pass

    def copy(self, a, dst=None):
        if dst is None:
            return a.copy()
        np.copyto(dst, a)
        return dst

    def add_images_weighted(self, a, b, dst=None, factor1=1.0, factor2=1.0):
        if dst is None:
            dst = np.empty(a.shape, np.float32)
        np.multiply(a, np.float32(factor1), out=dst, dtype=np.float32)
        dst += np.multiply(b, np.float32(factor2), dtype=np.float32)
        return dst

    def gaussian_blur(self, a, dst=None, sigma=1.0):
        sx, sy, sz = _sigmas(a.ndim, sigma)
        s = (sz, sy, sx)[3 - a.ndim:]  # numpy axis order
        if dst is None:
            dst = np.empty(a.shape, np.float32)
        # 'nearest' = clamp to edge, truncate 4 = the 8*sigma+1 kernel of clEsperanto
        self.ndi.gaussian_filter(a, s, output=dst, mode="nearest", truncate=4.0)
        return dst

    def maximum_z_projection(self, a, dst=None):
        return np.max(a, axis=0, out=dst)

    def filter(self, a, dst=None, op="mean_filter", radius=1.0):
        size = 2 * int(radius) + 1
        if op == "mean_filter":
            out = self.ndi.uniform_filter(a.astype(np.float32), size, mode="nearest")
        elif op == "maximum_filter":
            out = self.ndi.maximum_filter(a, size, mode="nearest")
        elif op == "median":
            out = self.ndi.median_filter(a, size, mode="nearest")
        else:  # top_hat: the pixel minus its opening
            opened = self.ndi.maximum_filter(self.ndi.minimum_filter(a, size, mode="nearest"), size, mode="nearest")
            out = a - opened
        out = out.astype(a.dtype)
        if dst is None:
            return out
        np.copyto(dst, out)
        return dst

    def sobel(self, a, dst=None):
        f = a.astype(np.float32)
        # clij's unnormalised Sobel: per axis the derivative times 1-2-1 smoothing on the others
        out = np.sqrt(sum(self.ndi.sobel(f, axis=k, mode="nearest") ** 2 for k in range(a.ndim))).astype(np.float32)
        if dst is None:
            return out
        np.copyto(dst, out)
        return dst

    def add_image_and_scalar(self, a, dst=None, scalar=1.0):
        return np.add(a, np.float32(scalar), out=dst, dtype=np.float32)

    def multiply_images(self, a, b, dst=None):
        # saturated in the integer dtype, as clEsperanto stores it (numpy would wrap)
        product = np.multiply(a, b, dtype=np.float32)
        if a.dtype != np.float32:
            info = np.iinfo(a.dtype)
            np.clip(product, info.min, info.max, out=product)
        if dst is None:
            return product.astype(a.dtype)
        np.copyto(dst, product, casting="unsafe")
        return dst

    def greater(self, a, b, dst=None):
        if dst is None:
            dst = np.empty(a.shape, np.uint8)
        np.greater(a, b, out=dst, casting="unsafe")
        return dst

    def mean_of_all_pixels(self, a, dst=None):
        return float(a.mean(dtype=np.float64))

    def standard_deviation_of_all_pixels(self, a, dst=None):
        return float(a.std(dtype=np.float64))

    def sum_of_all_pixels(self, a, dst=None):
        return float(a.sum())

    def threshold_otsu(self, a, dst=None):
        t = self.filters.threshold_otsu(a)
        if dst is None:
            dst = np.empty(a.shape, np.uint8)
        np.greater(a, t, out=dst, casting="unsafe")
        return dst

    def labeling(self, a, dst=None):
        if dst is None:
            dst = np.empty(a.shape, np.int32)
        self.ndi.label(a, structure=np.ones((3,) * a.ndim, bool), output=dst)
        return dst

    def pipeline(self, a, dst=None, sigma=3.0):
        return self.labeling(self.threshold_otsu(self.gaussian_blur(a, sigma=sigma)))

    def unary(self, a, dst=None, op="copy", **params):
        return _numpy_unary(np, a, op, dst)

    def affine_transform(self, a, dst=None):
        linear, offset = cases.affine_scipy(a.shape)
        return self.ndi.affine_transform(a, linear, offset=offset, order=1, output=dst if dst is not None else np.float32)

    def statistics(self, intensity, labels, dst=None):
        import skimage.measure
        t = skimage.measure.regionprops_table(labels, intensity, properties=_REGIONPROPS)
        return _regionprops_columns(t, labels.ndim)


# scikit-image's regionprops_table columns under pyclesperanto's names (statistics_of_labelled_pixels)
_REGIONPROPS = ("label", "area", "intensity_mean", "intensity_min", "intensity_max", "centroid")


def _regionprops_columns(t, ndim):
    out = {"label": t["label"], "area": t["area"], "mean_intensity": t["intensity_mean"],
           "min_intensity": t["intensity_min"], "max_intensity": t["intensity_max"]}
    for k, axis in enumerate("zyx"[3 - ndim:]):  # centroid-0 is numpy's first axis
        out["centroid_" + axis] = t[f"centroid-{k}"]
    return out


def _numpy_unary(xp, a, op, out=None):
    """Projections and transposes as a numpy (or CuPy) user writes them, into out when given;
    other ops are not offered (NotImplementedError: the peer's cell stays empty)."""
    axes = {"x": 2, "y": 1, "z": 0}
    if op.endswith("_projection") and op.count("_") == 2:
        rule, ax, _ = op.split("_")
        if rule == "maximum":
            return xp.max(a, axis=axes[ax], out=out)
        if rule == "mean":
            return xp.mean(a, axis=axes[ax], dtype=xp.float32, out=out)
    if op.startswith("transpose_"):
        i, j = sorted(axes[c] for c in op[len("transpose_"):])
        view = xp.swapaxes(a, i, j)
        if out is None:
            return xp.ascontiguousarray(view)
        xp.copyto(out, view)
        return out
    raise NotImplementedError(f"{op} is not offered by this peer")


class Cupy:
    """What a Python user picks on an NVIDIA GPU: CuPy and cupyx.scipy.ndimage, data on the device."""
    name = "cupy"

    def __init__(self):
        import cupy
        import cupyx.scipy.ndimage as ndi
        self.cp, self.ndi = cupy, ndi
        self._name = cupy.cuda.runtime.getDeviceProperties(cupy.cuda.Device().id)["name"].decode()

    def version(self):
        return f"CuPy {self.cp.__version__}"

    def device_name(self):
        return self._name

    def push(self, a):
        return self.cp.asarray(a)

    def create(self, shape, dtype):
        return self.cp.empty(shape, dtype)

    def pull(self, h):
        return self.cp.asnumpy(h)

    def finish(self):
        self.cp.cuda.Device().synchronize()

    def release(self, h):
        pass  # freed (into CuPy's pool) when the last reference goes

    def copy(self, a, dst=None):
        if dst is None:
            return a.copy()
        self.cp.copyto(dst, a)
        return dst

    def gaussian_blur(self, a, dst=None, sigma=1.0):
        sx, sy, sz = _sigmas(a.ndim, sigma)
        s = (sz, sy, sx)[3 - a.ndim:]
        out = dst if dst is not None else self.cp.empty(a.shape, self.cp.float32)
        self.ndi.gaussian_filter(a, s, output=out, mode="nearest", truncate=4.0)
        return out

    def filter(self, a, dst=None, op="mean_filter", radius=1.0):
        size = 2 * int(radius) + 1
        out = dst if dst is not None else self.cp.empty_like(a)
        if op == "mean_filter":
            self.ndi.uniform_filter(a, size, output=out, mode="nearest")
        elif op == "maximum_filter":
            self.ndi.maximum_filter(a, size, output=out, mode="nearest")
        elif op == "median":
            self.ndi.median_filter(a, size, output=out, mode="nearest")
        else:  # top_hat: the pixel minus its opening
            opened = self.ndi.maximum_filter(self.ndi.minimum_filter(a, size, mode="nearest"), size, mode="nearest")
            self.cp.subtract(a, opened, out=out)
        return out

    def sobel(self, a, dst=None):
        g = [self.ndi.sobel(a, axis=k, mode="nearest") for k in range(a.ndim)]
        out = dst if dst is not None else self.cp.empty(a.shape, self.cp.float32)
        self.cp.sqrt(sum(x * x for x in g), out=out)
        return out

    def maximum_z_projection(self, a, dst=None):
        return self.cp.max(a, axis=0, out=dst)

    def unary(self, a, dst=None, op="copy", **params):
        return _numpy_unary(self.cp, a, op, dst)

    def affine_transform(self, a, dst=None):
        linear, offset = cases.affine_scipy(a.shape)
        out = dst if dst is not None else self.cp.empty(a.shape, self.cp.float32)
        self.ndi.affine_transform(a, self.cp.asarray(linear), offset=tuple(offset), order=1, output=out)
        return out


def optional_module(name):
    """The module, or None with the reason (for skipping a peer cleanly)."""
    try:
        return importlib.import_module(name), None
    except Exception as e:  # ImportError, or a broken binary wheel
        return None, f"{name} not importable: {e}"
