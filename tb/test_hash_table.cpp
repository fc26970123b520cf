// tsr_hash_table, the core, in two small collision-heavy parameter sets
// (12-bit keys, 2 banks x 8 buckets x 2 ways, 2 stash entries, 3-bit
// counters; 16-bit keys, 3 banks x 16 buckets x 1 way, 3 stash entries,
// 4-bit counters) against HashTableModel: every operation, tags, counters
// that saturate, keys that crowd one bucket, random stalls; bursts of
// inserts and deletes with no stall; and the counter assertion firing on a
// decrement at zero.
#include <cstdio>
#include <vector>

#include "Vhash_table_b3.h"
#include "Vhash_table_k12.h"
#include "table_bench.hpp"

using tessera::Rng;
using namespace tessera::tb;

namespace {

class CoreReference {
 public:
  explicit CoreReference(const HashTableModel::Config& config) : model_(config) {}
  TableResponse apply(const TableRequest& request) {
    const TableResult result = model_.apply(request.op, request.key, request.value, request.decrement);
    return {result.status, result.value, result.zero, false, request.tenant};
  }
  std::size_t size() const { return model_.size(); }
  const HashTableModel& model() const { return model_; }

 private:
  HashTableModel model_;
};

template <class Model>
struct CorePort {
  static void drive(Model& dut, const TableRequest& request) {
    dut.req_op_i = static_cast<std::uint8_t>(request.op);
    dut.req_key_i = static_cast<std::remove_reference_t<decltype(dut.req_key_i)>>(request.key);
    put(dut.req_value_i, request.value);
    dut.req_decrement_i = request.decrement;
    dut.req_tag_i = static_cast<std::uint8_t>(request.tenant);
  }
  static TableResponse sample(const Model& dut) {
    return {static_cast<TableStatus>(dut.resp_status_o), take(dut.resp_value_o), dut.resp_zero_o != 0, false,
            static_cast<unsigned>(dut.resp_tag_o)};
  }
};

// Keys: a pool in which half the keys share bank 0's bucket with another,
// so buckets overflow into the stash and TableFull comes early.
std::vector<std::uint64_t> crowded_keys(Rng& rng, const HashTableModel& model, std::size_t count) {
  const unsigned width = model.config().key_width;
  std::vector<std::uint64_t> keys;
  while (keys.size() < count) {
    const std::uint64_t key = rng.next() & ((1ull << width) - 1);
    if (std::find(keys.begin(), keys.end(), key) != keys.end()) continue;
    if (keys.empty() || rng.percent(50) || model.bucket(0, key) == model.bucket(0, keys.front())) keys.push_back(key);
  }
  return keys;
}

template <class Model>
void random_traffic(const std::string& name, const HashTableModel::Config& config, std::size_t pool_size) {
  Harness<Model> h(name, 20'000'000);
  CoreReference reference(config);
  TableBench<Model, CorePort<Model>, CoreReference> bench(h, reference);
  const std::vector<std::uint64_t> pool = crowded_keys(h.rng(), reference.model(), pool_size);
  const std::uint32_t counter_max = (1u << config.counter_width) - 1;
  h->req_valid_i = 0;
  h->resp_ready_i = 0;
  h.reset();
  std::map<std::string, std::uint64_t> outcomes;
  std::uint64_t requests = 0;
  for (const auto& [request_stall, response_stall] :
       std::vector<std::pair<unsigned, unsigned>>{{0, 0}, {30, 30}, {0, 70}, {70, 0}, {50, 50}}) {
    INFO("stalls: request " << request_stall << "%, response " << response_stall << "%");
    std::deque<std::uint64_t> recent;
    std::uint64_t issued = 0;
    Rng& rng = h.rng();
    auto traffic = [&]() -> std::optional<TableRequest> {
      if (issued == 6000) return std::nullopt;
      const unsigned phase = static_cast<unsigned>((issued / 500) % 3);
      ++issued;
      TableRequest request;
      const auto pick = static_cast<unsigned>(rng.below(100));
      const unsigned inserts = phase == 0 ? 45 : phase == 1 ? 25 : 10;
      const unsigned deletes = phase == 2 ? 35 : 10;
      request.op = pick < inserts                  ? TableOp::insert
                   : pick < inserts + deletes      ? TableOp::remove
                   : pick < inserts + deletes + 30 ? TableOp::adjust
                                                   : TableOp::lookup;
      request.decrement = rng.percent(phase == 1 ? 35 : 55);
      request.key = !recent.empty() && rng.percent(40) ? recent[rng.below(recent.size())] : pool[rng.below(pool.size())];
      request.value[0] = static_cast<std::uint32_t>(rng.next() & ((1ull << config.value_width) - 1));
      // Counters start between 1 and the maximum (0 would break the contract).
      request.value = reference.model().with_counter(request.value, 1 + static_cast<std::uint32_t>(rng.below(counter_max)));
      request.tenant = static_cast<unsigned>(rng.below(16));
      recent.push_back(request.key);
      if (recent.size() > 3) recent.pop_front();
      return request;
    };
    const TableStats stats = bench.run(traffic, request_stall, response_stall);
    if (response_stall == 0) {
      for (const auto& [op, range] : stats.latency) {
        INFO(op_name(op));
        CHECK(range.first == kTableLatency);
        CHECK(range.second == kTableLatency);
      }
    }
    for (const auto& [outcome, count] : stats.outcomes) outcomes[outcome] += count;
    requests += stats.requests;
    h.settle();
    REQUIRE(h->count_o == reference.size());
  }
  std::printf("[%s] %llu requests:", name.c_str(), static_cast<unsigned long long>(requests));
  for (const auto& [outcome, count] : outcomes) std::printf(" %s %llu,", outcome.c_str(), static_cast<unsigned long long>(count));
  std::printf("\n");
  for (const char* outcome : {"insert ok", "insert duplicate", "insert full", "lookup ok", "lookup missing", "delete ok",
                              "delete missing", "adjust ok", "adjust ok zero", "adjust full", "adjust missing"}) {
    INFO(outcome);
    CHECK(outcomes[outcome] > 0);
  }
}

// Back-to-back inserts and deletes over crowded keys, no stalls: nearly
// every insert's placement depends on the write of the operation just ahead
// (a slot it just took or just freed in a shared bucket), the case the D
// stage corrects M's precomputed placement for (a_placement_exact checks
// each one against a from-scratch d-left choice).
template <class Model>
void insert_delete_bursts(const std::string& name, const HashTableModel::Config& config, std::size_t pool_size) {
  Harness<Model> h(name, 20'000'000);
  CoreReference reference(config);
  TableBench<Model, CorePort<Model>, CoreReference> bench(h, reference);
  const std::vector<std::uint64_t> pool = crowded_keys(h.rng(), reference.model(), pool_size);
  const std::uint32_t counter_max = (1u << config.counter_width) - 1;
  h->req_valid_i = 0;
  h->resp_ready_i = 0;
  h.reset();
  std::uint64_t issued = 0;
  Rng& rng = h.rng();
  auto traffic = [&]() -> std::optional<TableRequest> {
    if (issued == 20000) return std::nullopt;
    const bool filling = (issued / 100) % 2 == 0;  // phases: mostly inserts, then mostly deletes
    ++issued;
    TableRequest request;
    request.op = rng.percent(filling ? 75 : 30) ? TableOp::insert : TableOp::remove;
    request.key = pool[rng.below(pool.size())];
    request.value[0] = static_cast<std::uint32_t>(rng.next() & ((1ull << config.value_width) - 1));
    request.value = reference.model().with_counter(request.value, 1 + static_cast<std::uint32_t>(rng.below(counter_max)));
    return request;
  };
  const TableStats stats = bench.run(traffic, 0, 0);
  h.settle();
  REQUIRE(h->count_o == reference.size());
  std::printf("[%s] %llu requests:", name.c_str(), static_cast<unsigned long long>(stats.requests));
  for (const auto& [outcome, count] : stats.outcomes) std::printf(" %s %llu,", outcome.c_str(), static_cast<unsigned long long>(count));
  std::printf("\n");
  for (const char* outcome : {"insert ok", "insert duplicate", "insert full", "delete ok", "delete missing"}) {
    INFO(outcome);
    CHECK(stats.seen(outcome) > 0);
  }
}

// An entry inserted with counter 0 and then decremented breaks the core's
// contract: a_no_decrement_at_zero fires (the entry is still removed, the
// counter never wraps).
template <class Model>
void provoke_decrement_at_zero(const std::string& name) {
  Harness<Model> h(name);
  h->req_valid_i = 0;
  h->resp_ready_i = 1;
  h.reset();
  h.run_until([&] { return h->req_ready_o != 0; }, 200);
  h->req_valid_i = 1;
  h->req_op_i = static_cast<std::uint8_t>(TableOp::insert);
  h->req_key_i = 0x12;
  h->req_value_i = 0x40;  // counter bits zero
  h->req_decrement_i = 0;
  h.posedge();
  h->req_op_i = static_cast<std::uint8_t>(TableOp::adjust);
  h->req_decrement_i = 1;
  h.settle();
  REQUIRE(h->req_ready_o);
  REQUIRE_FALSE(h.assertion_failed());
  h.posedge();
  h->req_valid_i = 0;
  for (int i = 0; i < 4; ++i) h.posedge();
  CHECK(h.assertion_failed());
}

}  // namespace

TEST_CASE("hash table k12: random operations with stalls against the model", "[hash_table]") {
  random_traffic<Vhash_table_k12>("hash table k12", {12, 12, 3, 32, 2, 2, 2}, 48);
}
TEST_CASE("hash table b3: random operations with stalls against the model", "[hash_table]") {
  random_traffic<Vhash_table_b3>("hash table b3", {16, 20, 4, 48, 3, 1, 3}, 70);
}
TEST_CASE("hash table k12: back-to-back inserts and deletes on crowded buckets", "[hash_table]") {
  insert_delete_bursts<Vhash_table_k12>("hash table k12 bursts", {12, 12, 3, 32, 2, 2, 2}, 48);
}
TEST_CASE("hash table b3: back-to-back inserts and deletes on crowded buckets", "[hash_table]") {
  insert_delete_bursts<Vhash_table_b3>("hash table b3 bursts", {16, 20, 4, 48, 3, 1, 3}, 70);
}
TEST_CASE("hash table: a decrement at counter zero fires a_no_decrement_at_zero", "[hash_table][assert]") {
  provoke_decrement_at_zero<Vhash_table_k12>("hash table decrement at zero");
}
