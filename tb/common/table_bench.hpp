// TableBench: drives the request stream of a table block (tsr_hash_table,
// tsr_tile_directory, tsr_layer_table) with random stalls on both ports,
// checks every response, in order, against a reference (applied to each
// request when the DUT accepts it: the tables are linearizable in request
// order), and measures latency and throughput.
//
// A Port class adapts one DUT: it sets the request fields and reads the
// response fields (static drive() and sample()); a Reference computes the
// expected response of a request and changes its state like the DUT.
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <type_traits>

#include "harness.hpp"
#include "hash_table_model.hpp"

namespace tessera::tb {

// The tables' latency, acceptance to response valid, when the response port
// is ready (tsr_hash_table's A, M, D and R stages); the requirement is 4 at
// most.
inline constexpr std::uint64_t kTableLatency = 4;

struct TableRequest {
  TableOp op = TableOp::lookup;
  std::uint64_t key = 0;
  TableValue value{};
  bool decrement = false;
  unsigned tenant = 0;  // tile directory: the tenant looking up; core: the tag
};

struct TableResponse {
  TableStatus status = TableStatus::missing;
  TableValue value{};
  bool zero = false;
  bool denied = false;
  unsigned tag = 0;  // core only
  bool operator==(const TableResponse&) const = default;
};

inline const char* op_name(TableOp op) {
  switch (op) {
    case TableOp::lookup: return "lookup";
    case TableOp::insert: return "insert";
    case TableOp::remove: return "delete";
    case TableOp::adjust: return "adjust";
  }
  return "?";
}

inline std::string hex(const TableValue& value) {
  std::ostringstream out;
  out << std::hex << "0x" << value[3] << '_' << value[2] << '_' << value[1] << '_' << value[0];
  return out.str();
}

inline std::string describe(const TableResponse& r) {
  std::ostringstream out;
  out << status_name(r.status) << " value " << hex(r.value) << (r.zero ? " zero" : "") << (r.denied ? " denied" : "")
      << " tag " << r.tag;
  return out.str();
}

inline std::string describe(const TableRequest& r) {
  std::ostringstream out;
  out << op_name(r.op) << " key 0x" << std::hex << r.key << " value " << hex(r.value) << (r.decrement ? " -1" : "")
      << std::dec << " tenant " << r.tenant;
  return out.str();
}

// Bits [lsb, lsb + width) of a value (width <= 64).
inline std::uint64_t get_bits(const TableValue& value, unsigned lsb, unsigned width) {
  std::uint64_t out = 0;
  for (unsigned i = 0; i < width; ++i) {
    const unsigned bit = lsb + i;
    out |= static_cast<std::uint64_t>((value[bit / 32] >> (bit % 32)) & 1u) << i;
  }
  return out;
}
inline void set_bits(TableValue& value, unsigned lsb, unsigned width, std::uint64_t field) {
  for (unsigned i = 0; i < width; ++i) {
    const unsigned bit = lsb + i;
    const std::uint32_t mask = 1u << (bit % 32);
    value[bit / 32] = ((field >> i) & 1u) ? (value[bit / 32] | mask) : (value[bit / 32] & ~mask);
  }
}

// A Verilator port (CData/SData/IData/QData or VlWide<N>) <-> TableValue.
template <class Port>
void put(Port& port, const TableValue& value) {
  if constexpr (std::is_integral_v<Port>) {
    port = static_cast<Port>(static_cast<std::uint64_t>(value[0]) | static_cast<std::uint64_t>(value[1]) << 32);
  } else {
    for (std::size_t i = 0; i < sizeof(Port) / sizeof(std::uint32_t); ++i) port[i] = value[i];
  }
}
template <class Port>
TableValue take(const Port& port) {
  TableValue value{};
  if constexpr (std::is_integral_v<Port>) {
    const auto wide = static_cast<std::uint64_t>(port);
    value[0] = static_cast<std::uint32_t>(wide);
    value[1] = static_cast<std::uint32_t>(wide >> 32);
  } else {
    for (std::size_t i = 0; i < sizeof(Port) / sizeof(std::uint32_t); ++i) value[i] = port[i];
  }
  return value;
}

// What a run saw.
struct TableStats {
  std::uint64_t requests = 0;
  std::uint64_t cycles = 0;
  std::uint64_t first_accept = 0;
  std::uint64_t last_accept = 0;
  std::map<std::string, std::uint64_t> outcomes;                         // "insert full", "lookup denied", ...
  std::map<TableOp, std::pair<std::uint64_t, std::uint64_t>> latency;   // op -> (min, max) cycles, accept to valid
  std::uint64_t first_full_size = 0;                                     // entries held at the first TableFull insert
  bool full_seen = false;

  std::uint64_t seen(const std::string& outcome) const {
    const auto it = outcomes.find(outcome);
    return it == outcomes.end() ? 0 : it->second;
  }
};

template <class Model, class Port, class Reference>
class TableBench {
 public:
  TableBench(Harness<Model>& h, Reference& reference) : h_(h), reference_(reference) {}

  // Offers the requests next() yields (std::nullopt: no more) with the given
  // stall percentages on the request and the response port, until every
  // response has been checked. Fails the test on any mismatch or assertion.
  TableStats run(const std::function<std::optional<TableRequest>()>& next, unsigned request_stall,
                 unsigned response_stall) {
    Stalls producer(h_.rng(), request_stall);
    Stalls consumer(h_.rng(), response_stall);
    TableStats stats;
    std::deque<Pending> expected;
    std::optional<TableRequest> offered;
    bool more = true;
    h_->req_valid_i = 0;
    const std::uint64_t start = h_.cycle();
    while (more || offered || !expected.empty()) {
      if (!h_->req_valid_i) {
        if (!offered && more) {
          offered = next();
          more = offered.has_value();
        }
        if (offered && !producer.stall()) {
          Port::drive(h_.dut(), *offered);
          h_->req_valid_i = 1;
        }
      }
      h_->resp_ready_i = consumer.stall() ? 0 : 1;
      h_.settle();
      if (h_->resp_valid_o && !expected.empty() && !expected.front().seen_valid) {
        Pending& head = expected.front();
        head.seen_valid = true;
        const std::uint64_t latency = h_.cycle() - head.accepted;
        auto [it, fresh] = stats.latency.try_emplace(head.request.op, latency, latency);
        if (!fresh) {
          it->second.first = std::min(it->second.first, latency);
          it->second.second = std::max(it->second.second, latency);
        }
      }
      if (h_->resp_valid_o && h_->resp_ready_i) {
        REQUIRE_FALSE(expected.empty());
        const TableResponse got = Port::sample(h_.dut());
        const Pending& head = expected.front();
        INFO("request " << head.index << ": " << describe(head.request) << " (cycle " << h_.cycle() << ")");
        INFO("expected " << describe(head.response) << ", got " << describe(got));
        REQUIRE(got == head.response);
        expected.pop_front();
      }
      const bool accept = h_->req_valid_i && h_->req_ready_o;
      if (accept) {
        const TableResponse response = reference_.apply(*offered);
        record(stats, *offered, response);
        expected.push_back({*offered, response, h_.cycle(), stats.requests, false});
        if (stats.requests == 0) stats.first_accept = h_.cycle();
        stats.last_accept = h_.cycle();
        ++stats.requests;
        offered.reset();
      }
      h_.posedge();
      if (accept) h_->req_valid_i = 0;
      REQUIRE_FALSE(h_.assertion_failed());
    }
    stats.cycles = h_.cycle() - start;
    return stats;
  }

 private:
  struct Pending {
    TableRequest request;
    TableResponse response;
    std::uint64_t accepted;
    std::uint64_t index;
    bool seen_valid;
  };

  void record(TableStats& stats, const TableRequest& request, const TableResponse& response) {
    std::string outcome = std::string(op_name(request.op)) + " " + status_name(response.status);
    if (response.denied) outcome += " denied";
    if (response.zero) outcome += " zero";
    ++stats.outcomes[outcome];
    if (request.op == TableOp::insert && response.status == TableStatus::full && !stats.full_seen) {
      stats.full_seen = true;
      stats.first_full_size = reference_.size();
    }
  }

  Harness<Model>& h_;
  Reference& reference_;
};

}  // namespace tessera::tb
