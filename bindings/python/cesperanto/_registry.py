"""The op registry as Python data, for tools that build menus or forms
(napari plugins, notebooks) without knowing the ops in advance."""

from dataclasses import dataclass
from typing import Optional, Tuple

from . import cesperanto_core as core
from ._support import DTYPES


@dataclass(frozen=True)
class Input:
    name: str
    doc: str
    dtypes: Tuple[str, ...]
    written: bool = False  # the op writes into it too (a flag): pass an Array, not a numpy array


@dataclass(frozen=True)
class Parameter:
    name: str
    type: str  # "float", "int", "bool" or "string"
    doc: str
    has_default: bool
    default: object  # typed: float, int, bool or str; None when has_default is False
    min: Optional[float]
    max: Optional[float]
    choices: Tuple[str, ...]


@dataclass(frozen=True)
class Operation:
    name: str
    tier: int
    brief: str
    description: str
    categories: Tuple[str, ...]
    inputs: Tuple[Input, ...]
    output_kind: str  # "array", "scalar", "inplace", "table" or "arrays" (several outputs)
    output_name: str  # None for "arrays": see outputs
    output_creator: str
    params: Tuple[Parameter, ...]
    footprint: Optional[Tuple[str, str, str]]  # None when the op needs the whole image
    outputs: Tuple[str, ...] = ()  # "arrays": the outputs' names, in the signature's order

    @property
    def function(self):
        """The cesperanto function that runs this op."""
        from . import _ops
        return getattr(_ops, self.name)

    # An Operation is also the op's function, as pyclesperanto's operations() gives functions:
    # call it, read its __name__, its signature (inspect follows __wrapped__) and its __doc__.
    def __call__(self, *args, **kwargs):
        return self.function(*args, **kwargs)

    @property
    def __wrapped__(self):
        return self.function

    @property
    def __name__(self):
        return self.name

    def __post_init__(self):
        object.__setattr__(self, "__doc__", self.function.__doc__)


def _default(desc):
    if not desc.has_default():
        return None
    kind = desc.type_name()
    if kind == "string":
        return desc.default_text()
    number = desc.default_number()
    if kind == "float":
        return float(number)
    if kind == "int":
        return None if desc.default_text() == "None" else int(number)  # an optional int's None is CLE_NONE in C
    if kind == "float_list":
        return None  # the only default a float list has: None (NULL in C)
    return bool(number)


def _parameter(desc):
    return Parameter(
        name=desc.name(),
        type=desc.type_name(),
        doc=desc.doc(),
        has_default=bool(desc.has_default()),
        default=_default(desc),
        min=desc.min() if desc.has_min() else None,
        max=desc.max() if desc.has_max() else None,
        choices=tuple(desc.choice(i) for i in range(desc.choice_count())),
    )


def _input(desc):
    accepted = tuple(name for name in DTYPES if desc.accepts(core.dtype_parse(name)))
    return Input(name=desc.name(), doc=desc.doc(), dtypes=accepted, written=desc.written())


def _operation(desc):
    return Operation(
        name=desc.name(),
        tier=desc.tier(),
        brief=desc.brief(),
        description=desc.description(),
        categories=tuple(desc.category(i) for i in range(desc.category_count())),
        inputs=tuple(_input(desc.input(i)) for i in range(desc.input_count())),
        output_kind=desc.output_kind(),
        output_name=desc.output_name(),
        output_creator=desc.output_creator() or "",
        params=tuple(_parameter(desc.param(i)) for i in range(desc.param_count())),
        footprint=None if desc.footprint_global() else tuple(desc.footprint(a) for a in range(3)),
        outputs=tuple(desc.output_name_at(i) for i in range(desc.output_count())),
    )


def all_operations():
    """Every operation of the library (Operation records), in name order."""
    return [_operation(core.op_info(i)) for i in range(core.op_count())]


def operations(must_have_categories=None, must_not_have_categories=None, category=None):
    """The operations as pyclesperanto 0.25.1 gives them: a dict of name -> callable (an Operation, which
    runs the op and carries its spec: categories, params, ...), in name order.

    must_have_categories: keep the ops that have every one of these categories (a str or a list);
    must_not_have_categories: drop the ops that have any of them.
    category=NAME is cesperanto's former form: a list of the Operations of that category."""
    ops = all_operations()
    if category is not None:
        return [op for op in ops if category in op.categories]
    if isinstance(must_have_categories, str):
        must_have_categories = [must_have_categories]
    if isinstance(must_not_have_categories, str):
        must_not_have_categories = [must_not_have_categories]
    result = {}
    for op in ops:
        if must_have_categories is not None and not all(c in op.categories for c in must_have_categories):
            continue
        if must_not_have_categories is not None and any(c in op.categories for c in must_not_have_categories):
            continue
        result[op.name] = op
    return result


def categories():
    """Every category an operation has (sorted), as pyclesperanto's categories()."""
    return sorted({c for op in all_operations() for c in op.categories})


def operation(name):
    """One operation by name; raises InvalidArgumentError if there is none."""
    return _operation(core.op_find(name))


__all__ = ["Input", "Parameter", "Operation", "operations", "operation", "all_operations", "categories"]
