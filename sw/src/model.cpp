// The golden model of the assembly engine (docs/spec.md sections 8-10).
#include "tessera/model.hpp"

#include <array>
#include <stdexcept>
#include <unordered_map>
#include <variant>

#include <fmt/format.h>

#include "tessera/bytes.hpp"
#include "tessera/descriptor.hpp"
#include "tessera/tile_key.hpp"

namespace tessera {

Allocator::Allocator(std::uint32_t nodes, std::uint64_t units_per_node)
    : units_per_node_(units_per_node), free_runs_(nodes), free_units_(nodes, units_per_node) {
  for (auto& runs : free_runs_) runs[0] = units_per_node;
}

void Allocator::take(std::uint32_t node, std::uint64_t first_unit, std::uint64_t count) {
  auto& runs = free_runs_.at(node);
  const std::uint64_t end = first_unit + count;
  auto it = runs.upper_bound(first_unit);
  if (it != runs.begin()) --it;
  while (it != runs.end() && it->first < end) {
    const std::uint64_t run_start = it->first;
    const std::uint64_t run_end = run_start + it->second;
    if (run_end <= first_unit) {
      ++it;
      continue;
    }
    it = runs.erase(it);
    const std::uint64_t cut_start = std::max(run_start, first_unit);
    const std::uint64_t cut_end = std::min(run_end, end);
    free_units_[node] -= cut_end - cut_start;
    if (run_start < cut_start) runs[run_start] = cut_start - run_start;
    if (cut_end < run_end) it = runs.emplace(cut_end, run_end - cut_end).first;
  }
}

void Allocator::reserve(std::uint32_t node, std::uint64_t first_unit, std::uint64_t count) { take(node, first_unit, count); }

std::optional<std::uint64_t> Allocator::first_fit(std::uint32_t node, std::uint64_t units) const {
  for (const auto& [first, count] : free_runs_[node]) {
    if (count >= units) return first;
  }
  return std::nullopt;
}

std::optional<Region> Allocator::allocate(std::uint64_t units, std::optional<std::uint32_t> pinned) {
  const auto nodes = static_cast<std::uint32_t>(free_runs_.size());
  std::uint32_t start = 0;
  std::uint32_t tries = nodes;
  if (pinned) {
    start = *pinned;
    tries = 1;
  } else {
    for (std::uint32_t node = 1; node < nodes; ++node) {
      if (free_units_[node] > free_units_[start]) start = node;
    }
  }
  for (std::uint32_t i = 0; i < tries; ++i) {
    const std::uint32_t node = (start + i) % nodes;
    if (const auto first = first_fit(node, units)) {
      take(node, *first, units);
      return Region{node, *first, units};
    }
  }
  return std::nullopt;
}

void Allocator::free(const Region& region) {
  auto& runs = free_runs_.at(region.node);
  std::uint64_t first = region.first_unit;
  std::uint64_t count = region.units;
  auto next = runs.lower_bound(first);
  if (next != runs.end() && next->first < first + count) throw std::logic_error("allocator: freeing free units");
  if (next != runs.begin()) {
    auto previous = std::prev(next);
    if (previous->first + previous->second > first) throw std::logic_error("allocator: freeing free units");
    if (previous->first + previous->second == first) {
      first = previous->first;
      count += previous->second;
      runs.erase(previous);
    }
  }
  if (next != runs.end() && next->first == first + count) {
    count += next->second;
    runs.erase(next);
  }
  runs[first] = count;
  free_units_[region.node] += region.units;
}

Engine::Engine(const FabricConfig& fabric, EngineLimits limits)
    : fabric_(fabric), limits_(limits), allocator_(fabric.nodes, fabric.node_bytes / fabric.alloc_unit) {
  memories_.reserve(fabric.nodes);
  for (std::uint32_t node = 0; node < fabric.nodes; ++node) memories_.emplace_back(fabric.node_bytes);
}

Engine::LayerKey Engine::layer_key(std::uint32_t id, std::uint8_t tenant) { return std::uint64_t{tenant} << 32 | id; }

void Engine::reserve(std::uint32_t node, std::uint64_t addr, std::uint64_t bytes) {
  if (bytes == 0) return;
  const std::uint64_t first = addr / fabric_.alloc_unit;
  const std::uint64_t last = (addr + bytes - 1) / fabric_.alloc_unit;
  allocator_.reserve(node, first, last - first + 1);
}

bool Engine::insert_tile(std::uint64_t key, const DirectoryEntry& entry) { return directory_.emplace(key, entry).second; }

bool Engine::evict_tile(std::uint64_t key) { return directory_.erase(key) > 0; }

std::optional<LayerTableEntry> Engine::layer(std::uint32_t id, std::uint8_t tenant) const {
  const auto it = layer_table_.find(layer_key(id, tenant));
  if (it == layer_table_.end()) return std::nullopt;
  return it->second;
}

void Engine::free_region(const Region& region) {
  allocator_.free(region);
  if (fabric_.scrub) memory(region.node).fill(region.first_unit * fabric_.alloc_unit, region.units * fabric_.alloc_unit, 0);
}

void Engine::drop_reference(std::uint32_t id, std::uint8_t tenant) {
  const auto it = layer_table_.find(layer_key(id, tenant));
  if (it == layer_table_.end() || it->second.references == 0) {
    throw std::logic_error(fmt::format("layer table: dropping a reference to layer 0x{:08x} of tenant {} that holds none", id, tenant));
  }
  if (--it->second.references == 0) {
    free_region(it->second.region);
    layer_table_.erase(it);
  }
}

void Engine::write_map_record(const Submission& submission, std::size_t index, const LayerMapEntry& entry) {
  std::array<std::uint8_t, kLayerMapRecordBytes> record{};
  auto put = [&](std::size_t offset, std::uint64_t value, std::size_t width) { store_le(record, offset, value, width); };
  put(0, entry.id, 4);
  put(4, entry.node, 1);
  put(5, 1u | (entry.shared ? 2u : 0u), 1);
  put(8, entry.addr, 8);
  put(16, entry.bytes, 8);
  memory(submission.map_node).write(submission.map_addr + index * kLayerMapRecordBytes, record);
}

namespace {

bool inside(const FabricConfig& fabric, std::uint32_t node, std::uint64_t addr, std::uint64_t bytes) {
  return node < fabric.nodes && addr <= fabric.node_bytes && bytes <= fabric.node_bytes - addr;
}

// Names from a descriptor's strings section, for messages.
class Names {
 public:
  explicit Names(const Descriptor& descriptor) {
    for (const auto& [id, text] : descriptor.names) names_.emplace(id, text);
  }
  std::string name(std::uint32_t id) const {
    const auto it = names_.find(id);
    return it != names_.end() ? it->second : fmt::format("0x{:08x}", id);
  }
  std::string key(std::uint64_t key) const {
    const unsigned code = key_dtype_code(key);
    return fmt::format("{}/{}/{}", name(key_layer_id(key)), key_position(key), dtype_name(static_cast<Dtype>(code)));
  }

 private:
  std::unordered_map<std::uint32_t, std::string> names_;
};

}  // namespace

AssemblyResult Engine::assemble(const Submission& submission) {
  AssemblyResult result;
  result.tenant = submission.tenant;
  auto fail = [&](ErrorCode code, std::optional<std::uint16_t> layer, std::optional<std::uint32_t> tile, const std::string& what) {
    result.error = AssemblyError{code, layer, tile, fmt::format("{}: {}", error_name(code), what)};
    return result;
  };

  if (!inside(fabric_, submission.desc_node, submission.desc_addr, submission.desc_buffer_bytes)) {
    return fail(ErrorCode::bus_error, std::nullopt, std::nullopt, "descriptor buffer lies outside its node");
  }
  std::vector<std::uint8_t> buffer(submission.desc_buffer_bytes);
  memory(submission.desc_node).read(submission.desc_addr, buffer);
  auto decoded = decode_descriptor(buffer);
  if (auto* error = std::get_if<DescriptorError>(&decoded)) {
    result.error = AssemblyError{error->code, error->layer, std::nullopt, error->message};
    return result;
  }
  const Descriptor& descriptor = std::get<Descriptor>(decoded);
  const Names names(descriptor);
  if (!inside(fabric_, submission.map_node, submission.map_addr, descriptor.layers.size() * kLayerMapRecordBytes)) {
    return fail(ErrorCode::bus_error, std::nullopt, std::nullopt, "layer-map buffer lies outside its node");
  }

  std::optional<Region> region;  // of the layer being gathered
  auto fail_layer = [&](ErrorCode code, std::uint16_t layer, std::optional<std::uint32_t> tile, const std::string& what) {
    if (region) free_region(*region);
    for (const auto& entry : result.layers) drop_reference(entry.id, submission.tenant);
    return fail(code, layer, tile, what);
  };

  for (std::size_t index = 0; index < descriptor.layers.size(); ++index) {
    const DescriptorLayer& layer = descriptor.layers[index];
    const auto layer_index = static_cast<std::uint16_t>(index);
    const std::string layer_name = names.name(layer.id);
    const std::uint32_t signature = layer_signature(layer.keys);
    const LayerKey table_key = layer_key(layer.id, submission.tenant);

    if (const auto live = layer_table_.find(table_key); live != layer_table_.end()) {
      if (live->second.signature != signature) {
        return fail_layer(ErrorCode::layer_conflict, layer_index, std::nullopt,
                          fmt::format("layer '{}' is live for tenant {} with another tile list", layer_name, submission.tenant));
      }
      ++live->second.references;
      const LayerTableEntry& entry = live->second;
      LayerMapEntry record{layer.id, entry.region.node, entry.addr, entry.bytes, true, memory(entry.region.node).crc32(entry.addr, entry.bytes)};
      write_map_record(submission, index, record);
      result.layers.push_back(record);
      continue;
    }
    if (layer.node && *layer.node >= fabric_.nodes) {
      return fail_layer(ErrorCode::bad_node, layer_index, std::nullopt,
                        fmt::format("layer '{}' is pinned to node {}; the fabric has {}", layer_name, *layer.node, fabric_.nodes));
    }
    if (limits_.layer_table_entries != 0 && layer_table_.size() >= limits_.layer_table_entries) {
      return fail_layer(ErrorCode::table_full, layer_index, std::nullopt,
                        fmt::format("layer table full ({} entries) at layer '{}'", limits_.layer_table_entries, layer_name));
    }
    const std::uint64_t units = (layer.bytes + fabric_.alloc_unit - 1) / fabric_.alloc_unit;
    region = allocator_.allocate(units, layer.node);
    if (!region) {
      return fail_layer(ErrorCode::no_memory, layer_index, std::nullopt,
                        fmt::format("no {} for layer '{}' ({} bytes, {} units of {})", layer.node ? fmt::format("room on node {}", *layer.node) : "node has room",
                                    layer_name, layer.bytes, units, fabric_.alloc_unit));
    }
    const std::uint64_t base = region->first_unit * fabric_.alloc_unit;
    std::uint64_t offset = 0;
    for (std::size_t t = 0; t < layer.keys.size(); ++t) {
      const auto tile_index = static_cast<std::uint32_t>(t);
      const auto found = directory_.find(layer.keys[t]);
      if (found == directory_.end()) {
        return fail_layer(ErrorCode::tile_missing, layer_index, tile_index,
                          fmt::format("tile '{}' of layer '{}' is not in the tile directory", names.key(layer.keys[t]), layer_name));
      }
      const DirectoryEntry& tile = found->second;
      if (tile.owner && *tile.owner != submission.tenant) {
        return fail_layer(ErrorCode::tile_access, layer_index, tile_index,
                          fmt::format("tile '{}' of layer '{}' belongs to tenant {}, not tenant {}", names.key(layer.keys[t]), layer_name,
                                      *tile.owner, submission.tenant));
      }
      if (tile.bytes > layer.bytes - offset) {
        return fail_layer(ErrorCode::layer_size, layer_index, tile_index,
                          fmt::format("tile '{}' ends at byte {} of layer '{}', which has {}", names.key(layer.keys[t]), offset + tile.bytes,
                                      layer_name, layer.bytes));
      }
      memory(region->node).copy_from(memory(tile.node), tile.addr, base + offset, tile.bytes);
      offset += tile.bytes;
    }
    if (offset != layer.bytes) {
      return fail_layer(ErrorCode::layer_size, layer_index, std::nullopt,
                        fmt::format("tiles of layer '{}' hold {} bytes; the descriptor says {}", layer_name, offset, layer.bytes));
    }
    layer_table_.emplace(table_key, LayerTableEntry{*region, base, layer.bytes, signature, 1});
    LayerMapEntry record{layer.id, region->node, base, layer.bytes, false, memory(region->node).crc32(base, layer.bytes)};
    region.reset();
    write_map_record(submission, index, record);
    result.layers.push_back(record);
  }
  return result;
}

void Engine::release(const AssemblyResult& result) {
  if (!result.ok()) return;
  for (const auto& entry : result.layers) drop_reference(entry.id, result.tenant);
}

}  // namespace tessera
