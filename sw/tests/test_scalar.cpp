// Scalars of the network file, tile keys, CRC-32 and the data generator
// (docs/spec.md sections 1-4).
#include <catch2/catch.hpp>

#include <vector>

#include "tessera/crc32.hpp"
#include "tessera/scalar.hpp"
#include "tessera/tile_data.hpp"
#include "tessera/tile_key.hpp"

using namespace tessera;

TEST_CASE("integers are decimal or 0x hex with no sign", "[scalar]") {
  CHECK(parse_integer("0") == 0u);
  CHECK(parse_integer("4096") == 4096u);
  CHECK(parse_integer("0x1000") == 4096u);
  CHECK(parse_integer("0XfF") == 255u);
  CHECK(parse_integer("18446744073709551615") == UINT64_MAX);
  for (const char* bad : {"", "-1", "+1", "1.5", "0x", "12a", " 1", "1 ", "1_000", "18446744073709551616", "0x1g"}) {
    INFO(bad);
    CHECK_FALSE(parse_integer(bad));
  }
}

TEST_CASE("sizes take B, KiB, MiB, GiB with an optional space", "[scalar]") {
  CHECK(parse_size("8MiB") == 8 * MiB);
  CHECK(parse_size("8 MiB") == 8 * MiB);
  CHECK(parse_size("8388608") == 8 * MiB);
  CHECK(parse_size("0x800000") == 8 * MiB);
  CHECK(parse_size("4KiB") == 4096u);
  CHECK(parse_size("2GiB") == 2 * GiB);
  CHECK(parse_size("100B") == 100u);
  CHECK(parse_size("0x1B") == 0x1bu);  // hex digits, not a unit
  CHECK(parse_size("0x1 B") == 1u);
  CHECK(parse_size("0x10 KiB") == 16 * KiB);
  for (const char* bad : {"", "MiB", "8 mib", "8MB", "8  MiB", "8 KiBB", "1.5MiB", "-4KiB", "17179869184GiB", "0x10KiBx"}) {
    INFO(bad);
    CHECK_FALSE(parse_size(bad));
  }
  CHECK(format_size(8 * MiB) == "8 MiB");
  CHECK(format_size(4100) == "4100 B");
  CHECK(format_size(3 * KiB) == "3 KiB");
}

TEST_CASE("names are 1..64 of A-Z a-z 0-9 _ . -", "[scalar]") {
  CHECK(is_valid_name("fc1"));
  CHECK(is_valid_name("layer4.1-conv_2"));
  CHECK(is_valid_name(std::string(64, 'a')));
  CHECK_FALSE(is_valid_name(""));
  CHECK_FALSE(is_valid_name(std::string(65, 'a')));
  CHECK_FALSE(is_valid_name("fc 1"));
  CHECK_FALSE(is_valid_name("fc/1"));
  CHECK_FALSE(is_valid_name("\xc3\xa9"));
}

TEST_CASE("CRC-32 is the zlib CRC and names hash with it", "[crc]") {
  const std::string check = "123456789";
  CHECK(crc32({reinterpret_cast<const std::uint8_t*>(check.data()), check.size()}) == 0xCBF43926u);
  CHECK(name_id("123456789") == 0xCBF43926u);
  // Continuing a CRC equals one pass over the concatenation.
  const std::vector<std::uint8_t> a = {1, 2, 3};
  const std::vector<std::uint8_t> ab = {1, 2, 3, 4, 5};
  CHECK(crc32(std::span(ab).subspan(3), crc32(a)) == crc32(ab));
}

TEST_CASE("tile keys encode as id << 16 | position << 4 | dtype", "[key]") {
  const auto parsed = parse_tile_key("fc1/7/int8");
  REQUIRE(parsed.key);
  CHECK(parsed.key->layer == "fc1");
  CHECK(parsed.key->position == 7u);
  CHECK(parsed.key->dtype == Dtype::int8);
  CHECK(parsed.key->value() == (std::uint64_t{name_id("fc1")} << 16 | 7u << 4 | 2u));
  CHECK(parsed.key->text() == "fc1/7/int8");
  CHECK(key_layer_id(parsed.key->value()) == name_id("fc1"));
  CHECK(key_position(parsed.key->value()) == 7u);
  CHECK(key_dtype_code(parsed.key->value()) == 2u);
  CHECK(parse_tile_key("x/4095/fp32").key->value() >> 48 == 0u);

  const std::vector<std::pair<const char*, int>> codes = {{"int4", 1}, {"int8", 2}, {"int16", 3}, {"int32", 4},
                                                          {"fp16", 5}, {"bf16", 6}, {"fp32", 7}};
  for (const auto& [name, code] : codes) {
    REQUIRE(parse_dtype(name));
    CHECK(static_cast<int>(*parse_dtype(name)) == code);
    CHECK(dtype_name(*parse_dtype(name)) == name);
  }
  CHECK_FALSE(is_valid_dtype_code(0));
  CHECK_FALSE(is_valid_dtype_code(8));

  for (const char* bad : {"fc1/0", "fc1/0/int8/x", "fc1//int8", "fc1/4096/int8", "fc1/-1/int8", "fc1/0/int64", "/0/int8", "f c/0/int8",
                          "fc1/0x1/int8"}) {
    INFO(bad);
    const auto result = parse_tile_key(bad);
    CHECK_FALSE(result.key);
    CHECK_FALSE(result.problem.empty());
  }
}

TEST_CASE("tile references are keys or inclusive ranges", "[key]") {
  const auto single = parse_tile_range("a/3/fp16");
  REQUIRE(single.range);
  CHECK(single.range->first.position == 3u);
  CHECK(single.range->last_position == 3u);
  const auto range = parse_tile_range("a/2..9/bf16");
  REQUIRE(range.range);
  CHECK(range.range->first.position == 2u);
  CHECK(range.range->last_position == 9u);
  CHECK(range.range->first.dtype == Dtype::bf16);
  for (const char* bad : {"a/9..2/int8", "a/..2/int8", "a/1../int8", "a/1...3/int8", "a/0..4096/int8"}) {
    INFO(bad);
    CHECK_FALSE(parse_tile_range(bad).range);
  }
}

TEST_CASE("data sources produce any slice of their stream", "[data]") {
  // SplitMix64 reference value: the first output for seed 0.
  CHECK(splitmix64_at(0, 0) == 0xE220A8397B1DCDAFull);
  const DataSource random = DataSource::random(42);
  std::vector<std::uint8_t> whole(100);
  random.fill(0, whole);
  const std::uint64_t first = splitmix64_at(42, 0);
  for (int i = 0; i < 8; ++i) CHECK(whole[i] == static_cast<std::uint8_t>(first >> (8 * i)));
  std::vector<std::uint8_t> slice(37);
  random.fill(13, slice);
  CHECK(std::equal(slice.begin(), slice.end(), whole.begin() + 13));

  std::vector<std::uint8_t> constant(5);
  DataSource::constant(0x5a).fill(1000, constant);
  CHECK(constant == std::vector<std::uint8_t>(5, 0x5a));

  const DataSource file = DataSource::from_file({9, 8, 7, 6});
  std::vector<std::uint8_t> part(2);
  file.fill(1, part);
  CHECK(part == std::vector<std::uint8_t>{8, 7});
}
