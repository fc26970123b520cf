# Scrub writer (tsr_zero_fill) into an HBM stub with the AXI checker:
# 256-bit beats with 4 bursts in flight, 64-bit beats with 1.
tessera_model(PREFIX Vzero_fill_256 TOP tb_zero_fill ARGS -GDataWidth=256 -GMaxBursts=4)
tessera_model(PREFIX Vzero_fill_64_b1 TOP tb_zero_fill ARGS -GDataWidth=64 -GMaxBursts=1)
tessera_block_test(zero_fill SOURCES ${CMAKE_CURRENT_LIST_DIR}/../test_zero_fill.cpp)
