#!/usr/bin/env bash
# regress.sh: a regression of random networks through the RTL. Seed N is
# the file `tessera random --seed N` gives for the simulation build's fabric
# (4 KiB units, 256-bit beats; scrub as the seed draws it), run with
# `tessera sim --check`:
# the RTL's results against the golden model's (docs/spec.md section 12).
# A seed passes when the check passes, whether or not its networks assemble
# (random files contain faults on purpose).
#
# Usage: scripts/regress.sh [SEEDS [FIRST]]   (default 200 seeds from 1)
# Environment: BUILD (default build), JOBS (parallel runs, default 2).
# Prints each failing seed with the commands that replay it, then a summary;
# exit status 1 when a seed failed. Files and logs: $BUILD/regress/.
set -euo pipefail

seeds=${1:-200}
first=${2:-1}
build=${BUILD:-build}
jobs=${JOBS:-2}
tessera="$build/bin/tessera"
dir="$build/regress"
fabric=(--alloc-unit 4096 --data-width 256)

[[ -x $tessera ]] || { echo "regress: $tessera not built (make build)" >&2; exit 2; }
[[ $seeds =~ ^[1-9][0-9]*$ && $first =~ ^[0-9]+$ ]] || { echo "regress: usage: regress.sh [SEEDS [FIRST]]" >&2; exit 2; }
rm -rf "$dir"
mkdir -p "$dir"

# One seed: writes seed-N.yaml and seed-N.log; seed-N.fail when it failed.
run_seed() {
  local seed=$1 file="$dir/seed-$1.yaml" log="$dir/seed-$1.log" status=0
  if ! "$tessera" random --seed "$seed" "${fabric[@]}" >"$file" 2>"$log"; then
    echo "random: exit status $?" >"$dir/seed-$seed.fail"
    return 0
  fi
  "$tessera" sim "$file" --check --seed "$seed" >>"$log" 2>&1 || status=$?
  # 0: all networks assembled, 1: some failed as the model says; both checked.
  if ((status > 1)); then echo "sim: exit status $status" >"$dir/seed-$seed.fail"; fi
}
export -f run_seed
export tessera dir
export fabric_args="${fabric[*]}"

start=$(date +%s)
seq "$first" $((first + seeds - 1)) | xargs -P "$jobs" -I{} bash -c 'fabric=($fabric_args); run_seed {}'
elapsed=$(($(date +%s) - start))

failed=()
for fail in "$dir"/seed-*.fail; do
  [[ -e $fail ]] || continue
  seed=${fail##*/seed-}
  failed+=("${seed%.fail}")
done
mapfile -t failed < <(printf '%s\n' "${failed[@]}" | sort -n | sed '/^$/d')

for seed in "${failed[@]}"; do
  echo "FAIL seed $seed ($(cat "$dir/seed-$seed.fail")); log: $dir/seed-$seed.log"
  echo "  replay: $tessera random --seed $seed ${fabric[*]} > seed-$seed.yaml && $tessera sim seed-$seed.yaml --check --seed $seed"
done
echo "regress: $seeds seeds from $first, $((seeds - ${#failed[@]})) passed, ${#failed[@]} failed (${elapsed} s, $jobs jobs)"
((${#failed[@]} == 0))
