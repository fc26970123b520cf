// Plays a network file through the golden model (docs/spec.md sections 5
// and 8).
#include "tessera/scenario.hpp"

#include <algorithm>

#include "tessera/descriptor.hpp"

namespace tessera {

bool ModelRun::all_ok() const {
  return std::all_of(runs.begin(), runs.end(), [](const NetworkRun& run) { return run.result.ok(); });
}

Submission submission_for(const NetworkFile& file, std::size_t network) {
  const NetworkSpec& spec = file.networks.at(network);
  Submission submission;
  submission.desc_node = file.fabric.control_node;
  submission.desc_addr = spec.desc_addr;
  submission.desc_buffer_bytes = spec.desc_bytes;
  submission.map_node = file.fabric.control_node;
  submission.map_addr = spec.map_addr;
  submission.tenant = spec.tenant;
  submission.priority = spec.priority;
  return submission;
}

void load_fabric(Engine& engine, const NetworkFile& file) {
  std::vector<std::uint8_t> bytes;
  for (const TileSpec& tile : file.tiles) {
    bytes.resize(tile.bytes);
    tile.data.fill(tile.data_offset, bytes);
    engine.memory(tile.node).write(tile.addr, bytes);
    engine.reserve(tile.node, tile.addr, tile.bytes);
    engine.insert_tile(tile.key_value, DirectoryEntry{tile.node, tile.addr, tile.bytes, tile.owner});
  }
  const std::uint32_t control = file.fabric.control_node;
  for (std::size_t i = 0; i < file.networks.size(); ++i) {
    const NetworkSpec& network = file.networks[i];
    engine.memory(control).write(network.desc_addr, encode_descriptor(descriptor_for(file, i)));
    engine.reserve(control, network.desc_addr, network.desc_bytes);
    engine.reserve(control, network.map_addr, network.map_bytes);
  }
}

std::vector<std::size_t> step_order(const NetworkFile& file, const ScheduleStep& step) {
  std::vector<std::size_t> order = step.networks;
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return file.networks[a].priority > file.networks[b].priority; });
  return order;
}

ModelRun run_schedule(Engine& engine, const NetworkFile& file) {
  ModelRun run;
  std::vector<std::optional<AssemblyResult>> live(file.networks.size());
  for (const ScheduleStep& step : file.schedule) {
    switch (step.kind) {
      case ScheduleStep::Kind::submit:
        for (const std::size_t network : step_order(file, step)) {
          const Submission submission = submission_for(file, network);
          engine.memory(submission.map_node).fill(submission.map_addr, file.networks[network].map_bytes, 0);
          live[network] = engine.assemble(submission);
          run.runs.push_back(NetworkRun{network, *live[network]});
        }
        break;
      case ScheduleStep::Kind::release:
        for (const std::size_t network : step.networks) {
          engine.release(*live[network]);
          live[network].reset();
        }
        break;
      case ScheduleStep::Kind::evict:
        for (const std::size_t tile : step.tiles) engine.evict_tile(file.tiles[tile].key_value);
        break;
    }
  }
  return run;
}

ModelRun run_model(const NetworkFile& file, EngineLimits limits) {
  Engine engine(file.fabric, limits);
  load_fabric(engine, file);
  return run_schedule(engine, file);
}

}  // namespace tessera
