# Gather DMA: the packer on its own, two widths.
tessera_model(PREFIX Vdma_packer_256 TOP tsr_dma_packer ARGS -GDataWidth=256)
tessera_model(PREFIX Vdma_packer_64 TOP tsr_dma_packer ARGS -GDataWidth=64)
tessera_block_test(dma_packer SOURCES ${CMAKE_CURRENT_LIST_DIR}/../test_dma_packer.cpp)
