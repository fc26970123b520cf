// tsr_tile_directory at 16, 1024 and 4096 entries against HashTableModel
// (the core's exact hashing and placement, so every TableFull is predicted)
// plus the tenant rule: random multi-tenant traffic with random stalls on
// both ports, the capacity guarantee and the load reached at the first
// TableFull, latency and throughput, and assertions that fire.
#include <cstdio>
#include <set>
#include <vector>

#include "Vtile_directory_c1024.h"
#include "Vtile_directory_c16.h"
#include "Vtile_directory_c4096.h"
#include "table_bench.hpp"
#include "tessera/crc32.hpp"

using tessera::Rng;
using namespace tessera::tb;

namespace {

constexpr unsigned kKeyWidth = 48;
constexpr unsigned kLocationWidth = 82;  // tessera_pkg::TileLocationWidth
constexpr unsigned kTenants = 4;         // tenants the traffic mostly uses

// tile_location_t, packed: node [81:77], addr [76:43], bytes [42:9],
// owner.is_public [8], owner.tenant [7:0].
TableValue location(unsigned node, std::uint64_t addr, std::uint64_t bytes, bool is_public, unsigned tenant) {
  TableValue value{};
  set_bits(value, 77, 5, node);
  set_bits(value, 43, 34, addr);
  set_bits(value, 9, 34, bytes);
  set_bits(value, 8, 1, is_public);
  set_bits(value, 0, 8, tenant);
  return value;
}

// The tile directory: the core's table plus the tenant rule of a lookup.
class DirectoryReference {
 public:
  explicit DirectoryReference(unsigned capacity) : model_({kKeyWidth, kLocationWidth, 1, capacity, 4, 4, 8}) {}

  TableResponse apply(const TableRequest& request) {
    const TableResult result = model_.apply(request.op, request.key, request.value, false);
    if (request.op == TableOp::insert && result.status == TableStatus::full) full_seen = true;
    if (request.op == TableOp::lookup && result.status == TableStatus::ok) {
      const bool is_public = get_bits(result.value, 8, 1) != 0;
      const auto owner = static_cast<unsigned>(get_bits(result.value, 0, 8));
      if (!is_public && owner != request.tenant) return {TableStatus::missing, TableValue{}, false, true, 0};
    }
    return {result.status, result.value, false, false, 0};
  }
  std::size_t size() const { return model_.size(); }
  const HashTableModel& model() const { return model_; }

  bool full_seen = false;

 private:
  HashTableModel model_;
};

template <class Model>
struct DirectoryPort {
  static void drive(Model& dut, const TableRequest& request) {
    dut.req_op_i = static_cast<std::uint8_t>(request.op);
    dut.req_key_i = request.key;
    dut.req_tenant_i = static_cast<std::uint8_t>(request.tenant);
    put(dut.req_location_i, request.value);
  }
  static TableResponse sample(const Model& dut) {
    return {static_cast<TableStatus>(dut.resp_status_o), take(dut.resp_location_o), false, dut.resp_denied_o != 0, 0};
  }
};

template <class Model>
using DirectoryBench = TableBench<Model, DirectoryPort<Model>, DirectoryReference>;

// Tile keys as networks have them: layers (random ids) with runs of
// consecutive positions, one dtype each.
std::vector<std::uint64_t> tile_keys(Rng& rng, std::size_t count) {
  std::vector<std::uint64_t> keys;
  std::set<std::uint64_t> seen;
  while (keys.size() < count) {
    const std::uint64_t layer = tessera::name_id("layer" + std::to_string(rng.next()));
    const std::uint64_t run = 1 + rng.below(48);
    const std::uint64_t first = rng.below(4096 - run);
    const std::uint64_t dtype = 1 + rng.below(7);
    for (std::uint64_t p = first; p < first + run && keys.size() < count; ++p) {
      const std::uint64_t key = layer << 16 | p << 4 | dtype;
      if (seen.insert(key).second) keys.push_back(key);
    }
  }
  return keys;
}

TableValue random_location(Rng& rng) {
  const bool is_public = rng.percent(40);
  // A public entry's tenant field is noise the rule must ignore.
  const unsigned tenant = is_public ? static_cast<unsigned>(rng.below(256))
                                    : static_cast<unsigned>(rng.percent(90) ? rng.below(kTenants) : rng.below(256));
  return location(static_cast<unsigned>(rng.below(32)), rng.next() & ((1ull << 34) - 1), rng.next() & ((1ull << 34) - 1),
                  is_public, tenant);
}

// Random lookups, inserts and deletes over a key pool, in three phases that
// repeat (filling: mostly inserts; mixed; draining: mostly deletes); a third
// of the keys repeat one of the last four (back-to-back operations on one
// key), some lookups and deletes use keys never inserted. The first
// `prefill` requests insert pool keys in order (a large table fills up).
class DirectoryTraffic {
 public:
  DirectoryTraffic(Rng& rng, std::vector<std::uint64_t> pool, std::uint64_t total, std::uint64_t phase_length,
                   std::uint64_t prefill)
      : rng_(rng), pool_(std::move(pool)), total_(total), phase_length_(phase_length), prefill_(prefill) {}

  std::optional<TableRequest> operator()() {
    if (issued_ == total_ + prefill_) return std::nullopt;
    if (issued_ < prefill_) {
      return TableRequest{TableOp::insert, pool_[issued_++ % pool_.size()], random_location(rng_), false, 0};
    }
    static constexpr std::array<std::array<unsigned, 3>, 3> kWeights = {{{60, 30, 10}, {30, 50, 20}, {10, 40, 50}}};
    const auto& weights = kWeights[((issued_ - prefill_) / phase_length_) % 3];
    ++issued_;
    TableRequest request;
    const auto pick = static_cast<unsigned>(rng_.below(100));
    request.op = pick < weights[0] ? TableOp::insert : pick < weights[0] + weights[1] ? TableOp::lookup : TableOp::remove;
    if (!recent_.empty() && rng_.percent(33)) {
      request.key = recent_[rng_.below(recent_.size())];
    } else if (request.op != TableOp::insert && rng_.percent(5)) {
      request.key = (rng_.next() & ((1ull << kKeyWidth) - 1)) | 1ull << 47;  // pool keys have CRC ids; this one is new
    } else {
      request.key = pool_[rng_.below(pool_.size())];
    }
    request.value = random_location(rng_);
    request.tenant = static_cast<unsigned>(rng_.percent(90) ? rng_.below(kTenants) : rng_.below(256));
    recent_.push_back(request.key);
    if (recent_.size() > 4) recent_.pop_front();
    return request;
  }

 private:
  Rng& rng_;
  std::vector<std::uint64_t> pool_;
  std::deque<std::uint64_t> recent_;
  std::uint64_t total_;
  std::uint64_t phase_length_;
  std::uint64_t prefill_;
  std::uint64_t issued_ = 0;
};

template <class Model>
void random_traffic(const std::string& name, unsigned capacity, std::size_t pool_size, std::uint64_t per_run,
                    std::uint64_t phase_length, std::uint64_t prefill, std::vector<std::pair<unsigned, unsigned>> stalls) {
  Harness<Model> h(name, 20'000'000);
  DirectoryReference reference(capacity);
  DirectoryBench<Model> bench(h, reference);
  const std::vector<std::uint64_t> pool = tile_keys(h.rng(), pool_size);
  h->req_valid_i = 0;
  h->resp_ready_i = 0;
  h.reset();
  std::map<std::string, std::uint64_t> outcomes;
  std::uint64_t requests = 0;
  for (const auto& [request_stall, response_stall] : stalls) {
    INFO("stalls: request " << request_stall << "%, response " << response_stall << "%");
    DirectoryTraffic traffic(h.rng(), pool, per_run, phase_length, requests == 0 ? prefill : 0);
    const TableStats stats = bench.run(std::ref(traffic), request_stall, response_stall);
    for (const auto& [outcome, count] : stats.outcomes) outcomes[outcome] += count;
    requests += stats.requests;
    h.settle();
    REQUIRE(h->count_o == reference.size());  // drained: the entries held agree
  }
  std::printf("[%s] %llu requests:", name.c_str(), static_cast<unsigned long long>(requests));
  for (const auto& [outcome, count] : outcomes) std::printf(" %s %llu,", outcome.c_str(), static_cast<unsigned long long>(count));
  std::printf("\n");
  // Every answer the directory can give was exercised.
  for (const char* outcome : {"insert ok", "insert duplicate", "insert full", "lookup ok", "lookup missing",
                              "lookup missing denied", "delete ok", "delete missing"}) {
    INFO(outcome);
    CHECK(outcomes[outcome] > 0);
  }
}

// Fresh random key sets, each inserted into an empty directory until the
// first TableFull (the RTL answer checked against the model at every
// insert); returns the entries held at that point, per set.
template <class Model>
std::vector<std::size_t> fill_to_full(Harness<Model>& h, unsigned capacity, int sets, bool tile_shaped) {
  std::vector<std::size_t> fills;
  for (int set = 0; set < sets; ++set) {
    DirectoryReference reference(capacity);
    DirectoryBench<Model> bench(h, reference);
    const std::vector<std::uint64_t> keys =
        tile_shaped ? tile_keys(h.rng(), capacity + 64) : std::vector<std::uint64_t>{};
    std::size_t next = 0;
    Rng& rng = h.rng();
    auto inserts = [&]() -> std::optional<TableRequest> {
      if (reference.full_seen) return std::nullopt;
      TableRequest request;
      request.op = TableOp::insert;
      request.key = tile_shaped ? keys.at(next++) : rng.next() & ((1ull << kKeyWidth) - 1);
      request.value = random_location(rng);
      return request;
    };
    h->req_valid_i = 0;
    h.reset();
    const TableStats stats = bench.run(inserts, 20, 20);
    REQUIRE(stats.full_seen);
    fills.push_back(stats.first_full_size);
  }
  return fills;
}

// The same measure on the model alone (it gives the RTL's answers exactly,
// as fill_to_full checks), over many more sets.
std::vector<std::size_t> model_fill_to_full(Rng& rng, unsigned capacity, int sets, bool tile_shaped) {
  std::vector<std::size_t> fills;
  for (int set = 0; set < sets; ++set) {
    HashTableModel model({kKeyWidth, kLocationWidth, 1, capacity, 4, 4, 8});
    const std::vector<std::uint64_t> keys = tile_shaped ? tile_keys(rng, capacity + 64) : std::vector<std::uint64_t>{};
    for (std::size_t i = 0;; ++i) {
      const std::uint64_t key = tile_shaped ? keys.at(i) : rng.next() & ((1ull << kKeyWidth) - 1);
      if (model.insert(key, TableValue{}).status == TableStatus::full) break;
    }
    fills.push_back(model.size());
  }
  return fills;
}

void report_fill(const char* what, unsigned capacity, const std::vector<std::size_t>& fills) {
  const auto [low, high] = std::minmax_element(fills.begin(), fills.end());
  double sum = 0;
  for (const std::size_t f : fills) sum += static_cast<double>(f);
  const double mean = sum / static_cast<double>(fills.size());
  std::printf("[load factor] %u entries, %s, %zu sets: first TableFull at %zu / %.1f / %zu entries (min/mean/max) = "
              "%.1f%% / %.1f%% / %.1f%% of capacity\n",
              capacity, what, fills.size(), *low, mean, *high, 100.0 * static_cast<double>(*low) / capacity,
              100.0 * mean / capacity, 100.0 * static_cast<double>(*high) / capacity);
}

template <class Model>
void load_factor(const std::string& name, unsigned capacity, int rtl_sets, int model_sets) {
  Harness<Model> h(name, 20'000'000);
  const std::size_t guaranteed = 4 * 4 + 8;
  for (const bool tile_shaped : {false, true}) {
    const char* what = tile_shaped ? "tile keys (runs of positions)" : "random 48-bit keys";
    const std::vector<std::size_t> rtl = fill_to_full(h, capacity, rtl_sets, tile_shaped);
    report_fill((std::string(what) + ", RTL").c_str(), capacity, rtl);
    const std::vector<std::size_t> model = model_fill_to_full(h.rng(), capacity, model_sets, tile_shaped);
    report_fill((std::string(what) + ", model").c_str(), capacity, model);
    // The guarantee: no TableFull below Banks*Ways + StashEntries entries.
    CHECK(*std::min_element(rtl.begin(), rtl.end()) >= guaranteed);
    CHECK(*std::min_element(model.begin(), model.end()) >= guaranteed);
  }
}

// Latency of each kind of operation alone (accept to response valid) and
// the rate of back-to-back requests, no stalls.
template <class Model>
void latency_and_throughput(const std::string& name, unsigned capacity) {
  Harness<Model> h(name, 20'000'000);
  DirectoryReference reference(capacity);
  DirectoryBench<Model> bench(h, reference);
  h->req_valid_i = 0;
  h->resp_ready_i = 0;
  h.reset();
  const std::vector<std::uint64_t> keys = tile_keys(h.rng(), 16);
  // One request at a time: the bench offers the next once the last is answered.
  std::map<TableOp, std::pair<std::uint64_t, std::uint64_t>> alone;
  for (const TableOp op : {TableOp::insert, TableOp::lookup, TableOp::remove, TableOp::lookup, TableOp::insert}) {
    for (const std::uint64_t key : keys) {
      TableRequest request{op, key, random_location(h.rng()), false, 0};
      bool given = false;
      const TableStats stats = bench.run(
          [&]() -> std::optional<TableRequest> {
            if (given) return std::nullopt;
            given = true;
            return request;
          },
          0, 0);
      const auto& [low, high] = stats.latency.at(op);
      auto [it, fresh] = alone.try_emplace(op, low, high);
      if (!fresh) it->second = {std::min(it->second.first, low), std::max(it->second.second, high)};
    }
  }
  for (const auto& [op, range] : alone) {
    INFO(op_name(op));
    REQUIRE(range.second <= 4);  // the requirement: a result within 4 cycles of acceptance
    CHECK(range.first == kTableLatency);  // this design: always 4
    CHECK(range.second == kTableLatency);
  }
  // Back to back: 2000 lookups of present and absent keys, then 2000 mixed
  // operations on 8 keys (every one conflicts with the ones just ahead).
  std::uint64_t n = 0;
  Rng& rng = h.rng();
  const TableStats lookups = bench.run(
      [&]() -> std::optional<TableRequest> {
        if (n == 2000) return std::nullopt;
        ++n;
        return TableRequest{TableOp::lookup, keys[rng.below(keys.size())] ^ (rng.percent(50) ? 0 : 1ull << 40),
                            TableValue{}, false, static_cast<unsigned>(rng.below(kTenants))};
      },
      0, 0);
  n = 0;
  const TableStats mixed = bench.run(
      [&]() -> std::optional<TableRequest> {
        if (n == 2000) return std::nullopt;
        ++n;
        const auto op = static_cast<TableOp>(rng.below(3));
        return TableRequest{op, keys[rng.below(8)], random_location(rng), false, static_cast<unsigned>(rng.below(kTenants))};
      },
      0, 0);
  const auto rate = [](const TableStats& s) {
    return static_cast<double>(s.requests) / static_cast<double>(s.last_accept - s.first_accept + 1);
  };
  std::printf("[%s] latency (accept to response valid, no stalls): insert %llu, lookup %llu, delete %llu cycles; "
              "back to back: %llu lookups in %llu cycles (%.3f per cycle, latency %llu..%llu), "
              "%llu mixed operations on 8 keys in %llu cycles (%.3f per cycle)\n",
              name.c_str(), static_cast<unsigned long long>(alone[TableOp::insert].second),
              static_cast<unsigned long long>(alone[TableOp::lookup].second),
              static_cast<unsigned long long>(alone[TableOp::remove].second),
              static_cast<unsigned long long>(lookups.requests),
              static_cast<unsigned long long>(lookups.last_accept - lookups.first_accept + 1), rate(lookups),
              static_cast<unsigned long long>(lookups.latency.at(TableOp::lookup).first),
              static_cast<unsigned long long>(lookups.latency.at(TableOp::lookup).second),
              static_cast<unsigned long long>(mixed.requests),
              static_cast<unsigned long long>(mixed.last_accept - mixed.first_accept + 1), rate(mixed));
  CHECK(rate(lookups) == 1.0);
  CHECK(rate(mixed) == 1.0);
  CHECK(lookups.latency.at(TableOp::lookup).second == kTableLatency);
}

// Any 24 keys (Banks*Ways + StashEntries) fit; at 16 entries every key maps
// to the one bucket of each bank, so any key set fills all 16 bucket slots
// and the 8 stash slots, and the 25th insert is TableFull.
template <class Model>
void guarantee_16(const std::string& name) {
  Harness<Model> h(name, 20'000'000);
  for (int set = 0; set < 50; ++set) {
    DirectoryReference reference(16);
    DirectoryBench<Model> bench(h, reference);
    const std::vector<std::uint64_t> keys = set % 2 ? tile_keys(h.rng(), 25) : std::vector<std::uint64_t>{};
    int n = 0;
    Rng& rng = h.rng();
    h->req_valid_i = 0;
    h.reset();
    const TableStats stats = bench.run(
        [&]() -> std::optional<TableRequest> {
          if (n == 25) return std::nullopt;
          const std::uint64_t key = keys.empty() ? (rng.next() & ((1ull << kKeyWidth) - 1)) : keys[n];
          ++n;
          return TableRequest{TableOp::insert, key, random_location(rng), false, 0};
        },
        30, 30);
    REQUIRE(stats.seen("insert ok") == 24);
    REQUIRE(stats.seen("insert full") == 1);
    h.settle();
    REQUIRE(h->count_o == 24);
  }
}

// Fills the response FIFO (response port stalled) until the request port
// pushes back; then changes the pending request: the stream assertion fires.
template <class Model>
void provoke_unstable_request(const std::string& name) {
  Harness<Model> h(name);
  h->req_valid_i = 0;
  h->resp_ready_i = 0;
  h.reset();
  h->req_valid_i = 1;
  h->req_op_i = static_cast<std::uint8_t>(TableOp::lookup);
  h->req_key_i = 0x1234;
  h.run_until([&] { return !h->req_ready_o && h->resp_valid_o; }, 200);
  h.posedge();  // the request waits, unchanged
  REQUIRE_FALSE(h.assertion_failed());
  h->req_key_i = 0x5678;  // not accepted yet: illegal change
  h.posedge();
  h.posedge();
  CHECK(h.assertion_failed());
}

// TableAdjust is not a directory command: a_no_adjust fires.
template <class Model>
void provoke_adjust(const std::string& name) {
  Harness<Model> h(name);
  h->req_valid_i = 0;
  h->resp_ready_i = 1;
  h.reset();
  h.run_until([&] { return h->req_ready_o != 0; }, 200);
  REQUIRE_FALSE(h.assertion_failed());
  h->req_valid_i = 1;
  h->req_op_i = static_cast<std::uint8_t>(TableOp::adjust);
  h->req_key_i = 0x1234;
  h.posedge();
  h->req_valid_i = 0;
  h.posedge();
  CHECK(h.assertion_failed());
}

}  // namespace

TEST_CASE("tile directory 16: random multi-tenant traffic with stalls against the model", "[tile_directory]") {
  random_traffic<Vtile_directory_c16>("tile directory 16", 16, 40, 4000, 700, 0,
                                      {{0, 0}, {30, 30}, {0, 70}, {70, 0}, {50, 50}});
}
TEST_CASE("tile directory 1024: random multi-tenant traffic with stalls against the model", "[tile_directory]") {
  random_traffic<Vtile_directory_c1024>("tile directory 1024", 1024, 1400, 7500, 2500, 0,
                                        {{0, 0}, {30, 30}, {0, 70}, {70, 0}, {50, 50}});
}
TEST_CASE("tile directory 4096: random multi-tenant traffic with stalls against the model", "[tile_directory]") {
  random_traffic<Vtile_directory_c4096>("tile directory 4096", 4096, 5200, 12000, 4000, 4400, {{20, 20}, {50, 50}});
}
TEST_CASE("tile directory 16: any 24 tiles fit, the 25th is TableFull", "[tile_directory]") {
  guarantee_16<Vtile_directory_c16>("tile directory 16 guarantee");
}
TEST_CASE("tile directory 1024: load at the first TableFull, RTL and model", "[tile_directory][load]") {
  load_factor<Vtile_directory_c1024>("tile directory 1024 load", 1024, 40, 2000);
}
TEST_CASE("tile directory 4096: load at the first TableFull, RTL and model", "[tile_directory][load]") {
  load_factor<Vtile_directory_c4096>("tile directory 4096 load", 4096, 10, 500);
}
TEST_CASE("tile directory: latency and back-to-back throughput", "[tile_directory][perf]") {
  latency_and_throughput<Vtile_directory_c16>("tile directory 16 timing", 16);
  latency_and_throughput<Vtile_directory_c1024>("tile directory 1024 timing", 1024);
  latency_and_throughput<Vtile_directory_c4096>("tile directory 4096 timing", 4096);
}
TEST_CASE("tile directory: a request changed while stalled fires the stream assertion", "[tile_directory][assert]") {
  provoke_unstable_request<Vtile_directory_c16>("tile directory unstable request");
}
TEST_CASE("tile directory: TableAdjust fires a_no_adjust", "[tile_directory][assert]") {
  provoke_adjust<Vtile_directory_c16>("tile directory adjust");
}
