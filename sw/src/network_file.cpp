// Loading and validating the network file (docs/spec.md section 2) and its
// layout (section 5). Every rule failure becomes a FileError that points at
// the offending YAML node.
#include "tessera/network_file.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <fstream>
#include <initializer_list>
#include <iterator>
#include <map>
#include <set>
#include <sstream>

#include <fmt/format.h>

#include "tessera/crc32.hpp"
#include "tessera/descriptor.hpp"
#include "tessera/model.hpp"

namespace tessera {

std::optional<std::size_t> NetworkFile::find_network(std::string_view name) const {
  for (std::size_t i = 0; i < networks.size(); ++i) {
    if (networks[i].name == name) return i;
  }
  return std::nullopt;
}

std::optional<std::size_t> NetworkFile::find_tile(std::uint64_t key_value) const {
  const auto it = tile_index.find(key_value);
  if (it == tile_index.end()) return std::nullopt;
  return it->second;
}

namespace {

constexpr std::uint64_t kPlacementAlign = 64;
constexpr std::uint64_t kMaxNodeBytes = 16 * GiB;
constexpr std::size_t kMaxLayers = 65535;
constexpr std::size_t kMaxTilesPerLayer = 65536;

SourcePos pos_of(const YAML::Node& node) {
  const YAML::Mark mark = node.Mark();
  return {mark.line + 1, mark.column + 1};
}

std::string where(SourcePos pos) { return fmt::format("{}:{}", pos.line, pos.column); }

std::uint64_t align_up(std::uint64_t value, std::uint64_t align) { return (value + align - 1) / align * align; }

// Free address ranges of one node, for first-fit placement of section 5.
class NodeSpace {
 public:
  explicit NodeSpace(std::uint64_t bytes) { gaps_[0] = bytes; }

  void take(std::uint64_t addr, std::uint64_t bytes) {
    auto it = gaps_.upper_bound(addr);
    if (it == gaps_.begin()) return;  // inside no gap: only for overlapping explicit tiles, already rejected
    --it;
    const std::uint64_t start = it->first;
    const std::uint64_t end = it->second;
    if (addr + bytes > end) return;
    gaps_.erase(it);
    if (start < addr) gaps_[start] = addr;
    if (addr + bytes < end) gaps_[addr + bytes] = end;
  }

  std::optional<std::uint64_t> place(std::uint64_t bytes) {
    for (auto it = gaps_.begin(); it != gaps_.end();) {
      const std::uint64_t start = align_up(it->first, kPlacementAlign);
      const std::uint64_t end = it->second;
      if (start >= end) {  // too small for any aligned object: never useful again
        it = gaps_.erase(it);
        continue;
      }
      if (end - start >= bytes) {
        take(start, bytes);
        return start;
      }
      ++it;
    }
    return std::nullopt;
  }

 private:
  std::map<std::uint64_t, std::uint64_t> gaps_;  // start -> end
};

class Loader {
 public:
  Loader(std::string path, std::filesystem::path base_dir) : base_dir_(std::move(base_dir)) { file_.path = std::move(path); }

  NetworkFile load(const std::string& text) {
    YAML::Node root;
    try {
      root = YAML::Load(text);
    } catch (const YAML::Exception& error) {
      fail(SourcePos{error.mark.line + 1, error.mark.column + 1}, fmt::format("YAML syntax: {}", error.msg));
    }
    if (!root.IsMap()) fail(root.IsDefined() && !root.IsNull() ? pos_of(root) : SourcePos{1, 1}, "the file must be a YAML mapping with tiles and networks");
    const auto top = fields(root, {"fabric", "tiles", "networks", "schedule"});
    if (const auto* fabric = find(top, "fabric")) load_fabric(fabric->value);
    load_tiles(require(top, root, "tiles").value);
    place_tiles();
    load_networks(require(top, root, "networks").value);
    if (const auto* schedule = find(top, "schedule")) {
      load_schedule(schedule->value);
    } else {
      ScheduleStep step;
      step.pos = pos_of(root);
      for (std::size_t i = 0; i < file_.networks.size(); ++i) step.networks.push_back(i);
      file_.schedule.push_back(std::move(step));
    }
    place_control_buffers();
    return std::move(file_);
  }

 private:
  struct Field {
    YAML::Node key;
    YAML::Node value;
  };
  using Fields = std::map<std::string, Field, std::less<>>;

  [[noreturn]] void fail(SourcePos pos, const std::string& message) const { throw FileError(file_.path, pos, message); }
  [[noreturn]] void fail(const YAML::Node& node, const std::string& message) const { fail(pos_of(node), message); }

  // A mapping's entries, checked for unknown and duplicate keys.
  Fields fields(const YAML::Node& map, std::initializer_list<std::string_view> allowed) const {
    Fields result;
    for (const auto& entry : map) {
      if (!entry.first.IsScalar()) fail(entry.first, "keys must be plain names");
      const std::string name = entry.first.Scalar();
      if (std::find(allowed.begin(), allowed.end(), name) == allowed.end()) {
        std::string known;
        for (const auto key : allowed) known += fmt::format("{}{}", known.empty() ? "" : ", ", key);
        fail(entry.first, fmt::format("unknown key '{}' (expected one of: {})", name, known));
      }
      if (const auto it = result.find(name); it != result.end()) {
        fail(entry.first, fmt::format("duplicate key '{}' (first at {})", name, where(pos_of(it->second.key))));
      }
      result.emplace(name, Field{entry.first, entry.second});
    }
    return result;
  }

  static const Field* find(const Fields& fields, std::string_view name) {
    const auto it = fields.find(name);
    return it == fields.end() ? nullptr : &it->second;
  }

  const Field& require(const Fields& fields, const YAML::Node& map, std::string_view name) const {
    const Field* field = find(fields, name);
    if (!field) fail(map, fmt::format("missing required key '{}'", name));
    return *field;
  }

  const YAML::Node& mapping(const YAML::Node& node, std::string_view what) const {
    if (!node.IsMap()) fail(node, fmt::format("{} must be a mapping", what));
    return node;
  }

  const YAML::Node& sequence(const YAML::Node& node, std::string_view what) const {
    if (!node.IsSequence()) fail(node, fmt::format("{} must be a list", what));
    return node;
  }

  std::string scalar(const YAML::Node& node, std::string_view what) const {
    if (!node.IsScalar()) fail(node, fmt::format("{} must be a single value", what));
    return node.Scalar();
  }

  // A scalar, or a list of scalars, as a list of (text, node).
  std::vector<std::pair<std::string, YAML::Node>> scalar_list(const YAML::Node& node, std::string_view what) const {
    std::vector<std::pair<std::string, YAML::Node>> items;
    if (node.IsSequence()) {
      if (node.size() == 0) fail(node, fmt::format("the list needs at least one {}", what));
      for (const auto& item : node) items.emplace_back(scalar(item, what), item);
    } else {
      items.emplace_back(scalar(node, what), node);
    }
    return items;
  }

  std::uint64_t integer(const YAML::Node& node, std::string_view what, std::uint64_t min, std::uint64_t max) const {
    const std::string text = scalar(node, what);
    const auto value = parse_integer(text);
    if (!value) fail(node, fmt::format("{} must be an integer, not '{}'", what, text));
    if (*value < min || *value > max) fail(node, fmt::format("{} {} is out of range {}..{}", what, *value, min, max));
    return *value;
  }

  std::uint64_t size(const YAML::Node& node, std::string_view what, std::uint64_t min, std::uint64_t max) const {
    const std::string text = scalar(node, what);
    const auto value = parse_size(text);
    if (!value) fail(node, fmt::format("{} must be a size like 4096, 4KiB or 8 MiB, not '{}'", what, text));
    if (max == UINT64_MAX && *value < min) fail(node, fmt::format("{} must be at least {}", what, format_size(min)));
    if (*value < min || *value > max) {
      fail(node, fmt::format("{} {} is out of range {}..{}", what, format_size(*value), format_size(min), format_size(max)));
    }
    return *value;
  }

  std::string name(const YAML::Node& node, std::string_view what) const {
    std::string text = scalar(node, what);
    if (!is_valid_name(text)) fail(node, fmt::format("bad {} '{}' (1..64 of A-Z a-z 0-9 _ . -)", what, text));
    return text;
  }

  std::uint32_t node_index(const YAML::Node& node) const {
    return static_cast<std::uint32_t>(integer(node, "node", 0, file_.fabric.nodes - 1));
  }

  // Section 3: different names must not share an id.
  std::uint32_t register_name(const std::string& text, const YAML::Node& at) {
    const std::uint32_t id = name_id(text);
    const auto [it, inserted] = names_.emplace(id, std::pair{text, pos_of(at)});
    if (!inserted && it->second.first != text) {
      fail(at, fmt::format("name '{}' has the same 32-bit id 0x{:08x} as '{}' at {}; rename one", text, id,
                           it->second.first, where(it->second.second)));
    }
    return id;
  }

  void load_fabric(const YAML::Node& node) {
    const auto f = fields(mapping(node, "fabric"), {"nodes", "node_bytes", "data_width", "alloc_unit", "control_node", "scrub"});
    FabricConfig& fabric = file_.fabric;
    if (const auto* v = find(f, "nodes")) fabric.nodes = static_cast<std::uint32_t>(integer(v->value, "nodes", 1, 32));
    if (const auto* v = find(f, "data_width")) {
      fabric.data_width = static_cast<std::uint32_t>(integer(v->value, "data_width", 64, 512));
      if (fabric.data_width != 64 && fabric.data_width != 128 && fabric.data_width != 256 && fabric.data_width != 512) {
        fail(v->value, fmt::format("data_width {} is not one of 64, 128, 256, 512", fabric.data_width));
      }
    }
    if (const auto* v = find(f, "alloc_unit")) {
      fabric.alloc_unit = size(v->value, "alloc_unit", 64, MiB);
      if ((fabric.alloc_unit & (fabric.alloc_unit - 1)) != 0) {
        fail(v->value, fmt::format("alloc_unit {} is not a power of two", format_size(fabric.alloc_unit)));
      }
    }
    if (const auto* v = find(f, "node_bytes")) fabric.node_bytes = size(v->value, "node_bytes", 64 * KiB, kMaxNodeBytes);
    if (fabric.node_bytes % fabric.alloc_unit != 0) {
      const auto* v = find(f, "node_bytes");
      fail(v ? v->value : node, fmt::format("node_bytes {} is not a multiple of alloc_unit {}", format_size(fabric.node_bytes),
                                            format_size(fabric.alloc_unit)));
    }
    if (const auto* v = find(f, "control_node")) {
      fabric.control_node = static_cast<std::uint32_t>(integer(v->value, "control_node", 0, fabric.nodes - 1));
    }
    if (const auto* v = find(f, "scrub")) {
      const std::string text = scalar(v->value, "scrub");
      if (text != "true" && text != "false") fail(v->value, fmt::format("scrub must be true or false, not '{}'", text));
      fabric.scrub = text == "true";
    }
  }

  std::optional<DataSource> data_source(const YAML::Node& node, std::uint64_t bytes) const {
    const std::string text = scalar(node, "data");
    const auto colon = text.find(':');
    const std::string kind = text.substr(0, colon);
    const std::string argument = colon == std::string::npos ? "" : text.substr(colon + 1);
    if (colon != std::string::npos && kind == "const") {
      const auto value = parse_integer(argument);
      if (!value || *value > 255) fail(node, fmt::format("const data needs a byte 0..255, not '{}'", argument));
      return DataSource::constant(static_cast<std::uint8_t>(*value));
    }
    if (colon != std::string::npos && kind == "random") {
      const auto seed = parse_integer(argument);
      if (!seed) fail(node, fmt::format("random data needs an integer seed, not '{}'", argument));
      return DataSource::random(*seed);
    }
    if (colon != std::string::npos && kind == "file") {
      if (argument.empty()) fail(node, "file data needs a path");
      const std::filesystem::path path = base_dir_ / argument;
      std::ifstream in(path, std::ios::binary);
      if (!in) fail(node, fmt::format("cannot read data file '{}'", path.string()));
      std::vector<std::uint8_t> contents((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
      if (contents.size() != bytes) {
        fail(node, fmt::format("data file '{}' holds {} bytes; the tile needs exactly {}", path.string(), contents.size(), bytes));
      }
      return DataSource::from_file(std::move(contents));
    }
    fail(node, fmt::format("data must be const:<byte>, random:<seed> or file:<path>, not '{}'", text));
  }

  void load_tiles(const YAML::Node& node) {
    std::map<std::uint64_t, SourcePos> defined;
    for (const auto& entry : sequence(node, "tiles")) {
      const auto f = fields(mapping(entry, "a tile"), {"key", "node", "bytes", "addr", "owner", "data", "split"});
      const Field& key_field = require(f, entry, "key");
      const auto parsed = parse_tile_key(scalar(key_field.value, "key"));
      if (!parsed.key) fail(key_field.value, parsed.problem);
      register_name(parsed.key->layer, key_field.value);

      const Field& bytes_field = require(f, entry, "bytes");
      const std::uint64_t bytes = size(bytes_field.value, "bytes", 1, UINT64_MAX);
      if (bytes > file_.fabric.node_bytes) {
        fail(bytes_field.value, fmt::format("tile of {} bytes is larger than a node ({})", bytes, format_size(file_.fabric.node_bytes)));
      }

      const Field* split_field = find(f, "split");
      const std::uint64_t piece = split_field ? size(split_field->value, "split", 1, UINT64_MAX) : bytes;
      const std::uint64_t count = (bytes + piece - 1) / piece;
      if (parsed.key->position + count - 1 > kMaxPosition) {
        fail(split_field->value, fmt::format("split makes {} tiles from position {}: positions past {}", count,
                                             parsed.key->position, kMaxPosition));
      }

      const Field& node_field = require(f, entry, "node");
      std::vector<std::uint32_t> nodes;
      if (node_field.value.IsSequence()) {
        if (!split_field) fail(node_field.value, "a list of nodes needs split (one tile has one node)");
        for (const auto& item : node_field.value) nodes.push_back(node_index(item));
        if (nodes.empty()) fail(node_field.value, "the list of nodes is empty");
      } else {
        nodes.push_back(node_index(node_field.value));
      }

      std::optional<std::uint64_t> addr;
      if (const auto* v = find(f, "addr")) {
        if (nodes.size() > 1) fail(v->value, "addr needs a single node");
        addr = size(v->value, "addr", 0, UINT64_MAX);
        if (*addr > file_.fabric.node_bytes - bytes) {
          fail(v->value, fmt::format("tile [0x{:x}, 0x{:x}) ends past the node's {} bytes", *addr, *addr + bytes,
                                     file_.fabric.node_bytes));
        }
      }

      std::optional<std::uint8_t> owner;
      if (const auto* v = find(f, "owner")) owner = static_cast<std::uint8_t>(integer(v->value, "owner", 0, 255));
      std::optional<DataSource> data;
      if (const auto* v = find(f, "data")) data = data_source(v->value, bytes);

      for (std::uint64_t i = 0; i < count; ++i) {
        TileSpec tile;
        tile.key = *parsed.key;
        tile.key.position = parsed.key->position + static_cast<std::uint32_t>(i);
        tile.key_value = tile.key.value();
        tile.node = nodes[i % nodes.size()];
        tile.bytes = std::min(piece, bytes - i * piece);
        tile.owner = owner;
        tile.pos = pos_of(entry);
        if (data) {
          tile.data = *data;
          tile.data_offset = i * piece;
        } else {
          tile.data = DataSource::random(tile.key_value);
        }
        if (const auto [it, inserted] = defined.emplace(tile.key_value, tile.pos); !inserted) {
          fail(key_field.value, fmt::format("duplicate tile key '{}' (first defined at {})", tile.key.text(), where(it->second)));
        }
        file_.tile_index.emplace(tile.key_value, file_.tiles.size());
        explicit_addr_.push_back(addr.has_value());
        if (addr) tile.addr = *addr + i * piece;
        file_.tiles.push_back(std::move(tile));
      }
    }
  }

  // Section 5 steps 1 and 2.
  void place_tiles() {
    spaces_.assign(file_.fabric.nodes, NodeSpace(file_.fabric.node_bytes));
    std::vector<std::vector<std::size_t>> fixed(file_.fabric.nodes);
    for (std::size_t i = 0; i < file_.tiles.size(); ++i) {
      if (explicit_addr_[i]) fixed[file_.tiles[i].node].push_back(i);
    }
    for (auto& on_node : fixed) {
      std::sort(on_node.begin(), on_node.end(), [&](std::size_t a, std::size_t b) { return file_.tiles[a].addr < file_.tiles[b].addr; });
      for (std::size_t j = 1; j < on_node.size(); ++j) {
        const TileSpec& low = file_.tiles[on_node[j - 1]];
        const TileSpec& high = file_.tiles[on_node[j]];
        if (low.addr + low.bytes > high.addr) {
          const bool high_is_later = on_node[j] > on_node[j - 1];
          const TileSpec& later = high_is_later ? high : low;
          const TileSpec& earlier = high_is_later ? low : high;
          fail(later.pos, fmt::format("tile '{}' at node {} [0x{:x}, 0x{:x}) overlaps tile '{}' at {}", later.key.text(), later.node,
                                      later.addr, later.addr + later.bytes, earlier.key.text(), where(earlier.pos)));
        }
      }
      for (const std::size_t i : on_node) spaces_[file_.tiles[i].node].take(file_.tiles[i].addr, file_.tiles[i].bytes);
    }
    for (std::size_t i = 0; i < file_.tiles.size(); ++i) {
      if (explicit_addr_[i]) continue;
      TileSpec& tile = file_.tiles[i];
      const auto addr = spaces_[tile.node].place(tile.bytes);
      if (!addr) fail(tile.pos, fmt::format("no room on node {} for tile '{}' ({} bytes)", tile.node, tile.key.text(), tile.bytes));
      tile.addr = *addr;
    }
  }

  // Resolves one tile reference (a key or a range) into tile indices.
  void resolve_tiles(const YAML::Node& reference, std::vector<std::size_t>& out) const {
    const auto parsed = parse_tile_range(scalar(reference, "a tile reference"));
    if (!parsed.range) fail(reference, parsed.problem);
    TileKey key = parsed.range->first;
    for (std::uint32_t p = parsed.range->first.position; p <= parsed.range->last_position; ++p) {
      key.position = p;
      const auto index = file_.find_tile(key.value());
      if (!index || file_.tiles[*index].key != key) fail(reference, fmt::format("unknown tile '{}'", key.text()));
      out.push_back(*index);
    }
  }

  void load_networks(const YAML::Node& node) {
    if (sequence(node, "networks").size() == 0) fail(node, "networks must list at least one network");
    // (tenant, layer name) -> the first definition, for the consistency rule.
    std::map<std::pair<std::uint8_t, std::string>, const LayerSpec*> first_definition;
    for (const auto& entry : node) {
      const auto f = fields(mapping(entry, "a network"), {"name", "priority", "tenant", "layers"});
      NetworkSpec network;
      network.pos = pos_of(entry);
      const Field& name_field = require(f, entry, "name");
      network.name = name(name_field.value, "network name");
      if (file_.find_network(network.name)) fail(name_field.value, fmt::format("duplicate network name '{}'", network.name));
      network.id = register_name(network.name, name_field.value);
      if (const auto* v = find(f, "priority")) network.priority = static_cast<std::uint8_t>(integer(v->value, "priority", 0, 3));
      if (const auto* v = find(f, "tenant")) network.tenant = static_cast<std::uint8_t>(integer(v->value, "tenant", 0, 255));
      const Field& layers_field = require(f, entry, "layers");
      const YAML::Node& layers = sequence(layers_field.value, "layers");
      if (layers.size() == 0) fail(layers_field.value, "a network needs at least one layer");
      if (layers.size() > kMaxLayers) fail(layers_field.value, fmt::format("{} layers; a network holds at most {}", layers.size(), kMaxLayers));
      for (const auto& layer_entry : layers) network.layers.push_back(load_layer(layer_entry, network));
      file_.networks.push_back(std::move(network));
    }
    for (const auto& network : file_.networks) {
      for (const auto& layer : network.layers) {
        const auto [it, inserted] = first_definition.emplace(std::pair{network.tenant, layer.name}, &layer);
        if (!inserted && it->second->tiles != layer.tiles) {
          fail(layer.pos, fmt::format("layer '{}' of tenant {} redefined with other tiles (first defined at {})", layer.name,
                                      network.tenant, where(it->second->pos)));
        }
      }
    }
  }

  LayerSpec load_layer(const YAML::Node& entry, const NetworkSpec& network) {
    const auto f = fields(mapping(entry, "a layer"), {"name", "tiles", "inputs", "node"});
    LayerSpec layer;
    layer.pos = pos_of(entry);
    const Field& name_field = require(f, entry, "name");
    layer.name = name(name_field.value, "layer name");
    for (const auto& earlier : network.layers) {
      if (earlier.name == layer.name) {
        fail(name_field.value, fmt::format("duplicate layer name '{}' in network '{}' (first at {})", layer.name, network.name,
                                           where(earlier.pos)));
      }
    }
    layer.id = register_name(layer.name, name_field.value);
    const Field& tiles_field = require(f, entry, "tiles");
    const YAML::Node& references = sequence(tiles_field.value, "tiles of a layer");
    if (references.size() == 0) fail(tiles_field.value, "a layer needs at least one tile");
    for (const auto& reference : references) {
      resolve_tiles(reference, layer.tiles);
      if (layer.tiles.size() > kMaxTilesPerLayer) {
        fail(reference, fmt::format("layer '{}' has more than {} tiles", layer.name, kMaxTilesPerLayer));
      }
    }
    for (const std::size_t tile : layer.tiles) layer.bytes += file_.tiles[tile].bytes;
    if (layer.bytes > file_.fabric.node_bytes) {
      fail(entry, fmt::format("layer '{}' needs {} bytes; a node holds {}", layer.name, layer.bytes, file_.fabric.node_bytes));
    }
    if (const auto* v = find(f, "inputs")) {
      for (const auto& input : sequence(v->value, "inputs")) {
        const std::string input_name = name(input, "input layer name");
        const auto it = std::find_if(network.layers.begin(), network.layers.end(), [&](const LayerSpec& l) { return l.name == input_name; });
        if (it != network.layers.end()) {
          layer.inputs.push_back(static_cast<std::uint16_t>(it - network.layers.begin()));
        } else if (input_name == layer.name) {
          fail(input, fmt::format("layer '{}' cannot be its own input", layer.name));
        } else {
          fail(input, fmt::format("input '{}' is not an earlier layer of network '{}'", input_name, network.name));
        }
      }
    }
    if (const auto* v = find(f, "node")) layer.node = node_index(v->value);
    return layer;
  }

  std::size_t network_named(const std::string& text, const YAML::Node& at) const {
    const auto index = file_.find_network(text);
    if (!index) fail(at, fmt::format("unknown network '{}'", text));
    return *index;
  }

  void load_schedule(const YAML::Node& node) {
    std::map<std::size_t, SourcePos> live;     // network -> submitted at
    std::map<std::size_t, SourcePos> evicted;  // tile -> evicted at
    for (const auto& entry : sequence(node, "schedule")) {
      const auto f = fields(mapping(entry, "a schedule step"), {"submit", "release", "evict"});
      if (f.size() != 1) fail(entry, "a schedule step has exactly one of submit, release, evict");
      const auto& [kind, field] = *f.begin();
      ScheduleStep step;
      step.pos = pos_of(entry);
      if (kind == "evict") {
        step.kind = ScheduleStep::Kind::evict;
        for (const auto& [text, at] : scalar_list(field.value, "a tile reference")) {
          std::vector<std::size_t> tiles;
          resolve_tiles(at, tiles);
          for (const std::size_t tile : tiles) {
            if (const auto [it, inserted] = evicted.emplace(tile, pos_of(at)); !inserted) {
              fail(at, fmt::format("tile '{}' is already evicted (at {})", file_.tiles[tile].key.text(), where(it->second)));
            }
            step.tiles.push_back(tile);
          }
        }
      } else {
        step.kind = kind == "submit" ? ScheduleStep::Kind::submit : ScheduleStep::Kind::release;
        for (const auto& [text, at] : scalar_list(field.value, "a network name")) {
          const std::size_t network = network_named(text, at);
          if (std::find(step.networks.begin(), step.networks.end(), network) != step.networks.end()) {
            fail(at, fmt::format("network '{}' is named twice in one step", text));
          }
          if (step.kind == ScheduleStep::Kind::submit) {
            if (const auto [it, inserted] = live.emplace(network, pos_of(at)); !inserted) {
              fail(at, fmt::format("network '{}' is already live (submitted at {}); release it first", text, where(it->second)));
            }
          } else if (live.erase(network) == 0) {
            fail(at, fmt::format("network '{}' is not live: submit it before releasing it", text));
          }
          step.networks.push_back(network);
        }
      }
      file_.schedule.push_back(std::move(step));
    }
  }

  // Section 5 step 3.
  void place_control_buffers() {
    NodeSpace& space = spaces_[file_.fabric.control_node];
    for (std::size_t i = 0; i < file_.networks.size(); ++i) {
      NetworkSpec& network = file_.networks[i];
      network.desc_bytes = encoded_size(descriptor_for(file_, i));
      network.map_bytes = network.layers.size() * kLayerMapRecordBytes;
      const auto desc_addr = space.place(network.desc_bytes);
      const auto map_addr = desc_addr ? space.place(network.map_bytes) : std::nullopt;
      if (!map_addr) {
        fail(network.pos, fmt::format("no room on control node {} for the descriptor ({} bytes) and layer map ({} bytes) of network '{}'",
                                      file_.fabric.control_node, network.desc_bytes, network.map_bytes, network.name));
      }
      network.desc_addr = *desc_addr;
      network.map_addr = *map_addr;
    }
  }

  NetworkFile file_;
  std::filesystem::path base_dir_;
  std::vector<bool> explicit_addr_;  // per tile
  std::vector<NodeSpace> spaces_;
  std::map<std::uint32_t, std::pair<std::string, SourcePos>> names_;  // id -> first name
};

}  // namespace

NetworkFile parse_network_text(const std::string& text, const std::string& path, const std::filesystem::path& base_dir) {
  return Loader(path, base_dir).load(text);
}

NetworkFile load_network_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw FileError(path.string(), SourcePos{1, 1}, "cannot open the file");
  std::stringstream text;
  text << in.rdbuf();
  return parse_network_text(text.str(), path.string(), path.parent_path());
}

}  // namespace tessera
