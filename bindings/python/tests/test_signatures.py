"""Every op's Python signature is the spec's: names, order, types and defaults
as ops.json says, with the one rule every language follows: a default can be
left out only if every param after it has one; the output defaults to None
then; and device=None last, as in pyclesperanto. Aliases have their op's
signature and warn when deprecated."""

import inspect
import math

import cesperanto as cle
from cesperanto import _ops

PY_TYPES = {"float": float, "int": int, "bool": bool, "string": str, "float_list": list}


def expected_default(param):
    value = param["default"]
    if param.get("optional"):
        return None  # an optional param: None (ops.json holds CLE_NONE or [], what C takes for it)
    if param["type"] == "float":
        return float(value)  # "nan", "inf" and numbers alike
    if param["type"] == "int":
        return int(value)
    if param["type"] == "bool":
        return bool(value)
    return value


def optional_from(params):
    first = len(params)
    while first > 0 and params[first - 1].get("default") is not None:
        first -= 1
    return first


def same(a, b):
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b):
        return True
    return type(a) is type(b) and a == b


def test_every_op_is_a_function_and_nothing_else(ops_json):
    assert sorted(op["name"] for op in ops_json) == sorted(_ops.__all__)
    for op in ops_json:
        assert callable(getattr(cle, op["name"]))
    aliases = sorted(a["name"] for op in ops_json for a in op["aliases"])
    assert aliases == sorted(_ops.__aliases__)


def test_aliases_share_their_op_signature_and_deprecated_ones_say_so(ops_json):
    for op in ops_json:
        target = getattr(cle, op["name"])
        for alias in op["aliases"]:
            fn = getattr(cle, alias["name"])
            assert inspect.signature(fn) == inspect.signature(target), alias["name"]
            assert ("Deprecated alias of %s" % op["name"]) in fn.__doc__ if alias["deprecated"] else True


# Ops whose Python function is a hand-written wrapper of the generated one, and the parameters it has instead
# of the spec's (pyclesperanto's, which the spec cannot say): test_upstream_signatures checks them.
HAND_WRITTEN = {"parametric_map": ["labels", "properties", "output_image", "property", "device"]}


def test_hand_written_wrappers():
    from cesperanto import _ops
    for name, names in HAND_WRITTEN.items():
        assert list(inspect.signature(getattr(cle, name)).parameters) == names
        assert getattr(_ops, name) is getattr(cle, name)  # operations() runs the wrapper too


def test_signatures_match_ops_json(ops_json):
    problems = []
    for op in ops_json:
        if op["name"] in HAND_WRITTEN:
            continue
        sig = inspect.signature(getattr(cle, op["name"]))
        params = list(sig.parameters.values())
        names = [p.name for p in params]
        expected = [i["name"] for i in op["inputs"]]
        # a vector given back as a list (returns: list) takes no output, as in pyclesperanto
        takes_dst = op["output"]["kind"] == "array" and op["output"]["returns"] != "list"
        # an op without inputs takes its output after the params (pyclesperanto's creators take none)
        dst_last = not op["inputs"]
        if takes_dst and not dst_last:
            expected.append(op["output"]["name"])
        expected += [o["name"] for o in op["outputs"]]  # several outputs (kind arrays): each one, as dst
        expected += [p["name"] for p in op["params"]]
        expected += [a for p in op["params"] for a in p.get("aliases", [])]  # deprecated keywords
        if takes_dst and dst_last:
            expected.append(op["output"]["name"])
        expected.append("device")
        if names != expected:
            problems.append("%s: parameters %s, spec %s" % (op["name"], names, expected))
            continue
        first_optional = optional_from(op["params"])
        by_name = {p.name: p for p in params}
        for i in op["inputs"]:
            default = by_name[i["name"]].default
            if i["optional"] and default is not None:  # spec: optional -- pyclesperanto's Optional[Image] = None
                problems.append("%s: optional input %s must default to None, got %r" % (op["name"], i["name"], default))
            elif not i["optional"] and default is not inspect.Parameter.empty:
                problems.append("%s: input %s has a default" % (op["name"], i["name"]))
        for o in op["outputs"]:
            want = None if first_optional == 0 else inspect.Parameter.empty
            if by_name[o["name"]].default is not want:
                problems.append("%s: output %s default %r, expected %r" % (op["name"], o["name"],
                                                                           by_name[o["name"]].default, want))
        if takes_dst:
            dst = by_name[op["output"]["name"]]
            want = None if first_optional == 0 else inspect.Parameter.empty
            if dst.default is not want:
                problems.append("%s: dst default %r, expected %r" % (op["name"], dst.default, want))
        for index, p in enumerate(op["params"]):
            got = by_name[p["name"]].default
            if index < first_optional:
                if got is not inspect.Parameter.empty:
                    problems.append("%s: %s has default %r, spec none" % (op["name"], p["name"], got))
                continue
            want = expected_default(p)
            if not same(got, want):
                problems.append("%s: %s default %r, spec %r" % (op["name"], p["name"], got, want))
            if not isinstance(got, PY_TYPES[p["type"]]) and not (p.get("optional") and got is None):
                problems.append("%s: %s default is a %s, spec type %s" % (op["name"], p["name"], type(got).__name__, p["type"]))
        if by_name["device"].default is not None:
            problems.append("%s: device default %r, expected None" % (op["name"], by_name["device"].default))
        if any(p.kind is not inspect.Parameter.POSITIONAL_OR_KEYWORD for p in params):
            problems.append("%s: every parameter must be positional-or-keyword" % op["name"])
    assert not problems, "\n".join(problems)


def test_docstrings_come_from_the_spec(ops_json):
    for op in ops_json:
        doc = getattr(cle, op["name"]).__doc__
        assert doc.startswith(op["brief"])
        for p in op["params"]:
            assert p["name"] + " : " in doc
            assert p["doc"].split("\n")[0][:40] in doc


def test_registry_matches_ops_json(ops_json):
    registry = {op.name: op for op in cle.operations().values()}  # name -> callable Operation (pyclesperanto's dict)
    assert sorted(registry) == sorted(op["name"] for op in ops_json)
    for op in ops_json:
        got = registry[op["name"]]
        assert got.tier == op["tier"]
        assert list(got.categories) == op["categories"]
        assert [i.name for i in got.inputs] == [i["name"] for i in op["inputs"]]
        assert [list(i.dtypes) for i in got.inputs] == [i["dtypes"] for i in op["inputs"]]
        assert got.output_kind == op["output"]["kind"]
        assert [p.name for p in got.params] == [p["name"] for p in op["params"]]
        for mine, spec in zip(got.params, op["params"]):
            assert mine.type == spec["type"]
            assert mine.has_default == (spec["default"] is not None)
            if mine.has_default:
                assert same(mine.default, expected_default(spec))
            assert list(mine.choices) == (spec["choices"] or [])
        assert got.function is getattr(cle, op["name"])
    assert all("filter" in op.categories for op in cle.operations(category="filter"))
    assert cle.operation("gaussian_blur").name == "gaussian_blur"
