#!/usr/bin/env bash
# The napari plugin's test (CTest napari.plugin):
#   run.sh PYTHON PLUGIN_DIR TEST_DIR
# installs the assembled plugin (PLUGIN_DIR, <build>/bindings/napari) with pip
# into a venv that sees the system's packages (napari, Qt, pytest-qt; cesperanto
# comes from PYTHONPATH, the build tree), so that napari finds it as any
# installed plugin (its napari.manifest entry point), then runs the tests in a
# headless napari: QT_QPA_PLATFORM=offscreen under xvfb-run, whose X server
# only gives the offscreen platform the OpenGL context napari's canvas needs.
set -euo pipefail
PYTHON=$1 PLUGIN=$2 TESTS=$3
VENV=$PLUGIN/test-venv
if [ ! -x "$VENV/bin/python" ]; then
  "$PYTHON" -m venv --system-site-packages "$VENV"
fi
# --no-deps: cesperanto is the build tree's (PYTHONPATH), napari the system's.
"$VENV/bin/python" -m pip install -q --no-deps --no-build-isolation --force-reinstall --disable-pip-version-check \
  "$PLUGIN" 2>&1 | grep -v "Running pip as the 'root' user" || true
cd "$TESTS"  # not beside the assembled package, which Python would import from the current folder
"$VENV/bin/python" -c "import napari_cesperanto, sys; sys.exit(not napari_cesperanto.__file__.startswith('$VENV'))" || {
  echo "run.sh: napari_cesperanto was not installed into $VENV" >&2; exit 1; }
export QT_QPA_PLATFORM=offscreen
# The tests run in an X server whose OpenGL works (gl_probe.py; exit 75 asks for another server, up to 3).
for attempt in 1 2 3; do
  rc=0
  xvfb-run -a -s "-screen 0 1280x1024x24" bash -c \
    '"$1" gl_probe.py >/dev/null 2>&1 || exit 75; exec "$1" -m pytest -q -p no:cacheprovider --disable-warnings --tb=short .' \
    run.sh "$VENV/bin/python" || rc=$?
  if [ "$rc" -ne 75 ]; then exit "$rc"; fi
  echo "run.sh: no OpenGL context under Xvfb (attempt $attempt)" >&2
done
echo "run.sh: Xvfb never gave Qt an OpenGL context; napari's canvas needs one (Debian: xvfb, libgl1-mesa-dri)" >&2
exit 1
