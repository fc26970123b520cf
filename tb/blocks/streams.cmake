# Stream helpers: FIFO and skid register, two parameter sets each.
tessera_model(PREFIX Vfifo_w8_d3 TOP tsr_fifo ARGS -GWidth=8 -GDepth=3)
tessera_model(PREFIX Vfifo_w64_d16 TOP tsr_fifo ARGS -GWidth=64 -GDepth=16)
tessera_model(PREFIX Vskid_w8 TOP tsr_skid ARGS -GWidth=8)
tessera_model(PREFIX Vskid_w64 TOP tsr_skid ARGS -GWidth=64)
tessera_model(PREFIX Vpkg_widths TOP tb_pkg_widths)
tessera_block_test(streams SOURCES ${CMAKE_CURRENT_LIST_DIR}/../test_streams.cpp)
tessera_block_test(pkg SOURCES ${CMAKE_CURRENT_LIST_DIR}/../test_pkg.cpp)
