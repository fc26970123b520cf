// The golden model of the assembly engine: tile directory, layer table,
// allocator and node memories, with the semantics of docs/spec.md sections
// 8-10. It reads descriptors from and writes layer maps to its own node
// memories, as the RTL does, so memory images can be compared byte for byte.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "tessera/errors.hpp"
#include "tessera/memory.hpp"
#include "tessera/network_file.hpp"

namespace tessera {

inline constexpr std::size_t kLayerMapRecordBytes = 32;

// A contiguous run of allocation units in one node.
struct Region {
  std::uint32_t node = 0;
  std::uint64_t first_unit = 0;
  std::uint64_t units = 0;
  bool operator==(const Region&) const = default;
};

// Section 9: first fit per node, the node with the most free units first.
class Allocator {
 public:
  Allocator(std::uint32_t nodes, std::uint64_t units_per_node);

  // Marks units [first, first + count) of a node as never free.
  void reserve(std::uint32_t node, std::uint64_t first_unit, std::uint64_t count);
  std::optional<Region> allocate(std::uint64_t units, std::optional<std::uint32_t> pinned);
  void free(const Region& region);
  std::uint64_t free_units(std::uint32_t node) const { return free_units_[node]; }
  std::uint64_t units_per_node() const { return units_per_node_; }
  // First unit -> count of each free run of a node, in address order.
  const std::map<std::uint64_t, std::uint64_t>& free_runs(std::uint32_t node) const { return free_runs_.at(node); }

 private:
  std::optional<std::uint64_t> first_fit(std::uint32_t node, std::uint64_t units) const;
  void take(std::uint32_t node, std::uint64_t first_unit, std::uint64_t count);

  std::uint64_t units_per_node_;
  std::vector<std::map<std::uint64_t, std::uint64_t>> free_runs_;  // first unit -> count
  std::vector<std::uint64_t> free_units_;
};

struct DirectoryEntry {
  std::uint32_t node = 0;
  std::uint64_t addr = 0;
  std::uint64_t bytes = 0;
  std::optional<std::uint8_t> owner;  // nullopt = public
};

struct LayerTableEntry {
  Region region;
  std::uint64_t addr = 0;
  std::uint64_t bytes = 0;
  std::uint32_t signature = 0;
  std::uint32_t references = 0;
};

struct LayerMapEntry {
  std::uint32_t id = 0;
  std::uint32_t node = 0;
  std::uint64_t addr = 0;
  std::uint64_t bytes = 0;
  bool shared = false;
  std::uint32_t crc32 = 0;  // of the layer's bytes when recorded
  bool operator==(const LayerMapEntry&) const = default;
};

struct AssemblyError {
  ErrorCode code = ErrorCode::ok;
  std::optional<std::uint16_t> layer;
  std::optional<std::uint32_t> tile;
  std::string message;  // starts with the code's name
};

struct AssemblyResult {
  std::uint8_t tenant = 0;
  std::vector<LayerMapEntry> layers;
  std::optional<AssemblyError> error;
  bool ok() const { return !error; }
};

// What the host gives with a doorbell.
struct Submission {
  std::uint32_t desc_node = 0;
  std::uint64_t desc_addr = 0;
  std::uint64_t desc_buffer_bytes = 0;  // the descriptor may not be longer
  std::uint32_t map_node = 0;
  std::uint64_t map_addr = 0;
  std::uint8_t tenant = 0;
  std::uint8_t priority = 0;
};

struct EngineLimits {
  std::size_t layer_table_entries = 0;  // 0 = unlimited
};

class Engine {
 public:
  explicit Engine(const FabricConfig& fabric, EngineLimits limits = {});

  const FabricConfig& fabric() const { return fabric_; }
  SparseMemory& memory(std::uint32_t node) { return memories_.at(node); }
  const SparseMemory& memory(std::uint32_t node) const { return memories_.at(node); }

  // Reserves every allocation unit overlapping [addr, addr + bytes).
  void reserve(std::uint32_t node, std::uint64_t addr, std::uint64_t bytes);
  // False when the key is already present.
  bool insert_tile(std::uint64_t key, const DirectoryEntry& entry);
  // False when the key is absent.
  bool evict_tile(std::uint64_t key);

  AssemblyResult assemble(const Submission& submission);
  // Drops the references of a successful assembly; a failed one holds none.
  void release(const AssemblyResult& result);

  std::optional<LayerTableEntry> layer(std::uint32_t id, std::uint8_t tenant) const;
  std::size_t live_layers() const { return layer_table_.size(); }
  const Allocator& allocator() const { return allocator_; }

 private:
  using LayerKey = std::uint64_t;  // tenant << 32 | layer id
  static LayerKey layer_key(std::uint32_t id, std::uint8_t tenant);
  void drop_reference(std::uint32_t id, std::uint8_t tenant);
  void free_region(const Region& region);
  void write_map_record(const Submission& submission, std::size_t index, const LayerMapEntry& entry);

  FabricConfig fabric_;
  EngineLimits limits_;
  std::vector<SparseMemory> memories_;
  Allocator allocator_;
  std::unordered_map<std::uint64_t, DirectoryEntry> directory_;
  std::unordered_map<LayerKey, LayerTableEntry> layer_table_;
};

}  // namespace tessera
