#!/usr/bin/env bash
# make lint: every module of rtl/ as its own top under verilator --lint-only
# -Wall, with the waivers (and their reasons) of rtl/lint.vlt. Exits non-zero
# on the first warning.
set -euo pipefail
cd "$(dirname "$0")/.."
mapfile -t files < <(scripts/rtl_files.sh)
status=0
for file in "${files[@]}"; do
  [[ "$file" == rtl/tessera_pkg.sv ]] && continue
  top=$(basename "$file" .sv)
  if ! verilator --lint-only -Wall rtl/lint.vlt "${files[@]}" --top-module "$top"; then
    echo "lint: $top has warnings" >&2
    status=1
  fi
done
[[ $status -eq 0 ]] && echo "lint: ${#files[@]} files, every module clean under verilator -Wall"
exit $status
