// Tile data sources (docs/spec.md section 4).
#include "tessera/tile_data.hpp"

#include <algorithm>
#include <cstring>

namespace tessera {

std::uint64_t splitmix64_at(std::uint64_t seed, std::uint64_t n) {
  std::uint64_t z = seed + (n + 1) * 0x9E3779B97F4A7C15ull;
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

DataSource DataSource::constant(std::uint8_t byte) {
  DataSource source;
  source.kind = Kind::constant;
  source.value = byte;
  return source;
}

DataSource DataSource::random(std::uint64_t seed) {
  DataSource source;
  source.kind = Kind::random;
  source.seed = seed;
  return source;
}

DataSource DataSource::from_file(std::vector<std::uint8_t> bytes) {
  DataSource source;
  source.kind = Kind::file;
  source.file = std::make_shared<const std::vector<std::uint8_t>>(std::move(bytes));
  return source;
}

void DataSource::fill(std::uint64_t offset, std::span<std::uint8_t> out) const {
  switch (kind) {
    case Kind::constant:
      std::fill(out.begin(), out.end(), value);
      return;
    case Kind::file:
      std::memcpy(out.data(), file->data() + offset, out.size());
      return;
    case Kind::random:
      for (std::size_t i = 0; i < out.size();) {
        const std::uint64_t at = offset + i;
        const std::uint64_t word = splitmix64_at(seed, at / 8);
        for (unsigned byte = static_cast<unsigned>(at % 8); byte < 8 && i < out.size(); ++byte, ++i) {
          out[i] = static_cast<std::uint8_t>(word >> (8 * byte));
        }
      }
      return;
  }
}

}  // namespace tessera
