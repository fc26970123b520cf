// Compiled output of a network file and descriptor listings (docs/spec.md
// section 12).
#include "tessera/compile.hpp"

#include <algorithm>
#include <fstream>
#include <stdexcept>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <nlohmann/json.hpp>

#include "tessera/scenario.hpp"
#include "tessera/tile_key.hpp"

namespace tessera {

namespace {

using Json = nlohmann::ordered_json;

std::ofstream open_for_write(const std::filesystem::path& path) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) throw std::runtime_error(fmt::format("cannot write '{}'", path.string()));
  return out;
}

void write_file(const std::filesystem::path& path, std::span<const std::uint8_t> bytes) {
  auto out = open_for_write(path);
  out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
  if (!out) throw std::runtime_error(fmt::format("cannot write '{}'", path.string()));
}

// Bytes [0, end) of a node, leaving all-zero pages as holes.
void write_image(const std::filesystem::path& path, const SparseMemory& memory, std::uint64_t end) {
  {
    auto out = open_for_write(path);
    std::vector<std::uint8_t> page(SparseMemory::kPageBytes);
    for (std::uint64_t at = 0; at < end; at += page.size()) {
      const std::span chunk(page.data(), std::min<std::uint64_t>(page.size(), end - at));
      memory.read(at, chunk);
      if (std::all_of(chunk.begin(), chunk.end(), [](std::uint8_t b) { return b == 0; })) continue;
      out.seekp(static_cast<std::streamoff>(at));
      out.write(reinterpret_cast<const char*>(chunk.data()), static_cast<std::streamsize>(chunk.size()));
      if (!out) throw std::runtime_error(fmt::format("cannot write '{}'", path.string()));
    }
  }
  std::filesystem::resize_file(path, end);
}

Json schedule_json(const NetworkFile& file) {
  Json steps = Json::array();
  for (const ScheduleStep& step : file.schedule) {
    Json names = Json::array();
    if (step.kind == ScheduleStep::Kind::evict) {
      for (const std::size_t tile : step.tiles) names.push_back(file.tiles[tile].key.text());
      steps.push_back({{"evict", names}});
    } else {
      for (const std::size_t network : step.networks) names.push_back(file.networks[network].name);
      steps.push_back({{step.kind == ScheduleStep::Kind::submit ? "submit" : "release", names}});
    }
  }
  return steps;
}

}  // namespace

void write_compiled(const NetworkFile& file, const std::filesystem::path& dir) {
  std::filesystem::create_directories(dir);
  Engine engine(file.fabric);
  load_fabric(engine, file);

  std::vector<std::uint64_t> image_end(file.fabric.nodes, 0);
  Json tiles = Json::array();
  for (const TileSpec& tile : file.tiles) {
    image_end[tile.node] = std::max(image_end[tile.node], tile.addr + tile.bytes);
    tiles.push_back({{"key", tile.key.text()},
                     {"id", fmt::format("0x{:012x}", tile.key_value)},
                     {"node", tile.node},
                     {"addr", tile.addr},
                     {"bytes", tile.bytes},
                     {"owner", tile.owner ? Json(*tile.owner) : Json(nullptr)}});
  }
  Json networks = Json::array();
  const std::uint32_t control = file.fabric.control_node;
  for (std::size_t i = 0; i < file.networks.size(); ++i) {
    const NetworkSpec& network = file.networks[i];
    const std::string descriptor_name = network.name + ".tdesc";
    write_file(dir / descriptor_name, encode_descriptor(descriptor_for(file, i)));
    image_end[control] = std::max({image_end[control], network.desc_addr + network.desc_bytes, network.map_addr + network.map_bytes});
    networks.push_back({{"name", network.name},
                        {"id", fmt::format("0x{:08x}", network.id)},
                        {"tenant", network.tenant},
                        {"priority", network.priority},
                        {"layers", network.layers.size()},
                        {"descriptor", descriptor_name},
                        {"desc_node", control},
                        {"desc_addr", network.desc_addr},
                        {"desc_bytes", network.desc_bytes},
                        {"map_node", control},
                        {"map_addr", network.map_addr},
                        {"map_bytes", network.map_bytes}});
  }
  Json nodes = Json::array();
  for (std::uint32_t node = 0; node < file.fabric.nodes; ++node) {
    const std::string image = fmt::format("node{}.bin", node);
    write_image(dir / image, engine.memory(node), image_end[node]);
    Json reserved = Json::array();  // [first unit, count]: the gaps between free runs
    std::uint64_t next = 0;
    for (const auto& [first, count] : engine.allocator().free_runs(node)) {
      if (first > next) reserved.push_back({next, first - next});
      next = first + count;
    }
    if (next < engine.allocator().units_per_node()) reserved.push_back({next, engine.allocator().units_per_node() - next});
    nodes.push_back({{"index", node}, {"image", image}, {"image_bytes", image_end[node]}, {"reserved_units", reserved}});
  }
  Json manifest;
  manifest["source"] = file.path;
  manifest["fabric"] = {{"nodes", file.fabric.nodes},           {"node_bytes", file.fabric.node_bytes},
                        {"data_width", file.fabric.data_width}, {"alloc_unit", file.fabric.alloc_unit},
                        {"control_node", control},              {"scrub", file.fabric.scrub}};
  manifest["nodes"] = std::move(nodes);
  manifest["tiles"] = std::move(tiles);
  manifest["networks"] = std::move(networks);
  manifest["schedule"] = schedule_json(file);
  auto out = open_for_write(dir / "manifest.json");
  out << manifest.dump(2) << '\n';
  if (!out) throw std::runtime_error(fmt::format("cannot write '{}'", (dir / "manifest.json").string()));
}

std::string descriptor_text(const Descriptor& descriptor, std::size_t encoded_bytes) {
  std::unordered_map<std::uint32_t, std::string> names(descriptor.names.begin(), descriptor.names.end());
  auto name = [&](std::uint32_t id) {
    const auto it = names.find(id);
    return it != names.end() ? fmt::format("'{}'", it->second) : fmt::format("0x{:08x}", id);
  };
  std::string out = fmt::format("descriptor v{}, {} bytes, network {}, {} layers\n", kDescriptorVersion, encoded_bytes,
                                name(descriptor.network_id), descriptor.layers.size());
  for (std::size_t i = 0; i < descriptor.layers.size(); ++i) {
    const DescriptorLayer& layer = descriptor.layers[i];
    out += fmt::format("layer {} {}: {} bytes, {} tiles, signature 0x{:08x}", i, name(layer.id), layer.bytes, layer.keys.size(),
                       layer_signature(layer.keys));
    if (layer.node) out += fmt::format(", pinned to node {}", *layer.node);
    if (!layer.inputs.empty()) out += fmt::format(", inputs {}", fmt::join(layer.inputs, " "));
    out += '\n';
    for (std::size_t t = 0; t < layer.keys.size(); ++t) {
      const std::uint64_t key = layer.keys[t];
      const auto it = names.find(key_layer_id(key));
      const std::string layer_part = it != names.end() ? it->second : fmt::format("0x{:08x}", key_layer_id(key));
      out += fmt::format("  tile {:>5}  0x{:012x}  {}/{}/{}\n", t, key, layer_part, key_position(key),
                         dtype_name(static_cast<Dtype>(key_dtype_code(key))));
    }
  }
  return out;
}

}  // namespace tessera
