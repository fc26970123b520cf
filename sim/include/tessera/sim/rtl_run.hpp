// Runs a network file through the engine RTL over the driver (any Backend),
// as a host would, and compares the outcome with the golden model.
//
// RtlRunner::load lays the file out as docs/spec.md section 5 does: tiles
// and descriptors through the back door, the control buffers reserved
// (section 15), everything the engine has beyond the file's fabric reserved
// too (units past node_bytes, whole nodes past `nodes`), the tiles inserted
// through the host port; then it enables the engine (with CTRL.SCRUB when
// the file's fabric scrubs) and clears its counters. RtlRunner::run plays the schedule: submits (in section 8's
// order), releases of networks that completed OK, evictions; it reads each
// network's layer map back when its completion comes and takes the CRC-32 of
// every recorded layer from memory. The result has the shape of the model's
// (tessera::ModelRun), so the same reports print it, plus cycles per network
// and the performance counters.
//
// compare_runs applies the rules of tb/test_engine.cpp and docs/spec.md
// section 12 and returns one message per difference (empty: equal);
// compare_memories compares the node memories the two runs leave behind.
#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "tessera/driver.hpp"
#include "tessera/model.hpp"
#include "tessera/network_file.hpp"
#include "tessera/scenario.hpp"

namespace tessera::sim {

// The engine configuration a backend simulates.
struct EngineGeometry {
  std::uint32_t nodes = 0;
  std::uint64_t node_bytes = 0;
  std::uint64_t alloc_unit = 0;
  std::uint32_t data_width = 0;
  std::size_t dir_capacity = 0;    // tile-directory entries
  std::size_t layer_capacity = 0;  // layer-table entries
};

// What in the file this configuration cannot run ("the file asks X; this
// build supports Y"), or nullopt when it fits.
std::optional<std::string> unsupported(const NetworkFile& file, const EngineGeometry& engine);

// The directory refused a tile while loading (FULL: the hash table's load
// limit, docs/blocks/tables.md): a limit of the configuration, not a bug.
class CapacityError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct RtlNetwork {
  Completion completion;
  std::uint64_t submitted = 0;  // cycle of the accepted doorbell
  std::uint64_t cycles() const { return completion.cycle - submitted; }
};

struct RtlRun {
  ModelRun run;                      // in the model's order (steps in order, section 8's order within a step)
  std::vector<RtlNetwork> networks;  // one per entry of run.runs
  std::uint64_t cycles = 0;          // from the start of the schedule (after load) to its end
  PerfCounters perf;                 // counted over the same span, for the file's nodes
};

class RtlRunner {
 public:
  RtlRunner(Driver& driver, const NetworkFile& file, const EngineGeometry& engine);

  void load();
  // Plays the schedule; a completion that does not come within
  // `completion_cycles` of its wait throws DriverError.
  RtlRun run(std::uint64_t completion_cycles = 50'000'000);

 private:
  AssemblyResult read_back(std::size_t network, const Completion& completion);

  Driver& driver_;
  const NetworkFile& file_;
  EngineGeometry engine_;
};

// Differences between the model's run and the RTL's: completion status,
// code, layer and tile; per record layer id, bytes and CRC-32 (the RTL's is
// taken at the completion: a failed network's own layers are freed by then,
// so with scrub their CRC is that of zeros, and in a step with other
// networks in flight a failed network's CRCs are not compared); node, address
// and the shared flag while every submit step so far had one network and
// placed its layers as the model did; every record inside its node; live
// layers of different (id, tenant) never overlap, one layer's records name
// one region. Once placements may differ (section 8: a step with several
// networks, or an earlier difference), a NO_MEMORY on either side is not a
// difference (memory pressure then depends on the placements); the records
// both sides wrote are still compared.
std::vector<std::string> compare_runs(const NetworkFile& file, const ModelRun& model, const RtlRun& rtl);

// The memory of the file's nodes after the schedule: the model's engine (run
// to the end) against the RTL's (the backend's back door). While every submit
// step named one network the placements are the model's, so every byte must
// be equal: layers, layer-map buffers, freed regions (zero with scrub, else
// what they held), tiles, descriptors. Otherwise the bytes of every tile and
// descriptor, which nothing writes. One message per node that differs.
std::vector<std::string> compare_memories(const NetworkFile& file, const Engine& model, Backend& rtl);

}  // namespace tessera::sim
