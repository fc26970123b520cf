// tsr_allocator against the golden model: every response of random
// reserve/allocate/free sequences (random stalls on both streams) is
// compared with tessera::Allocator (docs/spec.md section 9) plus a shadow of
// the live allocations (which regions a free must match exactly), and so
// are the per-node free-unit counts; directed tests for double and foreign
// frees, out of memory, reserved units, the node order and bad arguments;
// the measured worst-case latency and busy time against the stated bounds;
// and a stream assertion provoked on purpose.
#include <algorithm>
#include <cstdint>
#include <deque>
#include <functional>
#include <iostream>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <type_traits>
#include <vector>

#include "Valloc_n1_u64_w8.h"
#include "Valloc_n32_u1024_w64.h"
#include "Valloc_n3_u200_w16.h"
#include "Valloc_n8_u1024_w64.h"
#include "expect_assertion.hpp"
#include "harness.hpp"
#include "tessera/model.hpp"

using tessera::tb::Harness;
using tessera::tb::Stalls;

namespace {

enum Op : unsigned { kAllocate = 0, kFree = 1, kReserve = 2, kBadOp = 3 };
enum Status : unsigned { kOk = 0, kNoMemory = 1, kBadArgs = 2, kDoubleFree = 3, kForeignFree = 4 };

const char* op_name(unsigned op) {
  switch (op) {
    case kAllocate: return "allocate";
    case kFree: return "free";
    case kReserve: return "reserve";
    default: return "op3";
  }
}

const char* status_name(unsigned status) {
  switch (status) {
    case kOk: return "ok";
    case kNoMemory: return "no memory";
    case kBadArgs: return "bad args";
    case kDoubleFree: return "double free";
    case kForeignFree: return "foreign free";
    default: return "?";
  }
}

unsigned clog2(std::uint64_t value) {
  unsigned bits = 0;
  while ((std::uint64_t{1} << bits) < value) ++bits;
  return bits;
}

std::uint64_t mask(unsigned width) { return width >= 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << width) - 1; }

// The DUT's parameters and the bounds tsr_allocator states for them.
struct Config {
  unsigned nodes;
  unsigned units;
  unsigned word_bits;
  unsigned words() const { return (units + word_bits - 1) / word_bits; }
  unsigned count_width() const { return clog2(units + 1ull); }
  unsigned unit_width() const { return units > 1 ? clog2(units) : 1; }
  // Request accepted -> response valid, every command.
  unsigned latency_bound() const { return words() + 5; }
  // Request accepted -> next request accepted, responses consumed at once.
  unsigned interval_bound() const { return 2 * words() + 7; }
  std::string name() const {
    return std::to_string(nodes) + " nodes x " + std::to_string(units) + " units, " + std::to_string(word_bits) + "-unit words";
  }
};

struct Request {
  unsigned op = kAllocate;
  unsigned node = 0;
  bool pinned = false;
  std::uint64_t first = 0;
  std::uint64_t units = 1;
};

struct Response {
  unsigned status = kOk;
  unsigned node = 0;
  std::uint64_t first = 0;
  bool operator==(const Response&) const = default;
};

std::ostream& operator<<(std::ostream& out, const Request& r) {
  return out << op_name(r.op) << "(node " << r.node << (r.pinned ? " pinned" : "") << ", first " << r.first << ", units " << r.units << ")";
}
std::ostream& operator<<(std::ostream& out, const Response& r) {
  return out << status_name(r.status) << " (node " << r.node << ", first " << r.first << ")";
}

// `width` bits at `lsb` of a Verilator port of any width.
template <class T>
std::uint64_t port_bits(const T& port, unsigned lsb, unsigned width) {
  if constexpr (std::is_integral_v<T>) {
    return (static_cast<std::uint64_t>(port) >> lsb) & mask(width);
  } else {
    std::uint64_t value = 0;
    for (unsigned b = 0; b < width; ++b) {
      const unsigned bit = lsb + b;
      if ((port.data()[bit / 32] >> (bit % 32)) & 1u) value |= std::uint64_t{1} << b;
    }
    return value;
  }
}

template <class T>
void set_port(T& port, std::uint64_t value) {
  port = static_cast<std::remove_reference_t<T>>(value);
}

// The expected behaviour: tessera::Allocator for allocate/reserve and the
// free units, and the live allocations, since a free must match one exactly.
class Reference {
 public:
  explicit Reference(const Config& config) : config_(config), model_(config.nodes, config.units), live_(config.nodes) {}

  Response apply(const Request& r) {
    const bool node_ok = r.node < config_.nodes;
    const bool range_ok = r.units != 0 && r.first + r.units <= config_.units;
    switch (r.op) {
      case kAllocate: {
        if (r.units == 0 || (r.pinned && !node_ok)) return {kBadArgs, 0, 0};
        const auto region = model_.allocate(r.units, r.pinned ? std::optional<std::uint32_t>(r.node) : std::nullopt);
        if (!region) return {kNoMemory, 0, 0};
        live_[region->node][region->first_unit] = region->units;
        return {kOk, region->node, region->first_unit};
      }
      case kFree: {
        if (!node_ok || !range_ok) return {kBadArgs, r.node, r.first};
        if (any_free(r.node, r.first, r.units)) return {kDoubleFree, r.node, r.first};
        const auto it = live_[r.node].find(r.first);
        if (it == live_[r.node].end() || it->second != r.units) return {kForeignFree, r.node, r.first};
        model_.free(tessera::Region{r.node, r.first, r.units});
        live_[r.node].erase(it);
        freed_.push_back(tessera::Region{r.node, r.first, r.units});
        if (freed_.size() > 16) freed_.pop_front();
        return {kOk, r.node, r.first};
      }
      case kReserve:
        if (!node_ok || !range_ok) return {kBadArgs, r.node, r.first};
        model_.reserve(r.node, r.first, r.units);
        return {kOk, r.node, r.first};
      default:
        return {kBadArgs, r.node, r.first};
    }
  }

  std::uint64_t free_units(unsigned node) const { return model_.free_units(node); }

  bool any_free(unsigned node, std::uint64_t first, std::uint64_t count) const {
    const auto& runs = model_.free_runs(node);
    auto it = runs.upper_bound(first);
    if (it != runs.begin()) --it;
    for (; it != runs.end() && it->first < first + count; ++it) {
      if (it->first + it->second > first) return true;
    }
    return false;
  }

  bool allocated(unsigned node, std::uint64_t unit) const {
    const auto& live = live_[node];
    auto it = live.upper_bound(unit);
    if (it == live.begin()) return false;
    --it;
    return unit < it->first + it->second;
  }

  bool reserved(unsigned node, std::uint64_t unit) const { return !any_free(node, unit, 1) && !allocated(node, unit); }

  const std::map<std::uint64_t, std::uint64_t>& live(unsigned node) const { return live_[node]; }
  std::size_t live_count() const {
    std::size_t n = 0;
    for (const auto& l : live_) n += l.size();
    return n;
  }
  const std::deque<tessera::Region>& freed() const { return freed_; }

 private:
  Config config_;
  tessera::Allocator model_;
  std::vector<std::map<std::uint64_t, std::uint64_t>> live_;  // per node: first unit -> units
  std::deque<tessera::Region> freed_;                         // recent successful frees
};

// What the runs measured.
struct Stats {
  std::map<std::string, std::uint64_t> outcomes;       // "op: status" -> count
  std::map<std::string, std::uint64_t> max_latency;    // op -> cycles, request accepted -> response valid
  std::map<std::string, std::uint64_t> max_interval;   // "op: status" -> cycles, accept -> next accept (no stalls)
  std::uint64_t largest_allocation = 0;
  std::uint64_t pinned_ok = 0;
  std::uint64_t operations = 0;
};

std::string outcome_key(const Request& r, const Response& rsp) { return std::string(op_name(r.op)) + ": " + status_name(rsp.status); }

// Drives one tsr_allocator model: requests from a generator with random
// stalls on both streams, each response checked against the Reference.
template <class Model>
class Bench {
 public:
  Bench(Harness<Model>& h, const Config& config) : h_(h), config_(config), reference_(config) {}

  Reference& reference() { return reference_; }
  Stats& stats() { return stats_; }
  const Config& config() const { return config_; }

  // Reset; the bitmaps are cleared within Words cycles.
  void reset() {
    h_->req_valid_i = 0;
    h_->rsp_ready_i = 0;
    h_.reset();
    reference_ = Reference(config_);
    const std::uint64_t init = h_.run_until([&] { return static_cast<bool>(h_->req_ready_o); }, config_.words() + 8);
    REQUIRE(init <= config_.words() + 1);
    check_counts();
  }

  // Runs the requests `next` produces (nullopt: no more), with the producer
  // idling and the consumer stalling the given percentages of cycles.
  void run(const std::function<std::optional<Request>()>& next, unsigned producer_stall, unsigned consumer_stall) {
    Stalls producer(h_.rng(), producer_stall);
    Stalls consumer(h_.rng(), consumer_stall);
    const bool measure_interval = producer_stall == 0 && consumer_stall == 0;
    struct Pending {
      Request request;
      Response expected;
      std::uint64_t accepted_at;
      bool seen;
    };
    std::deque<Pending> pending;
    std::optional<std::pair<std::string, std::uint64_t>> previous_accept;  // outcome, cycle
    std::optional<Request> current;
    bool exhausted = false;
    h_->req_valid_i = 0;
    while (true) {
      if (!current && !exhausted && !producer.stall()) {
        current = next();
        if (current) {
          drive(*current);
          h_->req_valid_i = 1;
        } else {
          exhausted = true;
        }
      }
      if (exhausted && !current && pending.empty()) break;
      h_->rsp_ready_i = consumer.stall() ? 0 : 1;
      h_.settle();
      if (h_->rsp_valid_o) {
        REQUIRE_FALSE(pending.empty());
        auto& front = pending.front();
        if (!front.seen) {
          front.seen = true;
          const std::uint64_t latency = h_.cycle() - front.accepted_at;
          auto& worst = stats_.max_latency[op_name(front.request.op)];
          worst = std::max(worst, latency);
          INFO(front.request << " answered after " << latency << " cycles, bound " << config_.latency_bound());
          REQUIRE(latency <= config_.latency_bound());
        }
      }
      const bool fire_request = h_->req_valid_i && h_->req_ready_o;
      const bool fire_response = h_->rsp_valid_o && h_->rsp_ready_i;
      if (fire_response) {
        const Pending done = pending.front();
        pending.pop_front();
        const Response got{static_cast<unsigned>(h_->rsp_status_o), static_cast<unsigned>(h_->rsp_node_o),
                           static_cast<std::uint64_t>(h_->rsp_first_o)};
        INFO("request " << done.request << " (operation " << stats_.operations << ", cycle " << h_.cycle() << ")");
        REQUIRE(got == done.expected);
        REQUIRE(pending.empty());  // one command at a time: nothing was accepted meanwhile
        check_counts();
        record(done.request, got);
        last_response_ = got;
      }
      if (fire_request) {
        REQUIRE_FALSE(h_->rsp_valid_o);
        const Response expected = reference_.apply(*current);
        if (previous_accept && measure_interval) {
          auto& worst = stats_.max_interval[previous_accept->first];
          worst = std::max(worst, h_.cycle() - previous_accept->second);
        }
        previous_accept = std::make_pair(outcome_key(*current, expected), h_.cycle());
        pending.push_back({*current, expected, h_.cycle(), false});
        current.reset();
      }
      h_.posedge();
      if (fire_request) h_->req_valid_i = 0;
      REQUIRE_FALSE(h_.assertion_failed());
    }
  }

  // One request, no stalls: returns the (checked) response.
  Response transact(const Request& request) {
    bool sent = false;
    run([&]() -> std::optional<Request> {
      if (sent) return std::nullopt;
      sent = true;
      return request;
    }, 0, 0);
    return last_response_;
  }

  Response allocate(std::uint64_t units, std::optional<unsigned> pinned = std::nullopt) {
    return transact({kAllocate, pinned.value_or(0), pinned.has_value(), 0, units});
  }
  Response free(unsigned node, std::uint64_t first, std::uint64_t units) { return transact({kFree, node, false, first, units}); }
  Response reserve(unsigned node, std::uint64_t first, std::uint64_t units) { return transact({kReserve, node, false, first, units}); }

  std::uint64_t dut_free_units(unsigned node) {
    return port_bits(h_->free_units_o, node * config_.count_width(), config_.count_width());
  }

  void check_counts() {
    for (unsigned n = 0; n < config_.nodes; ++n) {
      INFO("free units of node " << n);
      REQUIRE(dut_free_units(n) == reference_.free_units(n));
    }
  }

 private:
  void drive(Request& r) {
    // Fields are as wide as the ports; the reference sees what the DUT sees.
    r.node &= 31;
    r.first &= mask(config_.unit_width());
    r.units &= mask(config_.count_width());
    set_port(h_->req_op_i, r.op);
    set_port(h_->req_node_i, r.node);
    set_port(h_->req_pinned_i, r.pinned ? 1 : 0);
    set_port(h_->req_first_i, r.first);
    set_port(h_->req_units_i, r.units);
  }

  void record(const Request& r, const Response& rsp) {
    ++stats_.operations;
    ++stats_.outcomes[outcome_key(r, rsp)];
    if (r.op == kAllocate && rsp.status == kOk) {
      stats_.largest_allocation = std::max(stats_.largest_allocation, r.units);
      if (r.pinned) ++stats_.pinned_ok;
    }
  }

  Harness<Model>& h_;
  Config config_;
  Reference reference_;
  Stats stats_;
  Response last_response_;
};

// Random requests shaped by the reference's state: allocations of every
// size class (pinned or not), exact frees and frees that are wrong in every
// way, reservations, bad arguments. `allocate_percent` steers the pressure.
class Generator {
 public:
  Generator(tessera::Rng& rng, const Config& config, Reference& reference) : rng_(rng), config_(config), reference_(reference) {}
  unsigned allocate_percent = 55;
  unsigned reserve_percent = 4;
  bool release_all = false;  // exact frees of every live allocation, then a whole node

  Request next() {
    Request r;
    if (release_all) {
      if (const auto live = random_live()) return Request{kFree, live->node, false, live->first_unit, live->units};
      release_all = false;
      return Request{kAllocate, static_cast<unsigned>(rng_.below(config_.nodes)), rng_.chance(2), 0, config_.units};
    }
    // Fields a command ignores carry junk: the DUT must not look at them.
    r.node = static_cast<unsigned>(rng_.below(32));
    r.pinned = rng_.chance(2);
    r.first = rng_.below(std::uint64_t{1} << config_.unit_width());
    r.units = rng_.below(std::uint64_t{1} << config_.count_width());
    const unsigned roll = static_cast<unsigned>(rng_.below(100));
    if (roll < 1) {
      r.op = kBadOp;
    } else if (roll < 4) {
      bad_arguments(r);
    } else if (roll < 4 + reserve_percent) {
      reserve(r);
    } else if (roll < 8 + allocate_percent * 92 / 100 || reference_.live_count() == 0) {
      allocate(r);
    } else {
      free(r);
    }
    return r;
  }

 private:
  std::uint64_t units_up_to(std::uint64_t most) { return rng_.between(1, std::max<std::uint64_t>(1, most)); }

  void allocate(Request& r) {
    r.op = kAllocate;
    const std::uint64_t u = config_.units;
    const unsigned roll = static_cast<unsigned>(rng_.below(100));
    if (roll < 35) r.units = units_up_to(std::min<std::uint64_t>(u, 4));
    else if (roll < 60) r.units = units_up_to(std::min<std::uint64_t>(u, 2 * config_.word_bits));
    else if (roll < 78) r.units = units_up_to(u / 4);
    else if (roll < 92) r.units = rng_.between(std::max<std::uint64_t>(1, u / 4), u);
    else if (roll < 96) r.units = u;
    else r.units = std::min<std::uint64_t>(mask(config_.count_width()), u + 1 + rng_.below(4));  // more than a node
    r.pinned = rng_.percent(30);
    if (r.pinned) r.node = static_cast<unsigned>(rng_.below(config_.nodes));
  }

  void reserve(Request& r) {
    r.op = kReserve;
    r.node = static_cast<unsigned>(rng_.below(config_.nodes));
    r.first = rng_.below(config_.units);
    r.units = units_up_to(std::min<std::uint64_t>(config_.units - r.first, 2 * config_.word_bits));
  }

  void bad_arguments(Request& r) {
    r.op = static_cast<unsigned>(rng_.below(3));
    const unsigned kind = static_cast<unsigned>(rng_.below(3));
    if (kind == 0) {
      r.units = 0;
    } else if (kind == 1 && config_.nodes < 32) {
      r.node = static_cast<unsigned>(rng_.between(config_.nodes, 31));
      r.pinned = true;
      r.units = units_up_to(4);
    } else {
      r.op = rng_.chance(2) ? kFree : kReserve;
      r.node = static_cast<unsigned>(rng_.below(config_.nodes));
      r.first = rng_.below(config_.units);
      r.units = config_.units - r.first + 1 + rng_.below(3);
    }
  }

  // A live allocation picked at random: (node, first, units).
  std::optional<tessera::Region> random_live() {
    if (reference_.live_count() == 0) return std::nullopt;
    for (int tries = 0; tries < 64; ++tries) {
      const auto node = static_cast<unsigned>(rng_.below(config_.nodes));
      const auto& live = reference_.live(node);
      if (live.empty()) continue;
      auto it = live.begin();
      std::advance(it, static_cast<long>(rng_.below(live.size())));
      return tessera::Region{node, it->first, it->second};
    }
    for (unsigned node = 0; node < config_.nodes; ++node) {
      const auto& live = reference_.live(node);
      if (!live.empty()) return tessera::Region{node, live.begin()->first, live.begin()->second};
    }
    return std::nullopt;
  }

  void free(Request& r) {
    r.op = kFree;
    const auto live = random_live();
    if (!live) {
      r.node = static_cast<unsigned>(rng_.below(config_.nodes));
      r.first = rng_.below(config_.units);
      r.units = units_up_to(config_.units - r.first);
      return;
    }
    r.node = live->node;
    r.first = live->first_unit;
    r.units = live->units;
    const unsigned roll = static_cast<unsigned>(rng_.below(100));
    if (roll < 62) return;  // exact: must succeed
    if (roll < 70 && !reference_.freed().empty()) {  // an earlier region again
      const auto& old = reference_.freed()[rng_.below(reference_.freed().size())];
      r.node = old.node;
      r.first = old.first_unit;
      r.units = old.units;
    } else if (roll < 76 && r.units > 1) {
      r.units -= rng_.between(1, r.units - 1);  // shorter
    } else if (roll < 82) {
      r.units += rng_.between(1, 3);  // longer
    } else if (roll < 87) {
      const auto& map = reference_.live(r.node);  // this one and the next live one
      const auto next = map.upper_bound(r.first);
      if (next != map.end()) r.units = next->first + next->second - r.first;
      else r.units += 1;
    } else if (roll < 91 && r.units > 1) {
      r.first += 1;  // starts inside
      r.units -= 1;
    } else if (roll < 96) {
      for (int tries = 0; tries < 32; ++tries) {  // reserved units
        const std::uint64_t unit = rng_.below(config_.units);
        if (reference_.reserved(r.node, unit)) {
          r.first = unit;
          r.units = units_up_to(std::min<std::uint64_t>(4, config_.units - unit));
          break;
        }
      }
    } else {
      r.first = rng_.below(config_.units);
      r.units = units_up_to(config_.units - r.first);
    }
  }

  tessera::Rng& rng_;
  Config config_;
  Reference& reference_;
};

void print_stats(const std::string& title, std::uint64_t seed, const Config& config, const Stats& stats) {
  std::ostringstream out;
  out << "allocator " << title << " (" << config.name() << "), seed " << seed << " (replay: TESSERA_SEED=" << seed << "): "
      << stats.operations << " commands\n";
  for (const auto& [key, count] : stats.outcomes) out << "    " << key << ": " << count << "\n";
  for (const auto& [op, cycles] : stats.max_latency) {
    out << "    worst latency " << op << ": " << cycles << " cycles (bound Words + 5 = " << config.latency_bound() << ")\n";
  }
  for (const auto& [key, cycles] : stats.max_interval) {
    out << "    worst accept-to-accept " << key << ": " << cycles << " cycles (bound 2 Words + 7 = " << config.interval_bound()
        << ")\n";
  }
  std::cout << out.str() << std::flush;
}

// Random sequences under five stall settings, each from reset: first with
// no reservations (so whole nodes can be allocated), then with start-up
// reservations of resident tiles; phases of allocation and release pressure,
// and every 750 commands everything released (as when all networks go) and
// a whole node requested.
template <class Model>
void random_test(const std::string& name, const Config& config, int operations_per_run) {
  Harness<Model> h(name, 50'000'000);
  Bench<Model> bench(h, config);
  Stats total;
  int run_index = 0;
  for (const auto& [producer, consumer] : {std::pair{0u, 0u}, {30u, 30u}, {70u, 0u}, {0u, 70u}, {50u, 50u}}) {
    INFO("stalls: producer " << producer << "%, consumer " << consumer << "%");
    bench.reset();
    Generator generator(h.rng(), config, bench.reference());
    if (run_index++ == 0) {
      generator.reserve_percent = 0;  // nothing reserved: nodes can empty completely
    } else {
      // Start-up: resident tiles and control buffers, some overlapping.
      std::vector<Request> startup;
      for (unsigned n = 0; n < config.nodes; ++n) {
        for (std::uint64_t i = 0, count = h.rng().below(5); i < count; ++i) {
          const std::uint64_t first = h.rng().below(config.units);
          startup.push_back({kReserve, n, false, first, h.rng().between(1, std::min<std::uint64_t>(config.units - first, config.units / 8 + 1))});
        }
      }
      std::size_t at = 0;
      bench.run([&]() -> std::optional<Request> { return at < startup.size() ? std::optional(startup[at++]) : std::nullopt; }, producer, consumer);
    }
    int issued = 0;
    bench.run([&]() -> std::optional<Request> {
      if (issued == operations_per_run) return std::nullopt;
      // Pressure phases: fill, drain, balanced.
      const int phase = (issued / 250) % 3;
      generator.allocate_percent = phase == 0 ? 75 : phase == 1 ? 25 : 50;
      if (issued > 0 && issued % 750 == 0) generator.release_all = true;
      ++issued;
      return generator.next();
    }, producer, consumer);
  }
  const Stats& stats = bench.stats();
  print_stats("random", h.seed(), config, stats);
  // The sequences reached every outcome that matters.
  for (const char* key : {"allocate: ok", "allocate: no memory", "allocate: bad args", "free: ok", "free: double free",
                          "free: foreign free", "free: bad args", "reserve: ok", "reserve: bad args"}) {
    INFO("outcome " << key);
    CHECK(stats.outcomes.count(key) == 1);
  }
  CHECK(stats.pinned_ok > 0);
  CHECK(stats.largest_allocation == config.units);
  for (const auto& [op, cycles] : stats.max_latency) CHECK(cycles <= config.latency_bound());
  for (const auto& [key, cycles] : stats.max_interval) CHECK(cycles <= config.interval_bound());
}

const Config kOneNode{1, 64, 8};
const Config kThreeNodes{3, 200, 16};
const Config kEightNodes{8, 1024, 64};
const Config kThirtyTwoNodes{32, 1024, 64};

}  // namespace

TEST_CASE("allocator 1x64 (8-unit words): random sequences against the golden model", "[allocator][random]") {
  random_test<Valloc_n1_u64_w8>("allocator random 1x64", kOneNode, 3000);
}
TEST_CASE("allocator 3x200 (16-unit words, padded): random sequences against the golden model", "[allocator][random]") {
  random_test<Valloc_n3_u200_w16>("allocator random 3x200", kThreeNodes, 3000);
}
TEST_CASE("allocator 8x1024 (64-unit words): random sequences against the golden model", "[allocator][random]") {
  random_test<Valloc_n8_u1024_w64>("allocator random 8x1024", kEightNodes, 3000);
}
TEST_CASE("allocator 32x1024 (64-unit words): random sequences against the golden model", "[allocator][random]") {
  random_test<Valloc_n32_u1024_w64>("allocator random 32x1024", kThirtyTwoNodes, 1500);
}

TEST_CASE("allocator: a double free is detected and changes nothing", "[allocator][free]") {
  Harness<Valloc_n3_u200_w16> h("allocator double free");
  Bench bench(h, kThreeNodes);
  bench.reset();
  const Response a = bench.allocate(40);  // words 0..2 of node 0
  REQUIRE(a == Response{kOk, 0, 0});
  CHECK(bench.free(0, 0, 40).status == kOk);
  CHECK(bench.free(0, 0, 40).status == kDoubleFree);   // the same region again
  CHECK(bench.free(1, 17, 5).status == kDoubleFree);   // never allocated
  const Response b = bench.allocate(20, 0);             // reuses the start of a
  REQUIRE(b == Response{kOk, 0, 0});
  CHECK(bench.free(0, 0, 40).status == kDoubleFree);   // a again: half of it is b, half free
  CHECK(bench.free(0, 10, 20).status == kDoubleFree);  // tail of b and free units
  CHECK(bench.dut_free_units(0) == 180);
  CHECK(bench.free(0, 0, 20).status == kOk);           // b was left intact
  CHECK(bench.dut_free_units(0) == 200);
}

TEST_CASE("allocator: foreign frees are detected and change nothing", "[allocator][free]") {
  Harness<Valloc_n3_u200_w16> h("allocator foreign free");
  Bench bench(h, kThreeNodes);
  bench.reset();
  REQUIRE(bench.allocate(6, 0) == Response{kOk, 0, 0});    // A [0, 6)
  REQUIRE(bench.allocate(5, 0) == Response{kOk, 0, 6});    // B [6, 11)
  REQUIRE(bench.reserve(0, 11, 3).status == kOk);           // R [11, 14)
  REQUIRE(bench.allocate(4, 0) == Response{kOk, 0, 14});   // C [14, 18)
  REQUIRE(bench.allocate(40, 1) == Response{kOk, 1, 0});   // D [0, 40) of node 1, across three words
  const std::uint64_t free0 = bench.dut_free_units(0);
  struct Case {
    unsigned node;
    std::uint64_t first, units;
    unsigned status;
    const char* what;
  };
  for (const Case& c : {Case{0, 0, 5, kForeignFree, "A, one unit short"},
                        Case{0, 0, 7, kForeignFree, "A and the head of B"},
                        Case{0, 1, 5, kForeignFree, "starts inside A"},
                        Case{0, 0, 11, kForeignFree, "A and B"},
                        Case{0, 6, 6, kForeignFree, "B and a reserved unit after it"},
                        Case{0, 6, 8, kForeignFree, "B and R"},
                        Case{0, 11, 3, kForeignFree, "R: reserved units"},
                        Case{0, 12, 1, kForeignFree, "one reserved unit"},
                        Case{0, 11, 7, kForeignFree, "R and C"},
                        Case{0, 14, 5, kDoubleFree, "C and a free unit"},
                        Case{1, 0, 39, kForeignFree, "D, one unit short (across words)"},
                        Case{1, 1, 39, kForeignFree, "starts inside D"},
                        Case{1, 16, 16, kForeignFree, "the middle word of D"},
                        Case{1, 0, 41, kDoubleFree, "D and a free unit"}}) {
    INFO(c.what);
    CHECK(bench.free(c.node, c.first, c.units).status == c.status);
    CHECK(bench.dut_free_units(0) == free0);
    CHECK(bench.dut_free_units(1) == 160);
  }
  CHECK(bench.free(0, 6, 5).status == kOk);    // B
  CHECK(bench.free(0, 0, 6).status == kOk);    // A
  CHECK(bench.free(0, 14, 4).status == kOk);   // C
  CHECK(bench.free(1, 0, 40).status == kOk);   // D
  CHECK(bench.free(0, 11, 3).status == kForeignFree);  // R stays reserved
  CHECK(bench.dut_free_units(0) == 197);
  CHECK(bench.dut_free_units(1) == 200);
}

TEST_CASE("allocator: out of memory is reported, never a hang", "[allocator][oom]") {
  Harness<Valloc_n3_u200_w16> h("allocator out of memory");
  Bench bench(h, kThreeNodes);
  bench.reset();
  CHECK(bench.allocate(201).status == kNoMemory);      // larger than a node
  CHECK(bench.allocate(255, 2).status == kNoMemory);
  CHECK(bench.allocate(200) == Response{kOk, 0, 0});   // whole nodes
  CHECK(bench.allocate(200) == Response{kOk, 1, 0});
  CHECK(bench.allocate(200) == Response{kOk, 2, 0});
  CHECK(bench.allocate(1).status == kNoMemory);        // all full
  CHECK(bench.free(1, 0, 200).status == kOk);
  CHECK(bench.allocate(1, 0).status == kNoMemory);     // pinned to a full node, though node 1 is empty
  CHECK(bench.allocate(200) == Response{kOk, 1, 0});
  // Fragmentation: node 0 holds 100 free units in runs of 10.
  bench.reset();
  for (unsigned i = 0; i < 20; ++i) REQUIRE(bench.allocate(10, 0) == Response{kOk, 0, 10 * i});
  for (unsigned i = 0; i < 20; i += 2) REQUIRE(bench.free(0, 10 * i, 10).status == kOk);
  CHECK(bench.dut_free_units(0) == 100);
  CHECK(bench.allocate(11, 0).status == kNoMemory);
  CHECK(bench.allocate(10, 0) == Response{kOk, 0, 0});
  CHECK(bench.stats().max_latency["allocate"] == kThreeNodes.latency_bound());
}

TEST_CASE("allocator: reserved units are never handed out", "[allocator][reserve]") {
  Harness<Valloc_n1_u64_w8> h("allocator reserved units");
  Bench bench(h, kOneNode);
  for (int round = 0; round < 20; ++round) {
    bench.reset();
    // A random reservation pattern, with overlaps.
    for (int i = 0, n = static_cast<int>(h.rng().between(1, 12)); i < n; ++i) {
      const std::uint64_t first = h.rng().below(64);
      REQUIRE(bench.reserve(0, first, h.rng().between(1, std::min<std::uint64_t>(64 - first, 9))).status == kOk);
    }
    const std::uint64_t free_before = bench.dut_free_units(0);
    std::vector<bool> reserved(64);
    for (unsigned u = 0; u < 64; ++u) reserved[u] = bench.reference().reserved(0, u);
    std::uint64_t handed_out = 0;
    while (true) {
      const std::uint64_t units = h.rng().between(1, 3);
      const Response r = bench.allocate(units);
      if (r.status == kNoMemory) {
        if (units == 1) break;
        continue;
      }
      REQUIRE(r.status == kOk);
      for (std::uint64_t u = r.first; u < r.first + units; ++u) REQUIRE_FALSE(reserved[u]);
      handed_out += units;
    }
    CHECK(handed_out == free_before);  // every free unit and nothing else
    CHECK(bench.dut_free_units(0) == 0);
  }
  // A reservation over allocated units leaves them allocated; freeing the
  // allocation frees them (as tessera::Allocator::reserve does).
  bench.reset();
  REQUIRE(bench.allocate(8) == Response{kOk, 0, 0});
  REQUIRE(bench.reserve(0, 4, 8).status == kOk);  // units 8..11 become reserved
  CHECK(bench.dut_free_units(0) == 52);
  CHECK(bench.free(0, 0, 8).status == kOk);
  CHECK(bench.dut_free_units(0) == 60);
  CHECK(bench.allocate(8) == Response{kOk, 0, 0});
  CHECK(bench.allocate(1) == Response{kOk, 0, 12});
}

TEST_CASE("allocator: node order is most free first, lowest index on a tie, then wrapping", "[allocator][policy]") {
  Harness<Valloc_n3_u200_w16> h("allocator node order");
  Bench bench(h, kThreeNodes);
  bench.reset();
  CHECK(bench.allocate(10) == Response{kOk, 0, 0});   // tie: node 0
  CHECK(bench.allocate(10) == Response{kOk, 1, 0});   // 1 and 2 most free: node 1
  CHECK(bench.allocate(10) == Response{kOk, 2, 0});
  CHECK(bench.allocate(10) == Response{kOk, 0, 10});  // tie again
  // Node 2 most free but fragmented (runs of 10): the order is 2, 0, 1.
  bench.reset();
  for (std::uint64_t u = 10; u < 200; u += 11) REQUIRE(bench.reserve(2, u, 1).status == kOk);
  REQUIRE(bench.allocate(30, 0) == Response{kOk, 0, 0});
  REQUIRE(bench.allocate(60, 1) == Response{kOk, 1, 0});
  CHECK(bench.allocate(20) == Response{kOk, 0, 30});   // 2 cannot, wrap to 0
  CHECK(bench.allocate(150) == Response{kOk, 0, 50});  // 2 cannot, 0 just fits
  CHECK(bench.allocate(140) == Response{kOk, 1, 60});  // 2 cannot, 0 is full, then 1
  CHECK(bench.allocate(1) == Response{kOk, 2, 0});     // first fit inside node 2
  // Node 1 most free but fragmented: 2 is tried before 0.
  bench.reset();
  for (std::uint64_t u = 10; u < 200; u += 11) REQUIRE(bench.reserve(1, u, 1).status == kOk);
  REQUIRE(bench.allocate(50, 0) == Response{kOk, 0, 0});
  REQUIRE(bench.allocate(40, 2) == Response{kOk, 2, 0});
  CHECK(bench.allocate(20) == Response{kOk, 2, 40});
  // First fit takes the lowest hole that fits, not the best one.
  bench.reset();
  for (unsigned i = 0; i < 6; ++i) REQUIRE(bench.allocate(10, 1).status == kOk);
  REQUIRE(bench.free(1, 10, 10).status == kOk);  // hole of 10 at 10
  REQUIRE(bench.free(1, 30, 10).status == kOk);  // hole of 10 at 30
  CHECK(bench.allocate(5, 1) == Response{kOk, 1, 10});
  CHECK(bench.allocate(6, 1) == Response{kOk, 1, 30});
  CHECK(bench.allocate(11, 1) == Response{kOk, 1, 60});
}

TEST_CASE("allocator: bad arguments are rejected in one cycle", "[allocator][args]") {
  Harness<Valloc_n3_u200_w16> h("allocator bad arguments");
  Bench bench(h, kThreeNodes);
  bench.reset();
  REQUIRE(bench.allocate(10) == Response{kOk, 0, 0});
  for (const Request& r : {Request{kBadOp, 1, false, 5, 5}, Request{kAllocate, 0, false, 0, 0}, Request{kAllocate, 3, true, 0, 4},
                           Request{kAllocate, 31, true, 0, 4}, Request{kFree, 3, false, 0, 10}, Request{kFree, 0, false, 0, 0},
                           Request{kFree, 0, false, 195, 6}, Request{kReserve, 0, false, 199, 2}, Request{kReserve, 7, false, 0, 1},
                           Request{kReserve, 1, false, 0, 0}, Request{kFree, 0, false, 255, 1}}) {
    INFO(r);
    CHECK(bench.transact(r).status == kBadArgs);
  }
  CHECK(bench.stats().max_latency["free"] == 1);
  CHECK(bench.stats().max_latency["reserve"] == 1);
  CHECK(bench.free(0, 0, 10).status == kOk);  // nothing changed meanwhile
}

// Worst cases: whole-node ranges touch every word. Latency from the edge
// that accepts the request to the first edge where the response is valid;
// interval from that edge to the edge that accepts the next request, with
// the consumer always ready.
template <class Model>
void worst_case_test(const std::string& name, const Config& config) {
  Harness<Model> h(name);
  Bench<Model> bench(h, config);
  bench.reset();
  const std::uint64_t u = config.units;
  std::vector<Request> requests = {
      {kAllocate, 0, false, 0, u},        // whole node 0
      {kAllocate, 0, true, 0, 1},         // no memory: pinned to the full node
      {kFree, 0, false, 0, u},            // whole node
      {kFree, 0, false, 0, u},            // double free, checked to the end
      {kReserve, 1, false, 0, u},         // whole node
      {kAllocate, 0, false, 0, u + 1},    // no memory: larger than a node
      {kFree, 1, false, 0, u},            // foreign: reserved
      {kAllocate, 2, false, 0, 0},        // bad args
      {kAllocate, 2, true, 0, u},         // whole node, pinned
      {kAllocate, 3, false, 0, 1},        // a last one to time the previous
  };
  std::size_t at = 0;
  bench.run([&]() -> std::optional<Request> { return at < requests.size() ? std::optional(requests[at++]) : std::nullopt; }, 0, 0);
  const Stats& stats = bench.stats();
  print_stats("worst cases", h.seed(), config, stats);
  CHECK(stats.max_latency.at("allocate") == config.latency_bound());
  CHECK(stats.max_latency.at("free") == config.words() + 3);
  CHECK(stats.max_latency.at("reserve") == config.words() + 4);
  CHECK(stats.max_interval.at("allocate: ok") == config.interval_bound());
  CHECK(stats.max_interval.at("allocate: no memory") == config.words() + 6);
  CHECK(stats.max_interval.at("free: ok") == 2 * config.words() + 5);
  CHECK(stats.max_interval.at("free: double free") == config.words() + 4);
  CHECK(stats.max_interval.at("reserve: ok") == config.words() + 5);
  CHECK(stats.max_interval.at("allocate: bad args") == 2);
  CHECK(config.latency_bound() <= 32);  // the requirement for 1,024 units per node
}

TEST_CASE("allocator 8x1024: worst-case latency and busy time against the stated bounds", "[allocator][latency]") {
  worst_case_test<Valloc_n8_u1024_w64>("allocator worst case 8x1024", kEightNodes);
}
TEST_CASE("allocator 32x1024: worst-case latency and busy time against the stated bounds", "[allocator][latency]") {
  worst_case_test<Valloc_n32_u1024_w64>("allocator worst case 32x1024", kThirtyTwoNodes);
}

TEST_CASE("allocator: reset clears every bitmap", "[allocator][reset]") {
  Harness<Valloc_n3_u200_w16> h("allocator reset");
  Bench bench(h, kThreeNodes);
  bench.reset();
  REQUIRE(bench.allocate(200).status == kOk);
  REQUIRE(bench.reserve(1, 0, 200).status == kOk);
  bench.reset();  // checks all counts are 200 again, within Words cycles
  CHECK(bench.allocate(200) == Response{kOk, 0, 0});
  CHECK(bench.allocate(200) == Response{kOk, 1, 0});
}

// A producer that breaks the stream rules must trip the request port's
// assertion (the models run with --assert).
TEST_CASE("allocator: a request payload change while stalled fires the stream assertion", "[allocator][assert]") {
  Harness<Valloc_n1_u64_w8> h("allocator assert payload");
  Bench bench(h, kOneNode);
  bench.reset();
  h->req_op_i = kAllocate;
  h->req_units_i = 4;
  h->req_valid_i = 1;
  h.run_until([&] { return static_cast<bool>(h->req_ready_o); }, 10);
  h.posedge();  // accepted: the allocator is now busy
  h.settle();
  REQUIRE_FALSE(h->req_ready_o);
  REQUIRE_FALSE(h.assertion_failed());
  tessera::tb::expect_assertion(h, "stream: payload changed while valid and not ready", [&] {
    h->req_units_i = 5;  // the next request, not accepted yet
    h.posedge();
    h->req_units_i = 6;  // illegal change
    h.posedge();
  });
}

TEST_CASE("allocator: a request withdrawn before ready fires the stream assertion", "[allocator][assert]") {
  Harness<Valloc_n1_u64_w8> h("allocator assert valid");
  Bench bench(h, kOneNode);
  bench.reset();
  h->req_op_i = kAllocate;
  h->req_units_i = 4;
  h->req_valid_i = 1;
  h.posedge();  // accepted
  h.posedge();  // the next request waits
  REQUIRE_FALSE(h.assertion_failed());
  tessera::tb::expect_assertion(h, "stream: valid dropped before ready", [&] {
    h->req_valid_i = 0;  // withdrawn while not ready: illegal
    h.posedge();
    h.posedge();
  });
}
