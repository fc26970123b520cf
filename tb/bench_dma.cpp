// DMA benchmark (make bench): the gather engine on the fabric over HBM stubs
// in Verilator, timed in simulated cycles.
//   efficiency[size]: one engine copies layers of 64 tiles of `size` bytes
//     from node 0 to node 1 (stub latency 64, refresh off): bytes copied /
//     (cycles x beat bytes) between the first and the last layer's
//     completion, i.e. in steady state;
//   efficiency_unaligned_source[size]: the same with every source tile at an
//     odd byte address (the reads then need an extra beat per tile);
//   scaling[p]: p engines copy at once, engine i from node 2i to node 2i+1:
//     aggregate bytes per cycle over one common window / one pair's;
//   refresh_efficiency: the 4 KiB case with refresh on, divided by the share
//     of cycles the stub is not refreshing (what it can deliver);
//   sim_cycles_per_s: Verilator speed of the 4-node system while copying,
//     per second of CPU time, the median of five runs (sim_cycles_per_s_runs:
//     each run; sim_cycles_per_wall_s: per wall second).
// Hidden Catch2 tests ([.bench]: ctest does not run them): make bench runs them,
// they print the figures and write them as JSON to $TESSERA_BENCH_OUT
// (default build/bench/dma.json).
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "Vdma_e1_n4_256.h"
#include "Vdma_e8_n16_256.h"
#include "dma_system.hpp"
#include "hbm_memory.hpp"

using namespace tessera::tb;

namespace {

constexpr std::uint64_t kNodeBytes = 64ull << 20;
constexpr unsigned kBeatBytes = 32;
constexpr unsigned kTilesPerLayer = 64;

// A layer of 64 tiles from `src`, `stride` bytes apart from address
// `src_first`, into a region at `dst_base` on `dst`.
DmaJob layer(std::uint32_t src, std::uint32_t dst, std::uint64_t tile_bytes, std::uint64_t src_first, std::uint64_t stride,
             std::uint64_t dst_base) {
  DmaJob job;
  job.node = dst;
  job.addr = dst_base;
  for (unsigned t = 0; t < kTilesPerLayer; ++t) job.tiles.push_back({src, src_first + t * stride, tile_bytes});
  job.bytes = kTilesPerLayer * tile_bytes;
  return job;
}

struct Run {
  double bytes_per_cycle = 0;
  std::uint64_t cycles = 0;
  double wall_s = 0;
  double cpu_s = 0;  // this thread's CPU time
};

double thread_cpu_seconds() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) * 1e-9;
}

// Adds `figures` to the benchmark's JSON file ($TESSERA_BENCH_OUT, default
// build/bench/dma.json), keeping the keys the other test case wrote when the
// file holds them.
void merge_into_output(const nlohmann::ordered_json& figures) {
  const char* env = std::getenv("TESSERA_BENCH_OUT");
  const std::string path = env ? env : "build/bench/dma.json";
  nlohmann::ordered_json json = nlohmann::ordered_json::object();
  if (std::ifstream in(path); in) {
    json = nlohmann::ordered_json::parse(in, nullptr, false);
    if (!json.is_object()) json = nlohmann::ordered_json::object();
  }
  json.update(figures);
  std::ofstream out(path);
  out << json.dump(2) << '\n';
  REQUIRE(out.good());
  fmt::print("  wrote {}\n", path);
}

// Copies `layers` layers on each of `pairs` engines; measures from the first
// to the last completion seen on every engine. Source tiles sit back to back
// from address 0, or with `unaligned`, each at an odd byte offset (3 bytes
// past a beat boundary, 5 bytes between tiles).
template <class Model>
Run copy(Harness<Model>& h, unsigned engines, unsigned pairs, std::uint64_t tile_bytes, unsigned layers, const HbmConfig& config,
         unsigned nodes, bool unaligned = false) {
  HbmNodes::configure(nodes, kNodeBytes, 1);
  HbmNodes::set_all(config);
  DmaSystem<Model> system(h, engines, 0);
  h.reset();
  const std::uint64_t layer_bytes = kTilesPerLayer * tile_bytes;
  for (unsigned l = 0; l < layers; ++l) {
    for (unsigned p = 0; p < pairs; ++p) {
      const std::uint64_t region = (l % 4) * layer_bytes;  // reuse four regions, sources fixed
      const std::uint64_t first = unaligned ? 3 : 0;
      const std::uint64_t stride = unaligned ? tile_bytes + 5 : tile_bytes;
      system.submit(p, layer(2 * p, 2 * p + 1, tile_bytes, first, stride, region));
    }
  }
  const auto start = std::chrono::steady_clock::now();
  const double cpu_start = thread_cpu_seconds();
  const std::uint64_t first_cycle = h.cycle();
  system.run_until_idle(100'000'000);
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  Run run;
  run.cycles = h.cycle() - first_cycle;
  run.wall_s = wall;
  run.cpu_s = thread_cpu_seconds() - cpu_start;
  // Steady state, over one window common to all engines: from the earliest
  // first completion to the latest last one, the layers after each engine's
  // first (so engines that did not overlap in time would not add up).
  std::uint64_t window_start = UINT64_MAX, window_end = 0;
  for (unsigned p = 0; p < pairs; ++p) {
    auto& done = system.done(p);
    REQUIRE(done.size() == layers);
    for (const auto& d : done) {
      REQUIRE(d.status == kDmaOk);
    }
    window_start = std::min(window_start, done.front().cycle);
    window_end = std::max(window_end, done.back().cycle);
  }
  run.bytes_per_cycle = static_cast<double>(layer_bytes) * (layers - 1) * pairs / static_cast<double>(window_end - window_start);
  return run;
}

// The benchmarks' memory: stub latency 64 read, 32 write, no row misses,
// refresh off.
HbmConfig bench_memory() {
  HbmConfig config;
  config.read_latency = 64;
  config.write_latency = 32;
  config.row_miss_penalty = 0;
  config.refresh_period = 0;
  return config;
}

unsigned layers_for(std::uint64_t tile_bytes) {
  const std::uint64_t layer_bytes = kTilesPerLayer * tile_bytes;
  return static_cast<unsigned>(std::max<std::uint64_t>(4, std::min<std::uint64_t>(64, (8ull << 20) / layer_bytes)));
}

}  // namespace

TEST_CASE("dma benchmark", "[.bench]") {
  const HbmConfig base = bench_memory();

  nlohmann::ordered_json json;
  fmt::print("DMA bench: 256-bit beats, stub latency {} cycles, layers of {} tiles\n", base.read_latency, kTilesPerLayer);

  Harness<Vdma_e8_n16_256> big("bench dma 8x16", 1'000'000'000);
  nlohmann::ordered_json efficiency;
  double single_4k = 0;
  for (const std::uint64_t size : {64ull, 512ull, 4096ull, 65536ull}) {
    const Run run = copy(big, 8, 1, size, layers_for(size), base, 16);
    const double e = run.bytes_per_cycle / kBeatBytes;
    efficiency[std::to_string(size)] = e;
    if (size == 4096) single_4k = run.bytes_per_cycle;
    fmt::print("  efficiency, tiles of {:>6} B: {:6.2f}% of the bus\n", size, 100 * e);
  }
  json["efficiency"] = efficiency;

  // Unaligned sources: a tile of B bytes spans up to ceil(B / 32) + 1 beats,
  // so reads bound the rate at B / (32 x beats read) of the bus.
  nlohmann::ordered_json unaligned;
  for (const std::uint64_t size : {64ull, 512ull, 4096ull}) {
    const Run run = copy(big, 8, 1, size, layers_for(size), base, 16, true);
    const double e = run.bytes_per_cycle / kBeatBytes;
    unaligned[std::to_string(size)] = e;
    fmt::print("  efficiency, tiles of {:>6} B at odd source addresses: {:6.2f}% of the bus\n", size, 100 * e);
  }
  json["efficiency_unaligned_source"] = unaligned;

  nlohmann::ordered_json scaling;
  for (const unsigned pairs : {1u, 2u, 4u, 8u}) {
    const Run run = copy(big, 8, pairs, 4096, layers_for(4096), base, 16);
    const double x = run.bytes_per_cycle / single_4k;
    scaling[std::to_string(pairs)] = x;
    fmt::print("  scaling, {} node pairs busy: {:5.2f}x one pair ({:.2f} per pair)\n", pairs, x, x / pairs);
  }
  json["scaling"] = scaling;

  HbmConfig refresh = base;
  refresh.refresh_period = 3900;
  refresh.refresh_duration = 260;
  const Run with_refresh = copy(big, 8, 1, 4096, layers_for(4096), refresh, 16);
  const double deliverable = 1.0 - static_cast<double>(refresh.refresh_duration) / refresh.refresh_period;
  const double refresh_efficiency = with_refresh.bytes_per_cycle / kBeatBytes / deliverable;
  json["refresh_efficiency"] = refresh_efficiency;
  fmt::print("  refresh on ({} of every {} cycles): {:6.2f}% of what the stub can deliver\n", refresh.refresh_duration,
             refresh.refresh_period, 100 * refresh_efficiency);

  merge_into_output(json);
}

// Verilator speed of the 1-engine 4-node system copying 4 KiB tiles, in
// simulated cycles per second of this thread's CPU time (other work on the
// machine does not count) and of wall time: the median of kSpeedRuns runs,
// since a shared machine's speed varies from run to run (all runs are in
// the JSON).
TEST_CASE("dma simulation speed", "[.bench]") {
  constexpr int kSpeedRuns = 5;
  const HbmConfig base = bench_memory();
  Harness<Vdma_e1_n4_256> small("bench dma 1x4", 1'000'000'000);
  std::vector<double> per_cpu_s, per_wall_s;
  std::uint64_t cycles = 0;
  for (int run = 0; run < kSpeedRuns; ++run) {
    const Run speed = copy(small, 1, 1, 4096, 64, base, 4);
    cycles = speed.cycles;
    per_cpu_s.push_back(static_cast<double>(speed.cycles) / speed.cpu_s);
    per_wall_s.push_back(static_cast<double>(speed.cycles) / speed.wall_s);
  }
  const auto median = [](std::vector<double> values) {
    std::sort(values.begin(), values.end());
    return values[values.size() / 2];
  };
  nlohmann::ordered_json json;
  json["sim_cycles_per_s"] = median(per_cpu_s);
  json["sim_cycles_per_wall_s"] = median(per_wall_s);
  json["sim_cycles_per_s_runs"] = per_cpu_s;
  json["sim_cycles"] = cycles;
  json["sim_config"] = "1 engine, 4 nodes, 256-bit, copying 4 KiB tiles";
  const auto [slowest, fastest] = std::minmax_element(per_cpu_s.begin(), per_cpu_s.end());
  fmt::print("  Verilator speed, 4-node system copying: {:.2f} M cycles per CPU second (median of {} runs of {} cycles; "
             "{:.2f} to {:.2f} M; {:.2f} M per wall second)\n",
             median(per_cpu_s) / 1e6, kSpeedRuns, cycles, *slowest / 1e6, *fastest / 1e6, median(per_wall_s) / 1e6);
  merge_into_output(json);
}
