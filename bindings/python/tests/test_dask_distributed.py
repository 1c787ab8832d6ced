"""cesperanto.dask on a dask.distributed LocalCluster of two worker processes, each with its own
(pocl) device: the seed pipeline (gaussian_blur sigma 1 -> threshold_otsu ->
connected_component_labeling, box) on a 512^3 float32 volume, as issue 18 asks, equals the
single-device result, numbering included. About 40 s on two (shared) pocl cores."""

import numpy as np
import pytest

import cesperanto as cle

da = pytest.importorskip("dask.array")
distributed = pytest.importorskip("distributed")
cled = pytest.importorskip("cesperanto.dask")

SEED = [("gaussian_blur", {"sigma_x": 1, "sigma_y": 1, "sigma_z": 1}), ("threshold_otsu", {}),
        ("connected_component_labeling", {"connectivity": "box"})]


def test_local_cluster_of_two_processes_runs_the_seed_pipeline():
    n = 512
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                                  worker_dashboard_address=None) as cluster, distributed.Client(cluster) as client:
        devices = cled.use_devices(client, device_type="cpu")
        assert len(devices) == 2
        # uniform noise made on the workers (blurred and thresholded: thousands of objects, many across
        # chunks), in chunks that do not divide the volume
        volume = da.random.default_rng(12).random((n,) * 3, chunks=(150, 200, 136), dtype=np.float32)
        volume = client.persist(volume)
        labels = cled.pipeline(volume, SEED)
        image, labels = client.compute([volume, labels], sync=True)
    want = cle.pull(cle.connected_component_labeling(
        cle.threshold_otsu(cle.gaussian_blur(image, sigma_x=1, sigma_y=1, sigma_z=1)), connectivity="box"))
    assert want.max() > 50
    assert labels.dtype == want.dtype and np.array_equal(labels, want)
