"""One magicgui widget per cesperanto op, built from the op's spec at run time.

The spec reaches this module through cesperanto's registry (`cesperanto.operation(name)`: the
same data as ops.json, compiled into the library the plugin runs), so nothing here is written per
op: `make_widget("gaussian_blur")` gives a FunctionGui with one layer chooser per image input and
one field per param (its type, default, [min, max] and choices from the spec, its doc as tooltip);
running it calls the op on the layers' pixels and adds the result to the viewer as a new layer
(named "OP of LAYER"; running again replaces it). The npe2 manifest's widget commands point at
`napari_cesperanto._widgets:OP`, which this module's `__getattr__` answers with the op's factory.

Params: float -> FloatSpinBox (unbounded sides at -/+1e9), or a text field when the default is not
finite (clip's NaN: "nan" means no bound); int -> SpinBox (unbounded sides at the C int's range); an
optional int (range's start/stop/step) -> a text field, empty for None; bool -> CheckBox; string ->
ComboBox of the choices; float_list -> a text field of numbers separated by spaces or commas, empty
for None. A bad value is reported naming op, param and value (by the op's own checks, or by the
text field's reading).

Output layers: a Labels layer for the label and binary creators (`labels(IN)`, `binary(IN)`) and for
an integer result that keeps the dtype of a Labels layer it was computed from (a projection of
labels, relabel_sequential); otherwise an Image layer ("turbo" colormap for the maps, as
napari-assistant shows them). The layer takes the input layer's scale and translation where the
result has the input's shape (or its trailing axes: the z projections). Scalar ops (mean_squared_error)
show their value in the widget's result field. Layers must be 1D to 3D (cesperanto's images).
"""

import inspect
import math
import re

import numpy as np

_FLOAT_LIMIT = 1e9
_INT_LIMIT = 2147483647  # C int; INT_MIN is CLE_NONE (an optional int's None)
_DTYPE_WORDS = {"int8", "uint8", "int16", "uint16", "int32", "uint32", "float32", "widened", "promoted"}
from ._groups import WIDGET_OUTPUTS as _SUPPORTED_OUTPUTS  # noqa: E402


def _fail(message):
    import cesperanto
    raise cesperanto.InvalidArgumentError(message)


def _split_args(text):
    """The top-level comma-separated arguments of a creator rule's argument text."""
    args, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "," and depth == 0:
            args.append(text[start:i].strip())
            start = i + 1
    args.append(text[start:].strip())
    return [a for a in args if a]


def _creator(op):
    """(rule, the input it is sized from or None, whether it names a dtype) of the op's output creator."""
    m = re.match(r"\s*(\w+)\s*\((.*)\)\s*$", op.output_creator or "", re.S)
    if not m:
        return op.output_creator or "", None, False
    args = _split_args(m.group(2))
    source = args[0] if args and args[0] in {i.name for i in op.inputs} else None
    names_dtype = any(a.split()[0] in _DTYPE_WORDS for a in args[1:] if a.split())
    return m.group(1), source, names_dtype


def _text_number(op, name, text, kind):
    text = str(text).strip()
    if text == "" and kind in ("optional int", "list"):
        return None
    try:
        if kind == "optional int":
            return int(text)
        if kind == "list":
            return [float(v) for v in re.split(r"[\s,;]+", text.strip("[]() ")) if v]
        return float(text)
    except ValueError:
        what = {"optional int": "an integer or empty (None)", "list": "numbers separated by spaces or commas",
                "float": "a number (nan and inf allowed)"}[kind]
        _fail(f"{op}: {name} must be {what}, got {text!r}")


def _param_field(op, p):
    """(annotation, default, magicgui options, text kind or None) of one param."""
    tip = p.doc
    if p.type == "bool":
        return bool, bool(p.default) if p.has_default else False, {"tooltip": tip}, None
    if p.type == "string":
        default = p.default if p.has_default else p.choices[0]
        return str, default, {"choices": list(p.choices), "tooltip": tip}, None
    if p.type == "float_list":
        tip += " Numbers separated by spaces or commas" + ("; empty: None." if p.has_default else ".")
        return str, "", {"tooltip": tip}, "list"
    if p.type == "int":
        if p.has_default and p.default is None:  # an optional int: None is its default
            return str, "", {"tooltip": tip + " Empty: None."}, "optional int"
        lo = int(p.min) if p.min is not None else -_INT_LIMIT
        hi = int(p.max) if p.max is not None else _INT_LIMIT
        default = int(p.default) if p.has_default else max(lo, min(hi, 0))
        return int, default, {"min": lo, "max": hi, "tooltip": tip}, None
    if p.type == "float":
        if p.has_default and not math.isfinite(p.default):
            return str, repr(float(p.default)), {"tooltip": tip + " A number; nan and inf allowed."}, "float"
        lo = float(p.min) if p.min is not None else -_FLOAT_LIMIT
        hi = float(p.max) if p.max is not None else _FLOAT_LIMIT
        default = float(p.default) if p.has_default else max(lo, min(hi, 0.0))
        return float, default, {"min": lo, "max": hi, "tooltip": tip}, None
    raise TypeError(f"{op}: param {p.name} has type {p.type}, which no widget field takes")


def _layer_pixels(op, name, layer):
    from napari.layers import Layer
    if not isinstance(layer, Layer):
        _fail(f"{op}: {name} must be a napari layer, got {type(layer).__name__}")
    if getattr(layer, "multiscale", False):
        _fail(f"{op}: {name} (layer {layer.name!r}) is multiscale; use a single-scale layer")
    if getattr(layer, "rgb", False):
        _fail(f"{op}: {name} (layer {layer.name!r}) is RGB; cesperanto takes one channel")
    data = np.asarray(layer.data)
    if data.dtype.kind not in "biuf":
        _fail(f"{op}: {name} (layer {layer.name!r}) holds {data.dtype} data, not pixels")
    if not 1 <= data.ndim <= 3:
        _fail(f"{op}: {name} (layer {layer.name!r}) has {data.ndim} dimensions; cesperanto ops take 1D to 3D")
    return data


def _layer_meta(op, layers, data, name):
    """The new layer's (type, meta) for one result."""
    from napari.layers import Labels
    rule, source, names_dtype = _creator(op)
    first = layers[0] if layers else None
    from_layer = layers[[i.name for i in op.inputs].index(source)] if source else first
    meta = {"name": name}
    if from_layer is not None:
        shape = np.shape(from_layer.data)
        if data.shape == tuple(shape) or (data.ndim < len(shape) and data.shape == tuple(shape[-data.ndim:])):
            meta["scale"] = tuple(from_layer.scale[-data.ndim:])
            meta["translate"] = tuple(from_layer.translate[-data.ndim:])
    labels = rule in ("labels", "binary") or (
        "map" not in op.categories and not names_dtype and isinstance(from_layer, Labels)
        and data.dtype.kind in "iu")
    if labels:
        return "labels", meta
    meta["colormap"] = "turbo" if "map" in op.categories else "gray"
    return "image", meta


def _function(op):
    """The function magicgui wraps: the op's inputs as layers, its params as typed values."""
    from napari.layers import Layer
    from napari.types import LayerDataTuple

    params, options, text_kinds = [], {}, {}
    for inp in op.inputs:
        params.append(inspect.Parameter(inp.name, inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=Layer))
        options[inp.name] = {"tooltip": inp.doc}
    for p in op.params:
        annotation, default, opts, text_kind = _param_field(op.name, p)
        params.append(inspect.Parameter(p.name, inspect.Parameter.POSITIONAL_OR_KEYWORD,
                                        annotation=annotation, default=default))
        options[p.name] = opts
        if text_kind:
            text_kinds[p.name] = text_kind
    returns = float if op.output_kind == "scalar" else LayerDataTuple
    signature = inspect.Signature(params, return_annotation=returns)

    def run(*args, **kwargs):
        values = signature.bind(*args, **kwargs)
        values.apply_defaults()
        values = dict(values.arguments)
        layers = [values[i.name] for i in op.inputs]
        call = {}
        for inp, layer in zip(op.inputs, layers):
            call[inp.name] = _layer_pixels(op.name, inp.name, layer)
        for p in op.params:
            value = values[p.name]
            if p.name in text_kinds:
                value = _text_number(op.name, p.name, value, text_kinds[p.name])
                if value is None and not p.has_default:
                    _fail(f"{op.name}: {p.name} needs a value")
            call[p.name] = value
        result = op.function(**call)
        if op.output_kind == "scalar":
            return float(result)
        data = np.asarray(result)
        kind, meta = _layer_meta(op, layers, data, f"{op.name} of {layers[0].name}" if layers else op.name)
        return (data, meta, kind)

    run.__signature__ = signature
    run.__name__ = run.__qualname__ = op.name
    run.__doc__ = op.brief
    run.__module__ = __name__
    return run, options


def make_widget(name):
    """The magicgui FunctionGui of op `name`: any op whose output is one image or a number (the
    `in assistant` ops all are; several images, tables and written inputs are refused by name). Its
    inputs are chosen among the viewer's layers."""
    import cesperanto
    from magicgui import magicgui

    op = cesperanto.operation(name)
    if op.output_kind not in _SUPPORTED_OUTPUTS:
        what = {"arrays": "several images", "inplace": "written into an input in place"}.get(
            op.output_kind, f"a {op.output_kind}")
        _fail(f"{name}: its output is {what}, which napari-cesperanto shows no widget for")
    if any(i.written for i in op.inputs):
        _fail(f"{name}: it writes into an input, which napari-cesperanto shows no widget for")
    function, options = _function(op)
    gui = magicgui(function, call_button="Run", result_widget=op.output_kind == "scalar", **options)
    gui.tooltip = f"{op.name}: {op.brief}"
    return gui


_FACTORIES = {}


def __getattr__(name):
    """`napari_cesperanto._widgets:OP` (the manifest's python_name): a function that returns OP's
    widget. napari calls it with no argument when the widget is opened."""
    if name.startswith("__") or not re.fullmatch(r"[a-z][a-z0-9_]*", name):
        raise AttributeError(name)
    if name not in _FACTORIES:
        import cesperanto
        try:
            cesperanto.operation(name)
        except cesperanto.Error:
            raise AttributeError(f"module {__name__!r} has no attribute {name!r} (cesperanto has no op "
                                 f"{name!r})") from None

        def factory():
            return make_widget(name)

        factory.__name__ = factory.__qualname__ = name
        factory.__doc__ = f"The widget of cesperanto's {name}."
        _FACTORIES[name] = factory
    return _FACTORIES[name]


__all__ = ["make_widget"]
