// `tessera sim FILE`: the network file through the engine RTL built into the
// tool (docs/spec.md section 12): the layer maps exactly as `tessera model`
// prints them, then cycles per network and bytes per node.
#pragma once

#include <cstdint>
#include <string>

namespace tessera::sim {

// Exit statuses beyond section 12's 0 (all assembled), 1 (some network
// failed) and 2 (bad usage, a bad file, a file this build cannot run).
inline constexpr int kExitMismatch = 3;   // --check: the RTL's result differs from the golden model's
inline constexpr int kExitSimFailed = 4;  // an RTL assertion fired or the engine stopped answering

struct SimOptions {
  std::string path;
  bool json = false;
  std::string fst;          // waveform file; empty: none
  std::string timeline;     // Chrome/Perfetto trace-event file; empty: none
  std::uint64_t seed = 1;   // the HBM stubs' random backpressure
  bool check = false;       // compare with the golden model
};

// Runs the command; prints on stdout (report) and stderr (errors). A bad
// file throws FileError, as every command's loader does.
int sim_command(const SimOptions& options);

// `tessera bench engine FILE [--out JSON]`: the file through the engine with
// the DMA benchmark's memory timing; prints, and writes as JSON, the layers
// copied, their cycles, the overhead per layer beyond the bytes' transfer
// time on the DMA's write port, layers per million cycles and per second at
// 300 MHz, and the simulation's speed. Every network must assemble.
int bench_engine_command(const std::string& path, const std::string& json_out);

}  // namespace tessera::sim
