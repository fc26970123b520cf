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

// Settings versions, unique in the process (0: never used, a stub's "none").
std::uint64_t next_config_version() {
  static std::uint64_t last = 0;
  return ++last;
}
}  // namespace

HbmNode::HbmNode(std::uint64_t bytes, std::uint64_t seed)
    : memory(bytes), random(seed), config_version_(next_config_version()) {}

void HbmNode::set_config(const HbmConfig& config) {
  config_ = config;
  config_version_ = next_config_version();
}

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
  for (auto& node : nodes()) node->set_config(config);
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

// The AXI response for a beat at `addr` of `node`: DECERR beyond the node's
// size, the last matching error range's response inside one, else OKAY.
int response_at(const tessera::tb::HbmNode& node, std::uint64_t addr) {
  if (addr >= node.memory.size()) return 3;
  int resp = 0;
  for (const auto& range : node.errors) {
    if (addr >= range.first && addr <= range.last) resp = range.resp;
  }
  return resp;
}

}  // namespace

extern "C" {

// A read beat: its response; the data only for OKAY (else zero).
int tsr_hbm_read(int node, long long addr, int bytes, svBitVecVal* data) {
  const auto& entry = HbmNodes::node(static_cast<std::uint32_t>(node));
  std::uint8_t beat[64] = {};
  const int resp = response_at(entry, static_cast<std::uint64_t>(addr));
  if (resp == 0) entry.memory.read(static_cast<std::uint64_t>(addr), std::span(beat, static_cast<std::size_t>(bytes)));
  bytes_to_words(beat, data, bytes);
  return resp;
}

// A write beat: its response; the bytes are stored only for OKAY, each run
// of enabled bytes (a beat is at most 64 bytes, so its strobes fit one
// 64-bit mask; a full strobe is one write).
int tsr_hbm_write(int node, long long addr, int bytes, const svBitVecVal* data, const svBitVecVal* strobe) {
  auto& entry = HbmNodes::node(static_cast<std::uint32_t>(node));
  const int resp = response_at(entry, static_cast<std::uint64_t>(addr));
  if (resp != 0) return resp;
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
    entry.memory.write(static_cast<std::uint64_t>(addr) + static_cast<std::uint64_t>(at),
                       std::span(beat + at, static_cast<std::size_t>(run)));
    enabled = run == 64 ? 0 : enabled >> run;
    at += run;
  }
  return 0;
}

// Once per cycle per node, kept small because it is the stub's one call in
// most cycles: the node's settings version (bits 63:16), then two draws of
// its random stream, 0..99: ready stall (bits 7:0), valid gap (15:8). With
// both percentages 0 no draw can matter and none is made (both 0).
long long tsr_hbm_tick(int node) {
  auto& entry = HbmNodes::node(static_cast<std::uint32_t>(node));
  const auto& config = entry.config();
  std::uint64_t tick = entry.config_version() << 16;
  if (config.ready_stall_percent != 0 || config.valid_gap_percent != 0) {
    tick |= entry.random.below(100);
    tick |= entry.random.below(100) << 8;
  }
  return static_cast<long long>(tick);
}

// The node's settings, read by the stub when their version changes.
void tsr_hbm_settings(int node, int* read_latency, int* write_latency, int* row_miss_penalty, int* refresh_period,
                      int* refresh_duration, int* max_outstanding, int* ready_stall_percent, int* valid_gap_percent) {
  const auto& config = HbmNodes::node(static_cast<std::uint32_t>(node)).config();
  *read_latency = static_cast<int>(config.read_latency);
  *write_latency = static_cast<int>(config.write_latency);
  *row_miss_penalty = static_cast<int>(config.row_miss_penalty);
  *refresh_period = static_cast<int>(config.refresh_period);
  *refresh_duration = static_cast<int>(config.refresh_duration);
  *max_outstanding = static_cast<int>(config.max_outstanding);
  *ready_stall_percent = static_cast<int>(config.ready_stall_percent);
  *valid_gap_percent = static_cast<int>(config.valid_gap_percent);
}

}  // extern "C"
