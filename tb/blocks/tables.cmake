# Associative tables: the tsr_hash_table core (two small, collision-heavy
# parameter sets), the tile directory (16, 1024 and 4096 entries) and the
# layer table (16 and 1024 entries). hash_mask_search (not built by default)
# shows how the core's hash masks were chosen.
tessera_model(PREFIX Vhash_table_k12 TOP tsr_hash_table
  ARGS -GKeyWidth=12 -GValueWidth=12 -GCounterWidth=3 -GTagWidth=4 -GCapacity=32 -GBanks=2 -GWays=2 -GStashEntries=2)
tessera_model(PREFIX Vhash_table_b3 TOP tsr_hash_table
  ARGS -GKeyWidth=16 -GValueWidth=20 -GCounterWidth=4 -GTagWidth=4 -GCapacity=48 -GBanks=3 -GWays=1 -GStashEntries=3)
tessera_model(PREFIX Vtile_directory_c16 TOP tsr_tile_directory ARGS -GCapacity=16)
tessera_model(PREFIX Vtile_directory_c1024 TOP tsr_tile_directory ARGS -GCapacity=1024)
tessera_model(PREFIX Vtile_directory_c4096 TOP tsr_tile_directory ARGS -GCapacity=4096)
tessera_model(PREFIX Vlayer_table_c16 TOP tsr_layer_table ARGS -GCapacity=16)
tessera_model(PREFIX Vlayer_table_c1024 TOP tsr_layer_table ARGS -GCapacity=1024)
tessera_block_test(hash_table SOURCES ${CMAKE_CURRENT_LIST_DIR}/../test_hash_table.cpp)
tessera_block_test(tile_directory SOURCES ${CMAKE_CURRENT_LIST_DIR}/../test_tile_directory.cpp)
tessera_block_test(layer_table SOURCES ${CMAKE_CURRENT_LIST_DIR}/../test_layer_table.cpp)
add_executable(hash_mask_search EXCLUDE_FROM_ALL ${CMAKE_CURRENT_LIST_DIR}/../tools/hash_mask_search.cpp)
target_link_libraries(hash_mask_search PRIVATE tessera_model tessera_warnings)
