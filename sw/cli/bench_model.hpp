// `tessera bench model`: times the golden model on a 1,000-layer /
// 100,000-tile network and writes the figures as JSON.
#pragma once

#include <filesystem>
#include <optional>

namespace tessera {

// Prints the figures; writes them to `json_out` when given. Returns the
// exit status (non-zero when the network did not assemble).
int bench_model(const std::optional<std::filesystem::path>& json_out);

}  // namespace tessera
