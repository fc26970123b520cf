// Checks for the gather DMA's tests: source data laid out in the nodes, random
// layers placed in guarded destination regions, and the exact memory and
// report each job must leave (failed reads, size mismatches included).
#pragma once

#include <algorithm>
#include <array>
#include <deque>
#include <string>
#include <vector>

#include "dma_system.hpp"
#include "hbm_memory.hpp"

namespace tessera::tb {

constexpr std::uint64_t kNodeBytes = 16ull << 20;
constexpr std::uint64_t kSourceBytes = kNodeBytes / 2;  // [0, half): tiles; [half, end): destinations
constexpr std::uint8_t kGuard = 0xee;

// What a job must leave in memory, and the report it must give.
struct Expectation {
  DmaJob job;
  std::vector<std::uint8_t> region;  // expected destination bytes
  unsigned status = kDmaOk;
  unsigned resp = 0;
  std::uint32_t fault_node = 0;
  std::uint64_t fault_addr = 0;
  std::uint64_t delivered = 0;
};

class DmaBench {
 public:
  DmaBench(tessera::Rng& rng, unsigned nodes, unsigned beat_bytes) : rng_(rng), nodes_(nodes), beat_bytes_(beat_bytes) {
    std::vector<std::uint8_t> chunk(1 << 16);
    for (unsigned n = 0; n < nodes; ++n) {
      for (std::uint64_t at = 0; at < kSourceBytes; at += chunk.size()) {
        for (auto& byte : chunk) byte = static_cast<std::uint8_t>(rng.next());
        HbmNodes::node(n).memory.write(at, chunk);
      }
      next_dest_.push_back(kSourceBytes);
    }
  }

  // A beat read at `addr` of `node` fails (as the stub answers it).
  bool read_fails(std::uint32_t node, std::uint64_t addr) const {
    if (node >= nodes_) return true;
    const std::uint64_t beat = addr / beat_bytes_ * beat_bytes_;
    for (const auto& range : HbmNodes::node(node).errors) {
      if (beat >= range.first && beat <= range.last) return true;
    }
    return false;
  }

  unsigned read_resp(std::uint32_t node, std::uint64_t addr) const {
    if (node >= nodes_) return 3;
    const std::uint64_t beat = addr / beat_bytes_ * beat_bytes_;
    unsigned resp = 0;
    for (const auto& range : HbmNodes::node(node).errors) {
      if (beat >= range.first && beat <= range.last) resp = range.resp;
    }
    return resp;
  }

  DmaTile random_tile(std::uint64_t max_bytes) {
    DmaTile tile;
    tile.node = static_cast<std::uint32_t>(rng_.below(nodes_));
    tile.bytes = rng_.chance(3) ? rng_.between(1, 3 * beat_bytes_) : rng_.between(1, max_bytes);
    tile.addr = rng_.below(kSourceBytes - tile.bytes);
    return tile;
  }

  // A destination region on `node`, with guard bytes around it, pre-filled.
  DmaJob random_job(std::uint32_t node, unsigned tiles, std::uint64_t max_tile) {
    DmaJob job;
    job.node = node;
    for (unsigned t = 0; t < tiles; ++t) job.tiles.push_back(random_tile(max_tile));
    for (const auto& tile : job.tiles) job.bytes += tile.bytes;
    place(job);
    return job;
  }

  void place(DmaJob& job) {
    std::uint64_t& next = next_dest_[job.node];
    const std::uint64_t span = job.bytes + 2 * beat_bytes_ + 64;
    if (next + span + 64 > kNodeBytes) next = kSourceBytes;
    job.addr = next + 1 + rng_.below(64);  // unaligned, after a guard byte
    next = job.addr + job.bytes + 1 + rng_.below(beat_bytes_);
    std::vector<std::uint8_t> guard(job.bytes + 2, kGuard);
    HbmNodes::node(job.node).memory.write(job.addr - 1, guard);
  }

  // A beat written at `addr` of `node` is dropped (as the stub answers it).
  unsigned write_resp(std::uint32_t node, std::uint64_t addr) const {
    const std::uint64_t beat = addr / beat_bytes_ * beat_bytes_;
    unsigned resp = 0;
    for (const auto& range : HbmNodes::node(node).errors) {
      if (beat >= range.first && beat <= range.last) resp = range.resp;
    }
    return resp;
  }

  // What the job leaves behind: the delivered bytes, except those whose read
  // or write failed and those past the delivery, which keep the guard; the
  // first failed read, else the first failed write burst, else a size error.
  Expectation expect(const DmaJob& job) const {
    Expectation e;
    e.job = job;
    e.region.assign(job.bytes, kGuard);
    std::uint64_t at = 0;
    bool fault = false;
    for (const auto& tile : job.tiles) {
      std::vector<std::uint8_t> data(tile.bytes, 0);
      if (tile.node < nodes_) HbmNodes::node(tile.node).memory.read(tile.addr, data);
      for (std::uint64_t i = 0; i < tile.bytes; ++i, ++at) {
        const bool fails = read_fails(tile.node, tile.addr + i);
        if (fails && !fault) {
          fault = true;
          e.status = kDmaReadError;
          e.resp = read_resp(tile.node, tile.addr + i);
          e.fault_node = tile.node;
          e.fault_addr = (tile.addr + i) / beat_bytes_ * beat_bytes_;
        }
        if (at < job.bytes && !fails) e.region[at] = data[i];
      }
    }
    e.delivered = at;
    // Writes: bursts end on span boundaries (min(4 KiB, 256 beats)); the first
    // starts at the region's first beat.
    const std::uint64_t span = std::min<std::uint64_t>(4096, 256ull * beat_bytes_);
    const std::uint64_t first_beat = job.addr / beat_bytes_ * beat_bytes_;
    for (std::uint64_t i = 0; i < job.bytes; ++i) {
      const unsigned resp = write_resp(job.node, job.addr + i);
      if (resp == 0) continue;
      e.region[i] = kGuard;
      if (!fault) {
        fault = true;
        e.status = kDmaWriteError;
        e.resp = resp;
        e.fault_node = job.node;
        e.fault_addr = std::max(first_beat, (job.addr + i) / span * span);
      }
    }
    if (!fault && at != job.bytes) e.status = kDmaSizeError;
    return e;
  }

  // Error ranges: in the source half of every node, `reads` random ranges
  // (SLVERR or DECERR), and in the destination half `writes` ranges.
  void inject_errors(unsigned reads, unsigned writes) {
    for (unsigned n = 0; n < nodes_; ++n) {
      auto& errors = HbmNodes::node(n).errors;
      for (unsigned k = 0; k < reads + writes; ++k) {
        const bool source = k < reads;
        const std::uint64_t length = rng_.between(1, 32 * 1024);
        const std::uint64_t first = (source ? 0 : kSourceBytes) + rng_.below(kSourceBytes - length);
        errors.push_back({first, first + length - 1, static_cast<std::uint8_t>(rng_.chance(2) ? 2 : 3)});
      }
    }
  }

  void check(const Expectation& e, const DmaDone& done) const {
    INFO("job to node " << e.job.node << " addr 0x" << std::hex << e.job.addr << std::dec << " bytes " << e.job.bytes << " tiles "
                        << e.job.tiles.size());
    CHECK(done.status == e.status);
    CHECK(done.bytes == e.delivered);
    if (e.status == kDmaReadError || e.status == kDmaWriteError) {
      CHECK(done.resp == e.resp);
      CHECK(done.fault_node == e.fault_node);
      CHECK(done.fault_addr == e.fault_addr);
    }
    std::vector<std::uint8_t> actual(e.job.bytes + 2);
    HbmNodes::node(e.job.node).memory.read(e.job.addr - 1, actual);
    CHECK(actual.front() == kGuard);
    CHECK(actual.back() == kGuard);
    const bool same = std::equal(e.region.begin(), e.region.end(), actual.begin() + 1);
    if (!same) {
      for (std::uint64_t i = 0; i < e.job.bytes; ++i) {
        if (actual[i + 1] != e.region[i]) FAIL("first wrong byte at offset " << i << " of the region");
      }
    }
  }

 private:
  tessera::Rng& rng_;
  unsigned nodes_;
  unsigned beat_bytes_;
  std::vector<std::uint64_t> next_dest_;
};

struct Faults {
  unsigned read_ranges = 0;   // per node, in the source half
  unsigned write_ranges = 0;  // per node, in the destination half
  unsigned size_mismatch_one_in = 0;  // jobs whose bytes differ from their tiles'
  unsigned bad_node_one_in = 0;       // tiles on a node the fabric does not have
};

template <class Model>
void random_jobs(const std::string& name, unsigned engines, unsigned nodes, unsigned beat_bytes, int jobs_per_engine,
                 std::uint64_t max_tile, Faults faults = {}) {
  Harness<Model> h(name, 50'000'000);
  HbmNodes::configure(nodes, kNodeBytes, h.seed());
  HbmConfig config;
  config.read_latency = static_cast<std::uint32_t>(h.rng().between(8, 80));
  config.write_latency = static_cast<std::uint32_t>(h.rng().between(4, 40));
  config.ready_stall_percent = 20;
  config.valid_gap_percent = 20;
  config.refresh_period = 2000;
  config.refresh_duration = 50;
  HbmNodes::set_all(config);
  DmaBench bench(h.rng(), nodes, beat_bytes);
  bench.inject_errors(faults.read_ranges, faults.write_ranges);
  DmaSystem<Model> system(h, engines, 20);
  std::array<unsigned, 4> statuses{};
  h.reset();
  std::vector<std::deque<Expectation>> expected(engines);
  std::vector<int> submitted(engines, 0);
  auto collect = [&] {
    for (unsigned e = 0; e < engines; ++e) {
      while (!system.done(e).empty()) {
        REQUIRE_FALSE(expected[e].empty());
        bench.check(expected[e].front(), system.done(e).front());
        ++statuses[system.done(e).front().status];
        expected[e].pop_front();
        system.done(e).pop_front();
      }
    }
  };
  // First, on engine 0, one job sure to end in each outcome the run is set up
  // to produce, so that no seed misses one. The faults are made certain: an
  // error range added from the start of a read tile's first beat (before any
  // job's expectation is taken, so none in flight reads there), a range over
  // a destination region from its second beat on (only that job writes
  // there), a tile on a node the fabric does not have, a byte count off the
  // tiles'. A job is drawn until the model says it ends that way, which
  // leaves to chance only that its other parts are clean.
  const auto first_node = static_cast<std::uint32_t>(0);
  auto submit_first = [&](unsigned status, const char* what, const auto& make) {
    for (int attempt = 0; attempt < 1000; ++attempt) {
      DmaJob job = make();
      Expectation e = bench.expect(job);
      if (e.status != status) continue;
      expected[0].push_back(e);
      system.submit(0, job);
      ++submitted[0];
      return;
    }
    FAIL("no job ending in " << what << " found in 1000 draws");
  };
  auto any_job = [&] { return bench.random_job(first_node, static_cast<unsigned>(h.rng().between(1, 12)), max_tile); };
  auto error_resp = [&] { return static_cast<std::uint8_t>(h.rng().chance(2) ? 2 : 3); };
  if (faults.read_ranges > 0) {
    submit_first(kDmaReadError, "a read error", [&] {
      DmaJob job = bench.random_job(first_node, 1, max_tile);
      const DmaTile& tile = job.tiles.front();
      HbmNodes::node(tile.node).errors.push_back({tile.addr / beat_bytes * beat_bytes, tile.addr + tile.bytes - 1, error_resp()});
      return job;
    });
  }
  if (faults.bad_node_one_in > 0) {
    submit_first(kDmaReadError, "a read error on a missing node", [&] {
      DmaJob job = any_job();
      job.tiles[h.rng().below(job.tiles.size())].node = static_cast<std::uint32_t>(h.rng().between(nodes, 31));
      return job;
    });
  }
  if (faults.write_ranges > 0) {
    submit_first(kDmaWriteError, "a write error", [&] {
      DmaJob job = any_job();
      const std::uint64_t from = (job.addr / beat_bytes + 1) * beat_bytes;
      if (from < job.addr + job.bytes) HbmNodes::node(job.node).errors.push_back({from, job.addr + job.bytes - 1, error_resp()});
      return job;
    });
  }
  if (faults.size_mismatch_one_in > 0) {
    submit_first(kDmaSizeError, "a size mismatch", [&] {
      DmaJob job = any_job();
      const std::uint64_t delta = h.rng().between(1, 3 * beat_bytes);
      job.bytes = h.rng().chance(2) || job.bytes <= delta ? job.bytes + delta : job.bytes - delta;
      bench.place(job);
      return job;
    });
  }
  submit_first(kDmaOk, "success", any_job);

  auto all_submitted = [&] {
    return std::all_of(submitted.begin(), submitted.end(), [&](int n) { return n == jobs_per_engine; });
  };
  while (!all_submitted()) {
    for (unsigned e = 0; e < engines; ++e) {
      if (submitted[e] < jobs_per_engine && system.queued_jobs(e) < 2) {
        // Engine e writes to its own nodes so that regions never collide.
        const auto node = static_cast<std::uint32_t>((e + engines * h.rng().below((nodes + engines - 1) / engines)) % nodes);
        DmaJob job = bench.random_job(node, static_cast<unsigned>(h.rng().between(1, 12)), max_tile);
        if (faults.bad_node_one_in && h.rng().chance(faults.bad_node_one_in)) {
          job.tiles[h.rng().below(job.tiles.size())].node = static_cast<std::uint32_t>(h.rng().between(nodes, 31));
        }
        if (faults.size_mismatch_one_in && h.rng().chance(faults.size_mismatch_one_in)) {
          const std::uint64_t delta = h.rng().between(1, 3 * beat_bytes);
          job.bytes = h.rng().chance(2) || job.bytes <= delta ? job.bytes + delta : job.bytes - delta;
          bench.place(job);
        }
        expected[e].push_back(bench.expect(job));
        system.submit(e, job);
        ++submitted[e];
      }
    }
    system.step();
    REQUIRE_FALSE(h.assertion_failed());
    collect();
  }
  while (system.outstanding() > 0) {
    system.step();
    REQUIRE_FALSE(h.assertion_failed());
    collect();
  }
  collect();
  for (unsigned e = 0; e < engines; ++e) CHECK(expected[e].empty());
  CHECK(statuses[0] + statuses[1] + statuses[2] + statuses[3] == engines * static_cast<unsigned>(jobs_per_engine));
  UNSCOPED_INFO(name << ": " << statuses[kDmaOk] << " ok, " << statuses[kDmaReadError] << " read errors, " << statuses[kDmaWriteError]
                     << " write errors, " << statuses[kDmaSizeError] << " size errors in " << h.cycle() << " cycles");
  // Every kind of outcome the run was set up to produce did occur (the first
  // jobs make sure of it; the random ones add more of each).
  CHECK(statuses[kDmaOk] > 0);
  if (faults.read_ranges > 0 || faults.bad_node_one_in > 0) CHECK(statuses[kDmaReadError] > 0);
  if (faults.write_ranges > 0) CHECK(statuses[kDmaWriteError] > 0);
  if (faults.size_mismatch_one_in > 0) CHECK(statuses[kDmaSizeError] > 0);
}

}  // namespace tessera::tb
