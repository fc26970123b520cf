# Allocator: four parameter sets (one node with small words; three nodes of
# 200 units, so the last word is padded; 8 and 32 nodes of 1,024 units with
# 64-unit words, the configuration whose latency bound is stated).
tessera_model(PREFIX Valloc_n1_u64_w8 TOP tsr_allocator ARGS -GNumNodes=1 -GUnitsPerNode=64 -GWordBits=8)
tessera_model(PREFIX Valloc_n3_u200_w16 TOP tsr_allocator ARGS -GNumNodes=3 -GUnitsPerNode=200 -GWordBits=16)
tessera_model(PREFIX Valloc_n8_u1024_w64 TOP tsr_allocator ARGS -GNumNodes=8 -GUnitsPerNode=1024 -GWordBits=64)
tessera_model(PREFIX Valloc_n32_u1024_w64 TOP tsr_allocator ARGS -GNumNodes=32 -GUnitsPerNode=1024 -GWordBits=64)
tessera_block_test(allocator SOURCES ${CMAKE_CURRENT_LIST_DIR}/../test_allocator.cpp)
