// The `tessera` command-line tool: model, sim, compile, decode, random, bench.
// Exit status (docs/spec.md section 12): 0 all networks assembled, 1 some
// network failed, 2 bad usage, a bad file or a bad descriptor; `sim` adds 3
// (--check found a difference) and 4 (the simulation failed). Errors are one
// line on stderr; nothing here lets an exception escape.
#include <CLI/CLI.hpp>

#include <fstream>
#include <iostream>
#include <iterator>
#include <variant>

#include <fmt/format.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include "bench_model.hpp"
#include "tessera/compile.hpp"
#include "tessera/descriptor.hpp"
#include "tessera/network_file.hpp"
#include "tessera/random_network.hpp"
#include "tessera/report.hpp"
#include "tessera/scenario.hpp"
#include "tessera/sim/sim_command.hpp"

namespace {

constexpr int kExitBadInput = 2;

int run_model_command(const std::string& path, bool json, std::size_t layer_table) {
  const tessera::NetworkFile file = tessera::load_network_file(path);
  spdlog::debug("{}: {} tiles, {} networks, {} steps", path, file.tiles.size(), file.networks.size(), file.schedule.size());
  const tessera::ModelRun run = tessera::run_model(file, tessera::EngineLimits{layer_table});
  if (json) {
    fmt::print("{}\n", tessera::run_json(file, run).dump());
  } else {
    fmt::print("{}", tessera::run_text(file, run));
  }
  return tessera::run_exit_status(run);
}

int compile_command(const std::string& path, const std::string& out_dir) {
  const tessera::NetworkFile file = tessera::load_network_file(path);
  tessera::write_compiled(file, out_dir);
  fmt::print("{}: {} networks, {} tiles, {} nodes -> {}\n", path, file.networks.size(), file.tiles.size(), file.fabric.nodes, out_dir);
  return 0;
}

int decode_command(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    fmt::print(stderr, "{}: error: cannot open the file\n", path);
    return kExitBadInput;
  }
  const std::vector<std::uint8_t> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const auto decoded = tessera::decode_descriptor(bytes);
  if (const auto* error = std::get_if<tessera::DescriptorError>(&decoded)) {
    const std::string layer = error->layer ? fmt::format(" (layer {})", *error->layer) : "";
    fmt::print(stderr, "{}: error: {}{}\n", path, error->message, layer);
    return kExitBadInput;
  }
  fmt::print("{}", tessera::descriptor_text(std::get<tessera::Descriptor>(decoded), bytes.size()));
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  auto logger = spdlog::stderr_color_mt("tessera");
  logger->set_pattern("tessera: %l: %v");
  spdlog::set_default_logger(logger);

  CLI::App app{"tessera: assemble neural-network layers from tiles across a memory fabric"};
  app.set_version_flag("--version", "tessera 0.1.0");
  app.require_subcommand(1);
  bool verbose = false;
  app.add_flag("-v,--verbose", verbose, "log what each step does");

  std::string path;
  bool json = false;
  std::size_t layer_table = 0;
  auto* model = app.add_subcommand("model", "run a network file through the golden model and print the layer maps");
  model->add_option("FILE", path, "network file (YAML)")->required();
  model->add_flag("--json", json, "print the layer maps as one JSON line");
  model->add_option("--layer-table", layer_table, "layer-table entries, as an RTL build has (0 = unlimited)");

  tessera::sim::SimOptions sim_options;
  auto* sim = app.add_subcommand("sim", "run a network file through the engine RTL (Verilator) and print the layer maps, cycles and bandwidth");
  sim->add_option("FILE", sim_options.path, "network file (YAML)")->required();
  sim->add_flag("--json", sim_options.json, "print the layer maps and the figures as one JSON line");
  sim->add_option("--fst", sim_options.fst, "write a waveform (FST) to this file");
  sim->add_option("--timeline", sim_options.timeline, "write a timeline (Chrome/Perfetto trace-event JSON) to this file");
  sim->add_option("--seed", sim_options.seed, "seed of the memory stubs' random backpressure (default 1)");
  sim->add_flag("--check", sim_options.check, "compare with the golden model; exit 3 on a difference");

  std::string out_dir;
  auto* compile = app.add_subcommand("compile", "write the binary descriptors, node images and manifest of a network file");
  compile->add_option("FILE", path, "network file (YAML)")->required();
  compile->add_option("-o,--out", out_dir, "output directory")->required();

  auto* decode = app.add_subcommand("decode", "print a binary descriptor");
  decode->add_option("FILE", path, "descriptor (.tdesc)")->required();

  tessera::RandomOptions random_options;
  bool no_faults = false;
  auto* random = app.add_subcommand("random", "print a valid random network file");
  random->add_option("--seed", random_options.seed, "seed; the same seed gives the same file")->required();
  random->add_option("--networks", random_options.networks, "networks (default 2..5)")->check(CLI::Range(1, 1000));
  random->add_option("--layers", random_options.layers, "layers per network (default 1..6)")->check(CLI::Range(1, 65535));
  random->add_option("--tiles", random_options.tiles, "tiles per layer (default 1..8)")->check(CLI::Range(1, 4096));
  random->add_option("--nodes", random_options.nodes, "memory nodes (default 1..8)")->check(CLI::Range(1, 32));
  random->add_option("--max-tile-bytes", random_options.max_tile_bytes, "largest tile (default 16384)")->check(CLI::Range(1, 1 << 20));
  random->add_flag("--no-faults", no_faults, "no access violations, evictions, releases or tight nodes");
  random->add_option("--alloc-unit", random_options.alloc_unit, "allocation unit in bytes (default 256, 1024 or 4096)")
      ->check(CLI::IsMember({256, 1024, 4096}));
  random->add_option("--data-width", random_options.data_width, "beat width in bits (default 64..512)")
      ->check(CLI::IsMember({64, 128, 256, 512}));
  random->add_option("--scrub", random_options.scrub, "zero freed regions: true or false (default random)");

  std::string bench_out;
  auto* bench = app.add_subcommand("bench", "benchmarks; prints figures and writes JSON");
  bench->require_subcommand(1);
  auto* bench_model = bench->add_subcommand("model", "golden model on a 1,000-layer / 100,000-tile network");
  bench_model->add_option("--out", bench_out, "JSON output file");
  auto* bench_engine = bench->add_subcommand("engine", "a network file through the engine RTL: cycles and overhead per layer");
  bench_engine->add_option("FILE", path, "network file (YAML)")->required();
  bench_engine->add_option("--out", bench_out, "JSON output file");

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    fmt::print(stderr, "tessera: error: {} (see tessera --help)\n", e.what());
    return kExitBadInput;
  }
  if (verbose) spdlog::set_level(spdlog::level::debug);

  try {
    if (*model) return run_model_command(path, json, layer_table);
    if (*sim) return tessera::sim::sim_command(sim_options);
    if (*compile) return compile_command(path, out_dir);
    if (*decode) return decode_command(path);
    if (*random) {
      random_options.faults = !no_faults;
      fmt::print("{}", tessera::random_network_yaml(random_options));
      return 0;
    }
    if (*bench_engine) return tessera::sim::bench_engine_command(path, bench_out);
    if (*bench_model) return tessera::bench_model(bench_out.empty() ? std::nullopt : std::optional<std::filesystem::path>(bench_out));
  } catch (const tessera::FileError& e) {
    fmt::print(stderr, "{}\n", e.what());
    return kExitBadInput;
  } catch (const std::exception& e) {
    fmt::print(stderr, "tessera: error: {}\n", e.what());
    return kExitBadInput;
  }
  return kExitBadInput;
}
