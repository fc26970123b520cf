// The binary descriptor (docs/spec.md section 6): exact byte layout,
// encode -> decode round trips, and every check of the decoder.
#include <catch2/catch.hpp>

#include <variant>

#include "tessera/bytes.hpp"
#include "tessera/crc32.hpp"
#include "tessera/descriptor.hpp"
#include "tessera/network_file.hpp"
#include "tessera/random_network.hpp"
#include "tessera/tile_data.hpp"
#include "tessera/tile_key.hpp"

using namespace tessera;

namespace {

std::uint64_t get(const std::vector<std::uint8_t>& bytes, std::size_t offset, std::size_t width) { return load_le(bytes, offset, width); }
void put(std::vector<std::uint8_t>& bytes, std::size_t offset, std::uint64_t value, std::size_t width) { store_le(bytes, offset, value, width); }

// Recomputes the CRC after a deliberate change, so the structure checks run.
void reseal(std::vector<std::uint8_t>& bytes) {
  const std::size_t total = std::min<std::size_t>(get(bytes, 8, 4), bytes.size());
  if (total >= 16) put(bytes, 12, crc32(std::span(bytes).subspan(16, total - 16)), 4);
}

DescriptorError decode_error(const std::vector<std::uint8_t>& bytes) {
  const auto result = decode_descriptor(bytes);
  REQUIRE(std::holds_alternative<DescriptorError>(result));
  return std::get<DescriptorError>(result);
}

Descriptor sample() {
  Descriptor descriptor;
  descriptor.network_id = 0x11223344;
  DescriptorLayer first;
  first.id = 0xaabbccdd;
  first.bytes = 5000;
  first.keys = {TileKey{"w", 0, Dtype::int8}.value(), TileKey{"w", 1, Dtype::int8}.value()};
  DescriptorLayer second;
  second.id = 0x01020304;
  second.node = 3;
  second.bytes = 7;
  second.keys = {TileKey{"v", 9, Dtype::fp32}.value()};
  second.inputs = {0};
  descriptor.layers = {first, second};
  return descriptor;
}

// A random descriptor: any ids, keys, pins, inputs and names.
Descriptor random_descriptor(std::uint64_t seed) {
  std::uint64_t n = 0;
  auto next = [&] { return splitmix64_at(seed, n++); };
  Descriptor descriptor;
  descriptor.network_id = static_cast<std::uint32_t>(next());
  const auto layers = 1 + next() % 20;
  for (std::uint64_t i = 0; i < layers; ++i) {
    DescriptorLayer layer;
    layer.id = static_cast<std::uint32_t>(next());
    if (next() % 3 == 0) layer.node = static_cast<std::uint8_t>(next());
    layer.bytes = 1 + next() % (1ull << 40);
    const auto tiles = 1 + next() % 40;
    for (std::uint64_t t = 0; t < tiles; ++t) layer.keys.push_back((next() & 0xfffffffffff0ull) | (1 + next() % 7));
    const auto inputs = i == 0 ? 0 : next() % 5;
    for (std::uint64_t k = 0; k < inputs; ++k) layer.inputs.push_back(static_cast<std::uint16_t>(next() % i));
    descriptor.layers.push_back(std::move(layer));
  }
  if (next() % 2 == 0) {
    const auto names = 1 + next() % 6;
    for (std::uint64_t k = 0; k < names; ++k) descriptor.names.emplace_back(static_cast<std::uint32_t>(next()), std::string(next() % 70, 'x'));
  }
  return descriptor;
}

}  // namespace

TEST_CASE("the encoder writes the layout of section 6 byte for byte", "[descriptor]") {
  const Descriptor descriptor = sample();
  const auto bytes = encode_descriptor(descriptor);
  // header 32 + layer 0 (24 + 16) + layer 1 (24 + 8 + 8 padded input) = 112
  REQUIRE(bytes.size() == 112);
  CHECK(encoded_size(descriptor) == 112);
  CHECK(bytes[0] == 'T');
  CHECK(bytes[1] == 'S');
  CHECK(bytes[2] == 'R');
  CHECK(bytes[3] == 'A');
  CHECK(get(bytes, 4, 2) == 1);
  CHECK(get(bytes, 6, 2) == 2);
  CHECK(get(bytes, 8, 4) == 112);
  CHECK(get(bytes, 12, 4) == crc32(std::span(bytes).subspan(16)));
  CHECK(get(bytes, 16, 4) == 0x11223344);
  CHECK(get(bytes, 20, 4) == 0);  // no strings section
  CHECK(get(bytes, 24, 8) == 0);
  // layer 0
  CHECK(get(bytes, 32, 4) == 0xaabbccdd);
  CHECK(get(bytes, 36, 1) == 0);
  CHECK(get(bytes, 37, 1) == 0);
  CHECK(get(bytes, 38, 2) == 0);
  CHECK(get(bytes, 40, 4) == 2);
  CHECK(get(bytes, 44, 4) == layer_signature(descriptor.layers[0].keys));
  CHECK(get(bytes, 48, 8) == 5000);
  CHECK(get(bytes, 56, 8) == TileKey{"w", 0, Dtype::int8}.value());
  CHECK(get(bytes, 64, 8) == TileKey{"w", 1, Dtype::int8}.value());
  // layer 1: pinned to node 3, one input
  CHECK(get(bytes, 72, 4) == 0x01020304);
  CHECK(get(bytes, 76, 1) == 1);
  CHECK(get(bytes, 77, 1) == 3);
  CHECK(get(bytes, 78, 2) == 1);
  CHECK(get(bytes, 80, 4) == 1);
  CHECK(get(bytes, 88, 8) == 7);
  CHECK(get(bytes, 96, 8) == TileKey{"v", 9, Dtype::fp32}.value());
  CHECK(get(bytes, 104, 2) == 0);
  CHECK(get(bytes, 106, 6) == 0);
  // The signature is the CRC of the key words as stored.
  CHECK(layer_signature(descriptor.layers[0].keys) == crc32(std::span(bytes).subspan(56, 16)));
}

TEST_CASE("encode -> decode gives back the same descriptor", "[descriptor]") {
  for (std::uint64_t seed = 0; seed < 500; ++seed) {
    INFO("seed " << seed);
    const Descriptor descriptor = random_descriptor(seed);
    const auto bytes = encode_descriptor(descriptor);
    CHECK(bytes.size() == encoded_size(descriptor));
    CHECK(bytes.size() % 8 == 0);
    const auto decoded = decode_descriptor(bytes);
    REQUIRE(std::holds_alternative<Descriptor>(decoded));
    CHECK(std::get<Descriptor>(decoded) == descriptor);
  }
}

TEST_CASE("descriptors of random network files round-trip with their names", "[descriptor]") {
  for (std::uint64_t seed = 1; seed <= 50; ++seed) {
    INFO("seed " << seed);
    RandomOptions options;
    options.seed = seed;
    const NetworkFile file = parse_network_text(random_network_yaml(options), "random.yaml", ".");
    for (std::size_t n = 0; n < file.networks.size(); ++n) {
      const Descriptor descriptor = descriptor_for(file, n);
      const auto decoded = decode_descriptor(encode_descriptor(descriptor));
      REQUIRE(std::holds_alternative<Descriptor>(decoded));
      const Descriptor& back = std::get<Descriptor>(decoded);
      CHECK(back == descriptor);
      REQUIRE(back.layers.size() == file.networks[n].layers.size());
      CHECK(back.names.front() == std::pair{file.networks[n].id, file.networks[n].name});
      for (std::size_t l = 0; l < back.layers.size(); ++l) {
        CHECK(back.layers[l].bytes == file.networks[n].layers[l].bytes);
        CHECK(back.layers[l].keys.size() == file.networks[n].layers[l].tiles.size());
      }
    }
  }
}

TEST_CASE("the decoder rejects magic, length, version and CRC faults in order", "[descriptor][errors]") {
  const auto good = encode_descriptor(sample());

  auto bytes = good;
  bytes[0] ^= 1;
  CHECK(decode_error(bytes).code == ErrorCode::desc_magic);
  CHECK(decode_error({0x53, 0x54}).code == ErrorCode::desc_length);  // too short for a magic
  CHECK(decode_error({good.begin(), good.begin() + 16}).code == ErrorCode::desc_length);
  CHECK(decode_error({good.begin(), good.end() - 8}).code == ErrorCode::desc_length);  // total > buffer

  bytes = good;
  put(bytes, 8, 108, 4);  // not a multiple of 8
  CHECK(decode_error(bytes).code == ErrorCode::desc_length);
  put(bytes, 8, 24, 4);  // shorter than the header
  CHECK(decode_error(bytes).code == ErrorCode::desc_length);

  bytes = good;
  put(bytes, 4, 2, 2);
  CHECK(decode_error(bytes).code == ErrorCode::desc_version);
  put(bytes, 0, 0, 4);  // magic is checked first
  CHECK(decode_error(bytes).code == ErrorCode::desc_magic);

  for (std::size_t offset = 16; offset < good.size(); ++offset) {  // any flipped content bit
    bytes = good;
    bytes[offset] ^= 0x10;
    INFO("offset " << offset);
    const auto error = decode_error(bytes);
    CHECK(error.code == ErrorCode::desc_crc);
    CHECK(error.message.rfind("DESC_CRC", 0) == 0);
  }
  bytes = good;
  put(bytes, 12, get(bytes, 12, 4) ^ 1, 4);
  CHECK(decode_error(bytes).code == ErrorCode::desc_crc);

  // A longer buffer is fine: the descriptor ends at its total length.
  bytes = good;
  bytes.resize(bytes.size() + 64, 0xee);
  CHECK(std::holds_alternative<Descriptor>(decode_descriptor(bytes)));
}

TEST_CASE("the decoder rejects malformed records with DESC_FORMAT", "[descriptor][errors]") {
  const auto good = encode_descriptor(sample());
  struct Case {
    const char* what;
    std::size_t offset;
    std::uint64_t value;
    std::size_t width;
    std::optional<std::uint16_t> layer;
  };
  const Case cases[] = {
      {"layer count 0", 6, 0, 2, std::nullopt},
      {"layer count past the records", 6, 3, 2, 2},
      {"reserved header", 24, 1, 8, std::nullopt},
      {"unknown flag bit", 36, 2, 1, 0},
      {"node on an unpinned layer", 37, 1, 1, 0},
      {"tile count 0", 40, 0, 4, 0},
      {"tile count past the end", 40, 100, 4, 0},
      {"layer bytes 0", 48, 0, 8, 0},
      {"key bits 63:48", 56 + 6, 1, 2, 0},
      {"dtype code 0", 56, get(good, 56, 8) & ~0xfull, 8, 0},
      {"dtype code 8", 56, (get(good, 56, 8) & ~0xfull) | 8, 8, 0},
      {"input not earlier", 104, 1, 2, 1},
      {"input padding", 106, 1, 2, 1},
      {"wrong signature", 44, 0, 4, 0},
      {"strings offset not aligned", 20, 36, 4, std::nullopt},
      {"strings offset past the end", 20, 120, 4, std::nullopt},
      {"strings offset inside the header", 20, 8, 4, std::nullopt},
  };
  for (const Case& c : cases) {
    INFO(c.what);
    auto bytes = good;
    put(bytes, c.offset, c.value, c.width);
    reseal(bytes);
    const auto error = decode_error(bytes);
    CHECK(error.code == ErrorCode::desc_format);
    CHECK(error.layer == c.layer);
    CHECK(error.message.rfind("DESC_FORMAT: ", 0) == 0);
  }

  // Bytes left between the last record and the end.
  auto bytes = good;
  bytes.resize(bytes.size() + 8, 0);
  put(bytes, 8, bytes.size(), 4);
  reseal(bytes);
  CHECK(decode_error(bytes).code == ErrorCode::desc_format);

  // Strings section faults.
  Descriptor named = sample();
  named.names = {{1, "abc"}};
  const auto with_names = encode_descriptor(named);
  REQUIRE(std::holds_alternative<Descriptor>(decode_descriptor(with_names)));
  const std::size_t strings = get(with_names, 20, 4);
  bytes = with_names;
  put(bytes, strings + 4, 100, 4);  // string longer than the section
  reseal(bytes);
  CHECK(decode_error(bytes).code == ErrorCode::desc_format);
  bytes = with_names;
  bytes[strings + 8 + 3] = 1;  // padding after "abc"
  reseal(bytes);
  CHECK(decode_error(bytes).code == ErrorCode::desc_format);
  bytes = with_names;
  put(bytes, 20, bytes.size(), 4);  // a strings section with no strings; the records end early
  reseal(bytes);
  CHECK(decode_error(bytes).code == ErrorCode::desc_format);
}

TEST_CASE("the decoder never reads past its buffer", "[descriptor][fuzz]") {
  const auto good = encode_descriptor(random_descriptor(7));
  std::uint64_t n = 0;
  int accepted = 0;
  for (int round = 0; round < 20000; ++round) {
    auto bytes = good;
    const auto edits = 1 + splitmix64_at(99, n++) % 4;
    for (std::uint64_t e = 0; e < edits; ++e) {
      const auto at = splitmix64_at(99, n++) % bytes.size();
      bytes[at] = static_cast<std::uint8_t>(splitmix64_at(99, n++));
    }
    if (splitmix64_at(99, n++) % 4 == 0) bytes.resize(splitmix64_at(99, n++) % bytes.size());
    if (splitmix64_at(99, n++) % 2 == 0 && bytes.size() >= 32) reseal(bytes);
    const auto result = decode_descriptor(bytes);
    if (std::holds_alternative<Descriptor>(result)) {
      ++accepted;
      CHECK(encode_descriptor(std::get<Descriptor>(result)).size() <= bytes.size());
    } else {
      CHECK(std::get<DescriptorError>(result).code != ErrorCode::ok);
    }
  }
  CHECK(accepted < 20000);
}
