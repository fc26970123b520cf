// tsr_csr: the host control port against a cycle-accurate C++ reference of
// the register map (docs/spec.md section 14). Every address, field and reset
// value comes from the generated sw/include/tessera/regs.hpp, so these tests
// also prove that the driver's header matches the RTL.
//
// The environment drives the AXI4-Lite slave with random valid gaps, both
// AW/W orders and random B/R stalls; a consumer takes submissions with random
// stalls; a producer offers completions; a small directory model answers
// directory commands, and the reservation side answers RESERVE commands
// (RANGE for a location outside the environment's nodes), after a random
// latency; the performance inputs are random. The reference is updated at every clock edge with the handshakes
// of that edge (and with a write in the cycle after its AW and W were both
// taken, when tsr_csr acts on it), so every read, the interrupt line and the
// submission and directory streams are compared exactly, every cycle.
#include <algorithm>
#include <cstdio>
#include <deque>
#include <map>
#include <optional>
#include <vector>

#include "Vcsr_default.h"
#include "Vcsr_default___024root.h"
#include "Vcsr_small.h"
#include "Vcsr_small___024root.h"
#include "bits.hpp"
#include "harness.hpp"
#include "tessera/regs.hpp"

using namespace tessera::tb;
using tessera::Rng;
namespace regs = tessera::regs;

namespace {

constexpr unsigned kSlvErr = 2;
constexpr unsigned kBytesIncWidth = 8;
constexpr unsigned kOpReserve = 3;
constexpr unsigned kStatusRange = 5;
constexpr std::uint64_t kEnvNodeBytes = 1ull << 30;  // the reservation side's node size

struct Params {
  unsigned sq_depth;
  unsigned cq_depth;
  unsigned nodes;
  unsigned addr_width;
};
constexpr Params kDefault{8, 16, 8, 12};
constexpr Params kSmall{3, 2, 32, 9};

struct SubEntry {
  bool release = false;
  std::uint16_t tag = 0;
  std::uint64_t desc = 0;
  std::uint32_t desc_len = 0;
  std::uint64_t map = 0;
  unsigned priority = 0;
  unsigned tenant = 0;
  unsigned layers = 0;
  bool operator==(const SubEntry&) const = default;
};

struct Completion {
  std::uint16_t tag = 0;
  bool error = false;
  unsigned code = 0;
  std::uint16_t layer = 0;
  std::uint32_t tile = 0;
};

struct Location {
  unsigned node = 0;
  std::uint64_t addr = 0;
  std::uint64_t bytes = 0;
  bool is_public = false;
  unsigned owner = 0;
  bool operator==(const Location&) const = default;
};

struct DirRequest {
  unsigned op = 0;
  std::uint64_t key = 0;
  unsigned tenant = 0;
  Location location;
  bool operator==(const DirRequest&) const = default;
};

struct DirResponse {
  unsigned status = 0;  // table_status_e
  bool denied = false;
  Location location;
};

struct PerfInputs {
  bool busy = false;
  std::vector<unsigned> bytes;
  bool hit = false, miss = false, arb = false, alloc = false, dma = false;
};

struct Write {
  std::uint32_t addr;
  std::uint32_t data;
  unsigned strb;
};

std::uint32_t strobe_mask(unsigned strb) {
  std::uint32_t m = 0;
  for (unsigned i = 0; i < 4; ++i)
    if (strb & (1u << i)) m |= 0xFFu << (8 * i);
  return m;
}

const regs::Register* find_register(std::uint32_t offset) {
  for (const auto& r : regs::all)
    if (r.offset == offset) return &r;
  return nullptr;
}

// The register behaviour of section 14, one clock edge at a time.
class CsrReference {
 public:
  explicit CsrReference(const Params& p) : node_bytes(p.nodes, 0), p_(p) {}

  bool sub_valid() const { return !sq.empty() && (enable || sq_held); }
  bool irq() const { return (irq_status & irq_enable) != 0; }
  bool dir_busy() const { return dir_pending || dir_wait; }

  // The read view of the register at `addr`, as answered by an AR accepted
  // now; applies the snapshot of a PERF_*_LO read. {data, resp}.
  std::pair<std::uint32_t, unsigned> read(std::uint32_t addr, bool engine_busy) {
    const std::uint32_t offset = addr & ~3u;
    const regs::Register* r = find_register(offset);
    if (r == nullptr) return {0, kSlvErr};
    std::uint32_t v = view(offset, engine_busy);
    if (snapshot_of(offset)) {
      snap = static_cast<std::uint32_t>(*snapshot_of(offset) >> 32);
    }
    return {v, 0};
  }

  // Everything that happens at one clock edge, from the state before it.
  struct Edge {
    std::optional<Write> write;
    bool sub_ready = false;
    std::optional<Completion> completion;  // accepted at this edge
    bool dir_request_taken = false;
    std::optional<DirResponse> dir_response;  // accepted at this edge
    const PerfInputs* perf = nullptr;
  };

  void edge(const Edge& e) {
    const bool sub_valid_before = sub_valid();
    const bool sub_fire = sub_valid_before && e.sub_ready;
    const bool sq_full_before = sq.size() == p_.sq_depth;
    const bool dir_busy_before = dir_busy();
    bool ring = false, ring_release = false, sq_flush = false, cq_flush = false, err_clear = false, perf_clear = false;

    if (e.write) {
      const Write& w = *e.write;
      const std::uint32_t offset = (w.addr & ((1u << p_.addr_width) - 1)) & ~3u;
      const std::uint32_t m = strobe_mask(w.strb);
      const std::uint32_t set = w.data & m;
      const auto merge = [&](std::uint32_t old) { return (old & ~m) | (w.data & m); };
      switch (offset) {
        case regs::CTRL:
          if (m & regs::ctrl::ENABLE.mask()) enable = regs::ctrl::ENABLE.get(w.data) != 0;
          if (m & regs::ctrl::SCRUB.mask()) scrub = regs::ctrl::SCRUB.get(w.data) != 0;
          sq_flush = regs::ctrl::SQ_FLUSH.get(set) != 0;
          cq_flush = regs::ctrl::CQ_FLUSH.get(set) != 0;
          err_clear = regs::ctrl::ERR_CLEAR.get(set) != 0;
          perf_clear = regs::ctrl::PERF_CLEAR.get(set) != 0;
          break;
        case regs::IRQ_ENABLE: irq_enable = merge(irq_enable) & regs::irq_enable::mask; break;
        case regs::IRQ_STATUS: irq_status &= ~set; break;
        case regs::SCRATCH: scratch = merge(scratch); break;
        case regs::SQ_DESC_LEN: sq_desc_len = merge(sq_desc_len); break;
        case regs::SQ_DESC_ADDR_LO: set_lo(sq_desc, merge(lo(sq_desc))); break;
        case regs::SQ_DESC_ADDR_HI: set_hi(sq_desc, merge(hi(sq_desc))); break;
        case regs::SQ_MAP_ADDR_LO: set_lo(sq_map, merge(lo(sq_map))); break;
        case regs::SQ_MAP_ADDR_HI: set_hi(sq_map, merge(hi(sq_map))); break;
        case regs::SQ_ATTR: {
          const std::uint32_t v = merge(view(offset, false));
          sq_priority = regs::sq_attr::PRIORITY.get(v);
          sq_tenant = regs::sq_attr::TENANT.get(v);
          break;
        }
        case regs::SQ_DOORBELL: ring = w.strb != 0; break;
        case regs::CQ_POP:
          if (w.strb != 0 && !cq.empty()) cq.pop_front();
          break;
        case regs::DIR_KEY_LO: dir_key = (dir_key & ~0xFFFFFFFFull) | merge(lo(dir_key)); break;
        case regs::DIR_KEY_HI:
          dir_key = (dir_key & 0xFFFFFFFFull) | (std::uint64_t{merge(hi(dir_key)) & regs::dir_key_hi::mask} << 32);
          break;
        case regs::DIR_TENANT: dir_tenant = regs::dir_tenant::TENANT.get(merge(dir_tenant)); break;
        case regs::DIR_LOC_NODE: {
          const std::uint32_t v = merge(view(offset, false));
          dir_location.node = regs::dir_loc_node::NODE.get(v);
          dir_location.is_public = regs::dir_loc_node::PUBLIC.get(v) != 0;
          dir_location.owner = regs::dir_loc_node::OWNER.get(v);
          break;
        }
        case regs::DIR_LOC_ADDR_LO: set_lo(dir_location.addr, merge(lo(dir_location.addr))); break;
        case regs::DIR_LOC_ADDR_HI: set_hi(dir_location.addr, merge(hi(dir_location.addr)) & regs::dir_loc_addr_hi::mask); break;
        case regs::DIR_LOC_BYTES_LO: set_lo(dir_location.bytes, merge(lo(dir_location.bytes))); break;
        case regs::DIR_LOC_BYTES_HI:
          set_hi(dir_location.bytes, merge(hi(dir_location.bytes)) & regs::dir_loc_bytes_hi::mask);
          break;
        case regs::DIR_CMD: {
          const unsigned op = regs::dir_cmd::OP.get(w.data);
          if (w.strb != 0 && !dir_busy_before) {
            dir_pending = true;
            // a reserve carries only the location (the directory's fields keep the last command's)
            dir_request = op == kOpReserve ? DirRequest{op, dir_request.key, dir_request.tenant, dir_location}
                                           : DirRequest{op, dir_key, dir_tenant, dir_location};
          }
          break;
        }
        case regs::REL_MAP_ADDR_LO: set_lo(rel_map, merge(lo(rel_map))); break;
        case regs::REL_MAP_ADDR_HI: set_hi(rel_map, merge(hi(rel_map))); break;
        case regs::REL_ATTR: {
          const std::uint32_t v = merge(view(offset, false));
          rel_tenant = regs::rel_attr::TENANT.get(v);
          rel_layers = regs::rel_attr::LAYERS.get(v);
          break;
        }
        case regs::REL_DOORBELL: ring_release = w.strb != 0; break;
        case regs::PERF_NODE_SEL: perf_sel = regs::perf_node_sel::NODE.get(merge(perf_sel)); break;
        default: break;  // read-only or unmapped
      }
    }

    if (sub_fire) sq.pop_front();
    if (ring || ring_release) {
      if (sq_full_before) {
        irq_status |= regs::irq_status::SQ_OVERFLOW.mask();
      } else {
        SubEntry entry;
        entry.release = ring_release;
        entry.tag = tag_next;
        if (ring_release) {
          entry.map = rel_map;
          entry.tenant = rel_tenant;
          entry.layers = rel_layers;
        } else {
          entry.desc = sq_desc;
          entry.desc_len = sq_desc_len;
          entry.map = sq_map;
          entry.priority = sq_priority;
          entry.tenant = sq_tenant;
        }
        sq.push_back(entry);
        tag_last = tag_next;
        tag_next = static_cast<std::uint16_t>(tag_next + 1);
      }
    }
    if (sq_flush) {
      const bool keep = sub_valid_before && !e.sub_ready;
      while (sq.size() > (keep ? 1u : 0u)) sq.pop_back();
    }
    sq_held = sub_valid_before && !e.sub_ready;

    if (e.dir_request_taken) {
      dir_pending = false;
      dir_wait = true;
    }
    if (e.dir_response) {
      dir_wait = false;
      dir_status = e.dir_response->denied ? 4 : e.dir_response->status;
      dir_result = e.dir_response->location;
      irq_status |= regs::irq_status::CMD_DONE.mask();
    }

    if (cq_flush) cq.clear();
    if (err_clear) {
      err_valid = false;
      err = Completion{};
    }
    if (e.completion) {
      cq.push_back(*e.completion);
      irq_status |= regs::irq_status::CQ_AVAIL.mask();
      if (e.completion->error) {
        irq_status |= regs::irq_status::ERROR.mask();
        err_valid = true;
        err = *e.completion;
      }
    }

    if (perf_clear) {
      busy = hits = misses = stall_arb = stall_alloc = stall_dma = 0;
      std::fill(node_bytes.begin(), node_bytes.end(), 0);
    } else if (e.perf != nullptr) {
      busy += e.perf->busy;
      hits += e.perf->hit;
      misses += e.perf->miss;
      stall_arb += e.perf->arb;
      stall_alloc += e.perf->alloc;
      stall_dma += e.perf->dma;
      for (unsigned n = 0; n < p_.nodes; ++n) node_bytes[n] += e.perf->bytes[n];
    }
  }

  // state (public: tests look at it)
  bool enable = false;
  bool scrub = false;
  std::uint32_t irq_enable = 0, irq_status = 0, scratch = 0;
  std::uint64_t sq_desc = 0, sq_map = 0;
  std::uint32_t sq_desc_len = 0;
  unsigned sq_priority = 0, sq_tenant = 0;
  std::uint16_t tag_next = 0, tag_last = 0xFFFF;
  std::uint64_t dir_key = 0;
  unsigned dir_tenant = 0;
  Location dir_location;
  bool dir_pending = false, dir_wait = false;
  DirRequest dir_request;
  unsigned dir_status = 0;
  Location dir_result;
  std::uint64_t rel_map = 0;
  unsigned rel_tenant = 0, rel_layers = 0;
  bool err_valid = false;
  Completion err;
  unsigned perf_sel = 0;
  std::uint32_t snap = 0;
  std::uint64_t busy = 0, hits = 0, misses = 0, stall_arb = 0, stall_alloc = 0, stall_dma = 0;
  std::vector<std::uint64_t> node_bytes;
  std::deque<SubEntry> sq;
  bool sq_held = false;
  std::deque<Completion> cq;

 private:
  static std::uint32_t lo(std::uint64_t v) { return static_cast<std::uint32_t>(v); }
  static std::uint32_t hi(std::uint64_t v) { return static_cast<std::uint32_t>(v >> 32); }
  static void set_lo(std::uint64_t& v, std::uint32_t x) { v = (v & ~0xFFFFFFFFull) | x; }
  static void set_hi(std::uint64_t& v, std::uint32_t x) { v = (v & 0xFFFFFFFFull) | (std::uint64_t{x} << 32); }

  std::optional<std::uint64_t> snapshot_of(std::uint32_t offset) const {
    switch (offset) {
      case regs::PERF_BUSY_LO: return busy;
      case regs::PERF_NODE_BYTES_LO: return perf_sel < p_.nodes ? node_bytes[perf_sel] : 0;
      case regs::PERF_CAM_HITS_LO: return hits;
      case regs::PERF_CAM_MISSES_LO: return misses;
      case regs::PERF_STALL_ARB_LO: return stall_arb;
      case regs::PERF_STALL_ALLOC_LO: return stall_alloc;
      case regs::PERF_STALL_DMA_LO: return stall_dma;
      default: return std::nullopt;
    }
  }

  static std::uint32_t location_node(const Location& l) {
    return regs::dir_loc_node::NODE.put(l.node) | regs::dir_loc_node::PUBLIC.put(l.is_public) |
           regs::dir_loc_node::OWNER.put(l.owner);
  }

  std::uint32_t view(std::uint32_t offset, bool engine_busy) const {
    using namespace regs;
    const Completion head = cq.empty() ? Completion{} : cq.front();
    if (auto s = snapshot_of(offset)) return lo(*s);
    switch (offset) {
      case ID: return id::reset;
      case CONFIG: return config::SQ_DEPTH.put(p_.sq_depth) | config::CQ_DEPTH.put(p_.cq_depth) | config::NODES.put(p_.nodes);
      case CTRL: return ctrl::ENABLE.put(enable) | ctrl::SCRUB.put(scrub);
      case STATUS:
        return status::SQ_EMPTY.put(sq.empty()) | status::SQ_FULL.put(sq.size() == p_.sq_depth) |
               status::CQ_EMPTY.put(cq.empty()) | status::CQ_FULL.put(cq.size() == p_.cq_depth) |
               status::DIR_BUSY.put(dir_busy()) | status::ENGINE_BUSY.put(engine_busy);
      case IRQ_ENABLE: return irq_enable;
      case IRQ_STATUS: return irq_status;
      case SCRATCH: return scratch;
      case SQ_DESC_LEN: return sq_desc_len;
      case SQ_DESC_ADDR_LO: return lo(sq_desc);
      case SQ_DESC_ADDR_HI: return hi(sq_desc);
      case SQ_MAP_ADDR_LO: return lo(sq_map);
      case SQ_MAP_ADDR_HI: return hi(sq_map);
      case SQ_ATTR: return sq_attr::PRIORITY.put(sq_priority) | sq_attr::TENANT.put(sq_tenant);
      case SQ_LEVEL: return sq_level::LEVEL.put(static_cast<std::uint32_t>(sq.size()));
      case SQ_TAG: return sq_tag::NEXT.put(tag_next) | sq_tag::LAST.put(tag_last);
      case CQ_STATUS:
        return cq.empty() ? 0
                          : cq_status::TAG.put(head.tag) | cq_status::ERROR.put(head.error) |
                                cq_status::CODE.put(head.code) | cq_status::VALID.put(1);
      case CQ_LAYER: return cq_layer::LAYER.put(head.layer);
      case CQ_TILE: return cq_tile::TILE.put(head.tile);
      case CQ_LEVEL: return cq_level::LEVEL.put(static_cast<std::uint32_t>(cq.size()));
      case DIR_KEY_LO: return lo(dir_key);
      case DIR_KEY_HI: return hi(dir_key) & dir_key_hi::mask;
      case DIR_TENANT: return dir_tenant::TENANT.put(dir_tenant);
      case DIR_LOC_NODE: return location_node(dir_location);
      case DIR_LOC_ADDR_LO: return lo(dir_location.addr);
      case DIR_LOC_ADDR_HI: return hi(dir_location.addr);
      case DIR_LOC_BYTES_LO: return lo(dir_location.bytes);
      case DIR_LOC_BYTES_HI: return hi(dir_location.bytes);
      case DIR_RESULT: return dir_result::BUSY.put(dir_busy()) | dir_result::STATUS.put(dir_status);
      case DIR_RES_NODE: return location_node(dir_result);
      case DIR_RES_ADDR_LO: return lo(dir_result.addr);
      case DIR_RES_ADDR_HI: return hi(dir_result.addr);
      case DIR_RES_BYTES_LO: return lo(dir_result.bytes);
      case DIR_RES_BYTES_HI: return hi(dir_result.bytes);
      case REL_MAP_ADDR_LO: return lo(rel_map);
      case REL_MAP_ADDR_HI: return hi(rel_map);
      case REL_ATTR: return rel_attr::TENANT.put(rel_tenant) | rel_attr::LAYERS.put(rel_layers);
      case ERR_STATUS:
        return err_status::VALID.put(err_valid) | err_status::CODE.put(err.code) | err_status::TAG.put(err.tag);
      case ERR_LAYER: return err_layer::LAYER.put(err.layer);
      case ERR_TILE: return err_tile::TILE.put(err.tile);
      case PERF_NODE_SEL: return perf_sel;
      case PERF_BUSY_HI:
      case PERF_NODE_BYTES_HI:
      case PERF_CAM_HITS_HI:
      case PERF_CAM_MISSES_HI:
      case PERF_STALL_ARB_HI:
      case PERF_STALL_ALLOC_HI:
      case PERF_STALL_DMA_HI: return snap;
      default: return 0;  // write-only
    }
  }

  Params p_;
};

// tile_location_t, packed: node [81:77], addr [76:43], bytes [42:9],
// owner.is_public [8], owner.tenant [7:0].
template <class Signal>
Location unpack_location(const Signal& s) {
  return {static_cast<unsigned>(get_bits(s, 77, 5)), get_bits(s, 43, 34), get_bits(s, 9, 34), get_bits(s, 8, 1) != 0,
          static_cast<unsigned>(get_bits(s, 0, 8))};
}
template <class Signal>
void pack_location(Signal& s, const Location& l) {
  set_bits(s, 77, 5, l.node);
  set_bits(s, 43, 34, l.addr);
  set_bits(s, 9, 34, l.bytes);
  set_bits(s, 8, 1, l.is_public);
  set_bits(s, 0, 8, l.owner);
}

// The DUT, its surroundings and the reference, clocked together.
template <class Model>
class Env {
 public:
  Env(const std::string& name, const Params& p, bool perf = true)
      : perf_random(perf), h(name), ref(p), p_(p), perf_{false, std::vector<unsigned>(p.nodes, 0)} {
    Model& d = h.dut();
    d.s_aw_valid_i = 0;
    d.s_w_valid_i = 0;
    d.s_b_ready_i = 0;
    d.s_ar_valid_i = 0;
    d.s_r_ready_i = 0;
    d.sub_ready_i = 0;
    d.cpl_valid_i = 0;
    d.dir_req_ready_i = 0;
    d.dir_resp_valid_i = 0;
    d.rsv_req_ready_i = 0;
    d.rsv_resp_valid_i = 0;
    d.rsv_resp_range_i = 0;
    drive_perf();
    h.reset();
  }

  // ---- knobs ----
  unsigned axi_gap = 3;       // up to this many idle cycles before each AXI valid
  unsigned axi_stall = 30;    // % of cycles B / R are not ready
  unsigned sub_stall = 30;    // % of cycles the submission consumer is not ready
  unsigned cpl_rate = 0;      // % of idle cycles a completion is offered
  unsigned dir_stall = 30;    // % of cycles the directory does not take a command
  bool perf_random;           // random performance inputs (else 0)
  std::size_t dir_capacity = 4;
  std::deque<Completion> cpl_source;  // offered first, then random ones (cpl_rate)

  Harness<Model> h;
  CsrReference ref;
  std::vector<SubEntry> taken;        // submissions the consumer took
  std::vector<Completion> delivered;  // completions the CQ accepted
  std::map<std::uint64_t, Location> directory;
  unsigned reserves = 0;  // reserve commands the reservation side took

  std::pair<std::uint32_t, unsigned> write(std::uint32_t addr, std::uint32_t data, unsigned strb = 0xF) {
    Model& d = h.dut();
    bool aw_done = false, w_done = false, applied = false;
    unsigned aw_wait = static_cast<unsigned>(h.rng().below(axi_gap + 1));
    unsigned w_wait = static_cast<unsigned>(h.rng().below(axi_gap + 1));
    for (std::uint64_t n = 0;; ++n) {
      REQUIRE(n < 1000);
      d.s_aw_valid_i = !aw_done && aw_wait == 0;
      d.s_aw_addr_i = addr;
      d.s_w_valid_i = !w_done && w_wait == 0;
      d.s_w_data_i = data;
      d.s_w_strb_i = strb;
      d.s_b_ready_i = !h.rng().percent(axi_stall);
      std::optional<Write> effect;
      if (aw_done && w_done && !applied) {
        effect = Write{addr, data, strb};
        applied = true;
      } else {
        h.settle();
        REQUIRE_FALSE((d.s_b_valid_o && !applied));
      }
      h.settle();
      const bool aw_fire = d.s_aw_valid_i && d.s_aw_ready_o;
      const bool w_fire = d.s_w_valid_i && d.s_w_ready_o;
      const bool b_fire = d.s_b_valid_o && d.s_b_ready_i;
      const unsigned resp = d.s_b_resp_o;
      step(effect, std::nullopt);
      aw_done |= aw_fire;
      w_done |= w_fire;
      if (aw_wait > 0) --aw_wait;
      if (w_wait > 0) --w_wait;
      if (b_fire) {
        d.s_aw_valid_i = 0;
        d.s_w_valid_i = 0;
        d.s_b_ready_i = 0;
        const bool mapped = find_register((addr & ((1u << p_.addr_width) - 1)) & ~3u) != nullptr;
        INFO("write 0x" << std::hex << addr << " data 0x" << data << " strb " << strb);
        REQUIRE(resp == (mapped ? 0u : kSlvErr));
        return {data, resp};
      }
    }
  }

  std::pair<std::uint32_t, unsigned> read(std::uint32_t addr) {
    Model& d = h.dut();
    bool ar_done = false;
    unsigned ar_wait = static_cast<unsigned>(h.rng().below(axi_gap + 1));
    std::pair<std::uint32_t, unsigned> expected{};
    for (std::uint64_t n = 0;; ++n) {
      REQUIRE(n < 1000);
      d.s_ar_valid_i = !ar_done && ar_wait == 0;
      d.s_ar_addr_i = addr;
      d.s_r_ready_i = !h.rng().percent(axi_stall);
      h.settle();
      const bool ar_fire = d.s_ar_valid_i && d.s_ar_ready_o;
      const bool r_fire = d.s_r_valid_o && d.s_r_ready_i;
      const std::uint32_t data = d.s_r_data_o;
      const unsigned resp = d.s_r_resp_o;
      REQUIRE_FALSE((d.s_r_valid_o && !ar_done));
      step(std::nullopt, ar_fire ? std::optional<std::uint32_t>(addr) : std::nullopt, &expected);
      ar_done |= ar_fire;
      if (ar_wait > 0) --ar_wait;
      if (r_fire) {
        d.s_ar_valid_i = 0;
        d.s_r_ready_i = 0;
        INFO("read 0x" << std::hex << addr << " got 0x" << data << " expected 0x" << expected.first);
        REQUIRE(resp == expected.second);
        REQUIRE(data == expected.first);
        return {data, resp};
      }
    }
  }

  // Idle cycles (the background keeps running).
  void idle(unsigned cycles) {
    for (unsigned i = 0; i < cycles; ++i) {
      h.settle();
      step(std::nullopt, std::nullopt);
    }
  }

  // Writes, then reads back and checks the field the test names.
  std::uint32_t field(std::uint32_t addr, const regs::Field& f) { return f.get(read(addr).first); }

 private:
  void drive_perf() {
    Model& d = h.dut();
    Rng& rng = h.rng();
    const bool on = perf_random;
    perf_.busy = on && rng.percent(60);
    perf_.hit = on && rng.percent(30);
    perf_.miss = on && rng.percent(20);
    perf_.arb = on && rng.percent(25);
    perf_.alloc = on && rng.percent(15);
    perf_.dma = on && rng.percent(35);
    for (unsigned n = 0; n < p_.nodes; ++n) {
      perf_.bytes[n] = on && rng.percent(50) ? static_cast<unsigned>(rng.below(1u << kBytesIncWidth)) : 0;
      set_bits(d.perf_node_bytes_i, n * kBytesIncWidth, kBytesIncWidth, perf_.bytes[n]);
    }
    d.perf_busy_i = perf_.busy;
    d.perf_cam_hit_i = perf_.hit;
    d.perf_cam_miss_i = perf_.miss;
    d.perf_stall_arb_i = perf_.arb;
    d.perf_stall_alloc_i = perf_.alloc;
    d.perf_stall_dma_i = perf_.dma;
  }

  DirResponse answer(const DirRequest& q) {
    DirResponse r;
    if (q.op == kOpReserve) {  // the reservation side: RANGE outside its nodes, else OK; no location
      const Location& l = q.location;
      r.status = l.node >= p_.nodes || l.addr + l.bytes > kEnvNodeBytes ? kStatusRange : 0;
      ++reserves;
      return r;
    }
    auto it = directory.find(q.key);
    switch (q.op) {
      case 0:  // lookup
        if (it == directory.end()) {
          r.status = 1;
        } else if (!it->second.is_public && it->second.owner != q.tenant) {
          r.status = 1;
          r.denied = true;
        } else {
          r.location = it->second;
        }
        break;
      case 1:  // insert
        if (it != directory.end()) {
          r.status = 2;
          r.location = it->second;
        } else if (directory.size() >= dir_capacity) {
          r.status = 3;
        } else {
          directory[q.key] = q.location;
          r.location = q.location;
        }
        break;
      default:  // delete
        if (it == directory.end()) {
          r.status = 1;
        } else {
          r.location = it->second;
          directory.erase(it);
        }
        break;
    }
    return r;
  }

  // One cycle: drives the background inputs, compares the DUT's outputs with
  // the reference, applies this edge's events to the reference, clocks.
  // The AXI inputs are set by the caller; `read_at` is an AR accepted now.
  void step(const std::optional<Write>& effect, const std::optional<std::uint32_t>& read_at,
            std::pair<std::uint32_t, unsigned>* expected = nullptr) {
    Model& d = h.dut();
    Rng& rng = h.rng();
    // background inputs
    d.sub_ready_i = !rng.percent(sub_stall);
    if (!d.cpl_valid_i && (!cpl_source.empty() || (cpl_rate > 0 && rng.percent(cpl_rate)))) {
      Completion c;
      if (!cpl_source.empty()) {
        c = cpl_source.front();
        cpl_source.pop_front();
      } else {
        c.tag = static_cast<std::uint16_t>(rng.next());
        c.error = rng.percent(30);
        c.code = c.error ? static_cast<unsigned>(rng.between(1, 13)) : 0;
        c.layer = static_cast<std::uint16_t>(rng.next());
        c.tile = static_cast<std::uint32_t>(rng.next());
      }
      cpl_offer_ = c;
      d.cpl_valid_i = 1;
      d.cpl_tag_i = c.tag;
      d.cpl_error_i = c.error;
      d.cpl_code_i = c.code;
      d.cpl_layer_i = c.layer;
      d.cpl_tile_i = c.tile;
    }
    d.dir_req_ready_i = !dir_answer_ && !rng.percent(dir_stall);
    d.rsv_req_ready_i = !dir_answer_ && !rng.percent(dir_stall);
    if (dir_answer_ && dir_delay_ == 0 && !d.dir_resp_valid_i && !d.rsv_resp_valid_i) {
      if (answer_reserve_) {
        d.rsv_resp_valid_i = 1;
        d.rsv_resp_range_i = dir_answer_->status == kStatusRange;
      } else {
        d.dir_resp_valid_i = 1;
        d.dir_resp_status_i = dir_answer_->status;
        d.dir_resp_denied_i = dir_answer_->denied;
        pack_location(d.dir_resp_location_i, dir_answer_->location);
      }
    }
    h.settle();

    // outputs against the reference (state before this edge)
    REQUIRE(static_cast<bool>(d.sub_valid_o) == ref.sub_valid());
    if (d.sub_valid_o) {
      const SubEntry got{d.sub_release_o != 0, static_cast<std::uint16_t>(d.sub_tag_o), d.sub_desc_addr_o,
                         d.sub_desc_len_o, d.sub_map_addr_o, d.sub_priority_o, d.sub_tenant_o, d.sub_layers_o};
      REQUIRE(got == ref.sq.front());
    }
    REQUIRE(static_cast<bool>(d.irq_o) == ref.irq());
    REQUIRE(static_cast<bool>(d.enable_o) == ref.enable);
    REQUIRE(static_cast<bool>(d.scrub_o) == ref.scrub);
    const bool reserve = ref.dir_request.op == kOpReserve;
    REQUIRE(static_cast<bool>(d.dir_req_valid_o) == (ref.dir_pending && !reserve));
    REQUIRE(static_cast<bool>(d.rsv_req_valid_o) == (ref.dir_pending && reserve));
    if (d.dir_req_valid_o) {
      const DirRequest got{d.dir_req_op_o, d.dir_req_key_o, d.dir_req_tenant_o, unpack_location(d.dir_req_location_o)};
      REQUIRE(got == ref.dir_request);
    }
    if (d.rsv_req_valid_o) REQUIRE(unpack_location(d.dir_req_location_o) == ref.dir_request.location);
    REQUIRE(static_cast<bool>(d.dir_resp_ready_o) == (ref.dir_wait && !reserve));
    REQUIRE(static_cast<bool>(d.rsv_resp_ready_o) == (ref.dir_wait && reserve));

    CsrReference::Edge e;
    e.write = effect;
    e.sub_ready = d.sub_ready_i;
    e.perf = &perf_;
    const bool sub_fire = d.sub_valid_o && d.sub_ready_i;
    if (sub_fire) taken.push_back(ref.sq.front());
    if (d.cpl_valid_i && d.cpl_ready_o) {
      REQUIRE(ref.cq.size() < p_.cq_depth);
      e.completion = cpl_offer_;
      delivered.push_back(cpl_offer_);
    }
    const bool req_fire = (d.dir_req_valid_o && d.dir_req_ready_i) || (d.rsv_req_valid_o && d.rsv_req_ready_i);
    e.dir_request_taken = req_fire;
    const bool resp_fire = (d.dir_resp_valid_i && d.dir_resp_ready_o) || (d.rsv_resp_valid_i && d.rsv_resp_ready_o);
    if (resp_fire) e.dir_response = dir_answer_;
    if (read_at) *expected = ref.read(*read_at, perf_.busy);
    const DirRequest request = ref.dir_request;
    ref.edge(e);
    h.posedge();

    // after the edge
    if (d.cpl_valid_i && e.completion) d.cpl_valid_i = 0;
    if (resp_fire) {
      d.dir_resp_valid_i = 0;
      d.rsv_resp_valid_i = 0;
      dir_answer_.reset();
    }
    if (dir_answer_ && dir_delay_ > 0) --dir_delay_;
    if (req_fire) {
      answer_reserve_ = request.op == kOpReserve;
      dir_answer_ = answer(request);
      dir_delay_ = static_cast<unsigned>(rng.below(5));
    }
    drive_perf();
  }

  Params p_;
  PerfInputs perf_;
  Completion cpl_offer_;
  std::optional<DirResponse> dir_answer_;
  bool answer_reserve_ = false;  // dir_answer_ answers a reserve (on rsv_resp_*)
  unsigned dir_delay_ = 0;
};

// ---------------------------------------------------------------------------
// The tests, for one parameter set each.

template <class Model>
void reset_and_access(const std::string& name, const Params& p) {
  Env<Model> env(name, p, false);
  // Reset values, as the generated header states them.
  for (const auto& r : regs::all) {
    INFO(r.name);
    const auto [value, resp] = env.read(r.offset);
    CHECK(resp == 0);
    if (r.reset) {
      CHECK(value == *r.reset);
    } else {
      CHECK(value == (regs::config::SQ_DEPTH.put(p.sq_depth) | regs::config::CQ_DEPTH.put(p.cq_depth) |
                      regs::config::NODES.put(p.nodes)));
    }
  }
  // Access types: write all ones, then a pattern, read back.
  for (const auto& r : regs::all) {
    INFO(r.name);
    if (r.offset == regs::CTRL || r.offset == regs::SQ_DOORBELL || r.offset == regs::REL_DOORBELL ||
        r.offset == regs::DIR_CMD || r.offset == regs::CQ_POP)
      continue;  // actions: their own tests
    const std::uint32_t before = env.read(r.offset).first;
    for (const std::uint32_t pattern : {0xFFFFFFFFu, 0xA5C3965Au, 0u}) {
      env.write(r.offset, pattern);
      const std::uint32_t after = env.read(r.offset).first;
      switch (r.access) {
        case regs::Access::rw: CHECK(after == (pattern & r.mask)); break;
        case regs::Access::ro: CHECK(after == before); break;
        case regs::Access::wo: CHECK(after == 0); break;
        case regs::Access::w1c: CHECK(after == 0); break;  // nothing set yet
      }
    }
  }
  // Byte strobes: only the strobed bytes change.
  env.write(regs::SCRATCH, 0x11223344);
  env.write(regs::SCRATCH, 0xAABBCCDD, 0b0101);
  CHECK(env.read(regs::SCRATCH).first == 0x11BB33DDu);
  env.write(regs::SCRATCH, 0xFFFFFFFF, 0);
  CHECK(env.read(regs::SCRATCH).first == 0x11BB33DDu);
  // The two low address bits are ignored.
  CHECK(env.read(regs::SCRATCH + 3).first == 0x11BB33DDu);
  // Unmapped offsets: SLVERR, reads 0, no effect.
  for (std::uint32_t offset = 0; offset < (1u << p.addr_width); offset += 4) {
    if (find_register(offset) != nullptr) continue;
    CHECK(env.read(offset).second == kSlvErr);
    CHECK(env.write(offset, 0xFFFFFFFF).second == kSlvErr);
  }
  CHECK(env.read(regs::SCRATCH).first == 0x11BB33DDu);
  CHECK_FALSE(env.h.assertion_failed());
}

template <class Model>
void submission_queue(const std::string& name, const Params& p) {
  Env<Model> env(name, p);
  env.sub_stall = 0;
  // Disabled: entries wait in the queue; the (depth+1)th doorbell overflows.
  for (unsigned i = 0; i < p.sq_depth + 2; ++i) {
    env.write(regs::SQ_DESC_ADDR_LO, 0x1000 + i);
    env.write(regs::SQ_DESC_ADDR_HI, i);
    env.write(regs::SQ_DESC_LEN, 0x40u * i + 0xFFFFF000u * (i % 2));
    env.write(regs::SQ_MAP_ADDR_LO, 0x8000 + i);
    env.write(regs::SQ_ATTR, regs::sq_attr::PRIORITY.put(i % 4) | regs::sq_attr::TENANT.put(i * 7));
    const auto tag = env.field(regs::SQ_TAG, regs::sq_tag::NEXT);
    env.write(i % 3 == 2 ? regs::REL_DOORBELL : regs::SQ_DOORBELL, 1);
    const bool accepted = i < p.sq_depth;
    CHECK(env.field(regs::SQ_TAG, regs::sq_tag::LAST) == (accepted ? tag : (p.sq_depth - 1)));
    CHECK(env.field(regs::IRQ_STATUS, regs::irq_status::SQ_OVERFLOW) == (accepted ? 0u : 1u));
  }
  CHECK(env.field(regs::SQ_LEVEL, regs::sq_level::LEVEL) == p.sq_depth);
  CHECK(env.field(regs::STATUS, regs::status::SQ_FULL) == 1);
  CHECK(env.taken.empty());
  // The overflow bit is sticky until cleared.
  env.write(regs::IRQ_STATUS, regs::irq_status::SQ_OVERFLOW.mask());
  CHECK(env.field(regs::IRQ_STATUS, regs::irq_status::SQ_OVERFLOW) == 0);
  // Enabled: the engine takes them in order, with tags 0..depth-1.
  env.write(regs::CTRL, regs::ctrl::ENABLE.mask());
  env.idle(p.sq_depth + 4);
  REQUIRE(env.taken.size() == p.sq_depth);
  for (unsigned i = 0; i < p.sq_depth; ++i) {
    CHECK(env.taken[i].tag == i);
    CHECK(env.taken[i].release == (i % 3 == 2));
    if (i % 3 != 2) {
      CHECK(env.taken[i].tenant == (i * 7) % 256);
      CHECK(env.taken[i].desc_len == 0x40u * i + 0xFFFFF000u * (i % 2));
    } else {
      CHECK(env.taken[i].desc_len == 0);
    }
  }
  CHECK(env.field(regs::STATUS, regs::status::SQ_EMPTY) == 1);
  // A flush keeps an offered entry, drops the rest.
  env.sub_stall = 100;
  for (unsigned i = 0; i < p.sq_depth; ++i) env.write(regs::SQ_DOORBELL, 1);
  env.idle(2);
  REQUIRE(env.h->sub_valid_o);
  env.write(regs::CTRL, regs::ctrl::ENABLE.mask() | regs::ctrl::SQ_FLUSH.mask());
  CHECK(env.field(regs::SQ_LEVEL, regs::sq_level::LEVEL) == 1);
  env.sub_stall = 0;
  env.idle(3);
  CHECK(env.taken.size() == p.sq_depth + 1);
  CHECK(env.taken.back().tag == p.sq_depth);
  // Disabled, nothing offered: a flush drops everything.
  env.write(regs::CTRL, 0);
  env.write(regs::SQ_DOORBELL, 1);
  env.write(regs::CTRL, regs::ctrl::SQ_FLUSH.mask());
  CHECK(env.field(regs::SQ_LEVEL, regs::sq_level::LEVEL) == 0);
  CHECK_FALSE(env.h.assertion_failed());
}

template <class Model>
void completion_queue(const std::string& name, const Params& p) {
  Env<Model> env(name, p);
  // Fill the queue beyond its depth: the producer waits, nothing is lost.
  std::vector<Completion> sent;
  for (unsigned i = 0; i < 3 * p.cq_depth + 5; ++i) {
    const bool error = i % 4 == 1;
    sent.push_back({static_cast<std::uint16_t>(100 + i), error, error ? 6u + i % 7 : 0u, static_cast<std::uint16_t>(i),
                    0xFFFFFFF0u + i});
  }
  env.cpl_source.assign(sent.begin(), sent.end());
  env.idle(20);
  CHECK(env.field(regs::CQ_LEVEL, regs::cq_level::LEVEL) == p.cq_depth);
  CHECK(env.field(regs::STATUS, regs::status::CQ_FULL) == 1);
  // Pop them all in order while the producer keeps pushing.
  for (const Completion& c : sent) {
    const std::uint32_t status = env.read(regs::CQ_STATUS).first;
    REQUIRE(regs::cq_status::VALID.get(status) == 1);
    CHECK(regs::cq_status::TAG.get(status) == c.tag);
    CHECK(regs::cq_status::ERROR.get(status) == c.error);
    CHECK(regs::cq_status::CODE.get(status) == c.code);
    CHECK(env.field(regs::CQ_LAYER, regs::cq_layer::LAYER) == c.layer);
    CHECK(env.field(regs::CQ_TILE, regs::cq_tile::TILE) == c.tile);
    env.write(regs::CQ_POP, 1);
  }
  CHECK(env.read(regs::CQ_STATUS).first == 0);
  env.write(regs::CQ_POP, 1);  // empty: no effect
  // The last error is kept until cleared.
  const Completion& last_error = sent[sent.size() - 1 - ((sent.size() - 2) % 4)];
  CHECK(env.field(regs::ERR_STATUS, regs::err_status::VALID) == 1);
  CHECK(env.field(regs::ERR_STATUS, regs::err_status::TAG) == last_error.tag);
  CHECK(env.field(regs::ERR_LAYER, regs::err_layer::LAYER) == last_error.layer);
  env.write(regs::CTRL, regs::ctrl::ERR_CLEAR.mask());
  CHECK(env.read(regs::ERR_STATUS).first == 0);
  // A flush empties the queue.
  env.cpl_source.assign(sent.begin(), sent.begin() + p.cq_depth);
  env.idle(p.cq_depth + 5);
  env.write(regs::CTRL, regs::ctrl::CQ_FLUSH.mask());
  CHECK(env.field(regs::CQ_LEVEL, regs::cq_level::LEVEL) == 0);
  CHECK_FALSE(env.h.assertion_failed());
}

template <class Model>
void interrupts(const std::string& name, const Params& p) {
  Env<Model> env(name, p);
  env.sub_stall = 100;
  CHECK_FALSE(env.h->irq_o);
  // A completion sets CQ_AVAIL; the line rises only once it is enabled.
  env.cpl_source.push_back({7, false, 0, 0xFFFF, 0xFFFFFFFF});
  env.idle(3);
  CHECK(env.field(regs::IRQ_STATUS, regs::irq_status::CQ_AVAIL) == 1);
  CHECK_FALSE(env.h->irq_o);
  env.write(regs::IRQ_ENABLE, regs::irq_enable::CQ_AVAIL.mask());
  CHECK(env.h->irq_o);
  // Clearing with 0 does nothing, with 1 clears.
  env.write(regs::IRQ_STATUS, 0);
  CHECK(env.h->irq_o);
  env.write(regs::IRQ_STATUS, regs::irq_status::CQ_AVAIL.mask());
  CHECK_FALSE(env.h->irq_o);
  // Error completion: ERROR and CQ_AVAIL.
  env.write(regs::IRQ_ENABLE, regs::irq_enable::ERROR.mask());
  env.cpl_source.push_back({8, true, 13, 2, 3});
  env.idle(3);
  CHECK(env.h->irq_o);
  CHECK(env.read(regs::IRQ_STATUS).first == (regs::irq_status::ERROR.mask() | regs::irq_status::CQ_AVAIL.mask()));
  env.write(regs::IRQ_STATUS, 0xF);
  CHECK_FALSE(env.h->irq_o);
  // Overflow.
  env.write(regs::IRQ_ENABLE, regs::irq_enable::SQ_OVERFLOW.mask());
  for (unsigned i = 0; i < p.sq_depth; ++i) env.write(regs::SQ_DOORBELL, 1);
  CHECK_FALSE(env.h->irq_o);
  env.write(regs::SQ_DOORBELL, 1);
  CHECK(env.h->irq_o);
  env.write(regs::IRQ_ENABLE, 0);
  CHECK_FALSE(env.h->irq_o);
  // Command done.
  env.write(regs::IRQ_ENABLE, regs::irq_enable::CMD_DONE.mask());
  env.write(regs::DIR_CMD, 0);
  env.idle(40);
  CHECK(env.h->irq_o);
  CHECK_FALSE(env.h.assertion_failed());
}

template <class Model>
void directory_round_trip(const std::string& name, const Params& p) {
  Env<Model> env(name, p);
  auto command = [&](unsigned op, std::uint64_t key, unsigned tenant, const Location& l) {
    env.write(regs::DIR_KEY_LO, static_cast<std::uint32_t>(key));
    env.write(regs::DIR_KEY_HI, static_cast<std::uint32_t>(key >> 32));
    env.write(regs::DIR_TENANT, tenant);
    env.write(regs::DIR_LOC_NODE, regs::dir_loc_node::NODE.put(l.node) | regs::dir_loc_node::PUBLIC.put(l.is_public) |
                                      regs::dir_loc_node::OWNER.put(l.owner));
    env.write(regs::DIR_LOC_ADDR_LO, static_cast<std::uint32_t>(l.addr));
    env.write(regs::DIR_LOC_ADDR_HI, static_cast<std::uint32_t>(l.addr >> 32));
    env.write(regs::DIR_LOC_BYTES_LO, static_cast<std::uint32_t>(l.bytes));
    env.write(regs::DIR_LOC_BYTES_HI, static_cast<std::uint32_t>(l.bytes >> 32));
    env.write(regs::DIR_CMD, regs::dir_cmd::OP.put(op));
    std::uint32_t result = 0;
    for (int i = 0; i < 50; ++i) {
      result = env.read(regs::DIR_RESULT).first;
      if (!regs::dir_result::BUSY.get(result)) break;
    }
    REQUIRE(regs::dir_result::BUSY.get(result) == 0);
    const std::uint32_t node = env.read(regs::DIR_RES_NODE).first;
    Location got{regs::dir_loc_node::NODE.get(node),
                 env.read(regs::DIR_RES_ADDR_LO).first | (std::uint64_t{env.read(regs::DIR_RES_ADDR_HI).first} << 32),
                 env.read(regs::DIR_RES_BYTES_LO).first | (std::uint64_t{env.read(regs::DIR_RES_BYTES_HI).first} << 32),
                 regs::dir_res_node::PUBLIC.get(node) != 0, regs::dir_res_node::OWNER.get(node)};
    return std::pair{regs::dir_result::STATUS.get(result), got};
  };
  const std::uint64_t key = 0xBEEF12345672ull;
  const Location where{3, 0x3'0000'1000ull, 0x2'0000'0040ull, false, 9};
  auto [s1, l1] = command(1, key, 0, where);  // insert
  CHECK(s1 == 0);
  auto [s2, l2] = command(0, key, 9, {});  // lookup by the owner
  CHECK(s2 == 0);
  CHECK(l2 == where);
  auto [s3, l3] = command(0, key, 4, {});  // lookup by another tenant
  CHECK(s3 == 4);
  CHECK(l3 == Location{});
  auto [s4, l4] = command(1, key, 0, {1, 2, 3, true, 0});  // duplicate
  CHECK(s4 == 2);
  CHECK(l4 == where);
  auto [s5, l5] = command(2, key, 0, {});  // delete
  CHECK(s5 == 0);
  CHECK(l5 == where);
  auto [s6, l6] = command(0, key, 9, {});  // gone
  CHECK(s6 == 1);
  for (unsigned i = 0; i < env.dir_capacity; ++i) command(1, i, 0, {0, i, 1, true, 0});
  CHECK(command(1, 99, 0, {}).first == 3);  // full
  // OP 3 reserves: the location goes to the reservation side, not the
  // directory; OK or RANGE, no location, CMD_DONE.
  const auto entries = env.directory;
  env.write(regs::IRQ_STATUS, regs::irq_status::CMD_DONE.mask());
  auto [r1, rl1] = command(3, key, 9, {p.nodes - 1, 0x1000, 0x2345, false, 7});
  CHECK(r1 == 0);
  CHECK(rl1 == Location{});
  CHECK(env.field(regs::IRQ_STATUS, regs::irq_status::CMD_DONE) == 1);
  if (p.nodes < 32) CHECK(command(3, key, 9, {p.nodes, 0, 64, true, 0}).first == kStatusRange);  // no such node
  CHECK(command(3, key, 9, {0, kEnvNodeBytes - 64, 65, true, 0}).first == kStatusRange);  // past the end
  CHECK(command(3, key, 9, {0, kEnvNodeBytes - 64, 64, true, 0}).first == 0);  // up to the end
  CHECK(env.reserves == (p.nodes < 32 ? 4u : 3u));
  CHECK(env.directory == entries);
  // A directory command after a reserve carries its own key and tenant.
  CHECK(command(0, 2, 0, {}).first == 0);
  CHECK_FALSE(env.h.assertion_failed());
}

template <class Model>
void perf_counters(const std::string& name, const Params& p) {
  Env<Model> env(name, p);
  env.idle(500);
  // Every counter: LO then HI (the reference checks each value exactly).
  for (const std::uint32_t lo : {regs::PERF_BUSY_LO, regs::PERF_CAM_HITS_LO, regs::PERF_CAM_MISSES_LO,
                                 regs::PERF_STALL_ARB_LO, regs::PERF_STALL_ALLOC_LO, regs::PERF_STALL_DMA_LO}) {
    const std::uint32_t low = env.read(lo).first;
    CHECK(low > 0);
    env.read(lo + 4);
  }
  for (unsigned node = 0; node < 32; node += 3) {
    env.write(regs::PERF_NODE_SEL, node);
    const std::uint32_t low = env.read(regs::PERF_NODE_BYTES_LO).first;
    CHECK((node < p.nodes ? low > 0 : low == 0));
  }
  // The snapshot: HI returns the high word latched by the LO read, not the
  // counter's current one. Counting to 2^32 would take too long, so the busy
  // counter (in the DUT, through Verilator's root, and in the reference) is
  // preloaded just below a carry into its high word.
  const std::uint64_t preload = 0x1'FFFF'FF00ull;
  env.h.dut().rootp->tsr_csr__DOT__busy_cnt_q = preload;
  env.ref.busy = preload;
  const std::uint32_t low = env.read(regs::PERF_BUSY_LO).first;
  CHECK(low >= 0xFFFFFF00u);
  env.idle(600);                                           // the low word wraps meanwhile
  CHECK(env.read(regs::PERF_BUSY_HI).first == 1);          // the snapshot, not the live 2
  CHECK(env.read(regs::PERF_STALL_DMA_HI).first == 1);     // any HI returns it
  CHECK(env.read(regs::PERF_BUSY_LO).first < 0x1000u);     // wrapped
  CHECK(env.read(regs::PERF_BUSY_HI).first == 2);          // the carry reached the high word
  CHECK(env.ref.busy > 0x2'0000'0000ull);
  env.perf_random = false;
  env.write(regs::CTRL, regs::ctrl::PERF_CLEAR.mask());
  env.idle(2);
  CHECK(env.read(regs::PERF_BUSY_LO).first == 0);
  CHECK_FALSE(env.h.assertion_failed());
}

template <class Model>
void random_operations(const std::string& name, const Params& p, unsigned operations) {
  Env<Model> env(name, p);
  Rng& rng = env.h.rng();
  std::printf("csr random %s: seed %llu (replay: TESSERA_SEED=%llu)\n", name.c_str(),
              static_cast<unsigned long long>(env.h.seed()), static_cast<unsigned long long>(env.h.seed()));
  env.cpl_rate = 10;
  for (unsigned i = 0; i < operations; ++i) {
    if (i % 500 == 0) {
      env.sub_stall = static_cast<unsigned>(rng.below(90));
      env.axi_stall = static_cast<unsigned>(rng.below(70));
      env.cpl_rate = static_cast<unsigned>(rng.below(30));
      env.dir_stall = static_cast<unsigned>(rng.below(70));
      env.axi_gap = static_cast<unsigned>(rng.below(5));
    }
    // A register, mostly a mapped one, sometimes with the low bits set.
    std::uint32_t addr;
    if (rng.percent(8)) {
      addr = static_cast<std::uint32_t>(rng.below(1u << p.addr_width));
    } else {
      addr = regs::all[rng.below(regs::all.size())].offset;
      if (rng.percent(5)) addr |= static_cast<std::uint32_t>(rng.below(4));
    }
    if (rng.percent(50)) {
      env.read(addr);
    } else {
      std::uint32_t data = static_cast<std::uint32_t>(rng.next());
      const unsigned strb = rng.percent(80) ? 0xF : static_cast<unsigned>(rng.below(16));
      if ((addr & ~3u) == regs::CTRL) {
        // mostly keep the engine enabled; flushes and clears now and then
        data = regs::ctrl::ENABLE.put(rng.percent(80)) | regs::ctrl::SCRUB.put(rng.percent(50)) |
               (rng.percent(10) ? regs::ctrl::SQ_FLUSH.mask() : 0) |
               (rng.percent(10) ? regs::ctrl::CQ_FLUSH.mask() : 0) | (rng.percent(10) ? regs::ctrl::ERR_CLEAR.mask() : 0) |
               (rng.percent(5) ? regs::ctrl::PERF_CLEAR.mask() : 0);
      }
      env.write(addr, data, strb);
    }
    if (rng.percent(30)) env.idle(static_cast<unsigned>(rng.below(4)));
  }
  CHECK_FALSE(env.h.assertion_failed());
}

// A completion producer that changes its payload while the full completion
// queue holds it off must trip the stream assertion.
template <class Model>
void provoke_assertion(const std::string& name, const Params& p) {
  Harness<Model> h(name);
  h->cpl_valid_i = 0;
  h->s_aw_valid_i = h->s_w_valid_i = h->s_ar_valid_i = 0;
  h->s_b_ready_i = h->s_r_ready_i = 0;
  h->sub_ready_i = 0;
  h->dir_req_ready_i = 0;
  h->dir_resp_valid_i = 0;
  h->rsv_req_ready_i = 0;
  h->rsv_resp_valid_i = 0;
  h->perf_busy_i = h->perf_cam_hit_i = h->perf_cam_miss_i = 0;
  h->perf_stall_arb_i = h->perf_stall_alloc_i = h->perf_stall_dma_i = 0;
  h.reset();
  h->cpl_valid_i = 1;
  h->cpl_tag_i = 1;
  h.run_until([&] { return !h->cpl_ready_o; }, p.cq_depth + 10);
  REQUIRE_FALSE(h.assertion_failed());
  h->cpl_tag_i = 2;  // not accepted yet: illegal change
  h.posedge();
  h->cpl_tag_i = 3;
  h.posedge();
  CHECK(h.assertion_failed());
}

}  // namespace

TEST_CASE("csr: reset values, access types, byte strobes, SLVERR", "[csr]") {
  reset_and_access<Vcsr_default>("csr access default", kDefault);
  reset_and_access<Vcsr_small>("csr access small", kSmall);
}
TEST_CASE("csr: submission queue, tags, overflow, flush", "[csr]") {
  submission_queue<Vcsr_default>("csr sq default", kDefault);
  submission_queue<Vcsr_small>("csr sq small", kSmall);
}
TEST_CASE("csr: completion queue order, backpressure, errors, flush", "[csr]") {
  completion_queue<Vcsr_default>("csr cq default", kDefault);
  completion_queue<Vcsr_small>("csr cq small", kSmall);
}
TEST_CASE("csr: interrupt causes, enable and W1C clear", "[csr]") {
  interrupts<Vcsr_default>("csr irq default", kDefault);
  interrupts<Vcsr_small>("csr irq small", kSmall);
}
TEST_CASE("csr: tile-directory command round trip", "[csr]") {
  directory_round_trip<Vcsr_default>("csr dir default", kDefault);
  directory_round_trip<Vcsr_small>("csr dir small", kSmall);
}
TEST_CASE("csr: performance counters and the LO/HI snapshot", "[csr]") {
  perf_counters<Vcsr_default>("csr perf default", kDefault);
  perf_counters<Vcsr_small>("csr perf small", kSmall);
}
TEST_CASE("csr: random register operations against the reference", "[csr]") {
  random_operations<Vcsr_default>("csr random default", kDefault, 4000);
  random_operations<Vcsr_small>("csr random small", kSmall, 4000);
}
TEST_CASE("csr: a completion payload change while stalled fires the stream assertion", "[csr][assert]") {
  provoke_assertion<Vcsr_small>("csr assert", kSmall);
}
