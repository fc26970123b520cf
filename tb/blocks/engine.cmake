# The assembly engine end to end (tb_engine: tsr_engine over HBM stubs),
# 4 nodes of 8 MiB (4 KiB units): 2 contexts at 256 bits, 4 contexts at 64.
tessera_model(PREFIX Vengine_c2_n4_256 TOP tb_engine ARGS -GNumContexts=2 -GNumNodes=4 -GDataWidth=256)
tessera_model(PREFIX Vengine_c4_n4_64 TOP tb_engine ARGS -GNumContexts=4 -GNumNodes=4 -GDataWidth=64)
# The same with one gather DMA per context (QoS and concurrency).
tessera_model(PREFIX Vengine_c4_d4_n4_64 TOP tb_engine ARGS -GNumContexts=4 -GNumDmas=4 -GNumNodes=4 -GDataWidth=64)
tessera_block_test(engine SOURCES ${CMAKE_CURRENT_LIST_DIR}/../test_engine.cpp)
target_compile_definitions(tb_engine PRIVATE TESSERA_EXAMPLES_DIR="${PROJECT_SOURCE_DIR}/examples")
target_link_libraries(tb_engine PRIVATE tessera_sim)
# Quality of service: a high-priority network under a low-priority flood,
# and four contexts busy at mixed priorities (the 4-context model).
tessera_block_test(engine_qos SOURCES ${CMAKE_CURRENT_LIST_DIR}/../test_engine_qos.cpp)
target_link_libraries(tb_engine_qos PRIVATE tessera_sim)
# The timeline recorder that `tessera sim --timeline` uses (no model).
tessera_block_test(timeline SOURCES ${CMAKE_CURRENT_LIST_DIR}/../test_timeline.cpp)
