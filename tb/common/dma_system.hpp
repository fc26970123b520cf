// DmaSystem: drives a tb_dma_system model (gather engines on the fabric over
// HBM channel stubs): per engine, queues of jobs fed to the job and tile
// streams (with optional random stalls) and the done reports collected with
// the cycle they came in. Used by the DMA tests and the DMA benchmark.
#pragma once

#include <cstdint>
#include <deque>
#include <vector>

#include "bits.hpp"
#include "harness.hpp"

namespace tessera::tb {

struct DmaTile {
  std::uint32_t node = 0;
  std::uint64_t addr = 0;
  std::uint64_t bytes = 0;
};

struct DmaJob {
  std::uint32_t node = 0;  // destination
  std::uint64_t addr = 0;
  std::uint64_t bytes = 0;
  std::vector<DmaTile> tiles;
};

struct DmaDone {
  unsigned status = 0;  // tessera_pkg::dma_status_e
  unsigned resp = 0;
  std::uint32_t fault_node = 0;
  std::uint64_t fault_addr = 0;
  std::uint64_t bytes = 0;
  std::uint64_t cycle = 0;
};

enum DmaStatus : unsigned { kDmaOk = 0, kDmaReadError = 1, kDmaWriteError = 2, kDmaSizeError = 3 };

template <class Model>
class DmaSystem {
 public:
  DmaSystem(Harness<Model>& h, unsigned engines, unsigned stall_percent = 0)
      : h_(h), engines_(engines), jobs_(engines), tiles_(engines), done_(engines), job_stall_(h.rng(), stall_percent),
        tile_stall_(h.rng(), stall_percent), done_stall_(h.rng(), stall_percent) {
    h_->job_valid_i = 0;
    h_->tile_valid_i = 0;
    h_->done_ready_i = 0;
  }

  void submit(unsigned engine, const DmaJob& job) {
    jobs_[engine].push_back(job);
    for (std::size_t t = 0; t < job.tiles.size(); ++t) tiles_[engine].push_back({job.tiles[t], t + 1 == job.tiles.size()});
    ++outstanding_;
  }

  // One cycle: offer the queued jobs and tiles, take done reports, clock.
  void step() {
    auto& dut = h_.dut();
    for (unsigned e = 0; e < engines_; ++e) {
      const bool job_offered = get_bits(dut.job_valid_i, e, 1) != 0;
      if (!job_offered && !jobs_[e].empty() && !job_stall_.stall()) {
        const DmaJob& job = jobs_[e].front();
        set_bits(dut.job_node_i, e * kNodeBits, kNodeBits, job.node);
        set_bits(dut.job_addr_i, e * kAddrBits, kAddrBits, job.addr);
        set_bits(dut.job_bytes_i, e * kCountBits, kCountBits, job.bytes);
        set_bits(dut.job_valid_i, e, 1, 1);
      }
      const bool tile_offered = get_bits(dut.tile_valid_i, e, 1) != 0;
      if (!tile_offered && !tiles_[e].empty() && !tile_stall_.stall()) {
        const auto& [tile, last] = tiles_[e].front();
        set_bits(dut.tile_node_i, e * kNodeBits, kNodeBits, tile.node);
        set_bits(dut.tile_addr_i, e * kAddrBits, kAddrBits, tile.addr);
        set_bits(dut.tile_bytes_i, e * kCountBits, kCountBits, tile.bytes);
        set_bits(dut.tile_last_i, e, 1, last);
        set_bits(dut.tile_valid_i, e, 1, 1);
      }
      set_bits(dut.done_ready_i, e, 1, done_stall_.stall() ? 0 : 1);
    }
    h_.settle();
    std::uint64_t job_taken = 0, tile_taken = 0;  // bit e: engine e's job / tile handshake (no allocation per cycle)
    for (unsigned e = 0; e < engines_; ++e) {
      if (get_bits(dut.job_valid_i, e, 1) && get_bits(dut.job_ready_o, e, 1)) job_taken |= std::uint64_t{1} << e;
      if (get_bits(dut.tile_valid_i, e, 1) && get_bits(dut.tile_ready_o, e, 1)) tile_taken |= std::uint64_t{1} << e;
      if (get_bits(dut.done_valid_o, e, 1) && get_bits(dut.done_ready_i, e, 1)) {
        DmaDone done;
        done.status = static_cast<unsigned>(get_bits(dut.done_status_o, e * 2, 2));
        done.resp = static_cast<unsigned>(get_bits(dut.done_resp_o, e * 2, 2));
        done.fault_node = static_cast<std::uint32_t>(get_bits(dut.done_fault_node_o, e * kNodeBits, kNodeBits));
        done.fault_addr = get_bits(dut.done_fault_addr_o, e * kAddrBits, kAddrBits);
        done.bytes = get_bits(dut.done_bytes_o, e * kCountBits, kCountBits);
        done.cycle = h_.cycle();
        done_[e].push_back(done);
        --outstanding_;
      }
    }
    h_.posedge();
    for (unsigned e = 0; e < engines_; ++e) {
      if ((job_taken >> e) & 1) {
        jobs_[e].pop_front();
        set_bits(dut.job_valid_i, e, 1, 0);
      }
      if ((tile_taken >> e) & 1) {
        tiles_[e].pop_front();
        set_bits(dut.tile_valid_i, e, 1, 0);
      }
    }
  }

  // Clocks until every submitted job is reported (at most `limit` cycles).
  void run_until_idle(std::uint64_t limit) {
    for (std::uint64_t n = 0; n < limit && outstanding_ > 0; ++n) step();
    REQUIRE(outstanding_ == 0);
  }

  std::deque<DmaDone>& done(unsigned engine) { return done_[engine]; }
  std::size_t outstanding() const { return outstanding_; }
  std::size_t queued_jobs(unsigned engine) const { return jobs_[engine].size(); }

  static constexpr unsigned kNodeBits = 5;
  static constexpr unsigned kAddrBits = 34;
  static constexpr unsigned kCountBits = 34;

 private:
  Harness<Model>& h_;
  unsigned engines_;
  std::vector<std::deque<DmaJob>> jobs_;
  std::vector<std::deque<std::pair<DmaTile, bool>>> tiles_;
  std::vector<std::deque<DmaDone>> done_;
  Stalls job_stall_, tile_stall_, done_stall_;
  std::size_t outstanding_ = 0;
};

}  // namespace tessera::tb
