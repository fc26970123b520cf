// Model benchmark: parse, lay out and assemble one 1,000-layer network of
// 100,000 tiles (512 B on average) made by the random generator.
#include "bench_model.hpp"

#include <algorithm>
#include <chrono>
#include <fstream>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include "tessera/network_file.hpp"
#include "tessera/random_network.hpp"
#include "tessera/scenario.hpp"

namespace tessera {

namespace {
using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

constexpr unsigned kLayers = 1000;
constexpr unsigned kTilesPerLayer = 100;
constexpr int kRepeats = 5;
}  // namespace

int bench_model(const std::optional<std::filesystem::path>& json_out) {
  RandomOptions options;
  options.seed = 1;
  options.networks = 1;
  options.layers = kLayers;
  options.tiles = kTilesPerLayer;
  options.max_tile_bytes = 1024;
  options.faults = false;
  const std::string yaml = random_network_yaml(options);

  auto start = Clock::now();
  const NetworkFile file = parse_network_text(yaml, "<bench>", ".");
  const double parse_s = seconds_since(start);

  std::uint64_t tiles = 0;
  std::uint64_t bytes = 0;
  for (const auto& layer : file.networks.at(0).layers) {
    tiles += layer.tiles.size();
    bytes += layer.bytes;
  }

  std::vector<double> load_times;
  std::vector<double> assemble_times;
  for (int repeat = 0; repeat < kRepeats; ++repeat) {
    start = Clock::now();
    Engine engine(file.fabric);
    load_fabric(engine, file);
    load_times.push_back(seconds_since(start));
    start = Clock::now();
    const ModelRun run = run_schedule(engine, file);
    assemble_times.push_back(seconds_since(start));
    if (!run.all_ok() || run.runs.size() != 1 || run.runs[0].result.layers.size() != kLayers) {
      spdlog::error("bench network did not assemble: {}", run.runs.empty() ? "no run" : run.runs[0].result.error->message);
      return 1;
    }
  }
  std::sort(load_times.begin(), load_times.end());
  std::sort(assemble_times.begin(), assemble_times.end());
  const double load_s = load_times[kRepeats / 2];
  const double assemble_s = assemble_times[kRepeats / 2];

  fmt::print("model bench: 1 network, {} layers, {} tiles, {:.1f} MiB gathered (median of {} runs)\n", kLayers, tiles,
             static_cast<double>(bytes) / (1024.0 * 1024.0), kRepeats);
  fmt::print("  parse + validate + layout  {:8.3f} s  ({:.1f} MB of YAML)\n", parse_s, static_cast<double>(yaml.size()) / 1e6);
  fmt::print("  load fabric (tile data)    {:8.3f} s\n", load_s);
  fmt::print("  assemble                   {:8.3f} s  ({:.0f} layers/s, {:.0f} tiles/s, {:.2f} GB/s)\n", assemble_s,
             kLayers / assemble_s, static_cast<double>(tiles) / assemble_s, static_cast<double>(bytes) / assemble_s / 1e9);

  if (json_out) {
    nlohmann::ordered_json json = {{"layers", kLayers},
                                   {"tiles", tiles},
                                   {"bytes", bytes},
                                   {"yaml_bytes", yaml.size()},
                                   {"repeats", kRepeats},
                                   {"parse_s", parse_s},
                                   {"load_s", load_s},
                                   {"assemble_s", assemble_s},
                                   {"layers_per_s", kLayers / assemble_s},
                                   {"tiles_per_s", static_cast<double>(tiles) / assemble_s}};
    std::filesystem::create_directories(json_out->parent_path().empty() ? "." : json_out->parent_path());
    std::ofstream out(*json_out);
    out << json.dump(2) << '\n';
    if (!out) {
      spdlog::error("cannot write {}", json_out->string());
      return 2;
    }
    fmt::print("  wrote {}\n", json_out->string());
  }
  return 0;
}

}  // namespace tessera
