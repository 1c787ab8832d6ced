#!/usr/bin/env bash
# Lay out the project's C and OpenCL C with .clang-format (clang-format from
# scripts/install-deps.sh). With --check, change nothing and list the files
# that differ (the CTest test format.check runs that).
set -euo pipefail
cd "$(dirname "$0")/.."
mapfile -t files < <(scripts/format-files.sh)
if [ "${1:-}" = "--check" ]; then
  bad=()
  for f in "${files[@]}"; do
    clang-format --dry-run --Werror "$f" >/dev/null 2>&1 || bad+=("$f")
  done
  if [ ${#bad[@]} -gt 0 ]; then
    echo "format: ${#bad[@]} of ${#files[@]} files differ from .clang-format (run scripts/format.sh):" >&2
    printf '  %s\n' "${bad[@]}" >&2
    exit 1
  fi
  echo "format: ${#files[@]} files follow .clang-format"
  exit 0
fi
clang-format -i "${files[@]}"
