# Host control port (tsr_csr): the default configuration and a small one
# (queues of 3 and 2 entries, 32 nodes, 9 address bits); and the check that
# the files generated from the register map in docs/spec.md section 14 are
# the committed ones (scripts/gen_regs.mjs into a temporary directory, then
# diff), so the spec, the RTL package and the driver header cannot drift.
tessera_model(PREFIX Vcsr_default TOP tsr_csr)
tessera_model(PREFIX Vcsr_small TOP tsr_csr ARGS -GSqDepth=3 -GCqDepth=2 -GNumNodes=32 -GAddrWidth=9)
tessera_block_test(csr SOURCES ${CMAKE_CURRENT_LIST_DIR}/../test_csr.cpp)

find_program(NODE_EXECUTABLE node REQUIRED)
add_test(NAME regs.generated_current
  COMMAND bash -c "out=$(mktemp -d) && trap 'rm -rf \"$out\"' EXIT && \"$0\" scripts/gen_regs.mjs --out \"$out\" && diff -u rtl/tsr_regs_pkg.sv \"$out/rtl/tsr_regs_pkg.sv\" && diff -u sw/include/tessera/regs.hpp \"$out/sw/include/tessera/regs.hpp\""
          ${NODE_EXECUTABLE}
  WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
set_tests_properties(regs.generated_current PROPERTIES LABELS regs)
