// Where a tile's bytes come from: const, a SplitMix64 stream, or a file
// (docs/spec.md section 4). Any byte range of a source can be produced
// directly, so a tile cut from a group reads its own slice.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <vector>

namespace tessera {

struct DataSource {
  enum class Kind { constant, random, file };
  Kind kind = Kind::random;
  std::uint8_t value = 0;  // constant
  std::uint64_t seed = 0;  // random
  std::shared_ptr<const std::vector<std::uint8_t>> file;  // file contents

  static DataSource constant(std::uint8_t byte);
  static DataSource random(std::uint64_t seed);
  static DataSource from_file(std::vector<std::uint8_t> bytes);

  // Writes bytes [offset, offset + out.size()) of this source into out.
  void fill(std::uint64_t offset, std::span<std::uint8_t> out) const;
};

// Output n (0-based) of SplitMix64 seeded with `seed`.
std::uint64_t splitmix64_at(std::uint64_t seed, std::uint64_t n);

}  // namespace tessera
