# Descriptor fetch on one HBM stub with the AXI checker: 256 and 64 bits.
tessera_model(PREFIX Vdesc_fetch_256 TOP tb_desc_fetch ARGS -GDataWidth=256)
tessera_model(PREFIX Vdesc_fetch_64 TOP tb_desc_fetch ARGS -GDataWidth=64)
tessera_block_test(desc_fetch SOURCES ${CMAKE_CURRENT_LIST_DIR}/../test_desc_fetch.cpp)
