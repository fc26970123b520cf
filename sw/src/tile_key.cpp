// Tile keys (docs/spec.md section 3).
#include "tessera/tile_key.hpp"

#include <array>

#include <fmt/format.h>

#include "tessera/crc32.hpp"
#include "tessera/scalar.hpp"

namespace tessera {

namespace {
constexpr std::array<std::string_view, 8> kDtypeNames = {"", "int4", "int8", "int16", "int32", "fp16", "bf16", "fp32"};

// Splits "a/b/c" into exactly three parts.
bool split3(std::string_view text, std::array<std::string_view, 3>& parts) {
  const auto first = text.find('/');
  if (first == std::string_view::npos) return false;
  const auto second = text.find('/', first + 1);
  if (second == std::string_view::npos || text.find('/', second + 1) != std::string_view::npos) return false;
  parts = {text.substr(0, first), text.substr(first + 1, second - first - 1), text.substr(second + 1)};
  return true;
}

std::optional<std::uint32_t> parse_position(std::string_view text) {
  if (text.empty() || text.size() > 4) return std::nullopt;
  for (const char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
  }
  const auto value = parse_integer(text);
  if (!value || *value > kMaxPosition) return std::nullopt;
  return static_cast<std::uint32_t>(*value);
}

// Checks the layer and dtype parts shared by keys and ranges.
std::string check_parts(std::string_view layer, std::string_view dtype) {
  if (!is_valid_name(layer)) {
    return fmt::format("bad layer name '{}' in tile key (1..64 of A-Z a-z 0-9 _ . -)", layer);
  }
  if (!parse_dtype(dtype)) {
    return fmt::format("unknown dtype '{}' (int4 int8 int16 int32 fp16 bf16 fp32)", dtype);
  }
  return {};
}
}  // namespace

std::optional<Dtype> parse_dtype(std::string_view text) {
  for (unsigned code = 1; code < kDtypeNames.size(); ++code) {
    if (kDtypeNames[code] == text) return static_cast<Dtype>(code);
  }
  return std::nullopt;
}

std::string_view dtype_name(Dtype dtype) { return kDtypeNames.at(static_cast<unsigned>(dtype)); }

bool is_valid_dtype_code(unsigned code) { return code >= 1 && code < kDtypeNames.size(); }

std::uint64_t TileKey::value() const {
  return std::uint64_t{name_id(layer)} << 16 | std::uint64_t{position} << 4 | static_cast<unsigned>(dtype);
}

std::string TileKey::text() const { return fmt::format("{}/{}/{}", layer, position, dtype_name(dtype)); }

TileKeyParse parse_tile_key(std::string_view text) {
  std::array<std::string_view, 3> parts;
  if (!split3(text, parts)) return {std::nullopt, fmt::format("tile key '{}' is not <layer>/<position>/<dtype>", text)};
  if (auto problem = check_parts(parts[0], parts[2]); !problem.empty()) return {std::nullopt, problem};
  const auto position = parse_position(parts[1]);
  if (!position) return {std::nullopt, fmt::format("bad position '{}' in tile key (0..{})", parts[1], kMaxPosition)};
  return {TileKey{std::string(parts[0]), *position, *parse_dtype(parts[2])}, {}};
}

TileRangeParse parse_tile_range(std::string_view text) {
  std::array<std::string_view, 3> parts;
  if (!split3(text, parts)) {
    return {std::nullopt, fmt::format("tile reference '{}' is not <layer>/<position>/<dtype> or <layer>/<a>..<b>/<dtype>", text)};
  }
  if (auto problem = check_parts(parts[0], parts[2]); !problem.empty()) return {std::nullopt, problem};
  const auto dots = parts[1].find("..");
  const auto first = parse_position(parts[1].substr(0, dots));
  const auto last = dots == std::string_view::npos ? first : parse_position(parts[1].substr(dots + 2));
  if (!first || !last) {
    return {std::nullopt, fmt::format("bad position '{}' in tile reference (0..{}, or a..b)", parts[1], kMaxPosition)};
  }
  if (*last < *first) return {std::nullopt, fmt::format("empty range '{}': {} > {}", parts[1], *first, *last)};
  return {TileRange{TileKey{std::string(parts[0]), *first, *parse_dtype(parts[2])}, *last}, {}};
}

}  // namespace tessera
