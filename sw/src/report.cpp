// Layer-map reports (docs/spec.md section 12).
#include "tessera/report.hpp"

#include <algorithm>

#include <fmt/format.h>

namespace tessera {

namespace {

nlohmann::ordered_json optional_name(bool present, const std::string& name) {
  return present ? nlohmann::ordered_json(name) : nlohmann::ordered_json(nullptr);
}

std::string error_layer_name(const NetworkSpec& network, const AssemblyError& error) {
  return error.layer && *error.layer < network.layers.size() ? network.layers[*error.layer].name : std::string();
}

std::string error_tile_key(const NetworkFile& file, const NetworkSpec& network, const AssemblyError& error) {
  if (!error.layer || !error.tile || *error.layer >= network.layers.size()) return {};
  const auto& tiles = network.layers[*error.layer].tiles;
  return *error.tile < tiles.size() ? file.tiles[tiles[*error.tile]].key.text() : std::string();
}

}  // namespace

nlohmann::ordered_json run_json(const NetworkFile& file, const ModelRun& run) {
  nlohmann::ordered_json networks = nlohmann::ordered_json::array();
  for (const NetworkRun& entry : run.runs) {
    const NetworkSpec& network = file.networks.at(entry.network);
    const AssemblyResult& result = entry.result;
    nlohmann::ordered_json item;
    item["name"] = network.name;
    item["tenant"] = network.tenant;
    item["status"] = result.ok() ? "ok" : "error";
    if (result.error) {
      const std::string layer = error_layer_name(network, *result.error);
      const std::string tile = error_tile_key(file, network, *result.error);
      item["error"] = {{"code", static_cast<int>(result.error->code)},
                       {"layer", optional_name(!layer.empty(), layer)},
                       {"tile", optional_name(!tile.empty(), tile)},
                       {"message", result.error->message}};
    } else {
      item["error"] = nullptr;
    }
    nlohmann::ordered_json layers = nlohmann::ordered_json::array();
    for (std::size_t i = 0; i < result.layers.size(); ++i) {
      const LayerMapEntry& layer = result.layers[i];
      layers.push_back({{"name", network.layers.at(i).name},
                        {"node", layer.node},
                        {"addr", layer.addr},
                        {"bytes", layer.bytes},
                        {"shared", layer.shared},
                        {"crc32", fmt::format("0x{:08x}", layer.crc32)}});
    }
    item["layers"] = std::move(layers);
    networks.push_back(std::move(item));
  }
  nlohmann::ordered_json root;
  root["networks"] = std::move(networks);
  return root;
}

std::string run_text(const NetworkFile& file, const ModelRun& run) {
  std::string out;
  std::size_t failed = 0;
  std::size_t layers_total = 0;
  std::size_t shared_total = 0;
  for (const NetworkRun& entry : run.runs) {
    const NetworkSpec& network = file.networks.at(entry.network);
    const AssemblyResult& result = entry.result;
    const auto shared = static_cast<std::size_t>(std::count_if(result.layers.begin(), result.layers.end(), [](const auto& l) { return l.shared; }));
    out += fmt::format("network {}  tenant {}  priority {}  ", network.name, network.tenant, network.priority);
    if (result.ok()) {
      out += fmt::format("ok: {} layers, {} shared\n", result.layers.size(), shared);
    } else {
      ++failed;
      out += fmt::format("error {}\n  {}\n", static_cast<int>(result.error->code), result.error->message);
    }
    layers_total += result.layers.size();
    shared_total += shared;
    if (result.layers.empty()) continue;
    std::size_t width = 5;
    for (std::size_t i = 0; i < result.layers.size(); ++i) width = std::max(width, network.layers[i].name.size());
    out += fmt::format("  {:<{}}  {:>4}  {:>12}  {:>10}  {:<6}  {}\n", "layer", width, "node", "addr", "bytes", "shared", "crc32");
    for (std::size_t i = 0; i < result.layers.size(); ++i) {
      const LayerMapEntry& layer = result.layers[i];
      out += fmt::format("  {:<{}}  {:>4}  {:>#12x}  {:>10}  {:<6}  0x{:08x}\n", network.layers[i].name, width, layer.node, layer.addr,
                         layer.bytes, layer.shared ? "yes" : "no", layer.crc32);
    }
  }
  out += fmt::format("{} networks: {} ok, {} failed; {} layer records, {} shared\n", run.runs.size(), run.runs.size() - failed, failed,
                     layers_total, shared_total);
  return out;
}

int run_exit_status(const ModelRun& run) { return run.all_ok() ? 0 : 1; }

}  // namespace tessera
