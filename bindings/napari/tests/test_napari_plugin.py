"""napari-cesperanto, installed with pip (tests/run.sh) and run in a headless napari.

The manifest must list exactly the spec's `in assistant` ops whose result is a new layer or a
number (ops.json, read here independently of the generator; not scatter, which writes into an
input), in napari-assistant's groups; every generated widget must carry its op's params
with the spec's defaults, ranges and choices; and a widget run on a layer must add the op's result
as a new layer of the right kind, equal to calling the op directly (and, where one computes the
same thing, to scipy / scikit-image).
"""

import json
import math
import os
import sys
from importlib.metadata import distribution, entry_points

import numpy as np
import pytest

import cesperanto as cle

PLUGIN = "napari-cesperanto"


@pytest.fixture(scope="module")
def ops():
    path = os.environ.get("CLE_OPS_JSON")
    if not path:
        pytest.fail("CLE_OPS_JSON must name the generated ops.json (CTest sets it)")
    with open(path, encoding="utf-8") as f:
        return {o["name"]: o for o in json.load(f)["ops"]}


@pytest.fixture(scope="module")
def manifest():
    """The installed plugin's manifest, as napari's plugin manager discovers it (its entry point)."""
    import npe2
    pm = npe2.PluginManager.instance()
    pm.discover()
    assert PLUGIN in pm._manifests, "napari does not find napari-cesperanto among the installed plugins"
    return pm.get_manifest(PLUGIN)


@pytest.fixture(scope="module")
def blobs():
    return np.asarray(cle.imread(os.path.join(os.environ["CLE_DATA_DIR"], "blobs.tif")))


def shown_ops(ops):
    """The `in assistant` ops with a widget: one image or a number out, no input written into."""
    return {name for name, o in ops.items() if "in assistant" in o["categories"]
            and o["output"]["kind"] in ("array", "scalar") and not any(i["written"] for i in o["inputs"])}


def widget_entries(manifest):
    """[(group, op, command id, python_name)] of the manifest's widgets."""
    commands = {c.id: c for c in manifest.contributions.commands}
    out = []
    for w in manifest.contributions.widgets:
        group, op = w.display_name.split(": ")
        out.append((group, op, w.command, commands[w.command].python_name))
    return out


def test_installed_with_pip_and_found_by_npe2(manifest):
    # the entry point napari discovers, in the venv run.sh installed into (not the build tree)
    points = [e for e in entry_points(group="napari.manifest") if e.name == PLUGIN]
    assert len(points) == 1 and points[0].value == "napari_cesperanto:napari.yaml"
    files = [str(f) for f in distribution(PLUGIN).files]
    assert "napari_cesperanto/napari.yaml" in files and "napari_cesperanto/_widgets.py" in files
    import napari_cesperanto
    assert sys.prefix != sys.base_prefix  # run.sh's venv
    assert os.path.realpath(napari_cesperanto.__file__).startswith(os.path.realpath(sys.prefix))
    assert napari_cesperanto.__version__ == cle.__version__
    import npe2
    assert manifest.name == PLUGIN
    assert manifest == npe2.PluginManifest.from_distribution(PLUGIN)


def test_manifest_lists_exactly_the_in_assistant_ops(ops, manifest):
    entries = widget_entries(manifest)
    in_assistant = {name for name, o in ops.items() if "in assistant" in o["categories"]}
    assert len(in_assistant) > 100
    assert {op for _, op, _, _ in entries} == shown_ops(ops)
    # the in-assistant ops left out are those with no new layer or number to show (scatter)
    left_out = in_assistant - shown_ops(ops)
    assert "scatter" in left_out
    assert all(ops[n]["output"]["kind"] not in ("array", "scalar") or any(i["written"] for i in ops[n]["inputs"])
               for n in left_out)
    # one command per widget, pointing at the op's factory
    assert len({c for _, _, c, _ in entries}) == len(entries) == len(manifest.contributions.commands)
    for group, op, command, python_name in entries:
        assert python_name == f"napari_cesperanto._widgets:{op}"
        assert command == f"{PLUGIN}.{group.lower().replace(' ', '_')}.{op}"
    # napari-assistant's groups (its _categories.py include/exclude rules), spot-checked by hand
    groups = {}
    for group, op, _, _ in entries:
        groups.setdefault(op, set()).add(group)
    assert groups["gaussian_blur"] == {"Remove noise"}  # filter + denoise: not "Filter", which excludes denoise
    assert groups["top_hat"] == {"Remove background"}
    assert groups["gamma_correction"] == {"Filter"}
    assert groups["add_images"] == {"Combine"}
    assert groups["threshold_otsu"] == {"Binarize"}
    assert groups["voronoi_otsu_labeling"] == {"Label"}
    assert groups["maximum_z_projection"] == {"Projection"}
    assert groups["exclude_labels_on_edges"] == {"Process labels"}
    assert groups["combine_labels"] == {"Process labels", "Combine labels"}
    assert groups["binary_and"] == {"Combine labels", "Label filters"}
    assert groups["pixel_count_map"] == {"Measure labels"}
    assert groups["mean_intensity_map"] == {"Measure labeled image"}
    assert groups["binary_dilate"] == {"Other"}  # `binary processing` only: in no assistant group
    # every widget's group is one its op's categories select, by napari-assistant's rule
    from napari_cesperanto._groups import group as group_named
    for group, op, _, _ in entries:
        g = group_named(group)
        cats = ops[op]["categories"]
        assert all(c in cats for c in g.include) and not any(c in cats for c in g.exclude), (group, op)
    # the groups are submenus of napari's Layers menus, each listing its widgets' commands
    menus = manifest.contributions.menus
    submenus = {s.id: s.label for s in manifest.contributions.submenus}
    assert set(submenus) == {f"{PLUGIN}.{g.lower().replace(' ', '_')}" for g, _, _, _ in entries}
    placed = [item.submenu for key, items in menus.items() if key.startswith("napari/layers/") for item in items]
    assert sorted(placed) == sorted(submenus)
    for sid in submenus:
        assert sorted(item.command for item in menus[sid]) == sorted(c for g, _, c, _ in entries
                                                                      if f"{PLUGIN}.{g.lower().replace(' ', '_')}" == sid)


def test_every_widget_has_its_ops_params_defaults_and_ranges(ops, manifest, qtbot):
    """Every widget the manifest names, built through its python_name: one layer field per input, one
    field per param with the spec's default, range and choices."""
    import npe2
    from napari.layers import Layer
    seen = set()
    for _, name, command, python_name in widget_entries(manifest):
        if name in seen:
            continue
        seen.add(name)
        factory = npe2.PluginManager.instance().get_command(command).python_name
        assert factory == python_name
        module, attr = python_name.split(":")
        import importlib
        gui = getattr(importlib.import_module(module), attr)()
        try:
            spec = ops[name]
            fields = list(gui.__signature__.parameters)
            assert fields == [i["name"] for i in spec["inputs"]] + [p["name"] for p in spec["params"]], name
            for i in spec["inputs"]:
                assert gui[i["name"]].annotation is Layer
            for p in spec["params"]:
                w = gui[p["name"]]
                default = p["default"]
                where = f"{name}.{p['name']}"
                if p["type"] == "string":
                    assert w.value == default and list(w.choices) == p["choices"], where
                elif p["type"] == "bool":
                    assert w.value is default, where
                elif p["type"] == "float_list" or p.get("optional"):
                    assert w.value == "", where  # None
                elif p["type"] == "float" and isinstance(default, str):  # "nan", "inf" in ops.json
                    assert math.isnan(float(w.value)) if default == "nan" else float(w.value) == float(default)
                else:
                    assert w.value == default, where
                    if p["min"] is not None:
                        assert w.min == p["min"], where
                    if p["max"] is not None:
                        assert w.max == p["max"], where
                    assert w.min <= w.value <= w.max, where
        finally:
            gui.close()
    assert seen == shown_ops(ops)


def open_widget(viewer, display_name):
    _, gui = viewer.window.add_plugin_dock_widget(PLUGIN, display_name)
    return gui


def test_gaussian_blur_widget_on_an_image_layer(make_napari_viewer, blobs):
    import napari
    from scipy import ndimage
    viewer = make_napari_viewer()
    layer = viewer.add_image(blobs, name="blobs", scale=(0.5, 0.25), translate=(3, 4))
    gui = open_widget(viewer, "Remove noise: gaussian_blur")
    assert gui.sigma_x.min == 0  # the spec's range: a negative sigma cannot be entered
    with pytest.raises(ValueError, match="outside of the allowed range"):
        gui.sigma_x.value = -1
    gui.input_image.value = layer
    gui.sigma_x.value, gui.sigma_y.value = 2.0, 3.5
    gui()
    new = viewer.layers["gaussian_blur of blobs"]
    assert isinstance(new, napari.layers.Image) and len(viewer.layers) == 2
    expected = np.asarray(cle.gaussian_blur(blobs, sigma_x=2.0, sigma_y=3.5))
    assert new.data.dtype == np.float32
    np.testing.assert_array_equal(new.data, expected)
    assert tuple(new.scale) == (0.5, 0.25) and tuple(new.translate) == (3, 4)
    # sigma_x reached x (numpy's last axis): scipy's blur with (y, x) = (3.5, 2) is close, (2, 3.5) is not
    right = ndimage.gaussian_filter(blobs.astype(np.float64), sigma=(3.5, 2.0), mode="nearest")
    wrong = ndimage.gaussian_filter(blobs.astype(np.float64), sigma=(2.0, 3.5), mode="nearest")
    assert np.abs(new.data - right).max() < 1.0 < np.abs(new.data - wrong).max()
    # running again with other values replaces the layer's pixels
    gui.sigma_y.value = 1.0
    gui()
    assert len(viewer.layers) == 2
    np.testing.assert_array_equal(viewer.layers["gaussian_blur of blobs"].data,
                                  np.asarray(cle.gaussian_blur(blobs, sigma_x=2.0, sigma_y=1.0)))


def test_the_layers_menu_opens_a_groups_widget(make_napari_viewer, blobs):
    """Layers > Filter > "Remove noise (cesperanto)" > the widget: the menu item's command docks it."""
    from napari._app_model import get_app_model
    viewer = make_napari_viewer()
    viewer.add_image(blobs, name="blobs")
    app = get_app_model()
    filters = [item.submenu for item in app.menus.get_menu("napari/layers/filter") if hasattr(item, "submenu")]
    assert f"{PLUGIN}.remove_noise" in filters and f"{PLUGIN}.filter" in filters
    items = [item.command.id for item in app.menus.get_menu(f"{PLUGIN}.remove_noise")]
    assert f"{PLUGIN}.remove_noise.gaussian_blur" in items
    app.commands.execute_command(f"{PLUGIN}.remove_noise.gaussian_blur").result()
    dock = viewer.window._wrapped_dock_widgets["Remove noise: gaussian_blur (cesperanto)"]
    gui = dock.inner_widget()
    gui.sigma_y.value = 2.0
    gui()
    np.testing.assert_array_equal(viewer.layers["gaussian_blur of blobs"].data,
                                  np.asarray(cle.gaussian_blur(blobs, sigma_y=2.0)))


def test_binarize_and_label_widgets_make_labels_layers(make_napari_viewer, blobs):
    import napari
    from skimage import filters, measure
    viewer = make_napari_viewer()
    viewer.add_image(blobs, name="blobs")
    otsu = open_widget(viewer, "Binarize: threshold_otsu")
    otsu()
    binary = viewer.layers["threshold_otsu of blobs"]
    assert isinstance(binary, napari.layers.Labels)
    np.testing.assert_array_equal(binary.data, np.asarray(cle.threshold_otsu(blobs)))
    np.testing.assert_array_equal(binary.data, blobs > filters.threshold_otsu(blobs))  # scikit-image agrees
    label = open_widget(viewer, "Label: connected_component_labeling")
    label.input_image.value = binary
    assert label.connectivity.choices == ("box", "sphere")
    label.connectivity.value = "sphere"
    label()
    labels = viewer.layers["connected_component_labeling of threshold_otsu of blobs"]
    assert isinstance(labels, napari.layers.Labels) and labels.data.dtype == np.uint32
    np.testing.assert_array_equal(labels.data, np.asarray(cle.connected_component_labeling(
        binary.data, connectivity="sphere")))
    np.testing.assert_array_equal(labels.data, measure.label(binary.data, connectivity=1))
    # a label-processing op keeps labels: a Labels layer again, equal to the op's result
    edges = open_widget(viewer, "Process labels: exclude_labels_on_edges")
    edges.input_image.value = labels
    edges()
    kept = viewer.layers["exclude_labels_on_edges of connected_component_labeling of threshold_otsu of blobs"]
    assert isinstance(kept, napari.layers.Labels)
    np.testing.assert_array_equal(kept.data, np.asarray(cle.exclude_labels_on_edges(labels.data)))
    assert 0 < kept.data.max() < labels.data.max()


def test_two_inputs_a_map_and_a_scalar(make_napari_viewer, blobs):
    import napari
    viewer = make_napari_viewer()
    a = viewer.add_image(blobs, name="a")
    b = viewer.add_image(blobs[::-1].astype(np.float32), name="b")  # uint8 + float32: a float32 result
    weighted = open_widget(viewer, "Combine: add_images_weighted")
    weighted.input_image0.value, weighted.input_image1.value = a, b
    weighted.factor1.value, weighted.factor2.value = 0.5, -2.0
    weighted()
    out = viewer.layers["add_images_weighted of a"]
    np.testing.assert_array_equal(out.data, np.asarray(cle.add_images_weighted(a.data, b.data, factor1=0.5,
                                                                                 factor2=-2.0)))
    np.testing.assert_allclose(out.data, 0.5 * blobs.astype(np.float64) - 2.0 * blobs[::-1], rtol=1e-6)
    mse = open_widget(viewer, "Combine: mean_squared_error")
    mse.input_image0.value, mse.input_image1.value = a, b
    value = mse()
    assert value == pytest.approx(cle.mean_squared_error(a.data, b.data))
    assert value == pytest.approx(np.mean((blobs.astype(np.float64) - blobs[::-1]) ** 2), rel=1e-6)
    assert float(mse._result_widget.value) == pytest.approx(value)
    # a measurement map of a labels layer: an Image layer in "turbo", as napari-assistant shows maps
    labels = viewer.add_labels(np.asarray(cle.connected_component_labeling(cle.threshold_otsu(blobs))),
                               name="objects")
    count = open_widget(viewer, "Measure labels: pixel_count_map")
    count.input_image.value = labels
    count()
    m = viewer.layers["pixel_count_map of objects"]
    assert isinstance(m, napari.layers.Image) and m.colormap.name == "turbo"
    sizes = np.bincount(labels.data.ravel())
    np.testing.assert_array_equal(m.data, np.where(labels.data > 0, sizes[labels.data], 0))


def test_text_fields_and_errors(make_napari_viewer, blobs):
    viewer = make_napari_viewer()
    layer = viewer.add_image(blobs, name="blobs")
    # range's optional ints: empty is None
    rng = open_widget(viewer, "Transform: range")
    rng.input_image.value = layer
    rng.start_x.value, rng.step_x.value, rng.stop_y.value = "2", "3", "-10"
    rng()
    np.testing.assert_array_equal(viewer.layers["range of blobs"].data, blobs[:-10, 2::3])
    rng.step_x.value = "three"
    with pytest.raises(ValueError, match=r"range: step_x must be an integer or empty \(None\), got 'three'"):
        rng()
    # clip's NaN default (no bound), as text
    clip = open_widget(viewer, "Combine: clip")
    assert clip.min_intensity.value == "nan"
    clip.input_image.value = layer
    clip.max_intensity.value = "100"
    clip()
    np.testing.assert_array_equal(viewer.layers["clip of blobs"].data, np.minimum(blobs, 100))
    # affine_transform's matrix: numbers as text, empty for None (the identity)
    affine = open_widget(viewer, "Transform: affine_transform")
    affine.input_image.value = layer
    assert affine.transform_matrix.value == ""
    affine.transform_matrix.value = "1, 0, -7,  0 1 0,  0 0 1"
    affine()
    np.testing.assert_array_equal(viewer.layers["affine_transform of blobs"].data, np.asarray(
        cle.affine_transform(blobs, transform_matrix=[1, 0, -7, 0, 1, 0, 0, 0, 1])))
    affine.transform_matrix.value = "1 0"
    with pytest.raises(ValueError, match="affine_transform: transform_matrix must have 9, 12 or 16 numbers, got 2"):
        affine()
    # the op's own checks reach the user with op, param and value
    tissue = viewer.add_image(np.zeros((2, 3, 4, 5), np.float32), name="4d")
    blur = open_widget(viewer, "Remove noise: gaussian_blur")
    blur.input_image.value = tissue
    with pytest.raises(ValueError, match="gaussian_blur: input_image \\(layer '4d'\\) has 4 dimensions"):
        blur()


def test_make_widget_for_an_op_beyond_the_manifest(make_napari_viewer, blobs):
    """make_widget gives any op with one image or number output a widget (for scripts: transpose_xy is
    not `in assistant`), and refuses the others by name."""
    import napari
    import napari_cesperanto
    viewer = make_napari_viewer()
    layer = viewer.add_labels(np.asarray(cle.connected_component_labeling(cle.threshold_otsu(blobs))),
                              name="objects")
    gui = napari_cesperanto.make_widget("transpose_xy")
    viewer.window.add_dock_widget(gui)
    gui.input_image.value = layer
    gui()
    out = viewer.layers["transpose_xy of objects"]
    assert isinstance(out, napari.layers.Labels)  # labels in, labels' dtype kept: labels out
    np.testing.assert_array_equal(out.data, layer.data.T)
    with pytest.raises(ValueError, match="hessian_eigenvalues: its output is several images"):
        napari_cesperanto.make_widget("hessian_eigenvalues")
    with pytest.raises(ValueError, match="statistics_of_labelled_pixels: its output is a table"):
        napari_cesperanto.make_widget("statistics_of_labelled_pixels")
    with pytest.raises(ValueError, match="scatter: its output is written into an input in place"):
        napari_cesperanto.make_widget("scatter")
    from napari_cesperanto import _widgets
    with pytest.raises(AttributeError, match="cesperanto has no op 'no_such_op'"):
        _widgets.no_such_op
