// CRC-32 via zlib (docs/spec.md section 1).
#include "tessera/crc32.hpp"

#include <zlib.h>

#include <algorithm>
#include <limits>

namespace tessera {

std::uint32_t crc32(std::span<const std::uint8_t> bytes, std::uint32_t running) {
  uLong crc = running;
  const std::uint8_t* data = bytes.data();
  std::size_t left = bytes.size();
  while (left > 0) {  // zlib takes a uInt length: feed large spans in chunks
    const auto chunk = static_cast<uInt>(std::min<std::size_t>(left, std::numeric_limits<uInt>::max()));
    crc = ::crc32(crc, data, chunk);
    data += chunk;
    left -= chunk;
  }
  return static_cast<std::uint32_t>(crc);
}

std::uint32_t name_id(std::string_view name) {
  return crc32({reinterpret_cast<const std::uint8_t*>(name.data()), name.size()});
}

}  // namespace tessera
