// The assembly engine end to end (tb_engine: tsr_engine over HBM stubs),
// driven through its host port by the host driver (tessera/driver.hpp) over
// a VerilatorBackend, against the golden model. The RTL runner of `tessera
// sim` (tessera/sim/rtl_run.hpp) lays a network file out (spec section 5):
// tiles and descriptors through the stubs' back door, tiles registered in
// the directory and control buffers reserved through the host port; then it
// plays the schedule step by step, and compare_runs checks every network:
// the completion's status, code, layer and tile equal the model's; the
// layer-map records read back equal the model's (addresses while every step
// so far had one network and placed as the model did; otherwise every region
// inside its node, live regions disjoint) and the CRC-32 of every layer's
// bytes equals the model's.
#include <catch2/catch.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <functional>
#include <fstream>
#include <sstream>
#include <optional>
#include <regex>
#include <string>
#include <vector>

#include "Vengine_c2_n4_256.h"
#include "Vengine_c4_d4_n4_64.h"
#include "Vengine_c4_n4_64.h"
#include "harness.hpp"
#include "hbm_memory.hpp"
#include "tessera/bytes.hpp"
#include "tessera/descriptor.hpp"
#include "tessera/driver.hpp"
#include "tessera/model.hpp"
#include "tessera/network_file.hpp"
#include "tessera/random_network.hpp"
#include "tessera/regs.hpp"
#include "tessera/scenario.hpp"
#include "tessera/sim/rtl_run.hpp"
#include "tessera/sim/verilator_backend.hpp"

using namespace tessera;
using namespace tessera::tb;
using tessera::sim::VerilatorBackend;

namespace {

constexpr std::uint32_t kNodes = 4;
constexpr std::uint64_t kNodeBytes = 8ull << 20;
constexpr std::uint64_t kUnitBytes = 4096;
// tb_engine's defaults (the data width is the model's; the runner does not use it).
constexpr sim::EngineGeometry kEngine{kNodes, kNodeBytes, kUnitBytes, 256, 1024, 256};

sim::VerilatorOptions backend_options(const std::string& name, std::uint64_t watchdog) {
  sim::VerilatorOptions options;
  options.seed = test_seed(name);
  options.nodes = kNodes;
  options.node_bytes = kNodeBytes;
  options.max_cycles = watchdog;
  return options;
}

// A range of a node reserved beyond the layout's own reservations.
struct Reservation {
  std::uint32_t node = 0;
  std::uint64_t addr = 0;
  std::uint64_t bytes = 0;
};

// Runs a network file's schedule on the RTL and compares every network with the model.
template <class Model>
class EngineBench {
 public:
  // `tamper` changes the control node's memory after the layout, in the
  // model and in the RTL alike (e.g. a corrupted descriptor); `reservations`
  // are made after the layout in both (the RTL's through RESERVE).
  EngineBench(const std::string& name, const NetworkFile& file, std::function<void(SparseMemory&)> tamper = {},
              std::uint64_t watchdog = 50'000'000, std::vector<Reservation> reservations = {})
      : file_(file),
        tamper_(std::move(tamper)),
        reservations_(std::move(reservations)),
        model_engine_(file.fabric),
        model_(run_tampered_model()),
        backend_(backend_options(name, watchdog)),
        driver_(backend_),
        runner_(driver_, file, kEngine) {
    UNSCOPED_INFO("seed " << backend_.seed() << " (replay: TESSERA_SEED=" << backend_.seed() << ")");
    REQUIRE(file.fabric.nodes <= kNodes);
    REQUIRE(file.fabric.node_bytes == kNodeBytes);
    REQUIRE(file.fabric.alloc_unit == kUnitBytes);
  }

  Driver& driver() { return driver_; }
  VerilatorBackend<Model>& backend() { return backend_; }
  const Engine& model_engine() const { return model_engine_; }
  SparseMemory& memory(std::uint32_t node) { return HbmNodes::node(node).memory; }

  // Section 5 through the host port, the extra reservations, then the tampering.
  void load() {
    runner_.load();
    for (const Reservation& r : reservations_) driver_.reserve(r.node, r.addr, r.bytes);
    if (tamper_) tamper_(memory(file_.fabric.control_node));
  }
  const ModelRun& model() const { return model_; }

  // Plays the schedule; returns the number of networks compared.
  std::size_t run() {
    rtl_ = runner_.run();
    std::vector<std::string> mismatches = sim::compare_runs(file_, model_, rtl_);
    for (std::string& m : sim::compare_memories(file_, model_engine_, backend_)) mismatches.push_back(std::move(m));
    for (const std::string& mismatch : mismatches) FAIL_CHECK(mismatch);
    CHECK(mismatches.empty());
    CHECK_FALSE(backend_.assertion_failed());
    return rtl_.run.runs.size();
  }
  const sim::RtlRun& rtl() const { return rtl_; }

 private:
  ModelRun run_tampered_model() {
    load_fabric(model_engine_, file_);
    for (const Reservation& r : reservations_) model_engine_.reserve(r.node, r.addr, r.bytes);
    if (tamper_) tamper_(model_engine_.memory(file_.fabric.control_node));
    return run_schedule(model_engine_, file_);
  }

  const NetworkFile& file_;
  std::function<void(SparseMemory&)> tamper_;
  std::vector<Reservation> reservations_;
  Engine model_engine_;  // the golden model, run to the end of the schedule
  ModelRun model_;
  VerilatorBackend<Model> backend_;
  Driver driver_;
  sim::RtlRunner runner_;
  sim::RtlRun rtl_;
};

NetworkFile load_example(const std::string& name) {
  return load_network_file(std::string(TESSERA_EXAMPLES_DIR) + "/" + name);
}

// A network file's text with the fabric this model is built for (scrub as the file says).
std::string with_engine_fabric(std::string text) {
  text = std::regex_replace(text, std::regex("node_bytes: *[0-9A-Za-z]+"), "node_bytes: 8MiB");
  text = std::regex_replace(text, std::regex("alloc_unit: *[0-9A-Za-z]+"), "alloc_unit: 4KiB");
  text = std::regex_replace(text, std::regex("data_width: *[0-9]+"), "data_width: 256");
  return text;
}

// An example file, read with the fabric this model is built for.
NetworkFile load_example_on_engine_fabric(const std::string& name) {
  std::ifstream in(std::string(TESSERA_EXAMPLES_DIR) + "/" + name);
  REQUIRE(in);
  std::stringstream text;
  text << in.rdbuf();
  return parse_network_text(with_engine_fabric(text.str()), name, TESSERA_EXAMPLES_DIR);
}

}  // namespace

TEST_CASE("engine: the MLP example end to end", "[engine]") {
  const NetworkFile file = load_example("mlp.yaml");
  EngineBench<Vengine_c2_n4_256> bench("engine: mlp", file);
  bench.load();
  CHECK(bench.run() == 1);
}

TEST_CASE("engine: performance counters over the MLP example", "[engine]") {
  const NetworkFile file = load_example("mlp.yaml");
  EngineBench<Vengine_c2_n4_256> bench("engine: perf", file);
  bench.load();
  REQUIRE(bench.run() == 1);
  const PerfCounters& perf = bench.rtl().perf;
  std::uint64_t tiles = 0;
  std::uint64_t layer_bytes = 0;
  for (const LayerSpec& layer : file.networks[0].layers) {
    tiles += layer.tiles.size();
    layer_bytes += layer.bytes;
  }
  CHECK(perf.cam_hits == tiles);  // one lookup per tile, all hit
  CHECK(perf.cam_misses == 0);
  CHECK(perf.busy > 0);
  CHECK(perf.busy <= bench.rtl().cycles);
  REQUIRE(perf.node_bytes.size() == kNodes);
  std::uint64_t moved = 0;
  for (const std::uint64_t bytes : perf.node_bytes) moved += bytes;
  CHECK(moved >= 2 * layer_bytes);  // every tile read, every layer written
  CHECK(moved % 32 == 0);           // whole 256-bit beats
}

TEST_CASE("engine: register map identity and configuration", "[engine]") {
  const NetworkFile file = load_example("mlp.yaml");
  EngineBench<Vengine_c2_n4_256> bench("engine: id", file);
  auto& drv = bench.driver();
  CHECK(drv.read(regs::ID) == 0x54530102u);
  CHECK(drv.nodes() == kNodes);
}

TEST_CASE("engine: two tenants, shared layers and releases (8 MiB nodes)", "[engine]") {
  const NetworkFile file = load_example_on_engine_fabric("two_tenants.yaml");
  EngineBench<Vengine_c2_n4_256> bench("engine: two tenants", file);
  bench.load();
  CHECK(bench.run() == 4);
}

namespace {
// Errors of section 8 and their unwinding: a missing (evicted) tile after a
// reused layer, a tile of another tenant, out of memory after a layer was
// assembled; the networks after each see the memory as the model does.
const char* kErrorsYaml = R"(
fabric: {nodes: 4, node_bytes: 8MiB, data_width: 256}
tiles:
  - {key: a/0/int8, node: [0, 1, 2, 3], bytes: 40000, split: 4KiB}
  - {key: b/0/int8, node: 2, bytes: 5000}
  - {key: s/0/int8, node: 1, bytes: 3000, owner: 1}
  - {key: big/0/int8, node: 1, bytes: 3MiB}
networks:
  - name: n1
    layers:
      - {name: a, tiles: ['a/0..9/int8']}
      - {name: b, tiles: [b/0/int8, 'a/0..2/int8']}
  - name: missing
    layers:
      - {name: a, tiles: ['a/0..9/int8']}
      - {name: c, tiles: ['a/3..4/int8', b/0/int8]}
  - name: access
    layers:
      - {name: x, tiles: [a/5/int8]}
      - {name: y, tiles: [a/6/int8, s/0/int8]}
  - name: owner
    tenant: 1
    layers:
      - {name: y, tiles: [a/6/int8, s/0/int8]}
  - name: fill
    layers:
      - {name: f1, tiles: [big/0/int8], node: 0}
      - {name: f2, tiles: [big/0/int8], node: 0}
  - name: oom
    priority: 2
    layers:
      - {name: o0, tiles: [a/7/int8]}
      - {name: o1, tiles: [big/0/int8], node: 0}
  - name: after
    layers:
      - {name: z, tiles: ['a/0..9/int8']}
schedule:
  - submit: n1
  - evict: b/0/int8
  - submit: missing
  - submit: [access, owner]
  - submit: fill
  - submit: oom
  - submit: after
  - release: n1
  - release: fill
  - release: after
)";
}  // namespace

TEST_CASE("engine: missing tile, tenant access, out of memory", "[engine]") {
  const NetworkFile file = parse_network_text(kErrorsYaml, "errors.yaml", ".");
  EngineBench<Vengine_c2_n4_256> bench("engine: errors", file);
  bench.load();
  CHECK(bench.run() == 7);
}

TEST_CASE("engine: directory commands through the driver", "[engine]") {
  const NetworkFile file = parse_network_text(kErrorsYaml, "errors.yaml", ".");
  EngineBench<Vengine_c2_n4_256> bench("engine: directory", file);
  bench.load();
  auto& drv = bench.driver();
  const auto owned = std::find_if(file.tiles.begin(), file.tiles.end(), [](const TileSpec& t) { return t.key.text() == "s/0/int8"; });
  REQUIRE(owned != file.tiles.end());
  const std::uint64_t key = owned->key_value;
  const DirResult hit = drv.lookup(key, 1);  // its owner
  CHECK(hit.status == DirStatus::ok);
  CHECK(hit.location.node == owned->node);
  CHECK(hit.location.addr == owned->addr);
  CHECK(hit.location.bytes == owned->bytes);
  CHECK(hit.location.owner == std::optional<std::uint8_t>(1));
  const DirResult denied = drv.lookup(key, 0);  // another tenant: nothing leaks
  CHECK(denied.status == DirStatus::denied);
  CHECK(denied.location.bytes == 0);
  CHECK(drv.insert(key, DirLocation{0, 0, 64, std::nullopt}) == DirStatus::duplicate);
  const DirResult removed = drv.remove(key);
  CHECK(removed.status == DirStatus::ok);
  CHECK(removed.location.addr == owned->addr);
  CHECK(removed.location.bytes == owned->bytes);
  CHECK(drv.lookup(key, 1).status == DirStatus::missing);
  CHECK(drv.remove(key).status == DirStatus::missing);
}

// RESERVE (DIR_CMD OP 3): OK for a range inside a node (up to its end, or
// empty), RANGE for one past the end or on a node the engine lacks; DIR_RES_*
// read 0 and the directory is untouched (the staged key keeps its entry).
// The reserved units (at the nodes' ends) are reserved in the model too, so
// the MLP then assembles exactly as the model says.
TEST_CASE("engine: RESERVE answers OK or RANGE and leaves the directory alone", "[engine]") {
  const NetworkFile file = load_example("mlp.yaml");
  const std::vector<Reservation> ok = {{0, kNodeBytes - 2 * kUnitBytes, 2 * kUnitBytes},
                                       {kNodes - 1, kNodeBytes - kUnitBytes - 10, 20},
                                       {1, kNodeBytes, 0}};
  EngineBench<Vengine_c2_n4_256> bench("engine: reserve", file, {}, 50'000'000, ok);
  bench.load();
  auto& drv = bench.driver();
  const TileSpec& tile = file.tiles.front();
  const std::vector<std::pair<DirLocation, DirStatus>> cases = {
      {{kNodes, 0, 64, std::nullopt}, DirStatus::range},                        // no such node
      {{2, kNodeBytes - 64, 65, std::nullopt}, DirStatus::range},               // one byte past the end
      {{2, kNodeBytes + 4096, 0, std::nullopt}, DirStatus::range},              // empty, past the end
      {{3, 0, kNodeBytes + 1, std::nullopt}, DirStatus::range},                 // longer than the node
      {{tile.node, tile.addr, tile.bytes, std::nullopt}, DirStatus::ok}};       // over a tile (already reserved)
  for (const auto& [location, status] : cases) {
    INFO("node " << location.node << " [" << location.addr << ", +" << location.bytes << ")");
    const DirResult result = drv.dir_command(DirOp::reserve, tile.key_value, location, 0);
    CHECK(result.status == status);
    CHECK(result.location.addr == 0);
    CHECK(result.location.bytes == 0);
    CHECK(regs::irq_status::CMD_DONE.get(drv.read(regs::IRQ_STATUS)) == 1);
    drv.write(regs::IRQ_STATUS, regs::irq_status::CMD_DONE.mask());
  }
  const DirResult hit = drv.lookup(tile.key_value, 0);
  CHECK(hit.status == DirStatus::ok);
  CHECK(hit.location.addr == tile.addr);
  CHECK(hit.location.bytes == tile.bytes);
  CHECK_THROWS_AS(drv.reserve(0, kNodeBytes - 8, 9), DriverError);
  CHECK(bench.run() == 1);
}

// A range reserved over the region the model gives the MLP's first layer
// (an unaligned range: the units it overlaps) is never allocated: the layer
// goes elsewhere, in the RTL as in the model with the same reservation, and
// no record touches the reserved units.
TEST_CASE("engine: a reserved range is never allocated", "[engine]") {
  const NetworkFile file = load_example("mlp.yaml");
  Engine plain(file.fabric);
  load_fabric(plain, file);
  const ModelRun unreserved = run_schedule(plain, file);
  REQUIRE(unreserved.runs.size() == 1);
  REQUIRE(unreserved.runs[0].result.ok());
  const LayerMapEntry first = unreserved.runs[0].result.layers.at(0);
  const Reservation reserved{first.node, first.addr + 100, kUnitBytes};  // overlaps two units
  const std::uint64_t lo = reserved.addr / kUnitBytes * kUnitBytes;
  const std::uint64_t hi = (reserved.addr + reserved.bytes + kUnitBytes - 1) / kUnitBytes * kUnitBytes;
  EngineBench<Vengine_c2_n4_256> bench("engine: reserved", file, {}, 50'000'000, {reserved});
  bench.load();
  REQUIRE(bench.run() == 1);
  const auto& layers = bench.rtl().run.runs.at(0).result.layers;
  REQUIRE(layers.size() == file.networks[0].layers.size());
  CHECK((layers[0].node != first.node || layers[0].addr != first.addr));
  for (const LayerMapEntry& layer : layers) {
    INFO("layer at node " << layer.node << " [" << layer.addr << ", +" << layer.bytes << ")");
    CHECK((layer.node != reserved.node || layer.addr + layer.bytes <= lo || layer.addr >= hi));
  }
}

TEST_CASE("engine: corrupted descriptors", "[engine]") {
  const NetworkFile file = load_example_on_engine_fabric("two_tenants.yaml");
  const std::uint64_t classifier = file.networks[0].desc_addr;
  const std::uint64_t medical = file.networks[2].desc_addr;
  SECTION("a record byte: DESC_CRC") {
    EngineBench<Vengine_c2_n4_256> bench("engine: corrupt crc", file, [&](SparseMemory& m) {
      std::array<std::uint8_t, 1> b{};
      m.read(classifier + 40, b);
      b[0] ^= 0x10;
      m.write(classifier + 40, b);
    });
    bench.load();
    CHECK(bench.run() == 4);
  }
  // Formerly the RTL's buffer was the rest of the node and these gave
  // DESC_CRC; with SQ_DESC_LEN the buffer is the descriptor's own length.
  for (const std::uint32_t extra : {8u, 64u * 1024u}) {
    SECTION(fmt::format("a total length {} bytes too long, inside the node: DESC_LENGTH", extra)) {
      EngineBench<Vengine_c2_n4_256> bench("engine: long total", file, [&](SparseMemory& m) {
        std::array<std::uint8_t, 4> b{};
        m.read(classifier + 8, b);
        store_le(b, 0, load_le(b, 0, 4) + extra, 4);
        m.write(classifier + 8, b);
      });
      bench.load();
      CHECK(bench.run() == 4);
      const auto& runs = bench.rtl().run.runs;
      const auto first = std::find_if(runs.begin(), runs.end(), [](const NetworkRun& r) { return r.network == 0; });
      REQUIRE(first != runs.end());
      REQUIRE(first->result.error);
      CHECK(first->result.error->code == ErrorCode::desc_length);
      CHECK_FALSE(first->result.error->layer);
    }
  }
  SECTION("the magic: DESC_MAGIC") {
    EngineBench<Vengine_c2_n4_256> bench("engine: corrupt magic", file, [&](SparseMemory& m) {
      const std::array<std::uint8_t, 1> b{0};
      m.write(medical, b);
    });
    bench.load();
    CHECK(bench.run() == 4);
  }
}

// Submissions of the MLP with other descriptor buffer lengths (SQ_DESC_LEN)
// than its exact one, each answered as the model answers the same
// Submission: short buffers DESC_LENGTH, a buffer past the node's end
// BUS_ERROR; none holds anything, so the exact length then assembles as the
// model says.
TEST_CASE("engine: descriptor buffer lengths give the model's verdicts", "[engine]") {
  const NetworkFile file = load_example("mlp.yaml");
  EngineBench<Vengine_c2_n4_256> bench("engine: desc len", file);
  bench.load();
  auto& drv = bench.driver();
  Engine model(file.fabric);
  load_fabric(model, file);
  const NetworkSpec& spec = file.networks[0];
  const std::uint32_t control = file.fabric.control_node;
  const std::uint64_t to_end = kNodeBytes - spec.desc_addr;
  for (const std::uint64_t bytes : {std::uint64_t{0}, std::uint64_t{3}, std::uint64_t{4}, std::uint64_t{31},
                                    spec.desc_bytes - 8, to_end + 1, to_end + 4096}) {
    INFO("buffer of " << bytes << " bytes (descriptor " << spec.desc_bytes << ", " << to_end << " to the node's end)");
    Submission submission = submission_for(file, 0);
    submission.desc_buffer_bytes = bytes;
    const AssemblyResult expected = model.assemble(submission);
    REQUIRE(expected.error);
    const auto tag = drv.submit(engine_addr(control, spec.desc_addr), static_cast<std::uint32_t>(bytes),
                                engine_addr(control, spec.map_addr), spec.priority, spec.tenant);
    REQUIRE(tag);
    const Completion c = drv.wait_completion(2'000'000);
    CHECK(c.tag == *tag);
    CHECK(c.error);
    CHECK(c.code == static_cast<unsigned>(expected.error->code));
    CHECK(c.layer == kNoLayer);
    CHECK(c.tile == kNoTile);
  }
  CHECK(bench.run() == 1);
}

TEST_CASE("engine: SLVERR on a tile read is BUS_ERROR, then the network assembles", "[engine]") {
  const NetworkFile file = load_example("mlp.yaml");
  EngineBench<Vengine_c2_n4_256> bench("engine: slverr", file);
  bench.load();
  auto& drv = bench.driver();
  const NetworkSpec& spec = file.networks[0];
  const TileSpec& tile = file.tiles[spec.layers[1].tiles[3]];  // a tile of layer fc2
  HbmNodes::node(tile.node).errors.push_back({tile.addr + 64, tile.addr + 127, 2});
  const std::uint32_t control = file.fabric.control_node;
  bench.memory(control).fill(spec.map_addr, spec.map_bytes, 0);
  const auto tag = drv.submit(engine_addr(control, spec.desc_addr), static_cast<std::uint32_t>(spec.desc_bytes),
                              engine_addr(control, spec.map_addr), spec.priority, spec.tenant);
  REQUIRE(tag);
  const Completion c = drv.wait_completion(2'000'000);
  CHECK(c.tag == *tag);
  CHECK(c.error);
  CHECK(c.code == static_cast<unsigned>(ErrorCode::bus_error));
  CHECK(c.layer == 1);
  CHECK(c.tile == kNoTile);
  HbmNodes::node(tile.node).errors.clear();
  // It held nothing: the same submission now gives exactly the model's result.
  CHECK(bench.run() == 1);
}

namespace {
// Scrub (CTRL.SCRUB): regions freed by a release, by a network's error
// unwinding and by the last release of a shared layer are zeroed; every
// step has one network, so compare_memories checks every byte of the nodes
// against the model's (which zeroes freed regions too).
const char* kScrubYaml = R"(
fabric: {nodes: 2, node_bytes: 8MiB, data_width: 256, scrub: true}
tiles:
  - {key: a/0/int8, node: [0, 1], bytes: 40000, split: 4KiB}
  - {key: b/0/int8, node: 1, bytes: 5000}
networks:
  - name: n1
    layers:
      - {name: a, tiles: ['a/0..9/int8']}
      - {name: b, tiles: [b/0/int8, 'a/0..2/int8']}
  - name: n2
    layers:
      - {name: a, tiles: ['a/0..9/int8']}
      - {name: c, tiles: ['a/3..4/int8']}
  - name: broken
    layers:
      - {name: d, tiles: ['a/5..9/int8']}
      - {name: e, tiles: [b/0/int8]}
schedule:
  - submit: n1
  - submit: n2
  - release: n1
  - evict: b/0/int8
  - submit: broken
  - release: n2
)";
}  // namespace

TEST_CASE("engine: scrub zeroes every freed region", "[engine][scrub]") {
  const NetworkFile file = parse_network_text(kScrubYaml, "scrub.yaml", ".");
  REQUIRE(file.fabric.scrub);
  {
    EngineBench<Vengine_c2_n4_256> bench("engine: scrub", file);
    bench.load();
    CHECK(bench.driver().read(regs::CTRL) == (regs::ctrl::ENABLE.mask() | regs::ctrl::SCRUB.mask()));
    CHECK(bench.run() == 3);
  }
  // The same schedule without scrub leaves the freed layers' bytes in place,
  // which the memory comparison tells from the scrubbed model's.
  const NetworkFile kept = parse_network_text(std::regex_replace(kScrubYaml, std::regex("scrub: true"), "scrub: false"), "kept.yaml", ".");
  EngineBench<Vengine_c2_n4_256> plain("engine: no scrub", kept);
  plain.load();
  CHECK(plain.run() == 3);
  Engine scrubbed(file.fabric);
  load_fabric(scrubbed, file);
  run_schedule(scrubbed, file);
  CHECK_FALSE(sim::compare_memories(file, scrubbed, plain.backend()).empty());
}

TEST_CASE("engine: a failing scrub write is BUS_ERROR on the release, and the region is freed", "[engine][scrub]") {
  const NetworkFile file = parse_network_text(kScrubYaml, "scrub.yaml", ".");
  EngineBench<Vengine_c2_n4_256> bench("engine: scrub slverr", file);
  bench.load();
  auto& drv = bench.driver();
  const NetworkSpec& spec = file.networks[0];
  const std::uint32_t control = file.fabric.control_node;
  const auto submit = [&] {
    bench.memory(control).fill(spec.map_addr, spec.map_bytes, 0);
    const auto tag = drv.submit(engine_addr(control, spec.desc_addr), static_cast<std::uint32_t>(spec.desc_bytes),
                                engine_addr(control, spec.map_addr), spec.priority, spec.tenant);
    REQUIRE(tag);
    const Completion c = drv.wait_completion(2'000'000);
    REQUIRE(c.tag == *tag);
    REQUIRE_FALSE(c.error);
    return drv.read_layer_map(control, spec.map_addr, spec.layers.size());
  };
  const std::vector<LayerRecord> first = submit();
  REQUIRE(first.size() == 2);
  // The stub answers SLVERR for one beat inside layer b's region.
  const LayerRecord& b = first[1];
  HbmNodes::node(b.node).errors.push_back({b.addr + 4096, b.addr + 4096 + 31, 2});
  const auto tag = drv.release(engine_addr(control, spec.map_addr), spec.tenant, static_cast<unsigned>(spec.layers.size()));
  REQUIRE(tag);
  const Completion released = drv.wait_completion(2'000'000);
  CHECK(released.tag == *tag);
  CHECK(released.error);
  CHECK(released.code == static_cast<unsigned>(ErrorCode::bus_error));
  CHECK(released.layer == 1);
  CHECK(released.tile == kNoTile);
  HbmNodes::node(b.node).errors.clear();
  // Both regions were freed: the same network is placed exactly where it was.
  const std::vector<LayerRecord> again = submit();
  REQUIRE(again.size() == 2);
  for (std::size_t i = 0; i < 2; ++i) {
    CHECK(again[i].node == first[i].node);
    CHECK(again[i].addr == first[i].addr);
    CHECK_FALSE(again[i].shared);
  }
  CHECK_FALSE(bench.backend().assertion_failed());
}

template <class Model>
void random_networks(const std::string& name, std::uint64_t first, std::uint64_t last) {
  for (std::uint64_t seed = first; seed <= last; ++seed) {
    RandomOptions options;
    options.seed = seed;
    options.nodes = 4;
    const std::string text = with_engine_fabric(random_network_yaml(options));
    INFO("tessera random --seed " << seed << " --nodes 4 (fabric: 8 MiB nodes, 4 KiB units, 256 bits)");
    const NetworkFile file = parse_network_text(text, fmt::format("random{}.yaml", seed), ".");
    EngineBench<Model> bench(fmt::format("{} {}", name, seed), file);
    bench.load();
    CHECK(bench.run() > 0);
  }
}

TEST_CASE("engine: random networks against the model", "[engine]") {
  random_networks<Vengine_c2_n4_256>("engine: random", 1, 6);
}

TEST_CASE("engine, 4 contexts at 64 bits: MLP and random networks", "[engine]") {
  const NetworkFile file = load_example("mlp.yaml");
  {
    EngineBench<Vengine_c4_n4_64> bench("engine c4 64: mlp", file);
    bench.load();
    CHECK(bench.run() == 1);
  }
  random_networks<Vengine_c4_n4_64>("engine c4 64: random", 7, 10);
}

TEST_CASE("engine, 4 contexts with a DMA each: two tenants and random networks", "[engine]") {
  const NetworkFile file = load_example_on_engine_fabric("two_tenants.yaml");
  {
    EngineBench<Vengine_c4_d4_n4_64> bench("engine c4 d4 64: two tenants", file);
    bench.load();
    CHECK(bench.run() == 4);
  }
  random_networks<Vengine_c4_d4_n4_64>("engine c4 d4 64: random", 11, 16);
}
