// Timeline: records what an engine simulation does, cycle by cycle, as
// Chrome/Perfetto trace-event JSON (docs/spec.md section 12): one track per
// context with a span per layer it works on (from the cycle its layer index
// changes; the first span of a network includes the descriptor fetch, the
// last the layer-map writes), or per release, and two tracks
// per memory node, reads and writes, with a span per transfer (an interval
// in which the node has at least one burst outstanding; its beats and bytes
// in the span's args). Timestamps are cycles (ts 1 = one clock cycle).
//
// The simulation calls context() and node() once per cycle with what it
// observed at that clock edge (record_edge() does it for a tb_engine model),
// then finish() after the last; json() names each context span through the
// `name` callback (tag, layer index, release) that the runner gives.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "bits.hpp"

namespace tessera::tb {

class Timeline {
 public:
  using Namer = std::function<std::string(std::uint16_t tag, std::uint32_t layer, bool release)>;

  Timeline(unsigned contexts, unsigned nodes, unsigned beat_bytes)
      : contexts_(contexts), reads_(nodes), writes_(nodes), beat_bytes_(beat_bytes) {
    for (NodeTrack& t : writes_) t.write = true;
  }

  // Context `c` at `cycle`: idle, or working on the entry of `tag` (a
  // network, or a release), at layer index `layer`.
  void context(unsigned c, std::uint64_t cycle, bool busy, bool release, std::uint16_t tag, std::uint32_t layer) {
    ContextTrack& t = contexts_.at(c);
    const bool same = t.open && busy && t.release == release && t.tag == tag && (release || t.layer == layer);
    if (same) return;
    if (t.open) close_context(c, cycle);
    if (busy) {
      t.open = true;
      t.release = release;
      t.tag = tag;
      t.layer = layer;
      t.start = cycle;
    }
  }

  // Node `n` at `cycle`: bursts issued (AR, AW) and finished (last R beat,
  // B) at this edge, and data beats moved (R, W).
  void node(unsigned n, std::uint64_t cycle, bool ar, bool r_beat, bool r_last, bool aw, bool w_beat, bool b) {
    step(reads_.at(n), cycle, ar, r_beat, r_last);
    step(writes_.at(n), cycle, aw, w_beat, b);
  }

  // Closes every open span at `cycle`.
  void finish(std::uint64_t cycle) {
    for (unsigned c = 0; c < contexts_.size(); ++c) {
      if (contexts_[c].open) close_context(c, cycle);
    }
    for (auto* tracks : {&reads_, &writes_}) {
      for (NodeTrack& t : *tracks) {
        if (t.outstanding > 0) close_node(t, cycle);
      }
    }
  }

  nlohmann::json json(const Namer& name) const {
    nlohmann::json events = nlohmann::json::array();
    const auto track_name = [&](unsigned pid, unsigned tid, const std::string& text) {
      events.push_back({{"ph", "M"}, {"name", "thread_name"}, {"pid", pid}, {"tid", tid}, {"args", {{"name", text}}}});
    };
    events.push_back({{"ph", "M"}, {"name", "process_name"}, {"pid", 1}, {"args", {{"name", "contexts"}}}});
    events.push_back({{"ph", "M"}, {"name", "process_name"}, {"pid", 2}, {"args", {{"name", "memory nodes"}}}});
    for (unsigned c = 0; c < contexts_.size(); ++c) track_name(1, c, "context " + std::to_string(c));
    for (unsigned n = 0; n < reads_.size(); ++n) {
      track_name(2, 2 * n, "node " + std::to_string(n) + " reads");
      track_name(2, 2 * n + 1, "node " + std::to_string(n) + " writes");
    }
    for (const ContextSpan& s : context_spans_) {
      events.push_back({{"ph", "X"}, {"pid", 1}, {"tid", s.context}, {"ts", s.start}, {"dur", s.end - s.start},
                        {"name", name(s.tag, s.layer, s.release)}, {"args", {{"tag", s.tag}}}});
    }
    for (const NodeSpan& s : node_spans_) {
      events.push_back({{"ph", "X"}, {"pid", 2}, {"tid", 2 * s.node + (s.write ? 1 : 0)}, {"ts", s.start},
                        {"dur", s.end - s.start}, {"name", s.write ? "write" : "read"},
                        {"args", {{"bursts", s.bursts}, {"beats", s.beats}, {"bytes", s.beats * beat_bytes_}}}});
    }
    return {{"traceEvents", events}, {"displayTimeUnit", "ns"}, {"otherData", {{"time_unit", "1 ts = 1 clock cycle"}}}};
  }

 private:
  struct ContextTrack {
    bool open = false;
    bool release = false;
    std::uint16_t tag = 0;
    std::uint32_t layer = 0;
    std::uint64_t start = 0;
  };
  struct NodeTrack {
    bool write = false;
    std::uint64_t outstanding = 0;
    std::uint64_t start = 0, bursts = 0, beats = 0;
  };
  struct ContextSpan {
    unsigned context;
    bool release;
    std::uint16_t tag;
    std::uint32_t layer;
    std::uint64_t start, end;
  };
  struct NodeSpan {
    unsigned node;
    bool write;
    std::uint64_t start, end, bursts, beats;
  };

  void close_context(unsigned c, std::uint64_t cycle) {
    ContextTrack& t = contexts_[c];
    context_spans_.push_back({c, t.release, t.tag, t.layer, t.start, cycle});
    t.open = false;
  }

  void step(NodeTrack& t, std::uint64_t cycle, bool issued, bool beat, bool finished) {
    if (issued) {
      if (t.outstanding == 0) {
        t.start = cycle;
        t.bursts = 0;
        t.beats = 0;
      }
      ++t.outstanding;
      ++t.bursts;
    }
    if (beat) ++t.beats;
    if (finished && t.outstanding > 0 && --t.outstanding == 0) close_node(t, cycle + 1);
  }

  void close_node(NodeTrack& t, std::uint64_t cycle) {
    const auto index = static_cast<unsigned>(&t - (t.write ? writes_.data() : reads_.data()));
    node_spans_.push_back({index, t.write, t.start, cycle, t.bursts, t.beats});
    t.outstanding = 0;
  }

  std::vector<ContextTrack> contexts_;
  std::vector<NodeTrack> reads_, writes_;
  unsigned beat_bytes_;
  std::vector<ContextSpan> context_spans_;
  std::vector<NodeSpan> node_spans_;
};

// One clock edge of a tb_engine model (its obs_* outputs, evaluated for
// the coming edge) into `timeline`.
template <class Model>
void record_edge(Timeline& timeline, const Model& d, std::uint64_t cycle, unsigned contexts, unsigned nodes) {
  for (unsigned c = 0; c < contexts; ++c) {
    timeline.context(c, cycle, get_bits(d.obs_ctx_busy_o, c, 1) != 0, get_bits(d.obs_ctx_release_o, c, 1) != 0,
                     static_cast<std::uint16_t>(get_bits(d.obs_ctx_tag_o, 16 * c, 16)),
                     static_cast<std::uint32_t>(get_bits(d.obs_ctx_layer_o, 16 * c, 16)));
  }
  for (unsigned n = 0; n < nodes; ++n) {
    timeline.node(n, cycle, get_bits(d.obs_ar_o, n, 1) != 0, get_bits(d.obs_r_o, n, 1) != 0,
                  get_bits(d.obs_r_last_o, n, 1) != 0, get_bits(d.obs_aw_o, n, 1) != 0, get_bits(d.obs_w_o, n, 1) != 0,
                  get_bits(d.obs_b_o, n, 1) != 0);
  }
}

}  // namespace tessera::tb
