"""labels_neighbors_statistics and statistics_of_labelled_neighbors (pyclesperanto
0.25.1): per-label measurements of each label's neighbours, composed in Python from
cesperanto's ops in the order CLIc composes them (its compute_neighbors_statistics_per_labels):
touch matrices, centroid distance matrices, their per-label reductions, the same on
the labels dilated by each radius. Each op called is a spec op with its own tests
against pyclesperanto; the composition gives pyclesperanto's dict (the same keys,
float64 columns here, one value per label 1..max, or 0..max with include_background,
whose row 0 is all 0 as pyclesperanto's)."""

import numbers

import numpy

from . import _ops
from ._support import _fail, deprecated as _deprecated
from ._transfer import pull

# the touch portions above which touch_portion_above_T_neighbor_count counts neighbours (CLIc's)
TOUCH_PORTION_THRESHOLDS = (0, 0.16, 0.2, 0.33, 0.5, 0.75)


def _ints(values, op, name):
    """A list param of whole numbers (pyclesperanto's std::vector<int>): a list of Python ints."""
    if isinstance(values, (str, bytes)) or not hasattr(values, "__iter__"):
        _fail("%s: %s must be a list of whole numbers, got %r" % (op, name, values))
    out = []
    for v in values:
        if isinstance(v, bool) or not isinstance(v, numbers.Integral):
            _fail("%s: %s must hold whole numbers, got %r" % (op, name, v))
        out.append(int(v))
    return out


def _column(array):
    return numpy.asarray(pull(array), dtype=numpy.float64).ravel()


def _drop_background(matrix, device):
    """Row and column 0 of a label matrix (the background's touches) set to 0, in place."""
    _ops.set_column(matrix, column_index=0, value=0, device=device)
    _ops.set_row(matrix, row_index=0, value=0, device=device)


def _touching(label, stats, suffix, device):
    """Touching neighbours: their count and the min/mean/max distances between centroids (and
    max / min). Returns the centroids' distance matrix (row and column 0: the background)."""
    centroids = _ops.centroids_of_labels(label, include_background=False, device=device)
    distance = _ops.generate_distance_matrix(centroids, centroids, device=device)
    touch = _ops.generate_touch_matrix(label, device=device)
    _drop_background(touch, device)
    stats["touching_neighbor_count" + suffix] = _column(
        _ops.count_touching_neighbors(touch, ignore_background=True, device=device))
    smallest = _column(_ops.minimum_distance_touching_neighbors(distance, touch, device=device))
    stats["minimum_distance_of_touching_neighbors" + suffix] = smallest
    stats["average_distance_of_touching_neighbors" + suffix] = _column(
        _ops.mean_distance_touching_neighbors(distance, touch, device=device))
    largest = _column(_ops.maximum_distance_touching_neighbors(distance, touch, device=device))
    stats["maximum_distance_of_touching_neighbors" + suffix] = largest
    with numpy.errstate(divide="ignore", invalid="ignore"):  # float32's division, as CLIc's
        ratio = largest.astype(numpy.float32) / smallest.astype(numpy.float32)
    stats["max_min_distance_ratio_of_touching_neighbors" + suffix] = ratio.astype(numpy.float64)
    return distance


def _touch_areas(label, stats, suffix, thresholds, device):
    """Touch counts (shared border pixels) and portions (of the label's border) per neighbour: sum,
    minimum (over the neighbours touched), maximum; the neighbour counts above each threshold."""
    count = _ops.generate_touching_area_matrix(label, device=device)
    portion = _ops.generate_partial_touching_area_matrix(label, device=device)
    for matrix in (count, portion):
        _drop_background(matrix, device)
    # 0 (no touch) set to the largest value, so that the minimum is over the neighbours touched
    count_high = _ops.replace_value(count, value_to_replace=0,
                                    value_replacement=_ops.maximum_of_all_pixels(count, device=device), device=device)
    for t in thresholds:
        within = _ops.generate_partial_touching_area_matrix_within_range(portion, min_distance=t, max_distance=1.1,
                                                                         device=device)
        stats["touch_portion_above_%f_neighbor_count" % t] = _column(
            _ops.count_touching_neighbors(within, ignore_background=True, device=device))
    finite = _ops.nan_to_num(portion, device=device)
    portion_high = _ops.replace_value(finite, value_to_replace=0,
                                      value_replacement=_ops.maximum_of_all_pixels(finite, device=device),
                                      device=device)
    stats["touch_count_sum" + suffix] = _column(_ops.sum_y_projection(count, device=device))
    stats["minimum_touch_count" + suffix] = _column(_ops.minimum_y_projection(count_high, device=device))
    stats["maximum_touch_count" + suffix] = _column(_ops.maximum_y_projection(count, device=device))
    stats["minimum_touch_portion" + suffix] = _column(_ops.minimum_y_projection(portion_high, device=device))
    stats["maximum_touch_portion" + suffix] = _column(_ops.maximum_y_projection(portion, device=device))


def _statistics(op, label, proximal_distances, nearest_neighbor_ns, dilation_radii, include_background, device):
    proximal_distances = _ints(proximal_distances, op, "proximal_distances")
    nearest_neighbor_ns = _ints(nearest_neighbor_ns, op, "nearest_neighbor_ns")
    dilation_radii = _ints(dilation_radii, op, "dilation_radii")
    label = _ops.copy(label, device=device)  # pushed once (an ndarray), the caller's Array left alone
    rows = int(_ops.maximum_of_all_pixels(label, device=device)) + 1
    stats = {"label": numpy.arange(rows, dtype=numpy.float64)}
    distance = _touching(label, stats, "", device)
    for d in proximal_distances:
        proximal = _ops.generate_proximal_neighbors_matrix(distance, min_distance=0, max_distance=d, device=device)
        stats["proximal_neighbor_count_d%d" % d] = _column(
            _ops.count_touching_neighbors(proximal, ignore_background=True, device=device))
    # each label's distance to itself set past every other, so that it is never among the nearest
    far = _ops.copy(distance, device=device)
    _ops.set_where_x_equals_y(far, value=_ops.maximum_of_all_pixels(distance, device=device) + 1, device=device)
    for n in nearest_neighbor_ns:
        stats["maximum_distance_of_n%d_nearest_neighbors" % n] = _column(
            _ops.maximum_distance_n_nearest_neighbors(far, n=n, device=device))
        stats["average_distance_of_n%d_nearest_neighbors" % n] = _column(
            _ops.mean_distance_n_nearest_neighbors(far, n=n, device=device))
    stats["distance_to_most_distant_other"] = _column(_ops.mean_distance_n_farthest_neighbors(far, n=1, device=device))
    _touch_areas(label, stats, "", TOUCH_PORTION_THRESHOLDS, device)
    stats["standard_deviation_touch_portion"] = _column(
        _ops.standard_deviation_partial_touching_area_matrix(label, device=device))
    for r in dilation_radii:
        dilated = _ops.dilate_labels(label, radius=r, device=device)
        _touching(dilated, stats, "_dilated_r_%d" % r, device)
        _touch_areas(dilated, stats, "_dilated_r_%d" % r, (), device)
    # an image without labels: the ops' vectors still have 2 entries (a 1 x 1 point list), one row kept
    stats = {name: column[:rows] for name, column in stats.items()}
    if include_background:  # the background's row kept, all 0
        for column in stats.values():
            column[0] = 0
        return stats
    return {name: column[1:].copy() for name, column in stats.items()}


def labels_neighbors_statistics(label, proximal_distances=[10, 20, 40, 80, 160],  # noqa: B006 (pyclesperanto's)
                                nearest_neighbor_ns=[1, 2, 3, 4, 5, 6, 7, 8, 10, 20], dilation_radii=[5, 10],
                                include_background=False, device=None):
    """Measurements of every label's neighbours, as pyclesperanto 0.25.1's dict.

    One value per label 1..max (0..max with include_background, whose row is all
    0), columns: label; touching_neighbor_count; minimum_, average_ and
    maximum_distance_of_touching_neighbors (between centroids, touching
    neighbours only) and max_min_distance_ratio_of_touching_neighbors;
    proximal_neighbor_count_dD (labels whose centroid is at most D away) for each
    D of proximal_distances; maximum_ and average_distance_of_nN_nearest_neighbors
    for each N of nearest_neighbor_ns; distance_to_most_distant_other;
    touch_portion_above_T_neighbor_count (neighbours sharing more than T of the
    label's border, T printed with 6 decimals) for T 0, 0.16, 0.2, 0.33, 0.5,
    0.75; touch_count_sum, minimum_ and maximum_touch_count (shared border
    pixels), minimum_ and maximum_touch_portion; standard_deviation_touch_portion;
    and for each radius R of dilation_radii, on the labels dilated by R, the
    touching-neighbour columns and the touch count/portion columns with the
    suffix _dilated_r_R. Composed of cesperanto's ops as CLIc composes them;
    distances in pixels (an isotropic image is assumed). The values are float64
    numpy arrays of the ops' float32 results.

    Parameters
    ----------
    label : Array or numpy.ndarray
        Label image.
    proximal_distances : list of int
        Distances within which neighbours are counted.
    nearest_neighbor_ns : list of int
        Numbers of nearest neighbours whose distances are measured.
    dilation_radii : list of int
        Radii by which the labels are dilated for the dilated measurements.
    include_background : bool
        Keep the background's row (label 0, all 0).
    device : Device, optional
        Device to run on.

    Returns
    -------
    dict
        {column name: numpy float64 array}.
    """
    return _statistics("labels_neighbors_statistics", label, proximal_distances, nearest_neighbor_ns, dilation_radii,
                       bool(include_background), device)


def statistics_of_labelled_neighbors(label, proximal_distances=[10, 20, 40, 80, 160],  # noqa: B006 (pyclesperanto's)
                                     nearest_neighbor_ns=[1, 2, 3, 4, 5, 6, 7, 8, 10, 20], dilation_radii=[5, 10],
                                     device=None):
    """Deprecated (as in pyclesperanto 0.25.1): labels_neighbors_statistics without the background row."""
    _deprecated("statistics_of_labelled_neighbors", "labels_neighbors_statistics")
    return _statistics("statistics_of_labelled_neighbors", label, proximal_distances, nearest_neighbor_ns,
                       dilation_radii, False, device)
