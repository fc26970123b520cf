// The network file: every rule of docs/spec.md section 2 accepted and
// rejected with its position, and the layout of section 5.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include "tessera/crc32.hpp"
#include "tessera/descriptor.hpp"
#include "tessera/network_file.hpp"

using namespace tessera;

namespace {

NetworkFile parse(const std::string& text, const std::filesystem::path& base = ".") { return parse_network_text(text, "t.yaml", base); }

// Parses `text` and requires a FileError at `position` ("LINE:COL") whose
// message contains `message`.
void require_error(const std::string& text, const std::string& position, const std::string& message) {
  INFO(text);
  try {
    parse(text);
    FAIL("accepted a bad file; expected " << position << ": " << message);
  } catch (const FileError& error) {
    const std::string what = error.what();
    INFO(what);
    CHECK(what.rfind("t.yaml:" + position + ": error: ", 0) == 0);
    CHECK(what.find(message) != std::string::npos);
    CHECK(what.find('\n') == std::string::npos);
  }
}

const std::string kTiles = R"(tiles:
  - {key: a/0/int8, node: 0, bytes: 100}
  - {key: a/1/int8, node: 1, bytes: 4KiB}
)";

}  // namespace

TEST_CASE("a minimal file takes every default", "[file]") {
  const NetworkFile file = parse(kTiles + R"(networks:
  - name: n
    layers:
      - {name: l0, tiles: [a/0/int8, a/1/int8]}
)");
  CHECK(file.fabric.nodes == 4u);
  CHECK(file.fabric.node_bytes == 8 * MiB);
  CHECK(file.fabric.data_width == 256u);
  CHECK(file.fabric.alloc_unit == 4 * KiB);
  CHECK(file.fabric.control_node == 0u);
  CHECK_FALSE(file.fabric.scrub);
  REQUIRE(file.networks.size() == 1);
  const NetworkSpec& network = file.networks[0];
  CHECK(network.priority == 0u);
  CHECK(network.tenant == 0u);
  CHECK(network.id == name_id("n"));
  REQUIRE(network.layers.size() == 1);
  CHECK(network.layers[0].bytes == 100u + 4096u);
  CHECK(network.layers[0].id == name_id("l0"));
  CHECK_FALSE(network.layers[0].node);
  CHECK_FALSE(file.tiles[0].owner);
  // The default schedule submits every network in one step.
  REQUIRE(file.schedule.size() == 1);
  CHECK(file.schedule[0].kind == ScheduleStep::Kind::submit);
  CHECK(file.schedule[0].networks == std::vector<std::size_t>{0});
}

TEST_CASE("layout places tiles first fit at 64-byte multiples, then control buffers", "[file][layout]") {
  const NetworkFile file = parse(R"(fabric: {nodes: 2, node_bytes: 64KiB, control_node: 1}
tiles:
  - {key: a/0/int8, node: 0, bytes: 100}
  - {key: a/1/int8, node: 0, bytes: 10, addr: 0x100}
  - {key: a/2/int8, node: 0, bytes: 64}
  - {key: a/3/int8, node: 0, bytes: 65}
  - {key: a/4/int8, node: 1, bytes: 1}
networks:
  - name: n
    layers:
      - {name: l0, tiles: [a/0/int8]}
      - {name: l1, tiles: ["a/1..4/int8"], inputs: [l0]}
)");
  CHECK(file.tiles[0].addr == 0u);     // first fit from 0
  CHECK(file.tiles[1].addr == 0x100u);  // explicit
  CHECK(file.tiles[2].addr == 128u);    // 100 rounds up to 128; fits before 0x100
  CHECK(file.tiles[3].addr == 0x140u);  // 65 bytes do not fit in [192, 256): after the explicit tile
  CHECK(file.tiles[4].addr == 0u);
  const NetworkSpec& network = file.networks[0];
  CHECK(network.desc_addr == 64u);  // control node 1: after its tile
  CHECK(network.desc_bytes == encoded_size(descriptor_for(file, 0)));
  CHECK(network.map_addr == (network.desc_addr + network.desc_bytes + 63) / 64 * 64);
  CHECK(network.map_bytes == 2u * 32u);
  CHECK(network.layers[1].inputs == std::vector<std::uint16_t>{0});
  CHECK(network.layers[1].tiles == std::vector<std::size_t>{1, 2, 3, 4});
}

TEST_CASE("tile groups cut bytes into split-sized tiles over a list of nodes", "[file]") {
  const NetworkFile file = parse(R"(fabric: {nodes: 3}
tiles:
  - {key: w/5/fp16, node: [2, 0], bytes: 10000, split: 4KiB, owner: 3, data: "random:7"}
  - {key: v/0/int4, node: 1, bytes: 300, split: 100, addr: 0x1000}
networks:
  - name: n
    tenant: 3
    layers:
      - {name: l, tiles: ["w/5..7/fp16", v/2/int4]}
)");
  REQUIRE(file.tiles.size() == 6);
  CHECK(file.tiles[0].key.text() == "w/5/fp16");
  CHECK(file.tiles[2].key.text() == "w/7/fp16");
  CHECK(file.tiles[0].bytes == 4096u);
  CHECK(file.tiles[2].bytes == 10000u - 8192u);
  CHECK(file.tiles[0].node == 2u);
  CHECK(file.tiles[1].node == 0u);
  CHECK(file.tiles[2].node == 2u);
  CHECK(file.tiles[1].data_offset == 4096u);
  CHECK(file.tiles[2].owner == std::optional<std::uint8_t>(3));
  CHECK(file.tiles[4].addr == 0x1000u + 100u);
  CHECK(file.networks[0].layers[0].bytes == 10000u + 100u);
}

TEST_CASE("file data must match the tile's size", "[file]") {
  const auto dir = std::filesystem::temp_directory_path() / "tessera_test_data";
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "w.bin", std::ios::binary) << "0123456789";
  const std::string networks = "networks: [{name: n, layers: [{name: l, tiles: [a/0/int8]}]}]\n";
  const NetworkFile file = parse("tiles: [{key: a/0/int8, node: 0, bytes: 10, data: 'file:w.bin'}]\n" + networks, dir);
  std::vector<std::uint8_t> bytes(10);
  file.tiles[0].data.fill(0, bytes);
  CHECK(bytes[0] == '0');
  CHECK(bytes[9] == '9');
  CHECK_THROWS_WITH(parse("tiles: [{key: a/0/int8, node: 0, bytes: 11, data: 'file:w.bin'}]\n" + networks, dir),
                    Catch::Contains("1:51: error: data file") && Catch::Contains("holds 10 bytes; the tile needs exactly 11"));
  CHECK_THROWS_WITH(parse("tiles: [{key: a/0/int8, node: 0, bytes: 11, data: 'file:nope.bin'}]\n" + networks, dir),
                    Catch::Contains("1:51: error: cannot read data file"));
}

TEST_CASE("syntax, structure and unknown keys are reported where they are", "[file][errors]") {
  require_error("tiles: [\n", "2:1", "YAML syntax");
  require_error("", "1:1", "must be a YAML mapping");
  require_error("- 1\n- 2\n", "1:1", "must be a YAML mapping");
  require_error(kTiles + "networks: []\nextra: 1\n", "5:1", "unknown key 'extra'");
  require_error(kTiles + kTiles, "4:1", "duplicate key 'tiles' (first at 1:1)");
  require_error("networks: []\n", "1:1", "missing required key 'tiles'");
  require_error(kTiles, "1:1", "missing required key 'networks'");
  require_error("tiles: 3\nnetworks: []\n", "1:8", "tiles must be a list");
  require_error("fabric: [1]\n" + kTiles, "1:9", "fabric must be a mapping");
  require_error("fabric: {nodez: 2}\n" + kTiles, "1:10", "unknown key 'nodez' (expected one of: nodes, node_bytes");
  require_error("{[1]: 2}\n", "1:2", "keys must be plain names");
}

TEST_CASE("fabric values are range checked", "[file][errors]") {
  const std::string rest = kTiles + "networks: [{name: n, layers: [{name: l, tiles: [a/0/int8]}]}]\n";
  require_error("fabric: {nodes: 0}\n" + rest, "1:17", "nodes 0 is out of range 1..32");
  require_error("fabric: {nodes: 33}\n" + rest, "1:17", "nodes 33 is out of range 1..32");
  require_error("fabric: {nodes: two}\n" + rest, "1:17", "nodes must be an integer, not 'two'");
  require_error("fabric: {nodes: [1]}\n" + rest, "1:17", "nodes must be a single value");
  require_error("fabric: {node_bytes: 8MB}\n" + rest, "1:22", "node_bytes must be a size like");
  require_error("fabric: {node_bytes: 32KiB}\n" + rest, "1:22", "node_bytes 32 KiB is out of range 64 KiB..16 GiB");
  require_error("fabric: {node_bytes: 32GiB}\n" + rest, "1:22", "out of range");
  require_error("fabric: {node_bytes: 65600}\n" + rest, "1:22", "not a multiple of alloc_unit 4 KiB");
  require_error("fabric: {data_width: 100}\n" + rest, "1:22", "data_width 100 is not one of 64, 128, 256, 512");
  require_error("fabric: {data_width: 1024}\n" + rest, "1:22", "out of range 64..512");
  require_error("fabric: {alloc_unit: 3000}\n" + rest, "1:22", "not a power of two");
  require_error("fabric: {alloc_unit: 32}\n" + rest, "1:22", "out of range 64 B..1 MiB");
  require_error("fabric: {control_node: 4}\n" + rest, "1:24", "control_node 4 is out of range 0..3");
  require_error("fabric: {scrub: yes}\n" + rest, "1:17", "scrub must be true or false");
}

TEST_CASE("tile entries are checked", "[file][errors]") {
  const std::string networks = "networks: [{name: n, layers: [{name: l, tiles: [a/0/int8]}]}]\n";
  auto tile = [&](const std::string& entry) { return "tiles:\n  - " + entry + "\n" + networks; };
  require_error(tile("{node: 0, bytes: 1}"), "2:5", "missing required key 'key'");
  require_error(tile("{key: a/0/int8, bytes: 1}"), "2:5", "missing required key 'node'");
  require_error(tile("{key: a/0/int8, node: 0}"), "2:5", "missing required key 'bytes'");
  require_error(tile("{key: a/0/int64, node: 0, bytes: 1}"), "2:11", "unknown dtype 'int64'");
  require_error(tile("{key: a/5000/int8, node: 0, bytes: 1}"), "2:11", "bad position '5000'");
  require_error(tile("{key: 'a b/0/int8', node: 0, bytes: 1}"), "2:11", "bad layer name 'a b'");
  require_error(tile("{key: a/0, node: 0, bytes: 1}"), "2:11", "is not <layer>/<position>/<dtype>");
  require_error(tile("{key: a/0/int8, node: 4, bytes: 1}"), "2:27", "node 4 is out of range 0..3");
  require_error(tile("{key: a/0/int8, node: 0, bytes: 0}"), "2:37", "bytes must be at least 1 B");
  require_error(tile("{key: a/0/int8, node: 0, bytes: 9MiB}"), "2:37", "larger than a node");
  require_error(tile("{key: a/0/int8, node: 0, bytes: 16, addr: 0x7ffff8}"), "2:47", "ends past the node's 8388608 bytes");
  require_error(tile("{key: a/0/int8, node: 0, bytes: 1, owner: 256}"), "2:47", "owner 256 is out of range 0..255");
  require_error(tile("{key: a/0/int8, node: 0, bytes: 1, data: 'const:256'}"), "2:46", "const data needs a byte 0..255");
  require_error(tile("{key: a/0/int8, node: 0, bytes: 1, data: 'random:x'}"), "2:46", "random data needs an integer seed");
  require_error(tile("{key: a/0/int8, node: 0, bytes: 1, data: zeros}"), "2:46", "data must be const:<byte>, random:<seed> or file:<path>");
  require_error(tile("{key: a/0/int8, node: [0, 1], bytes: 1}"), "2:27", "a list of nodes needs split");
  require_error(tile("{key: a/0/int8, node: [], bytes: 2, split: 1}"), "2:27", "the list of nodes is empty");
  require_error(tile("{key: a/0/int8, node: [0, 1], bytes: 2, split: 1, addr: 0}"), "2:61", "addr needs a single node");
  require_error(tile("{key: a/4090/int8, node: 0, bytes: 100, split: 10}"), "2:52", "split makes 10 tiles from position 4090");
  require_error(tile("{key: a/0/int8, node: 0, bytes: 10, split: 0}"), "2:48", "split must be at least 1 B");
  require_error("tiles:\n  - {key: a/0/int8, node: 0, bytes: 1}\n  - {key: a/0/int8, node: 1, bytes: 1}\n" + networks, "3:11",
                "duplicate tile key 'a/0/int8' (first defined at 2:5)");
  require_error("tiles:\n  - {key: a/0/int8, node: 0, bytes: 3, split: 1}\n  - {key: a/2/int8, node: 1, bytes: 1}\n" + networks, "3:11",
                "duplicate tile key 'a/2/int8' (first defined at 2:5)");
}

TEST_CASE("tiles may not overlap or run out of room", "[file][errors]") {
  const std::string networks = "networks: [{name: n, layers: [{name: l, tiles: [a/0/int8]}]}]\n";
  require_error("tiles:\n  - {key: a/0/int8, node: 0, bytes: 100, addr: 0}\n  - {key: a/1/int8, node: 0, bytes: 8, addr: 96}\n" + networks,
                "3:5", "tile 'a/1/int8' at node 0 [0x60, 0x68) overlaps tile 'a/0/int8' at 2:5");
  // Reported at whichever tile comes later in the file, even when it sits lower.
  require_error("tiles:\n  - {key: a/0/int8, node: 0, bytes: 100, addr: 96}\n  - {key: a/1/int8, node: 0, bytes: 8, addr: 0x80}\n" + networks,
                "3:5", "overlaps tile 'a/0/int8' at 2:5");
  require_error("fabric: {node_bytes: 64KiB}\ntiles:\n  - {key: a/0/int8, node: 0, bytes: 40KiB}\n  - {key: a/1/int8, node: 0, bytes: 30KiB}\n" +
                    networks,
                "4:5", "no room on node 0 for tile 'a/1/int8'");
  require_error("fabric: {node_bytes: 64KiB, nodes: 1}\ntiles:\n  - {key: a/0/int8, node: 0, bytes: 65500}\n" + networks, "4:12",
                "no room on control node 0 for the descriptor");
}

TEST_CASE("networks and layers are checked", "[file][errors]") {
  auto file = [&](const std::string& networks) { return kTiles + "networks:\n" + networks; };
  require_error(kTiles + "networks: []\n", "4:11", "networks must list at least one network");
  require_error(file("  - {layers: [{name: l, tiles: [a/0/int8]}]}\n"), "5:5", "missing required key 'name'");
  require_error(file("  - {name: n}\n"), "5:5", "missing required key 'layers'");
  require_error(file("  - {name: 'n n', layers: [{name: l, tiles: [a/0/int8]}]}\n"), "5:12", "bad network name 'n n'");
  require_error(file("  - {name: n, priority: 4, layers: [{name: l, tiles: [a/0/int8]}]}\n"), "5:25", "priority 4 is out of range 0..3");
  require_error(file("  - {name: n, tenant: 256, layers: [{name: l, tiles: [a/0/int8]}]}\n"), "5:23", "tenant 256 is out of range 0..255");
  require_error(file("  - {name: n, layers: []}\n"), "5:23", "a network needs at least one layer");
  require_error(file("  - {name: n, layers: [{name: l, tiles: []}]}\n"), "5:41", "a layer needs at least one tile");
  require_error(file("  - {name: n, layers: [{name: l, tiles: [a/0/int8]}]}\n  - {name: n, layers: [{name: l, tiles: [a/0/int8]}]}\n"),
                "6:12", "duplicate network name 'n'");
  require_error(file("  - {name: n, layers: [{name: l, tiles: [a/0/int8]}, {name: l, tiles: [a/0/int8]}]}\n"), "5:61",
                "duplicate layer name 'l' in network 'n'");
  require_error(file("  - {name: n, layers: [{name: l, tiles: [a/2/int8]}]}\n"), "5:42", "unknown tile 'a/2/int8'");
  require_error(file("  - {name: n, layers: [{name: l, tiles: [b/0/int8]}]}\n"), "5:42", "unknown tile 'b/0/int8'");
  require_error(file("  - {name: n, layers: [{name: l, tiles: ['a/0..2/int8']}]}\n"), "5:42", "unknown tile 'a/2/int8'");
  require_error(file("  - {name: n, layers: [{name: l, tiles: ['a/1..0/int8']}]}\n"), "5:42", "empty range");
  require_error(file("  - {name: n, layers: [{name: l, tiles: [a/0/int8], inputs: [m]}]}\n"), "5:62", "input 'm' is not an earlier layer");
  require_error(file("  - {name: n, layers: [{name: l, tiles: [a/0/int8], inputs: [l]}]}\n"), "5:62", "cannot be its own input");
  require_error(file("  - {name: n, layers: [{name: l, tiles: [a/0/int8], inputs: [m]}, {name: m, tiles: [a/0/int8]}]}\n"), "5:62",
                "input 'm' is not an earlier layer");
  require_error(file("  - {name: n, layers: [{name: l, tiles: [a/0/int8], node: 9}]}\n"), "5:59", "node 9 is out of range 0..3");
  require_error(file("  - {name: n, layers: [{name: l, tiles: [a/0/int8], colour: red}]}\n"), "5:53", "unknown key 'colour'");
  require_error("fabric: {node_bytes: 64KiB}\ntiles: [{key: a/0/int8, node: 0, bytes: 40KiB}, {key: a/1/int8, node: 1, bytes: 40KiB}]\n"
                "networks: [{name: n, layers: [{name: l, tiles: [a/0/int8, a/1/int8]}]}]\n",
                "3:31", "layer 'l' needs 81920 bytes; a node holds 65536");
}

TEST_CASE("a layer keeps its tiles within a tenant, not across tenants", "[file][errors]") {
  const std::string first = "networks:\n  - {name: n, tenant: 1, layers: [{name: l, tiles: [a/0/int8]}]}\n";
  require_error(kTiles + first + "  - {name: m, tenant: 1, layers: [{name: l, tiles: [a/1/int8]}]}\n", "6:35",
                "layer 'l' of tenant 1 redefined with other tiles (first defined at 5:35)");
  const NetworkFile file = parse(kTiles + first + "  - {name: m, tenant: 2, layers: [{name: l, tiles: [a/1/int8]}]}\n");
  CHECK(file.networks.size() == 2);
}

TEST_CASE("different names with one 32-bit id are rejected", "[file][errors]") {
  // "plumless" and "buckeroo" are a known CRC-32 collision.
  REQUIRE(name_id("plumless") == name_id("buckeroo"));
  require_error("tiles: [{key: plumless/0/int8, node: 0, bytes: 1}, {key: buckeroo/0/int8, node: 0, bytes: 1}]\nnetworks: []\n", "1:58",
                "name 'buckeroo' has the same 32-bit id");
}

TEST_CASE("the schedule is checked step by step", "[file][errors]") {
  const std::string networks = "networks:\n  - {name: n, layers: [{name: l, tiles: [a/0/int8]}]}\n  - {name: m, layers: [{name: l, tiles: [a/0/int8]}]}\n";
  auto file = [&](const std::string& steps) { return kTiles + networks + "schedule:\n" + steps; };
  require_error(file("  - submit: x\n"), "8:13", "unknown network 'x'");
  require_error(file("  - submit: [n, n]\n"), "8:17", "network 'n' is named twice in one step");
  require_error(file("  - submit: n\n  - submit: [m, n]\n"), "9:17", "network 'n' is already live (submitted at 8:13)");
  require_error(file("  - release: n\n"), "8:14", "network 'n' is not live");
  require_error(file("  - submit: n\n  - release: n\n  - release: n\n"), "10:14", "network 'n' is not live");
  require_error(file("  - {submit: n, release: n}\n"), "8:5", "exactly one of submit, release, evict");
  require_error(file("  - {}\n"), "8:5", "exactly one of submit, release, evict");
  require_error(file("  - launch: n\n"), "8:5", "unknown key 'launch'");
  require_error(file("  - submit: []\n"), "8:13", "the list needs at least one");
  require_error(file("  - evict: b/0/int8\n"), "8:12", "unknown tile 'b/0/int8'");
  require_error(file("  - evict: a/0/int8\n  - evict: ['a/0..1/int8']\n"), "9:13", "tile 'a/0/int8' is already evicted (at 8:12)");
  require_error(file("  - submit: {n: 1}\n"), "8:13", "a network name must be a single value");

  const NetworkFile ok = parse(file("  - submit: [m, n]\n  - release: n\n  - evict: ['a/0..1/int8']\n  - submit: n\n  - release: [m, n]\n"));
  REQUIRE(ok.schedule.size() == 5);
  CHECK(ok.schedule[0].networks == std::vector<std::size_t>{1, 0});
  CHECK(ok.schedule[2].kind == ScheduleStep::Kind::evict);
  CHECK(ok.schedule[2].tiles == std::vector<std::size_t>{0, 1});
  CHECK(ok.schedule[4].kind == ScheduleStep::Kind::release);
}

TEST_CASE("the loader never crashes on mangled input", "[file][fuzz]") {
  const std::string good = kTiles + R"(networks:
  - name: n
    tenant: 1
    layers:
      - {name: l0, tiles: [a/0/int8, a/1/int8], node: 1}
      - {name: l1, tiles: ['a/0..1/int8'], inputs: [l0]}
schedule:
  - submit: n
  - release: [n]
)";
  REQUIRE_NOTHROW(parse(good));
  std::uint64_t state = 12345;
  auto next = [&] {
    state = state * 6364136223846793005ull + 1442695040888963407ull;
    return state >> 33;
  };
  const std::string alphabet = "{}[]:,-'\"#&*!|> \n\tab0x/.";
  int rejected = 0;
  for (int round = 0; round < 3000; ++round) {
    std::string text = good;
    const auto edits = 1 + next() % 4;
    for (std::uint64_t e = 0; e < edits; ++e) {
      const auto at = next() % text.size();
      switch (next() % 3) {
        case 0: text[at] = alphabet[next() % alphabet.size()]; break;
        case 1: text.erase(at, 1 + next() % 8); break;
        default: text.insert(at, 1, alphabet[next() % alphabet.size()]); break;
      }
    }
    try {
      parse(text);
    } catch (const FileError& error) {
      ++rejected;
      const std::string what = error.what();
      REQUIRE(what.rfind("t.yaml:", 0) == 0);
      REQUIRE(what.find(": error: ") != std::string::npos);
    }
  }
  CHECK(rejected > 1000);  // most mangled files are bad, and every one was reported as a FileError
}
