// Bit fields of Verilator signals: a packed array or struct port of any
// width (an integer, or a VlWide for more than 64 bits) read and written by
// bit offset, so tests can drive per-element fields of packed array ports.
#pragma once

#include <verilated.h>

#include <cstdint>
#include <type_traits>

namespace tessera::tb {

template <class Signal>
void set_bits(Signal& signal, unsigned offset, unsigned width, std::uint64_t value) {
  for (unsigned i = 0; i < width; ++i) {
    const unsigned bit = offset + i;
    const bool one = (value >> i) & 1u;
    if constexpr (std::is_integral_v<Signal>) {
      const Signal mask = static_cast<Signal>(Signal{1} << bit);
      signal = one ? static_cast<Signal>(signal | mask) : static_cast<Signal>(signal & ~mask);
    } else {
      const std::uint32_t mask = 1u << (bit % 32);
      signal[bit / 32] = one ? (signal[bit / 32] | mask) : (signal[bit / 32] & ~mask);
    }
  }
}

template <class Signal>
std::uint64_t get_bits(const Signal& signal, unsigned offset, unsigned width) {
  std::uint64_t value = 0;
  for (unsigned i = 0; i < width; ++i) {
    const unsigned bit = offset + i;
    std::uint64_t one;
    if constexpr (std::is_integral_v<Signal>) {
      one = (static_cast<std::uint64_t>(signal) >> bit) & 1u;
    } else {
      one = (signal[bit / 32] >> (bit % 32)) & 1u;
    }
    value |= one << i;
  }
  return value;
}

}  // namespace tessera::tb
