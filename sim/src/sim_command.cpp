// `tessera sim` and `tessera bench engine`: the engine configuration of
// sim/CMakeLists.txt (TESSERA_SIM_* definitions) simulated by Verilator,
// driven through the host driver by the RTL runner, reported like `tessera
// model`; the benchmark times a network file's layers in simulated cycles.
#include "tessera/sim/sim_command.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <ctime>
#include <exception>
#include <fstream>
#include <map>
#include <optional>

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include "Vtessera_sim.h"
#include "hbm_memory.hpp"
#include "timeline.hpp"
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

// The timeline with its spans named "network: layer" (or "release").
nlohmann::json timeline_json(const NetworkFile& file, const RtlRun& rtl, const tb::Timeline& timeline) {
  std::map<std::uint16_t, std::size_t> network_of_tag;
  for (std::size_t i = 0; i < rtl.networks.size(); ++i) network_of_tag[rtl.networks[i].completion.tag] = rtl.run.runs[i].network;
  return timeline.json([&](std::uint16_t tag, std::uint32_t layer, bool release) -> std::string {
    const auto found = network_of_tag.find(tag);
    if (release || found == network_of_tag.end()) return fmt::format("{} (tag {})", release ? "release" : "network", tag);
    const NetworkSpec& network = file.networks.at(found->second);
    return layer < network.layers.size() ? fmt::format("{}: {}", network.name, network.layers[layer].name) : network.name;
  });
}

}  // namespace

int bench_engine_command(const std::string& path, const std::string& json_out) {
  const NetworkFile file = load_network_file(path);
  if (const auto problem = unsupported(file, kEngine)) {
    fmt::print(stderr, "{}: error: {}\n", path, *problem);
    return kExitBadInput;
  }
  // The DMA benchmark's memory: latency 64 read / 32 write, no row misses,
  // no refresh, no random stalls, so what remains beyond the copy is the
  // engine's own time.
  VerilatorOptions backend_options;
  backend_options.nodes = kEngine.nodes;
  backend_options.node_bytes = file.fabric.node_bytes;
  backend_options.hbm.row_miss_penalty = 0;
  RtlRun rtl;
  std::uint64_t simulated = 0;
  double cpu_s = 0;
  {
    VerilatorBackend<Vtessera_sim> backend(backend_options);
    Driver driver(backend);
    RtlRunner runner(driver, file, kEngine);
    const double cpu_start = static_cast<double>(std::clock()) / CLOCKS_PER_SEC;
    runner.load();
    rtl = runner.run();
    cpu_s = static_cast<double>(std::clock()) / CLOCKS_PER_SEC - cpu_start;
    simulated = backend.cycle();
    if (backend.assertion_failed()) {
      fmt::print(stderr, "{}: an RTL assertion fired (see above)\n", path);
      return kExitSimFailed;
    }
  }
  if (!rtl.run.all_ok()) {
    fmt::print(stderr, "{}: some network failed; the benchmark needs every one assembled\n", path);
    return 1;
  }
  // Per network: its cycles, and the cycles its layers' bytes take on the
  // DMA's one write port at a beat per cycle.
  const double beat_bytes = kEngine.data_width / 8.0;
  constexpr double kClockHz = 300e6;
  std::uint64_t layers = 0, cycles = 0, transfer = 0;
  for (std::size_t i = 0; i < rtl.run.runs.size(); ++i) {
    for (const LayerMapEntry& layer : rtl.run.runs[i].result.layers) {
      if (layer.shared) continue;  // reused, not copied
      ++layers;
      transfer += static_cast<std::uint64_t>(std::ceil(static_cast<double>(layer.bytes) / beat_bytes));
    }
    cycles += rtl.networks[i].cycles();
  }
  const double overhead = layers == 0 ? 0.0 : static_cast<double>(cycles - std::min(cycles, transfer)) / static_cast<double>(layers);
  const double layers_per_s = cycles == 0 ? 0.0 : static_cast<double>(layers) / (static_cast<double>(cycles) / kClockHz);
  nlohmann::ordered_json json;
  json["file"] = path;
  json["layers_assembled"] = layers;
  json["cycles"] = cycles;
  json["transfer_cycles"] = transfer;
  json["overhead_cycles_per_layer"] = overhead;
  json["layers_per_mcycle"] = static_cast<double>(layers) * 1e6 / static_cast<double>(std::max<std::uint64_t>(cycles, 1));
  json["layers_per_s_at_300mhz"] = layers_per_s;
  json["sim_cycles_per_s"] = cpu_s > 0 ? static_cast<double>(simulated) / cpu_s : 0.0;
  fmt::print("engine bench: {} ({} contexts, {} nodes, {}-bit beats; memory latency 64, no refresh)\n", path,
             TESSERA_SIM_NumContexts, kEngine.nodes, kEngine.data_width);
  fmt::print("  {} layers copied in {} cycles; their bytes alone take {} cycles on the DMA's write port\n", layers, cycles,
             transfer);
  fmt::print("  overhead beyond the data transfer: {:.0f} cycles per layer\n", overhead);
  fmt::print("  {:.1f} layers per million cycles, {:.0f} layers per second at 300 MHz\n",
             static_cast<double>(json["layers_per_mcycle"]), layers_per_s);
  fmt::print("  simulation: {} cycles (loading included) at {:.0f} cycles per CPU second\n", simulated,
             static_cast<double>(json["sim_cycles_per_s"]));
  if (!json_out.empty()) {
    std::ofstream out(json_out);
    out << json.dump(2) << '\n';
    if (!out) {
      fmt::print(stderr, "{}: error: cannot write the benchmark file\n", json_out);
      return kExitBadInput;
    }
    fmt::print("  wrote {}\n", json_out);
  }
  return 0;
}

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
  std::ofstream timeline_out;
  if (!options.timeline.empty()) {
    timeline_out.open(options.timeline);
    if (!timeline_out) {
      fmt::print(stderr, "{}: error: cannot write the timeline file\n", options.timeline);
      return kExitBadInput;
    }
  }
  tb::Timeline timeline(TESSERA_SIM_NumContexts, kEngine.nodes, kEngine.data_width / 8);
  VerilatorOptions backend_options;
  backend_options.seed = options.seed;
  backend_options.nodes = kEngine.nodes;
  backend_options.node_bytes = file.fabric.node_bytes;
  backend_options.hbm = hbm_config();
  backend_options.fst = options.fst;
  // With --check, the golden model runs first; its memory is compared with
  // the RTL's while the simulation still holds it.
  std::optional<Engine> golden;
  ModelRun model_run;
  if (options.check) {
    golden.emplace(file.fabric);
    load_fabric(*golden, file);
    model_run = run_schedule(*golden, file);
  }
  std::vector<std::string> memory_mismatches;
  RtlRun rtl;
  bool assertion = false;
  try {
    const auto start = std::chrono::steady_clock::now();
    VerilatorBackend<Vtessera_sim> backend(backend_options);
    Driver driver(backend);
    RtlRunner runner(driver, file, kEngine);
    runner.load();
    const std::uint64_t loaded = backend.cycle();
    if (timeline_out.is_open()) {
      backend.observe_edges([&timeline](const Vtessera_sim& model, std::uint64_t cycle) {
        tb::record_edge(timeline, model, cycle, TESSERA_SIM_NumContexts, kEngine.nodes);
      });
    }
    rtl = runner.run();
    timeline.finish(backend.cycle());
    assertion = backend.assertion_failed();
    if (golden) memory_mismatches = compare_memories(file, *golden, backend);
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
  if (timeline_out.is_open()) {
    timeline_out << timeline_json(file, rtl, timeline).dump() << '\n';
    if (!timeline_out.flush()) {
      fmt::print(stderr, "{}: error: cannot write the timeline file\n", options.timeline);
      return kExitBadInput;
    }
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
    std::vector<std::string> mismatches = compare_runs(file, model_run, rtl);
    for (std::string& m : memory_mismatches) mismatches.push_back(std::move(m));
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
