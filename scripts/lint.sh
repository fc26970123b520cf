#!/usr/bin/env bash
# make lint: every module of rtl/ as its own top under verilator --lint-only
# -Wall, with the waivers (and their reasons) of rtl/lint.vlt; a module with
# a DataWidth parameter at its default and at 64, 128 and 512 bits too (a
# width mistake can hide in a branch only another width elaborates). Each
# top is read with just the files it needs (scripts/rtl_files.sh TOP). Exits
# non-zero if any module has a warning.
# Usage: scripts/lint.sh [TOP ...]   (default: every module)
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ $# -gt 0 ]]; then
  tops=("$@")
else
  mapfile -t tops < <(ls rtl/*.sv | grep -v '^rtl/tessera_pkg.sv$' | xargs -n1 basename | sed 's/\.sv$//')
fi
status=0
for top in "${tops[@]}"; do
  mapfile -t files < <(scripts/rtl_files.sh "$top")
  widths=("")
  if grep -q 'parameter int DataWidth' "rtl/$top.sv"; then
    widths+=(-GDataWidth=64 -GDataWidth=128 -GDataWidth=512)
  fi
  for width in "${widths[@]}"; do
    if ! verilator --lint-only -Wall rtl/lint.vlt "${files[@]}" --top-module "$top" ${width:+"$width"}; then
      echo "lint: $top ${width:-(default parameters)} has warnings" >&2
      status=1
    fi
  done
done
[[ $status -eq 0 ]] && echo "lint: ${#tops[@]} modules clean under verilator -Wall"
exit $status
