// tsr_fifo and tsr_skid: random traffic with random stalls on both sides
// against a queue; FIFO occupancy and ready/valid flags each cycle; and the
// stream assertions firing when a producer breaks the protocol.
#include <deque>

#include "Vfifo_w64_d16.h"
#include "Vfifo_w8_d3.h"
#include "Vskid_w64.h"
#include "Vskid_w8.h"
#include "expect_assertion.hpp"
#include "harness.hpp"

using tessera::tb::Harness;
using tessera::tb::Stalls;

namespace {

// Pushes `items` random words through the DUT with the given stall rates and
// checks order, no loss and no duplication. `each_cycle` sees the DUT and the
// reference queue after settle() and before the edge.
template <class Model, class Check>
void random_traffic(Harness<Model>& h, std::uint64_t width_mask, int items, unsigned in_stall, unsigned out_stall, Check each_cycle) {
  Stalls producer(h.rng(), in_stall);
  Stalls consumer(h.rng(), out_stall);
  std::deque<std::uint64_t> expected;
  int sent = 0;
  int received = 0;
  std::uint64_t next_word = h.rng().next() & width_mask;
  h->valid_i = 0;
  h->ready_i = 0;
  h.reset();
  while (received < items) {
    if (!h->valid_i && sent < items && !producer.stall()) {
      h->valid_i = 1;
      h->data_i = next_word;
    }
    h->ready_i = consumer.stall() ? 0 : 1;
    h.settle();
    each_cycle(h, expected);
    const bool push = h->valid_i && h->ready_o;
    const bool pop = h->valid_o && h->ready_i;
    if (pop) {
      REQUIRE_FALSE(expected.empty());
      REQUIRE(static_cast<std::uint64_t>(h->data_o) == expected.front());
      expected.pop_front();
      ++received;
    }
    if (push) {
      expected.push_back(next_word);
      ++sent;
      next_word = h.rng().next() & width_mask;
    }
    h.posedge();
    if (push) h->valid_i = 0;
    REQUIRE_FALSE(h.assertion_failed());
  }
  CHECK(expected.empty());
}

template <class Model>
void fifo_test(const std::string& name, std::uint64_t mask, unsigned depth) {
  Harness<Model> h(name);
  auto flags = [depth](Harness<Model>& dut, const std::deque<std::uint64_t>& queue) {
    REQUIRE(dut->count_o == queue.size());
    REQUIRE(static_cast<bool>(dut->ready_o) == (queue.size() < depth));
    REQUIRE(static_cast<bool>(dut->valid_o) == !queue.empty());
  };
  for (const auto& [in_stall, out_stall] : {std::pair{0u, 0u}, {30u, 30u}, {0u, 70u}, {70u, 0u}, {50u, 50u}}) {
    INFO("stalls in " << in_stall << "% out " << out_stall << "%");
    random_traffic(h, mask, 3000, in_stall, out_stall, flags);
  }
}

template <class Model>
void skid_test(const std::string& name, std::uint64_t mask) {
  Harness<Model> h(name);
  for (const auto& [in_stall, out_stall] : {std::pair{0u, 0u}, {30u, 30u}, {0u, 70u}, {70u, 0u}, {50u, 50u}}) {
    INFO("stalls in " << in_stall << "% out " << out_stall << "%");
    random_traffic(h, mask, 3000, in_stall, out_stall, [](auto&, const auto& queue) { REQUIRE(queue.size() <= 2); });
  }
  // Full throughput: with no stalls one item passes per cycle after the first.
  h.reset();
  h->ready_i = 1;
  h->valid_i = 1;
  int received = 0;
  for (int cycle = 0; cycle < 100; ++cycle) {
    h->data_i = static_cast<std::uint64_t>(cycle) & mask;
    h.settle();
    REQUIRE(h->ready_o);
    received += h->valid_o;
    h.posedge();
  }
  CHECK(received == 99);
}

// A producer that changes the payload while valid and not ready must trip
// the stream assertion (assertions run in these models).
template <class Model>
void provoke_unstable_payload(const std::string& name) {
  Harness<Model> h(name);
  h->valid_i = 0;
  h->ready_i = 0;
  h.reset();
  h->valid_i = 1;
  h->data_i = 1;
  h.run_until([&] { return !h->ready_o; }, 100);  // fill it until it pushes back
  REQUIRE_FALSE(h.assertion_failed());
  tessera::tb::expect_assertion(h, "u_in_rules.a_data_stable", [&] {
    h->data_i = 2;  // not accepted yet: illegal change
    h.posedge();
    h->data_i = 3;
    h.posedge();
  });
}

}  // namespace

TEST_CASE("fifo 8x3: random traffic and stalls against a queue", "[fifo]") { fifo_test<Vfifo_w8_d3>("fifo 8x3", 0xff, 3); }
TEST_CASE("fifo 64x16: random traffic and stalls against a queue", "[fifo]") { fifo_test<Vfifo_w64_d16>("fifo 64x16", ~0ull, 16); }
TEST_CASE("skid 8: random traffic and stalls, full throughput", "[skid]") { skid_test<Vskid_w8>("skid 8", 0xff); }
TEST_CASE("skid 64: random traffic and stalls, full throughput", "[skid]") { skid_test<Vskid_w64>("skid 64", ~0ull); }
TEST_CASE("fifo: a payload change while stalled fires the stream assertion", "[fifo][assert]") {
  provoke_unstable_payload<Vfifo_w8_d3>("fifo assert");
}
TEST_CASE("skid: a payload change while stalled fires the stream assertion", "[skid][assert]") {
  provoke_unstable_payload<Vskid_w8>("skid assert");
}
