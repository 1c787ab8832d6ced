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
# pytest in a new X server whose OpenGL works (gl_probe.py; exit 75 asks for another server, up to 3).
in_xvfb() {
  for attempt in 1 2 3; do
    rc=0
    xvfb-run -a -s "-screen 0 1280x1024x24" bash -c \
      'python=$1; shift; "$python" gl_probe.py >/dev/null 2>&1 || exit 75; exec "$python" -m pytest "$@"' \
      run.sh "$VENV/bin/python" "$@" || rc=$?
    if [ "$rc" -ne 75 ]; then return "$rc"; fi
    echo "run.sh: no OpenGL context under Xvfb (attempt $attempt)" >&2
  done
  echo "run.sh: Xvfb never gave Qt an OpenGL context; napari's canvas needs one (Debian: xvfb, libgl1-mesa-dri)" >&2
  return 1
}
# The cache (in the build tree, not beside the tests) remembers which tests failed.
PYTEST=(-q -p cacheprovider -o "cache_dir=$PLUGIN/pytest-cache" --disable-warnings --tb=short)
rc=0
in_xvfb "${PYTEST[@]}" --cache-clear . || rc=$?
# pytest's 1: some tests failed. A GUI under Xvfb beside a loaded machine has failed where it passes
# alone (CI, 2026-12-03: three widget tests, not reproduced in 8 runs with and without load or with
# cold caches), so the failed ones run once more in a new napari and decide; the first run's
# failures stay in the output above. A test that fails twice fails.
if [ "$rc" -eq 1 ]; then
  echo "run.sh: the tests that failed above run once more in a new napari and X server" >&2
  rc=0
  in_xvfb "${PYTEST[@]}" --last-failed --last-failed-no-failures none . || rc=$?
fi
exit "$rc"
