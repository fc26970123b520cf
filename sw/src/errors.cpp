// Names of error codes and the bad-file exception.
#include "tessera/errors.hpp"

#include <array>

#include <fmt/format.h>

namespace tessera {

std::string_view error_name(ErrorCode code) {
  static constexpr std::array<std::string_view, kErrorCodeCount> names = {
      "OK",           "DESC_MAGIC",  "DESC_VERSION", "DESC_LENGTH",    "DESC_CRC",
      "DESC_FORMAT",  "TILE_MISSING", "TILE_ACCESS", "NO_MEMORY",      "LAYER_CONFLICT",
      "LAYER_SIZE",   "BAD_NODE",    "TABLE_FULL",   "BUS_ERROR"};
  const auto index = static_cast<std::size_t>(code);
  return index < names.size() ? names[index] : "UNKNOWN";
}

FileError::FileError(std::string file, SourcePos pos, std::string message)
    : std::runtime_error(fmt::format("{}:{}:{}: error: {}", file, pos.line, pos.column, message)),
      file_(std::move(file)),
      pos_(pos),
      message_(std::move(message)) {}

}  // namespace tessera
