// `tessera random`: valid random network files for regressions. Several
// tenants, layers shared within a tenant, same layer names across tenants,
// pinned layers, tile groups and ranges, releases, re-submits, evictions and
// the occasional access violation. The same options always give the same
// file.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace tessera {

struct RandomOptions {
  std::uint64_t seed = 1;
  std::optional<unsigned> networks;        // default: 2..5
  std::optional<unsigned> layers;          // per network; default: 1..6
  std::optional<unsigned> tiles;           // per layer; default: 1..8
  std::optional<unsigned> nodes;           // default: 1..8
  std::uint64_t max_tile_bytes = 16 * 1024;
  // Fabric settings a target fixes (e.g. an RTL build): default random.
  std::optional<std::uint64_t> alloc_unit;  // 256 B, 1 KiB or 4 KiB
  std::optional<unsigned> data_width;       // 64..512
  std::optional<bool> scrub;
  // Access violations, evictions, releases and tight nodes; off gives a file
  // whose networks all assemble (for benchmarks).
  bool faults = true;
};

// The YAML text of a random, valid network file; its first line is a
// comment with the `tessera random` command that gives it.
std::string random_network_yaml(const RandomOptions& options);

}  // namespace tessera
