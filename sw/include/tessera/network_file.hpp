// The network file (docs/spec.md section 2): loading, validation and the
// deterministic layout of section 5. A loaded NetworkFile is valid: every
// reference resolved, every tile placed, every control buffer placed.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "tessera/errors.hpp"
#include "tessera/scalar.hpp"
#include "tessera/tile_data.hpp"
#include "tessera/tile_key.hpp"

namespace tessera {

struct FabricConfig {
  std::uint32_t nodes = 4;
  std::uint64_t node_bytes = 8 * MiB;
  std::uint32_t data_width = 256;
  std::uint64_t alloc_unit = 4 * KiB;
  std::uint32_t control_node = 0;
  bool scrub = false;
};

struct TileSpec {
  TileKey key;
  std::uint64_t key_value = 0;
  std::uint32_t node = 0;
  std::uint64_t addr = 0;  // final, after layout
  std::uint64_t bytes = 0;
  std::optional<std::uint8_t> owner;  // nullopt = public
  DataSource data;
  std::uint64_t data_offset = 0;  // this tile's slice of `data`
  SourcePos pos;                  // the defining entry
};

struct LayerSpec {
  std::string name;
  std::uint32_t id = 0;
  std::vector<std::size_t> tiles;     // indices into NetworkFile::tiles
  std::vector<std::uint16_t> inputs;  // indices of earlier layers
  std::optional<std::uint32_t> node;  // pinned node
  std::uint64_t bytes = 0;            // sum of the tiles' bytes
  SourcePos pos;
};

struct NetworkSpec {
  std::string name;
  std::uint32_t id = 0;
  std::uint8_t priority = 0;
  std::uint8_t tenant = 0;
  std::vector<LayerSpec> layers;
  SourcePos pos;
  // Layout of the control buffers on fabric.control_node.
  std::uint64_t desc_addr = 0;
  std::uint64_t desc_bytes = 0;
  std::uint64_t map_addr = 0;
  std::uint64_t map_bytes = 0;
};

struct ScheduleStep {
  enum class Kind { submit, release, evict };
  Kind kind = Kind::submit;
  std::vector<std::size_t> networks;  // submit, release
  std::vector<std::size_t> tiles;     // evict
  SourcePos pos;
};

struct NetworkFile {
  std::string path;
  FabricConfig fabric;
  std::vector<TileSpec> tiles;
  std::vector<NetworkSpec> networks;
  std::vector<ScheduleStep> schedule;

  std::optional<std::size_t> find_network(std::string_view name) const;
  std::optional<std::size_t> find_tile(std::uint64_t key_value) const;

  std::unordered_map<std::uint64_t, std::size_t> tile_index;  // key value -> tile
};

// Loads and validates a file; throws FileError ("FILE:LINE:COL: error: ...").
NetworkFile load_network_file(const std::filesystem::path& path);

// The same from text; `path` names the file in messages and `base_dir`
// resolves `file:` data paths.
NetworkFile parse_network_text(const std::string& text, const std::string& path,
                               const std::filesystem::path& base_dir);

}  // namespace tessera
