#!/usr/bin/env bash
# The Python wheel as a user gets it: build-wheel.sh makes it (from BUILD's
# compiled files, or from an sdist with --sdist: a full build) and auditwheel
# repairs it; pip installs it into a fresh venv outside the tree; the README's
# Python example (its ```python block, word for word) runs there from a folder
# outside the tree, with no PYTHONPATH, and prints what it prints against the
# build tree. Every shared library the installed package loads is the wheel's
# own or one that manylinux lets a wheel take from the system (glibc's); the
# OpenCL driver (pocl here) is the only thing that comes from the machine.
#   wheel_test.sh BUILD_DIR SOURCE_DIR WORK_DIR VERSION [--sdist]
# The venv has the system's site-packages for numpy (pip installs offline);
# cesperanto must come from the venv.
set -euo pipefail
build=$(cd "$1" && pwd) src=$(cd "$2" && pwd) work=$3 version=$4 mode=${5-}
python=${PYTHON:-python3}
fail() { echo "FAIL: $*" >&2; exit 1; }
rm -rf "$work" && mkdir -p "$work"
work=$(cd "$work" && pwd)
outside=$(mktemp -d "${TMPDIR:-/tmp}/cesperanto-wheel.XXXXXX")
trap 'rm -rf "$outside"' EXIT
case "$outside/" in "$src"/* | "$build"/*) fail "the temporary folder $outside is inside the tree" ;; esac

# 1. the wheel
if [ "$mode" = --sdist ]; then
  # the sdist holds what the build needs: it builds the wheel with nothing else of the checkout
  "$python" -m build --sdist --no-isolation --outdir "$work/sdist" "$src" >"$work/sdist.log" 2>&1 ||
    { cat "$work/sdist.log"; fail "python -m build --sdist"; }
  sdist=("$work/sdist"/cesperanto-"$version".tar.gz)
  [ -f "${sdist[0]}" ] || fail "no sdist cesperanto-$version.tar.gz in $work/sdist"
  PYTHON=$python bash "$src/bindings/python/build-wheel.sh" "$work/wheelhouse" "${sdist[0]}" -- --no-build-isolation \
    >"$work/wheel.log" 2>&1 || { cat "$work/wheel.log"; fail "building the wheel from the sdist"; }
else
  PYTHON=$python bash "$src/bindings/python/build-wheel.sh" --from-build "$build" "$work/wheelhouse" \
    >"$work/wheel.log" 2>&1 || { cat "$work/wheel.log"; fail "build-wheel.sh --from-build"; }
fi
wheels=("$work/wheelhouse"/cesperanto-"$version"-*manylinux*.whl)
[ -f "${wheels[0]}" ] || fail "no manylinux wheel cesperanto-$version in $work/wheelhouse: $(ls "$work/wheelhouse")"
wheel=${wheels[0]}
"$python" - "$wheel" <<'PY' || fail "the wheel's contents"
import re, sys, zipfile
names = zipfile.ZipFile(sys.argv[1]).namelist()
libs = [n for n in names if re.search(r"\.so(\.|$)", n)]
need = [r"^cesperanto/_cesperanto_core\..*\.so$", r"^cesperanto/libcesperanto\.so\.\d+\.\d+$",
        r"^cesperanto/__init__\.py$", r"^cesperanto/_ops\.py$", r"^cesperanto/cesperanto_core\.py$",
        r"^cesperanto/dask\.py$", r"^cesperanto/_footprint\.py$", r"^cesperanto/ops\.json$",
        r"^cesperanto\.libs/libOpenCL-[0-9a-f]+\.so", r"^cesperanto\.libs/libyaml-", r"^cesperanto\.libs/libtiff-",
        r"^cesperanto\.libs/libpng16-"]
missing = [p for p in need if not any(re.search(p, n) for n in names)]
extra = [n for n in libs if n.startswith("cesperanto/") and not re.search(r"/(_cesperanto_core\..*\.so|libcesperanto\.so\.\d+\.\d+)$", n)]
if missing or extra:
    sys.exit(f"missing {missing}; unexpected {extra}; the wheel holds {libs}")
print(f"wheel: {len(names)} files, {len(libs)} shared libraries")
PY

# 2. a fresh venv outside the tree, without pip (the outer pip installs into it), offline
venv=$outside/venv
"$python" -m venv --system-site-packages --without-pip "$venv"
"$python" -m pip --python "$venv/bin/python" install --no-index --no-cache-dir "$wheel" >"$work/pip.log" 2>&1 ||
  { cat "$work/pip.log"; fail "pip install of the wheel into the venv"; }

run=$outside/run
mkdir -p "$run"
cp -r "$src/data" "$run/"   # the example reads data/blobs.tif relative to where it runs
awk '/^```python$/ {on=1; next} /^```$/ {if (on) exit} on' "$src/README.md" >"$run/example.py"
grep -q 'import cesperanto' "$run/example.py" || fail "no Python example in README.md"

# 3. it is the venv's cesperanto, with the version of CMakeLists.txt everywhere
(cd "$run" && env -u PYTHONPATH -u CLE_OPS_JSON "$venv/bin/python" -c "
import cesperanto, importlib.metadata as md, importlib.util, os, sys
assert os.path.realpath(cesperanto.__file__).startswith(os.path.realpath(sys.prefix) + os.sep), cesperanto.__file__
v = {'library': cesperanto.__version__, 'metadata': md.version('cesperanto'), 'CMakeLists.txt': sys.argv[1]}
assert len(set(v.values())) == 1, v
print('version', v['metadata'], 'from', os.path.dirname(cesperanto.__file__))
if importlib.util.find_spec('dask'):  # cesperanto.dask reads the package's own ops.json
    import cesperanto.dask
    assert cesperanto.dask.supported('gaussian_blur') == ('overlap', None)
" "$version") >"$work/import.out" 2>&1 || { cat "$work/import.out"; fail "importing the installed package"; }

# 4. every library it loads is the wheel's own or one that its manylinux tag lets
# a wheel take from the system (auditwheel's policy for that tag: glibc's, libstdc++, libz, ...)
site=$("$venv/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["platlib"])')
tag=$(basename "$wheel" | grep -oE 'manylinux_[0-9]+_[0-9]+')
system_ok=$("$python" - "$tag" <<'PY'
import json, re, sys, importlib.resources
policies = json.loads(importlib.resources.files("auditwheel.policy").joinpath("manylinux-policy.json").read_text())
libs = next(p["lib_whitelist"] for p in policies if p["name"] == sys.argv[1])
print("^(" + "|".join(re.escape(n) for n in libs) + ")$")
PY
) || fail "no auditwheel policy for $tag"
while IFS= read -r lib; do
  while read -r name arrow path _; do
    [ "$arrow" = "=>" ] || { [[ $name == /* || $name == linux-vdso* || $name == statically ]] && continue; fail "$lib: '$name' unresolved"; }
    [ "$path" != "not" ] || fail "$lib needs $name, which is not found"
    [[ $name =~ $system_ok || $path == "$site"/* ]] || fail "$lib loads $path from the system: the wheel should carry $name"
  done < <(env -u LD_LIBRARY_PATH ldd "$lib")
done < <(find "$site/cesperanto" "$site/cesperanto.libs" -name '*.so*' -type f)

# 5. the README's example, against the installed package and against the build tree
(cd "$run" && env -u PYTHONPATH "$venv/bin/python" example.py) >"$work/example.out" 2>&1 ||
  { cat "$work/example.out"; fail "the README's Python example in the venv"; }
(cd "$run" && PYTHONPATH="$build/bindings/python" "$python" example.py) >"$work/example.build.out" 2>&1 ||
  { cat "$work/example.build.out"; fail "the README's Python example against the build tree"; }
objects=$(grep -E '^[0-9]+(\.0)? objects$' "$work/example.out") || fail "the example printed no object count: $(head -5 "$work/example.out")"
cmp -s "$work/example.out" "$work/example.build.out" || fail "the installed package printed otherwise than the build tree"
echo "wheel: $(basename "$wheel") ($(du -k "$wheel" | cut -f1) KiB); $(cat "$work/import.out"); README example: $objects"
