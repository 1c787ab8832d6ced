#!/usr/bin/env bash
# The files .clang-format rules: the project's C sources and headers and its
# OpenCL kernels -- not the test fixtures that are malformed or byte-exact on
# purpose (spec-errors, embedding, generator fixtures).
cd "$(dirname "$0")/.."
git ls-files -- '*.c' '*.h' '*.cl' |
  grep -Ev '^tests/(spec-errors|runtime/embed|generator/fixtures)/'
