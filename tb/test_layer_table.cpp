// tsr_layer_table at 16 and 1024 entries against HashTableModel (the core's
// exact hashing and placement, so every TableFull is predicted): random
// lookups, inserts, reference increments and decrements (to zero and
// removal) and deletes of (layer id, tenant) keys with random stalls on both
// ports; the reference count's limits; latency and throughput; assertions
// that fire.
#include <cstdio>
#include <set>
#include <vector>

#include "Vlayer_table_c1024.h"
#include "Vlayer_table_c16.h"
#include "table_bench.hpp"
#include "tessera/crc32.hpp"

using tessera::Rng;
using namespace tessera::tb;

namespace {

constexpr unsigned kKeyWidth = 40;     // tessera_pkg::LayerKeyWidth
constexpr unsigned kEntryWidth = 121;  // tessera_pkg::LayerEntryWidth
constexpr unsigned kRefWidth = 16;     // tessera_pkg::RefCountWidth

// layer_key_t: tenant [39:32], layer id [31:0].
std::uint64_t layer_key(unsigned tenant, std::uint32_t layer_id) { return static_cast<std::uint64_t>(tenant) << 32 | layer_id; }

// layer_entry_t, packed: node [120:116], addr [115:82], bytes [81:48],
// signature [47:16], references [15:0].
TableValue layer_entry(unsigned node, std::uint64_t addr, std::uint64_t bytes, std::uint32_t signature, unsigned references) {
  TableValue value{};
  set_bits(value, 116, 5, node);
  set_bits(value, 82, 34, addr);
  set_bits(value, 48, 34, bytes);
  set_bits(value, 16, 32, signature);
  set_bits(value, 0, 16, references);
  return value;
}

TableValue random_entry(Rng& rng) {
  return layer_entry(static_cast<unsigned>(rng.below(32)), rng.next() & ((1ull << 34) - 1), rng.next() & ((1ull << 34) - 1),
                     static_cast<std::uint32_t>(rng.next()), static_cast<unsigned>(rng.below(1u << 16)));
}

// The layer table: the core's table; an insert enters with count 1.
class LayerReference {
 public:
  explicit LayerReference(unsigned capacity) : model_({kKeyWidth, kEntryWidth, kRefWidth, capacity, 4, 4, 8}) {}

  TableResponse apply(const TableRequest& request) {
    TableValue value = request.value;
    if (request.op == TableOp::insert) set_bits(value, 0, kRefWidth, 1);
    const TableResult result = model_.apply(request.op, request.key, value, request.decrement);
    if (request.op == TableOp::insert && result.status == TableStatus::full) full_seen = true;
    return {result.status, result.value, result.zero, false, 0};
  }
  std::size_t size() const { return model_.size(); }

  bool full_seen = false;

 private:
  HashTableModel model_;
};

template <class Model>
struct LayerPort {
  static void drive(Model& dut, const TableRequest& request) {
    dut.req_op_i = static_cast<std::uint8_t>(request.op);
    dut.req_decrement_i = request.decrement;
    dut.req_key_i = request.key;
    put(dut.req_entry_i, request.value);
  }
  static TableResponse sample(const Model& dut) {
    return {static_cast<TableStatus>(dut.resp_status_o), take(dut.resp_entry_o), dut.resp_zero_o != 0, false, 0};
  }
};

template <class Model>
using LayerBench = TableBench<Model, LayerPort<Model>, LayerReference>;

// Keys: (tenant 0..3, layer id) with layer ids the CRC-32 of names.
std::vector<std::uint64_t> layer_keys(Rng& rng, std::size_t count) {
  std::vector<std::uint64_t> keys;
  std::set<std::uint64_t> seen;
  while (keys.size() < count) {
    const std::uint64_t key = layer_key(static_cast<unsigned>(rng.below(4)), tessera::name_id("layer" + std::to_string(rng.next())));
    if (seen.insert(key).second) keys.push_back(key);
  }
  return keys;
}

// Random operations in three repeating phases (filling, steady sharing,
// releasing), a third of them on one of the last four keys.
class LayerTraffic {
 public:
  LayerTraffic(Rng& rng, std::vector<std::uint64_t> pool, std::uint64_t total, std::uint64_t phase_length)
      : rng_(rng), pool_(std::move(pool)), total_(total), phase_length_(phase_length) {}

  std::optional<TableRequest> operator()() {
    if (issued_ == total_) return std::nullopt;
    // insert, lookup, increment, decrement, delete (percent)
    static constexpr std::array<std::array<unsigned, 5>, 3> kWeights = {
        {{50, 20, 15, 13, 2}, {20, 30, 25, 23, 2}, {5, 25, 15, 50, 5}}};
    const auto& w = kWeights[(issued_ / phase_length_) % 3];
    ++issued_;
    TableRequest request;
    const auto pick = static_cast<unsigned>(rng_.below(100));
    if (pick < w[0]) {
      request.op = TableOp::insert;
    } else if (pick < w[0] + w[1]) {
      request.op = TableOp::lookup;
    } else if (pick < w[0] + w[1] + w[2]) {
      request.op = TableOp::adjust;
    } else if (pick < w[0] + w[1] + w[2] + w[3]) {
      request.op = TableOp::adjust;
      request.decrement = true;
    } else {
      request.op = TableOp::remove;
    }
    if (!recent_.empty() && rng_.percent(33)) {
      request.key = recent_[rng_.below(recent_.size())];
    } else if (request.op != TableOp::insert && rng_.percent(5)) {
      request.key = layer_key(static_cast<unsigned>(4 + rng_.below(252)), static_cast<std::uint32_t>(rng_.next()));
    } else {
      request.key = pool_[rng_.below(pool_.size())];
    }
    request.value = random_entry(rng_);
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
  std::uint64_t issued_ = 0;
};

template <class Model>
void random_traffic(const std::string& name, unsigned capacity, std::size_t pool_size, std::uint64_t per_run,
                    std::uint64_t phase_length) {
  Harness<Model> h(name, 20'000'000);
  LayerReference reference(capacity);
  LayerBench<Model> bench(h, reference);
  const std::vector<std::uint64_t> pool = layer_keys(h.rng(), pool_size);
  h->req_valid_i = 0;
  h->resp_ready_i = 0;
  h.reset();
  std::map<std::string, std::uint64_t> outcomes;
  std::uint64_t requests = 0;
  for (const auto& [request_stall, response_stall] :
       std::vector<std::pair<unsigned, unsigned>>{{0, 0}, {30, 30}, {0, 70}, {70, 0}, {50, 50}}) {
    INFO("stalls: request " << request_stall << "%, response " << response_stall << "%");
    LayerTraffic traffic(h.rng(), pool, per_run, phase_length);
    const TableStats stats = bench.run(std::ref(traffic), request_stall, response_stall);
    for (const auto& [outcome, count] : stats.outcomes) outcomes[outcome] += count;
    requests += stats.requests;
    h.settle();
    REQUIRE(h->count_o == reference.size());
  }
  std::printf("[%s] %llu requests:", name.c_str(), static_cast<unsigned long long>(requests));
  for (const auto& [outcome, count] : outcomes) std::printf(" %s %llu,", outcome.c_str(), static_cast<unsigned long long>(count));
  std::printf("\n");
  for (const char* outcome : {"insert ok", "insert duplicate", "insert full", "lookup ok", "lookup missing", "adjust ok",
                              "adjust ok zero", "adjust missing", "delete ok", "delete missing"}) {
    INFO(outcome);
    CHECK(outcomes[outcome] > 0);
  }
}

// One layer shared by 65535 networks: the count reaches its maximum, one
// more reference is refused (TableFull, entry unchanged), then every
// reference is dropped and the last one removes the entry.
template <class Model>
void reference_limits(const std::string& name) {
  Harness<Model> h(name, 20'000'000);
  LayerReference reference(16);
  LayerBench<Model> bench(h, reference);
  h->req_valid_i = 0;
  h->resp_ready_i = 0;
  h.reset();
  const std::uint64_t key = layer_key(3, tessera::name_id("backbone.conv1"));
  const TableValue entry = layer_entry(7, 0x12345000, 0x8000, 0xdeadbeef, 0);
  std::uint64_t step = 0;
  const TableStats up = bench.run(
      [&]() -> std::optional<TableRequest> {
        if (step == 65536) return std::nullopt;
        return step++ == 0 ? TableRequest{TableOp::insert, key, entry, false, 0} : TableRequest{TableOp::adjust, key, {}, false, 0};
      },
      0, 10);
  CHECK(up.seen("insert ok") == 1);
  CHECK(up.seen("adjust ok") == 65534);
  CHECK(up.seen("adjust full") == 1);
  step = 0;
  const TableStats down = bench.run(
      [&]() -> std::optional<TableRequest> {
        if (step++ == 65536) return std::nullopt;
        return TableRequest{TableOp::adjust, key, {}, true, 0};
      },
      10, 0);
  CHECK(down.seen("adjust ok") == 65534);
  CHECK(down.seen("adjust ok zero") == 1);
  CHECK(down.seen("adjust missing") == 1);
  h.settle();
  CHECK(h->count_o == 0);
}

template <class Model>
void latency_and_throughput(const std::string& name, unsigned capacity) {
  Harness<Model> h(name, 20'000'000);
  LayerReference reference(capacity);
  LayerBench<Model> bench(h, reference);
  h->req_valid_i = 0;
  h->resp_ready_i = 0;
  h.reset();
  const std::vector<std::uint64_t> keys = layer_keys(h.rng(), 8);
  std::map<std::string, std::uint64_t> worst;
  const auto one = [&](const TableRequest& request, const std::string& what) {
    bool given = false;
    const TableStats stats = bench.run(
        [&]() -> std::optional<TableRequest> {
          if (given) return std::nullopt;
          given = true;
          return request;
        },
        0, 0);
    const auto& [low, high] = stats.latency.at(request.op);
    REQUIRE(high <= 4);
    CHECK(low == kTableLatency);
    CHECK(high == kTableLatency);
    worst[what] = std::max(worst[what], high);
  };
  for (const std::uint64_t key : keys) {
    one({TableOp::insert, key, random_entry(h.rng()), false, 0}, "insert");
    one({TableOp::lookup, key, {}, false, 0}, "lookup");
    one({TableOp::adjust, key, {}, false, 0}, "increment");
    one({TableOp::adjust, key, {}, true, 0}, "decrement");
    one({TableOp::adjust, key, {}, true, 0}, "decrement to zero");
  }
  std::uint64_t n = 0;
  Rng& rng = h.rng();
  const TableStats mixed = bench.run(
      [&]() -> std::optional<TableRequest> {
        if (n == 4000) return std::nullopt;
        ++n;
        const auto kind = rng.below(4);
        return TableRequest{kind == 0 ? TableOp::insert : kind == 1 ? TableOp::lookup : TableOp::adjust, keys[rng.below(4)],
                            random_entry(rng), kind == 3, 0};
      },
      0, 0);
  const double rate = static_cast<double>(mixed.requests) / static_cast<double>(mixed.last_accept - mixed.first_accept + 1);
  std::printf("[%s] latency (accept to response valid, no stalls): insert %llu, lookup %llu, increment %llu, "
              "decrement %llu, decrement to zero %llu cycles; back to back: %llu mixed operations on 4 keys in %llu "
              "cycles (%.3f per cycle)\n",
              name.c_str(), static_cast<unsigned long long>(worst["insert"]), static_cast<unsigned long long>(worst["lookup"]),
              static_cast<unsigned long long>(worst["increment"]), static_cast<unsigned long long>(worst["decrement"]),
              static_cast<unsigned long long>(worst["decrement to zero"]), static_cast<unsigned long long>(mixed.requests),
              static_cast<unsigned long long>(mixed.last_accept - mixed.first_accept + 1), rate);
  CHECK(rate == 1.0);
}

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
  h->req_decrement_i = 1;  // not accepted yet: illegal change
  h.posedge();
  h.posedge();
  CHECK(h.assertion_failed());
}

}  // namespace

TEST_CASE("layer table 16: random reference traffic with stalls against the model", "[layer_table]") {
  random_traffic<Vlayer_table_c16>("layer table 16", 16, 40, 4000, 700);
}
TEST_CASE("layer table 1024: random reference traffic with stalls against the model", "[layer_table]") {
  random_traffic<Vlayer_table_c1024>("layer table 1024", 1024, 1400, 7500, 2500);
}
TEST_CASE("layer table: the reference count saturates at 65535 and the last release removes", "[layer_table]") {
  reference_limits<Vlayer_table_c16>("layer table limits");
}
TEST_CASE("layer table: latency and back-to-back throughput", "[layer_table][perf]") {
  latency_and_throughput<Vlayer_table_c16>("layer table 16 timing", 16);
  latency_and_throughput<Vlayer_table_c1024>("layer table 1024 timing", 1024);
}
TEST_CASE("layer table: a request changed while stalled fires the stream assertion", "[layer_table][assert]") {
  provoke_unstable_request<Vlayer_table_c16>("layer table unstable request");
}
