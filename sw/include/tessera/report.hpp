// Renders a model or simulation run as the layer-map report of docs/spec.md
// section 12: readable text, or the exact JSON line.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "tessera/network_file.hpp"
#include "tessera/scenario.hpp"

namespace tessera {

nlohmann::ordered_json run_json(const NetworkFile& file, const ModelRun& run);
std::string run_text(const NetworkFile& file, const ModelRun& run);

// Exit status of section 12 for a completed run: 0 all ok, 1 some failed.
int run_exit_status(const ModelRun& run);

}  // namespace tessera
