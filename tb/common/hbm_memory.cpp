// DPI-C functions of tsr_hbm_stub over HbmNodes (see hbm_memory.hpp).
#include "hbm_memory.hpp"

#include <svdpi.h>

#include <stdexcept>
#include <string>

namespace tessera::tb {

namespace {
std::vector<std::unique_ptr<HbmNode>>& nodes() {
  static std::vector<std::unique_ptr<HbmNode>> instance;
  return instance;
}
}  // namespace

void HbmNodes::configure(std::uint32_t count, std::uint64_t node_bytes, std::uint64_t seed) {
  nodes().clear();
  for (std::uint32_t i = 0; i < count; ++i) nodes().push_back(std::make_unique<HbmNode>(node_bytes, seed * 1000003u + i));
}

HbmNode& HbmNodes::node(std::uint32_t index) {
  if (index >= nodes().size()) throw std::out_of_range("HbmNodes: no node " + std::to_string(index) + " configured");
  return *nodes()[index];
}

std::uint32_t HbmNodes::count() { return static_cast<std::uint32_t>(nodes().size()); }

void HbmNodes::set_all(const HbmConfig& config) {
  for (auto& node : nodes()) node->config = config;
}

}  // namespace tessera::tb

using tessera::tb::HbmNodes;

extern "C" {

void tsr_hbm_read(int node, long long addr, int bytes, svBitVecVal* data) {
  auto& memory = HbmNodes::node(static_cast<std::uint32_t>(node)).memory;
  std::uint8_t beat[64] = {};
  memory.read(static_cast<std::uint64_t>(addr), std::span(beat, static_cast<std::size_t>(bytes)));
  for (int word = 0; word < bytes / 4; ++word) {
    data[word] = static_cast<svBitVecVal>(beat[4 * word]) | static_cast<svBitVecVal>(beat[4 * word + 1]) << 8 |
                 static_cast<svBitVecVal>(beat[4 * word + 2]) << 16 | static_cast<svBitVecVal>(beat[4 * word + 3]) << 24;
  }
}

void tsr_hbm_write(int node, long long addr, int bytes, const svBitVecVal* data, const svBitVecVal* strobe) {
  auto& memory = HbmNodes::node(static_cast<std::uint32_t>(node)).memory;
  std::uint8_t beat[64];
  for (int i = 0; i < bytes; ++i) beat[i] = static_cast<std::uint8_t>(data[i / 4] >> (8 * (i % 4)));
  auto enabled = [&](int i) { return ((strobe[i / 32] >> (i % 32)) & 1u) != 0; };
  for (int i = 0; i < bytes;) {  // each run of enabled bytes in one write
    if (!enabled(i)) {
      ++i;
      continue;
    }
    int end = i;
    while (end < bytes && enabled(end)) ++end;
    memory.write(static_cast<std::uint64_t>(addr) + static_cast<std::uint64_t>(i), std::span(beat + i, static_cast<std::size_t>(end - i)));
    i = end;
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

int tsr_hbm_percent(int node) { return static_cast<int>(HbmNodes::node(static_cast<std::uint32_t>(node)).random.below(100)); }

void tsr_hbm_timing(int node, int* read_latency, int* write_latency, int* row_miss_penalty, int* refresh_period,
                    int* refresh_duration, int* max_outstanding, int* ready_stall_percent, int* valid_gap_percent) {
  const auto& config = HbmNodes::node(static_cast<std::uint32_t>(node)).config;
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
