# Priority/aging arbiter: five parameter sets (one requester; N=4 with the
# bound attained; N=5 not a power of two; N=16 with the smallest threshold;
# N=32 the fabric's largest), and one N=4 model whose registers the test can
# write, to show that the starvation check fires when aging is broken.
tessera_model(PREFIX Varbiter_n1_t1 TOP tsr_arbiter ARGS -GNumRequesters=1 -GAgingThreshold=1)
tessera_model(PREFIX Varbiter_n4_t2 TOP tsr_arbiter ARGS -GNumRequesters=4 -GAgingThreshold=2)
tessera_model(PREFIX Varbiter_n5_t8 TOP tsr_arbiter ARGS -GNumRequesters=5 -GAgingThreshold=8)
tessera_model(PREFIX Varbiter_n16_t1 TOP tsr_arbiter ARGS -GNumRequesters=16 -GAgingThreshold=1)
tessera_model(PREFIX Varbiter_n32_t16 TOP tsr_arbiter ARGS -GNumRequesters=32 -GAgingThreshold=16)
tessera_model(PREFIX Varbiter_n4_t2_rw TOP tsr_arbiter ARGS -GNumRequesters=4 -GAgingThreshold=2 --public-flat-rw)
tessera_block_test(arbiter SOURCES ${CMAKE_CURRENT_LIST_DIR}/../test_arbiter.cpp)
