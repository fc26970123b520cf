// tsr_hbm_stub: a random AXI master against it, with random ready/valid on
// the master side, checks data against a mirror of memory, the read latency
// (fixed part plus row misses), refresh blackouts, the outstanding bound,
// random backpressure, error injection and the back door; and the AXI
// checker firing on an illegal burst.
#include <deque>
#include <algorithm>
#include <map>
#include <optional>
#include <vector>

#include "Vhbm_stub_256.h"
#include "expect_assertion.hpp"
#include "harness.hpp"
#include "hbm_memory.hpp"

using tessera::SparseMemory;
using tessera::tb::Harness;
using tessera::tb::HbmConfig;
using tessera::tb::HbmNodes;
using tessera::tb::Stalls;

namespace {

constexpr unsigned kBeatBytes = 32;
constexpr std::uint64_t kNodeBytes = 1 << 20;

using Beat = std::array<std::uint8_t, kBeatBytes>;

Beat beat_of(const VlWide<8>& wide) {
  Beat beat{};
  for (unsigned i = 0; i < kBeatBytes; ++i) beat[i] = static_cast<std::uint8_t>(wide[i / 4] >> (8 * (i % 4)));
  return beat;
}

void set_wide(VlWide<8>& wide, const Beat& beat) {
  for (unsigned word = 0; word < 8; ++word) {
    wide[word] = static_cast<std::uint32_t>(beat[4 * word]) | static_cast<std::uint32_t>(beat[4 * word + 1]) << 8 |
                 static_cast<std::uint32_t>(beat[4 * word + 2]) << 16 | static_cast<std::uint32_t>(beat[4 * word + 3]) << 24;
  }
}

struct Burst {
  std::uint32_t id = 0;
  std::uint64_t addr = 0;
  unsigned beats = 1;
  std::uint64_t issued_at = 0;  // cycle of the address handshake
};

// A random burst that stays inside one 4 KiB page of the first `span` bytes.
Burst random_burst(tessera::Rng& rng, std::uint64_t span, unsigned max_beats) {
  Burst burst;
  burst.addr = rng.below(span / kBeatBytes) * kBeatBytes;
  const unsigned room = static_cast<unsigned>((4096 - burst.addr % 4096) / kBeatBytes);
  burst.beats = static_cast<unsigned>(rng.between(1, std::min(room, max_beats)));
  burst.id = static_cast<std::uint32_t>(rng.below(16));
  return burst;
}

bool overlaps(const Burst& a, const Burst& b) {
  return a.addr < b.addr + b.beats * kBeatBytes && b.addr < a.addr + a.beats * kBeatBytes;
}

// Drives random reads and writes; `writes_percent` of the bursts are writes.
// Checks every read beat against `mirror` (reads never overlap writes in
// flight) and every response code against the stub's error settings.
struct Master {
  Harness<Vhbm_stub_256>& h;
  SparseMemory mirror{kNodeBytes};
  Stalls r_stall, b_stall, valid_stall;
  std::deque<Burst> reads;         // accepted by the stub, in order
  std::deque<Burst> writes_data;   // accepted AW whose W beats are not all sent
  std::deque<Burst> writes_resp;   // all data sent, B awaited (by order of AW)
  std::optional<Burst> ar_pending, aw_pending;
  unsigned r_beat = 0, w_beat = 0;
  std::map<std::uint64_t, Beat> write_data;  // beat address -> data being written
  std::uint64_t reads_done = 0, writes_done = 0, beats_read = 0;
  std::uint64_t max_reads_outstanding = 0;
  std::vector<std::uint64_t> first_beat_latency;  // per read: first R beat cycle - AR cycle
  std::vector<std::uint64_t> request_cycles;      // stub cycles of AR and AW handshakes
  std::vector<std::uint64_t> new_beat_cycles;     // stub cycles in which a new R beat is offered
  bool r_held = false;                            // the R beat on offer was not taken last cycle
  std::uint64_t stub_cycle_zero = 0;              // harness cycle of stub cycle 0

  Master(Harness<Vhbm_stub_256>& harness, unsigned master_stall)
      : h(harness), r_stall(h.rng(), master_stall), b_stall(h.rng(), master_stall), valid_stall(h.rng(), master_stall) {}

  std::uint8_t expected_resp(std::uint64_t addr) const {
    std::uint8_t resp = 0;
    for (const auto& range : HbmNodes::node(0).errors) {
      if (addr >= range.first && addr <= range.last) resp = range.resp;
    }
    return resp;
  }

  bool read_conflicts(const Burst& read) const {
    for (const auto& w : writes_data) if (overlaps(w, read)) return true;
    for (const auto& w : writes_resp) if (overlaps(w, read)) return true;
    return aw_pending && overlaps(*aw_pending, read);
  }

  // One cycle: offer requests, settle, check, clock. Returns the handshakes.
  void cycle(bool issue_reads, bool issue_writes, std::uint64_t span, unsigned max_beats, unsigned writes_percent) {
    auto& dut = h.dut();
    if (!ar_pending && issue_reads && !h.rng().percent(writes_percent) && !valid_stall.stall()) {
      Burst read = random_burst(h.rng(), span, max_beats);
      if (!read_conflicts(read)) ar_pending = read;
    }
    if (!aw_pending && issue_writes && h.rng().percent(writes_percent) && !valid_stall.stall()) {
      Burst write = random_burst(h.rng(), span, max_beats);
      bool clash = false;
      for (const auto& r : reads) clash |= overlaps(r, write);
      if (ar_pending) clash |= overlaps(*ar_pending, write);
      for (const auto& w : writes_data) clash |= overlaps(w, write);
      for (const auto& w : writes_resp) clash |= overlaps(w, write);
      if (!clash) aw_pending = write;
    }
    dut.ar_valid_i = ar_pending.has_value();
    if (ar_pending) {
      dut.ar_id_i = ar_pending->id;
      dut.ar_addr_i = ar_pending->addr;
      dut.ar_len_i = ar_pending->beats - 1;
    }
    dut.aw_valid_i = aw_pending.has_value();
    if (aw_pending) {
      dut.aw_id_i = aw_pending->id;
      dut.aw_addr_i = aw_pending->addr;
      dut.aw_len_i = aw_pending->beats - 1;
    }
    const bool w_offer = !writes_data.empty();
    dut.w_valid_i = w_offer;
    if (w_offer) {
      const Burst& burst = writes_data.front();
      const std::uint64_t addr = burst.addr + w_beat * kBeatBytes;
      auto [it, fresh] = write_data.try_emplace(addr);
      if (fresh) for (auto& byte : it->second) byte = static_cast<std::uint8_t>(h.rng().next());
      set_wide(dut.w_data_i, it->second);
      dut.w_strb_i = 0xffffffffu;
      dut.w_last_i = w_beat + 1 == burst.beats;
    }
    dut.r_ready_i = !r_stall.stall();
    dut.b_ready_i = !b_stall.stall();
    h.settle();

    const std::uint64_t now = h.cycle() - stub_cycle_zero;
    if (dut.r_valid_o && !r_held) new_beat_cycles.push_back(now);
    r_held = dut.r_valid_o && !dut.r_ready_i;
    if ((dut.ar_valid_i && dut.ar_ready_o) || (dut.aw_valid_i && dut.aw_ready_o)) request_cycles.push_back(now);
    if (dut.ar_valid_i && dut.ar_ready_o) {
      ar_pending->issued_at = now;
      reads.push_back(*ar_pending);
      ar_pending.reset();
    }
    if (dut.aw_valid_i && dut.aw_ready_o) {
      writes_data.push_back(*aw_pending);
      aw_pending.reset();
    }
    if (dut.r_valid_o && dut.r_ready_i) {
      REQUIRE_FALSE(reads.empty());
      const Burst& burst = reads.front();
      const std::uint64_t addr = burst.addr + r_beat * kBeatBytes;
      if (r_beat == 0) first_beat_latency.push_back(now - burst.issued_at);
      REQUIRE(dut.r_id_o == burst.id);
      REQUIRE(dut.r_resp_o == expected_resp(addr));
      REQUIRE(static_cast<bool>(dut.r_last_o) == (r_beat + 1 == burst.beats));
      Beat expected{};
      if (expected_resp(addr) == 0) mirror.read(addr, expected);
      REQUIRE(beat_of(dut.r_data_o) == expected);
      ++beats_read;
      if (++r_beat == burst.beats) {
        reads.pop_front();
        r_beat = 0;
        ++reads_done;
      }
    }
    if (dut.w_valid_i && dut.w_ready_o) {
      const Burst& burst = writes_data.front();
      const std::uint64_t addr = burst.addr + w_beat * kBeatBytes;
      if (expected_resp(addr) == 0) mirror.write(addr, write_data.at(addr));
      write_data.erase(addr);
      if (++w_beat == burst.beats) {
        writes_resp.push_back(burst);
        writes_data.pop_front();
        w_beat = 0;
      }
    }
    if (dut.b_valid_o && dut.b_ready_i) {
      REQUIRE_FALSE(writes_resp.empty());
      const Burst& burst = writes_resp.front();
      std::uint8_t worst = 0;
      for (unsigned b = 0; b < burst.beats; ++b) worst = std::max(worst, expected_resp(burst.addr + b * kBeatBytes));
      REQUIRE(dut.b_id_o == burst.id);
      REQUIRE(dut.b_resp_o == worst);
      writes_resp.pop_front();
      ++writes_done;
    }
    max_reads_outstanding = std::max<std::uint64_t>(max_reads_outstanding, reads.size());
    h.posedge();
    REQUIRE_FALSE(h.assertion_failed());
  }

  bool idle() const { return reads.empty() && writes_data.empty() && writes_resp.empty() && !ar_pending && !aw_pending; }

  void drain() {
    for (int n = 0; n < 100000 && !idle(); ++n) cycle(false, false, 0, 1, 0);
    REQUIRE(idle());
  }

  // A 4-beat read at `addr` alone on the bus: issued, then drained.
  void isolated_read(std::uint64_t addr) {
    ar_pending = Burst{1, addr, 4, 0};
    while (ar_pending) cycle(false, false, 0, 1, 0);
    drain();
  }
};

void start(Harness<Vhbm_stub_256>& h, Master& master, const HbmConfig& config) {
  HbmNodes::configure(1, kNodeBytes, h.seed());
  HbmNodes::node(0).set_config(config);
  auto& dut = h.dut();
  dut.ar_valid_i = dut.aw_valid_i = dut.w_valid_i = 0;
  dut.r_ready_i = dut.b_ready_i = 0;
  h.reset();
  master.stub_cycle_zero = h.cycle();
}

}  // namespace

TEST_CASE("hbm stub: random reads and writes return what was written", "[hbm]") {
  Harness<Vhbm_stub_256> h("hbm random traffic");
  for (const unsigned stall : {0u, 30u}) {
    INFO("stub and master stalls " << stall << "%");
    HbmConfig config;
    config.read_latency = 20;
    config.write_latency = 10;
    config.ready_stall_percent = stall;
    config.valid_gap_percent = stall;
    Master master(h, stall);
    start(h, master, config);
    for (int n = 0; n < 20000; ++n) master.cycle(true, true, 64 * 1024, 16, 50);
    master.drain();
    CHECK(master.reads_done > 300);
    CHECK(master.writes_done > 300);
  }
}

TEST_CASE("hbm stub: first beat after read_latency, plus the row-miss penalty", "[hbm]") {
  Harness<Vhbm_stub_256> h("hbm latency");
  HbmConfig config;
  config.read_latency = 64;
  config.row_miss_penalty = 9;
  Master master(h, 0);
  start(h, master, config);
  // Isolated reads: the first opens row 0 of bank 0 (a miss), the second
  // hits the same row, the third opens another row of the same bank.
  for (const std::uint64_t addr : {0ull, 256ull, 64ull * 1024}) master.isolated_read(addr);
  REQUIRE(master.first_beat_latency.size() == 3);
  CHECK(master.first_beat_latency[0] == 64 + 9);
  CHECK(master.first_beat_latency[1] == 64);
  CHECK(master.first_beat_latency[2] == 64 + 9);
}

// The stub takes new settings at the first edge after they change; they
// apply to requests accepted at the edges after that one.
TEST_CASE("hbm stub: settings replaced during a run apply after the next edge", "[hbm]") {
  Harness<Vhbm_stub_256> h("hbm settings change");
  HbmConfig config;
  config.read_latency = 64;
  config.row_miss_penalty = 0;
  Master master(h, 0);
  start(h, master, config);
  const auto idle_cycle = [&] { master.cycle(false, false, 0, 1, 0); };
  master.isolated_read(0);
  config.read_latency = 20;
  HbmNodes::node(0).set_config(config);
  idle_cycle();
  master.isolated_read(256);
  config.read_latency = 90;
  HbmNodes::set_all(config);
  idle_cycle();
  master.isolated_read(512);
  REQUIRE(master.first_beat_latency.size() == 3);
  CHECK(master.first_beat_latency[0] == 64);
  CHECK(master.first_beat_latency[1] == 20);
  CHECK(master.first_beat_latency[2] == 90);
}

TEST_CASE("hbm stub: outstanding reads are bounded and cover the latency", "[hbm]") {
  Harness<Vhbm_stub_256> h("hbm outstanding");
  HbmConfig config;
  config.read_latency = 64;
  config.row_miss_penalty = 0;
  config.max_outstanding = 8;
  Master master(h, 0);
  start(h, master, config);
  const std::uint64_t begin = h.cycle();
  for (int n = 0; n < 5000; ++n) master.cycle(true, false, 512 * 1024, 16, 0);
  master.drain();
  CHECK(master.max_reads_outstanding == 8);  // the bound is reached, never passed
  // 8 reads of <= 16 beats in flight over a 64-cycle latency cannot keep R busy:
  // the bound is what limits the bandwidth here.
  CHECK(master.beats_read < (h.cycle() - begin));
}

TEST_CASE("hbm stub: full bandwidth with enough in flight", "[hbm]") {
  Harness<Vhbm_stub_256> h("hbm bandwidth");
  HbmConfig config;
  config.read_latency = 64;
  config.row_miss_penalty = 0;
  config.max_outstanding = 64;
  Master master(h, 0);
  start(h, master, config);
  for (int n = 0; n < 500; ++n) master.cycle(true, false, 512 * 1024, 16, 0);  // fill the pipe
  const std::uint64_t beats_before = master.beats_read;
  const int window = 10000;
  for (int n = 0; n < window; ++n) master.cycle(true, false, 512 * 1024, 16, 0);
  const double utilisation = static_cast<double>(master.beats_read - beats_before) / window;
  INFO("R channel busy " << utilisation * 100 << "% of cycles");
  CHECK(utilisation > 0.99);
  master.drain();
}

TEST_CASE("hbm stub: refresh blocks the channel for its duration every period", "[hbm]") {
  Harness<Vhbm_stub_256> h("hbm refresh");
  HbmConfig config;
  config.read_latency = 10;
  config.row_miss_penalty = 0;
  config.refresh_period = 200;
  config.refresh_duration = 30;
  Master master(h, 0);
  start(h, master, config);
  for (int n = 0; n < 20000; ++n) master.cycle(true, true, 64 * 1024, 8, 30);
  master.drain();
  auto in_refresh = [](std::uint64_t stub_cycle) { return stub_cycle % 200 < 30; };
  CHECK(master.new_beat_cycles.size() > 1000);
  CHECK(master.request_cycles.size() > 1000);
  CHECK(std::none_of(master.new_beat_cycles.begin(), master.new_beat_cycles.end(), in_refresh));
  CHECK(std::none_of(master.request_cycles.begin(), master.request_cycles.end(), in_refresh));
}

TEST_CASE("hbm stub: random backpressure is seeded and at the set rate", "[hbm]") {
  Harness<Vhbm_stub_256> h("hbm backpressure");
  HbmConfig config;
  config.ready_stall_percent = 40;
  Master master(h, 0);
  start(h, master, config);
  std::uint64_t low = 0;
  const int cycles = 20000;
  for (int n = 0; n < cycles; ++n) {
    h.settle();
    low += !h->ar_ready_o;
    h.posedge();
  }
  const double rate = static_cast<double>(low) / cycles;
  INFO("AR ready low " << rate * 100 << "% of cycles");
  CHECK(rate > 0.35);
  CHECK(rate < 0.45);
}

TEST_CASE("hbm stub: error ranges answer SLVERR/DECERR, past the node DECERR", "[hbm]") {
  Harness<Vhbm_stub_256> h("hbm errors");
  HbmConfig config;
  config.read_latency = 5;
  Master master(h, 20);
  start(h, master, config);
  HbmNodes::node(0).errors = {{4096, 8191, 2}, {16384, 16384 + 255, 3}};
  for (int n = 0; n < 20000; ++n) master.cycle(true, true, 32 * 1024, 16, 50);
  master.drain();
  // Past the end of the node: DECERR (the master's expectation gets a range for it).
  master.ar_pending = Burst{3, kNodeBytes, 4, 0};
  HbmNodes::node(0).errors.push_back({kNodeBytes, ~0ull, 3});
  while (master.ar_pending) master.cycle(false, false, 0, 1, 0);
  master.drain();
  CHECK(master.reads_done > 100);
}

TEST_CASE("hbm stub: the back door and the bus see the same memory", "[hbm]") {
  Harness<Vhbm_stub_256> h("hbm back door");
  HbmConfig config;
  config.read_latency = 3;
  Master master(h, 0);
  start(h, master, config);
  std::vector<std::uint8_t> pattern(4096);
  for (auto& byte : pattern) byte = static_cast<std::uint8_t>(h.rng().next());
  HbmNodes::node(0).memory.write(8192, pattern);  // back door in ...
  master.mirror.write(8192, pattern);
  master.ar_pending = Burst{0, 8192, 128, 0};
  while (master.ar_pending) master.cycle(false, false, 0, 1, 0);
  master.drain();  // ... bus out: checked beat by beat against the mirror
  for (int n = 0; n < 3000; ++n) master.cycle(false, true, 4096, 16, 100);  // bus in ...
  master.drain();
  std::vector<std::uint8_t> back(4096), expected(4096);
  HbmNodes::node(0).memory.read(0, back);  // ... back door out
  master.mirror.read(0, expected);
  CHECK(back == expected);
  CHECK(master.writes_done > 50);
}

TEST_CASE("hbm stub: the AXI checker fires on a burst crossing 4 KiB", "[hbm][assert]") {
  Harness<Vhbm_stub_256> h("hbm checker");
  HbmConfig config;
  Master master(h, 0);
  start(h, master, config);
  h->ar_valid_i = 1;
  h->ar_id_i = 0;
  h->ar_addr_i = 4096 - 64;
  h->ar_len_i = 3;  // 4 beats: 128 bytes, crosses the page
  expect_assertion(h, "axi: illegal read burst addr 0xfc0 len 3", [&] {
    h.run_until([&] { return h->ar_ready_o; }, 100);
    h.posedge();
    h->ar_valid_i = 0;
  });
}
