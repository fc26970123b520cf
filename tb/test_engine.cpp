// The assembly engine end to end (tb_engine: tsr_engine over HBM stubs),
// driven through its host port like a driver would, against the golden
// model: a network file is laid out (spec section 5), its tiles and
// descriptors written through the stubs' back door, tiles registered in the
// directory and control buffers reserved through the host port, then its
// schedule runs step by step. Per submitted network: the completion's status,
// code, layer and tile equal the model's; the layer-map records read back
// equal the model's (addresses for steps with one network; otherwise every
// region inside its node) and the CRC-32 of every layer's bytes equals the
// model's.
#include <catch2/catch.hpp>

#include <fmt/format.h>

#include <array>
#include <functional>
#include <fstream>
#include <map>
#include <sstream>
#include <optional>
#include <regex>
#include <string>
#include <vector>

#include "Vengine_c2_n4_256.h"
#include "Vengine_c4_n4_64.h"
#include "engine_driver.hpp"
#include "hbm_memory.hpp"
#include "tessera/bytes.hpp"
#include "tessera/descriptor.hpp"
#include "tessera/model.hpp"
#include "tessera/network_file.hpp"
#include "tessera/random_network.hpp"
#include "tessera/scenario.hpp"

using namespace tessera;
using namespace tessera::tb;

namespace {

constexpr std::uint32_t kNodes = 4;
constexpr std::uint64_t kNodeBytes = 8ull << 20;
constexpr std::uint64_t kUnitBytes = 4096;

struct RtlResult {
  Completion completion;
  std::vector<LayerMapEntry> layers;  // the valid records, in order
};

std::uint64_t get_le(const std::array<std::uint8_t, 32>& b, std::size_t at, std::size_t n) {
  std::uint64_t v = 0;
  for (std::size_t i = 0; i < n; ++i) v |= static_cast<std::uint64_t>(b[at + i]) << (8 * i);
  return v;
}

// Runs a network file's schedule on the RTL and compares every network with the model.
template <class Model>
class EngineBench {
 public:
  // `tamper` changes the control node's memory after the layout, in the
  // model and in the RTL alike (e.g. a corrupted descriptor).
  EngineBench(const std::string& name, const NetworkFile& file, std::function<void(SparseMemory&)> tamper = {},
              std::uint64_t watchdog = 50'000'000)
      : file_(file), tamper_(std::move(tamper)), model_(run_tampered_model()), h_(name, watchdog), drv_(h_) {
    REQUIRE(file.fabric.nodes <= kNodes);
    REQUIRE(file.fabric.node_bytes == kNodeBytes);
    REQUIRE(file.fabric.alloc_unit == kUnitBytes);
    HbmNodes::configure(kNodes, kNodeBytes, h_.seed());
    h_.reset();
  }

  Harness<Model>& harness() { return h_; }
  EngineDriver<Model>& driver() { return drv_; }
  SparseMemory& memory(std::uint32_t node) { return HbmNodes::node(node).memory; }

  // Section 5: tiles and descriptors into memory, tiles into the directory,
  // descriptors and layer-map buffers reserved.
  void load() {
    std::vector<std::uint8_t> bytes;
    for (const TileSpec& tile : file_.tiles) {
      bytes.resize(tile.bytes);
      tile.data.fill(tile.data_offset, bytes);
      memory(tile.node).write(tile.addr, bytes);
    }
    const std::uint32_t control = file_.fabric.control_node;
    for (std::size_t i = 0; i < file_.networks.size(); ++i) {
      const NetworkSpec& network = file_.networks[i];
      memory(control).write(network.desc_addr, encode_descriptor(descriptor_for(file_, i)));
      drv_.reserve(control, network.desc_addr, network.desc_bytes);
      drv_.reserve(control, network.map_addr, network.map_bytes);
    }
    if (tamper_) tamper_(memory(control));
    for (const TileSpec& tile : file_.tiles) {
      REQUIRE(drv_.insert_tile(tile.key_value, tile.node, tile.addr, tile.bytes, tile.owner) == 0);
    }
    drv_.enable();
  }

  RtlResult read_back(std::size_t network, const Completion& completion) {
    const NetworkSpec& spec = file_.networks[network];
    RtlResult result{completion, {}};
    for (std::size_t i = 0; i < spec.layers.size(); ++i) {
      std::array<std::uint8_t, 32> record{};
      memory(file_.fabric.control_node).read(spec.map_addr + 32 * i, record);
      if (!(record[5] & 1)) continue;
      LayerMapEntry entry;
      entry.id = static_cast<std::uint32_t>(get_le(record, 0, 4));
      entry.node = record[4];
      entry.shared = (record[5] & 2) != 0;
      entry.addr = get_le(record, 8, 8);
      entry.bytes = get_le(record, 16, 8);
      REQUIRE(entry.node < kNodes);
      REQUIRE(entry.addr + entry.bytes <= kNodeBytes);
      entry.crc32 = memory(entry.node).crc32(entry.addr, entry.bytes);
      result.layers.push_back(entry);
    }
    return result;
  }

  void compare(const NetworkRun& expected, const RtlResult& got, bool exact_addresses) {
    const NetworkSpec& spec = file_.networks[expected.network];
    INFO("network " << spec.name << " (tag " << got.completion.tag << ")");
    const AssemblyResult& m = expected.result;
    if (m.error) {
      INFO("model: " << m.error->message);
      CHECK(got.completion.error);
      CHECK(got.completion.code == static_cast<unsigned>(m.error->code));
      CHECK(got.completion.layer == m.error->layer.value_or(kNoLayer));
      CHECK(got.completion.tile == m.error->tile.value_or(kNoTile));
    } else {
      CHECK_FALSE(got.completion.error);
      CHECK(got.completion.code == 0);
    }
    REQUIRE(got.layers.size() == m.layers.size());
    for (std::size_t i = 0; i < m.layers.size(); ++i) {
      INFO("layer " << i);
      CHECK(got.layers[i].id == m.layers[i].id);
      CHECK(got.layers[i].bytes == m.layers[i].bytes);
      CHECK(got.layers[i].crc32 == m.layers[i].crc32);
      if (exact_addresses) {
        CHECK(got.layers[i].node == m.layers[i].node);
        CHECK(got.layers[i].addr == m.layers[i].addr);
        CHECK(got.layers[i].shared == m.layers[i].shared);
      }
    }
  }

  // Live layers: every region inside its node, two regions either the same
  // layer of one tenant (shared) or disjoint.
  void check_live_regions() {
    struct Live {
      std::uint32_t id, node;
      std::uint64_t addr, bytes;
      unsigned tenant;
    };
    std::vector<Live> all;
    for (const auto& [n, result] : live_) {
      for (const LayerMapEntry& e : result.layers) all.push_back({e.id, e.node, e.addr, e.bytes, file_.networks[n].tenant});
    }
    for (std::size_t i = 0; i < all.size(); ++i) {
      for (std::size_t j = i + 1; j < all.size(); ++j) {
        const Live& a = all[i];
        const Live& b = all[j];
        const bool same_layer = a.id == b.id && a.tenant == b.tenant;
        if (same_layer) {
          CHECK((a.node == b.node && a.addr == b.addr));
        } else if (a.node == b.node) {
          CHECK((a.addr + a.bytes <= b.addr || b.addr + b.bytes <= a.addr));
        }
      }
    }
  }

  static bool same_places(const AssemblyResult& m, const RtlResult& got) {
    if (m.layers.size() != got.layers.size()) return false;
    for (std::size_t i = 0; i < m.layers.size(); ++i) {
      if (m.layers[i].node != got.layers[i].node || m.layers[i].addr != got.layers[i].addr ||
          m.layers[i].shared != got.layers[i].shared) {
        return false;
      }
    }
    return true;
  }

  // Plays the schedule; returns the number of networks compared.
  std::size_t run() {
    const std::uint32_t control = file_.fabric.control_node;
    std::size_t next_run = 0;
    std::map<std::size_t, bool> live_ok;
    for (const ScheduleStep& step : file_.schedule) {
      switch (step.kind) {
        case ScheduleStep::Kind::submit: {
          const std::vector<std::size_t> order = step_order(file_, step);
          std::map<std::uint16_t, std::size_t> by_tag;
          for (const std::size_t n : order) {
            const NetworkSpec& spec = file_.networks[n];
            memory(control).fill(spec.map_addr, spec.map_bytes, 0);
            const auto tag = drv_.submit(engine_addr(control, spec.desc_addr), engine_addr(control, spec.map_addr),
                                         spec.priority, spec.tenant);
            REQUIRE(tag);
            by_tag[*tag] = n;
          }
          std::map<std::size_t, RtlResult> results;
          for (std::size_t k = 0; k < order.size(); ++k) {
            const Completion c = drv_.wait_completion();
            REQUIRE(by_tag.count(c.tag) == 1);
            const std::size_t n = by_tag[c.tag];
            results.emplace(n, read_back(n, c));
          }
          for (const auto& [n, result] : results) {
            if (!result.completion.error) live_[n] = result;
          }
          check_live_regions();
          for (const std::size_t n : order) {
            REQUIRE(next_run < model_.runs.size());
            const NetworkRun& expected = model_.runs[next_run++];
            REQUIRE(expected.network == n);
            // Addresses are the model's while every step so far placed the
            // layers as the model did; a step with several networks may not.
            compare(expected, results.at(n), order.size() == 1 && !diverged_);
            if (!same_places(expected.result, results.at(n))) diverged_ = true;
            live_ok[n] = !results.at(n).completion.error;
            ++compared_;
          }
          break;
        }
        case ScheduleStep::Kind::release:
          for (const std::size_t n : step.networks) {
            const NetworkSpec& spec = file_.networks[n];
            if (live_ok[n]) {
              const auto tag = drv_.release(engine_addr(control, spec.map_addr), spec.tenant,
                                            static_cast<unsigned>(spec.layers.size()));
              REQUIRE(tag);
              const Completion c = drv_.wait_completion();
              CHECK(c.tag == *tag);
              CHECK_FALSE(c.error);
            }
            live_ok.erase(n);
            live_.erase(n);
          }
          break;
        case ScheduleStep::Kind::evict:
          for (const std::size_t t : step.tiles) REQUIRE(drv_.delete_tile(file_.tiles[t].key_value) == 0);
          break;
      }
    }
    CHECK_FALSE(h_.assertion_failed());
    return compared_;
  }

 private:
  ModelRun run_tampered_model() {
    Engine engine(file_.fabric);
    load_fabric(engine, file_);
    if (tamper_) tamper_(engine.memory(file_.fabric.control_node));
    return run_schedule(engine, file_);
  }

  const NetworkFile& file_;
  std::function<void(SparseMemory&)> tamper_;
  ModelRun model_;
  Harness<Model> h_;
  EngineDriver<Model> drv_;
  std::size_t compared_ = 0;
  bool diverged_ = false;
  std::map<std::size_t, RtlResult> live_;
};

NetworkFile load_example(const std::string& name) {
  return load_network_file(std::string(TESSERA_EXAMPLES_DIR) + "/" + name);
}

// A network file's text with the fabric this model is built for.
std::string with_engine_fabric(std::string text) {
  text = std::regex_replace(text, std::regex("node_bytes: *[0-9A-Za-z]+"), "node_bytes: 8MiB");
  text = std::regex_replace(text, std::regex("alloc_unit: *[0-9A-Za-z]+"), "alloc_unit: 4KiB");
  text = std::regex_replace(text, std::regex("data_width: *[0-9]+"), "data_width: 256");
  text = std::regex_replace(text, std::regex("scrub: *[a-z]+"), "scrub: false");
  return text;
}

}  // namespace

TEST_CASE("engine: the MLP example end to end", "[engine]") {
  const NetworkFile file = load_example("mlp.yaml");
  EngineBench<Vengine_c2_n4_256> bench("engine: mlp", file);
  bench.load();
  CHECK(bench.run() == 1);
}

TEST_CASE("engine: register map identity and configuration", "[engine]") {
  const NetworkFile file = load_example("mlp.yaml");
  EngineBench<Vengine_c2_n4_256> bench("engine: id", file);
  auto& drv = bench.driver();
  CHECK(drv.read(regs::ID) == 0x54530100u);
  CHECK(regs::config::NODES.get(drv.read(regs::CONFIG)) == kNodes);
}

TEST_CASE("engine: two tenants, shared layers and releases (8 MiB nodes)", "[engine]") {
  std::ifstream in(std::string(TESSERA_EXAMPLES_DIR) + "/two_tenants.yaml");
  std::stringstream text;
  text << in.rdbuf();
  const NetworkFile file = parse_network_text(with_engine_fabric(text.str()), "two_tenants.yaml", TESSERA_EXAMPLES_DIR);
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

TEST_CASE("engine: corrupted descriptors", "[engine]") {
  std::ifstream in(std::string(TESSERA_EXAMPLES_DIR) + "/two_tenants.yaml");
  std::stringstream text;
  text << in.rdbuf();
  const NetworkFile file = parse_network_text(with_engine_fabric(text.str()), "two_tenants.yaml", TESSERA_EXAMPLES_DIR);
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
  SECTION("the magic: DESC_MAGIC") {
    EngineBench<Vengine_c2_n4_256> bench("engine: corrupt magic", file, [&](SparseMemory& m) {
      const std::array<std::uint8_t, 1> b{0};
      m.write(medical, b);
    });
    bench.load();
    CHECK(bench.run() == 4);
  }
}

TEST_CASE("engine: SLVERR on a tile read is BUS_ERROR; the network then assembles", "[engine]") {
  const NetworkFile file = load_example("mlp.yaml");
  EngineBench<Vengine_c2_n4_256> bench("engine: slverr", file);
  bench.load();
  auto& drv = bench.driver();
  const NetworkSpec& spec = file.networks[0];
  const TileSpec& tile = file.tiles[spec.layers[1].tiles[3]];  // a tile of layer fc2
  HbmNodes::node(tile.node).errors.push_back({tile.addr + 64, tile.addr + 127, 2});
  const std::uint32_t control = file.fabric.control_node;
  bench.memory(control).fill(spec.map_addr, spec.map_bytes, 0);
  const auto tag = drv.submit(engine_addr(control, spec.desc_addr), engine_addr(control, spec.map_addr),
                              spec.priority, spec.tenant);
  REQUIRE(tag);
  const Completion c = drv.wait_completion();
  CHECK(c.tag == *tag);
  CHECK(c.error);
  CHECK(c.code == static_cast<unsigned>(ErrorCode::bus_error));
  CHECK(c.layer == 1);
  CHECK(c.tile == kNoTile);
  HbmNodes::node(tile.node).errors.clear();
  // It held nothing: the same submission now gives exactly the model's result.
  CHECK(bench.run() == 1);
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
