// Runs a loaded network file through the golden model: lays out the fabric
// (docs/spec.md section 5), then plays the schedule step by step.
#pragma once

#include <cstddef>
#include <vector>

#include "tessera/model.hpp"
#include "tessera/network_file.hpp"

namespace tessera {

struct NetworkRun {
  std::size_t network = 0;  // index into NetworkFile::networks
  AssemblyResult result;
};

struct ModelRun {
  std::vector<NetworkRun> runs;  // in the order the model ran them
  bool all_ok() const;
};

// The host's submission for a network of the file (its control buffers).
Submission submission_for(const NetworkFile& file, std::size_t network);

// Writes tiles and descriptors, reserves their units, fills the directory.
void load_fabric(Engine& engine, const NetworkFile& file);

// The order section 8 runs the networks of one submit step in.
std::vector<std::size_t> step_order(const NetworkFile& file, const ScheduleStep& step);

ModelRun run_model(const NetworkFile& file, EngineLimits limits = {});
// The same on an engine already loaded with load_fabric.
ModelRun run_schedule(Engine& engine, const NetworkFile& file);

}  // namespace tessera
