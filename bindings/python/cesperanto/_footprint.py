"""The spec's footprint (spec/README.md, "footprint") evaluated at a call's params: the halo an
op reads around each output pixel, per axis. cesperanto.dask overlaps its chunks by it, and
bindings/python/tests/test_footprints.py checks it against what each op really reads.

A footprint is the word "global" or three texts, for the axes x, y, z: "global" (the axis is
needed whole) or an expression of the op's int/float/bool params with numbers, + - * /,
parentheses and ceil floor round abs min max sqrt sind cosd."""

import math


def c_round(v):
    """C's round(): halves away from zero (Python's round() takes them to even)."""
    return math.floor(v + 0.5) if v >= 0 else -math.floor(-v + 0.5)


FUNCTIONS = {"floor": math.floor, "ceil": math.ceil, "round": c_round, "abs": abs, "min": min, "max": max,
             "sqrt": math.sqrt, "sind": lambda a: math.sin(math.radians(a)),
             "cosd": lambda a: math.cos(math.radians(a))}


def evaluate(text, params):
    """One footprint entry at params (a dict of the op's params by name): an int >= 0, or None
    for "global". A fractional value is rounded up: the halo must cover what the op reads."""
    text = str(text).strip()
    if text == "global":
        return None
    value = eval(text, {"__builtins__": {}}, {**FUNCTIONS, **params})  # noqa: S307 (the spec's own texts)
    return max(0, int(math.ceil(value)))


def halo(footprint, params, ndim=3):
    """The halo per numpy axis (the last ndim of z, y, x) of a footprint (the registry's or
    ops.json's: "global", or the texts for x, y, z) at params. Entries are ints, or None where
    that axis is needed whole; a footprint of "global" gives None for every axis."""
    if isinstance(footprint, str) or footprint is None:
        return [None] * ndim
    zyx = [evaluate(text, params) for text in footprint][::-1]
    return zyx[3 - ndim:]


__all__ = ["c_round", "evaluate", "halo"]
