#!/usr/bin/env bash
# The jar as a user gets it: cesperanto.jar alone in a folder outside the
# tree; the README's Java example (its ```java block, word for word) compiled
# against it and run with `java -cp cesperanto.jar:.` from there, the native
# libraries coming out of the jar. Also checks the manifest's version, the
# class files' Java release, and that no library in the jar has a RUNPATH;
# then the Fiji script examples/fiji/cesperanto_labels.py as Fiji runs it
# (Jython 2.7 with ImageJ's ij.jar and cesperanto.jar on the class path, headless).
#   java_test.sh JAR SOURCE_DIR BUILD_DIR JAVAC JAVA VERSION RELEASE IJ_JAR JYTHON_JAR
set -euo pipefail
jar=$1 src=$2 build=$3 javac=$4 java=$5 version=$6 release=$7 ij=$8 jython=$9
fail() { echo "FAIL: $*" >&2; exit 1; }
work=$(mktemp -d "${TMPDIR:-/tmp}/cesperanto-java.XXXXXX") # outside the tree
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/app/data" "$work/inspect"
cp "$jar" "$work/app/cesperanto.jar"
cp "$src/data/blobs.tif" "$work/app/data/" # the example reads data/blobs.tif relative to where it runs
jartool=$(dirname "$(readlink -f "$javac")")/jar

# nothing may lead to the build tree: no library path variable, no class path
unset CESPERANTO_LIBRARY_PATH CLASSPATH JAVA_TOOL_OPTIONS
keep=()
IFS=: read -r -a entries <<<"${LD_LIBRARY_PATH:-}"
for e in "${entries[@]}"; do [[ -z $e || $e == "$build"* || $e == "$src"* ]] || keep+=("$e"); done
LD_LIBRARY_PATH=$(IFS=:; echo "${keep[*]:-}")
export LD_LIBRARY_PATH

# the manifest and the class files
(cd "$work/inspect" && "$jartool" xf "$work/app/cesperanto.jar")
manifest=$work/inspect/META-INF/MANIFEST.MF
grep -q "^Implementation-Version: $version"$'\r'"\?$" "$manifest" || fail "manifest has no Implementation-Version $version: $(cat "$manifest")"
major=$(od -An -j6 -N2 -tu1 "$work/inspect/net/cesperanto/Cle.class" | awk '{print $1 * 256 + $2}')
[ "$major" -eq $((44 + release)) ] || fail "Cle.class has class file version $major, not Java $release's $((44 + release))"
libs=$(find "$work/inspect" -name '*.so')
[ -n "$libs" ] || fail "no native library in the jar"
for lib in $libs; do
  if readelf -d "$lib" | grep -Eq 'R(UN)?PATH'; then fail "${lib#"$work/inspect/"} keeps a RUNPATH: $(readelf -d "$lib" | grep -E 'R(UN)?PATH')"; fi
done

# the README's example
awk '/^```java$/ {on=1; next} /^```$/ {if (on) exit} on' "$src/README.md" >"$work/app/Example.java"
grep -q 'class Example' "$work/app/Example.java" || fail "no Java example in README.md"
expected=$(grep -o 'labels the objects ([0-9]* of them)' "$src/README.md" | grep -o '[0-9]*')
cd "$work/app"
"$javac" -cp cesperanto.jar -d . Example.java || fail "javac of the README's example against cesperanto.jar"
mkdir -p tmp
"$java" -Djava.io.tmpdir="$work/app/tmp" -cp cesperanto.jar:. Example >out.txt 2>err.txt ||
  { cat err.txt; fail "the README's Java example ran with an error"; }
grep -Eq "^$expected(\\.0)? objects$" out.txt || fail "the example printed '$(cat out.txt)', README.md says $expected objects"
[ -z "$(ls -A tmp)" ] || fail "the extracted libraries were left in java.io.tmpdir: $(ls tmp)"

"$java" -Djava.awt.headless=true -Dpython.cachedir.skip=true -Dcesperanto.sample=data/blobs.tif \
  -cp "$jython:cesperanto.jar:$ij" org.python.util.jython "$src/examples/fiji/cesperanto_labels.py" >fiji.txt 2>err.txt ||
  { cat err.txt; fail "the Fiji script examples/fiji/cesperanto_labels.py ran with an error"; }
grep -Eq "^$expected objects$" fiji.txt || fail "the Fiji script printed '$(cat fiji.txt)', README.md says $expected objects"
echo "fiji script: $(cat fiji.txt) (Jython, ImageJ $ij)"
echo "java: $(cat out.txt) from $work/app with cesperanto.jar alone (manifest $version, class files for Java $release)"
