#!/usr/bin/env bash
# Prints, in compile order, the RTL files a top module needs: tessera_pkg
# first, then every module the top instantiates, transitively, each after
# the files it depends on, the top last. Modules are found by name (module
# X lives in rtl/X.sv or tb/rtl/X.sv). Without an argument: every file of rtl/.
# Usage: scripts/rtl_files.sh [TOP]
set -euo pipefail
cd "$(dirname "$0")/.."
echo rtl/tessera_pkg.sv
if [[ $# -eq 0 ]]; then
  ls rtl/*.sv | grep -v '^rtl/tessera_pkg.sv$'
  exit 0
fi

declare -A visited=()
file_of() {
  if [[ -f rtl/$1.sv ]]; then echo "rtl/$1.sv"; elif [[ -f tb/rtl/$1.sv ]]; then echo "tb/rtl/$1.sv"; fi
}
visit() {
  local module=$1 file other
  [[ -n "${visited[$module]:-}" ]] && return 0
  visited[$module]=1
  file=$(file_of "$module")
  [[ -n "$file" ]] || { echo "rtl_files: no file for module $module" >&2; exit 1; }
  for other in $(grep -oE '\b(tsr|tessera|tb)_[a-z0-9_]+\b' "$file" | sort -u); do
    [[ "$other" == "$module" || "$other" == tessera_pkg ]] && continue
    [[ -n "$(file_of "$other")" ]] && visit "$other"
  done
  echo "$file"
}
visit "$1"
