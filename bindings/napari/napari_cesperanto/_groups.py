"""napari-assistant's groups of operations, as data.

napari-assistant (haesleinhuepf/napari-assistant, `_categories.py`) shows the
operations tagged `in assistant` in groups ("Remove noise", "Binarize", ...),
each defined by the spec categories an op must all have (`include`) and must
not have (`exclude`); an op can be in several groups. This is that table, the
only hand-written part of the plugin: the ops come from the spec (ops.json for
the manifest, cesperanto's registry for the widgets). The assistant's groups
that no op of the spec falls in (its "Measurement", "Mesh", "Label neighbor
filters" and "Compare label images") are left out; an `in assistant` op in no
group (binary_dilate, binary_erode: only `binary processing`, which the
assistant lists nowhere) goes to "Other", so that every one gets a widget --
every one that makes a new layer or a number (has_widget: not scatter, which
writes into an input).

Each group also names the napari menu (`napari/layers/...`) its submenu is
contributed to, and the colormap of the image layers it makes ("turbo" for the
measurement maps, as the assistant shows them).

This module imports nothing but the standard library: the build runs it to
write napari.yaml.
"""

from collections import namedtuple

Group = namedtuple("Group", "name include exclude menu colormap")

ASSISTANT = "in assistant"

GROUPS = (
    Group("Remove noise", ("filter", "denoise"), ("combine",), "napari/layers/filter", "gray"),
    Group("Remove background", ("filter", "background removal"), ("combine",), "napari/layers/filter", "gray"),
    Group("Filter", ("filter",), ("combine", "denoise", "background removal", "binary processing"),
          "napari/layers/filter", "gray"),
    Group("Combine", ("combine",), ("map", "combine labels"), "napari/layers/filter", "gray"),
    Group("Transform", ("transform",), ("combine",), "napari/layers/transform", "gray"),
    Group("Projection", ("projection",), (), "napari/layers/project", "gray"),
    Group("Binarize", ("binarize",), ("combine",), "napari/layers/segment", "gray"),
    Group("Label", ("label",), (), "napari/layers/segment", "gray"),
    Group("Process labels", ("label processing",), ("combine",), "napari/layers/segment", "gray"),
    Group("Combine labels", ("label processing", "combine labels"), (), "napari/layers/segment", "gray"),
    Group("Measure labels", ("label measurement", "map"), ("combine",), "napari/layers/measure", "turbo"),
    Group("Measure labeled image", ("combine", "label measurement", "map"), ("label comparison",),
          "napari/layers/measure", "turbo"),
    Group("Label filters", ("label processing", "combine"), ("neighbor",), "napari/layers/segment", "gray"),
)
OTHER = Group("Other", (), (), "napari/layers/filter", "gray")


def in_assistant(categories):
    """Whether an op with these categories is one the assistant shows."""
    return ASSISTANT in categories


def groups_of(categories):
    """The groups an op with these categories is shown in (napari-assistant's rule: every category of
    `include`, none of `exclude`), in GROUPS order; [OTHER] for an `in assistant` op in none of them,
    [] for an op not `in assistant`."""
    if not in_assistant(categories):
        return []
    found = [g for g in GROUPS
             if all(c in categories for c in g.include) and not any(c in categories for c in g.exclude)]
    return found or [OTHER]


# What a widget shows: one new layer, or a number in its result field.
WIDGET_OUTPUTS = ("array", "scalar")


def has_widget(op):
    """Whether napari-cesperanto gives op (ops.json's form) a widget: its result is one new layer or a
    number and it writes into none of its inputs. pyclesperanto tags scatter `in assistant`, but
    scatter writes into its output_image in place: there is no new layer to show, so it has none."""
    return op["output"]["kind"] in WIDGET_OUTPUTS and not any(i.get("written") for i in op["inputs"])


def group(name):
    """A group by its name (GROUPS or OTHER); KeyError if there is none."""
    for g in GROUPS + (OTHER,):
        if g.name == name:
            return g
    raise KeyError(f"no group named {name!r}; groups: {', '.join(g.name for g in GROUPS + (OTHER,))}")


def slug(name):
    """A group's name as an identifier part ("Remove noise" -> "remove_noise")."""
    return name.lower().replace(" ", "_")
