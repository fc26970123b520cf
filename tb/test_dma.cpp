// One tsr_dma on one HBM stub (tb_dma_system, one engine, one node): random
// layers of random tiles (1 B .. 64 KiB, any alignment) into random unaligned
// destination regions, with random stalls on the job/tile/done streams and
// random backpressure, latency and refresh in the stub; after every job the
// region holds exactly the tiles' bytes and the bytes around it are
// untouched. Error injection (SLVERR/DECERR on reads and writes) and size
// mismatches; 256 and 64 bits.
#include "Vdma_single_256.h"
#include "Vdma_single_64.h"
#include "dma_check.hpp"
#include "expect_assertion.hpp"

using namespace tessera::tb;

TEST_CASE("dma 256-bit: random layers land byte for byte", "[dma]") {
  random_jobs<Vdma_single_256>("dma single 256", 1, 1, 32, 80, 64 * 1024);
}
TEST_CASE("dma 64-bit: random layers land byte for byte", "[dma]") {
  random_jobs<Vdma_single_64>("dma single 64", 1, 1, 8, 80, 8000);
}
TEST_CASE("dma: read and write errors and size mismatches are reported, and the engine carries on", "[dma][errors]") {
  Faults faults;
  faults.read_ranges = 6;
  faults.write_ranges = 6;
  faults.size_mismatch_one_in = 6;
  random_jobs<Vdma_single_256>("dma errors", 1, 1, 32, 120, 16 * 1024, faults);
}

TEST_CASE("dma: a job of zero bytes fires an assertion", "[dma][assert]") {
  Harness<Vdma_single_256> h("dma assert");
  HbmNodes::configure(1, 1 << 20, h.seed());
  DmaSystem<Vdma_single_256> system(h, 1, 0);
  h.reset();
  DmaJob job;  // bytes 0: outside the engine's contract
  job.tiles.push_back({0, 0, 0});
  system.submit(0, job);
  expect_assertion(h, "packer: a job of 0 bytes", [&] {
    for (int n = 0; n < 20 && !h.assertion_failed(); ++n) system.step();
  });
}
