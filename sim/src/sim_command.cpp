// `tessera sim`: the engine configuration of sim/CMakeLists.txt
// (TESSERA_SIM_* definitions) simulated by Verilator, driven through the
// host driver by the RTL runner, reported like `tessera model`.
#include "tessera/sim/sim_command.hpp"

#include <chrono>
#include <cmath>
#include <exception>
#include <fstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include "Vtessera_sim.h"
#include "hbm_memory.hpp"
#include "tessera/driver.hpp"
#include "tessera/network_file.hpp"
#include "tessera/report.hpp"
#include "tessera/scenario.hpp"
#include "tessera/sim/rtl_run.hpp"
#include "tessera/sim/verilator_backend.hpp"

namespace tessera::sim {

namespace {

constexpr int kExitBadInput = 2;

constexpr EngineGeometry kEngine{
    .nodes = TESSERA_SIM_NumNodes,
    .node_bytes = std::uint64_t{TESSERA_SIM_UnitsPerNode} << TESSERA_SIM_UnitBytesLog2,
    .alloc_unit = std::uint64_t{1} << TESSERA_SIM_UnitBytesLog2,
    .data_width = TESSERA_SIM_DataWidth,
    .dir_capacity = TESSERA_SIM_DirCapacity,
    .layer_capacity = TESSERA_SIM_LayerCapacity,
};

// One HBM2 pseudo-channel behind its controller (tb/common/hbm_memory.hpp's
// defaults), with refresh (260 of every 3,900 cycles) and 5% seeded random
// backpressure on every channel.
tb::HbmConfig hbm_config() {
  tb::HbmConfig config;
  config.refresh_period = 3900;
  config.refresh_duration = 260;
  config.ready_stall_percent = 5;
  config.valid_gap_percent = 5;
  return config;
}

double per_cycle(std::uint64_t bytes, std::uint64_t cycles) {
  return cycles == 0 ? 0.0 : std::round(1000.0 * static_cast<double>(bytes) / static_cast<double>(cycles)) / 1000.0;
}

nlohmann::ordered_json sim_json(const NetworkFile& file, const RtlRun& rtl, std::uint64_t seed) {
  nlohmann::ordered_json networks = nlohmann::ordered_json::array();
  for (std::size_t i = 0; i < rtl.run.runs.size(); ++i) {
    networks.push_back({{"name", file.networks.at(rtl.run.runs[i].network).name}, {"cycles", rtl.networks[i].cycles()}});
  }
  nlohmann::ordered_json nodes = nlohmann::ordered_json::array();
  for (std::size_t n = 0; n < rtl.perf.node_bytes.size(); ++n) {
    nodes.push_back({{"node", n}, {"bytes", rtl.perf.node_bytes[n]}, {"bytes_per_cycle", per_cycle(rtl.perf.node_bytes[n], rtl.perf.busy)}});
  }
  return {{"seed", seed},
          {"cycles", rtl.cycles},
          {"busy_cycles", rtl.perf.busy},
          {"networks", std::move(networks)},
          {"nodes", std::move(nodes)},
          {"cam_hits", rtl.perf.cam_hits},
          {"cam_misses", rtl.perf.cam_misses},
          {"stall_arb", rtl.perf.stall_arb},
          {"stall_alloc", rtl.perf.stall_alloc},
          {"stall_dma", rtl.perf.stall_dma}};
}

std::string sim_text(const NetworkFile& file, const RtlRun& rtl, std::uint64_t seed) {
  std::string out = fmt::format("simulation: seed {}, {} cycles, engine busy {} cycles\n", seed, rtl.cycles, rtl.perf.busy);
  std::size_t width = 7;
  for (const NetworkRun& run : rtl.run.runs) width = std::max(width, file.networks.at(run.network).name.size());
  out += fmt::format("  {:<{}}  {:>12}\n", "network", width, "cycles");
  for (std::size_t i = 0; i < rtl.run.runs.size(); ++i) {
    out += fmt::format("  {:<{}}  {:>12}\n", file.networks.at(rtl.run.runs[i].network).name, width, rtl.networks[i].cycles());
  }
  out += fmt::format("  {:>4}  {:>14}  {:>11}\n", "node", "bytes", "bytes/cycle");
  for (std::size_t n = 0; n < rtl.perf.node_bytes.size(); ++n) {
    out += fmt::format("  {:>4}  {:>14}  {:>11.3f}\n", n, rtl.perf.node_bytes[n], per_cycle(rtl.perf.node_bytes[n], rtl.perf.busy));
  }
  out += fmt::format("  tile lookups {} hit, {} missed; stalls: arbiter {}, allocator {}, DMA {} cycles\n", rtl.perf.cam_hits,
                     rtl.perf.cam_misses, rtl.perf.stall_arb, rtl.perf.stall_alloc, rtl.perf.stall_dma);
  return out;
}

}  // namespace

int sim_command(const SimOptions& options) {
  const NetworkFile file = load_network_file(options.path);
  if (const auto problem = unsupported(file, kEngine)) {
    fmt::print(stderr, "{}: error: {}\n", options.path, *problem);
    return kExitBadInput;
  }
  if (!options.fst.empty() && !std::ofstream(options.fst)) {
    fmt::print(stderr, "{}: error: cannot write the waveform file\n", options.fst);
    return kExitBadInput;
  }
  VerilatorOptions backend_options;
  backend_options.seed = options.seed;
  backend_options.nodes = kEngine.nodes;
  backend_options.node_bytes = file.fabric.node_bytes;
  backend_options.hbm = hbm_config();
  backend_options.fst = options.fst;
  RtlRun rtl;
  bool assertion = false;
  try {
    const auto start = std::chrono::steady_clock::now();
    VerilatorBackend<Vtessera_sim> backend(backend_options);
    Driver driver(backend);
    RtlRunner runner(driver, file, kEngine);
    runner.load();
    const std::uint64_t loaded = backend.cycle();
    rtl = runner.run();
    assertion = backend.assertion_failed();
    const std::chrono::duration<double> wall = std::chrono::steady_clock::now() - start;
    spdlog::debug("{}: loading took {} cycles, the schedule {}; {} cycles in {:.2f} s ({:.0f} cycles/s)", options.path, loaded,
                  rtl.cycles, backend.cycle(), wall.count(), static_cast<double>(backend.cycle()) / wall.count());
  } catch (const CapacityError& e) {
    fmt::print(stderr, "{}: error: {}\n", options.path, e.what());
    return kExitBadInput;
  } catch (const std::exception& e) {  // DriverError, SimulationError: the engine stopped answering
    fmt::print(stderr, "{}: simulation failed (seed {}): {}\n", options.path, options.seed, e.what());
    return kExitSimFailed;
  }
  if (options.json) {
    nlohmann::ordered_json out = run_json(file, rtl.run);
    out["sim"] = sim_json(file, rtl, options.seed);
    fmt::print("{}\n", out.dump());
  } else {
    fmt::print("{}{}", run_text(file, rtl.run), sim_text(file, rtl, options.seed));
  }
  if (assertion) {
    fmt::print(stderr, "{}: simulation failed (seed {}): an RTL assertion fired (see the messages above)\n", options.path, options.seed);
    return kExitSimFailed;
  }
  if (options.check) {
    const std::vector<std::string> mismatches = compare_runs(file, run_model(file), rtl);
    for (const std::string& m : mismatches) fmt::print(stderr, "{}: mismatch: {}\n", options.path, m);
    if (!mismatches.empty()) {
      fmt::print(stderr, "{}: {} differences from the golden model (replay: tessera sim {} --check --seed {})\n", options.path,
                 mismatches.size(), options.path, options.seed);
      return kExitMismatch;
    }
    if (!options.json) fmt::print("check: the RTL agrees with the golden model on {} networks\n", rtl.run.runs.size());
  }
  return run_exit_status(rtl.run);
}

}  // namespace tessera::sim
