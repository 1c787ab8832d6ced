#!/usr/bin/env bash
# Command-line tests of `cle`, one group per CTest test:
#   cli_tests.sh GROUP CLE CLI_CHECK SOURCE_DIR
# Each group works in a fresh scratch folder holding `data` and `examples`
# links to the source tree, so commands read exactly as in the README.
# Outputs are compared with the library's own results by cli_check.
set -u
group=$1 cle=$2 check=$3 src=$4
failures=0
work=$(mktemp -d "${TMPDIR:-/tmp}/cle-cli-XXXXXX")
trap 'rm -rf "$work"' EXIT
cd "$work" || exit 2
ln -s "$src/data" data
ln -s "$src/examples" examples

fail() { echo "FAIL [$group]: $*" >&2; failures=$((failures + 1)); }

# ok WHAT -- COMMAND...: exit 0; stdout in out.txt, stderr in err.txt
ok() {
  local what=$1; shift 2
  "$@" >out.txt 2>err.txt
  local rc=$?
  [ $rc -eq 0 ] || fail "$what: exit $rc: $(cat err.txt)"
}

# bad WHAT EXIT STDERR_REGEX [FILE...] -- COMMAND...: exit EXIT, exactly one
# line on stderr matching the regex, none of FILE written, no temporaries.
bad() {
  local what=$1 want_rc=$2 regex=$3; shift 3
  local files=()
  while [ "$1" != "--" ]; do files+=("$1"); shift; done
  shift
  "$@" >out.txt 2>err.txt
  local rc=$? lines
  lines=$(wc -l <err.txt)
  [ $rc -eq "$want_rc" ] || fail "$what: exit $rc, wanted $want_rc"
  [ "$lines" -eq 1 ] || fail "$what: $lines lines on stderr: $(cat err.txt)"
  grep -Eq -- "$regex" err.txt || fail "$what: stderr '$(head -c 300 err.txt)' does not match /$regex/"
  for f in "${files[@]}"; do [ ! -e "$f" ] || fail "$what: $f was written"; done
  if ls -a | grep -Eq 'tmp-|cle-run|cle-demo'; then fail "$what: temporary files left: $(ls -a | tr '\n' ' ')"; fi
}

case $group in
readme)
  # The command-line examples of the README, in order, each output checked.
  ok "demo" -- "$cle" demo --out results
  "$check" seed results data out.txt || fail "demo outputs"
  ok "list" -- "$cle" list --category filter
  "$check" list out.txt filter || fail "list --category filter"
  ok "help" -- "$cle" help gaussian_blur
  "$check" help out.txt gaussian_blur || fail "help gaussian_blur"
  ok "blur" -- "$cle" gaussian_blur data/blobs.tif blurred.tif --sigma-x 2 --sigma-y 2 --time
  "$check" tiff-equals blurred.tif blur data/blobs.tif 2 2 || fail "blurred.tif"
  grep -Eq "read .* ms, push .* ms, compute .* ms, pull .* ms, write .* ms" err.txt || fail "--time: $(cat err.txt)"
  ok "otsu" -- "$cle" threshold_otsu blurred.tif binary.tif
  "$check" tiff-equals binary.tif otsu blurred.tif || fail "binary.tif"
  ok "labeling" -- "$cle" connected_component_labeling binary.tif labels.tif --connectivity diamond
  "$check" tiff-equals labels.tif ccl binary.tif diamond || fail "labels.tif"
  ok "count" -- "$cle" maximum_of_all_pixels labels.tif
  "$check" scalar out.txt max labels.tif || fail "maximum_of_all_pixels"
  ok "projection" -- "$cle" maximum_z_projection data/mini-t1-head.tif head_mip.png
  [ -s head_mip.png ] || fail "head_mip.png"
  ok "pipeline" -- "$cle" run examples/seed_workflow.yaml --out results
  "$check" seed results data out.txt || fail "seed_workflow.yaml"
  ok "pipeline on another image" -- "$cle" run examples/seed_workflow.yaml --input data/mini_blobs.tif --out results_mini
  "$check" seed-of results_mini data/mini_blobs.tif out.txt || fail "seed_workflow.yaml --input"
  ok "devices" -- "$cle" devices
  grep -q '^\*' out.txt || fail "devices: no device marked as the one used"
  ok "version" -- "$cle" version
  grep -q "^cle [0-9]" out.txt || fail "version: $(cat out.txt)"
  # and whatever `cle` lines the README itself shows must run as written
  if [ -f "$src/README.md" ]; then
    while IFS= read -r line; do
      cmd=${line#\$ }
      cmd=${cmd%%#*}
      case $cmd in cle\ * | build/cli/cle\ *) ;; *) continue ;; esac
      cmd=${cmd#build/cli/}
      eval "set -- ${cmd#cle }"
      ok "README: $cmd" -- "$cle" "$@"
    done < <(awk '/^```/{if (!inside) shell = $0 ~ /^```(bash|sh|shell|console)?$/; inside=!inside; next} inside && shell' "$src/README.md")
  fi
  ;;
demo)
  ok "demo" -- "$cle" demo
  "$check" seed . data out.txt || fail "demo outputs"
  grep -q "^device " out.txt || fail "demo does not print the device"
  grep -Eq "^times .*gaussian_blur .* ms" out.txt || fail "demo does not print timings"
  ;;
pipelines)
  # every example pipeline runs; the known ones are checked pixel for pixel
  for p in "$src"/examples/*.yaml; do
    name=$(basename "$p" .yaml)
    ok "$name" -- "$cle" run "examples/$name.yaml" --out "out_$name"
    grep -q "^done in" out.txt || fail "$name: no timing summary"
    case $name in
    seed_workflow) "$check" seed "out_$name" data out.txt || fail "$name outputs" ;;
    background_subtraction) "$check" background "out_$name" data out.txt || fail "$name outputs" ;;
    head_projection) "$check" mip "out_$name" data || fail "$name outputs" ;;
    *) fail "$name: no check for this example; add one to cli_tests.sh" ;;
    esac
  done
  ;;
no-inputs)
  # an op without inputs: only the output file; the seed repeats its image, the pipeline step gives the same
  ok "tissue" -- "$cle" artificial_tissue t1.tif --width 45 --height 37 --depth 5 --delta-z 3 --sigma-z 1 --seed 9
  ok "tissue again" -- "$cle" artificial_tissue t2.tif --width 45 --height 37 --depth 5 --delta-z 3 --sigma-z 1 --seed 9
  ok "another seed" -- "$cle" artificial_tissue t3.tif --width 45 --height 37 --depth 5 --delta-z 3 --sigma-z 1 --seed 10
  cmp -s t1.tif t2.tif || fail "the same seed wrote other pixels"
  cmp -s t1.tif t3.tif && fail "another seed wrote the same pixels"
  ok "default grid" -- "$cle" artificial_tissue t4.tif --width 64 --height 48
  [ -s t4.tif ] || fail "t4.tif"
  cat >tissue.yaml <<'EOF'
- op: artificial_tissue
  params: {width: 45, height: 37, depth: 5, delta_z: 3, sigma_z: 1, seed: 9}
  save: t1.tif
EOF
  ok "pipeline" -- "$cle" run tissue.yaml --out piped
  cmp -s t1.tif piped/t1.tif || fail "the pipeline step wrote other pixels than the command"
  bad "an input file" 2 "^cle: artificial_tissue takes no input file, only an output file, got 2 file names" t5.tif -- \
    "$cle" artificial_tissue t1.tif t5.tif
  bad "delta_z 0 in 3D" 1 "^cle: artificial_tissue: delta_z must be > 0 where the depth \(5\) exceeds 1" t5.tif -- \
    "$cle" artificial_tissue t5.tif --depth 5
  cat >tissue_input.yaml <<'EOF'
- op: artificial_tissue
  inputs: {input_image: t1.tif}
  save: t5.tif
EOF
  bad "pipeline: an input" 2 "^cle: tissue_input.yaml:2:12: artificial_tissue has no input 'input_image'; its inputs: none" \
    t5.tif -- "$cle" run tissue_input.yaml
  ;;
bad-inputs)
  mkdir folder.tif
  echo "not an image" >text.tif
  head -c 3000 data/blobs.tif >cut.tif
  "$check" forge forged.tif
  bad "missing file" 1 "^cle: cle_tiff_read: missing.tif: cannot open: No such file" out.tif -- \
    "$cle" gaussian_blur missing.tif out.tif
  bad "directory" 1 "folder.tif: is a directory" out.tif -- "$cle" gaussian_blur folder.tif out.tif
  bad "not a TIFF" 1 "text.tif: not a TIFF file" out.tif -- "$cle" gaussian_blur text.tif out.tif
  bad "truncated TIFF" 1 "cut.tif: truncated" out.tif -- "$cle" gaussian_blur cut.tif out.tif
  bad "forged header" 1 "forged.tif: truncated or forged: header claims 100000x100000" out.tif -- \
    "$cle" gaussian_blur forged.tif out.tif
  cat >unknown_op.yaml <<'EOF'
- op: gaussian_blur
  inputs: {input_image: data/blobs.tif}
  as: blurred
- op: treshold_otsu
  inputs: {input_image: blurred}
  save: out.tif
EOF
  bad "pipeline: unknown op" 2 "^cle: unknown_op.yaml:4:7: unknown op 'treshold_otsu' \(did you mean threshold_otsu\?\)$" \
    out.tif -- "$cle" run unknown_op.yaml
  cat >param_name.yaml <<'EOF'
- op: gaussian_blur
  inputs: {input_image: data/blobs.tif}
  params: {sigma: 2}
  save: out.tif
EOF
  bad "pipeline: parameter name" 2 "^cle: param_name.yaml:3:12: gaussian_blur has no parameter 'sigma'; its parameters: sigma_x, sigma_y, sigma_z$" \
    out.tif -- "$cle" run param_name.yaml
  cat >type.yaml <<'EOF'
- op: gaussian_blur
  inputs: {input_image: data/blobs.tif}
  params: {sigma_x: big}
  save: out.tif
EOF
  bad "pipeline: type mismatch" 2 "^cle: type.yaml:3:21: type mismatch: gaussian_blur: sigma_x expects a float, got 'big'$" \
    out.tif -- "$cle" run type.yaml
  cat >forward.yaml <<'EOF'
- op: threshold_otsu
  inputs: {input_image: blurred}
  save: out.tif
- op: gaussian_blur
  inputs: {input_image: data/blobs.tif}
  as: blurred
EOF
  bad "pipeline: forward reference" 2 "^cle: forward.yaml:2:25: forward reference: 'blurred' is made later, at line 4" \
    out.tif -- "$cle" run forward.yaml
  cat >cycle.yaml <<'EOF'
- op: gaussian_blur
  inputs: {input_image: second}
  as: first
  save: out.tif
- op: threshold_otsu
  inputs: {input_image: first}
  as: second
EOF
  bad "pipeline: cycle" 2 "^cle: cycle.yaml:2:25: cycle: 'second' \(made at line 5\)" out.tif -- "$cle" run cycle.yaml
  bad "pipeline: missing" 1 "^cle: nothing.yaml: cannot read the pipeline: No such file" -- "$cle" run nothing.yaml
  ;;
flags)
  # CLE_PROFILE=1: a table of the kernels run, by total time, on stderr at exit
  CLE_PROFILE=1 ok "profile" -- "$cle" gaussian_blur data/blobs.tif blurred.tif --sigma-x 2 --sigma-y 2
  grep -q "kernel profile (CLE_PROFILE)" err.txt || fail "CLE_PROFILE: no table: $(cat err.txt)"
  grep -Eq "gaussian.* +[0-9]+ +[0-9.]+ +[0-9.]+$" err.txt || fail "CLE_PROFILE: no gaussian kernel row: $(cat err.txt)"
  # and where a first call's time goes: the context, each program built (empty cache) or loaded
  rm -rf profile-cache
  CLE_CACHE_DIR=$PWD/profile-cache CLE_PROFILE=1 ok "profile, empty cache" -- "$cle" gaussian_blur data/blobs.tif \
    blurred.tif --sigma-x 2 --sigma-y 2
  grep -Eq "gaussian_blur_separable.cl:program built from source +2 " err.txt ||
    fail "CLE_PROFILE: no row of the 2 programs built: $(cat err.txt)"
  grep -q "device:context and queue" err.txt || fail "CLE_PROFILE: no context row: $(cat err.txt)"
  CLE_CACHE_DIR=$PWD/profile-cache CLE_PROFILE=1 ok "profile, warm cache" -- "$cle" gaussian_blur data/blobs.tif \
    blurred.tif --sigma-x 2 --sigma-y 2
  grep -Eq "gaussian_blur_separable.cl:program from the disk cache +2 " err.txt ||
    fail "CLE_PROFILE: no row of the 2 programs loaded: $(cat err.txt)"
  ! grep -q "built from source" err.txt || fail "CLE_PROFILE: a program was built with a warm cache: $(cat err.txt)"
  # cle warmup fills the disk cache: the op's first call in a new process then builds nothing
  rm -rf warm-cache
  CLE_CACHE_DIR=$PWD/warm-cache ok "warmup" -- "$cle" warmup gaussian_blur --dtypes uint8
  grep -Eq "^warmup: [1-9][0-9]* calls on .*\(uint8; 2D and 3D\)" out.txt || fail "warmup: $(cat out.txt)"
  CLE_CACHE_DIR=$PWD/warm-cache CLE_PROFILE=1 ok "after warmup" -- "$cle" gaussian_blur data/blobs.tif blurred.tif \
    --sigma-x 2 --sigma-y 2
  grep -q "program from the disk cache" err.txt || fail "after warmup: no program from the disk cache: $(cat err.txt)"
  ! grep -q "built from source" err.txt || fail "after warmup: a program was built: $(cat err.txt)"
  bad "warmup: unknown op" 2 "^cle: warmup: cle_warmup: ops: unknown op 'gausian_blur' \(did you mean gaussian_blur\?\)$" \
    -- "$cle" warmup gausian_blur
  bad "warmup: unknown dtype" 2 "^cle: warmup: cle_warmup: dtypes: unknown dtype 'float64'$" -- "$cle" warmup copy --dtypes float64
  ok "no profile" -- "$cle" gaussian_blur data/blobs.tif blurred.tif --sigma-x 2 --sigma-y 2
  [ ! -s err.txt ] || fail "without CLE_PROFILE stderr is not empty: $(cat err.txt)"
  bad "unknown flag" 2 "^cle: gaussian_blur: unknown option --sigma; valid: --sigma-x, --sigma-y, --sigma-z; and --tile N\|X,Y\[,Z\]\|auto, --device, --time, --progress, --quiet$" \
    out.tif -- "$cle" gaussian_blur data/blobs.tif out.tif --sigma 2
  bad "malformed value" 2 "^cle: gaussian_blur: sigma_x expects a float, got '2px'$" out.tif -- \
    "$cle" gaussian_blur data/blobs.tif out.tif --sigma-x 2px
  bad "out of range" 2 "^cle: gaussian_blur: sigma_x must be >= 0, got -1$" out.tif -- \
    "$cle" gaussian_blur data/blobs.tif out.tif --sigma-x -1
  bad "missing value" 2 "^cle: gaussian_blur: --sigma-x needs a value$" out.tif -- \
    "$cle" gaussian_blur data/blobs.tif out.tif --sigma-x
  bad "given twice" 2 "--sigma-x given twice" out.tif -- "$cle" gaussian_blur data/blobs.tif out.tif --sigma-x 1 --sigma-x=2
  bad "bad choice" 2 "connectivity must be one of box, sphere \\(or diamond for sphere\\), got 'ring'" out.tif -- \
    "$cle" connected_component_labeling data/blobs.tif out.tif --connectivity ring
  bad "too many files" 2 "^cle: gaussian_blur takes 1 input file and an output file, got 3 file names" out.tif -- \
    "$cle" gaussian_blur data/blobs.tif data/blobs.tif out.tif
  bad "output type" 2 "output 'out.jpg': the name must end in .tif, .tiff or .png" out.jpg -- \
    "$cle" gaussian_blur data/blobs.tif out.jpg
  bad "unknown op" 2 "^cle: unknown command or op 'gausian_blur' \(did you mean gaussian_blur\?\)$" -- \
    "$cle" gausian_blur data/blobs.tif out.tif
  bad "no such device" 1 "^cle: no OpenCL device matches 'no-such-device'" out.tif -- \
    "$cle" gaussian_blur data/blobs.tif out.tif --device no-such-device
  bad "unknown help" 2 "^cle: help: unknown op 'gaussian'" -- "$cle" help gaussian
  bad "unknown category" 2 "^cle: list: no op has category 'nope'; categories: " -- "$cle" list --category nope
  # a float list (affine_transform's transform_matrix): commas, None, counts and numbers checked
  ok "float list" -- "$cle" affine_transform data/blobs.tif moved.tif --transform_matrix 1,0,2.5,0,1,-3,0,0,1
  [ -s moved.tif ] || fail "float list: moved.tif not written"
  ok "float list None" -- "$cle" affine_transform data/blobs.tif same.tif --transform-matrix None
  bad "float list count" 2 "^cle: affine_transform: transform_matrix must have 9, 12 or 16 numbers, got 7$" out.tif -- \
    "$cle" affine_transform data/blobs.tif out.tif --transform_matrix 1,0,0,0,1,0,0
  bad "float list number" 2 "^cle: affine_transform: transform_matrix expects numbers separated by commas \(or None\), got '1,x,0'$" \
    out.tif -- "$cle" affine_transform data/blobs.tif out.tif --transform_matrix 1,x,0
  bad "float list finite" 1 "^cle: affine_transform: transform_matrix must hold finite numbers, got inf \(number 3\)$" out.tif -- \
    "$cle" affine_transform data/blobs.tif out.tif --transform_matrix 1,0,inf,0,1,0,0,0,1
  # several outputs: one file per output made (_NAME before the extension); no middle for a 2D image
  ok "several outputs" -- "$cle" hessian_eigenvalues data/blobs.tif eig.tif
  [ -s eig_small_eigenvalue.tif ] && [ -s eig_large_eigenvalue.tif ] || fail "several outputs: files missing: $(ls)"
  [ ! -e eig_middle_eigenvalue.tif ] && [ ! -e eig.tif ] || fail "several outputs: a 2D image wrote $(ls eig*)"
  ok "several outputs 3D" -- "$cle" hessian_eigenvalues data/mini-t1-head.tif head.tif
  [ -s head_small_eigenvalue.tif ] && [ -s head_middle_eigenvalue.tif ] && [ -s head_large_eigenvalue.tif ] ||
    fail "several outputs 3D: files missing: $(ls head*)"
  ok "small alone" -- "$cle" small_hessian_eigenvalue data/blobs.tif small.tif
  ok "large alone" -- "$cle" large_hessian_eigenvalue data/blobs.tif large.tif
  cmp -s small.tif eig_small_eigenvalue.tif || fail "several outputs: small_eigenvalue differs from small_hessian_eigenvalue"
  cmp -s large.tif eig_large_eigenvalue.tif || fail "several outputs: large_eigenvalue differs from large_hessian_eigenvalue"
  cat >several.yaml <<'EOF2'
- op: hessian_eigenvalues
  inputs: {input_image: data/blobs.tif}
  save: eigenvalues.tif
EOF2
  bad "several outputs in a pipeline" 2 "^cle: several.yaml:1:7: op 'hessian_eigenvalues' gives 3 images; a pipeline step gives one" \
    eigenvalues.tif -- "$cle" run several.yaml --out several
  cat >list.yaml <<'EOF2'
- op: affine_transform
  inputs: {input_image: data/blobs.tif}
  params: {transform_matrix: [1, 0, 2.5, 0, 1, -3, 0, 0, 1], resize: true}
  save: listed.tif
EOF2
  ok "pipeline float list" -- "$cle" run list.yaml
  [ -s listed.tif ] || fail "pipeline float list: listed.tif not written"
  cat >list_bad.yaml <<'EOF2'
- op: affine_transform
  inputs: {input_image: data/blobs.tif}
  params: {transform_matrix: [1, 0, 2.5]}
  save: out.tif
EOF2
  bad "pipeline float list count" 2 "^cle: list_bad.yaml:3:30: affine_transform: transform_matrix must have 9, 12 or 16 numbers, got 3$" \
    out.tif -- "$cle" run list_bad.yaml
  # `cle OP --help` is `cle help OP`
  ok "op --help" -- "$cle" gaussian_blur --help
  cp out.txt op_help.txt
  ok "help op" -- "$cle" help gaussian_blur
  cmp -s out.txt op_help.txt || fail "cle gaussian_blur --help differs from cle help gaussian_blur"
  grep -q "^usage: cle gaussian_blur" op_help.txt || fail "cle gaussian_blur --help: $(head -3 op_help.txt)"
  # every command answers --help (and -h) with its own usage on stdout
  for c in list help run demo devices version; do
    ok "$c --help" -- "$cle" $c --help
    grep -q "^usage: cle $c" out.txt || fail "cle $c --help: $(head -2 out.txt)"
    [ ! -s err.txt ] || fail "cle $c --help wrote to stderr: $(cat err.txt)"
  done
  ok "run -h" -- "$cle" run examples/seed_workflow.yaml -h
  grep -q "^usage: cle run PIPELINE.yaml" out.txt || fail "cle run ... -h: $(head -2 out.txt)"
  [ ! -e results ] || fail "cle run -h ran the pipeline"
  # every problem of a pipeline in one run, and no --out folder left behind
  cat >three.yaml <<'EOF2'
- op: gaussian_blurr
  inputs: {input_image: data/blobs.tif}
  as: blurred
- op: threshold_otsu
  inputs: {input_image: blurred}
  params: {sigma: 3}
  as: binary
- op: connected_component_labeling
  inputs: {input_image: binary}
  params: {connectivity: ring}
  save: labels.tif
EOF2
  "$cle" run three.yaml --out three_out >out.txt 2>err.txt
  rc=$?
  [ $rc -eq 2 ] || fail "three problems: exit $rc"
  [ "$(wc -l <err.txt)" -eq 3 ] || fail "three problems: $(wc -l <err.txt) lines: $(cat err.txt)"
  grep -q "^cle: three.yaml:1:7: unknown op 'gaussian_blurr'" err.txt || fail "three problems, first: $(cat err.txt)"
  grep -q "^cle: three.yaml:6:12: threshold_otsu takes no parameters, got 'sigma'" err.txt || fail "three problems, second"
  grep -q "^cle: three.yaml:10:26: .*connectivity must be one of" err.txt || fail "three problems, third"
  [ ! -e three_out ] || fail "three problems: the --out folder was created"
  # accepted spellings: --name=value, underscores, options before the files
  ok "flag forms" -- "$cle" gaussian_blur --sigma_x=2 --sigma-y 2 data/blobs.tif blurred.tif
  "$check" tiff-equals blurred.tif blur data/blobs.tif 2 2 || fail "flag forms"
  ok "png output" -- "$cle" connected_component_labeling data/mini_blobs.tif labels.png
  [ -s labels.png ] || fail "labels.png"
  # grey PNGs are read as well as written (the picture of blobs is stretched to 0..255)
  ok "png picture" -- "$cle" copy data/blobs.tif grey.png
  ok "png input" -- "$cle" maximum_of_all_pixels grey.png
  grep -Eq '^255(\.0*)?$' out.txt || fail "png input: maximum $(cat out.txt)"
  bad "colour png input" 1 "labels.png: a RGB PNG; only grey PNG images are read" -- \
    "$cle" maximum_of_all_pixels labels.png
  # upstream's deprecated name still works, with a warning; a choice alias too
  ok "deprecated op name" -- "$cle" connected_components_labeling data/mini_blobs.tif old.tif --connectivity diamond
  grep -qx "cle: warning: 'connected_components_labeling' is deprecated; use 'connected_component_labeling'" err.txt ||
    fail "deprecated op name: stderr '$(cat err.txt)'"
  "$check" tiff-equals old.tif ccl data/mini_blobs.tif sphere || fail "old.tif"
  cat >deprecated.yaml <<'EOF'
- op: connected_components_labeling
  inputs: {input_image: data/mini_blobs.tif}
  params: {connectivity: diamond}
  save: old_pipeline.tif
EOF
  ok "deprecated op in a pipeline" -- "$cle" run deprecated.yaml
  grep -q "deprecated.yaml:1:7: warning: 'connected_components_labeling' is deprecated; use 'connected_component_labeling'" \
    out.txt err.txt || fail "deprecated op in a pipeline: no warning: $(cat out.txt err.txt)"
  "$check" tiff-equals old_pipeline.tif ccl data/mini_blobs.tif sphere || fail "old_pipeline.tif"
  ok "default device by name" -- "$cle" copy data/mini_blobs.tif copy.tif --device "$("$cle" devices | sed -n 's/^\* [0-9]*: //p' | head -c 12)"
  "$check" tiff-equals copy.tif copy data/mini_blobs.tif || fail "copy.tif"
  ;;
tiled)
  # --tile / --chunks: tile by tile with the op's halo, bit-identical to the untiled run (the TIFF bytes)
  ok "untiled" -- "$cle" gaussian_blur data/blobs.tif whole.tif --sigma-x 3 --sigma-y 2
  for t in 33 17,9 7 auto; do
    ok "--tile $t" -- "$cle" gaussian_blur data/blobs.tif t.tif --sigma-x 3 --sigma-y 2 --tile "$t"
    cmp -s whole.tif t.tif || fail "gaussian_blur --tile $t wrote other pixels"
  done
  ok "3D untiled" -- "$cle" top_hat data/mini-t1-head.tif whole3.tif --radius-x 2 --radius-y 2 --radius-z 2
  ok "3D tiled" -- "$cle" top_hat data/mini-t1-head.tif t3.tif --radius-x 2 --radius-y 2 --radius-z 2 --tile 9,11,7
  cmp -s whole3.tif t3.tif || fail "top_hat --tile 9,11,7 wrote other pixels"
  # a device budget the whole image does not fit: untiled fails naming the limit, --tile auto fits its tiles to it
  bad "over the budget" 1 "limited to 307200 bytes \(CLE_DEVICE_MEMORY_LIMIT\)" lim.tif -- \
    env CLE_DEVICE_MEMORY_LIMIT=300K "$cle" gaussian_blur data/blobs.tif lim.tif --sigma-x 3 --sigma-y 2
  ok "auto under the budget" -- env CLE_DEVICE_MEMORY_LIMIT=300K "$cle" gaussian_blur data/blobs.tif lim.tif \
    --sigma-x 3 --sigma-y 2 --tile auto
  cmp -s whole.tif lim.tif || fail "--tile auto under CLE_DEVICE_MEMORY_LIMIT wrote other pixels"
  bad "a malformed limit" 1 "^cle: cle_device: CLE_DEVICE_MEMORY_LIMIT must be a positive number of bytes.*got '12x'" \
    lim2.tif -- env CLE_DEVICE_MEMORY_LIMIT=12x "$cle" gaussian_blur data/blobs.tif lim2.tif
  bad "--tile 0" 2 "^cle: gaussian_blur: --tile must be N \(every axis\), X,Y\[,Z\] \(per axis\) or auto.*got '0'" \
    t0.tif -- "$cle" gaussian_blur data/blobs.tif t0.tif --tile 0
  bad "--tile 4 numbers" 2 "^cle: gaussian_blur: --tile must be .*got '1,2,3,4'" t0.tif -- \
    "$cle" gaussian_blur data/blobs.tif t0.tif --tile 1,2,3,4
  bad "a position-dependent op" 1 "^cle: multiply_image_and_position: its result depends on the pixel's position" \
    t0.tif -- "$cle" multiply_image_and_position data/blobs.tif t0.tif --tile 64
  bad "a shape-changing op" 1 "^cle: maximum_z_projection: its footprint is global" t0.tif -- \
    "$cle" maximum_z_projection data/mini-t1-head.tif t0.tif --tile 16
  # a pipeline of finite-footprint steps, every step tiled: the same files as the untiled run, also
  # under a budget the untiled run does not fit
  cat >steps.yaml <<'EOF'
- {op: gaussian_blur, inputs: {input_image: data/blobs.tif}, params: {sigma_x: 2, sigma_y: 2}, as: blurred}
- {op: top_hat, inputs: {input_image: blurred}, params: {radius_x: 5, radius_y: 5}, as: background_removed, save: tophat.tif}
- {op: sobel, inputs: {input_image: background_removed}, save: edges.tif}
- {op: greater_constant, inputs: {input_image: background_removed}, params: {scalar: 4}, save: mask.tif}
EOF
  ok "pipeline untiled" -- "$cle" run steps.yaml --out whole
  for c in 31 19,45 auto; do
    ok "pipeline --chunks $c" -- env CLE_DEVICE_MEMORY_LIMIT=400K "$cle" run steps.yaml --out "chunks_$c" --chunks "$c"
    grep -q "on .*, tiled$" out.txt || fail "--chunks $c: the run does not say it is tiled"
    for f in tophat edges mask; do cmp -s "whole/$f.tif" "chunks_$c/$f.tif" || fail "--chunks $c: $f.tif differs"; done
  done
  bad "pipeline untiled over the budget" 1 "CLE_DEVICE_MEMORY_LIMIT" over/tophat.tif -- \
    env CLE_DEVICE_MEMORY_LIMIT=400K "$cle" run steps.yaml --out over
  # the seed workflow, its global steps through their exact tiled forms (Otsu from merged histograms,
  # labels joined across tiles): the same label image, numbering included, under a budget too
  cat >seed.yaml <<'EOF'
- {op: gaussian_blur, inputs: {input_image: data/blobs.tif}, params: {sigma_x: 1, sigma_y: 1}, as: blurred}
- {op: threshold_otsu, inputs: {input_image: blurred}, as: binary}
- {op: connected_component_labeling, inputs: {input_image: binary}, save: labels.tif}
EOF
  ok "seed untiled" -- "$cle" run seed.yaml --out seed_whole
  for c in 37 23,61; do
    ok "seed --chunks $c" -- env CLE_DEVICE_MEMORY_LIMIT=200K "$cle" run seed.yaml --out "seed_$c" --chunks "$c"
    cmp -s seed_whole/labels.tif "seed_$c/labels.tif" || fail "seed --chunks $c: labels.tif differs"
  done
  # a global step without a tiled form: the run fails naming the op and why, no file written
  cat >global.yaml <<'EOF'
- {op: gaussian_blur, inputs: {input_image: data/blobs.tif}, as: blurred, save: blurred.tif}
- {op: extend_labeling_via_voronoi, inputs: {input_image: blurred}, save: extended.tif}
EOF
  bad "a global step" 1 "^cle: global.yaml:2:3: step 2 \(extend_labeling_via_voronoi\) failed: extend_labeling_via_voronoi: its footprint is global and it has no tiled form" \
    g/blurred.tif g/extended.tif -- "$cle" run global.yaml --out g --chunks 64
  bad "--chunks x" 2 "^cle: run: --chunks must be N \(every axis\), X,Y\[,Z\] \(per axis\) or auto" -- \
    "$cle" run steps.yaml --chunks x
  ;;
streamed)
  # --tile between TIFF files, an op with a finite footprint: streamed in slabs (z planes of a stack, rows of
  # a 2D image) from and into the files, the bytes of the untiled run whatever the slab (smaller than the
  # halo too) and tile sizes; odd sizes, several dtypes, one and two inputs
  "$check" make a2.tif float32 97 61 1 3 && "$check" make b2.tif uint8 97 61 1 4 &&
    "$check" make a3.tif uint16 37 29 23 5 && "$check" make b3.tif float32 37 29 23 6 &&
    "$check" make c3.tif float32 37 29 22 7 || fail "cli_check make"
  # same NAME TILES -- OP ARGS...: untiled, then streamed with each --tile, every file byte for byte the same
  same() {
    local name=$1 tiles=$2; shift 3
    ok "$name untiled" -- "$cle" "$@" whole.tif
    for t in $tiles; do
      ok "$name --tile $t" -- "$cle" "$@" streamed.tif --tile "$t" --time
      grep -q ", streamed: " err.txt || fail "$name --tile $t: not streamed: $(cat err.txt)"
      cmp -s whole.tif streamed.tif || fail "$name --tile $t: streamed file differs from the untiled one"
    done
  }
  same "2D gaussian_blur (halo 8 rows)" "97,1 7,5 auto" -- gaussian_blur a2.tif --sigma-x 2 --sigma-y 2
  same "2D add_images_weighted" "97,1 10,4" -- add_images_weighted a2.tif b2.tif --factor1 0.5 --factor2 -3
  same "3D gaussian_blur" "16,16,1 9,7,3" -- gaussian_blur b3.tif --sigma-x 1 --sigma-y 1 --sigma-z 2
  same "3D mean_filter sphere (halo 3 planes)" "37,29,1 20,13,5 auto" -- \
    mean_filter a3.tif --radius-x 1 --radius-y 2 --radius-z 3 --connectivity sphere
  same "3D maximum_filter box" "5,5,4" -- maximum_filter a3.tif --radius-x 2 --radius-y 1 --radius-z 1
  same "3D add_images_weighted" "6" -- add_images_weighted a3.tif b3.tif --factor1 2 --factor2 0.25
  ok "slab of one plane" -- "$cle" mean_filter a3.tif one.tif --radius-z 3 --tile 64,64,1 --time
  grep -q "streamed: 23 slabs of 1 plane, " err.txt || fail "--tile 64,64,1: $(cat err.txt)"
  # the slab from the host budget (CLE_HOST_MEMORY_LIMIT): the same bytes in more slabs, never more held
  ok "untiled" -- "$cle" mean_filter a3.tif whole.tif --radius-z 3
  ok "host budget" -- env CLE_HOST_MEMORY_LIMIT=200K "$cle" mean_filter a3.tif lim.tif --radius-z 3 --tile auto --time
  cmp -s whole.tif lim.tif || fail "under CLE_HOST_MEMORY_LIMIT=200K: other bytes"
  held=$(sed -n 's/.*at most \([0-9]*\) bytes of pixels.*/\1/p' err.txt)
  [ -n "$held" ] && [ "$held" -le 204800 ] && [ "$held" -lt 49358 ] ||
    fail "under CLE_HOST_MEMORY_LIMIT=200K: held '$held' bytes: $(cat err.txt)"
  # never the whole image in memory: the peak resident memory of the process (measured by the kernel)
  # grows by far less than the image (a third) from a 2-plane to a 48 MiB image when streamed, by more than
  # twice the image untiled (which shows the measure sees a whole image)
  "$check" make big.tif uint16 256 192 512 8 && "$check" make small.tif uint16 256 192 2 8 || fail "make big.tif"
  rss() { ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}quarantine_size_mb=1" "$check" maxrss "$@" >rss.txt 2>err.txt ||
    fail "$*: $(cat err.txt)"; tail -n 1 rss.txt; }
  small=$(CLE_HOST_MEMORY_LIMIT=8M rss "$cle" maximum_filter small.tif o_small.tif --radius-z 1 --tile auto)
  big=$(CLE_HOST_MEMORY_LIMIT=8M rss "$cle" maximum_filter big.tif o_big.tif --radius-z 1 --tile auto)
  whole=$(rss "$cle" maximum_filter big.tif o_whole.tif --radius-z 1)
  cmp -s o_big.tif o_whole.tif || fail "big.tif: the streamed file differs from the untiled one"
  [ $((big - small)) -lt 16384 ] || fail "streaming 48 MiB took $((big - small)) KiB more than 2 planes"
  [ $((whole - small)) -gt 98304 ] || fail "untiled: only $((whole - small)) KiB more than 2 planes"
  # errors name the op and the file; no output, no temporary left
  bad "inputs of two shapes" 1 "^cle: add_images_weighted: the inputs must have one shape: input_image0 'a3.tif' is 37x29x23, input_image1 'c3.tif' 37x29x22$" \
    o.tif -- "$cle" add_images_weighted a3.tif c3.tif o.tif --tile 8
  bad "a missing input" 1 "^cle: gaussian_blur: cle_tiff_read: missing.tif: cannot open: No such file or directory$" \
    o.tif -- "$cle" gaussian_blur missing.tif o.tif --tile 8
  printf 'not a tiff at all' >junk.tif
  bad "a broken input" 1 "^cle: add_images_weighted: cle_tiff_read: junk.tif: not a TIFF file" o.tif -- \
    "$cle" add_images_weighted a3.tif junk.tif o.tif --tile 8
  bad "an unwritable output" 1 "^cle: gaussian_blur: cle_tiff_write: cannot create 'no/o.tif': No such file or directory$" \
    -- "$cle" gaussian_blur a2.tif no/o.tif --tile 8
  bad "a full disk" 1 "^cle: mean_filter: cle_tiff_write: o.tif: cannot write: File too large$" o.tif -- \
    bash -c 'ulimit -f 24; trap "" XFSZ; exec "$@"' - "$cle" mean_filter a3.tif o.tif --tile 4
  bad "a full disk, 2D" 1 "^cle: gaussian_blur: cle_tiff_write: o.tif: cannot write: File too large" o.tif -- \
    bash -c 'ulimit -f 8; trap "" XFSZ; exec "$@"' - "$cle" gaussian_blur a2.tif o.tif --tile 8
  cp a3.tif keep.tif
  bad "a failed stream keeps the old file" 1 "File too large" -- \
    bash -c 'ulimit -f 24; trap "" XFSZ; exec "$@"' - "$cle" mean_filter a3.tif keep.tif --tile 4
  cmp -s a3.tif keep.tif || fail "a failed stream changed the file it was to replace"
  bad "a host budget below one slab" 1 "^cle: mean_filter: a slab of one plane with the halo \(3 on each side\) needs [0-9]+ bytes of host memory; the budget is 1024 bytes \(CLE_HOST_MEMORY_LIMIT\)$" \
    o.tif -- env CLE_HOST_MEMORY_LIMIT=1K "$cle" mean_filter a3.tif o.tif --radius-z 3 --tile auto
  bad "a malformed host budget" 1 "^cle: mean_filter: CLE_HOST_MEMORY_LIMIT must be a positive number of bytes.*got '12x'$" \
    o.tif -- env CLE_HOST_MEMORY_LIMIT=12x "$cle" mean_filter a3.tif o.tif --tile 40,40
  # global ops keep the in-memory tiled path (whole image in host memory, tiles on the device)
  ok "global op, in memory" -- "$cle" threshold_otsu a3.tif otsu.tif --tile 16 --time
  grep -q ", tiled: " err.txt || fail "threshold_otsu --tile: $(cat err.txt)"
  ;;
progress)
  # progress goes to stderr only: line-wise into a pipe with --progress (or CLE_PROGRESS=1), nothing with
  # --quiet or by default; stdout is the same whichever is asked
  ok "op, progress" -- "$cle" gaussian_blur data/blobs.tif blurred.tif --sigma-x 2 --sigma-y 2 --progress
  [ ! -s out.txt ] || fail "op, progress: stdout '$(cat out.txt)'"
  sed -E 's/\(at [0-9]+\.[0-9]{2} s\)$/(at T)/; s/done in [0-9]+\.[0-9]{2} s$/done in T/' err.txt >phases.txt
  printf '%s\n' "cle gaussian_blur: open device (at T)" "cle gaussian_blur: read data/blobs.tif (at T)" \
    "cle gaussian_blur: compute (at T)" "cle gaussian_blur: write blurred.tif (at T)" \
    "cle gaussian_blur: done in T" >want.txt
  cmp -s phases.txt want.txt || fail "op, progress: stderr $(cat err.txt)"
  "$check" tiff-equals blurred.tif blur data/blobs.tif 2 2 || fail "op, progress: blurred.tif"
  for quiet in --quiet -q; do
    ok "op $quiet" -- "$cle" gaussian_blur data/blobs.tif quiet.tif --sigma-x 2 --sigma-y 2 $quiet
    [ ! -s err.txt ] && [ ! -s out.txt ] || fail "op $quiet: stdout '$(cat out.txt)', stderr '$(cat err.txt)'"
    cmp -s quiet.tif blurred.tif || fail "op $quiet: other pixels"
  done
  ok "op, piped by default" -- "$cle" gaussian_blur data/blobs.tif quiet.tif
  [ ! -s err.txt ] || fail "op: progress into a pipe without --progress: $(cat err.txt)"
  # a scalar op: its value alone on stdout, the same with and without progress
  ok "scalar, quiet" -- "$cle" maximum_of_all_pixels data/blobs.tif -q
  cp out.txt scalar.txt
  grep -Eqx '[0-9.]+' scalar.txt || fail "scalar: stdout '$(cat scalar.txt)'"
  CLE_PROGRESS=1 ok "scalar, CLE_PROGRESS=1" -- "$cle" maximum_of_all_pixels data/blobs.tif
  cmp -s out.txt scalar.txt || fail "scalar: stdout with progress '$(cat out.txt)', without '$(cat scalar.txt)'"
  grep -q "^cle maximum_of_all_pixels: compute (at " err.txt || fail "CLE_PROGRESS=1: stderr $(cat err.txt)"
  CLE_PROGRESS=1 ok "scalar, CLE_PROGRESS=1 -q" -- "$cle" maximum_of_all_pixels data/blobs.tif -q
  [ ! -s err.txt ] || fail "-q does not override CLE_PROGRESS=1: $(cat err.txt)"
  # a pipeline: a line per step as it starts, in order; stdout (timings aside) as without progress
  mask() { sed -E 's/ *[0-9]+\.[0-9]+ ms/ T ms/g' "$1"; }
  ok "run, quiet" -- "$cle" run examples/seed_workflow.yaml --out quiet_out --quiet
  [ ! -s err.txt ] || fail "run --quiet: stderr $(cat err.txt)"
  mask out.txt >run_quiet.txt
  ok "run, progress" -- "$cle" run examples/seed_workflow.yaml --out progress_out --progress
  mask out.txt | sed 's/progress_out/quiet_out/g' >run_progress.txt
  cmp -s run_quiet.txt run_progress.txt || fail "run: stdout differs with --progress: $(diff run_quiet.txt run_progress.txt)"
  sed -E 's/\(at [0-9]+\.[0-9]{2} s\)$/(at T)/; s/done in [0-9]+\.[0-9]{2} s$/done in T/' err.txt >steps.txt
  printf '%s\n' "cle run: open device (at T)" "cle run: step 1/4 gaussian_blur (at T)" \
    "cle run: step 2/4 threshold_otsu (at T)" "cle run: step 3/4 connected_component_labeling (at T)" \
    "cle run: step 4/4 maximum_of_all_pixels (at T)" "cle run: done in T" >want.txt
  cmp -s steps.txt want.txt || fail "run, progress: stderr $(cat err.txt)"
  "$check" seed progress_out data out.txt || fail "run, progress: outputs"
  # a failing step: the steps so far, then the error, no "done", no output folder
  cat >fails.yaml <<'EOF2'
- op: gaussian_blur
  inputs: {input_image: data/blobs.tif}
  as: blurred
- op: gaussian_blur
  inputs: {input_image: cut.tif}
  save: never.tif
EOF2
  head -c 3000 data/blobs.tif >cut.tif
  "$cle" run fails.yaml --out fails_out --progress >out.txt 2>err.txt
  rc=$?
  [ $rc -eq 1 ] || fail "failing run: exit $rc"
  sed -E 's/\(at [0-9]+\.[0-9]{2} s\)$/(at T)/' err.txt | head -3 >steps.txt
  printf '%s\n' "cle run: open device (at T)" "cle run: step 1/2 gaussian_blur (at T)" \
    "cle run: step 2/2 gaussian_blur (at T)" >want.txt
  cmp -s steps.txt want.txt || fail "failing run: stderr $(cat err.txt)"
  [ "$(wc -l <err.txt)" -eq 4 ] && grep -q "^cle: fails.yaml:4:3: step 2 (gaussian_blur) failed: .*cut.tif" err.txt ||
    fail "failing run: stderr $(cat err.txt)"
  [ ! -e fails_out ] || fail "failing run: the --out folder is left"
  bad "quiet and progress" 2 "^cle: --quiet and --progress contradict each other" -- \
    "$cle" copy data/blobs.tif x.tif -q --progress
  CLE_PROGRESS=yes bad "CLE_PROGRESS=yes" 2 "^cle: CLE_PROGRESS must be 1 \(as --progress\) or 0 \(as --quiet\), got 'yes'" \
    x.tif -- "$cle" copy data/blobs.tif x.tif
  # on a terminal (a pseudo-terminal from script(1)): one line redrawn with \r, never a newline, cleared at
  # the end; the typescript holds stderr only, stdout goes to a file
  # (script's own "Script started/done" lines are left out)
  body() { grep -av '^Script \(started\|done\)' "$1"; }
  script -qec "'$cle' gaussian_blur data/blobs.tif tty.tif --sigma-x 2 --sigma-y 2 --progress >tty_out.txt" typescript >/dev/null ||
    fail "terminal: the command failed"
  body typescript >tty.txt
  [ "$(wc -l <tty.txt)" -eq 1 ] || fail "terminal: progress printed newlines: $(od -c tty.txt | head)"
  grep -aq $'\rcle gaussian_blur: compute ... [0-9.]* s' tty.txt || fail "terminal: no compute line: $(od -c tty.txt | head)"
  grep -aq $'\r *\r$' tty.txt || fail "terminal: the line is not cleared at the end: $(od -c tty.txt | tail -3)"
  cmp -s tty.tif blurred.tif || fail "terminal: other pixels"
  [ ! -s tty_out.txt ] || fail "terminal: stdout $(cat tty_out.txt)"
  # a scalar on the same terminal: the progress line is cleared before the value is printed
  script -qec "'$cle' maximum_of_all_pixels data/blobs.tif --progress" typescript >/dev/null ||
    fail "terminal scalar: the command failed"
  body typescript | tr -d '\n' >tty.txt
  grep -aq $'\r *\r'"$(cat scalar.txt)"$'\r$' tty.txt || fail "terminal scalar: $(od -c tty.txt | tail -4)"
  # short work shows nothing on a terminal (only checked where it was short: < 0.4 s in all)
  t0=$(date +%s%N)
  script -qec "'$cle' copy data/mini_blobs.tif short.tif" typescript >/dev/null || fail "terminal short: failed"
  t1=$(date +%s%N)
  if [ $(((t1 - t0) / 1000000)) -lt 400 ]; then
    [ -z "$(body typescript | tr -d '\r\n')" ] || fail "terminal short: $(body typescript | od -c | head -3)"
  fi
  ;;
*)
  echo "cli_tests.sh: unknown group $group" >&2
  exit 2
  ;;
esac
[ $failures -eq 0 ] && echo "cli_tests $group: all checks passed"
[ $failures -eq 0 ]
