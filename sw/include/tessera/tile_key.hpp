// Tile keys: <layer>/<position>/<dtype> and their 48-bit encoding
// (docs/spec.md section 3).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace tessera {

enum class Dtype : std::uint8_t { int4 = 1, int8, int16, int32, fp16, bf16, fp32 };

std::optional<Dtype> parse_dtype(std::string_view text);
std::string_view dtype_name(Dtype dtype);
bool is_valid_dtype_code(unsigned code);

inline constexpr unsigned kMaxPosition = 4095;

struct TileKey {
  std::string layer;  // the layer part, a name
  std::uint32_t position = 0;
  Dtype dtype = Dtype::int8;

  // key = id(layer) << 16 | position << 4 | dtype code
  std::uint64_t value() const;
  std::string text() const;
  bool operator==(const TileKey&) const = default;
};

// The reasons a tile-key text is rejected, for error messages.
struct TileKeyParse {
  std::optional<TileKey> key;
  std::string problem;  // set when key is empty
};
TileKeyParse parse_tile_key(std::string_view text);

// A tile reference in a layer: a key, or a range L/a..b/d (inclusive).
struct TileRange {
  TileKey first;
  std::uint32_t last_position = 0;
};
struct TileRangeParse {
  std::optional<TileRange> range;
  std::string problem;
};
TileRangeParse parse_tile_range(std::string_view text);

// Fields of an encoded key.
inline std::uint32_t key_layer_id(std::uint64_t key) { return static_cast<std::uint32_t>(key >> 16); }
inline std::uint32_t key_position(std::uint64_t key) { return static_cast<std::uint32_t>((key >> 4) & 0xfff); }
inline unsigned key_dtype_code(std::uint64_t key) { return static_cast<unsigned>(key & 0xf); }

}  // namespace tessera
