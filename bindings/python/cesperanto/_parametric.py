"""parametric_map with pyclesperanto 0.25.1's signature: a dict of columns and
the name of one (spec/ops/parametric_map.yaml). The generated op takes the
column itself (entry l for label l), which cle-gen can say; a dict param it
cannot, so this hand-written wrapper picks the column and calls it."""

import numpy

from . import _ops
from ._support import _fail, image as _image

_column_op = _ops.parametric_map


def parametric_map(labels, properties, output_image=None, property="label", device=None):
    """Paint every label with its value from a column of per-label measurements.

    output_image[i] = properties[property][row of label labels[i]] in float32,
    0 for the background and for labels past the column's end, as
    pyclesperanto 0.25.1. properties is the dict of columns a statistics op
    gives (statistics_of_labelled_pixels, statistics_of_background_and_
    labelled_pixels, labels_statistics): a column of max_label + 1 values has the background row
    first (entry l for label l), any other length has none (entry l - 1 for
    label l), as pyclesperanto reads it.

    Parameters
    ----------
    labels : Array or numpy.ndarray
        Label image. Dtypes: any.
    properties : dict
        Columns of per-label values, {name: sequence of numbers}.
    output_image : Array, optional
        The output; None creates it (float32, labels' shape).
    property : str, default 'label'
        The name of the column to paint.
    device : Device, optional
        Where to push numpy inputs (default: the default device); Array inputs must be on it.

    Returns
    -------
    Array
        output_image (the one given, or a new one).

    Tier 4; footprint global; categories: label measurement, map, in assistant, combine.
    Spec: spec/ops/parametric_map.yaml
    """
    if not isinstance(properties, dict):
        _fail("parametric_map: properties must be a dict of columns (a statistics op's result), got %s"
              % type(properties).__name__)
    if not isinstance(property, str) or property not in properties:
        _fail("parametric_map: property %r is not a column of properties; columns: %s"
              % (property, ", ".join(map(str, properties))))
    column = numpy.asarray(properties[property], dtype=numpy.float32).ravel()
    labels = _image(labels, "parametric_map", "labels", device)
    largest = _ops.maximum_of_all_pixels(labels)
    if not numpy.isfinite(largest) or column.size != int(largest) + 1:
        column = numpy.concatenate([numpy.zeros(1, numpy.float32), column])  # no background row: label l is l - 1
    return _column_op(labels, column, output_image, device)


parametric_map.categories = ["label measurement", "map", "in assistant", "combine"]
_ops.parametric_map = parametric_map  # cle.operations() and cle.operation("parametric_map") run this one
