// The register-level host driver of the engine (docs/spec.md sections 14
// and 15) over a small Backend: the host port's 32-bit AXI4-Lite reads and
// writes, waiting, the cycle count and a back door into the node memories.
// A Verilator model is one backend (sim/), memory-mapped hardware another.
//
// Contract: register offsets and fields come only from tessera/regs.hpp.
// Every wait is bounded: a command, a completion or a handshake that does
// not come within its cycle limit throws DriverError, the driver never
// hangs. Addresses handed to the engine are engine addresses (node << 34 |
// offset); tile locations and layer-map records keep node and address apart.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace tessera {

inline constexpr unsigned kEngineNodeShift = 34;
constexpr std::uint64_t engine_addr(std::uint32_t node, std::uint64_t offset) {
  return (static_cast<std::uint64_t>(node) << kEngineNodeShift) | offset;
}

// A host-side failure: a bounded wait ran out, or a step the host relies on
// (a reservation) was refused.
class DriverError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class Backend {
 public:
  Backend() = default;
  Backend(const Backend&) = delete;
  Backend& operator=(const Backend&) = delete;
  virtual ~Backend() = default;

  // One AXI4-Lite write of the host port; returns the B response (0 OKAY, 2 SLVERR).
  virtual unsigned write(std::uint32_t offset, std::uint32_t data, unsigned strb) = 0;
  // One AXI4-Lite read of the host port; returns the R data.
  virtual std::uint32_t read(std::uint32_t offset) = 0;
  // Lets the engine run for `cycles` clock cycles.
  virtual void wait(std::uint64_t cycles) = 0;
  // Clock cycles since the backend started.
  virtual std::uint64_t cycle() const = 0;
  // The back door: node memory, without the engine and without time passing.
  virtual void write_memory(std::uint32_t node, std::uint64_t addr, std::span<const std::uint8_t> bytes) = 0;
  virtual void read_memory(std::uint32_t node, std::uint64_t addr, std::span<std::uint8_t> bytes) = 0;
};

enum class DirOp : unsigned { lookup = 0, insert = 1, remove = 2, reserve = 3 };
enum class DirStatus : unsigned { ok = 0, missing = 1, duplicate = 2, full = 3, denied = 4, range = 5 };
std::string_view dir_status_name(DirStatus status);

struct DirLocation {
  std::uint32_t node = 0;
  std::uint64_t addr = 0;
  std::uint64_t bytes = 0;
  std::optional<std::uint8_t> owner;  // nullopt = public
};

struct DirResult {
  DirStatus status = DirStatus::ok;
  DirLocation location;  // DIR_RES_*: a lookup's hit, a deleted entry, a duplicate's present entry
};

inline constexpr std::uint16_t kCompletionNoLayer = 0xffff;
inline constexpr std::uint32_t kCompletionNoTile = 0xffffffff;

struct Completion {
  std::uint16_t tag = 0;
  bool error = false;
  unsigned code = 0;  // section 11
  std::uint16_t layer = kCompletionNoLayer;
  std::uint32_t tile = kCompletionNoTile;
  std::uint64_t cycle = 0;  // when the host saw it at the head of the queue
};

// One 32-byte layer-map record (section 7) as the engine wrote it.
struct LayerRecord {
  std::uint32_t id = 0;
  std::uint32_t node = 0;
  bool valid = false;
  bool shared = false;
  std::uint64_t addr = 0;
  std::uint64_t bytes = 0;
};

// The performance counters of section 14.
struct PerfCounters {
  std::uint64_t busy = 0;
  std::uint64_t cam_hits = 0;
  std::uint64_t cam_misses = 0;
  std::uint64_t stall_arb = 0;
  std::uint64_t stall_alloc = 0;
  std::uint64_t stall_dma = 0;
  std::vector<std::uint64_t> node_bytes;  // per node, through PERF_NODE_SEL
};

struct DriverLimits {
  std::uint64_t command_cycles = 100'000;  // a directory command's BUSY
  std::uint64_t poll_interval = 4;         // cycles between two polls of the completion queue
};

class Driver {
 public:
  explicit Driver(Backend& backend, DriverLimits limits = {}) : backend_(backend), limits_(limits) {}

  Backend& backend() { return backend_; }
  std::uint32_t read(std::uint32_t offset) { return backend_.read(offset); }
  unsigned write(std::uint32_t offset, std::uint32_t data, unsigned strb = 0xf) { return backend_.write(offset, data, strb); }

  std::uint32_t nodes();  // CONFIG.NODES
  // Sets CTRL.ENABLE; with `scrub`, CTRL.SCRUB too (freed regions are zeroed, section 9).
  void enable(bool scrub = false);

  // A directory command on the staged key, tenant and location; waits for
  // DIR_RESULT.BUSY to drop, then reads the result's location.
  DirResult dir_command(DirOp op, std::uint64_t key, const DirLocation& location = {}, std::uint8_t tenant = 0);
  DirStatus insert(std::uint64_t key, const DirLocation& location);
  DirResult remove(std::uint64_t key);
  DirResult lookup(std::uint64_t key, std::uint8_t tenant);

  // Reserves the allocation units under [addr, addr + bytes) of a node with
  // the RESERVE command (section 15). Throws DriverError when the engine
  // refuses it (RANGE: the range does not lie inside the node).
  void reserve(std::uint32_t node, std::uint64_t addr, std::uint64_t bytes);

  // Rings a doorbell; the tag, or nullopt when the queue was full (dropped).
  // A submission names its descriptor buffer: the engine address and the
  // length in bytes (SQ_DESC_LEN, section 15; the exact descriptor length).
  std::optional<std::uint16_t> submit(std::uint64_t desc_addr, std::uint32_t desc_bytes, std::uint64_t map_addr, unsigned priority,
                                      unsigned tenant);
  std::optional<std::uint16_t> release(std::uint64_t map_addr, unsigned tenant, unsigned layers);

  // The head completion, popped; nullopt when the queue is empty.
  std::optional<Completion> poll();
  // Polls until a completion comes; throws DriverError after `limit` cycles.
  Completion wait_completion(std::uint64_t limit);

  // The `layers` records of a layer-map buffer, read through the back door.
  std::vector<LayerRecord> read_layer_map(std::uint32_t node, std::uint64_t addr, std::size_t layers);
  // CRC-32 of node memory [addr, addr + bytes), read through the back door.
  std::uint32_t memory_crc32(std::uint32_t node, std::uint64_t addr, std::uint64_t bytes);
  void fill_memory(std::uint32_t node, std::uint64_t addr, std::uint64_t bytes, std::uint8_t value);

  PerfCounters perf(std::uint32_t nodes);
  void clear_perf();

 private:
  DirStatus command(DirOp op, std::uint64_t key, const DirLocation& location, std::uint8_t tenant);
  std::optional<std::uint16_t> ring(std::uint32_t doorbell);
  std::uint64_t read64(std::uint32_t lo, std::uint32_t hi);

  Backend& backend_;
  DriverLimits limits_;
};

}  // namespace tessera
