// The timeline recorder (tb/common/timeline.hpp) on hand-made cycles: layer
// spans per context, transfer spans per node with their beats, names from
// the runner, the trace-event JSON shape Perfetto reads.
#include <catch2/catch.hpp>

#include <string>

#include "timeline.hpp"

using tessera::tb::Timeline;

namespace {

// The "X" events of one track, in order.
nlohmann::json spans(const nlohmann::json& trace, int pid, int tid) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& e : trace["traceEvents"]) {
    if (e["ph"] == "X" && e["pid"] == pid && e["tid"] == tid) out.push_back(e);
  }
  return out;
}

}  // namespace

TEST_CASE("timeline: a span per layer per context, named by the runner", "[timeline]") {
  Timeline t(2, 1, 32);
  for (std::uint64_t cycle = 0; cycle < 30; ++cycle) {
    const bool busy = cycle >= 5 && cycle < 25;
    t.context(0, cycle, busy, false, 7, cycle < 12 ? 0 : 1);
    // context 1: a release (its layer index moves: still one span)
    t.context(1, cycle, cycle >= 20, true, 9, static_cast<std::uint32_t>(cycle));
  }
  t.finish(30);
  const auto trace = t.json([](std::uint16_t tag, std::uint32_t layer, bool release) {
    return (release ? "release tag " : "tag ") + std::to_string(tag) + (release ? "" : " layer " + std::to_string(layer));
  });
  const auto ctx0 = spans(trace, 1, 0);
  REQUIRE(ctx0.size() == 2);
  CHECK(ctx0[0]["ts"] == 5);
  CHECK(ctx0[0]["dur"] == 7);
  CHECK(ctx0[0]["name"] == "tag 7 layer 0");
  CHECK(ctx0[1]["ts"] == 12);
  CHECK(ctx0[1]["dur"] == 13);
  CHECK(ctx0[1]["name"] == "tag 7 layer 1");
  const auto ctx1 = spans(trace, 1, 1);
  REQUIRE(ctx1.size() == 1);
  CHECK(ctx1[0]["ts"] == 20);
  CHECK(ctx1[0]["dur"] == 10);
  CHECK(ctx1[0]["name"] == "release tag 9");
}

TEST_CASE("timeline: a node transfer spans from the first burst to the last response", "[timeline]") {
  Timeline t(1, 2, 32);
  // Node 1 reads: two overlapping bursts (AR at 2 and 4, 4 beats each, last
  // beats at 9 and 13), then one more after a gap (AR 20, last beat 22).
  for (std::uint64_t cycle = 0; cycle < 30; ++cycle) {
    const bool ar = cycle == 2 || cycle == 4 || cycle == 20;
    const bool r = (cycle >= 6 && cycle <= 13) || (cycle >= 21 && cycle <= 22);
    const bool r_last = cycle == 9 || cycle == 13 || cycle == 22;
    t.node(0, cycle, false, false, false, cycle == 3, cycle == 5, cycle == 8);
    t.node(1, cycle, ar, r, r_last, false, false, false);
  }
  t.finish(30);
  const auto trace = t.json([](std::uint16_t, std::uint32_t, bool) { return std::string(); });
  const auto reads = spans(trace, 2, 2);
  REQUIRE(reads.size() == 2);
  CHECK(reads[0]["ts"] == 2);
  CHECK(reads[0]["dur"] == 12);
  CHECK(reads[0]["args"]["bursts"] == 2);
  CHECK(reads[0]["args"]["beats"] == 8);
  CHECK(reads[0]["args"]["bytes"] == 256);
  CHECK(reads[1]["ts"] == 20);
  CHECK(reads[1]["args"]["beats"] == 2);
  const auto writes = spans(trace, 2, 1);
  REQUIRE(writes.size() == 1);
  CHECK(writes[0]["name"] == "write");
  CHECK(writes[0]["ts"] == 3);
  CHECK(writes[0]["dur"] == 6);
  CHECK(spans(trace, 2, 0).empty());
  CHECK(spans(trace, 2, 3).empty());
  // Track names for every context and node track.
  int names = 0;
  for (const auto& e : trace["traceEvents"]) names += e["ph"] == "M" && e["name"] == "thread_name";
  CHECK(names == 1 + 2 * 2);
}
