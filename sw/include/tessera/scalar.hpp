// Parsing of the network file's scalar values: integers, sizes and names
// (docs/spec.md section 2.1). Each returns nullopt on malformed text; the
// caller turns that into a FileError at the value's position.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace tessera {

inline constexpr std::uint64_t KiB = 1024;
inline constexpr std::uint64_t MiB = 1024 * KiB;
inline constexpr std::uint64_t GiB = 1024 * MiB;

// Decimal or 0x-hexadecimal, no sign; nullopt on junk or overflow.
std::optional<std::uint64_t> parse_integer(std::string_view text);

// An integer with an optional unit B/KiB/MiB/GiB (one optional space).
std::optional<std::uint64_t> parse_size(std::string_view text);

// 1..64 characters from A-Z a-z 0-9 _ . -
bool is_valid_name(std::string_view text);

// "8 MiB", "4 KiB", "100 B": the largest unit that divides the size exactly.
std::string format_size(std::uint64_t bytes);

}  // namespace tessera
