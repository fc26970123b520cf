// The register sequences of the host driver (docs/spec.md sections 14, 15).
#include "tessera/driver.hpp"

#include <algorithm>
#include <array>

#include <fmt/format.h>

#include "tessera/bytes.hpp"
#include "tessera/crc32.hpp"
#include "tessera/regs.hpp"

namespace tessera {

namespace {

constexpr std::size_t kRecordBytes = 32;
constexpr std::size_t kChunkBytes = 64 * 1024;

std::uint32_t lo32(std::uint64_t value) { return static_cast<std::uint32_t>(value); }
std::uint32_t hi32(std::uint64_t value) { return static_cast<std::uint32_t>(value >> 32); }

}  // namespace

std::string_view dir_status_name(DirStatus status) {
  switch (status) {
    case DirStatus::ok: return "OK";
    case DirStatus::missing: return "MISSING";
    case DirStatus::duplicate: return "DUPLICATE";
    case DirStatus::full: return "FULL";
    case DirStatus::denied: return "DENIED";
    case DirStatus::range: return "RANGE";
  }
  return "UNKNOWN";
}

std::uint32_t Driver::nodes() { return regs::config::NODES.get(read(regs::CONFIG)); }

void Driver::enable(bool scrub) { write(regs::CTRL, regs::ctrl::ENABLE.put(1) | regs::ctrl::SCRUB.put(scrub ? 1 : 0)); }

DirStatus Driver::command(DirOp op, std::uint64_t key, const DirLocation& location, std::uint8_t tenant) {
  write(regs::DIR_KEY_LO, regs::dir_key_lo::KEY.put(lo32(key)));
  write(regs::DIR_KEY_HI, regs::dir_key_hi::KEY.put(hi32(key)));
  write(regs::DIR_TENANT, regs::dir_tenant::TENANT.put(tenant));
  write(regs::DIR_LOC_NODE, regs::dir_loc_node::NODE.put(location.node) |
                                regs::dir_loc_node::PUBLIC.put(location.owner ? 0 : 1) |
                                regs::dir_loc_node::OWNER.put(location.owner.value_or(0)));
  write(regs::DIR_LOC_ADDR_LO, regs::dir_loc_addr_lo::ADDR.put(lo32(location.addr)));
  write(regs::DIR_LOC_ADDR_HI, regs::dir_loc_addr_hi::ADDR.put(hi32(location.addr)));
  write(regs::DIR_LOC_BYTES_LO, regs::dir_loc_bytes_lo::BYTES.put(lo32(location.bytes)));
  write(regs::DIR_LOC_BYTES_HI, regs::dir_loc_bytes_hi::BYTES.put(hi32(location.bytes)));
  write(regs::DIR_CMD, regs::dir_cmd::OP.put(static_cast<unsigned>(op)));
  const std::uint64_t start = backend_.cycle();
  std::uint32_t result = read(regs::DIR_RESULT);
  while (regs::dir_result::BUSY.get(result)) {
    if (backend_.cycle() - start > limits_.command_cycles) {
      throw DriverError(fmt::format("directory command {} on key 0x{:012x}: still busy after {} cycles",
                                    static_cast<unsigned>(op), key, limits_.command_cycles));
    }
    result = read(regs::DIR_RESULT);
  }
  return static_cast<DirStatus>(regs::dir_result::STATUS.get(result));
}

DirResult Driver::dir_command(DirOp op, std::uint64_t key, const DirLocation& location, std::uint8_t tenant) {
  DirResult out;
  out.status = command(op, key, location, tenant);
  const std::uint32_t node = read(regs::DIR_RES_NODE);
  out.location.node = regs::dir_res_node::NODE.get(node);
  if (!regs::dir_res_node::PUBLIC.get(node)) out.location.owner = static_cast<std::uint8_t>(regs::dir_res_node::OWNER.get(node));
  out.location.addr = regs::dir_res_addr_lo::ADDR.get(read(regs::DIR_RES_ADDR_LO)) |
                      std::uint64_t{regs::dir_res_addr_hi::ADDR.get(read(regs::DIR_RES_ADDR_HI))} << 32;
  out.location.bytes = regs::dir_res_bytes_lo::BYTES.get(read(regs::DIR_RES_BYTES_LO)) |
                       std::uint64_t{regs::dir_res_bytes_hi::BYTES.get(read(regs::DIR_RES_BYTES_HI))} << 32;
  return out;
}

DirStatus Driver::insert(std::uint64_t key, const DirLocation& location) { return command(DirOp::insert, key, location, 0); }

DirResult Driver::remove(std::uint64_t key) { return dir_command(DirOp::remove, key); }

DirResult Driver::lookup(std::uint64_t key, std::uint8_t tenant) { return dir_command(DirOp::lookup, key, {}, tenant); }

void Driver::reserve(std::uint32_t node, std::uint64_t addr, std::uint64_t bytes) {
  const DirStatus status = command(DirOp::reserve, 0, DirLocation{node, addr, bytes, std::nullopt}, 0);
  if (status != DirStatus::ok) {
    throw DriverError(fmt::format("reserving node {} [0x{:x}, 0x{:x}): the engine answered {}", node, addr, addr + bytes,
                                  dir_status_name(status)));
  }
}

std::optional<std::uint16_t> Driver::submit(std::uint64_t desc_addr, std::uint32_t desc_bytes, std::uint64_t map_addr,
                                            unsigned priority, unsigned tenant) {
  write(regs::SQ_DESC_ADDR_LO, lo32(desc_addr));
  write(regs::SQ_DESC_ADDR_HI, hi32(desc_addr));
  write(regs::SQ_DESC_LEN, regs::sq_desc_len::LEN.put(desc_bytes));
  write(regs::SQ_MAP_ADDR_LO, lo32(map_addr));
  write(regs::SQ_MAP_ADDR_HI, hi32(map_addr));
  write(regs::SQ_ATTR, regs::sq_attr::PRIORITY.put(priority) | regs::sq_attr::TENANT.put(tenant));
  return ring(regs::SQ_DOORBELL);
}

std::optional<std::uint16_t> Driver::release(std::uint64_t map_addr, unsigned tenant, unsigned layers) {
  write(regs::REL_MAP_ADDR_LO, lo32(map_addr));
  write(regs::REL_MAP_ADDR_HI, hi32(map_addr));
  write(regs::REL_ATTR, regs::rel_attr::TENANT.put(tenant) | regs::rel_attr::LAYERS.put(layers));
  return ring(regs::REL_DOORBELL);
}

// SQ_TAG.NEXT moves only when the doorbell was accepted (section 14, Tags).
std::optional<std::uint16_t> Driver::ring(std::uint32_t doorbell) {
  const std::uint32_t before = read(regs::SQ_TAG);
  write(doorbell, 1);
  const std::uint32_t after = read(regs::SQ_TAG);
  if (regs::sq_tag::NEXT.get(after) == regs::sq_tag::NEXT.get(before)) return std::nullopt;
  return static_cast<std::uint16_t>(regs::sq_tag::LAST.get(after));
}

std::optional<Completion> Driver::poll() {
  const std::uint32_t status = read(regs::CQ_STATUS);
  if (!regs::cq_status::VALID.get(status)) return std::nullopt;
  Completion c;
  c.cycle = backend_.cycle();
  c.tag = static_cast<std::uint16_t>(regs::cq_status::TAG.get(status));
  c.error = regs::cq_status::ERROR.get(status) != 0;
  c.code = regs::cq_status::CODE.get(status);
  c.layer = static_cast<std::uint16_t>(regs::cq_layer::LAYER.get(read(regs::CQ_LAYER)));
  c.tile = regs::cq_tile::TILE.get(read(regs::CQ_TILE));
  write(regs::CQ_POP, regs::cq_pop::POP.put(1));
  return c;
}

Completion Driver::wait_completion(std::uint64_t limit) {
  const std::uint64_t start = backend_.cycle();
  for (;;) {
    if (auto c = poll()) return *c;
    if (backend_.cycle() - start > limit) throw DriverError(fmt::format("no completion within {} cycles", limit));
    backend_.wait(limits_.poll_interval);
  }
}

std::vector<LayerRecord> Driver::read_layer_map(std::uint32_t node, std::uint64_t addr, std::size_t layers) {
  std::vector<std::uint8_t> bytes(kRecordBytes * layers);
  backend_.read_memory(node, addr, bytes);
  std::vector<LayerRecord> records(layers);
  for (std::size_t i = 0; i < layers; ++i) {
    const std::span<const std::uint8_t> r(bytes.data() + kRecordBytes * i, kRecordBytes);
    LayerRecord& record = records[i];
    record.id = static_cast<std::uint32_t>(load_le(r, 0, 4));
    record.node = r[4];
    record.valid = (r[5] & 1) != 0;
    record.shared = (r[5] & 2) != 0;
    record.addr = load_le(r, 8, 8);
    record.bytes = load_le(r, 16, 8);
  }
  return records;
}

std::uint32_t Driver::memory_crc32(std::uint32_t node, std::uint64_t addr, std::uint64_t bytes) {
  std::vector<std::uint8_t> chunk(static_cast<std::size_t>(std::min<std::uint64_t>(bytes, kChunkBytes)));
  std::uint32_t crc = 0;
  for (std::uint64_t done = 0; done < bytes;) {
    const auto n = static_cast<std::size_t>(std::min<std::uint64_t>(bytes - done, kChunkBytes));
    backend_.read_memory(node, addr + done, std::span(chunk.data(), n));
    crc = crc32(std::span<const std::uint8_t>(chunk.data(), n), crc);
    done += n;
  }
  return crc;
}

void Driver::fill_memory(std::uint32_t node, std::uint64_t addr, std::uint64_t bytes, std::uint8_t value) {
  const std::vector<std::uint8_t> chunk(static_cast<std::size_t>(std::min<std::uint64_t>(bytes, kChunkBytes)), value);
  for (std::uint64_t done = 0; done < bytes;) {
    const auto n = static_cast<std::size_t>(std::min<std::uint64_t>(bytes - done, kChunkBytes));
    backend_.write_memory(node, addr + done, std::span(chunk.data(), n));
    done += n;
  }
}

// LO then HI of one counter: the LO read snapshots the high word (section 14).
std::uint64_t Driver::read64(std::uint32_t lo, std::uint32_t hi) {
  const std::uint64_t low = read(lo);
  return low | std::uint64_t{read(hi)} << 32;
}

PerfCounters Driver::perf(std::uint32_t nodes) {
  PerfCounters p;
  p.busy = read64(regs::PERF_BUSY_LO, regs::PERF_BUSY_HI);
  p.cam_hits = read64(regs::PERF_CAM_HITS_LO, regs::PERF_CAM_HITS_HI);
  p.cam_misses = read64(regs::PERF_CAM_MISSES_LO, regs::PERF_CAM_MISSES_HI);
  p.stall_arb = read64(regs::PERF_STALL_ARB_LO, regs::PERF_STALL_ARB_HI);
  p.stall_alloc = read64(regs::PERF_STALL_ALLOC_LO, regs::PERF_STALL_ALLOC_HI);
  p.stall_dma = read64(regs::PERF_STALL_DMA_LO, regs::PERF_STALL_DMA_HI);
  for (std::uint32_t node = 0; node < nodes; ++node) {
    write(regs::PERF_NODE_SEL, regs::perf_node_sel::NODE.put(node));
    p.node_bytes.push_back(read64(regs::PERF_NODE_BYTES_LO, regs::PERF_NODE_BYTES_HI));
  }
  return p;
}

void Driver::clear_perf() {
  const std::uint32_t ctrl = read(regs::CTRL);
  write(regs::CTRL, ctrl | regs::ctrl::PERF_CLEAR.put(1));
}

}  // namespace tessera
