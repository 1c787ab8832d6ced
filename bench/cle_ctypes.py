"""cesperanto's public C API through ctypes, for the benchmark harness.

ctypes rather than the SWIG binding because the harness must also run where
SWIG is not installed (the GPU machine) and under another Python version.
Ops are called through their generated C symbols (cle_gaussian_blur, ...);
their signatures are read from the op registry (cle_op_find), so the
harness follows the spec instead of hard-coding prototypes.
"""
import ctypes as C
import numpy as np

# cle_dtype values (cle.h) <-> numpy
_DTYPES = {np.dtype(np.int8): 0, np.dtype(np.uint8): 1, np.dtype(np.int16): 2,
           np.dtype(np.uint16): 3, np.dtype(np.int32): 4, np.dtype(np.uint32): 5,
           np.dtype(np.float32): 6}
_NUMPY = {v: k for k, v in _DTYPES.items()}

# cle_value_type / cle_output_kind (cle_registry.h)
TYPE_IMAGE, TYPE_FLOAT, TYPE_INT, TYPE_BOOL, TYPE_STRING, TYPE_FLOAT_LIST = range(6)
OUTPUT_ARRAY, OUTPUT_SCALAR, OUTPUT_INPLACE, OUTPUT_TABLE = range(4)


class CleError(RuntimeError):
    pass


_NONE = object()  # a float list's None (NULL, 0): the op's default


class _Value(C.Structure):
    _fields_ = [("type", C.c_int), ("image", C.c_void_p), ("number", C.c_double),
                ("string", C.c_char_p), ("list", C.POINTER(C.c_float)), ("count", C.c_size_t)]


class _InputDesc(C.Structure):
    _fields_ = [("name", C.c_char_p), ("doc", C.c_char_p), ("dtype_mask", C.c_uint), ("written", C.c_bool),
                ("optional", C.c_bool)]


class _ParamDesc(C.Structure):
    _fields_ = [("name", C.c_char_p), ("type", C.c_int), ("doc", C.c_char_p),
                ("has_default", C.c_bool), ("default_value", _Value),
                ("default_text", C.c_char_p), ("has_min", C.c_bool), ("has_max", C.c_bool),
                ("min", C.c_double), ("max", C.c_double),
                ("choices", C.POINTER(C.c_char_p)), ("n_choices", C.c_int),
                ("choice_aliases", C.POINTER(C.c_char_p)), ("choice_alias_targets", C.POINTER(C.c_int)),
                ("n_choice_aliases", C.c_int), ("optional", C.c_bool), ("lengths", C.POINTER(C.c_int)),
                ("n_lengths", C.c_int)]


class _OpDesc(C.Structure):
    _fields_ = [("name", C.c_char_p), ("tier", C.c_int), ("brief", C.c_char_p),
                ("description", C.c_char_p), ("categories", C.POINTER(C.c_char_p)),
                ("n_categories", C.c_int), ("inputs", C.POINTER(_InputDesc)),
                ("n_inputs", C.c_int), ("output_kind", C.c_int), ("output_name", C.c_char_p),
                ("output_creator", C.c_char_p), ("params", C.POINTER(_ParamDesc)),
                ("n_params", C.c_int), ("footprint_global", C.c_bool),
                ("footprint", C.c_char_p * 3), ("halo", C.c_void_p), ("uses_position", C.c_bool),
                ("aliases", C.c_void_p), ("n_aliases", C.c_int),
                ("kernels", C.POINTER(C.c_char_p)), ("n_kernels", C.c_int), ("outputs", C.c_void_p),
                ("n_outputs", C.c_int), ("output_order", C.c_void_p), ("invoke", C.c_void_p)]


class _Statistics(C.Structure):
    _fields_ = [("n_rows", C.c_size_t), ("n_columns", C.c_size_t), ("names", C.POINTER(C.c_char_p)),
                ("columns", C.POINTER(C.POINTER(C.c_double)))]


class Array:
    """One reference to a cle_array; released explicitly or when collected."""
    __slots__ = ("lib", "ptr")

    def __init__(self, lib, ptr):
        self.lib, self.ptr = lib, ptr

    def release(self):
        if self.ptr:
            self.lib._c.cle_release(self.ptr)
            self.ptr = None

    def __del__(self):
        self.release()

    @property
    def shape(self):
        dims = (C.c_size_t * 3)()
        n = self.lib._c.cle_array_shape(self.ptr, dims)
        return tuple(dims[i] for i in range(n))

    @property
    def dtype(self):
        return _NUMPY[self.lib._c.cle_array_dtype(self.ptr)]

    @property
    def nbytes(self):
        return self.lib._c.cle_array_nbytes(self.ptr)


class _Op:
    """A callable for one op: positional images, keyword params (spec defaults)."""

    def __init__(self, lib, desc):
        self.name = desc.name.decode()
        self.n_inputs = desc.n_inputs
        self.output_kind = desc.output_kind
        self.params = []  # (name, type, default)
        for i in range(desc.n_params):
            p = desc.params[i]
            default = None
            if p.has_default:
                v = p.default_value
                default = (v.string.decode() if p.type == TYPE_STRING else
                           _NONE if p.type == TYPE_FLOAT_LIST else v.number)  # a list's default is None
            self.params.append((p.name.decode(), p.type, default))
        fn = getattr(lib._c, "cle_" + self.name)
        args = [C.c_void_p] * self.n_inputs
        if self.output_kind == OUTPUT_ARRAY:
            args.append(C.c_void_p)  # dst
        ctype = {TYPE_FLOAT: C.c_float, TYPE_INT: C.c_int, TYPE_BOOL: C.c_bool,
                 TYPE_STRING: C.c_char_p}
        for _, t, _ in self.params:  # a float list is the numbers and their count
            args += [C.POINTER(C.c_float), C.c_size_t] if t == TYPE_FLOAT_LIST else [ctype[t]]
        fn.argtypes = args
        fn.restype = C.c_double if self.output_kind == OUTPUT_SCALAR else C.c_void_p
        self._fn, self._lib = fn, lib

    def __call__(self, *images, dst=None, **params):
        if len(images) != self.n_inputs:
            raise TypeError(f"{self.name}: expected {self.n_inputs} images, got {len(images)}")
        unknown = set(params) - {n for n, _, _ in self.params}
        if unknown:
            raise TypeError(f"{self.name}: unknown parameter(s) {sorted(unknown)}")
        args = [im.ptr for im in images]
        if self.output_kind == OUTPUT_ARRAY:
            args.append(dst.ptr if dst is not None else None)
        keep = []  # float lists alive for the call
        for name, t, default in self.params:
            v = params.get(name, default)
            if v is None:
                raise TypeError(f"{self.name}: parameter {name} has no default")
            if t == TYPE_FLOAT_LIST:
                numbers = None if v is _NONE else np.ascontiguousarray(v, np.float32).ravel()
                keep.append(numbers)
                args += [None, 0] if numbers is None else [numbers.ctypes.data_as(C.POINTER(C.c_float)), numbers.size]
                continue
            # the registry gives every numeric default as a double
            args.append(v.encode() if t == TYPE_STRING else int(v) if t == TYPE_INT else bool(v) if t == TYPE_BOOL else v)
        self._lib._c.cle_clear_error()
        out = self._fn(*args)
        if self.output_kind == OUTPUT_TABLE:
            if not out:
                raise CleError(self._lib.last_error())
            return self._lib.table(out)
        if self.output_kind == OUTPUT_SCALAR:
            if np.isnan(out) and self._lib._c.cle_last_error() != 0:
                raise CleError(self._lib.last_error())
            return out
        if not out:
            raise CleError(self._lib.last_error())
        return Array(self._lib, out)


class Library:
    """libcesperanto.so loaded with ctypes, bound to one device."""

    def __init__(self, path, device=None):
        self._c = c = C.CDLL(path)
        sig = [
            ("cle_last_error", [], C.c_int), ("cle_last_error_message", [], C.c_char_p),
            ("cle_clear_error", [], None), ("cle_version", [], C.c_char_p),
            ("cle_device_find", [C.c_char_p], C.c_void_p),
            ("cle_device_default", [], C.c_void_p),
            ("cle_device_finish", [C.c_void_p], C.c_int),
            ("cle_device_global_memory", [C.c_void_p], C.c_uint64),
            ("cle_device_max_allocation", [C.c_void_p], C.c_uint64),
            ("cle_push_nd", [C.c_void_p, C.c_void_p, C.c_int, C.c_int,
                             C.POINTER(C.c_size_t)], C.c_void_p),
            ("cle_pull", [C.c_void_p, C.c_void_p, C.c_size_t], C.c_int),
            ("cle_create_nd", [C.c_void_p, C.c_int, C.c_int, C.POINTER(C.c_size_t)], C.c_void_p),
            ("cle_release", [C.c_void_p], None),
            ("cle_array_shape", [C.c_void_p, C.POINTER(C.c_size_t)], C.c_int),
            ("cle_array_dtype", [C.c_void_p], C.c_int),
            ("cle_array_nbytes", [C.c_void_p], C.c_size_t),
            ("cle_live_array_count", [], C.c_long),
            ("cle_op_find", [C.c_char_p], C.POINTER(_OpDesc)),
            ("cle_op_count", [], C.c_int),
            ("cle_op_info", [C.c_int], C.POINTER(_OpDesc)),
            ("cle_statistics_free", [C.c_void_p], None),
        ]
        for name, args, res in sig:
            f = getattr(c, name)
            f.argtypes, f.restype = args, res
        for name in ("name", "vendor", "platform", "type", "version", "driver_version"):
            f = getattr(c, "cle_device_" + name)
            f.argtypes, f.restype = [C.c_void_p], C.c_char_p
        self.dev = c.cle_device_find(device.encode()) if device else c.cle_device_default()
        if not self.dev:
            raise CleError(self.last_error())
        self._ops = {}

    def last_error(self):
        return self._c.cle_last_error_message().decode(errors="replace")

    def version(self):
        return self._c.cle_version().decode()

    def device_info(self):
        info = {k: getattr(self._c, "cle_device_" + k)(self.dev).decode(errors="replace")
                for k in ("name", "vendor", "platform", "type", "version", "driver_version")}
        info["global_memory"] = self._c.cle_device_global_memory(self.dev)
        info["max_allocation"] = self._c.cle_device_max_allocation(self.dev)
        return info

    def op_names(self):
        return [self._c.cle_op_info(i).contents.name.decode()
                for i in range(self._c.cle_op_count())]

    def has_op(self, name):
        ok = bool(self._c.cle_op_find(name.encode()))
        self._c.cle_clear_error()
        return ok

    def op(self, name):
        if name not in self._ops:
            desc = self._c.cle_op_find(name.encode())
            if not desc:
                raise CleError(self.last_error())
            self._ops[name] = _Op(self, desc.contents)
        return self._ops[name]

    def table(self, ptr):
        """A cle_statistics table as a dict of numpy columns (pyclesperanto's names); frees it."""
        t = C.cast(ptr, C.POINTER(_Statistics)).contents
        try:
            return {t.names[c].decode(): np.ctypeslib.as_array(t.columns[c], (t.n_rows,)).copy()
                    if t.n_rows else np.zeros(0) for c in range(t.n_columns)}
        finally:
            self._c.cle_statistics_free(ptr)

    def push(self, host):
        host = np.ascontiguousarray(host)
        if host.dtype not in _DTYPES or not 1 <= host.ndim <= 3:
            raise CleError(f"push: unsupported array {host.dtype} {host.shape}")
        shape = (C.c_size_t * 3)(*host.shape)
        ptr = self._c.cle_push_nd(self.dev, host.ctypes.data, _DTYPES[host.dtype],
                                  host.ndim, shape)
        if not ptr:
            raise CleError(self.last_error())
        return Array(self, ptr)

    def create(self, shape, dtype):
        dims = (C.c_size_t * 3)(*shape)
        ptr = self._c.cle_create_nd(self.dev, _DTYPES[np.dtype(dtype)], len(shape), dims)
        if not ptr:
            raise CleError(self.last_error())
        return Array(self, ptr)

    def pull(self, arr, out=None):
        if out is None:
            out = np.empty(arr.shape, arr.dtype)
        if self._c.cle_pull(arr.ptr, out.ctypes.data, out.nbytes) != 0:
            raise CleError(self.last_error())
        return out

    def finish(self):
        if self._c.cle_device_finish(self.dev) != 0:
            raise CleError(self.last_error())

    def live_arrays(self):
        return self._c.cle_live_array_count()
