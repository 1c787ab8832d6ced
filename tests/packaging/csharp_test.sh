#!/usr/bin/env bash
# The C# binding as a user gets it: the published layout (Cesperanto.dll,
# Cesperanto.dll.config, runtimes/RID/native/) copied alone into a folder
# outside the tree, the README's C# example (its ```csharp block, word for
# word) compiled against it into that folder and run with `mono` there and
# from another folder. The native libraries must be found relative to the
# assembly: their RUNPATH is $ORIGIN or none, never a build-tree path.
#   csharp_test.sh PUBLISH_DIR SOURCE_DIR BUILD_DIR MCS MONO
set -euo pipefail
publish=$1 src=$2 build=$3 mcs=$4 mono=$5
fail() { echo "FAIL: $*" >&2; exit 1; }
work=$(mktemp -d "${TMPDIR:-/tmp}/cesperanto-csharp.XXXXXX") # outside the tree
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/run/data"
cp -r "$publish" "$work/app"
cp "$src/data/blobs.tif" "$work/run/data/" # the example reads data/blobs.tif relative to where it runs

# nothing may lead to the build tree
unset MONO_PATH MONO_CONFIG CESPERANTO_LIBRARY_PATH
keep=()
IFS=: read -r -a entries <<<"${LD_LIBRARY_PATH:-}"
for e in "${entries[@]}"; do [[ -z $e || $e == "$build"* || $e == "$src"* ]] || keep+=("$e"); done
LD_LIBRARY_PATH=$(IFS=:; echo "${keep[*]:-}")
export LD_LIBRARY_PATH

natives=$(find "$work/app/runtimes" -path '*/native/*' -name '*.so*')
[ -n "$natives" ] || fail "no runtimes/RID/native/ libraries in $publish"
for lib in $natives; do
  paths=$(readelf -d "$lib" | sed -n 's/.*R\(UN\)\?PATH.*\[\(.*\)\]/\2/p')
  [[ -z $paths || $paths == '$ORIGIN' ]] || fail "${lib#"$work/app/"} has RUNPATH '$paths' (only \$ORIGIN may be)"
done
[ -f "$work/app/Cesperanto.dll.config" ] || fail "no Cesperanto.dll.config in $publish"

awk '/^```csharp$/ {on=1; next} /^```$/ {if (on) exit} on' "$src/README.md" >"$work/Example.cs"
grep -q 'class Example' "$work/Example.cs" || fail "no C# example in README.md"
expected=$(grep -o 'labels the objects ([0-9]* of them)' "$src/README.md" | grep -o '[0-9]*')
"$mcs" -nologo -nowarn:219 -r:"$work/app/Cesperanto.dll" -out:"$work/app/Example.exe" "$work/Example.cs" ||
  fail "mcs of the README's example against the published Cesperanto.dll"

# in the application's folder, then from another one (the libraries follow the assembly, not the current folder)
cp -r "$work/run/data" "$work/app/"
(cd "$work/app" && "$mono" Example.exe) >"$work/out-app.txt" 2>"$work/err.txt" ||
  { cat "$work/err.txt"; fail "the README's C# example ran with an error in the published folder"; }
rm -r "$work/app/data"
(cd "$work/run" && "$mono" ../app/Example.exe) >"$work/out-run.txt" 2>"$work/err.txt" ||
  { cat "$work/err.txt"; fail "the README's C# example ran with an error from another folder"; }
for out in "$work/out-app.txt" "$work/out-run.txt"; do
  grep -Eq "^$expected objects$" "$out" || fail "the example printed '$(cat "$out")', README.md says $expected objects"
done
echo "csharp: $(cat "$work/out-run.txt") with mono from the published layout alone ($(cd "$work/app" && find . -type f | sort | tr '\n' ' '))"
