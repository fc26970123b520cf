// `tessera random`: every seed gives a valid file, the same seed the same
// file, and across seeds the files exercise what regressions need.
#include <catch2/catch.hpp>

#include <map>
#include <set>

#include "tessera/network_file.hpp"
#include "tessera/random_network.hpp"
#include "tessera/scenario.hpp"

using namespace tessera;

TEST_CASE("random files are valid, deterministic and varied", "[random]") {
  std::size_t tenants_seen = 0, shared = 0, cross_tenant_names = 0, releases = 0, evictions = 0, resubmits = 0;
  std::size_t ok = 0, access = 0, missing = 0, no_memory = 0, pinned = 0, groups = 0;
  for (std::uint64_t seed = 1; seed <= 300; ++seed) {
    INFO("seed " << seed);
    RandomOptions options;
    options.seed = seed;
    const std::string text = random_network_yaml(options);
    CHECK(random_network_yaml(options) == text);
    NetworkFile file;
    REQUIRE_NOTHROW(file = parse_network_text(text, "random.yaml", "."));

    std::set<std::uint8_t> tenants;
    std::map<std::string, std::set<std::uint8_t>> name_tenants;
    for (const auto& network : file.networks) {
      tenants.insert(network.tenant);
      for (const auto& layer : network.layers) {
        name_tenants[layer.name].insert(network.tenant);
        if (layer.node) ++pinned;
      }
    }
    tenants_seen += tenants.size() > 1;
    for (const auto& [name, owners] : name_tenants) cross_tenant_names += owners.size() > 1;
    for (const auto& tile : file.tiles) groups += tile.key.position > 0;
    std::set<std::size_t> submitted;
    for (const auto& step : file.schedule) {
      releases += step.kind == ScheduleStep::Kind::release;
      evictions += step.kind == ScheduleStep::Kind::evict;
      if (step.kind == ScheduleStep::Kind::submit) {
        for (const std::size_t n : step.networks) resubmits += !submitted.insert(n).second;
      }
    }

    const ModelRun run = run_model(file);
    for (const auto& entry : run.runs) {
      for (const auto& layer : entry.result.layers) shared += layer.shared;
      if (entry.result.ok()) {
        ++ok;
        continue;
      }
      switch (entry.result.error->code) {
        case ErrorCode::tile_access: ++access; break;
        case ErrorCode::tile_missing: ++missing; break;
        case ErrorCode::no_memory: ++no_memory; break;
        default: FAIL("unexpected error " << entry.result.error->message);
      }
    }
  }
  CHECK(tenants_seen > 50);
  CHECK(cross_tenant_names > 20);
  CHECK(shared > 50);
  CHECK(releases > 50);
  CHECK(evictions > 20);
  CHECK(resubmits > 20);
  CHECK(pinned > 50);
  CHECK(groups > 100);
  CHECK(ok > 300);
  CHECK(access > 10);
  CHECK(missing > 0);
  CHECK(no_memory > 0);
}

TEST_CASE("random options are honoured, without faults everything assembles", "[random]") {
  RandomOptions options;
  options.seed = 5;
  options.networks = 3;
  options.layers = 4;
  options.tiles = 7;
  options.nodes = 6;
  options.faults = false;
  const NetworkFile file = parse_network_text(random_network_yaml(options), "random.yaml", ".");
  CHECK(file.fabric.nodes == 6u);
  REQUIRE(file.networks.size() == 3);
  for (const auto& network : file.networks) {
    REQUIRE(network.layers.size() == 4);
    for (const auto& layer : network.layers) CHECK(layer.tiles.size() >= 7);  // plus an occasional reused tile
  }
  const ModelRun run = run_model(file);
  CHECK(run.all_ok());
  for (const auto& step : file.schedule) CHECK(step.kind == ScheduleStep::Kind::submit);
}

TEST_CASE("random fabric overrides change only the fabric, the comment replays the command", "[random]") {
  RandomOptions options;
  options.seed = 5;
  const std::string plain = random_network_yaml(options);
  options.alloc_unit = 4096;
  options.data_width = 256;
  options.scrub = false;
  const std::string fixed = random_network_yaml(options);
  const NetworkFile file = parse_network_text(fixed, "random.yaml", ".");
  CHECK(file.fabric.alloc_unit == 4096u);
  CHECK(file.fabric.data_width == 256u);
  CHECK_FALSE(file.fabric.scrub);
  CHECK(fixed.rfind("# tessera random --seed 5 --alloc-unit 4096 --data-width 256 --scrub false\n", 0) == 0);
  // Past the fabric section, the files are the same.
  CHECK(plain.substr(plain.find("tiles:")) == fixed.substr(fixed.find("tiles:")));
}
