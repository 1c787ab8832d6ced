"""evaluate(expression, parameters): an element-wise OpenCL C expression over
Arrays and numbers, as pyclesperanto 0.25.1's, compiled into one kernel."""

import keyword
import numbers
import re

import numpy

from . import cesperanto_core as core
from ._array import _shape_text, broadcast_strides, core_push, new_array
from ._support import Array, current_device

_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")


def evaluate(expression, parameters):
    """Evaluate an element-wise expression on the device; the result is float32.

    expression is OpenCL C over the names of parameters: "a + b * c", "a > pow(b, 3)",
    "sqrt(a * a + b * b)", with OpenCL's math functions (fmax, exp, fabs, ...). Each
    parameter is an Array (or an ndarray, pushed), read pixel by pixel as float, or a
    number. Array shapes broadcast as in numpy; the result has the broadcast shape
    (a 1-element float32 Array when only numbers are given). Comparisons give 1 or 0.
    Returns a new float32 Array, as pyclesperanto's."""
    if not isinstance(expression, str) or not expression.strip():
        raise core.InvalidArgumentError("evaluate: expression must be a non-empty str, got %r" % (expression,))
    if any(c in expression for c in ";{}#"):
        raise core.InvalidArgumentError("evaluate: expression must be one expression (no ; { } #), got %r"
                                        % expression)
    if not isinstance(parameters, dict):
        raise core.InvalidArgumentError("evaluate: parameters must be a dict of names to Arrays or numbers, got %s"
                                        % type(parameters).__name__)
    device = next((v.device for v in parameters.values() if isinstance(v, Array)), None) or current_device()
    arrays, numbers_ = {}, {}
    for name, value in parameters.items():
        if not isinstance(name, str) or not _NAME.match(name) or name.startswith("cle_") or keyword.iskeyword(name):
            raise core.InvalidArgumentError("evaluate: parameter name %r is not an identifier (or starts with cle_)"
                                            % (name,))
        if isinstance(value, Array):
            arrays[name] = value
        elif isinstance(value, (numpy.ndarray, list, tuple)):
            arrays[name] = core_push(value, device)
        elif isinstance(value, (bool, numpy.bool_, numbers.Real)):
            numbers_[name] = float(value)
        else:
            raise core.InvalidArgumentError("evaluate: parameter %s must be an Array, an ndarray or a number, got %s"
                                            % (name, type(value).__name__))
    shapes = [a.shape for a in arrays.values()]
    try:
        shape = numpy.broadcast_shapes(*shapes) if shapes else (1,)
    except ValueError:
        raise ValueError("evaluate: operands could not be broadcast together with shapes %s"
                         % " ".join(_shape_text(s) for s in shapes)) from None
    out = new_array(shape, numpy.float32, device, "evaluate")
    dims = len(shape)
    padded = (1,) * (3 - dims) + tuple(shape)
    args = ["IMAGE_cle_out_TYPE cle_out"]
    body = []
    bound_arrays, bound_ints = [("cle_out", out)], []
    for i, (name, arr) in enumerate(arrays.items()):
        strides = (0,) * (3 - dims) + tuple(broadcast_strides(arr.shape, shape))
        key = "cle_a%d" % i
        args.append("IMAGE_%s_TYPE %s" % (key, key))
        args += ["int %s_s%d" % (key, k) for k in range(3)]
        bound_arrays.append((key, arr))
        bound_ints += [("%s_s%d" % (key, k), strides[k]) for k in range(3)]
        body.append("  const float %s = (float)%s[z * %s_s0 + y * %s_s1 + x * %s_s2];" % (name, key, key, key, key))
    for i, (name, value) in enumerate(numbers_.items()):
        key = "cle_n%d" % i
        args.append("float %s" % key)
        body.append("  const float %s = %s;" % (name, key))
    source = ("__kernel void cle_evaluate(%s)\n{\n"
              "  const int x = get_global_id(0), y = get_global_id(1), z = get_global_id(2);\n"
              "%s\n"
              "  cle_out[(z * get_global_size(1) + y) * get_global_size(0) + x] = (float)(%s);\n}\n"
              % (", ".join(args), "\n".join(body), expression))
    params = core.KernelParams()
    for key, arr in bound_arrays:
        params.add_array(key, arr)
    for key, value in bound_ints:
        params.add_int(key, int(value))
    for i, value in enumerate(numbers_.values()):
        params.add_float("cle_n%d" % i, value)
    core.execute_params(device, source, "cle_evaluate", params, 3, *padded)
    return out

