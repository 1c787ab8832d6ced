#!/usr/bin/env bash
# `cmake --install` into a temporary prefix, then use it as a user would:
# the README's C example (its ```c block, word for word) built with
# find_package(cesperanto) and with pkg-config, run from another folder; the
# installed `cle` (RUNPATH $ORIGIN/../lib) runs `cle demo`; the library has
# its SONAME. No build-tree path may be needed by any of them.
#   install_test.sh BUILD_DIR SOURCE_DIR WORK_DIR
set -euo pipefail
build=$1 src=$2 work=$3
rm -rf "$work" && mkdir -p "$work"
prefix=$work/prefix
fail() { echo "FAIL: $*" >&2; exit 1; }

cmake --install "$build" --prefix "$prefix" >"$work/install.log" || { cat "$work/install.log"; fail "cmake --install"; }
libdir=$(dirname "$(find "$prefix" -name 'libcesperanto.so' | head -1)")
[ -n "$libdir" ] || fail "no libcesperanto.so under $prefix"
soname=$(objdump -p "$libdir/libcesperanto.so" | awk '/SONAME/ {print $2}')
[[ $soname == libcesperanto.so.* ]] || fail "SONAME is '$soname'"
[ -e "$libdir/$soname" ] || fail "$soname is not installed"
for h in cesperanto.h cle.h cle_ops.h cle_io.h cle_pipeline.h cle_registry.h; do
  [ -f "$prefix/include/cesperanto/$h" ] || fail "header $h is not installed"
done

# the README's C example
awk '/^```c$/ {on=1; next} /^```$/ {if (on) exit} on' "$src/README.md" >"$work/example.c"
grep -q cle_gaussian_blur "$work/example.c" || fail "no C example in README.md"
mkdir -p "$work/run"
cp -r "$src/data" "$work/run/"   # the example reads data/blobs.tif relative to where it runs

# 1. CMake package
cmake -S "$src/tests/packaging/c_example" -B "$work/cmake-build" -DCMAKE_PREFIX_PATH="$prefix" \
  -DEXAMPLE_SOURCE="$work/example.c" >"$work/cmake.log" 2>&1 || { cat "$work/cmake.log"; fail "find_package(cesperanto)"; }
cmake --build "$work/cmake-build" >>"$work/cmake.log" 2>&1 || { cat "$work/cmake.log"; fail "building with cesperanto::cesperanto"; }
(cd "$work/run" && LD_LIBRARY_PATH="$libdir${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}" "$work/cmake-build/example") >"$work/cmake.out" || fail "the find_package example ran with an error"
grep -Eq '^[0-9]+ objects$' "$work/cmake.out" || fail "find_package example printed: $(cat "$work/cmake.out")"

# 2. pkg-config
export PKG_CONFIG_PATH="$libdir/pkgconfig"
flags=$(pkg-config --cflags --libs cesperanto) || fail "pkg-config cesperanto"
cc "$work/example.c" $flags -o "$work/example-pc" || fail "building with pkg-config's flags ($flags)"
(cd "$work/run" && LD_LIBRARY_PATH="$libdir${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}" "$work/example-pc") >"$work/pc.out" || fail "the pkg-config example ran with an error"
cmp -s "$work/cmake.out" "$work/pc.out" || fail "the two builds printed different results"

[ -f "$prefix/share/cesperanto/blobs.tif" ] || fail "the sample data is not installed"

# 3. the installed command finds libcesperanto by its RUNPATH (the environment's
# LD_LIBRARY_PATH is kept: on the GPU machine it holds libyaml and libtiff)
(cd "$work/run" && "$prefix/bin/cle" demo --out demo-out) >"$work/demo.out" 2>&1 ||
  { cat "$work/demo.out"; fail "installed cle demo"; }
[ -s "$work/run/demo-out/labels.tif" ] || fail "installed cle demo wrote no labels.tif"
echo "install: $(cat "$work/cmake.out") with find_package and pkg-config; SONAME $soname; installed cle demo ran"
