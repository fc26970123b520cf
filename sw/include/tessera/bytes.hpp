// Little-endian fields in byte buffers: every binary format of
// docs/spec.md is little-endian.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

namespace tessera {

inline void store_le(std::span<std::uint8_t> bytes, std::size_t offset, std::uint64_t value, std::size_t width) {
  for (std::size_t i = 0; i < width; ++i) bytes[offset + i] = static_cast<std::uint8_t>(value >> (8 * i));
}

inline std::uint64_t load_le(std::span<const std::uint8_t> bytes, std::size_t offset, std::size_t width) {
  std::uint64_t value = 0;
  for (std::size_t i = 0; i < width; ++i) value |= std::uint64_t{bytes[offset + i]} << (8 * i);
  return value;
}

}  // namespace tessera
