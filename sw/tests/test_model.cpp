// The golden model against the rules of docs/spec.md sections 7-11:
// assembly, allocation, sharing, tenants, release, eviction, scrub, errors
// and the layer-map report.
#include <catch2/catch.hpp>

#include <variant>

#include <fmt/format.h>

#include "tessera/bytes.hpp"
#include "tessera/crc32.hpp"
#include "tessera/descriptor.hpp"
#include "tessera/network_file.hpp"
#include "tessera/report.hpp"
#include "tessera/scenario.hpp"

using namespace tessera;

namespace {

NetworkFile parse(const std::string& text) { return parse_network_text(text, "t.yaml", "."); }

// The expected bytes of a layer: its tiles' data, concatenated.
std::vector<std::uint8_t> expected_layer_bytes(const NetworkFile& file, const LayerSpec& layer) {
  std::vector<std::uint8_t> bytes;
  for (const std::size_t index : layer.tiles) {
    const TileSpec& tile = file.tiles[index];
    std::vector<std::uint8_t> piece(tile.bytes);
    tile.data.fill(tile.data_offset, piece);
    bytes.insert(bytes.end(), piece.begin(), piece.end());
  }
  return bytes;
}

std::vector<std::uint8_t> read(const Engine& engine, std::uint32_t node, std::uint64_t addr, std::uint64_t bytes) {
  std::vector<std::uint8_t> out(bytes);
  engine.memory(node).read(addr, out);
  return out;
}

struct Played {
  NetworkFile file;
  Engine engine;
  ModelRun run;
  explicit Played(const std::string& text, EngineLimits limits = {}) : file(parse(text)), engine(file.fabric, limits) {
    load_fabric(engine, file);
    run = run_schedule(engine, file);
  }
  const AssemblyResult& result(std::size_t i) const { return run.runs.at(i).result; }
};

// Every node's full contents, for checking what a step wrote.
std::vector<std::vector<std::uint8_t>> snapshot(const Engine& engine) {
  std::vector<std::vector<std::uint8_t>> nodes;
  for (std::uint32_t n = 0; n < engine.fabric().nodes; ++n) nodes.push_back(read(engine, n, 0, engine.fabric().node_bytes));
  return nodes;
}

}  // namespace

TEST_CASE("a layer is its tiles back to back in one contiguous region", "[model]") {
  Played played(R"(fabric: {nodes: 3, node_bytes: 256KiB}
tiles:
  - {key: w/0/int8, node: 0, bytes: 4KiB, split: 1000}
  - {key: b/0/int32, node: 2, bytes: 77, data: "const:0x5a"}
  - {key: c/0/fp16, node: 1, bytes: 3000, data: "random:9"}
networks:
  - name: n
    layers:
      - {name: l0, tiles: ['w/0..4/int8', b/0/int32]}
      - {name: l1, tiles: [c/0/fp16, w/2/int8, c/0/fp16]}
)");
  REQUIRE(played.run.all_ok());
  const NetworkSpec& network = played.file.networks[0];
  const AssemblyResult& result = played.result(0);
  REQUIRE(result.layers.size() == 2);
  for (std::size_t i = 0; i < 2; ++i) {
    const LayerMapEntry& entry = result.layers[i];
    const auto expected = expected_layer_bytes(played.file, network.layers[i]);
    CHECK(entry.id == network.layers[i].id);
    CHECK(entry.bytes == expected.size());
    CHECK_FALSE(entry.shared);
    CHECK(entry.addr % played.file.fabric.alloc_unit == 0);
    CHECK(entry.addr + entry.bytes <= played.file.fabric.node_bytes);
    CHECK(read(played.engine, entry.node, entry.addr, entry.bytes) == expected);
    CHECK(entry.crc32 == crc32(expected));
  }
}

TEST_CASE("the layer-map record is written into the buffer at the layer's index", "[model]") {
  Played played(R"(fabric: {nodes: 2, node_bytes: 64KiB, control_node: 1}
tiles: [{key: a/0/int8, node: 0, bytes: 100}, {key: a/1/int8, node: 0, bytes: 100}]
networks:
  - name: n
    layers: [{name: l0, tiles: [a/0/int8]}, {name: l1, tiles: [a/1/int8]}]
)");
  REQUIRE(played.run.all_ok());
  const NetworkSpec& network = played.file.networks[0];
  for (std::size_t i = 0; i < 2; ++i) {
    const auto record = read(played.engine, 1, network.map_addr + 32 * i, 32);
    const LayerMapEntry& entry = played.result(0).layers[i];
    auto field = [&](std::size_t offset, std::size_t width) { return load_le(record, offset, width); };
    CHECK(field(0, 4) == entry.id);
    CHECK(field(4, 1) == entry.node);
    CHECK(field(5, 1) == 1);  // valid, not shared
    CHECK(field(6, 2) == 0);
    CHECK(field(8, 8) == entry.addr);
    CHECK(field(16, 8) == entry.bytes);
    CHECK(field(24, 8) == 0);
  }
}

TEST_CASE("allocation: most free node first, first fit inside, pinned stays, units rounded", "[model][alloc]") {
  Allocator allocator(3, 16);
  allocator.reserve(0, 0, 2);  // node 0: 14 free, node 1: 16, node 2: 16
  const auto a = allocator.allocate(4, std::nullopt);
  REQUIRE(a);
  CHECK(*a == Region{1, 0, 4});  // most free, lowest index on the tie
  const auto b = allocator.allocate(4, std::nullopt);
  CHECK(*b == Region{2, 0, 4});  // node 2 now has the most
  const auto c = allocator.allocate(3, std::nullopt);
  CHECK(*c == Region{0, 2, 3});  // 14 > 12: node 0, first fit after the reservation
  const auto d = allocator.allocate(2, 1u);
  CHECK(*d == Region{1, 4, 2});
  allocator.free(*a);
  CHECK(allocator.free_units(1) == 14u);
  const auto e = allocator.allocate(3, 1u);
  CHECK(*e == Region{1, 0, 3});  // first fit reuses the freed hole
  CHECK_FALSE(allocator.allocate(17, std::nullopt));
  CHECK_FALSE(allocator.allocate(15, 2u));  // pinned: only node 2, which has 12 free
  CHECK_THROWS(allocator.free(Region{2, 10, 2}));  // never allocated: double free
}

TEST_CASE("allocation falls through to the next nodes, wrapping, when the fullest has no run", "[model][alloc]") {
  Allocator allocator(3, 8);
  allocator.reserve(1, 3, 1);  // node 1: 7 free, but runs of 3 and 4
  allocator.reserve(0, 0, 2);  // node 0: 6 free
  allocator.reserve(2, 0, 3);  // node 2: 5 free
  const auto region = allocator.allocate(5, std::nullopt);
  REQUIRE(region);
  CHECK(*region == Region{2, 3, 5});  // node 1 first (most free), no run of 5; then node 2
  const auto wrap = allocator.allocate(6, std::nullopt);
  CHECK(*wrap == Region{0, 2, 6});  // node 1 again (most free), then 2 (full), then wrap to 0
}

TEST_CASE("tiles and control buffers are never allocated over", "[model][alloc]") {
  Played played(R"(fabric: {nodes: 1, node_bytes: 64KiB, alloc_unit: 1KiB}
tiles: [{key: a/0/int8, node: 0, bytes: 1500}, {key: a/1/int8, node: 0, bytes: 10, addr: 0x2100}]
networks:
  - name: n
    layers: [{name: l0, tiles: [a/0/int8]}, {name: l1, tiles: [a/0/int8, a/0/int8, a/0/int8]}]
)");
  REQUIRE(played.run.all_ok());
  const NetworkSpec& network = played.file.networks[0];
  // Units 0-1 hold the first tile and, after it, the descriptor and map; unit 8 the second tile.
  CHECK(network.desc_addr == 1536u);
  CHECK(network.map_addr + network.map_bytes <= 2 * 1024u);
  CHECK(played.result(0).layers[0].addr == 2 * 1024u);
  CHECK(played.result(0).layers[1].addr == 9 * 1024u);  // 4500 B = 5 units: units 4-7 are too few
}

TEST_CASE("a live layer is shared within a tenant and counted", "[model][share]") {
  const std::string text = R"(fabric: {nodes: 2, node_bytes: 64KiB}
tiles: [{key: bb/0/int8, node: 0, bytes: 5000}, {key: h/0/int8, node: 0, bytes: 100}, {key: h/1/int8, node: 0, bytes: 200}]
networks:
  - {name: a, layers: [{name: backbone, tiles: [bb/0/int8]}, {name: head, tiles: [h/0/int8]}]}
  - {name: b, layers: [{name: backbone, tiles: [bb/0/int8]}, {name: head2, tiles: [h/1/int8]}]}
  - {name: c, tenant: 1, layers: [{name: backbone, tiles: [bb/0/int8]}]}
schedule:
  - submit: [a, b, c]
  - release: a
  - release: b
  - submit: a
)";
  Played played(text);
  REQUIRE(played.run.all_ok());
  const auto& a = played.result(0).layers;
  const auto& b = played.result(1).layers;
  const auto& c = played.result(2).layers;
  CHECK_FALSE(a[0].shared);
  CHECK(b[0].shared);
  CHECK(b[0].node == a[0].node);
  CHECK(b[0].addr == a[0].addr);
  CHECK(b[0].crc32 == a[0].crc32);
  // Another tenant never shares: its own copy in its own region.
  CHECK_FALSE(c[0].shared);
  CHECK((c[0].node != a[0].node || c[0].addr != a[0].addr));
  CHECK(c[0].crc32 == a[0].crc32);
  // Re-submitted after both releases: assembled anew, not shared.
  const auto& again = played.result(3).layers;
  CHECK_FALSE(again[0].shared);

  // Reference counts step by step.
  const NetworkFile file = parse(text);
  Engine engine(file.fabric);
  load_fabric(engine, file);
  const std::uint32_t backbone = name_id("backbone");
  const auto ra = engine.assemble(submission_for(file, 0));
  CHECK(engine.layer(backbone, 0)->references == 1u);
  const auto rb = engine.assemble(submission_for(file, 1));
  CHECK(engine.layer(backbone, 0)->references == 2u);
  const auto rc = engine.assemble(submission_for(file, 2));
  CHECK(engine.layer(backbone, 1)->references == 1u);
  CHECK(engine.layer(backbone, 0)->references == 2u);
  engine.release(ra);
  CHECK(engine.layer(backbone, 0)->references == 1u);
  CHECK_FALSE(engine.layer(name_id("head"), 0));  // its only reference is gone
  engine.release(rb);
  CHECK_FALSE(engine.layer(backbone, 0));
  CHECK(engine.layer(backbone, 1)->references == 1u);
  engine.release(rc);
  CHECK(engine.live_layers() == 0u);
  CHECK_THROWS(engine.release(rc));  // a second release would drive a count below zero
}

TEST_CASE("freed regions are reused, and zeroed only with scrub", "[model][share]") {
  for (const bool scrub : {false, true}) {
    INFO("scrub " << scrub);
    const std::string text = std::string("fabric: {nodes: 1, node_bytes: 64KiB, scrub: ") + (scrub ? "true" : "false") + R"(}
tiles: [{key: a/0/int8, node: 0, bytes: 5000, data: "const:7"}, {key: b/0/int8, node: 0, bytes: 100}]
networks:
  - {name: n, layers: [{name: l, tiles: [a/0/int8]}]}
  - {name: m, layers: [{name: k, tiles: [b/0/int8]}]}
schedule: [{submit: n}, {release: n}, {submit: m}]
)";
    const NetworkFile file = parse(text);
    Engine engine(file.fabric);
    load_fabric(engine, file);
    const auto n = engine.assemble(submission_for(file, 0));
    REQUIRE(n.ok());
    const LayerMapEntry layer = n.layers[0];
    engine.release(n);
    const auto contents = read(engine, layer.node, layer.addr, 8192);
    const std::uint8_t expected = scrub ? 0 : 7;
    CHECK(std::all_of(contents.begin(), contents.begin() + 5000, [&](std::uint8_t v) { return v == expected; }));
    const auto m = engine.assemble(submission_for(file, 1));
    CHECK(m.layers[0].addr == layer.addr);  // the freed region, first fit again
  }
}

TEST_CASE("tenants reach public tiles and their own, nothing else", "[model][tenant]") {
  Played played(R"(fabric: {nodes: 2, node_bytes: 64KiB}
tiles:
  - {key: pub/0/int8, node: 0, bytes: 64}
  - {key: mine/0/int8, node: 0, bytes: 64, owner: 1}
  - {key: theirs/0/int8, node: 1, bytes: 64, owner: 2}
networks:
  - {name: ok, tenant: 1, layers: [{name: l, tiles: [pub/0/int8, mine/0/int8]}]}
  - name: bad
    tenant: 1
    layers:
      - {name: l0, tiles: [pub/0/int8]}
      - {name: l1, tiles: [mine/0/int8, pub/0/int8, theirs/0/int8]}
  - {name: owner, tenant: 2, layers: [{name: l, tiles: [theirs/0/int8]}]}
)");
  CHECK(played.result(0).ok());
  const AssemblyResult& bad = played.result(1);
  REQUIRE(bad.error);
  CHECK(bad.error->code == ErrorCode::tile_access);
  CHECK(bad.error->layer == std::optional<std::uint16_t>(1));
  CHECK(bad.error->tile == std::optional<std::uint32_t>(2));
  CHECK(bad.error->message == "TILE_ACCESS: tile 'theirs/0/int8' of layer 'l1' belongs to tenant 2, not tenant 1");
  CHECK(bad.layers.size() == 1);  // l0 was recorded before the error...
  CHECK_FALSE(played.engine.layer(name_id("l0"), 1));  // ...and its reference dropped with it
  CHECK(played.result(2).ok());
  CHECK(run_exit_status(played.run) == 1);
}

TEST_CASE("a failed network drops its references, others keep theirs", "[model][errors]") {
  const std::string text = R"(fabric: {nodes: 1, node_bytes: 64KiB}
tiles: [{key: a/0/int8, node: 0, bytes: 100}, {key: b/0/int8, node: 0, bytes: 100, owner: 5}]
networks:
  - {name: keep, layers: [{name: shared, tiles: [a/0/int8]}]}
  - {name: fail, layers: [{name: shared, tiles: [a/0/int8]}, {name: own, tiles: [a/0/int8]}, {name: x, tiles: [b/0/int8]}]}
)";
  const NetworkFile file = parse(text);
  Engine engine(file.fabric);
  load_fabric(engine, file);
  const auto keep = engine.assemble(submission_for(file, 0));
  const auto before = snapshot(engine);
  const auto fail = engine.assemble(submission_for(file, 1));
  REQUIRE(fail.error);
  CHECK(fail.error->code == ErrorCode::tile_access);
  CHECK(fail.layers.size() == 2);
  CHECK(fail.layers[0].shared);
  CHECK(engine.layer(name_id("shared"), 0)->references == 1u);  // back to keep's reference only
  CHECK_FALSE(engine.layer(name_id("own"), 0));
  // Nothing outside the failed network's own regions and layer map was written.
  const auto after = snapshot(engine);
  const NetworkSpec& failed = file.networks[1];
  for (std::uint64_t addr = 0; addr < file.fabric.node_bytes; ++addr) {
    const bool in_map = addr >= failed.map_addr && addr < failed.map_addr + failed.map_bytes;
    const bool in_regions = (addr >= fail.layers[1].addr && addr < fail.layers[1].addr + 4096) ||  // "own"
                            (addr >= fail.layers[1].addr + 4096 && addr < fail.layers[1].addr + 8192);  // "x", allocated next
    if (!in_map && !in_regions && before[0][addr] != after[0][addr]) FAIL("byte 0x" << std::hex << addr << " changed");
  }
  engine.release(fail);  // a failed network holds nothing: no change
  CHECK(engine.layer(name_id("shared"), 0)->references == 1u);
  engine.release(keep);
  CHECK(engine.live_layers() == 0u);
}

TEST_CASE("out of memory fails only that network", "[model][errors]") {
  Played played(R"(fabric: {nodes: 2, node_bytes: 64KiB}
tiles: [{key: big/0/int8, node: 0, bytes: 40KiB}, {key: s/0/int8, node: 1, bytes: 100}]
networks:
  - {name: hog, layers: [{name: l, tiles: [big/0/int8], node: 1}]}
  - {name: late, layers: [{name: m, tiles: [big/0/int8]}]}
  - {name: small, layers: [{name: k, tiles: [s/0/int8]}]}
  - {name: pinned, layers: [{name: p, tiles: [s/0/int8], node: 0}, {name: q, tiles: [big/0/int8], node: 0}]}
schedule: [{submit: [hog, late, small, pinned]}]
)");
  CHECK(played.result(0).ok());
  CHECK(played.result(0).layers[0].node == 1u);
  const AssemblyResult& late = played.result(1);
  REQUIRE(late.error);
  CHECK(late.error->code == ErrorCode::no_memory);
  CHECK(late.error->layer == std::optional<std::uint16_t>(0));
  CHECK_FALSE(late.error->tile);
  CHECK(played.result(2).ok());
  REQUIRE(played.result(3).error);
  CHECK(played.result(3).error->code == ErrorCode::no_memory);
  CHECK(played.result(3).error->layer == std::optional<std::uint16_t>(1));
}

TEST_CASE("within a step, higher priority runs first, then the step's order", "[model]") {
  const NetworkFile file = parse(R"(fabric: {nodes: 1, node_bytes: 64KiB}
tiles: [{key: a/0/int8, node: 0, bytes: 100}]
networks:
  - {name: low, priority: 0, layers: [{name: l0, tiles: [a/0/int8]}]}
  - {name: mid1, priority: 2, layers: [{name: l1, tiles: [a/0/int8]}]}
  - {name: high, priority: 3, layers: [{name: l2, tiles: [a/0/int8]}]}
  - {name: mid2, priority: 2, layers: [{name: l3, tiles: [a/0/int8]}]}
schedule: [{submit: [low, mid2, high, mid1]}]
)");
  CHECK(step_order(file, file.schedule[0]) == std::vector<std::size_t>{2, 3, 1, 0});
  const ModelRun run = run_model(file);
  REQUIRE(run.runs.size() == 4);
  CHECK(run.runs[0].network == 2u);
  CHECK(run.runs[3].network == 0u);
  CHECK(run.runs[0].result.layers[0].addr < run.runs[1].result.layers[0].addr);  // served first, placed first
}

TEST_CASE("an evicted tile is missing for later networks", "[model][errors]") {
  Played played(R"(fabric: {nodes: 1, node_bytes: 64KiB}
tiles: [{key: a/0/int8, node: 0, bytes: 100}, {key: a/1/int8, node: 0, bytes: 100}]
networks:
  - {name: n, layers: [{name: l, tiles: ['a/0..1/int8']}]}
schedule: [{submit: n}, {evict: a/1/int8}, {release: n}, {submit: n}]
)");
  CHECK(played.result(0).ok());
  const AssemblyResult& again = played.result(1);
  REQUIRE(again.error);
  CHECK(again.error->code == ErrorCode::tile_missing);
  CHECK(again.error->tile == std::optional<std::uint32_t>(1));
  CHECK(again.error->message == "TILE_MISSING: tile 'a/1/int8' of layer 'l' is not in the tile directory");
}

namespace {

// An engine with two public tiles and a control area, for hand-made descriptors.
struct Bench {
  FabricConfig fabric;
  Engine engine;
  std::uint64_t key_a = TileKey{"a", 0, Dtype::int8}.value();
  std::uint64_t key_b = TileKey{"b", 0, Dtype::int8}.value();
  explicit Bench(EngineLimits limits = {}) : fabric(make_fabric()), engine(fabric, limits) {
    const std::vector<std::uint8_t> data(200, 0x33);
    engine.memory(0).write(0, data);
    engine.reserve(0, 0, 64 * 1024);  // unit-aligned control and tile area
    engine.insert_tile(key_a, DirectoryEntry{0, 0, 100, std::nullopt});
    engine.insert_tile(key_b, DirectoryEntry{0, 100, 100, std::nullopt});
  }
  static FabricConfig make_fabric() {
    FabricConfig config;
    config.nodes = 2;
    config.node_bytes = 256 * 1024;
    return config;
  }
  AssemblyResult submit(const std::vector<std::uint8_t>& bytes, std::uint8_t tenant = 0) {
    engine.memory(0).write(4096, bytes);
    Submission submission;
    submission.desc_addr = 4096;
    submission.desc_buffer_bytes = bytes.size();
    submission.map_addr = 32 * 1024;
    submission.tenant = tenant;
    return engine.assemble(submission);
  }
  static std::vector<std::uint8_t> encode(std::vector<DescriptorLayer> layers) {
    Descriptor descriptor;
    descriptor.layers = std::move(layers);
    return encode_descriptor(descriptor);
  }
};

DescriptorLayer layer(std::uint32_t id, std::uint64_t bytes, std::vector<std::uint64_t> keys, std::optional<std::uint8_t> node = {}) {
  DescriptorLayer l;
  l.id = id;
  l.bytes = bytes;
  l.keys = std::move(keys);
  l.node = node;
  return l;
}

}  // namespace

TEST_CASE("descriptor faults in memory end the network with their code", "[model][errors]") {
  Bench bench;
  auto bytes = Bench::encode({layer(1, 100, {bench.key_a})});
  REQUIRE(bench.submit(bytes).ok());
  bytes[40] ^= 1;  // a content byte: the CRC no longer matches
  const auto corrupted = bench.submit(bytes);
  REQUIRE(corrupted.error);
  CHECK(corrupted.error->code == ErrorCode::desc_crc);
  CHECK_FALSE(corrupted.error->layer);
  bytes[0] = 0;
  CHECK(bench.submit(bytes).error->code == ErrorCode::desc_magic);
  Submission outside;
  outside.desc_addr = 256 * 1024 - 16;
  outside.desc_buffer_bytes = 32;
  CHECK(bench.engine.assemble(outside).error->code == ErrorCode::bus_error);
}

TEST_CASE("layer bytes must equal the tiles' lengths", "[model][errors]") {
  Bench bench;
  const auto short_layer = bench.submit(Bench::encode({layer(1, 150, {bench.key_a, bench.key_b})}));
  REQUIRE(short_layer.error);
  CHECK(short_layer.error->code == ErrorCode::layer_size);
  CHECK(short_layer.error->tile == std::optional<std::uint32_t>(1));
  const auto long_layer = bench.submit(Bench::encode({layer(2, 250, {bench.key_a, bench.key_b})}));
  REQUIRE(long_layer.error);
  CHECK(long_layer.error->code == ErrorCode::layer_size);
  CHECK_FALSE(long_layer.error->tile);
  CHECK(bench.engine.live_layers() == 0u);
  CHECK(bench.engine.allocator().free_units(0) == 48u);  // both regions given back (64 units, 16 reserved)
}

TEST_CASE("a pinned node past the fabric is BAD_NODE", "[model][errors]") {
  Bench bench;
  const auto result = bench.submit(Bench::encode({layer(1, 100, {bench.key_a}), layer(2, 100, {bench.key_a}, 7)}));
  REQUIRE(result.error);
  CHECK(result.error->code == ErrorCode::bad_node);
  CHECK(result.error->layer == std::optional<std::uint16_t>(1));
}

TEST_CASE("a layer id live with another tile list is LAYER_CONFLICT", "[model][errors]") {
  Bench bench;
  const auto first = bench.submit(Bench::encode({layer(1, 100, {bench.key_a})}));
  REQUIRE(first.ok());
  const auto second = bench.submit(Bench::encode({layer(1, 100, {bench.key_b})}));
  REQUIRE(second.error);
  CHECK(second.error->code == ErrorCode::layer_conflict);
  const auto other_tenant = bench.submit(Bench::encode({layer(1, 100, {bench.key_b})}), 1);
  CHECK(other_tenant.ok());
}

TEST_CASE("a full layer table is TABLE_FULL, a reuse still succeeds", "[model][errors]") {
  Bench bench(EngineLimits{2});
  REQUIRE(bench.submit(Bench::encode({layer(1, 100, {bench.key_a}), layer(2, 100, {bench.key_b})})).ok());
  const auto full = bench.submit(Bench::encode({layer(1, 100, {bench.key_a}), layer(3, 100, {bench.key_a})}));
  REQUIRE(full.error);
  CHECK(full.error->code == ErrorCode::table_full);
  CHECK(full.error->layer == std::optional<std::uint16_t>(1));
  CHECK(bench.engine.layer(1, 0)->references == 1u);
}

TEST_CASE("the JSON report has exactly the documented shape", "[model][report]") {
  const NetworkFile file = parse(R"(fabric: {nodes: 2, node_bytes: 64KiB}
tiles: [{key: a/0/int8, node: 0, bytes: 100, data: "const:1"}, {key: s/0/int8, node: 0, bytes: 10, owner: 1}]
networks:
  - {name: n, priority: 1, layers: [{name: l, tiles: [a/0/int8]}]}
  - {name: m, layers: [{name: l, tiles: [a/0/int8]}, {name: k, tiles: [s/0/int8]}]}
)");
  const ModelRun run = run_model(file);
  const std::string crc = fmt::format("0x{:08x}", crc32(std::vector<std::uint8_t>(100, 1)));
  const std::string expected =
      R"({"networks":[{"name":"n","tenant":0,"status":"ok","error":null,"layers":[{"name":"l","node":1,"addr":0,"bytes":100,"shared":false,"crc32":")" +
      crc +
      R"("}]},{"name":"m","tenant":0,"status":"error","error":{"code":7,"layer":"k","tile":"s/0/int8","message":"TILE_ACCESS: tile 's/0/int8' of layer 'k' belongs to tenant 1, not tenant 0"},"layers":[{"name":"l","node":1,"addr":0,"bytes":100,"shared":true,"crc32":")" +
      crc + R"("}]}]})";
  CHECK(run_json(file, run).dump() == expected);
  const std::string text = run_text(file, run);
  CHECK(text.find("network m  tenant 0  priority 0  error 7") != std::string::npos);
  CHECK(text.find("2 networks: 1 ok, 1 failed") != std::string::npos);
}

TEST_CASE("the same file always gives the same layer maps and memory", "[model]") {
  const std::string text = R"(fabric: {nodes: 4, node_bytes: 1MiB}
tiles:
  - {key: w/0/int8, node: [0, 1, 2, 3], bytes: 100KiB, split: 4KiB}
networks:
  - {name: a, priority: 1, layers: [{name: x, tiles: ['w/0..9/int8']}, {name: y, tiles: ['w/10..24/int8']}]}
  - {name: b, priority: 2, layers: [{name: x, tiles: ['w/0..9/int8']}, {name: z, tiles: ['w/3..5/int8']}]}
schedule: [{submit: [a, b]}, {release: a}, {submit: a}]
)";
  Played first(text);
  Played second(text);
  CHECK(run_json(first.file, first.run) == run_json(second.file, second.run));
  CHECK(snapshot(first.engine) == snapshot(second.engine));
}
