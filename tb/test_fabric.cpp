// The gather engines on tsr_fabric over HBM stubs (tb_dma_system): random
// layers from tiles on any node into regions on any node, with random
// stalls, backpressure, latency and refresh; several engines at once; 1, 2,
// 4, 8 and 32 nodes.
#include "Vdma_e1_n2_64.h"
#include "Vdma_e2_n1_64.h"
#include "Vdma_e2_n32_64.h"
#include "Vdma_e1_n4_256.h"
#include "Vdma_e4_n8_256.h"
#include "dma_check.hpp"

using namespace tessera::tb;

TEST_CASE("fabric, 1 node, 2 engines, 64-bit: random layers land byte for byte", "[fabric]") {
  random_jobs<Vdma_e2_n1_64>("fabric 1 node 2 engines", 2, 1, 8, 60, 6000);
}
TEST_CASE("fabric, 2 nodes, 64-bit: random layers land byte for byte", "[fabric]") {
  random_jobs<Vdma_e1_n2_64>("fabric 2 nodes 64", 1, 2, 8, 60, 6000);
}
TEST_CASE("fabric, 4 nodes: random layers with tiles up to 64 KiB", "[fabric]") {
  random_jobs<Vdma_e1_n4_256>("fabric 4 nodes", 1, 4, 32, 40, 64 * 1024);
}
TEST_CASE("fabric, 8 nodes, 4 engines at once: random layers land byte for byte", "[fabric]") {
  random_jobs<Vdma_e4_n8_256>("fabric 8 nodes 4 engines", 4, 8, 32, 40, 20000);
}
TEST_CASE("fabric, 32 nodes (all node IDs in use), 2 engines, 64-bit: random layers land byte for byte", "[fabric]") {
  random_jobs<Vdma_e2_n32_64>("fabric 32 nodes 2 engines", 2, 32, 8, 60, 6000);
}
TEST_CASE("fabric: a tile on a node that does not exist gets DECERR, errors on every node", "[fabric][errors]") {
  Faults faults;
  faults.read_ranges = 3;
  faults.write_ranges = 3;
  faults.bad_node_one_in = 5;
  random_jobs<Vdma_e4_n8_256>("fabric errors", 4, 8, 32, 40, 16 * 1024, faults);
}
