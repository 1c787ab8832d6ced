"""pyclesperanto_prototype's API over cesperanto's ops (the older package most published notebooks use).

Two tables, checked against pyclesperanto_prototype 0.24.5 itself by tests/test_prototype_compat.py:

KEYWORDS: for the ops (and aliases) cesperanto has under the prototype's name, the prototype's
keyword names that differ ("source:input_image destination:output_image"): a call with such a
keyword warns (DeprecationWarning) and passes the value on under the op's name. Positional calls
need nothing: the positions are the same (exclude_labels aside: the prototype takes the flag list
first, cesperanto and pyclesperanto 0.25.1 the label image; its keywords still map).

RENAMED: the prototype's names that are no op or alias of the spec (those that are plain other
names of an op are spec aliases: cbrt, threshold, label_to_mask, ...), each a call of one op with
fixed arguments, or with its parameters in another order: NAME: (OP, "TOKENS", FIXED). TOKENS are
the function's parameters in order, "name" (the op's too) or "name:param" (the op's parameter
param), with "=DEFAULT" where the default differs from the op's; the names and defaults are
pyclesperanto 0.25.1's where it has the function (mean_box, maximum_sphere, ...), else the
prototype's, whose other keyword names KEYWORDS adds. FIXED: the op's params the name fixes
(maximum_sphere is maximum_filter with connectivity="sphere"). Calling one warns
(DeprecationWarning) with the op to use. A name that becomes an op or alias of the spec takes
precedence (the spec's function is kept).
"""

import ast
import functools
import inspect
import os
import re
import sys
import warnings

import numpy

from ._support import _PACKAGE_DIR, user_stacklevel as _user_stacklevel

# pyclesperanto_prototype 0.24.5's keyword names of the ops, aliases and RENAMED functions of the same name.
KEYWORDS = {
    "absolute": "source:input_image destination:output_image",
    "absolute_difference": "source1:input_image0 source2:input_image1 destination:output_image",
    "add_image_and_scalar": "source:input_image destination:output_image",
    "add_images": "summand1:input_image0 summand2:input_image1 destination:output_image",
    "add_images_weighted": "summand1:input_image0 summand2:input_image1 destination:output_image",
    "affine_transform": "source:input_image destination:output_image",
    "array_equal": "source1:input_image0 source2:input_image1",
    "array_equiv": "source1:input_image0 source2:input_image1",
    "binary_and": "operand1:input_image0 operand2:input_image1 destination:output_image",
    "binary_edge_detection": "source:input_image destination:output_image",
    "binary_intersection": "operand1:input_image0 operand2:input_image1 destination:output_image",
    "binary_not": "source:input_image destination:output_image",
    "binary_or": "operand1:input_image0 operand2:input_image1 destination:output_image",
    "binary_subtract": "minuend:input_image0 subtrahend:input_image1 destination:output_image",
    "binary_union": "operand1:input_image0 operand2:input_image1 destination:output_image",
    "binary_xor": "operand1:input_image0 operand2:input_image1 destination:output_image",
    "block_enumerate": "src:input_image0 src_sums:input_image1 dst:output_image",
    "bottom_hat_box": "source:input_image destination:output_image",
    "bottom_hat_sphere": "source:input_image destination:output_image",
    "bounding_box": "source:input_image",
    "cbrt": "source:input_image destination:output_image",
    "center_of_mass": "source:input_image",
    "centroids_of_labels": "labels:label_image pointlist_destination:centroids_coordinates",
    "clip": "source:input_image destination:output_image a_min:min_intensity a_max:max_intensity",
    "close_index_gaps_in_label_map": "source:input_image output:output_image",
    "closing_labels": "labels_input:input_image labels_destination:output_image",
    "combine_labels": "labels_input1:input_image0 labels_input2:input_image1 labels_destination:output_image",
    "convolve": "source:input_image0 convolution_kernel:input_image1 destination:output_image",
    "copy": "source:input_image destination:output_image",
    "copy_horizontal_slice": "source:input_image destination:output_image",
    "copy_slice": "source:input_image destination:output_image",
    "copy_vertical_slice": "source:input_image destination:output_image",
    "crop": "source:input_image output:output_image",
    "crop_border": "destination_image:output_image",
    "cubic_root": "source:input_image destination:output_image",
    "degrees_to_radians": "source:input_image destination:output_image",
    "deskew_x": "angle_in_degrees:angle",
    "deskew_y": "angle_in_degrees:angle",
    "detect_label_edges": "label_source:input_image binary_destination:output_image",
    "detect_maxima_box": "source:input_image destination:output_image",
    "detect_minima_box": "source:input_image destination:output_image",
    "difference_of_gaussian": "source:input_image destination:output_image",
    "dilate_box": "source:input_image destination:output_image",
    "dilate_labels": "labeling_source:input_image labeling_destination:output_image",
    "dilate_sphere": "source:input_image destination:output_image",
    "divide_by_gaussian_background": "source:input_image destination:output_image",
    "divide_images": "divident:input_image0 divisor:input_image1 destination:output_image",
    "divide_scalar_by_image": "source:input_image destination:output_image",
    "equal": "source1:input_image0 source2:input_image1 destination:output_image",
    "equal_constant": "source:input_image destination:output_image constant:scalar",
    "erode_box": "source:input_image destination:output_image",
    "erode_connected_labels": "labels_input:input_image labels_destination:output_image",
    "erode_labels": "labels_input:input_image labels_destination:output_image relabel_islands:relabel",
    "erode_sphere": "source:input_image destination:output_image",
    "eroded_otsu_labeling": "image:input_image labels_destination:output_image",
    "exclude_labels": "binary_flaglist:list label_map_input:input_image label_map_destination:output_image",
    "exclude_labels_on_edges": "label_map_input:input_image label_map_destination:output_image exclude_in_x:exclude_x exclude_in_y:exclude_y exclude_in_z:exclude_z exlude_in_x:exclude_x exlude_in_y:exclude_y exlude_in_z:exclude_z",
    "exclude_labels_out_of_size_range": "source:input_image destination:output_image",
    "exclude_labels_outside_size_range": "source:input_image destination:output_image",
    "exclude_labels_with_map_values_out_of_range": "label_map_destination:output_image",
    "exclude_labels_with_map_values_within_range": "label_map_destination:output_image",
    "exclude_large_labels": "source:input_image destination:output_image",
    "exclude_small_labels": "source:input_image destination:output_image",
    "exp": "source:input_image destination:output_image",
    "exponential": "source:input_image destination:output_image",
    "extend_labeling_via_voronoi": "labeling_source:input_image labeling_destination:output_image",
    "extend_labels_with_maximum_radius": "labeling_source:input_image labeling_destination:output_image",
    "extended_depth_of_focus_variance_projection": "source:input_image destination:output_image",
    "extension_ratio_map": "labels:input_image destination:output_image",
    "fabs": "source:input_image destination:output_image",
    "fill_diagonal": "source:input_image",
    "flag_existing_intensities": "label_src:input_image flag_vector_destination:output_image",
    "flag_existing_labels": "label_src:input_image flag_vector_destination:output_image",
    "flip": "source:input_image destination:output_image",
    "gamma_correction": "source:input_image target:output_image",
    "gauss_otsu_labeling": "source:input_image0 label_image_destination:output_image",
    "gaussian_blur": "source:input_image destination:output_image",
    "generate_binary_overlap_matrix": "label_map1:input_image0 label_map2:input_image1 binary_overlap_matrix_destination:output_image",
    "generate_proximal_neighbors_matrix": "distance_matrix:input_image_matrix touch_matrix_destination:output_image_matrix",
    "generate_touch_matrix": "label_map:input_image touch_matrix_destination:output_image_matrix",
    "gradient_x": "source:input_image destination:output_image",
    "gradient_y": "source:input_image destination:output_image",
    "gradient_z": "source:input_image destination:output_image",
    "greater": "source1:input_image0 source2:input_image1 destination:output_image",
    "greater_constant": "source:input_image destination:output_image constant:scalar",
    "greater_or_equal": "source1:input_image0 source2:input_image1 destination:output_image",
    "greater_or_equal_constant": "source:input_image destination:output_image constant:scalar",
    "histogram": "source:input_image destination:output_image",
    "invert": "source:input_image destination:output_image",
    "jaccard_index": "source1:input_image0 source2:input_image1",
    "label": "binary_input:input_image labeling_destination:output_image",
    "label_centroids_to_pointlist": "labels:label_image pointlist_destination:centroids_coordinates",
    "label_maximum_extension_map": "labels:input_image destination:output_image",
    "label_maximum_extension_ratio_map": "labels:input_image destination:output_image",
    "label_maximum_intensity_map": "intensity_image:input_image maximum_intensity_map:output_image",
    "label_mean_extension_map": "labels:input_image destination:output_image",
    "label_mean_intensity_map": "source:input_image label_map:labels destination:output_image",
    "label_minimum_intensity_map": "intensity_image:input_image minimum_intensity_map:output_image",
    "label_pixel_count_map": "source:input_image destination:output_image",
    "label_spots": "input_spots:input_image labelled_spots_destination:output_image",
    "label_standard_deviation_intensity_map": "intensity_image:input_image standard_deviation_intensity_map:output_image",
    "label_to_mask": "source:input_image destination:output_image constant:scalar",
    "labelled_spots_to_pointlist": "input_labelled_spots:label destination_pointlist:dspointlistt",
    "laplace_box": "source:input_image destination:output_image",
    "laplace_diamond": "source:input_image destination:output_image",
    "large_hessian_eigenvalue": "source:input_image destination:output_image",
    "local_cross_correlation": "source:input_image destination:output_image",
    "log": "source:input_image destination:output_image",
    "logarithm": "source:input_image destination:output_image",
    "logical_and": "operand1:input_image0 operand2:input_image1 destination:output_image",
    "logical_not": "source:input_image destination:output_image",
    "logical_or": "operand1:input_image0 operand2:input_image1 destination:output_image",
    "logical_xor": "operand1:input_image0 operand2:input_image1 destination:output_image",
    "map_array": "source:input_image0 new_values_vector:input_image1 destination:output_image",
    "mask": "source:input_image destination:output_image",
    "mask_label": "source:input_image0 label_map:input_image1 destination:output_image label_index:label",
    "masked_voronoi_labeling": "binary_source:input_image mask_image:mask labeling_destination:output_image",
    "maximum": "source1:input_image0 source2:input_image1 destination:output_image",
    "maximum_box": "source:input_image destination:output_image",
    "maximum_extension_map": "labels:input_image destination:output_image",
    "maximum_image_and_scalar": "source:input_image destination:output_image",
    "maximum_images": "source1:input_image0 source2:input_image1 destination:output_image",
    "maximum_intensity_map": "intensity_image:input_image maximum_intensity_map:output_image",
    "maximum_of_all_pixels": "source:input_image",
    "maximum_of_touching_neighbors": "values:vector touch_matrix:matrix maximum_values_destination:output_image",
    "maximum_of_touching_neighbors_map": "parametric_map:map label_map:labels parametric_map_destination:output_image ignore_touching_background:ignore_background",
    "maximum_position": "source:input_image",
    "maximum_sphere": "source:input_image destination:output_image",
    "maximum_x_projection": "source:input_image destination_max:output_image",
    "maximum_y_projection": "source:input_image destination_max:output_image",
    "maximum_z_projection": "source:input_image destination_max:output_image",
    "mean_box": "source:input_image destination:output_image",
    "mean_extension_map": "labels:input_image destination:output_image",
    "mean_intensity_map": "source:input_image label_map:labels destination:output_image",
    "mean_of_all_pixels": "source:input_image",
    "mean_of_touching_neighbors": "values:vector touch_matrix:matrix mean_values_destination:output_image",
    "mean_of_touching_neighbors_map": "parametric_map:map label_map:labels parametric_map_destination:output_image ignore_touching_background:ignore_background",
    "mean_sphere": "source:input_image destination:output_image",
    "mean_squared_error": "source1:input_image0 source2:input_image1",
    "mean_x_projection": "source:input_image destination:output_image",
    "mean_y_projection": "source:input_image destination:output_image",
    "mean_z_projection": "source:input_image destination:output_image",
    "median_box": "source:input_image destination:output_image",
    "median_of_touching_neighbors": "values:vector touch_matrix:matrix median_values_destination:output_image",
    "median_sphere": "source:input_image destination:output_image",
    "merge_touching_labels": "labels_input:input_image labels_destination:output_image",
    "minimum": "source1:input_image0 source2:input_image1 destination:output_image",
    "minimum_box": "source:input_image destination:output_image",
    "minimum_image_and_scalar": "source:input_image destination:output_image",
    "minimum_images": "source1:input_image0 source2:input_image1 destination:output_image",
    "minimum_intensity_map": "intensity_image:input_image minimum_intensity_map:output_image",
    "minimum_of_all_pixels": "source:input_image",
    "minimum_of_masked_pixels": "source:input_image",
    "minimum_of_touching_neighbors": "values:vector touch_matrix:matrix minimum_values_destination:output_image",
    "minimum_of_touching_neighbors_map": "parametric_map:map label_map:labels parametric_map_destination:output_image ignore_touching_background:ignore_background",
    "minimum_position": "source:input_image",
    "minimum_sphere": "source:input_image destination:output_image",
    "minimum_x_projection": "source:input_image destination_min:output_image",
    "minimum_y_projection": "source:input_image destination_min:output_image",
    "minimum_z_projection": "source:input_image destination_min:output_image",
    "mod": "image1:input_image0 image2:input_image1 destination:output_image",
    "mode_box": "source:input_image destination:output_image",
    "mode_of_touching_neighbors": "src_values:vector touch_matrix:matrix dst_values:output_image",
    "mode_of_touching_neighbors_map": "parametric_map:map label_map:labels parametric_map_destination:output_image ignore_touching_background:ignore_background",
    "mode_sphere": "source:input_image destination:output_image",
    "modulo_images": "image1:input_image0 image2:input_image1 destination:output_image",
    "multiply_image_and_coordinate": "source:input_image destination:output_image",
    "multiply_image_and_scalar": "source:input_image destination:output_image",
    "multiply_images": "factor1:input_image0 factor2:input_image1 destination:output_image",
    "nan_to_num": "source:input_image destination:output_image",
    "nonzero_maximum_box": "source:input_image flag_dst:output_image0 destination:output_image1",
    "nonzero_maximum_diamond": "source:input_image flag_dst:output_image0 destination:output_image1",
    "nonzero_minimum_box": "source:input_image flag_dst:output_image0 destination:output_image1",
    "nonzero_minimum_diamond": "source:input_image flag_dst:output_image0 destination:output_image1",
    "not_equal": "source1:input_image0 source2:input_image1 destination:output_image",
    "not_equal_constant": "source:input_image destination:output_image constant:scalar",
    "onlyzero_overwrite_maximum_box": "source:input_image flag_dst:flag destination:output_image",
    "onlyzero_overwrite_maximum_diamond": "source:input_image flag_dst:flag destination:output_image",
    "opening_labels": "labels_input:input_image labels_destination:output_image",
    "paste": "source:input_image destination:output_image",
    "pixel_count_map": "source:input_image destination:output_image",
    "pointlist_to_labelled_spots": "pointlist:input_image spots_destination:output_image",
    "power": "source:input_image destination:output_image exponent:scalar",
    "power_images": "source:input_image0 exponent:input_image1 destination:output_image",
    "proximal_neighbor_count": "source:input_image destination:output_image",
    "proximal_neighbor_count_map": "source:labels destination:output_image",
    "radians_to_degrees": "source:input_image destination:output_image",
    "range": "source:input_image destination:output_image",
    "read_intensities_from_map": "labels:label map_image:map values_destination:output_image",
    "reciprocal": "source:input_image destination:output_image",
    "reduce_labels_to_centroids": "source:input_image destination:output_image",
    "reduce_labels_to_label_edges": "source:input_image destination:output_image",
    "reduce_stack": "source:input_image destination:output_image",
    "relabel_sequential": "source:input_image output:output_image",
    "remainder": "image1:input_image0 image2:input_image1 destination:output_image",
    "replace_intensities": "source:input_image0 new_values_vector:input_image1 destination:output_image",
    "replace_intensity": "source:input_image destination:output_image",
    "rigid_transform": "source:input_image destination:output_image angle_around_x_in_degrees:angle_x angle_around_y_in_degrees:angle_y angle_around_z_in_degrees:angle_z rotate_around_center:centered linear_interpolation:interpolate auto_size:resize",
    "rotate": "source:input_image destination:output_image angle_around_x_in_degrees:angle_x angle_around_y_in_degrees:angle_y angle_around_z_in_degrees:angle_z rotate_around_center:centered linear_interpolation:interpolate auto_size:resize",
    "scale": "source:input_image destination:output_image linear_interpolation:interpolate auto_size:resize",
    "set": "source:input_image",
    "set_column": "source:input_image",
    "set_image_borders": "destination:input_image",
    "set_non_zero_pixels_to_pixel_index": "source:input_image output:output_image",
    "set_nonzero_pixels_to_pixelindex": "source:input_image output:output_image",
    "set_plane": "source:input_image",
    "set_ramp_x": "source:input_image",
    "set_ramp_y": "source:input_image",
    "set_ramp_z": "source:input_image",
    "set_row": "source:input_image",
    "set_where_x_equals_y": "source:input_image",
    "set_where_x_greater_than_y": "source:input_image",
    "set_where_x_smaller_than_y": "source:input_image",
    "sign": "source:input_image destination:output_image",
    "small_hessian_eigenvalue": "source:input_image destination:output_image",
    "smaller": "source1:input_image0 source2:input_image1 destination:output_image",
    "smaller_constant": "source:input_image destination:output_image constant:scalar",
    "smaller_or_equal": "source1:input_image0 source2:input_image1 destination:output_image",
    "smaller_or_equal_constant": "source:input_image destination:output_image constant:scalar",
    "smooth_labels": "labels_input:input_image labels_destination:output_image",
    "sobel": "source:input_image destination:output_image",
    "spots_to_pointlist": "input_spots:input_image destination_pointlist:output_image",
    "sqrt": "source:input_image destination:output_image",
    "square": "source:input_image destination:output_image",
    "square_root": "source:input_image destination:output_image",
    "squared_difference": "source1:input_image0 source2:input_image1 destination:output_image",
    "standard_deviation_box": "source:input_image destination:output_image",
    "standard_deviation_intensity_map": "intensity_image:input_image standard_deviation_intensity_map:output_image",
    "standard_deviation_of_touching_neighbors": "values:vector touch_matrix:matrix standard_deviation_values_destination:output_image",
    "standard_deviation_of_touching_neighbors_map": "parametric_map:map label_map:labels parametric_map_destination:output_image ignore_touching_background:ignore_background",
    "standard_deviation_sphere": "source:input_image destination:output_image",
    "statistics_of_background_and_labelled_pixels": "source:intensity labelmap:label",
    "statistics_of_labelled_pixels": "intensity_image:intensity label_image:label",
    "sub_stack": "source:input_image destination:output_image",
    "subtract_gaussian_background": "source:input_image destination:output_image",
    "subtract_image_from_scalar": "source:input_image destination:output_image",
    "subtract_images": "subtrahend:input_image0 minuend:input_image1 destination:output_image",
    "sum_of_all_pixels": "source:input_image",
    "sum_reduction_x": "src:input_image dst:output_image",
    "sum_x_projection": "source:input_image destination:output_image",
    "sum_y_projection": "source:input_image destination:output_image",
    "sum_z_projection": "source:input_image destination:output_image",
    "threshold": "source:input_image destination:output_image constant:scalar",
    "threshold_otsu": "source:input_image destination:output_image",
    "top_hat_box": "source:input_image destination:output_image",
    "top_hat_sphere": "source:input_image destination:output_image",
    "touching_neighbor_count_map": "source:labels destination:output_image",
    "translate": "source:input_image destination:output_image linear_interpolation:interpolate",
    "transpose_xy": "source:input_image destination:output_image",
    "transpose_xz": "source:input_image destination:output_image",
    "transpose_yz": "source:input_image destination:output_image",
    "undefined_to_zero": "source:input_image destination:output_image",
    "variance_box": "source:input_image destination:output_image",
    "variance_sphere": "source:input_image destination:output_image",
    "voronoi_labeling": "binary_source:input_binary labeling_destination:output_labels",
    "voronoi_otsu_labeling": "source:input_image label_image_destination:output_image",
    "write_values_to_positions": "positions_and_values:input_image destination:output_image",
    "x_position_of_maximum_x_projection": "source:input_image destination:output_image",
    "x_position_of_minimum_x_projection": "source:input_image destination:output_image",
    "y_position_of_maximum_y_projection": "source:input_image destination:output_image",
    "y_position_of_minimum_y_projection": "source:input_image destination:output_image",
    "z_position_of_maximum_z_projection": "source:input_image destination:output_image",
    "z_position_of_minimum_z_projection": "source:input_image destination:output_image",
    "z_position_projection": "source_stack:input_image z_position:position destination:output_image",
}

# pyclesperanto_prototype 0.24.5's names that need fixed arguments or another order, as calls of one op.
RENAMED = {
    "arg_maximum_x_projection": ("x_position_of_maximum_x_projection", "source:input_image destination:output_image"),
    "arg_maximum_y_projection": ("y_position_of_maximum_y_projection", "source:input_image destination:output_image"),
    "arg_maximum_z_projection": ("z_position_of_maximum_z_projection", "source:input_image destination:output_image"),
    "arg_minimum_x_projection": ("x_position_of_minimum_x_projection", "source:input_image destination:output_image"),
    "arg_minimum_y_projection": ("y_position_of_minimum_y_projection", "source:input_image destination:output_image"),
    "arg_minimum_z_projection": ("z_position_of_minimum_z_projection", "source:input_image destination:output_image"),
    "bottom_hat_box": ("bottom_hat", "input_image output_image radius_x radius_y radius_z", {"connectivity": "box"}),
    "bottom_hat_sphere": ("bottom_hat", "input_image output_image radius_x radius_y radius_z", {"connectivity": "sphere"}),
    "closing_box": ("grayscale_closing", "input_image output_image radius_x radius_y radius_z", {"connectivity": "box"}),
    "closing_sphere": ("grayscale_closing", "input_image output_image radius_x radius_y radius_z", {"connectivity": "sphere"}),
    "combine_horizontally": ("concatenate_along_x", "stack1:input_image0 stack2:input_image1 destination:output_image"),
    "combine_vertically": ("concatenate_along_y", "stack1:input_image0 stack2:input_image1 destination:output_image"),
    "concatenate_stacks": ("concatenate_along_z", "stack1:input_image0 stack2:input_image1 destination:output_image"),
    "connected_components_labeling_box": ("connected_component_labeling", "binary_input:input_image labeling_destination:output_image", {"connectivity": "box"}),
    "connected_components_labeling_diamond": ("connected_component_labeling", "binary_input:input_image labeling_destination:output_image", {"connectivity": "sphere"}),
    "detect_maxima_box": ("detect_maxima", "input_image output_image radius_x radius_y radius_z", {"connectivity": "box"}),
    "detect_minima_box": ("detect_minima", "input_image output_image radius_x radius_y radius_z", {"connectivity": "box"}),
    "dilate_box": ("binary_dilate", "input_image output_image", {"radius_x": 1, "radius_y": 1, "radius_z": 1, "connectivity": "box"}),
    "dilate_sphere": ("binary_dilate", "input_image output_image", {"radius_x": 1, "radius_y": 1, "radius_z": 1, "connectivity": "sphere"}),
    "erode_box": ("binary_erode", "input_image output_image", {"radius_x": 1, "radius_y": 1, "radius_z": 1, "connectivity": "box"}),
    "erode_sphere": ("binary_erode", "input_image output_image", {"radius_x": 1, "radius_y": 1, "radius_z": 1, "connectivity": "sphere"}),
    "exclude_labels_with_map_values_out_of_range": ("remove_labels_with_map_values_out_of_range", "values_map:values label_map_input:input_image output_image minimum_value_range:min_value maximum_value_range:max_value"),
    "exclude_labels_with_map_values_within_range": ("remove_labels_with_map_values_within_range", "values_map:values label_map_input:input_image output_image minimum_value_range:min_value maximum_value_range:max_value"),
    "generate_distal_neighbors_matrix": ("generate_proximal_neighbors_matrix", "distance_matrix:input_image_matrix touch_matrix_destination:output_image_matrix min_distance=0 max_distance=3.4028234663852886e+38"),
    "laplace_box": ("laplace", "input_image output_image", {"connectivity": "box"}),
    "laplace_diamond": ("laplace", "input_image output_image", {"connectivity": "sphere"}),
    "maximum_box": ("maximum_filter", "input_image output_image radius_x radius_y radius_z", {"connectivity": "box"}),
    "maximum_sphere": ("maximum_filter", "input_image output_image radius_x radius_y radius_z=0", {"connectivity": "sphere"}),
    "mean_box": ("mean_filter", "input_image output_image radius_x radius_y radius_z", {"connectivity": "box"}),
    "mean_sphere": ("mean_filter", "input_image output_image radius_x radius_y radius_z", {"connectivity": "sphere"}),
    "median_box": ("median", "input_image output_image radius_x radius_y radius_z", {"connectivity": "box"}),
    "median_sphere": ("median", "input_image output_image radius_x radius_y radius_z", {"connectivity": "sphere"}),
    "minimum_box": ("minimum_filter", "input_image output_image radius_x radius_y radius_z", {"connectivity": "box"}),
    "minimum_sphere": ("minimum_filter", "input_image output_image radius_x radius_y radius_z", {"connectivity": "sphere"}),
    "mode_box": ("mode", "input_image output_image radius_x radius_y radius_z", {"connectivity": "box"}),
    "mode_sphere": ("mode", "input_image output_image radius_x radius_y radius_z", {"connectivity": "sphere"}),
    "nonzero_maximum_box": ("nonzero_maximum", "input_image output_image0 output_image1", {"connectivity": "box"}),
    "nonzero_maximum_diamond": ("nonzero_maximum", "input_image output_image0 output_image1", {"connectivity": "sphere"}),
    "nonzero_minimum_box": ("nonzero_minimum", "input_image output_image0 output_image1", {"connectivity": "box"}),
    "nonzero_minimum_diamond": ("nonzero_minimum", "input_image output_image0 output_image1", {"connectivity": "sphere"}),
    "onlyzero_overwrite_maximum_box": ("onlyzero_overwrite_maximum", "input_image flag output_image", {"connectivity": "box"}),
    "onlyzero_overwrite_maximum_diamond": ("onlyzero_overwrite_maximum", "input_image flag output_image", {"connectivity": "sphere"}),
    "opening_box": ("grayscale_opening", "input_image output_image radius_x radius_y radius_z", {"connectivity": "box"}),
    "opening_sphere": ("grayscale_opening", "input_image output_image radius_x radius_y radius_z", {"connectivity": "sphere"}),
    "read_intensities_from_map": ("read_map_values", "label map output_image"),
    "read_intensities_from_positions": ("read_values_from_positions", "pointlist:list intensity_image:input_image values_destination:output_image"),
    "standard_deviation_box": ("standard_deviation", "input_image output_image radius_x radius_y radius_z", {"connectivity": "box"}),
    "standard_deviation_sphere": ("standard_deviation", "input_image output_image radius_x radius_y radius_z", {"connectivity": "sphere"}),
    "top_hat_box": ("top_hat", "input_image output_image radius_x radius_y radius_z", {"connectivity": "box"}),
    "top_hat_sphere": ("top_hat", "input_image output_image radius_x radius_y radius_z", {"connectivity": "sphere"}),
    "variance_box": ("variance_filter", "input_image output_image radius_x radius_y radius_z", {"connectivity": "box"}),
    "variance_sphere": ("variance_filter", "input_image output_image radius_x radius_y radius_z", {"connectivity": "sphere"}),
}


def _tokens(text):
    """[(old, new, default or _NO_DEFAULT), ...] of a TOKENS string."""
    result = []
    for token in text.split():
        token, _, default = token.partition("=")
        old, _, new = token.partition(":")
        result.append((old, new or old, _NO_DEFAULT if not default else ast.literal_eval(default)))
    return result


_NO_DEFAULT = object()


def keyword_renames(op_name, function):
    """{prototype keyword: op parameter} of op_name (empty when it has none or they are the op's)."""
    own = set(inspect.signature(function).parameters)
    return {old: new for old, new, _ in _tokens(KEYWORDS.get(op_name, "")) if old not in own}


def _with_keywords(name, function, renames):
    @functools.wraps(function)  # __wrapped__: inspect.signature gives the op's own signature
    def op(*args, **kwargs):
        if kwargs:
            for old in [k for k in kwargs if k in renames]:
                new = renames[old]
                if new in kwargs:
                    raise TypeError("%s() got both '%s' and its former name '%s'" % (name, new, old))
                warnings.warn("%s: keyword '%s' is pyclesperanto_prototype's; use '%s'" % (name, old, new),
                              DeprecationWarning, stacklevel=_user_stacklevel())
                kwargs[new] = kwargs.pop(old)
        return function(*args, **kwargs)
    return op


def _renamed(name, op_name, function, text, fixed):
    pairs = _tokens(text)
    target = inspect.signature(function).parameters
    mapping = {old: new for old, new, _ in pairs}
    for old, new, _ in pairs:
        if new not in target or new in fixed:
            raise AssertionError("%s: %s is no free parameter of %s" % (name, new, op_name))
    call = "%s(%s)" % (op_name, ", ".join(["..."] + ["%s=%r" % kv for kv in fixed.items()])) if fixed else op_name
    # keywords: the prototype's names, the op's names of the same params, and device
    accepted = dict(mapping)
    accepted.update({new: new for new in mapping.values()})
    accepted.update({old: mapping[visible] for old, visible, _ in _tokens(KEYWORDS.get(name, ""))})
    accepted["device"] = "device"

    def alias(*args, **kwargs):
        warnings.warn("%s is pyclesperanto_prototype's name; use %s" % (name, call), DeprecationWarning,
                      stacklevel=_user_stacklevel())
        if len(args) > len(pairs):
            raise TypeError("%s() takes at most %d positional arguments (%d given)" % (name, len(pairs), len(args)))
        values = dict(fixed)
        for (old, new, default), value in zip(pairs, args):
            values[new] = value
        for key, value in kwargs.items():
            if key not in accepted:
                raise TypeError("%s() got an unexpected keyword argument '%s'" % (name, key))
            if accepted[key] in values and accepted[key] not in fixed:
                raise TypeError("%s() got multiple values for argument '%s'" % (name, key))
            values[accepted[key]] = value
        for old, new, default in pairs:
            if new not in values and default is not _NO_DEFAULT:
                values[new] = default
        return function(**values)

    parameters = []
    for old, new, default in pairs:
        if default is _NO_DEFAULT:
            default = target[new].default
        parameters.append(inspect.Parameter(old, inspect.Parameter.POSITIONAL_OR_KEYWORD, default=default))
    parameters.append(inspect.Parameter("device", inspect.Parameter.POSITIONAL_OR_KEYWORD, default=None))
    alias.__signature__ = inspect.Signature(parameters)
    alias.__name__ = alias.__qualname__ = name
    alias.__doc__ = "pyclesperanto_prototype's %s: %s (deprecated; warns).\n\n%s" % (
        name, call, function.__doc__ or "")
    alias.prototype_target = (op_name, dict(fixed))
    return alias


def install(namespace, ops):
    """Give namespace (the cesperanto package) the prototype's keywords and names over the ops module.
    Returns the names added."""
    names = set(ops.__all__) | set(ops.__aliases__)
    for op_name in KEYWORDS:
        if op_name not in names:
            continue
        function = getattr(ops, op_name)
        renames = keyword_renames(op_name, function)
        if renames:
            wrapped = _with_keywords(op_name, function, renames)
            namespace[op_name] = wrapped
            setattr(ops, op_name, wrapped)  # operations() and operation() run it too
    added = []
    for name, entry in RENAMED.items():
        if name in names or name in namespace:
            continue  # the spec (or the package) has it
        op_name, text = entry[0], entry[1]
        fixed = entry[2] if len(entry) > 2 else {}
        namespace[name] = _renamed(name, op_name, getattr(ops, op_name), text, fixed)
        added.append(name)
    return added


def kernel_source(anchor, source, who):
    """OpenCL source: source itself, or the file it names (a name ending in .cl without a __kernel in it),
    relative to the folder of anchor (a file, as __file__), or of the calling module when anchor is None or
    the text "__file__" (pyclesperanto's and pyclesperanto_prototype's execute)."""
    from . import cesperanto_core as core
    if not isinstance(source, str) or not source:
        raise core.InvalidArgumentError("%s: kernel_source must be OpenCL source or a .cl file name, got %r"
                                        % (who, source))
    if "__kernel" in source or "kernel void" in source or not source.strip().endswith(".cl"):
        return source
    path = source
    if not os.path.isabs(path):
        if anchor is None or anchor == "__file__":
            frame = sys._getframe(1)
            while frame is not None and frame.f_code.co_filename.startswith(_PACKAGE_DIR):
                frame = frame.f_back  # the first caller outside the package
            anchor = (frame.f_globals.get("__file__") if frame is not None else None) or os.path.join(os.getcwd(), "_")
        path = os.path.join(os.path.dirname(os.path.abspath(str(anchor))), path)
    try:
        with open(path, encoding="utf-8") as f:
            text = f.read()
    except OSError as e:
        raise core.FileError("%s: cannot read the kernel file %s: %s" % (who, path, e.strerror)) from None
    # clij's kernel files declare the sampler, which cesperanto's preamble already gives
    return _SAMPLER.sub("", text)


_SAMPLER = re.compile(r"^[ \t]*(?:__constant|const)[ \t]+sampler_t[ \t]+sampler[ \t]*=[^;]*;", re.MULTILINE)


def regionprops(labelmap, intensity_image=None, cache=True, extra_properties=None):
    """scikit-image's measure.regionprops of the pulled label image (and intensity image), as
    pyclesperanto_prototype's regionprops (its extra columns, which it computes on the device, are not
    added: read them from statistics_of_labelled_pixels)."""
    from skimage.measure import regionprops as skimage_regionprops
    from ._transfer import pull
    labels = numpy.asarray(pull(labelmap))
    if labels.dtype.kind == "f":
        labels = labels.astype(numpy.uint32)
    intensity = None if intensity_image is None else numpy.asarray(pull(intensity_image))
    return skimage_regionprops(labels, intensity_image=intensity, cache=cache,
                               extra_properties=extra_properties or None)


def create_binary_like(array, device=None):
    """pyclesperanto_prototype's create_binary_like: an uninitialised uint8 Array of array's shape (array an
    Array, an ndarray or a shape)."""
    from . import create
    shape = tuple(array) if isinstance(array, (tuple, list)) else array.shape
    return create(shape, numpy.uint8, device=device)


def create_labels_like(array, device=None):
    """pyclesperanto 0.25.1's create_labels_like (deprecated there): an uninitialised uint32 Array of
    array's shape (an Array, an ndarray or a shape). Use create_like(array, dtype=numpy.uint32)."""
    warnings.warn("create_labels_like is deprecated (pyclesperanto 0.25.1); use create_like(array, "
                  "dtype=numpy.uint32)", DeprecationWarning, stacklevel=_user_stacklevel())
    from . import create
    shape = tuple(array) if isinstance(array, (tuple, list)) else array.shape
    return create(shape, numpy.uint32, device=device)


def _renamed_function(old, new, function):
    @functools.wraps(function)
    def renamed(*args, **kwargs):
        warnings.warn("%s is pyclesperanto_prototype's name; use %s" % (old, new), DeprecationWarning,
                      stacklevel=_user_stacklevel())
        return function(*args, **kwargs)
    renamed.__name__ = renamed.__qualname__ = old
    return renamed


def _push(*args, **kwargs):
    from ._array import push
    return push(*args, **kwargs)


def _pull(*args, **kwargs):
    from ._transfer import pull
    return pull(*args, **kwargs)


push_zyx = _renamed_function("push_zyx", "push", _push)
pull_zyx = _renamed_function("pull_zyx", "pull", _pull)
nparray = _renamed_function("nparray", "pull", _pull)


def search_operation_names(name):
    """pyclesperanto_prototype's search_operation_names: the ops (a dict name -> Operation) whose name holds
    name."""
    from ._registry import operations
    return {k: v for k, v in operations().items() if name in k}


def available_device_names(dev_type=None, score_key=None):
    """pyclesperanto_prototype's available_device_names: the devices' names (of dev_type, e.g. "gpu")."""
    from ._device import list_available_devices
    return list_available_devices("all" if dev_type is None else dev_type)
