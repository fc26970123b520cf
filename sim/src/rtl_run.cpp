// A network file through the engine RTL, and the comparison with the golden
// model (see rtl_run.hpp).
#include "tessera/sim/rtl_run.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "tessera/crc32.hpp"
#include "tessera/descriptor.hpp"
#include "tessera/errors.hpp"
#include "tessera/memory.hpp"

namespace tessera::sim {

namespace {

std::string size_text(std::uint64_t bytes) {
  if (bytes % MiB == 0) return fmt::format("{} MiB", bytes / MiB);
  if (bytes % KiB == 0) return fmt::format("{} KiB", bytes / KiB);
  return fmt::format("{} B", bytes);
}

// Layer-table entries the file can ask for: distinct (layer id, tenant).
std::size_t distinct_layers(const NetworkFile& file) {
  std::set<std::pair<std::uint32_t, std::uint8_t>> layers;
  for (const NetworkSpec& network : file.networks) {
    for (const LayerSpec& layer : network.layers) layers.emplace(layer.id, network.tenant);
  }
  return layers.size();
}

std::string engine_message(const NetworkFile& file, const NetworkSpec& network, const Completion& c) {
  const auto code = static_cast<ErrorCode>(c.code);
  std::string where;
  if (c.layer != kCompletionNoLayer) {
    const std::string layer = c.layer < network.layers.size() ? network.layers[c.layer].name : "?";
    where = fmt::format(" at layer '{}' (index {})", layer, c.layer);
    if (c.tile != kCompletionNoTile) {
      const auto& tiles = c.layer < network.layers.size() ? network.layers[c.layer].tiles : std::vector<std::size_t>{};
      const std::string tile = c.tile < tiles.size() ? file.tiles[tiles[c.tile]].key.text() : "?";
      where += fmt::format(", tile '{}' (index {})", tile, c.tile);
    }
  }
  return fmt::format("{}: reported by the engine{}", error_name(code), where);
}

}  // namespace

std::optional<std::string> unsupported(const NetworkFile& file, const EngineGeometry& engine) {
  const FabricConfig& f = file.fabric;
  if (f.nodes > engine.nodes) return fmt::format("the file asks for {} nodes; this build has {}", f.nodes, engine.nodes);
  if (f.node_bytes > engine.node_bytes) {
    return fmt::format("the file asks for nodes of {}; this build's nodes hold {}", size_text(f.node_bytes), size_text(engine.node_bytes));
  }
  if (f.alloc_unit != engine.alloc_unit) {
    return fmt::format("the file asks for an alloc_unit of {}; this build allocates in units of {}", size_text(f.alloc_unit),
                       size_text(engine.alloc_unit));
  }
  if (f.data_width != engine.data_width) {
    return fmt::format("the file asks for a data_width of {} bits; this build has {}", f.data_width, engine.data_width);
  }
  if (file.tiles.size() > engine.dir_capacity) {
    return fmt::format("the file has {} tiles; this build's tile directory holds {}", file.tiles.size(), engine.dir_capacity);
  }
  if (const std::size_t layers = distinct_layers(file); layers > engine.layer_capacity) {
    return fmt::format("the file has {} distinct layers (per tenant); this build's layer table holds {}", layers,
                       engine.layer_capacity);
  }
  return std::nullopt;
}

RtlRunner::RtlRunner(Driver& driver, const NetworkFile& file, const EngineGeometry& engine)
    : driver_(driver), file_(file), engine_(engine) {}

void RtlRunner::load() {
  Backend& backend = driver_.backend();
  std::vector<std::uint8_t> bytes;
  for (const TileSpec& tile : file_.tiles) {
    bytes.resize(tile.bytes);
    tile.data.fill(tile.data_offset, bytes);
    backend.write_memory(tile.node, tile.addr, bytes);
  }
  const std::uint32_t control = file_.fabric.control_node;
  for (std::size_t i = 0; i < file_.networks.size(); ++i) {
    const NetworkSpec& network = file_.networks[i];
    backend.write_memory(control, network.desc_addr, encode_descriptor(descriptor_for(file_, i)));
    driver_.reserve(control, network.desc_addr, network.desc_bytes);
    driver_.reserve(control, network.map_addr, network.map_bytes);
  }
  // The engine must never allocate where the file's fabric has no memory.
  for (std::uint32_t node = 0; node < engine_.nodes; ++node) {
    const std::uint64_t end = node < file_.fabric.nodes ? file_.fabric.node_bytes : 0;
    if (end < engine_.node_bytes) driver_.reserve(node, end, engine_.node_bytes - end);
  }
  for (std::size_t t = 0; t < file_.tiles.size(); ++t) {
    const TileSpec& tile = file_.tiles[t];
    const DirStatus status = driver_.insert(tile.key_value, DirLocation{tile.node, tile.addr, tile.bytes, tile.owner});
    if (status == DirStatus::full) {
      throw CapacityError(fmt::format("the tile directory ({} entries) refused tile '{}' as FULL after {} tiles",
                                      engine_.dir_capacity, tile.key.text(), t));
    }
    if (status != DirStatus::ok) {
      throw DriverError(fmt::format("inserting tile '{}': the directory answered {}", tile.key.text(), dir_status_name(status)));
    }
  }
  driver_.enable(file_.fabric.scrub);
  driver_.clear_perf();
}

AssemblyResult RtlRunner::read_back(std::size_t network, const Completion& completion) {
  const NetworkSpec& spec = file_.networks[network];
  AssemblyResult result;
  result.tenant = spec.tenant;
  for (const LayerRecord& record : driver_.read_layer_map(file_.fabric.control_node, spec.map_addr, spec.layers.size())) {
    if (!record.valid) continue;
    LayerMapEntry entry{record.id, record.node, record.addr, record.bytes, record.shared, 0};
    // A record outside the fabric is reported by compare_runs; its CRC stays 0.
    if (record.node < file_.fabric.nodes && record.addr <= file_.fabric.node_bytes &&
        record.bytes <= file_.fabric.node_bytes - record.addr) {
      entry.crc32 = driver_.memory_crc32(record.node, record.addr, record.bytes);
    }
    result.layers.push_back(entry);
  }
  if (completion.error) {
    result.error = AssemblyError{static_cast<ErrorCode>(completion.code),
                                 completion.layer == kCompletionNoLayer ? std::nullopt : std::optional<std::uint16_t>(completion.layer),
                                 completion.tile == kCompletionNoTile ? std::nullopt : std::optional<std::uint32_t>(completion.tile),
                                 engine_message(file_, spec, completion)};
  }
  return result;
}

RtlRun RtlRunner::run(std::uint64_t completion_cycles) {
  const std::uint32_t control = file_.fabric.control_node;
  const std::uint64_t start = driver_.backend().cycle();
  RtlRun out;
  std::vector<bool> live_ok(file_.networks.size(), false);
  for (const ScheduleStep& step : file_.schedule) {
    switch (step.kind) {
      case ScheduleStep::Kind::submit: {
        const std::vector<std::size_t> order = step_order(file_, step);
        std::map<std::uint16_t, std::size_t> pending;  // tag -> network
        std::map<std::size_t, std::pair<RtlNetwork, AssemblyResult>> done;
        std::map<std::size_t, std::uint64_t> submitted;
        auto collect = [&] {
          const Completion c = driver_.wait_completion(completion_cycles);
          const auto it = pending.find(c.tag);
          if (it == pending.end()) throw DriverError(fmt::format("a completion with tag {}, which no pending submission has", c.tag));
          const std::size_t n = it->second;
          pending.erase(it);
          done.emplace(n, std::make_pair(RtlNetwork{c, submitted.at(n)}, read_back(n, c)));
        };
        for (const std::size_t n : order) {
          const NetworkSpec& spec = file_.networks[n];
          driver_.fill_memory(control, spec.map_addr, spec.map_bytes, 0);
          std::optional<std::uint16_t> tag;
          while (!(tag = driver_.submit(engine_addr(control, spec.desc_addr), static_cast<std::uint32_t>(spec.desc_bytes),
                                        engine_addr(control, spec.map_addr), spec.priority, spec.tenant))) {
            if (pending.empty()) throw DriverError("the submission queue is full with nothing in flight");
            collect();  // the queue is full: make room
          }
          submitted[n] = driver_.backend().cycle();
          pending[*tag] = n;
        }
        while (!pending.empty()) collect();
        for (const std::size_t n : order) {
          auto& [timing, result] = done.at(n);
          live_ok[n] = result.ok();
          out.run.runs.push_back(NetworkRun{n, std::move(result)});
          out.networks.push_back(timing);
        }
        break;
      }
      case ScheduleStep::Kind::release:
        for (const std::size_t n : step.networks) {
          const NetworkSpec& spec = file_.networks[n];
          if (live_ok[n]) {  // a failed network holds nothing (section 15: release only OK networks)
            const auto tag = driver_.release(engine_addr(control, spec.map_addr), spec.tenant, static_cast<unsigned>(spec.layers.size()));
            if (!tag) throw DriverError(fmt::format("release of '{}': the submission queue is full with nothing in flight", spec.name));
            const Completion c = driver_.wait_completion(completion_cycles);
            if (c.tag != *tag || c.error) {
              throw DriverError(fmt::format("release of '{}' (tag {}): completion tag {}, error {}, code {}", spec.name, *tag, c.tag,
                                            c.error, c.code));
            }
          }
          live_ok[n] = false;
        }
        break;
      case ScheduleStep::Kind::evict:
        for (const std::size_t t : step.tiles) {
          const DirStatus status = driver_.remove(file_.tiles[t].key_value).status;
          if (status != DirStatus::ok) {
            throw DriverError(fmt::format("evicting '{}': the directory answered {}", file_.tiles[t].key.text(), dir_status_name(status)));
          }
        }
        break;
    }
  }
  out.cycles = driver_.backend().cycle() - start;
  out.perf = driver_.perf(file_.fabric.nodes);
  return out;
}

namespace {

struct Live {
  std::string network;
  std::string layer;
  std::uint32_t id;
  std::uint8_t tenant;
  LayerMapEntry entry;
};

// CRC-32 of `bytes` zero bytes.
std::uint32_t zero_crc32(std::uint64_t bytes) {
  static const std::vector<std::uint8_t> zeros(SparseMemory::kPageBytes, 0);
  std::uint32_t crc = 0;
  for (std::uint64_t left = bytes; left > 0;) {
    const std::size_t chunk = static_cast<std::size_t>(std::min<std::uint64_t>(left, zeros.size()));
    crc = crc32(std::span(zeros.data(), chunk), crc);
    left -= chunk;
  }
  return crc;
}

std::string where(const NetworkFile& file, std::size_t run, const NetworkRun& r) {
  return fmt::format("run {} (network '{}')", run + 1, file.networks.at(r.network).name);
}

}  // namespace

std::vector<std::string> compare_runs(const NetworkFile& file, const ModelRun& model, const RtlRun& rtl) {
  std::vector<std::string> out;
  auto mismatch = [&](std::string text) { out.push_back(std::move(text)); };
  std::map<std::size_t, std::vector<Live>> live;  // network -> its records while it holds them
  std::size_t next = 0;
  bool diverged = false;
  for (const ScheduleStep& step : file.schedule) {
    if (step.kind == ScheduleStep::Kind::release) {
      for (const std::size_t n : step.networks) live.erase(n);
      continue;
    }
    if (step.kind != ScheduleStep::Kind::submit) continue;
    const std::size_t count = step.networks.size();
    for (std::size_t k = 0; k < count; ++k, ++next) {
      if (next >= model.runs.size() || next >= rtl.run.runs.size() || next >= rtl.networks.size()) {
        mismatch(fmt::format("run {}: the model has {} runs, the RTL {}", next + 1, model.runs.size(), rtl.run.runs.size()));
        return out;
      }
      const NetworkRun& m = model.runs[next];
      const NetworkRun& g = rtl.run.runs[next];
      const std::string at = where(file, next, m);
      if (m.network != g.network) {
        mismatch(fmt::format("{}: the RTL ran network '{}' here", at, file.networks.at(g.network).name));
        return out;
      }
      const NetworkSpec& spec = file.networks.at(m.network);
      const Completion& c = rtl.networks[next].completion;
      // Section 8: once placements may differ from the model's (several
      // networks in the step, or an earlier difference), whether a layer
      // finds room may differ too: a NO_MEMORY on either side is then not a
      // mismatch; the layers both recorded must still be equal.
      const bool placements_free = count > 1 || diverged;
      const auto no_memory = static_cast<unsigned>(ErrorCode::no_memory);
      const bool memory_pressure = placements_free && ((m.result.error && m.result.error->code == ErrorCode::no_memory) ||
                                                       (c.error && c.code == no_memory));
      if (memory_pressure) {
        diverged = true;
      } else if (m.result.error) {
        const AssemblyError& e = *m.result.error;
        const unsigned layer = e.layer.value_or(kCompletionNoLayer);
        const std::uint32_t tile = e.tile.value_or(kCompletionNoTile);
        if (!c.error || c.code != static_cast<unsigned>(e.code) || c.layer != layer || c.tile != tile) {
          mismatch(fmt::format("{}: the RTL completed with error {}, code {}, layer {}, tile {}; the model says code {}, layer {}, tile {} ({})",
                               at, c.error, c.code, c.layer, c.tile, static_cast<unsigned>(e.code), layer, tile, e.message));
        }
      } else if (c.error || c.code != 0) {
        mismatch(fmt::format("{}: the RTL completed with error {}, code {}, layer {}, tile {}; the model assembled it", at, c.error,
                             c.code, c.layer, c.tile));
      }
      const auto& ml = m.result.layers;
      const auto& gl = g.result.layers;
      const bool exact = count == 1 && !diverged;
      if (ml.size() != gl.size()) {
        if (!memory_pressure) mismatch(fmt::format("{}: the RTL recorded {} layers, the model {}", at, gl.size(), ml.size()));
        diverged = true;
      }
      bool same_places = true;
      for (std::size_t i = 0; i < std::min(ml.size(), gl.size()); ++i) {
        const std::string layer = fmt::format("{}, layer '{}'", at, spec.layers.at(i).name);
        if (gl[i].id != ml[i].id) mismatch(fmt::format("{}: id 0x{:08x}, model 0x{:08x}", layer, gl[i].id, ml[i].id));
        if (gl[i].bytes != ml[i].bytes) mismatch(fmt::format("{}: {} bytes, model {}", layer, gl[i].bytes, ml[i].bytes));
        // The RTL's CRC is taken at the completion (section 12); a failed
        // network has dropped its references by then. Alone in its step, it
        // has freed the layers it copied (zero with scrub) and the ones it
        // shared are held by earlier networks; with other networks in flight,
        // any of its layers may have been freed and its units reused.
        const bool failed = !g.result.ok();
        const bool zeroed = failed && !gl[i].shared && file.fabric.scrub;
        const std::uint32_t expected = zeroed ? zero_crc32(gl[i].bytes) : ml[i].crc32;
        if (!(failed && count > 1) && gl[i].crc32 != expected) {
          mismatch(fmt::format("{}: crc32 0x{:08x}, {} 0x{:08x}", layer, gl[i].crc32, zeroed ? "zeroed (freed, scrub)" : "model",
                               expected));
        }
        const bool same_place = gl[i].node == ml[i].node && gl[i].addr == ml[i].addr && gl[i].shared == ml[i].shared;
        if (exact && !same_place) {
          mismatch(fmt::format("{}: node {} addr 0x{:x} shared {}, model node {} addr 0x{:x} shared {}", layer, gl[i].node, gl[i].addr,
                               gl[i].shared, ml[i].node, ml[i].addr, ml[i].shared));
        }
        same_places = same_places && same_place;
      }
      if (!same_places) diverged = true;
      for (std::size_t i = 0; i < gl.size(); ++i) {
        const LayerMapEntry& e = gl[i];
        if (e.node >= file.fabric.nodes || e.addr > file.fabric.node_bytes || e.bytes > file.fabric.node_bytes - e.addr) {
          mismatch(fmt::format("{}: record {} (node {}, addr 0x{:x}, {} bytes) lies outside the fabric", at, i, e.node, e.addr, e.bytes));
        }
      }
      if (g.result.ok()) {
        std::vector<Live>& held = live[g.network];
        for (std::size_t i = 0; i < gl.size(); ++i) held.push_back({spec.name, spec.layers.at(i).name, gl[i].id, spec.tenant, gl[i]});
      }
    }
    // Live layers after the step: one region per (id, tenant), regions of others disjoint.
    std::vector<const Live*> all;
    for (const auto& [n, held] : live) {
      for (const Live& l : held) all.push_back(&l);
    }
    for (std::size_t i = 0; i < all.size(); ++i) {
      for (std::size_t j = i + 1; j < all.size(); ++j) {
        const Live& a = *all[i];
        const Live& b = *all[j];
        const bool same_layer = a.id == b.id && a.tenant == b.tenant;
        const bool same_region = a.entry.node == b.entry.node && a.entry.addr == b.entry.addr;
        const bool disjoint = a.entry.node != b.entry.node || a.entry.addr + a.entry.bytes <= b.entry.addr ||
                              b.entry.addr + b.entry.bytes <= a.entry.addr;
        if (same_layer ? !same_region : !disjoint) {
          mismatch(fmt::format("live layers '{}' of '{}' (node {}, 0x{:x}, {} bytes) and '{}' of '{}' (node {}, 0x{:x}, {} bytes) {}",
                               a.layer, a.network, a.entry.node, a.entry.addr, a.entry.bytes, b.layer, b.network, b.entry.node,
                               b.entry.addr, b.entry.bytes, same_layer ? "are one layer in two regions" : "overlap"));
        }
      }
    }
  }
  if (next != model.runs.size() || next != rtl.run.runs.size()) {
    mismatch(fmt::format("the model has {} runs, the RTL {}, the schedule {}", model.runs.size(), rtl.run.runs.size(), next));
  }
  return out;
}

namespace {

// Differences in [addr, addr + bytes) of one node: their count and the first.
struct Difference {
  std::uint64_t bytes = 0;
  std::uint64_t first = 0;
  std::uint8_t model = 0, rtl = 0;
};

void compare_range(const SparseMemory& model, Backend& rtl, std::uint32_t node, std::uint64_t addr, std::uint64_t bytes,
                   Difference& d) {
  std::vector<std::uint8_t> expected, actual;
  for (std::uint64_t at = addr; at < addr + bytes;) {
    const std::uint64_t chunk = std::min<std::uint64_t>(SparseMemory::kPageBytes - at % SparseMemory::kPageBytes, addr + bytes - at);
    expected.resize(chunk);
    actual.resize(chunk);
    model.read(at, expected);
    rtl.read_memory(node, at, actual);
    if (expected != actual) {
      for (std::size_t i = 0; i < chunk; ++i) {
        if (expected[i] == actual[i]) continue;
        if (d.bytes == 0) d = Difference{0, at + i, expected[i], actual[i]};
        ++d.bytes;
      }
    }
    at += chunk;
  }
}

}  // namespace

std::vector<std::string> compare_memories(const NetworkFile& file, const Engine& model, Backend& rtl) {
  const bool exact = std::all_of(file.schedule.begin(), file.schedule.end(), [](const ScheduleStep& step) {
    return step.kind != ScheduleStep::Kind::submit || step.networks.size() == 1;
  });
  std::vector<Difference> per_node(file.fabric.nodes);
  if (exact) {
    for (std::uint32_t node = 0; node < file.fabric.nodes; ++node) {
      compare_range(model.memory(node), rtl, node, 0, file.fabric.node_bytes, per_node[node]);
    }
  } else {
    for (const TileSpec& tile : file.tiles) compare_range(model.memory(tile.node), rtl, tile.node, tile.addr, tile.bytes, per_node[tile.node]);
    const std::uint32_t control = file.fabric.control_node;
    for (const NetworkSpec& network : file.networks) {
      compare_range(model.memory(control), rtl, control, network.desc_addr, network.desc_bytes, per_node[control]);
    }
  }
  std::vector<std::string> out;
  for (std::uint32_t node = 0; node < file.fabric.nodes; ++node) {
    const Difference& d = per_node[node];
    if (d.bytes == 0) continue;
    out.push_back(fmt::format("node {}: {} bytes of {} differ from the model's, the first at 0x{:x} (0x{:02x}, model 0x{:02x})", node,
                              d.bytes, exact ? "its memory" : "its tiles and descriptors", d.first, d.rtl, d.model));
  }
  return out;
}

}  // namespace tessera::sim
