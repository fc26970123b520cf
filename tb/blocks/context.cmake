# One context (tsr_context) on its own: tb_context puts its AXI master on
# HBM stubs and every resource port on the top for the test's reference
# models. Three parameter sets, all with 128 KiB nodes: 2 nodes of 512
# units of 256 B at 256 bits; 3 nodes of 2,048 units of 64 B at 64 bits
# (a record in 4 beats, a small fetch buffer); 2 nodes of 256 units of
# 512 B at 512 bits (a record is half a beat).
tessera_model(PREFIX Vcontext_256 TOP tb_context
  ARGS -GNumNodes=2 -GDataWidth=256 -GUnitBytesLog2=8 -GUnitsPerNode=512 -GFetchBufferBeats=64 -GFetchBurstBeats=16)
tessera_model(PREFIX Vcontext_64 TOP tb_context
  ARGS -GNumNodes=3 -GDataWidth=64 -GUnitBytesLog2=6 -GUnitsPerNode=2048 -GFetchBufferBeats=32 -GFetchBurstBeats=8)
tessera_model(PREFIX Vcontext_512 TOP tb_context
  ARGS -GNumNodes=2 -GDataWidth=512 -GUnitBytesLog2=9 -GUnitsPerNode=256 -GFetchBufferBeats=16 -GFetchBurstBeats=4)
tessera_block_test(context SOURCES ${CMAKE_CURRENT_LIST_DIR}/../test_context.cpp)
