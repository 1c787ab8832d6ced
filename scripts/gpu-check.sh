#!/usr/bin/env bash
# On the GPU machine: build the C library and tests (bindings off: SWIG, Java
# and Mono are not installed there) and run the CTest suite on the NVIDIA GPU.
# Logs go under $OUT (the device tool's output folder) or /tmp/out.
set -uo pipefail
cd "$(dirname "$0")/.."
OUT=${OUT:-/tmp/out}; mkdir -p "$OUT"
. scripts/gpu-env.sh
BUILD=${BUILD:-/tmp/build-gpu}
cmake -S . -B "$BUILD" -DCMAKE_BUILD_TYPE=Release -DCLE_PYTHON=OFF -DCLE_JAVA=OFF -DCLE_CSHARP=OFF -DCLE_RUBY=OFF \
  >"$OUT/configure.log" 2>&1 || { tail -30 "$OUT/configure.log"; exit 1; }
cmake --build "$BUILD" -j "$(nproc)" >"$OUT/build.log" 2>&1 || { tail -40 "$OUT/build.log"; exit 1; }
"$BUILD/cli/cle" devices
# format.check needs clang-format, which the machine lacks; the layout is no GPU matter.
CLE_DEVICE=${CLE_DEVICE:-NVIDIA} ctest --test-dir "$BUILD" -j "${CTEST_JOBS:-4}" --output-on-failure -LE bench -E format.check \
  2>&1 | tee "$OUT/ctest-gpu.log" | tail -60
