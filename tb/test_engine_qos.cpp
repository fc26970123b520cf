// Quality of service of the assembly engine (tb_engine, 4 contexts, 64-bit),
// with one gather DMA for all contexts and with one per context: how long a
// high-priority network waits behind a flood of low-priority ones, and that
// no context starves when all four are busy at mixed priorities.
//
// Bounds, one DMA. The DMA takes a layer (a job) at a time from the
// priority/aging arbiter and holds up to MaxJobs = 4 of them (the one
// copying and those queued behind it; the timeline shows a high-priority
// layer waiting for the two or three flood layers already taken). So a
// high-priority network of L layers under the flood takes at most its time
// alone plus L x 4 flood-layer times (NumContexts = MaxJobs = 4 here).
// One DMA per context. The high network's layers wait for no flood job; its
// DMA meets the flood only at the node ports, where the fabric grants its
// class-3 requests before any waiting class-0 request (a flood request ages
// past them only after AgingThreshold grants at that node). It can wait
// only for transfers a node already accepted: at most the three flood DMAs'
// reads in flight (3 x 512 beats) per tile and their writes in flight, less
// than one flood layer (8,192 beats) per high layer: at most its time alone
// plus L flood-layer times.
// With every context busy, a network of any class waits at most for
// NumContexts jobs per layer (one DMA), or shares the nodes with at most
// NumContexts - 1 others (one DMA each), so each round of a network of L
// layers ends within L x NumContexts x the largest layer's time after its
// submission (the watchdog below), and every class completes.
// The figures are printed (run `tb_engine_qos -s` or ctest -V to see them);
// with TESSERA_TIMELINE=FILE set, each case writes its timeline (spec section
// 12's trace events) to FILE.<case number>.json.
#include <catch2/catch.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <array>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "Vengine_c4_d4_n4_64.h"
#include "Vengine_c4_n4_64.h"
#include "harness.hpp"
#include "timeline.hpp"
#include "tessera/driver.hpp"
#include "tessera/network_file.hpp"
#include "tessera/sim/rtl_run.hpp"
#include "tessera/sim/verilator_backend.hpp"

using namespace tessera;

namespace {

constexpr unsigned kContexts = 4;
constexpr std::uint32_t kNodes = 4;
constexpr std::uint64_t kNodeBytes = 8ull << 20;
constexpr unsigned kNodeShift = 34;  // engine address = node << 34 | offset (spec section 15)
constexpr sim::EngineGeometry kEngine{kNodes, kNodeBytes, 4096, 64, 1024, 256};

std::uint64_t engine_addr(std::uint32_t node, std::uint64_t offset) {
  return (static_cast<std::uint64_t>(node) << kNodeShift) | offset;
}

sim::VerilatorOptions backend_options(const std::string& name) {
  sim::VerilatorOptions options;
  options.seed = tb::test_seed(name);
  options.nodes = kNodes;
  options.node_bytes = kNodeBytes;
  options.max_cycles = 200'000'000;
  return options;
}

// Three flood networks (priority 0, 4 layers of 64 KiB each), a small
// high-priority network (2 layers of 8 KiB), and for the starvation test
// one network per priority class (3 layers of 32 KiB). Each network is its
// own tenant, so no layer is shared and every submission copies.
const char* kQosYaml = R"(
fabric: {nodes: 4, node_bytes: 8MiB, data_width: 64, alloc_unit: 4KiB}
tiles:
  - {key: flood/0/int8, node: [0, 1, 2, 3], bytes: 64KiB, split: 4KiB}
  - {key: high/0/int8, node: [1, 2], bytes: 8KiB, split: 4KiB}
  - {key: mixed/0/int8, node: [2, 3, 0, 1], bytes: 32KiB, split: 4KiB}
networks:
  - {name: flood0, tenant: 0, priority: 0, layers: [{name: a, tiles: ['flood/0..15/int8']}, {name: b, tiles: ['flood/0..15/int8']}, {name: c, tiles: ['flood/0..15/int8']}, {name: d, tiles: ['flood/0..15/int8']}]}
  - {name: flood1, tenant: 1, priority: 0, layers: [{name: a, tiles: ['flood/0..15/int8']}, {name: b, tiles: ['flood/0..15/int8']}, {name: c, tiles: ['flood/0..15/int8']}, {name: d, tiles: ['flood/0..15/int8']}]}
  - {name: flood2, tenant: 2, priority: 0, layers: [{name: a, tiles: ['flood/0..15/int8']}, {name: b, tiles: ['flood/0..15/int8']}, {name: c, tiles: ['flood/0..15/int8']}, {name: d, tiles: ['flood/0..15/int8']}]}
  - {name: high, tenant: 3, priority: 3, layers: [{name: a, tiles: ['high/0..1/int8']}, {name: b, tiles: ['high/0..1/int8']}]}
  - {name: class0, tenant: 4, priority: 0, layers: [{name: a, tiles: ['mixed/0..7/int8']}, {name: b, tiles: ['mixed/0..7/int8']}, {name: c, tiles: ['mixed/0..7/int8']}]}
  - {name: class1, tenant: 5, priority: 1, layers: [{name: a, tiles: ['mixed/0..7/int8']}, {name: b, tiles: ['mixed/0..7/int8']}, {name: c, tiles: ['mixed/0..7/int8']}]}
  - {name: class2, tenant: 6, priority: 2, layers: [{name: a, tiles: ['mixed/0..7/int8']}, {name: b, tiles: ['mixed/0..7/int8']}, {name: c, tiles: ['mixed/0..7/int8']}]}
  - {name: class3, tenant: 7, priority: 3, layers: [{name: a, tiles: ['mixed/0..7/int8']}, {name: b, tiles: ['mixed/0..7/int8']}, {name: c, tiles: ['mixed/0..7/int8']}]}
schedule:
  - submit: [flood0]
)";

// The engine loaded with the file's tiles, descriptors and buffers (spec
// section 5, by the RTL runner of `tessera sim`), running networks by name
// and timing them.
template <class Model>
class QosBench {
 public:
  QosBench(const std::string& name, int number)
      : file_(parse_network_text(kQosYaml, "qos.yaml", ".")), backend_(backend_options(name)), drv_(backend_) {
    UNSCOPED_INFO("seed " << backend_.seed() << " (replay: TESSERA_SEED=" << backend_.seed() << ")");
    sim::RtlRunner runner(drv_, file_, kEngine);
    runner.load();
    if (const char* path = std::getenv("TESSERA_TIMELINE")) {
      timeline_path_ = std::string(path) + "." + std::to_string(number) + ".json";
      backend_.observe_edges([this](const Model& model, std::uint64_t cycle) {
        tb::record_edge(timeline_, model, cycle, kContexts, kNodes);
      });
    }
  }

  ~QosBench() {
    if (timeline_path_.empty()) return;
    timeline_.finish(backend_.cycle());
    std::ofstream(timeline_path_) << timeline_.json([this](std::uint16_t tag, std::uint32_t layer, bool release) {
      const auto found = pending_names_.find(tag);
      const std::string network = found == pending_names_.end() ? "?" : found->second;
      return release ? "release " + network : network + " layer " + std::to_string(layer);
    });
  }

  Driver& driver() { return drv_; }
  bool assertion_failed() const { return backend_.assertion_failed(); }

  std::size_t index(const std::string& name) const {
    for (std::size_t i = 0; i < file_.networks.size(); ++i) {
      if (file_.networks[i].name == name) return i;
    }
    FAIL("no network " << name);
    return 0;
  }

  // Submits network `n`; remembers its tag and submission cycle.
  void submit(std::size_t n) {
    const NetworkSpec& spec = file_.networks[n];
    const std::uint32_t control = file_.fabric.control_node;
    const auto tag = drv_.submit(engine_addr(control, spec.desc_addr), static_cast<std::uint32_t>(spec.desc_bytes),
                                 engine_addr(control, spec.map_addr), spec.priority, spec.tenant);
    REQUIRE(tag);
    pending_[*tag] = {n, backend_.cycle(), false};
    pending_names_[*tag] = spec.name;
  }

  // Releases network `n` (it completed OK), without waiting.
  void release(std::size_t n) {
    const NetworkSpec& spec = file_.networks[n];
    const auto tag = drv_.release(engine_addr(file_.fabric.control_node, spec.map_addr), spec.tenant,
                                  static_cast<unsigned>(spec.layers.size()));
    REQUIRE(tag);
    pending_[*tag] = {n, backend_.cycle(), true};
    pending_names_[*tag] = spec.name;
  }

  struct Done {
    std::size_t network;
    bool release;
    std::uint64_t latency;  // cycles from submission to completion seen
  };

  // The next completion (any network); every one must be OK.
  Done next() {
    const Completion c = drv_.wait_completion(50'000'000);
    REQUIRE(pending_.count(c.tag) == 1);
    const Pending p = pending_[c.tag];
    pending_.erase(c.tag);
    INFO("network " << file_.networks[p.network].name);
    REQUIRE_FALSE(c.error);
    return {p.network, p.release, c.cycle - p.submitted};
  }

  // Runs network `n` alone (submit, complete, release); returns its latency.
  std::uint64_t alone(std::size_t n) {
    submit(n);
    const Done done = next();
    release(n);
    next();
    return done.latency;
  }

 private:
  struct Pending {
    std::size_t network;
    std::uint64_t submitted;
    bool release;
  };
  NetworkFile file_;
  sim::VerilatorBackend<Model> backend_;
  Driver drv_;
  std::map<std::uint16_t, Pending> pending_;
  std::map<std::uint16_t, std::string> pending_names_;  // every tag used, for the timeline
  tb::Timeline timeline_{kContexts, kNodes, 8};
  std::string timeline_path_;
};

}  // namespace

namespace {

// The high-priority network under the flood; returns {alone, under the flood, one flood layer alone}.
template <class Model>
std::array<std::uint64_t, 3> high_under_flood(const std::string& name, int number) {
  QosBench<Model> bench(name, number);
  const std::size_t high = bench.index("high");
  const std::array<std::size_t, 3> floods{bench.index("flood0"), bench.index("flood1"), bench.index("flood2")};
  const std::uint64_t high_alone = bench.alone(high);
  const std::uint64_t flood_alone = bench.alone(floods[0]);
  const std::uint64_t flood_layer = flood_alone / 4;

  // Three floods busy (resubmitted as they complete), then the high network.
  for (const std::size_t f : floods) bench.submit(f);
  bench.driver().backend().wait(2 * flood_layer);
  bench.submit(high);
  std::optional<std::uint64_t> high_latency;
  unsigned flood_rounds = 0;
  while (!high_latency) {
    const typename QosBench<Model>::Done done = bench.next();
    if (done.network == high) {
      high_latency = done.latency;
    } else if (done.release) {
      bench.submit(done.network);
    } else {
      ++flood_rounds;
      bench.release(done.network);
    }
  }
  fmt::print("{}: high-priority network (2 layers of 8 KiB): {} cycles alone, {} under a flood of 3 priority-0 "
             "networks (4 layers of 64 KiB, {} cycles per layer alone); {} flood rounds completed meanwhile\n",
             name, high_alone, *high_latency, flood_layer, flood_rounds);
  CHECK_FALSE(bench.assertion_failed());
  return {high_alone, *high_latency, flood_layer};
}

// Four networks, one per class, resubmitted for kRounds rounds each; every
// round must end within `layers_bound` layer times of its submission.
template <class Model>
void no_class_starves(const std::string& name, int number, std::uint64_t layers_bound) {
  QosBench<Model> bench(name, number);
  const std::array<std::size_t, 4> classes{bench.index("class0"), bench.index("class1"), bench.index("class2"),
                                           bench.index("class3")};
  const std::uint64_t layer_alone = bench.alone(classes[0]) / 3;
  const std::uint64_t watchdog = layers_bound * layer_alone;
  constexpr unsigned kRounds = 6;
  std::array<unsigned, 4> rounds{};
  std::array<std::uint64_t, 4> worst{};
  for (const std::size_t n : classes) bench.submit(n);
  const auto klass = [&](std::size_t n) {
    return static_cast<std::size_t>(std::find(classes.begin(), classes.end(), n) - classes.begin());
  };
  while (*std::min_element(rounds.begin(), rounds.end()) < kRounds) {
    const typename QosBench<Model>::Done done = bench.next();
    const std::size_t k = klass(done.network);
    REQUIRE(k < classes.size());
    if (done.release) {
      bench.submit(done.network);
      continue;
    }
    INFO("priority " << k << " round " << rounds[k]);
    CHECK(done.latency <= watchdog);
    worst[k] = std::max(worst[k], done.latency);
    ++rounds[k];
    bench.release(done.network);
  }
  fmt::print("{}: 4 contexts busy at priorities 0..3 (3 layers of 32 KiB, {} cycles per layer alone): "
             "worst latency per class {} / {} / {} / {} cycles (watchdog {}); rounds {} / {} / {} / {}\n",
             name, layer_alone, worst[0], worst[1], worst[2], worst[3], watchdog, rounds[0], rounds[1], rounds[2],
             rounds[3]);
  CHECK_FALSE(bench.assertion_failed());
}

}  // namespace

TEST_CASE("engine QoS, one DMA: a high-priority network under a low-priority flood", "[engine][qos]") {
  const auto [alone, flooded, flood_layer] = high_under_flood<Vengine_c4_n4_64>("engine qos 1 dma: flood", 1);
  CHECK(flooded <= alone + 2 * kContexts * flood_layer);
}

TEST_CASE("engine QoS, one DMA per context: a high-priority network under a low-priority flood", "[engine][qos]") {
  const auto [alone, flooded, flood_layer] = high_under_flood<Vengine_c4_d4_n4_64>("engine qos 4 dmas: flood", 3);
  CHECK(flooded <= alone + 2 * flood_layer);
}

// With one DMA a network waits for at most NumContexts jobs per layer, so a
// round of 3 layers ends within 3 x NumContexts layer times; with one DMA per
// context only the node ports are shared, which the same bound covers.
TEST_CASE("engine QoS, one DMA: four contexts busy at priorities 0..3, no class starves", "[engine][qos]") {
  no_class_starves<Vengine_c4_n4_64>("engine qos 1 dma: starvation", 2, 3 * kContexts);
}

TEST_CASE("engine QoS, one DMA per context: four contexts busy at priorities 0..3, no class starves", "[engine][qos]") {
  no_class_starves<Vengine_c4_d4_n4_64>("engine qos 4 dmas: starvation", 4, 3 * kContexts);
}
