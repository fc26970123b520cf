# Gather DMA: the packer on its own, two widths.
tessera_model(PREFIX Vdma_packer_256 TOP tsr_dma_packer ARGS -GDataWidth=256)
tessera_model(PREFIX Vdma_packer_64 TOP tsr_dma_packer ARGS -GDataWidth=64)
tessera_block_test(dma_packer SOURCES ${CMAKE_CURRENT_LIST_DIR}/../test_dma_packer.cpp)
# One engine on one HBM stub (through a one-node fabric): 256 and 64 bits.
tessera_model(PREFIX Vdma_single_256 TOP tb_dma_system ARGS -GNumEngines=1 -GNumNodes=1 -GDataWidth=256)
tessera_model(PREFIX Vdma_single_64 TOP tb_dma_system ARGS -GNumEngines=1 -GNumNodes=1 -GDataWidth=64)
tessera_block_test(dma SOURCES ${CMAKE_CURRENT_LIST_DIR}/../test_dma.cpp)
# The engines on the fabric over HBM stubs: 2, 4, 8 nodes; 1 and 4 engines; 64 and 256 bits.
tessera_model(PREFIX Vdma_e1_n2_64 TOP tb_dma_system ARGS -GNumEngines=1 -GNumNodes=2 -GDataWidth=64)
tessera_model(PREFIX Vdma_e1_n4_256 TOP tb_dma_system ARGS -GNumEngines=1 -GNumNodes=4 -GDataWidth=256)
tessera_model(PREFIX Vdma_e4_n8_256 TOP tb_dma_system ARGS -GNumEngines=4 -GNumNodes=8 -GDataWidth=256)
tessera_block_test(fabric SOURCES ${CMAKE_CURRENT_LIST_DIR}/../test_fabric.cpp)
# One node shared by two engines (the fabric's smallest configuration), and
# 32 nodes, the largest (every node ID names a node: no error responder).
tessera_model(PREFIX Vdma_e2_n1_64 TOP tb_dma_system ARGS -GNumEngines=2 -GNumNodes=1 -GDataWidth=64)
tessera_model(PREFIX Vdma_e2_n32_64 TOP tb_dma_system ARGS -GNumEngines=2 -GNumNodes=32 -GDataWidth=64)
# The benchmark (make bench builds and runs it; not a ctest): 8 engines on
# 16 nodes, in a model library of its own that only the benchmark builds.
add_library(tessera_bench_models STATIC EXCLUDE_FROM_ALL)
tessera_model(PREFIX Vdma_e8_n16_256 TOP tb_dma_system LIBRARY tessera_bench_models
  ARGS -GNumEngines=8 -GNumNodes=16 -GDataWidth=256)
target_link_libraries(tessera_bench_models PUBLIC tessera_sim_dpi)
add_executable(bench_dma EXCLUDE_FROM_ALL ${CMAKE_CURRENT_LIST_DIR}/../bench_dma.cpp)
target_link_libraries(bench_dma PRIVATE tessera_bench_models tessera_tb)
