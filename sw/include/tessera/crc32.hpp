// CRC-32/ISO-HDLC (the zlib CRC) used for descriptors, names and layer
// contents; see docs/spec.md section 1. A thin wrapper over zlib.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

namespace tessera {

// CRC-32 of `bytes`, continuing from `running` (0 starts a new CRC).
std::uint32_t crc32(std::span<const std::uint8_t> bytes, std::uint32_t running = 0);

// The id of a name (docs/spec.md section 3): the CRC-32 of its bytes.
std::uint32_t name_id(std::string_view name);

}  // namespace tessera
