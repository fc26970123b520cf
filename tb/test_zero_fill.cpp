// tsr_zero_fill: random regions zeroed in an HBM stub full of random bytes,
// with random stalls on the request and result ports and random
// backpressure in the stub; every byte of the node is compared with a
// mirror after each region (the region zero, nothing else touched), every
// burst's length and QoS checked; a failing write reported while the rest
// of the region is still written; the throughput of a long region; and the
// request-shape assertion firing. Two parameter sets: 256-bit beats with 4
// bursts in flight, 64-bit beats with 1.
#include <algorithm>
#include <vector>

#include "Vzero_fill_256.h"
#include "Vzero_fill_64_b1.h"
#include "expect_assertion.hpp"
#include "harness.hpp"
#include "hbm_memory.hpp"

using tessera::SparseMemory;
using tessera::tb::Harness;
using tessera::tb::HbmConfig;
using tessera::tb::HbmNodes;
using tessera::tb::Stalls;

namespace {

constexpr std::uint64_t kNodeBytes = 1 << 20;

struct Params {
  unsigned beat_bytes;
  unsigned max_bursts;
  unsigned span_beats() const { return std::min(4096u / beat_bytes, 256u); }
};

struct Outcome {
  bool error = false;
  unsigned resp = 0;
  std::uint64_t cycles = 0;  // from the request's handshake to the result's
  std::uint64_t beats = 0;   // beats of every AW
};

// Fills the node's memory with random bytes; returns a copy to check it against.
SparseMemory fill_random(tessera::Rng& rng, SparseMemory& memory) {
  std::vector<std::uint8_t> page(SparseMemory::kPageBytes);
  for (std::uint64_t at = 0; at < memory.size(); at += page.size()) {
    for (auto& byte : page) byte = static_cast<std::uint8_t>(rng.next());
    memory.write(at, page);
  }
  SparseMemory mirror(memory.size());
  mirror.copy_from(memory, 0, 0, memory.size());
  return mirror;
}

bool same_memory(const SparseMemory& a, const SparseMemory& b) {
  std::vector<std::uint8_t> x(SparseMemory::kPageBytes), y(SparseMemory::kPageBytes);
  for (std::uint64_t at = 0; at < a.size(); at += x.size()) {
    a.read(at, x);
    b.read(at, y);
    if (x != y) return false;
  }
  return true;
}

template <class Model>
class Bench {
 public:
  Bench(const std::string& name, const Params& p, unsigned stall_percent)
      : h(name, 5'000'000), p_(p), req_stall(h.rng(), stall_percent), done_stall(h.rng(), stall_percent) {
    HbmNodes::configure(1, kNodeBytes, h.seed());
    HbmConfig config;
    config.read_latency = 16;
    config.write_latency = 16;
    config.ready_stall_percent = stall_percent;
    config.valid_gap_percent = stall_percent;
    HbmNodes::set_all(config);
    h->req_valid_i = 0;
    h->done_ready_i = 0;
    h.reset();
  }

  // Offers one request (after random stalls), takes its result (with random
  // stalls), checking every AW it sends.
  Outcome zero(std::uint64_t addr, std::uint64_t bytes) {
    auto& d = h.dut();
    Outcome out;
    const unsigned qos = static_cast<unsigned>(h.rng().below(16));
    while (req_stall.stall()) idle();
    d.req_valid_i = 1;
    d.req_addr_i = addr;
    d.req_bytes_i = bytes;
    d.req_qos_i = qos;
    std::uint64_t taken = 0;
    bool accepted = false;
    for (std::uint64_t n = 0;; ++n) {
      REQUIRE(n < 1'000'000);
      d.done_ready_i = done_stall.stall() ? 0 : 1;
      h.settle();
      if (d.aw_fire_o) {
        const unsigned beats = d.aw_len_o + 1u;
        REQUIRE(beats <= p_.span_beats());
        REQUIRE(d.aw_qos_o == qos);
        out.beats += beats;
      }
      if (!accepted && d.req_valid_i && d.req_ready_o) {
        accepted = true;
        taken = h.cycle();
      }
      const bool done = accepted && d.done_valid_o && d.done_ready_i && h.cycle() > taken;
      if (done) {
        out.error = d.done_error_o != 0;
        out.resp = d.done_resp_o;
        out.cycles = h.cycle() - taken;
      }
      h.posedge();
      if (accepted) d.req_valid_i = 0;
      REQUIRE_FALSE(h.assertion_failed());
      if (done) break;
    }
    d.done_ready_i = 0;
    CHECK(out.beats * p_.beat_bytes == bytes);
    return out;
  }

  void idle() {
    h.settle();
    h.posedge();
  }

  Harness<Model> h;

 private:
  Params p_;
  Stalls req_stall, done_stall;
};

template <class Model>
void random_regions(const std::string& name, const Params& p) {
  Bench<Model> b(name, p, 25);
  SparseMemory& memory = HbmNodes::node(0).memory;
  SparseMemory mirror = fill_random(b.h.rng(), memory);
  const std::uint64_t beats_per_node = kNodeBytes / p.beat_bytes;
  for (int i = 0; i < 40; ++i) {
    // Mostly short regions at any beat, now and then long ones over many spans.
    const std::uint64_t first = b.h.rng().below(beats_per_node);
    const std::uint64_t limit = std::min<std::uint64_t>(beats_per_node - first, b.h.rng().percent(20) ? 4096 : 200);
    const std::uint64_t beats = b.h.rng().between(1, limit);
    INFO("region " << i << ": beat " << first << ", " << beats << " beats");
    const Outcome out = b.zero(first * p.beat_bytes, beats * p.beat_bytes);
    CHECK_FALSE(out.error);
    mirror.fill(first * p.beat_bytes, beats * p.beat_bytes, 0);
    REQUIRE(same_memory(memory, mirror));
  }
}

template <class Model>
void failing_write(const std::string& name, const Params& p) {
  Bench<Model> b(name, p, 10);
  SparseMemory& memory = HbmNodes::node(0).memory;
  SparseMemory mirror = fill_random(b.h.rng(), memory);
  // A region of 5 spans; the stub answers SLVERR for a range in its third.
  const std::uint64_t span = p.span_beats() * p.beat_bytes;
  const std::uint64_t base = 8 * span;
  const std::uint64_t bad_first = base + 2 * span + 3 * p.beat_bytes, bad_last = bad_first + p.beat_bytes - 1;
  HbmNodes::node(0).errors.push_back({bad_first, bad_last, 2});
  const Outcome failed = b.zero(base, 5 * span);
  CHECK(failed.error);
  CHECK(failed.resp == 2);
  // Every beat was written but the failing one (the stub drops a failing beat).
  std::vector<std::uint8_t> kept(p.beat_bytes);
  mirror.read(bad_first, kept);
  mirror.fill(base, 5 * span, 0);
  mirror.write(bad_first, kept);
  CHECK(same_memory(memory, mirror));
  // The next region is unaffected.
  HbmNodes::node(0).errors.clear();
  const Outcome next = b.zero(base + 2 * span, span);
  CHECK_FALSE(next.error);
  CHECK(next.resp == 0);
  mirror.fill(base + 2 * span, span, 0);
  CHECK(same_memory(memory, mirror));
}

// One 64 KiB region, no stalls, write latency 32: bursts overlap their
// responses, so the region takes its beats plus about one write latency.
template <class Model>
void throughput(const std::string& name, const Params& p) {
  Bench<Model> b(name, p, 0);
  HbmConfig config;
  config.write_latency = 32;
  HbmNodes::set_all(config);
  const std::uint64_t bytes = 64 * 1024;
  const std::uint64_t beats = bytes / p.beat_bytes;
  const Outcome out = b.zero(0, bytes);
  CHECK_FALSE(out.error);
  const double per_cycle = static_cast<double>(beats) / static_cast<double>(out.cycles);
  WARN(name << ": " << beats << " beats in " << out.cycles << " cycles (" << per_cycle << " beats per cycle)");
  if (p.max_bursts > 1) {
    // Bursts in flight cover the B latency: beats + one burst's latency + the pipeline.
    CHECK(out.cycles <= beats + config.write_latency + config.row_miss_penalty + 16);
  } else {
    // One burst at a time: each waits for its B.
    const std::uint64_t bursts = beats / p.span_beats();
    CHECK(out.cycles <= beats + bursts * (config.write_latency + config.row_miss_penalty + 8));
  }
}

const Params k256{32, 4};
const Params k64{8, 1};

}  // namespace

TEST_CASE("zero fill: random regions zeroed, nothing else touched, 256-bit x 4 bursts", "[zero_fill]") {
  random_regions<Vzero_fill_256>(Catch::getResultCapture().getCurrentTestName(), k256);
}

TEST_CASE("zero fill: random regions zeroed, nothing else touched, 64-bit x 1 burst", "[zero_fill]") {
  random_regions<Vzero_fill_64_b1>(Catch::getResultCapture().getCurrentTestName(), k64);
}

TEST_CASE("zero fill: a failing write is reported and the rest of the region written", "[zero_fill][errors]") {
  failing_write<Vzero_fill_256>(Catch::getResultCapture().getCurrentTestName(), k256);
  failing_write<Vzero_fill_64_b1>(Catch::getResultCapture().getCurrentTestName() + " 64", k64);
}

TEST_CASE("zero fill: throughput of a 64 KiB region", "[zero_fill][perf]") {
  throughput<Vzero_fill_256>(Catch::getResultCapture().getCurrentTestName(), k256);
  throughput<Vzero_fill_64_b1>(Catch::getResultCapture().getCurrentTestName() + " 64", k64);
}

TEST_CASE("zero fill: a request that is not whole beats fires the shape assertion", "[zero_fill][assert]") {
  Bench<Vzero_fill_256> b(Catch::getResultCapture().getCurrentTestName(), k256, 0);
  tessera::tb::expect_assertion(b.h, "a request must be whole, nonzero beats", [&] {
    b.h->req_valid_i = 1;
    b.h->req_addr_i = 4;
    b.h->req_bytes_i = 64;
    b.idle();
    b.idle();
  });
}
