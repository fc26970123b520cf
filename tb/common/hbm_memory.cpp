// DPI-C functions of tsr_hbm_stub over HbmNodes (see hbm_memory.hpp).
#include "hbm_memory.hpp"

#include <svdpi.h>

#include <bit>
#include <cstring>
#include <stdexcept>
#include <string>

namespace tessera::tb {

namespace {
std::vector<std::unique_ptr<HbmNode>>& nodes() {
  static std::vector<std::unique_ptr<HbmNode>> instance;
  return instance;
}

[[noreturn]] void no_such_node(std::uint32_t index) {
  throw std::out_of_range("HbmNodes: no node " + std::to_string(index) + " configured");
}
}  // namespace

void HbmNodes::configure(std::uint32_t count, std::uint64_t node_bytes, std::uint64_t seed) {
  nodes().clear();
  for (std::uint32_t i = 0; i < count; ++i) nodes().push_back(std::make_unique<HbmNode>(node_bytes, seed * 1000003u + i));
}

HbmNode& HbmNodes::node(std::uint32_t index) {
  auto& all = nodes();
  if (index >= all.size()) no_such_node(index);
  return *all[index];
}

std::uint32_t HbmNodes::count() { return static_cast<std::uint32_t>(nodes().size()); }

void HbmNodes::set_all(const HbmConfig& config) {
  for (auto& node : nodes()) node->config = config;
}

}  // namespace tessera::tb

using tessera::tb::HbmNodes;

namespace {

// A beat's bytes from / to the DPI's 32-bit words (byte 0 in the low bits
// of word 0): a copy on a little-endian host.
void words_to_bytes(const svBitVecVal* words, std::uint8_t* bytes, int count) {
  if constexpr (std::endian::native == std::endian::little) {
    std::memcpy(bytes, words, static_cast<std::size_t>(count));
  } else {
    for (int i = 0; i < count; ++i) bytes[i] = static_cast<std::uint8_t>(words[i / 4] >> (8 * (i % 4)));
  }
}

void bytes_to_words(const std::uint8_t* bytes, svBitVecVal* words, int count) {
  if constexpr (std::endian::native == std::endian::little) {
    std::memcpy(words, bytes, static_cast<std::size_t>(count));
  } else {
    for (int word = 0; word < count / 4; ++word) {
      words[word] = static_cast<svBitVecVal>(bytes[4 * word]) | static_cast<svBitVecVal>(bytes[4 * word + 1]) << 8 |
                    static_cast<svBitVecVal>(bytes[4 * word + 2]) << 16 | static_cast<svBitVecVal>(bytes[4 * word + 3]) << 24;
    }
  }
}

}  // namespace

extern "C" {

void tsr_hbm_read(int node, long long addr, int bytes, svBitVecVal* data) {
  auto& memory = HbmNodes::node(static_cast<std::uint32_t>(node)).memory;
  std::uint8_t beat[64] = {};
  memory.read(static_cast<std::uint64_t>(addr), std::span(beat, static_cast<std::size_t>(bytes)));
  bytes_to_words(beat, data, bytes);
}

// Writes each run of enabled bytes (a beat is at most 64 bytes, so its
// strobes fit one 64-bit mask); a full strobe is one write.
void tsr_hbm_write(int node, long long addr, int bytes, const svBitVecVal* data, const svBitVecVal* strobe) {
  auto& memory = HbmNodes::node(static_cast<std::uint32_t>(node)).memory;
  std::uint8_t beat[64];
  words_to_bytes(data, beat, bytes);
  std::uint64_t enabled = strobe[0];
  if (bytes > 32) enabled |= static_cast<std::uint64_t>(strobe[1]) << 32;
  if (bytes < 64) enabled &= (std::uint64_t{1} << bytes) - 1;
  int at = 0;
  while (enabled != 0) {
    const int skip = std::countr_zero(enabled);
    enabled >>= skip;
    at += skip;
    const int run = std::countr_one(enabled);
    memory.write(static_cast<std::uint64_t>(addr) + static_cast<std::uint64_t>(at), std::span(beat + at, static_cast<std::size_t>(run)));
    enabled = run == 64 ? 0 : enabled >> run;
    at += run;
  }
}

int tsr_hbm_resp(int node, long long addr) {
  const auto& entry = HbmNodes::node(static_cast<std::uint32_t>(node));
  const auto at = static_cast<std::uint64_t>(addr);
  if (at >= entry.memory.size()) return 3;  // DECERR: no such address
  int resp = 0;
  for (const auto& range : entry.errors) {
    if (at >= range.first && at <= range.last) resp = range.resp;
  }
  return resp;
}

// Once per cycle per node: the settings, then two draws of the node's random
// stream (ready stall, valid gap), in one call. With both percentages 0 no
// draw can matter and none is made (both read as 0).
void tsr_hbm_cycle(int node, int* read_latency, int* write_latency, int* row_miss_penalty, int* refresh_period,
                   int* refresh_duration, int* max_outstanding, int* ready_stall_percent, int* valid_gap_percent,
                   int* stall_draw, int* gap_draw) {
  auto& entry = HbmNodes::node(static_cast<std::uint32_t>(node));
  const auto& config = entry.config;
  *read_latency = static_cast<int>(config.read_latency);
  *write_latency = static_cast<int>(config.write_latency);
  *row_miss_penalty = static_cast<int>(config.row_miss_penalty);
  *refresh_period = static_cast<int>(config.refresh_period);
  *refresh_duration = static_cast<int>(config.refresh_duration);
  *max_outstanding = static_cast<int>(config.max_outstanding);
  *ready_stall_percent = static_cast<int>(config.ready_stall_percent);
  *valid_gap_percent = static_cast<int>(config.valid_gap_percent);
  if (config.ready_stall_percent == 0 && config.valid_gap_percent == 0) {
    *stall_draw = 0;
    *gap_draw = 0;
    return;
  }
  *stall_draw = static_cast<int>(entry.random.below(100));
  *gap_draw = static_cast<int>(entry.random.below(100));
}

}  // extern "C"
