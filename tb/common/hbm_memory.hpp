// The testbench side of tsr_hbm_stub: per node, the storage (a sparse
// memory: the stub reads and writes it through DPI-C, tests use it as the
// back door), the timing settings and error ranges, and the seeded random
// stream of the stub's backpressure. One set of nodes per process, set up by
// each test (or by sim::VerilatorBackend) with HbmNodes::configure before its
// simulation starts.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "tessera/memory.hpp"
#include "tessera/rng.hpp"

namespace tessera::tb {

// Defaults approximate one HBM2 pseudo-channel behind its controller at the
// fabric clock: about 64 cycles to the first read beat, a row-miss penalty,
// refresh off (tests and benchmarks switch it on).
struct HbmConfig {
  std::uint32_t read_latency = 64;
  std::uint32_t write_latency = 32;
  std::uint32_t row_miss_penalty = 8;
  std::uint32_t refresh_period = 0;  // 0: no refresh
  std::uint32_t refresh_duration = 0;
  std::uint32_t max_outstanding = 64;
  std::uint32_t ready_stall_percent = 0;
  std::uint32_t valid_gap_percent = 0;
};

struct HbmErrorRange {
  std::uint64_t first = 0;  // inclusive byte range
  std::uint64_t last = 0;
  std::uint8_t resp = 2;    // 2 SLVERR, 3 DECERR
};

class HbmNode {
 public:
  HbmNode(std::uint64_t bytes, std::uint64_t seed);
  SparseMemory memory;
  std::vector<HbmErrorRange> errors;
  Rng random;

  const HbmConfig& config() const { return config_; }
  // Replaces the settings; the stub takes them at its next clock edge.
  void set_config(const HbmConfig& config);
  // Changes with every set_config, and differs between all nodes ever made
  // in the process, so that a stub notices new settings (or new nodes)
  // without reading them in every cycle.
  std::uint64_t config_version() const { return config_version_; }

 private:
  HbmConfig config_;
  std::uint64_t config_version_;
};

class HbmNodes {
 public:
  // Replaces the nodes: `count` nodes of `node_bytes` each, default settings,
  // random streams seeded from `seed`.
  static void configure(std::uint32_t count, std::uint64_t node_bytes, std::uint64_t seed);
  static HbmNode& node(std::uint32_t index);
  static std::uint32_t count();
  // Applies the same settings to every node.
  static void set_all(const HbmConfig& config);
};

}  // namespace tessera::tb
