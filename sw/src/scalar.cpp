// Integers, sizes and names of the network file (docs/spec.md section 2.1).
#include "tessera/scalar.hpp"

#include <array>
#include <charconv>
#include <utility>

#include <fmt/format.h>

namespace tessera {

std::optional<std::uint64_t> parse_integer(std::string_view text) {
  int base = 10;
  if (text.size() > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) {
    base = 16;
    text.remove_prefix(2);
  }
  if (text.empty()) return std::nullopt;
  std::uint64_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value, base);
  if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

namespace {
constexpr std::array<std::pair<std::string_view, std::uint64_t>, 4> kUnits = {{
    {"GiB", GiB}, {"MiB", MiB}, {"KiB", KiB}, {"B", 1}}};
}  // namespace

std::optional<std::uint64_t> parse_size(std::string_view text) {
  std::uint64_t multiplier = 1;
  for (const auto& [suffix, factor] : kUnits) {
    if (text.size() > suffix.size() && text.ends_with(suffix)) {
      // "0x1B" is hex 0x1b, not 0x1 bytes: after a hex number a bare "B" needs a space.
      const char before = text[text.size() - suffix.size() - 1];
      const bool hex_number = text.starts_with("0x") || text.starts_with("0X");
      if (suffix != "B" || before == ' ' || !hex_number) {
        text.remove_suffix(suffix.size());
        if (text.ends_with(' ')) text.remove_suffix(1);
        multiplier = factor;
      }
      break;
    }
  }
  const auto number = parse_integer(text);
  if (!number) return std::nullopt;
  if (*number != 0 && multiplier > UINT64_MAX / *number) return std::nullopt;
  return *number * multiplier;
}

bool is_valid_name(std::string_view text) {
  if (text.empty() || text.size() > 64) return false;
  for (const char c : text) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '_' || c == '.' || c == '-';
    if (!ok) return false;
  }
  return true;
}

std::string format_size(std::uint64_t bytes) {
  for (const auto& [suffix, factor] : kUnits) {
    if (bytes != 0 && bytes % factor == 0) return fmt::format("{} {}", bytes / factor, suffix);
  }
  return fmt::format("{} B", bytes);
}

}  // namespace tessera
