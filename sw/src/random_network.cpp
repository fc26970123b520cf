// Random valid network files (`tessera random`).
#include "tessera/random_network.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <map>
#include <set>
#include <vector>

#include <fmt/format.h>

#include "tessera/rng.hpp"
#include "tessera/scalar.hpp"

namespace tessera {

namespace {

constexpr const char* kDtypes[] = {"int4", "int8", "int16", "int32", "fp16", "bf16", "fp32"};

struct TileEntry {
  std::string key;  // first key of the entry
  std::string layer_part;
  std::string dtype;
  std::uint64_t bytes = 0;  // whole entry
  std::uint64_t split = 0;  // 0: a single tile
  std::vector<std::uint32_t> nodes;
  std::optional<std::uint32_t> owner;
  std::string data;
  std::uint32_t pieces() const { return split == 0 ? 1 : static_cast<std::uint32_t>((bytes + split - 1) / split); }
  std::uint64_t piece_bytes(std::uint32_t i) const { return split == 0 ? bytes : std::min(split, bytes - i * split); }
  std::string piece_key(std::uint32_t i) const { return fmt::format("{}/{}/{}", layer_part, i, dtype); }
};

struct LayerDef {
  std::string name;
  std::vector<std::string> references;
  std::uint64_t bytes = 0;
  std::uint64_t tiles = 0;  // after ranges are expanded
  std::optional<std::uint32_t> node;
};

struct NetworkPlan {
  std::string name;
  std::uint32_t tenant = 0;
  std::uint32_t priority = 0;
  std::vector<LayerDef> layers;
  std::vector<std::vector<std::string>> inputs;
};

class Generator {
 public:
  explicit Generator(const RandomOptions& options) : options_(options), rng_(options.seed) {}

  std::string generate() {
    nodes_ = options_.nodes.value_or(static_cast<unsigned>(rng_.between(1, 8)));
    tenants_ = static_cast<std::uint32_t>(rng_.between(1, 3));
    const unsigned network_count = options_.networks.value_or(static_cast<unsigned>(rng_.between(2, 5)));
    for (std::uint32_t tenant = 0; tenant < tenants_; ++tenant) {
      const auto pool = rng_.between(1, 3);
      for (std::uint64_t k = 0; k < pool; ++k) pools_[tenant].push_back(make_layer(fmt::format("bb{}", k), tenant));
    }
    for (unsigned n = 0; n < network_count; ++n) networks_.push_back(make_network(n));
    make_schedule();
    return emit();
  }

 private:
  std::uint32_t random_node() { return static_cast<std::uint32_t>(rng_.below(nodes_)); }

  std::size_t add_tiles(std::uint32_t count, std::optional<std::uint32_t> owner) {
    TileEntry entry;
    entry.layer_part = fmt::format("p{}", tiles_.size());
    entry.dtype = kDtypes[rng_.below(std::size(kDtypes))];
    entry.owner = owner;
    const std::uint64_t piece = rng_.between(1, options_.max_tile_bytes);
    if (count > 1) {
      entry.split = piece;
      entry.bytes = piece * (count - 1) + rng_.between(1, piece);
      const auto spread = rng_.between(1, nodes_);
      for (std::uint64_t i = 0; i < spread; ++i) entry.nodes.push_back(random_node());
    } else {
      entry.bytes = piece;
      entry.nodes.push_back(random_node());
    }
    if (rng_.chance(4)) entry.data = rng_.chance(2) ? fmt::format("const:0x{:02x}", rng_.below(256)) : fmt::format("random:{}", rng_.next());
    tiles_.push_back(std::move(entry));
    return tiles_.size() - 1;
  }

  void reference_all(LayerDef& layer, const TileEntry& entry) {
    if (entry.split != 0 && rng_.chance(2)) {
      layer.references.push_back(fmt::format("{}/0..{}/{}", entry.layer_part, entry.pieces() - 1, entry.dtype));
    } else {
      for (std::uint32_t i = 0; i < entry.pieces(); ++i) layer.references.push_back(entry.piece_key(i));
    }
    layer.bytes += entry.bytes;
    layer.tiles += entry.pieces();
  }

  LayerDef make_layer(const std::string& name, std::uint32_t tenant) {
    LayerDef layer;
    layer.name = name;
    const auto count = options_.tiles.value_or(static_cast<unsigned>(rng_.between(1, 8)));
    const std::optional<std::uint32_t> owner = rng_.chance(2) ? std::optional(tenant) : std::nullopt;
    if (rng_.chance(2)) {
      reference_all(layer, tiles_[add_tiles(count, owner)]);
    } else {
      for (unsigned i = 0; i < count; ++i) reference_all(layer, tiles_[add_tiles(1, owner)]);
    }
    if (tiles_.size() > 1 && rng_.chance(6)) {  // reuse a tile another layer has
      const TileEntry& other = tiles_[rng_.below(tiles_.size() - 1)];
      if (!other.owner || *other.owner == tenant) {
        const auto piece = static_cast<std::uint32_t>(rng_.below(other.pieces()));
        layer.references.push_back(other.piece_key(piece));
        layer.bytes += other.piece_bytes(piece);
        ++layer.tiles;
      }
    }
    if (options_.faults && tenants_ > 1 && rng_.chance(10)) {  // an access violation
      reference_all(layer, tiles_[add_tiles(1, (tenant + 1) % tenants_)]);
    }
    if (rng_.chance(8)) layer.node = random_node();
    return layer;
  }

  NetworkPlan make_network(unsigned index) {
    NetworkPlan network;
    network.name = fmt::format("net{}", index);
    network.tenant = static_cast<std::uint32_t>(rng_.below(tenants_));
    network.priority = static_cast<std::uint32_t>(rng_.below(4));
    const auto layer_count = options_.layers.value_or(static_cast<unsigned>(rng_.between(1, 6)));
    std::size_t next_shared = 0;
    const auto& pool = pools_[network.tenant];
    for (unsigned j = 0; j < layer_count; ++j) {
      if (next_shared < pool.size() && rng_.chance(3)) {
        network.layers.push_back(pool[next_shared++]);
      } else {
        network.layers.push_back(make_layer(fmt::format("n{}_l{}", index, j), network.tenant));
      }
      std::set<std::string> inputs;
      if (j > 0 && rng_.chance(2)) {
        const auto count = rng_.between(1, 2);
        for (std::uint64_t i = 0; i < count; ++i) inputs.insert(network.layers[rng_.below(j)].name);
      }
      network.inputs.emplace_back(inputs.begin(), inputs.end());
    }
    return network;
  }

  void make_schedule() {
    std::vector<bool> live(networks_.size(), false);
    std::vector<bool> submitted(networks_.size(), false);
    std::set<std::string> evicted;
    const std::size_t max_steps = 4 * networks_.size();
    while (steps_.size() < max_steps) {
      const bool all_submitted = std::all_of(submitted.begin(), submitted.end(), [](bool b) { return b; });
      if (all_submitted && (!options_.faults || rng_.chance(3))) break;
      std::vector<std::size_t> candidates;  // never submitted first, then released ones
      for (std::size_t n = 0; n < networks_.size(); ++n) {
        if (!submitted[n]) candidates.push_back(n);
      }
      if (candidates.empty() || rng_.chance(4)) {
        for (std::size_t n = 0; n < networks_.size(); ++n) {
          if (!live[n] && submitted[n]) candidates.push_back(n);
        }
      }
      if (!candidates.empty()) {
        const auto batch = std::min<std::size_t>(candidates.size(), rng_.between(1, 3));
        std::vector<std::string> names;
        for (std::size_t i = 0; i < batch; ++i) {
          const std::size_t n = candidates[i];
          live[n] = submitted[n] = true;
          names.push_back(networks_[n].name);
        }
        steps_.push_back({"submit", names});
      }
      std::vector<std::size_t> releasable;
      for (std::size_t n = 0; n < networks_.size(); ++n) {
        if (live[n]) releasable.push_back(n);
      }
      if (options_.faults && !releasable.empty() && rng_.chance(3)) {
        const std::size_t n = releasable[rng_.below(releasable.size())];
        live[n] = false;
        steps_.push_back({"release", {networks_[n].name}});
      }
      if (options_.faults && rng_.chance(8)) {
        const TileEntry& entry = tiles_[rng_.below(tiles_.size())];
        const std::string key = entry.piece_key(static_cast<std::uint32_t>(rng_.below(entry.pieces())));
        if (evicted.insert(key).second) steps_.push_back({"evict", {key}});
      }
    }
  }

  // A node size that holds every tile and control buffer (section 5) with
  // room for layers: sometimes tight, to reach NO_MEMORY.
  std::uint64_t node_bytes(std::uint32_t control_node) const {
    std::vector<std::uint64_t> used(nodes_, 0);
    for (const TileEntry& entry : tiles_) {
      for (std::uint32_t i = 0; i < entry.pieces(); ++i) used[entry.nodes[i % entry.nodes.size()]] += (entry.piece_bytes(i) + 63) / 64 * 64;
    }
    std::uint64_t largest_layer = 0;
    std::uint64_t all_layers = 0;
    for (const NetworkPlan& network : networks_) {
      // An upper bound of the descriptor (section 6) and layer map: header
      // and network name; per layer its record, two inputs, its name, its
      // map record, and per tile a key word and a short key-part name.
      std::uint64_t control = 32 + 8 + 64;
      for (const LayerDef& layer : network.layers) {
        control += 24 + 8 + (8 + 64) + 32 + layer.tiles * (8 + 16);
        largest_layer = std::max(largest_layer, layer.bytes);
        all_layers += layer.bytes;
      }
      used[control_node] += control + 128;
    }
    const std::uint64_t tiles_max = *std::max_element(used.begin(), used.end());
    const std::uint64_t room = options_.faults && seed_tight_ ? largest_layer * 2 : all_layers + largest_layer;
    const std::uint64_t granule = 64 * KiB;
    return std::max<std::uint64_t>((tiles_max + room + granule - 1) / granule * granule, granule);
  }

  // The command that gives this file.
  std::string command_line() const {
    std::string line = fmt::format("tessera random --seed {}", options_.seed);
    if (options_.networks) line += fmt::format(" --networks {}", *options_.networks);
    if (options_.layers) line += fmt::format(" --layers {}", *options_.layers);
    if (options_.tiles) line += fmt::format(" --tiles {}", *options_.tiles);
    if (options_.nodes) line += fmt::format(" --nodes {}", *options_.nodes);
    if (options_.max_tile_bytes != RandomOptions{}.max_tile_bytes) line += fmt::format(" --max-tile-bytes {}", options_.max_tile_bytes);
    if (!options_.faults) line += " --no-faults";
    if (options_.alloc_unit) line += fmt::format(" --alloc-unit {}", *options_.alloc_unit);
    if (options_.data_width) line += fmt::format(" --data-width {}", *options_.data_width);
    if (options_.scrub) line += fmt::format(" --scrub {}", *options_.scrub);
    return line;
  }

  std::string emit() {
    const auto control_node = static_cast<std::uint32_t>(rng_.below(nodes_));
    seed_tight_ = rng_.chance(4);
    const std::uint64_t alloc_unit = options_.alloc_unit.value_or(std::uint64_t{256} << (2 * rng_.below(3)));
    YAML::Emitter out;
    out << YAML::Comment(command_line());
    out << YAML::BeginMap;
    out << YAML::Key << "fabric" << YAML::Value << YAML::BeginMap;
    out << YAML::Key << "nodes" << YAML::Value << nodes_;
    out << YAML::Key << "node_bytes" << YAML::Value << node_bytes(control_node);
    out << YAML::Key << "data_width" << YAML::Value << options_.data_width.value_or(64u << rng_.below(4));
    out << YAML::Key << "alloc_unit" << YAML::Value << alloc_unit;
    out << YAML::Key << "control_node" << YAML::Value << control_node;
    out << YAML::Key << "scrub" << YAML::Value << options_.scrub.value_or(rng_.chance(2));
    out << YAML::EndMap;

    out << YAML::Key << "tiles" << YAML::Value << YAML::BeginSeq;
    for (const TileEntry& entry : tiles_) {
      out << YAML::BeginMap;
      out << YAML::Key << "key" << YAML::Value << entry.piece_key(0);
      out << YAML::Key << "node" << YAML::Value;
      if (entry.nodes.size() == 1) {
        out << entry.nodes[0];
      } else {
        out << YAML::Flow << entry.nodes;
      }
      out << YAML::Key << "bytes" << YAML::Value << entry.bytes;
      if (entry.split != 0) out << YAML::Key << "split" << YAML::Value << entry.split;
      if (entry.owner) out << YAML::Key << "owner" << YAML::Value << *entry.owner;
      if (!entry.data.empty()) out << YAML::Key << "data" << YAML::Value << entry.data;
      out << YAML::EndMap;
    }
    out << YAML::EndSeq;

    out << YAML::Key << "networks" << YAML::Value << YAML::BeginSeq;
    for (const NetworkPlan& network : networks_) {
      out << YAML::BeginMap;
      out << YAML::Key << "name" << YAML::Value << network.name;
      out << YAML::Key << "priority" << YAML::Value << network.priority;
      out << YAML::Key << "tenant" << YAML::Value << network.tenant;
      out << YAML::Key << "layers" << YAML::Value << YAML::BeginSeq;
      for (std::size_t j = 0; j < network.layers.size(); ++j) {
        const LayerDef& layer = network.layers[j];
        out << YAML::BeginMap;
        out << YAML::Key << "name" << YAML::Value << layer.name;
        out << YAML::Key << "tiles" << YAML::Value << YAML::Flow << layer.references;
        if (!network.inputs[j].empty()) out << YAML::Key << "inputs" << YAML::Value << YAML::Flow << network.inputs[j];
        if (layer.node) out << YAML::Key << "node" << YAML::Value << *layer.node;
        out << YAML::EndMap;
      }
      out << YAML::EndSeq << YAML::EndMap;
    }
    out << YAML::EndSeq;

    out << YAML::Key << "schedule" << YAML::Value << YAML::BeginSeq;
    for (const auto& [kind, names] : steps_) {
      out << YAML::BeginMap << YAML::Key << kind << YAML::Value << YAML::Flow << names << YAML::EndMap;
    }
    out << YAML::EndSeq << YAML::EndMap;
    return std::string(out.c_str()) + "\n";
  }

  RandomOptions options_;
  Rng rng_;
  std::uint32_t nodes_ = 1;
  std::uint32_t tenants_ = 1;
  bool seed_tight_ = false;
  std::vector<TileEntry> tiles_;
  std::map<std::uint32_t, std::vector<LayerDef>> pools_;
  std::vector<NetworkPlan> networks_;
  std::vector<std::pair<std::string, std::vector<std::string>>> steps_;
};

}  // namespace

std::string random_network_yaml(const RandomOptions& options) { return Generator(options).generate(); }

}  // namespace tessera
