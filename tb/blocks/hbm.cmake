# HBM channel stub (simulation only) with the AXI protocol checker.
tessera_model(PREFIX Vhbm_stub_256 TOP tb_hbm_stub ARGS -GDataWidth=256)
tessera_block_test(hbm_stub SOURCES ${CMAKE_CURRENT_LIST_DIR}/../test_hbm_stub.cpp)
