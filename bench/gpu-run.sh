#!/usr/bin/env bash
# Run the benchmark harness on the GPU machine (NVIDIA H100, see
# ../shared/GPU-MACHINE.md), from the repository root, writing under $OUT.
#
# What it expects to have travelled with the working tree (device tool `carry`):
#   .device/debs/*.deb  libyaml, libtiff, libpng (+ -dev) and their dependencies,
#                       from `apt-get download` here; unpacked, never installed
#   .whl/*.whl          pyclesperanto and pyclesperanto-opencl for Python 3.12
#                       (bench/README.md has the pip download line)
#
#   bash bench/gpu-run.sh [extra bench.py arguments, e.g. --ops gaussian --sizes 8192^2]
#   bash bench/gpu-run.sh transfers [bench/transfers.py arguments]   (push/pull rates)
#   bash bench/gpu-run.sh fft [bench/fft.py arguments]   (convolve_fft, deconvolve_fft vs pyclesperanto, CuPy)
#   bash bench/gpu-run.sh first-call [bench/first_call.py arguments]   (repeated first calls, OpenCL call trace)
#   bash bench/gpu-run.sh build-times [OP ...]   (NVIDIA's compiler on each program of the ops'
#                                                 first calls, one after another and at once;
#                                                 BUILD_VARIANTS="opts|opts" times them with other options)
#
# Environment: OUT (default /tmp/out), BENCH_DEVICE (default NVIDIA), BENCH_DEBS
# (default .device/debs), BENCH_WHL (default .whl),
# BENCH_NAME (results folder name, default h100), JOBS (default nproc),
# BENCH_TIMEOUT (seconds for the harness, default 540: the device tool stops a
# command at 600 s; results are rewritten after every case, so a stopped run
# still leaves its table), BENCH_RESUME (a results.json brought back from a stopped
# run, e.g. copied to bench/results/h100/results.json: a second call continues it).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
OUT=${OUT:-/tmp/out}
NAME=${BENCH_NAME:-h100}
DEVICE=${BENCH_DEVICE:-NVIDIA}
JOBS=${JOBS:-$(nproc)}
mkdir -p "$OUT/$NAME"
exec > >(tee "$OUT/$NAME/run.log") 2>&1

echo "== OpenCL and C dependencies (scripts/gpu-env.sh) =="
CLE_DEBS=${BENCH_DEBS:-.device/debs}
# shellcheck source=../scripts/gpu-env.sh
source scripts/gpu-env.sh

echo "== Python wheels =="
WHL=${BENCH_WHL:-.whl}
if ls "$WHL"/*.whl >/dev/null 2>&1; then
  python3 -m pip install -q --no-index --no-deps --no-compile --no-cache-dir --upgrade \
    --target /tmp/site "$WHL"/*.whl && export PYTHONPATH=/tmp/site${PYTHONPATH:+:$PYTHONPATH} ||
    echo "the carried wheels did not install; going on without them"
fi
python3 -c "import pyclesperanto as c; print('pyclesperanto', c.__version__, c.list_available_devices())" ||
  echo "pyclesperanto not importable: the table will lack its column"

echo "== build (bindings off) =="
BUILD=/tmp/build-gpu
cmake -S "$ROOT" -B "$BUILD" -DCMAKE_BUILD_TYPE=Release -DCLE_PYTHON=OFF -DCLE_JAVA=OFF \
  -DCLE_CSHARP=OFF -DCLE_RUBY=OFF >"$OUT/$NAME/build.log" 2>&1 || { tail -40 "$OUT/$NAME/build.log"; exit 1; }
cmake --build "$BUILD" -j "$JOBS" --target cesperanto cle_overhead program_build_time cl_calls >>"$OUT/$NAME/build.log" 2>&1 ||
  { tail -40 "$OUT/$NAME/build.log"; exit 1; }
LIB=$(find "$BUILD" -name 'libcesperanto.so' | head -1)
echo "library: $LIB"

export PYTHONUNBUFFERED=1
if [ "${1:-}" = transfers ]; then # bash bench/gpu-run.sh transfers [transfers.py arguments]
  shift
  echo "== transfer rates on $DEVICE =="
  exec timeout "${BENCH_TIMEOUT:-540}" python3 bench/transfers.py --lib "$LIB" --device "$DEVICE" --out "$OUT/$NAME" "$@"
fi
if [ "${1:-}" = profile ]; then # bash bench/gpu-run.sh profile --ops dilate_labels --sizes 512^3 (per-kernel times)
  shift
  echo "== kernel profile on $DEVICE =="
  timeout "${BENCH_TIMEOUT:-540}" python3 bench/profile.py --lib "$LIB" --device "$DEVICE" "$@" 2>&1 |
    tee "$OUT/$NAME/profile.txt"
  exit "${PIPESTATUS[0]}"
fi
if [ "${1:-}" = first-call ]; then # bash bench/gpu-run.sh first-call [--reps 5] [--variant ...]
  shift
  echo "== first calls on $DEVICE =="
  exec timeout "${BENCH_TIMEOUT:-540}" python3 bench/first_call.py --lib "$LIB" --device "$DEVICE" --out "$OUT/$NAME" \
    --trace "$BUILD/bench/libcl_calls.so" "$@"
fi
if [ "${1:-}" = build-times ]; then # bash bench/gpu-run.sh build-times ["threshold_otsu" ...]
  shift
  [ $# -gt 0 ] || set -- "gaussian_blur s1" threshold_otsu "connected_component_labeling box" "pipeline blur3-otsu-label"
  for op in "$@"; do
    dump=$(mktemp -d) cache=$(mktemp -d)
    dtype=float32
    [ "$op" = "connected_component_labeling box" ] && dtype=uint8
    CLE_PROGRAM_DUMP=$dump CLE_CACHE_DIR=$cache CUDA_CACHE_DISABLE=1 BENCH_LIB=$LIB BENCH_DEVICE=$DEVICE \
      python3 bench/child.py firstcall cesperanto "$op" 2048x2048 $dtype >/dev/null
    echo "== $op: $(ls "$dump" | wc -l) programs =="
    CUDA_CACHE_DISABLE=1 "$BUILD/bench/program_build_time" --device "$DEVICE" --repeat 3 "$dump"/*.cl
    IFS='|' read -ra variants <<<"${BUILD_VARIANTS:-}" # other build options, '|' between them
    for options in "${variants[@]}"; do
      echo "-- with options '$options':"
      CUDA_CACHE_DISABLE=1 "$BUILD/bench/program_build_time" --device "$DEVICE" --repeat 3 --options "$options" \
        "$dump"/*.cl || echo "-- (a build failed with these options)"
    done
    rm -rf "$dump" "$cache"
  done 2>&1 | tee "$OUT/$NAME/build-times.txt"
  exit "${PIPESTATUS[0]}"
fi
if [ "${1:-}" = fft ]; then # bash bench/gpu-run.sh fft [fft.py arguments, e.g. --sizes 256,512]
  shift
  echo "== FFT convolution and deconvolution on $DEVICE =="
  exec timeout "${BENCH_TIMEOUT:-540}" python3 bench/fft.py --lib "$LIB" --device "$DEVICE" --out "$OUT/$NAME" "$@"
fi
echo "== benchmark on $DEVICE =="
RESUME=()
[ -n "${BENCH_RESUME:-}" ] && RESUME=(--resume "$BENCH_RESUME")
timeout "${BENCH_TIMEOUT:-540}" python3 bench/bench.py --lib "$LIB" --device "$DEVICE" \
  --overhead "$BUILD/bench/cle_overhead" --out "$OUT/$NAME" --budget 2 --max-call 20 \
  "${RESUME[@]}" "$@" || {
  rc=$?
  echo "bench.py exited with $rc (124: stopped by the timeout; the results so far are in $OUT/$NAME)"
  exit $rc
}
