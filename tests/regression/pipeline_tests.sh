#!/usr/bin/env bash
# Regression cases of the hostile-input probe of 2026-12-02 against `cle run`.
#   usage: pipeline_tests.sh GROUP CLE REPO_ROOT
# Groups:
#   signals    SIGTERM, SIGINT and SIGHUP during a run leave no temporary file
#              in --out (the probe's sigterm_leaves_temp.sh: out/.a.cle-run-PID-0-0.tif
#              stayed); the process still dies of the signal.
#   references pipelines of 200000 steps that reference later steps (a chain of
#              forward references; a cycle through every step) are refused in
#              linear time (the probe's forward_chain_quadratic.sh: 40000 steps
#              took 16.6 s; here 4 times the steps take under 11 times as long)
#              and without exhausting the stack.
#   utf8       invalid UTF-8 in a pipeline is reported at FILE:LINE:COL.
#   gaussian   gaussian_blur with a sigma far beyond the image (the probe's step 2,
#              sigma_x 200000 on blobs, ran for minutes) is refused at once,
#              naming the op, the param and the value; at the bound it runs.
set -u
group=$1 cle=$2 root=$3
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/cle-regression-XXXXXX")
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

temporaries() { ls -A "$1" | grep -E '^\..*(cle-run|\.tmp-)' || true; }

signals() {
  local skipped=0
  for sig in TERM INT HUP; do
    local out=$work/out-$sig
    mkdir -p "$out"
    set -m # own process group: a background job's SIGINT is not ignored
    "$cle" run "$here/pipeline/busy_after_first_save.yaml" --out "$out" >"$work/log-$sig" 2>&1 &
    local pid=$!
    set +m
    for _ in $(seq 1 6000); do
      [ -n "$(temporaries "$out")" ] && break
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.01
    done
    kill -STOP "$pid" 2>/dev/null
    if [ -z "$(temporaries "$out")" ]; then
      kill -CONT "$pid" 2>/dev/null
      wait "$pid"
      echo "SIG$sig: the run ended before its first save could be caught; not checked"
      skipped=$((skipped + 1))
      continue
    fi
    echo "SIG$sig during the run, with $(temporaries "$out" | tr '\n' ' ')in $out"
    kill -"$sig" "$pid"
    kill -CONT "$pid"
    wait "$pid"
    local rc=$?
    [ "$rc" -eq $((128 + $(kill -l "$sig"))) ] || fail "SIG$sig: exit status $rc, expected death by the signal: $(cat "$work/log-$sig")"
    [ -z "$(temporaries "$out")" ] || fail "SIG$sig left temporaries in --out: $(temporaries "$out")"
    [ ! -e "$out/b.tif" ] || fail "SIG$sig: the run's last save exists"
  done
  [ "$skipped" -lt 3 ] || exit 77
}

time_run() { # prints seconds; the command's stderr to $work/err
  local t0 t1
  t0=$(date +%s.%N)
  "$@" >/dev/null 2>"$work/err"
  echo $? >"$work/rc"
  t1=$(date +%s.%N)
  awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }'
}

# Seconds for `cle run` of a pipeline of n steps from awk program $2 (given n); checks the
# first message against $3. Sets t.
refusal_seconds() {
  local n=$1 program=$2 pattern=$3 name=$4
  awk -v n="$n" "$program" >"$work/$name.yaml"
  t=$(time_run "$cle" run "$work/$name.yaml")
  echo "$name of $n steps: $t s, exit $(cat "$work/rc"): $(head -c 300 "$work/err")"
  grep -q "$name.yaml:1:.*$pattern" "$work/err" || fail "$name of $n steps: $(head -c 300 "$work/err")"
}

# Linear, not quadratic, time: 4 times the steps may take at most 11 times as long (quadratic
# would take 16 times; the probe's 40000-step chain took 16.6 s). A ratio, not a clock limit,
# so a loaded machine does not fail it.
linear_refusal() {
  local program=$1 pattern=$2 name=$3 small large
  refusal_seconds 50000 "$program" "$pattern" "$name"
  small=$t
  refusal_seconds 200000 "$program" "$pattern" "$name"
  large=$t
  awk -v a="$small" -v b="$large" 'BEGIN { exit !(b < 11 * (a > 0.25 ? a : 0.25)) }' ||
    fail "$name: 200000 steps took $large s, 50000 took $small s: not linear"
}

references() {
  cp "$root/data/mini_blobs.tif" "$work/"
  # step i reads s(i+1): the first step's input is made later
  linear_refusal 'BEGIN { for (i = 0; i < n; i++) printf "- {op: copy, inputs: {input_image: s%d}, as: s%d}\n", i + 1, i;
                          printf "- {op: copy, inputs: {input_image: mini_blobs.tif}, as: s%d}\n", n }' \
    "forward reference: 's1' is made later, at line 2" forward
  # the same, closed into a cycle through every step
  linear_refusal 'BEGIN { for (i = 0; i < n; i++) printf "- {op: copy, inputs: {input_image: s%d}, as: s%d}\n", (i + 1) % n, i }' \
    "cycle: 's1'" cycle
}

utf8() {
  printf -- '- {op: copy, inputs: {input_image: a.tif}, save: b.tif}\n- {op: copy, inputs: {input_image: a.tif}, save: c\xe9.tif}\n' \
    >"$work/latin1.yaml"
  "$cle" run "$work/latin1.yaml" --out "$work" >/dev/null 2>"$work/err"
  local rc=$?
  [ "$rc" -ne 0 ] || fail "utf8: accepted"
  grep -q "latin1.yaml:2:52: cannot read YAML: invalid trailing UTF-8 octet 0x2e (byte offset 107)" "$work/err" || fail "utf8: $(cat "$work/err")"
  cat "$work/err"
}

gaussian() {
  local t
  t=$(time_run "$cle" gaussian_blur "$root/data/blobs.tif" "$work/g.tif" --sigma-x 200000)
  echo "sigma_x 200000: $t s, exit $(cat "$work/rc"): $(cat "$work/err")"
  [ "$(cat "$work/rc")" -ne 0 ] || fail "sigma_x 200000 accepted"
  grep -q "gaussian_blur: sigma_x must be at most the image's width (256) or 2048, whichever is larger, got 200000" \
    "$work/err" || fail "message: $(cat "$work/err")"
  [ ! -e "$work/g.tif" ] || fail "an output was written"
  awk -v t="$t" 'BEGIN { exit !(t < 10) }' || fail "refusing took $t s"
  "$cle" gaussian_blur "$root/data/blobs.tif" "$work/g.tif" --sigma-x 256 --sigma-y 2 || fail "sigma_x 256 on width 256"
  [ -s "$work/g.tif" ] || fail "no output at the bound"
}

case $group in
  signals) signals ;;
  references) references ;;
  utf8) utf8 ;;
  gaussian) gaussian ;;
  *) fail "unknown group $group" ;;
esac
echo ok
