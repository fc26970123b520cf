#!/usr/bin/env bash
# Prints the RTL source list in compile order: the package first, then every
# other module of rtl/. Used by lint, synthesis and the Verilator build.
set -euo pipefail
cd "$(dirname "$0")/.."
echo rtl/tessera_pkg.sv
ls rtl/*.sv | grep -v '^rtl/tessera_pkg.sv$'
