// tsr_context on its own (tb_context: the context, its AXI master on HBM
// stubs, every resource port driven from here), against the spec (sections
// 6-11 and 15) and the contract in the header of rtl/tsr_context.sv.
//
// How it checks. For each submission or release, an expected-outcome model
// (Predictor) walks the spec over this test's own reference state (World):
// a tile directory (tenant-checked), a layer table (TableAdjust +/-1 with the
// zero report, TableInsert Ok/Duplicate/Full, signature and reference count
// per entry) and an allocator that places each region on random free units.
// Faults chosen by the test (Plan) enter the walk: NO_MEMORY at a layer, a
// TableFull or a lost insert race, a DMA error, a failing record write, a
// failing scrub write, a failing record read. The walk gives the completion
// (code, layer, tile), the layer-map records, and, per resource port, the
// exact requests the context must make, each with the reference model's
// answer. The port drivers here answer those requests with random latency,
// random stalls on ready and random gaps before valid, and REQUIRE that
// every request is the next one expected: the directory lookups in
// descriptor order; the job's region is the one allocated; the tiles are
// the directory's locations in order, the last flagged (or a 0-byte last
// marker after an error); every region allocated is freed exactly once, in
// the order of spec sections 8 and 10; every reference taken is dropped.
// Cross-port checks: no free while a DMA job into the region is open, no
// TableInsert before the job's done; with scrub_i, the region is zero in
// the stub memory (but for a failing beat) when the free reaches the
// allocator. After each completion: nothing owed on any port, the AXI port
// idle, and every byte of every node equal to a mirror (tiles, descriptors,
// the DMA's copies, the records expected, the scrubs), so the context wrote
// nothing else. The RTL's own assertions (one request per resource, one
// completion per submission, stream rules, AXI rules on every link) must
// not fire; one is provoked on purpose. The seed is printed; replay with
// TESSERA_SEED.
#include <algorithm>
#include <array>
#include <deque>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include <fmt/format.h>

#include "Vcontext_256.h"
#include "Vcontext_512.h"
#include "Vcontext_64.h"
#include "expect_assertion.hpp"
#include "harness.hpp"
#include "hbm_memory.hpp"
#include "tessera/bytes.hpp"
#include "tessera/descriptor.hpp"
#include "tessera/driver.hpp"
#include "tessera/errors.hpp"

using namespace tessera;
using namespace tessera::tb;

namespace {

// ---- constants of the RTL's interfaces (tessera_pkg) ------------------------------
constexpr unsigned kTableOk = 0, kTableMissing = 1, kTableDuplicate = 2, kTableFull = 3;
constexpr unsigned kOpInsert = 1, kOpAdjust = 3;
constexpr unsigned kDmaOk = 0, kDmaReadError = 1, kDmaWriteError = 2, kDmaSizeError = 3;
constexpr unsigned kAllocOk = 0, kAllocNoMemory = 1, kAllocDoubleFree = 3;
constexpr std::uint32_t kSaturated = 65535;
constexpr std::uint64_t kRecordBytes = 32;

unsigned code_of(ErrorCode code) { return static_cast<unsigned>(code); }

// The configurations of tb/blocks/context.cmake; every node is 128 KiB.
struct Params {
  unsigned nodes;
  unsigned data_width;
  unsigned unit_log2;
  unsigned units;
  unsigned beat() const { return data_width / 8; }
  std::uint64_t unit() const { return std::uint64_t{1} << unit_log2; }
  std::uint64_t node_bytes() const { return std::uint64_t{units} << unit_log2; }
  unsigned record_beats() const { return beat() >= 32 ? 1 : 32 / beat(); }
};
constexpr Params k256{2, 256, 8, 512};
constexpr Params k64{3, 64, 6, 2048};
constexpr Params k512{2, 512, 9, 256};

// Node layout (every node): descriptors, layer maps, regions, tiles, a
// reserved top (maps placed to run past the node's end).
constexpr std::uint64_t kDescArea = 0;
constexpr std::uint64_t kMapArea = 16 << 10;
constexpr std::uint64_t kMapSlotBytes = 512;
constexpr std::uint64_t kMapSlots = (16 << 10) / kMapSlotBytes;
constexpr std::uint64_t kRegionArea = 32 << 10;
constexpr std::uint64_t kTileAreaBelowTop = 33 << 10;
constexpr std::uint64_t kTopBytes = 1 << 10;

// An engine address's parts (spec section 15; engine_addr, driver.hpp, joins them).
constexpr std::uint64_t kOffsetMask = (std::uint64_t{1} << kEngineNodeShift) - 1;
std::uint32_t node_of(std::uint64_t a) { return static_cast<std::uint32_t>((a >> kEngineNodeShift) & 31); }
std::uint64_t offset_of(std::uint64_t a) { return a & kOffsetMask; }

// ---- the reference state ------------------------------------------------------------
struct Region {
  std::uint32_t node = 0;
  std::uint64_t first = 0;
  std::uint64_t units = 0;
  auto operator<=>(const Region&) const = default;
};

struct Tile {
  std::uint32_t node = 0;
  std::uint64_t addr = 0;
  std::uint64_t bytes = 0;
  std::optional<std::uint8_t> owner;  // nullopt: public
};

struct Entry {
  std::uint32_t node = 0;
  std::uint64_t addr = 0;
  std::uint64_t bytes = 0;
  std::uint32_t signature = 0;
  std::uint32_t refs = 0;      // all holders
  std::uint32_t ctx_refs = 0;  // of them, networks run through the context
};

std::uint64_t table_key(std::uint8_t tenant, std::uint32_t id) { return std::uint64_t{tenant} << 32 | id; }

// Allocation units per node: free, reserved or allocated.
class Units {
 public:
  explicit Units(const Params& p) : p_(p), state_(p.nodes, std::vector<std::uint8_t>(p.units, kFree)) {}

  void reserve_bytes(std::uint32_t node, std::uint64_t addr, std::uint64_t bytes) {
    for (std::uint64_t u = addr >> p_.unit_log2; u < p_.units && (u << p_.unit_log2) < addr + bytes; ++u) {
      if (state_[node][u] == kFree) state_[node][u] = kReserved;
    }
  }
  // Any free run of `units` (on `node` when given), chosen at random.
  std::optional<Region> pick(Rng& rng, std::uint64_t units, std::optional<std::uint32_t> node) const {
    std::vector<Region> fits;
    for (std::uint32_t n = 0; n < p_.nodes; ++n) {
      if (node && *node != n) continue;
      std::uint64_t run = 0;
      for (std::uint64_t u = 0; u < p_.units; ++u) {
        run = state_[n][u] == kFree ? run + 1 : 0;
        if (run >= units) fits.push_back({n, u + 1 - units, units});
      }
    }
    if (fits.empty()) return std::nullopt;
    return fits[rng.below(fits.size())];
  }
  void take(const Region& r) { mark(r, kFree, kTaken); }
  void give(const Region& r) { mark(r, kTaken, kFree); }
  std::uint64_t taken() const {
    std::uint64_t n = 0;
    for (const auto& node : state_) n += static_cast<std::uint64_t>(std::count(node.begin(), node.end(), kTaken));
    return n;
  }

 private:
  static constexpr std::uint8_t kFree = 0, kReserved = 1, kTaken = 2;
  void mark(const Region& r, std::uint8_t from, std::uint8_t to) {
    REQUIRE(r.node < p_.nodes);
    REQUIRE(r.first + r.units <= p_.units);
    for (std::uint64_t u = r.first; u < r.first + r.units; ++u) {
      INFO("unit " << u << " of node " << r.node);
      REQUIRE(state_[r.node][u] == from);
      state_[r.node][u] = to;
    }
  }
  Params p_;
  std::vector<std::vector<std::uint8_t>> state_;
};

struct World {
  explicit World(const Params& params) : p(params), units(params) {
    for (unsigned n = 0; n < p.nodes; ++n) mirror.emplace_back(p.node_bytes());
  }
  Region region_of(const Entry& e) const {
    return {e.node, e.addr >> p.unit_log2, (e.bytes + p.unit() - 1) >> p.unit_log2};
  }
  Params p;
  std::vector<SparseMemory> mirror;  // what every node must hold
  std::unordered_map<std::uint64_t, Tile> dir;
  std::map<std::uint64_t, Entry> table;
  Units units;
  std::map<Region, std::uint64_t> scrub_traps;  // region -> its beat whose scrub write fails
  std::map<std::uint64_t, std::uint32_t> leaked;  // references whose record read failed (never dropped)
};

// ---- what a run must look like ------------------------------------------------------
struct DirStep {
  std::uint64_t key = 0;
  std::uint8_t tenant = 0;
  unsigned status = kTableOk;
  bool denied = false;
  Tile loc;
  std::function<void()> hook;  // runs when the request is taken
};

struct LtStep {
  unsigned op = kOpAdjust;
  bool decrement = false;
  std::uint8_t tenant = 0;
  std::uint32_t id = 0;
  Entry insert;  // TableInsert: the entry the context must give
  unsigned status = kTableOk;
  bool zero = false;
  Entry resp;
};

struct AllocStep {
  bool free = false;
  std::uint64_t units = 0;
  bool pinned = false;
  std::uint32_t node = 0;   // pinned allocate, free
  std::uint64_t first = 0;  // free
  unsigned status = kAllocOk;
  Region given;  // allocate Ok
  bool scrub = false;                     // free: the region must be zero (but for the failing beats)
  std::vector<std::uint64_t> failing;     // free: beats whose scrub write fails
  std::optional<std::uint64_t> trap;      // allocate: the beat whose scrub will fail, armed now
};

struct TileStep {
  std::uint32_t node = 0;
  std::uint64_t addr = 0;
  std::uint64_t bytes = 0;
  bool last = false;
};

struct Copy {
  std::uint32_t node = 0;
  std::uint64_t from = 0;
  std::uint64_t to = 0;  // in the job's node
  std::uint64_t bytes = 0;
};

struct JobStep {
  std::uint32_t node = 0;
  std::uint64_t addr = 0;
  std::uint64_t bytes = 0;
  std::vector<TileStep> tiles;
  std::vector<Copy> copies;
  unsigned status = kDmaOk;
  std::uint64_t delivered = 0;
};

struct Record {
  std::uint32_t node = 0;
  std::uint64_t addr = 0;
  std::array<std::uint8_t, kRecordBytes> bytes{};
};

struct Range {
  std::uint32_t node = 0;
  std::uint64_t first = 0;
  std::uint64_t last = 0;
};

struct Expect {
  unsigned code = 0;
  std::uint16_t layer = kNoLayer;
  std::uint32_t tile = kNoTile;
  std::deque<DirStep> dir;
  std::deque<LtStep> lt;
  std::deque<AllocStep> alloc;
  std::deque<JobStep> jobs;
  std::vector<Record> records;
  std::vector<Range> ranges;                         // SLVERR from the start to the completion
  std::vector<std::pair<Region, Range>> traps;       // scrub traps armed at the start, until their free
  std::vector<Range> late;                           // SLVERR armed during the run by a step's hook, until the completion
  std::size_t shared_records = 0;                    // records written with shared = 1
};

struct Sub {
  bool release = false;
  std::uint16_t tag = 0;
  std::uint64_t desc_addr = 0;
  std::uint32_t desc_len = 0;  // the descriptor buffer's length (SQ_DESC_LEN)
  std::uint64_t map_addr = 0;
  std::uint8_t priority = 0;
  std::uint8_t tenant = 0;
  std::uint16_t layers = 0;
  bool scrub = false;
};

// ---- faults the test chooses ----------------------------------------------------------
enum class Dma { ok, read_error, write_error, size_error };
enum class Insert { ok, full, race_same, race_diff, race_gone, race_saturated };

struct LayerFaults {
  bool alloc_fail = false;      // the allocator answers NoMemory
  Dma dma = Dma::ok;            // the job's done
  Insert insert = Insert::ok;   // the first TableInsert
  bool record_fail = false;     // SLVERR on its record's beats
  bool scrub_fail = false;      // SLVERR on a beat of its own region's scrub
};

struct Plan {
  std::map<std::uint16_t, LayerFaults> layers;
  std::optional<std::uint16_t> fetch_bus_error;   // the fetch ends with BUS_ERROR at this layer (test arms it)
  std::optional<std::uint16_t> fetch_fails_after; // ... inside this layer's keys, after the layer was reused
  std::set<std::uint16_t> read_fail;              // release: records whose read fails
  std::set<std::uint16_t> unwind_read_fail;       // submission: records unreadable once unwinding (test arms them)
  std::set<std::uint16_t> release_scrub_fail;     // release: the region freed for this record fails its scrub
  LayerFaults at(std::uint16_t l) const {
    const auto it = layers.find(l);
    return it == layers.end() ? LayerFaults{} : it->second;
  }
};

std::array<std::uint8_t, kRecordBytes> record_bytes(std::uint32_t id, std::uint32_t node, bool shared,
                                                    std::uint64_t addr, std::uint64_t bytes) {
  std::array<std::uint8_t, kRecordBytes> r{};
  store_le(r, 0, id, 4);
  r[4] = static_cast<std::uint8_t>(node);
  r[5] = static_cast<std::uint8_t>(1u | (shared ? 2u : 0u));
  store_le(r, 8, addr, 8);
  store_le(r, 16, bytes, 8);
  return r;
}

// ---- the expected-outcome model -------------------------------------------------------
// Walks spec section 8 (a submission) or 10 (a release) as tsr_context's
// header states it, over the World, and writes what the context must do.
class Predictor {
 public:
  Predictor(World& w, Rng& rng) : w_(w), p_(w.p), rng_(rng) {}

  Expect submit(const Sub& s, const Plan& plan) {
    start(s);
    if (!addr_ok(s.desc_addr, false) || !addr_ok(s.map_addr, true)) {
      fail(ErrorCode::bus_error, kNoLayer, kNoTile);
      return std::move(e_);
    }
    const std::uint32_t desc_node = node_of(s.desc_addr);
    const std::uint64_t desc_off = offset_of(s.desc_addr);
    if (desc_off + s.desc_len > p_.node_bytes() || desc_off % 8 != 0) {  // spec section 15; the fetch's BUS_ERROR without a read
      fail(ErrorCode::bus_error, kNoLayer, kNoTile);
      return std::move(e_);
    }
    std::vector<std::uint8_t> buffer(s.desc_len);
    w_.mirror[desc_node].read(desc_off, buffer);
    auto decoded = decode_descriptor(buffer);
    if (const auto* error = std::get_if<DescriptorError>(&decoded)) {
      fail(error->code, error->layer.value_or(kNoLayer), kNoTile);
      return std::move(e_);
    }
    const Descriptor& d = std::get<Descriptor>(decoded);
    for (const auto& [l, f] : plan.layers) {
      if (f.record_fail) e_.ranges.push_back(beats_range(map_node_, map_off_ + kRecordBytes * l, kRecordBytes));
    }
    for (const std::uint16_t r : plan.unwind_read_fail) e_.late.push_back(beats_range(map_node_, map_off_ + kRecordBytes * r, kRecordBytes));
    plan_ = &plan;
    for (std::uint16_t l = 0; l < d.layers.size(); ++l) {
      if (plan.fetch_bus_error && *plan.fetch_bus_error == l) {
        fail(ErrorCode::bus_error, l, kNoTile);
        break;
      }
      layer_ = l;
      layer_id_ = d.layers[l].id;
      const std::size_t before = e_.records.size();
      if (!walk_layer(d.layers[l], l)) break;
      if (plan.fetch_fails_after && *plan.fetch_fails_after == l) {
        REQUIRE(e_.records.size() == before + 1);  // the layer was reused: its keys are only skipped
        REQUIRE(e_.records.back().bytes[5] == 3);
        fail(ErrorCode::bus_error, l, kNoTile);
        break;
      }
    }
    if (failed_) unwind();
    return std::move(e_);
  }

  Expect release(const Sub& s, const Plan& plan) {
    start(s);
    if (!addr_ok(s.map_addr, true)) {
      fail(ErrorCode::bus_error, kNoLayer, kNoTile);
      return std::move(e_);
    }
    for (const std::uint16_t r : plan.read_fail) {
      e_.ranges.push_back(beats_range(map_node_, map_off_ + kRecordBytes * r, kRecordBytes));
    }
    for (const std::uint16_t r : plan.release_scrub_fail) {
      std::array<std::uint8_t, kRecordBytes> rec{};
      w_.mirror[map_node_].read(map_off_ + kRecordBytes * r, rec);
      const auto it = w_.table.find(table_key(s.tenant, static_cast<std::uint32_t>(load_le(rec, 0, 4))));
      REQUIRE(it != w_.table.end());
      const Region g = w_.region_of(it->second);
      if (w_.scrub_traps.count(g) != 0) continue;  // armed already (an earlier release that did not free it)
      const std::uint64_t beat = trap_beat(g);
      w_.scrub_traps[g] = beat;
      e_.traps.push_back({g, {g.node, beat, beat + p_.beat() - 1}});
    }
    for (std::uint16_t r = 0; r < s.layers; ++r) {
      const std::uint64_t at = map_off_ + kRecordBytes * r;
      std::array<std::uint8_t, kRecordBytes> rec{};
      if (at + kRecordBytes <= p_.node_bytes()) w_.mirror[map_node_].read(at, rec);
      const bool valid = (rec[5] & 1) != 0;
      const auto id = static_cast<std::uint32_t>(load_le(rec, 0, 4));
      if (read_fails(at)) {
        fail(ErrorCode::bus_error, r, kNoTile);
        if (valid && w_.table.count(table_key(s.tenant, id)) != 0) ++w_.leaked[table_key(s.tenant, id)];
        continue;
      }
      if (valid) drop(id, r);
    }
    return std::move(e_);
  }

  // The beat of a region whose scrub write a scrub_fail plan makes fail.
  std::uint64_t trap_beat(const Region& g) const {
    const std::uint64_t base = g.first << p_.unit_log2;
    const std::uint64_t bytes = g.units << p_.unit_log2;
    return base + (bytes / 2) / p_.beat() * p_.beat();
  }

 private:
  void start(const Sub& s) {
    e_ = Expect{};
    s_ = s;
    failed_ = false;
    region_.reset();
    cur_ref_ = false;
    recorded_.clear();
    plan_ = nullptr;
    map_node_ = node_of(s.map_addr);
    map_off_ = offset_of(s.map_addr);
  }
  bool addr_ok(std::uint64_t a, bool map) const {
    return (a >> 39) == 0 && node_of(a) < p_.nodes && offset_of(a) <= p_.node_bytes() && (!map || offset_of(a) % 32 == 0);
  }
  // An error range that makes every beat holding [addr, addr + bytes) fail
  // (the stub decides per beat, by the beat's first address).
  Range beats_range(std::uint32_t node, std::uint64_t addr, std::uint64_t bytes) const {
    return {node, addr / p_.beat() * p_.beat(), addr + bytes - 1};
  }
  bool beat_fails(std::uint32_t node, std::uint64_t beat, bool late) const {
    if (beat >= p_.node_bytes()) return true;  // DECERR
    for (const auto& r : e_.ranges) {
      if (r.node == node && beat >= r.first && beat <= r.last) return true;
    }
    for (const auto& r : e_.late) {
      if (late && r.node == node && beat >= r.first && beat <= r.last) return true;
    }
    return false;
  }
  // A record access: its beats (one 32-byte record: 32 / beat beats, or the
  // one beat holding it); `late`: the late ranges are armed by then.
  bool record_fails(std::uint64_t at, bool late = false) const {
    const std::uint64_t first = at / p_.beat() * p_.beat();
    for (unsigned b = 0; b < p_.record_beats(); ++b) {
      if (beat_fails(map_node_, first + std::uint64_t{b} * p_.beat(), late)) return true;
    }
    return false;
  }
  bool read_fails(std::uint64_t at) const { return record_fails(at, true); }

  void fail(ErrorCode code, std::uint16_t layer, std::uint32_t tile) {
    if (failed_) return;
    failed_ = true;
    e_.code = code_of(code);
    e_.layer = layer;
    e_.tile = tile;
  }

  // Step 1: TableAdjust +1. Missing: the caller goes on (allocates, or inserts again).
  enum class Found { missing, reused, error };
  Found adjust_up(const DescriptorLayer& L, std::uint16_t l, std::uint32_t sig) {
    LtStep a;
    a.tenant = s_.tenant;
    a.id = L.id;
    const auto it = w_.table.find(table_key(s_.tenant, L.id));
    if (it == w_.table.end()) {
      a.status = kTableMissing;
      e_.lt.push_back(a);
      return Found::missing;
    }
    Entry& entry = it->second;
    if (entry.refs >= kSaturated) {
      a.status = kTableFull;
      a.resp = entry;
      e_.lt.push_back(a);
      fail(ErrorCode::table_full, l, kNoTile);
      return Found::error;
    }
    ++entry.refs;
    ++entry.ctx_refs;
    a.status = kTableOk;
    a.resp = entry;
    e_.lt.push_back(a);
    cur_ref_ = true;
    if (entry.signature != sig) {
      fail(ErrorCode::layer_conflict, l, kNoTile);
      return Found::error;
    }
    const Entry shared = entry;
    if (region_) {  // the own copy lost the race: freed, the other reused
      const Region own = *region_;
      region_.reset();
      if (!free_region(own, l)) return Found::error;
    }
    if (!write_record(l, L.id, shared.node, shared.addr, shared.bytes, true)) return Found::error;
    return Found::reused;
  }

  bool walk_layer(const DescriptorLayer& L, std::uint16_t l) {
    const LayerFaults f = plan_->at(l);
    const std::uint32_t sig = layer_signature(L.keys);
    const Found found = adjust_up(L, l, sig);
    if (found != Found::missing) return found == Found::reused;
    if (L.node && *L.node >= p_.nodes) {
      fail(ErrorCode::bad_node, l, kNoTile);
      return false;
    }
    if (L.bytes > p_.node_bytes()) {
      fail(ErrorCode::no_memory, l, kNoTile);
      return false;
    }
    AllocStep a;
    a.units = (L.bytes + p_.unit() - 1) >> p_.unit_log2;
    a.pinned = L.node.has_value();
    a.node = L.node.value_or(0);
    std::optional<Region> got;
    if (!f.alloc_fail) got = w_.units.pick(rng_, a.units, L.node ? std::optional<std::uint32_t>(*L.node) : std::nullopt);
    if (!got) {
      a.status = kAllocNoMemory;
      e_.alloc.push_back(a);
      fail(ErrorCode::no_memory, l, kNoTile);
      return false;
    }
    w_.units.take(*got);
    a.given = *got;
    if (f.scrub_fail) {
      a.trap = trap_beat(*got);
      w_.scrub_traps[*got] = *a.trap;
    }
    e_.alloc.push_back(a);
    region_ = *got;

    JobStep job;
    job.node = got->node;
    job.addr = got->first << p_.unit_log2;
    job.bytes = L.bytes;
    std::uint64_t offset = 0;
    bool gather_failed = false;
    for (std::uint32_t j = 0; j < L.keys.size(); ++j) {
      DirStep ds;
      ds.key = L.keys[j];
      ds.tenant = s_.tenant;
      const auto it = w_.dir.find(L.keys[j]);
      if (it == w_.dir.end()) {
        ds.status = kTableMissing;
        e_.dir.push_back(ds);
        fail(ErrorCode::tile_missing, l, j);
        gather_failed = true;
        break;
      }
      if (it->second.owner && *it->second.owner != s_.tenant) {
        ds.status = kTableMissing;
        ds.denied = true;
        e_.dir.push_back(ds);
        fail(ErrorCode::tile_access, l, j);
        gather_failed = true;
        break;
      }
      ds.loc = it->second;
      e_.dir.push_back(ds);
      const Tile& t = it->second;
      if (offset + t.bytes > L.bytes) {
        fail(ErrorCode::layer_size, l, j);
        gather_failed = true;
        break;
      }
      job.tiles.push_back({t.node, t.addr, t.bytes, j + 1 == L.keys.size()});
      job.copies.push_back({t.node, t.addr, job.addr + offset, t.bytes});
      offset += t.bytes;
    }
    job.delivered = offset;
    if (gather_failed) {
      job.tiles.push_back({0, 0, 0, true});  // the 0-byte last marker
      job.status = offset == L.bytes ? kDmaOk : kDmaSizeError;
      e_.jobs.push_back(job);
      return false;
    }
    const bool short_or_long = offset != L.bytes;
    job.status = short_or_long ? kDmaSizeError
                 : f.dma == Dma::read_error  ? kDmaReadError
                 : f.dma == Dma::write_error ? kDmaWriteError
                 : f.dma == Dma::size_error  ? kDmaSizeError
                                             : kDmaOk;
    e_.jobs.push_back(job);
    if (short_or_long) {
      fail(ErrorCode::layer_size, l, kNoTile);
      return false;
    }
    if (job.status != kDmaOk) {
      fail(ErrorCode::bus_error, l, kNoTile);
      return false;
    }

    // Step 6: TableInsert; a lost race turns into step 1 again with the region held.
    Insert insert = f.insert;
    for (;;) {
      LtStep ins;
      ins.op = kOpInsert;
      ins.tenant = s_.tenant;
      ins.id = L.id;
      ins.insert = {got->node, job.addr, L.bytes, sig, 1, 0};
      const std::uint64_t key = table_key(s_.tenant, L.id);
      if (insert == Insert::full) {
        ins.status = kTableFull;
        e_.lt.push_back(ins);
        fail(ErrorCode::table_full, l, kNoTile);
        return false;
      }
      // another context inserted the layer meanwhile (when there is room for its copy)
      const auto foreign = insert == Insert::ok ? std::nullopt
                                                : w_.units.pick(rng_, (L.bytes + p_.unit() - 1) >> p_.unit_log2, std::nullopt);
      if (foreign) {
        w_.units.take(*foreign);
        Entry other{foreign->node, foreign->first << p_.unit_log2, L.bytes,
                    insert == Insert::race_diff ? sig ^ 0x5a5a5a5au : sig,
                    insert == Insert::race_saturated ? kSaturated : 1u, 0};
        w_.table[key] = other;
        ins.status = kTableDuplicate;
        ins.resp = other;
        e_.lt.push_back(ins);
        if (insert == Insert::race_gone) {  // ... and released it before the context's TableAdjust
          w_.table.erase(key);
          w_.units.give(*foreign);
        }
        insert = Insert::ok;
        const Found again = adjust_up(L, l, sig);
        if (again == Found::missing) continue;
        return again == Found::reused;
      }
      Entry mine = ins.insert;
      mine.ctx_refs = 1;
      w_.table[key] = mine;
      ins.status = kTableOk;
      ins.resp = mine;
      e_.lt.push_back(ins);
      region_.reset();
      cur_ref_ = true;
      return write_record(l, L.id, got->node, job.addr, L.bytes, false);
    }
  }

  // Step 7: the record, then the reference is the network's.
  bool write_record(std::uint16_t l, std::uint32_t id, std::uint32_t node, std::uint64_t addr, std::uint64_t bytes,
                    bool shared) {
    const std::uint64_t at = map_off_ + kRecordBytes * l;
    if (at + kRecordBytes > p_.node_bytes()) {
      fail(ErrorCode::bus_error, kNoLayer, kNoTile);
      return false;
    }
    if (record_fails(at)) {
      fail(ErrorCode::bus_error, l, kNoTile);
      return false;
    }
    e_.records.push_back({map_node_, at, record_bytes(id, node, shared, addr, bytes)});
    if (shared) ++e_.shared_records;
    recorded_.push_back(id);
    cur_ref_ = false;
    return true;
  }

  // A free as the context does it: the scrub (with scrub_i), then the
  // allocator. False when a failing scrub set the error.
  bool free_region(const Region& g, std::uint16_t layer) {
    AllocStep f;
    f.free = true;
    f.node = g.node;
    f.first = g.first;
    f.units = g.units;
    f.scrub = s_.scrub;
    bool scrub_failed = false;
    if (const auto trap = w_.scrub_traps.find(g); trap != w_.scrub_traps.end()) {
      if (s_.scrub) {
        f.failing.push_back(trap->second);
        scrub_failed = true;
      }
      w_.scrub_traps.erase(trap);
    }
    e_.alloc.push_back(f);
    w_.units.give(g);
    if (scrub_failed && !failed_) {
      fail(ErrorCode::bus_error, layer, kNoTile);
      return false;
    }
    return true;
  }

  // TableAdjust -1; at zero the entry's region is freed.
  void drop(std::uint32_t id, std::uint16_t layer) {
    LtStep d;
    d.decrement = true;
    d.tenant = s_.tenant;
    d.id = id;
    const auto it = w_.table.find(table_key(s_.tenant, id));
    if (it == w_.table.end()) {
      d.status = kTableMissing;
      e_.lt.push_back(d);
      return;
    }
    Entry& entry = it->second;
    REQUIRE(entry.ctx_refs > 0);  // the context drops only what its networks hold
    --entry.refs;
    --entry.ctx_refs;
    d.status = kTableOk;
    d.resp = entry;
    d.zero = entry.refs == 0;
    e_.lt.push_back(d);
    if (d.zero) {
      const Region g = w_.region_of(entry);
      w_.table.erase(it);
      free_region(g, layer);
    }
  }

  // Spec section 8 on an error: the region of the failing layer, its
  // reference, then the records written, read back and released.
  void unwind() {
    if (region_) {
      free_region(*region_, layer_);
      region_.reset();
    }
    if (cur_ref_) {
      cur_ref_ = false;
      drop(layer_id_, layer_);
    }
    for (std::uint16_t r = 0; r < recorded_.size(); ++r) {
      if (read_fails(map_off_ + kRecordBytes * r)) {
        ++w_.leaked[table_key(s_.tenant, recorded_[r])];
        continue;
      }
      drop(recorded_[r], layer_);
    }
  }
  World& w_;
  Params p_;
  Rng& rng_;
  Expect e_;
  Sub s_;
  const Plan* plan_ = nullptr;
  bool failed_ = false;
  std::optional<Region> region_;
  bool cur_ref_ = false;
  std::uint16_t layer_ = 0;         // the layer being walked: index and id
  std::uint32_t layer_id_ = 0;
  std::vector<std::uint32_t> recorded_;
  std::uint32_t map_node_ = 0;
  std::uint64_t map_off_ = 0;
};

// ---- text of requests (a mismatch prints both sides) ----------------------------------
std::string lookup_text(std::uint64_t key, unsigned tenant) { return fmt::format("lookup key {:#x} tenant {}", key, tenant); }
std::string table_text(unsigned op, bool decrement, unsigned tenant, std::uint32_t id, const Entry& e) {
  if (op == kOpInsert) {
    return fmt::format("insert tenant {} layer {:#x}: node {} addr {:#x} bytes {} signature {:#x} refs {}", tenant, id,
                       e.node, e.addr, e.bytes, e.signature, e.refs);
  }
  if (op == kOpAdjust) return fmt::format("adjust {} tenant {} layer {:#x}", decrement ? "-1" : "+1", tenant, id);
  return fmt::format("op {} tenant {} layer {:#x}", op, tenant, id);
}
std::string alloc_text(bool free, std::uint64_t units, bool pinned, unsigned node, std::uint64_t first) {
  if (free) return fmt::format("free node {} first {} units {}", node, first, units);
  return pinned ? fmt::format("allocate {} units pinned to node {}", units, node) : fmt::format("allocate {} units", units);
}
std::string job_text(unsigned node, std::uint64_t addr, std::uint64_t bytes) {
  return fmt::format("job node {} addr {:#x} bytes {}", node, addr, bytes);
}
std::string tile_text(unsigned node, std::uint64_t addr, std::uint64_t bytes, bool last) {
  if (bytes == 0 && last) return "0-byte last marker";  // where it points does not matter
  return fmt::format("tile node {} addr {:#x} bytes {}{}", node, addr, bytes, last ? " last" : "");
}

struct Outcome {
  bool error = false;
  unsigned code = 0;
  std::uint16_t layer = 0;
  std::uint32_t tile = 0;
  std::uint16_t tag = 0;
  std::uint64_t cycles = 0;  // submission taken .. completion taken
};

// A response owed on one port: offered from ready_at on (after random gaps), held until taken.
template <class Step>
struct Owed {
  std::optional<Step> step;
  std::uint64_t ready_at = 0;
  bool offering = false;
};

// One tb_context, the reference state, the port drivers.
template <class Model>
class Bench {
 public:
  Bench(const std::string& name, const Params& params, unsigned stall_percent)
      : h(name, 200'000'000), p(params), w(params), world_rng(h.seed() ^ 0x5eed0f0c0e7e57ull), predict(w, world_rng),
        stall_(h.rng(), stall_percent), gap_(h.rng(), stall_percent), max_latency_(stall_percent > 0 ? 24 : 0) {
    auto& d = h.dut();
    HbmNodes::configure(p.nodes, p.node_bytes(), h.seed());
    set_memory_timing(stall_percent);
    d.sub_valid_i = 0;
    d.scrub_i = 0;
    d.cpl_ready_i = 0;
    d.dir_req_ready_i = 0;
    d.dir_resp_valid_i = 0;
    d.lt_req_ready_i = 0;
    d.lt_resp_valid_i = 0;
    d.alloc_req_ready_i = 0;
    d.alloc_rsp_valid_i = 0;
    d.job_ready_i = 0;
    d.tile_ready_i = 0;
    d.done_valid_i = 0;
    h.settle();
    REQUIRE(d.cfg_num_nodes_o == p.nodes);
    REQUIRE(d.cfg_data_width_o == p.data_width);
    REQUIRE(d.cfg_unit_log2_o == p.unit_log2);
    REQUIRE(d.cfg_units_o == p.units);
    // Every byte random (tiles, stale region contents), the same in the mirror.
    std::vector<std::uint8_t> page(SparseMemory::kPageBytes);
    for (unsigned n = 0; n < p.nodes; ++n) {
      for (std::uint64_t at = 0; at < p.node_bytes(); at += page.size()) {
        for (auto& byte : page) byte = static_cast<std::uint8_t>(world_rng.next());
        HbmNodes::node(n).memory.write(at, page);
        w.mirror[n].write(at, page);
      }
      w.units.reserve_bytes(n, 0, kRegionArea);
      w.units.reserve_bytes(n, tile_lo(), p.node_bytes() - tile_lo());
      tile_next_.push_back(tile_lo());
    }
    h.reset();
  }

  // Random stalls and gaps on every port (the context's and the stubs').
  void set_stalls(unsigned percent) {
    stall_.set_percent(percent);
    gap_.set_percent(percent);
    max_latency_ = percent > 0 ? 24 : 0;
    set_memory_timing(percent);
  }

  // ---- building networks ----------------------------------------------------------
  std::uint64_t tile_lo() const { return p.node_bytes() - kTileAreaBelowTop; }
  std::uint64_t fresh_key() {
    for (;;) {
      const std::uint64_t key = (world_rng.next() & 0xffffffffull) << 16 | world_rng.below(4096) << 4 | world_rng.between(1, 7);
      if (used_keys_.insert(key).second) return key;
    }
  }
  std::uint32_t fresh_id() {
    for (;;) {
      const auto id = static_cast<std::uint32_t>(world_rng.next());
      if (used_ids_.insert(id).second) return id;
    }
  }
  // A tile in the directory, at a random byte address of a node's tile area.
  std::uint64_t add_tile(std::uint64_t bytes, std::optional<std::uint8_t> owner = std::nullopt,
                         std::optional<std::uint32_t> node = std::nullopt) {
    const std::uint32_t n = node.value_or(static_cast<std::uint32_t>(world_rng.below(p.nodes)));
    const std::uint64_t addr = tile_next_[n] + world_rng.below(8);
    REQUIRE(addr + bytes <= p.node_bytes() - kTopBytes);
    tile_next_[n] = addr + bytes;
    const std::uint64_t key = fresh_key();
    w.dir[key] = {n, addr, bytes, owner};
    return key;
  }
  std::vector<std::uint64_t> add_tiles(unsigned count, std::uint64_t max_bytes, std::optional<std::uint8_t> owner = std::nullopt) {
    std::vector<std::uint64_t> keys;
    for (unsigned i = 0; i < count; ++i) keys.push_back(add_tile(world_rng.between(1, max_bytes), owner));
    return keys;
  }
  std::uint64_t tiles_bytes(const std::vector<std::uint64_t>& keys) const {
    std::uint64_t sum = 0;
    for (const auto key : keys) {
      const auto it = w.dir.find(key);
      if (it != w.dir.end()) sum += it->second.bytes;
    }
    return sum;
  }
  // A layer of these tiles, its bytes their sum.
  DescriptorLayer layer(const std::vector<std::uint64_t>& keys, std::optional<std::uint8_t> pin = std::nullopt) {
    DescriptorLayer l;
    l.id = fresh_id();
    l.node = pin;
    l.keys = keys;
    l.bytes = std::max<std::uint64_t>(tiles_bytes(keys), 1);
    return l;
  }
  // A live entry held by someone else (another network, another context).
  void foreign_entry(std::uint8_t tenant, const DescriptorLayer& l, std::uint32_t refs, bool other_signature = false) {
    const std::uint64_t units = (l.bytes + p.unit() - 1) >> p.unit_log2;
    const auto g = w.units.pick(world_rng, units, std::nullopt);
    REQUIRE(g);
    w.units.take(*g);
    const std::uint32_t sig = layer_signature(l.keys) ^ (other_signature ? 0x01010101u : 0u);
    w.table[table_key(tenant, l.id)] = {g->node, g->first << p.unit_log2, l.bytes, sig, refs, 0};
  }
  // The descriptor in a node's descriptor area (memory and mirror), at a
  // random multiple of `align`; its engine address.
  std::uint64_t put_descriptor(const Descriptor& d, std::optional<std::uint32_t> node = std::nullopt, std::uint64_t align = 8) {
    const auto bytes = encode_descriptor(d);
    REQUIRE(bytes.size() <= kMapArea - kDescArea);
    const std::uint32_t n = node.value_or(static_cast<std::uint32_t>(world_rng.below(p.nodes)));
    const std::uint64_t off = kDescArea + align * world_rng.below((kMapArea - kDescArea - bytes.size()) / align + 1);
    write_both(n, off, bytes);
    desc_bytes_[engine_addr(n, off)] = bytes.size();
    return engine_addr(n, off);
  }
  // A free layer-map slot, zeroed (the host's job); its engine address.
  std::uint64_t take_map() {
    REQUIRE(used_maps_.size() < p.nodes * kMapSlots);
    for (;;) {
      const auto n = static_cast<std::uint32_t>(world_rng.below(p.nodes));
      const std::uint64_t slot = world_rng.below(kMapSlots);
      if (!used_maps_.insert({n, slot}).second) continue;
      const std::uint64_t off = kMapArea + slot * kMapSlotBytes;
      zero_both(n, off, kMapSlotBytes);
      return engine_addr(n, off);
    }
  }
  void give_map(std::uint64_t map) {
    const std::uint32_t n = node_of(map);
    const std::uint64_t off = offset_of(map);
    if (off < kMapArea || off >= kRegionArea) return;  // not a slot
    used_maps_.erase({n, (off - kMapArea) / kMapSlotBytes});
  }
  void write_both(std::uint32_t node, std::uint64_t off, std::span<const std::uint8_t> bytes) {
    std::erase_if(desc_bytes_, [&](const auto& put) {  // a descriptor written over is no longer known
      const std::uint64_t at = offset_of(put.first);
      return node_of(put.first) == node && at < off + bytes.size() && off < at + put.second;
    });
    HbmNodes::node(node).memory.write(off, bytes);
    w.mirror[node].write(off, bytes);
  }
  void zero_both(std::uint32_t node, std::uint64_t off, std::uint64_t bytes) {
    HbmNodes::node(node).memory.fill(off, bytes, 0);
    w.mirror[node].fill(off, bytes, 0);
  }
  Sub submission(std::uint64_t desc, std::uint64_t map, std::uint8_t tenant, bool scrub) {
    Sub s;
    s.tag = static_cast<std::uint16_t>(world_rng.next());
    s.desc_addr = desc;
    s.desc_len = buffer_length(desc);
    s.map_addr = map;
    s.priority = static_cast<std::uint8_t>(world_rng.below(4));
    s.tenant = tenant;
    s.layers = static_cast<std::uint16_t>(world_rng.next());  // not used by a submission
    s.scrub = scrub;
    return s;
  }
  // A descriptor buffer's length for a submission: for one put_descriptor
  // wrote, its exact length, that plus some slack, or the rest of the node;
  // else the rest of the node (a random length where there is none).
  std::uint32_t buffer_length(std::uint64_t desc) {
    const std::uint64_t off = offset_of(desc);
    if (off > p.node_bytes()) return static_cast<std::uint32_t>(world_rng.next());
    const auto rest = static_cast<std::uint32_t>(std::min<std::uint64_t>(p.node_bytes() - off, 0xffff'ffffu));
    const auto put = desc_bytes_.find(desc);
    if (put == desc_bytes_.end()) return rest;
    switch (world_rng.below(3)) {
      case 0: return put->second;
      case 1: return static_cast<std::uint32_t>(std::min<std::uint64_t>(put->second + world_rng.below(4096), rest));
      default: return rest;
    }
  }
  Sub release_of(const Sub& net, std::uint16_t layers, bool scrub) {
    Sub s = net;
    s.release = true;
    s.tag = static_cast<std::uint16_t>(world_rng.next());
    s.desc_addr = world_rng.next();  // not used by a release
    s.layers = layers;
    s.scrub = scrub;
    return s;
  }

  // Error ranges in the stubs (SLVERR).
  void arm(const Range& r) { HbmNodes::node(r.node).errors.push_back({r.first, r.last, 2}); }
  void disarm(const Range& r) {
    auto& errors = HbmNodes::node(r.node).errors;
    const auto it = std::find_if(errors.begin(), errors.end(), [&](const HbmErrorRange& x) { return x.first == r.first && x.last == r.last; });
    REQUIRE(it != errors.end());
    errors.erase(it);
  }

  // ---- one submission or release --------------------------------------------------------
  // Runs it to its completion with the Expect's scripts on the ports, then
  // checks the outcome, that nothing is owed, and every node's bytes.
  Outcome run(const Sub& s, Expect e, std::uint64_t limit = 20'000'000) {
    auto& d = h.dut();
    e_ = &e;
    for (const auto& r : e.ranges) arm(r);
    for (const auto& [g, r] : e.traps) {
      arm(r);
      traps_[g] = r;
    }
    d.scrub_i = s.scrub;
    for (std::uint64_t n = world_rng.below(4); n > 0; --n) cycle();
    d.sub_valid_i = 1;
    d.sub_release_i = s.release;
    d.sub_tag_i = s.tag;
    d.sub_desc_addr_i = s.desc_addr;
    d.sub_desc_len_i = s.desc_len;
    d.sub_map_addr_i = s.map_addr;
    d.sub_priority_i = s.priority;
    d.sub_tenant_i = s.tenant;
    d.sub_layers_i = s.layers;
    sub_ = s;
    taken_at_.reset();
    outcome_.reset();
    for (std::uint64_t n = 0; !outcome_; ++n) {
      INFO("cycle " << h.cycle() << " of the run (seed " << h.seed() << ")");
      REQUIRE(n < limit);
      cycle();
      if (taken_at_ && d.sub_valid_i) {
        d.sub_valid_i = 0;  // what the context latched must not change: the ports carry junk from now on
        d.sub_release_i = world_rng.below(2);
        d.sub_tag_i = static_cast<std::uint16_t>(world_rng.next());
        d.sub_desc_addr_i = world_rng.next();
        d.sub_desc_len_i = static_cast<std::uint32_t>(world_rng.next());
        d.sub_map_addr_i = world_rng.next();
        d.sub_priority_i = static_cast<std::uint8_t>(world_rng.below(4));
        d.sub_tenant_i = static_cast<std::uint8_t>(world_rng.next());
        d.sub_layers_i = static_cast<std::uint16_t>(world_rng.next());
      }
    }
    for (int n = 0; n < 24; ++n) cycle();  // nothing may follow the completion
    check_all_taken();
    for (const auto& r : e.ranges) disarm(r);
    for (const auto& r : e.late) disarm(r);
    for (const auto& rec : e.records) w.mirror[rec.node].write(rec.addr, rec.bytes);
    check_memory();
    const Outcome out = *outcome_;
    INFO("expected code " << e.code << " layer " << e.layer << " tile " << e.tile);
    CHECK(out.tag == s.tag);
    CHECK(out.error == (e.code != 0));
    CHECK(out.code == e.code);
    CHECK(out.layer == e.layer);
    CHECK(out.tile == e.tile);
    e_ = nullptr;
    return out;
  }

  // The assertion-provoking test turns the per-cycle check off.
  bool provoking = false;

  Harness<Model> h;
  Params p;
  World w;
  Rng world_rng;  // the world's choices, apart from the stalls' stream
  Predictor predict;

 private:
  void set_memory_timing(unsigned percent) {
    HbmConfig config;
    config.read_latency = static_cast<std::uint32_t>(world_rng.between(1, 40));
    config.write_latency = static_cast<std::uint32_t>(world_rng.between(1, 30));
    config.row_miss_penalty = static_cast<std::uint32_t>(world_rng.below(9));
    config.max_outstanding = static_cast<std::uint32_t>(world_rng.between(1, 16));
    config.ready_stall_percent = percent;
    config.valid_gap_percent = percent;
    if (percent > 0 && world_rng.chance(2)) {
      config.refresh_period = 500;
      config.refresh_duration = 40;
    }
    HbmNodes::set_all(config);
  }
  std::uint64_t latency() { return max_latency_ == 0 ? 0 : h.rng().below(max_latency_ + 1); }

  template <class Step>
  void offer(Owed<Step>& o) {
    if (o.step && !o.offering && h.cycle() >= o.ready_at && !gap_.stall()) o.offering = true;
  }
  template <class Step>
  Step next(std::deque<Step>& script, Owed<Step>& owed, const char* port, const std::string& got) {
    INFO(port << " request: " << got);
    REQUIRE_FALSE(owed.step.has_value());  // a second request before the response to the first
    REQUIRE_FALSE(script.empty());          // a request the walk does not make
    Step step = std::move(script.front());
    script.pop_front();
    return step;
  }
  template <class Step>
  void owe(Owed<Step>& owed, Step step) {
    owed.step = std::move(step);
    owed.ready_at = h.cycle() + 1 + latency();
    owed.offering = false;
  }

  void drive_responses() {
    auto& d = h.dut();
    auto junk = [&] { return h.rng().next(); };
    offer(dir_);
    d.dir_resp_valid_i = dir_.offering;
    if (dir_.offering) {
      const DirStep& s = *dir_.step;
      d.dir_resp_status_i = s.status;
      d.dir_resp_denied_i = s.denied;
      d.dir_resp_node_i = s.loc.node;
      d.dir_resp_addr_i = s.loc.addr;
      d.dir_resp_bytes_i = s.loc.bytes;
      d.dir_resp_public_i = !s.loc.owner.has_value();
      d.dir_resp_owner_i = s.loc.owner.value_or(0);
    } else {
      d.dir_resp_status_i = junk() & 3;
      d.dir_resp_denied_i = junk() & 1;
      d.dir_resp_node_i = junk() & 31;
      d.dir_resp_addr_i = junk() & kOffsetMask;
      d.dir_resp_bytes_i = junk() & kOffsetMask;
      d.dir_resp_public_i = junk() & 1;
      d.dir_resp_owner_i = junk() & 255;
    }
    offer(lt_);
    d.lt_resp_valid_i = lt_.offering;
    const Entry resp = lt_.offering ? lt_.step->resp
                                    : Entry{static_cast<std::uint32_t>(junk() & 31), junk() & kOffsetMask,
                                            junk() & kOffsetMask, static_cast<std::uint32_t>(junk()),
                                            static_cast<std::uint32_t>(junk() & 0xffff), 0};
    d.lt_resp_status_i = lt_.offering ? lt_.step->status : junk() & 3;
    d.lt_resp_zero_i = lt_.offering ? lt_.step->zero : junk() & 1;
    d.lt_resp_node_i = resp.node;
    d.lt_resp_addr_i = resp.addr;
    d.lt_resp_bytes_i = resp.bytes;
    d.lt_resp_signature_i = resp.signature;
    d.lt_resp_references_i = static_cast<std::uint16_t>(std::min<std::uint32_t>(resp.refs, kSaturated));
    offer(alloc_);
    d.alloc_rsp_valid_i = alloc_.offering;
    if (alloc_.offering) {
      const AllocStep& s = *alloc_.step;
      d.alloc_rsp_status_i = s.status;
      d.alloc_rsp_node_i = s.free ? s.node : (s.status == kAllocOk ? s.given.node : 0);
      d.alloc_rsp_first_i = s.free ? s.first : (s.status == kAllocOk ? s.given.first : 0);
    } else {
      d.alloc_rsp_status_i = junk() & 7;
      d.alloc_rsp_node_i = junk() & 31;
      d.alloc_rsp_first_i = junk() & (p.units - 1);
    }
    // the DMA's done: once the job's last tile was taken and its latency passed
    if (job_ && tiles_done_ && !done_offering_ && h.cycle() >= done_at_ && !gap_.stall()) {
      for (const Copy& c : job_->copies) {  // what the DMA wrote
        std::vector<std::uint8_t> bytes(c.bytes);
        HbmNodes::node(c.node).memory.read(c.from, bytes);
        write_both(job_->node, c.to, bytes);
      }
      done_offering_ = true;
    }
    d.done_valid_i = done_offering_;
    if (done_offering_) {
      d.done_status_i = job_->status;
      d.done_resp_i = job_->status == kDmaReadError || job_->status == kDmaWriteError ? 2 : 0;
      d.done_fault_node_i = job_->node;
      d.done_fault_addr_i = job_->addr;
      d.done_bytes_i = job_->delivered;
    } else {
      d.done_status_i = junk() & 3;
      d.done_resp_i = junk() & 3;
      d.done_fault_node_i = junk() & 31;
      d.done_fault_addr_i = junk() & kOffsetMask;
      d.done_bytes_i = junk() & kOffsetMask;
    }
  }

  void take_dir() {
    auto& d = h.dut();
    const std::string got = lookup_text(d.dir_req_key_o, d.dir_req_tenant_o);
    DirStep s = next(e_->dir, dir_, "directory", got);
    REQUIRE(got == lookup_text(s.key, s.tenant));
    if (s.hook) s.hook();
    owe(dir_, std::move(s));
  }

  void take_lt() {
    auto& d = h.dut();
    const Entry given{d.lt_req_node_o, d.lt_req_addr_o, d.lt_req_bytes_o, d.lt_req_signature_o, d.lt_req_references_o, 0};
    const std::string got = table_text(d.lt_req_op_o, d.lt_req_decrement_o, d.lt_req_tenant_o, d.lt_req_layer_id_o, given);
    LtStep s = next(e_->lt, lt_, "layer table", got);
    REQUIRE(got == table_text(s.op, s.decrement, s.tenant, s.id, s.insert));
    if (s.op == kOpInsert) {
      INFO("TableInsert of " << got << " while the DMA job into the region is open");
      REQUIRE_FALSE(job_.has_value());
    }
    owe(lt_, std::move(s));
  }

  void take_alloc() {
    auto& d = h.dut();
    const bool free = d.alloc_req_op_o == 1;
    const bool pinned = !free && d.alloc_req_pinned_o;
    const std::string got = alloc_text(free, d.alloc_req_units_o, pinned, free || pinned ? d.alloc_req_node_o : 0,
                                       free ? d.alloc_req_first_o : 0);
    INFO("allocator op " << unsigned(d.alloc_req_op_o));
    REQUIRE(d.alloc_req_op_o <= 1);
    AllocStep s = next(e_->alloc, alloc_, "allocator", got);
    REQUIRE(got == alloc_text(s.free, s.units, s.pinned, s.node, s.first));
    if (s.free) {
      check_freed(s);
    } else if (s.trap) {
      const Range r{s.given.node, *s.trap, *s.trap + p.beat() - 1};
      arm(r);
      traps_[s.given] = r;
    }
    owe(alloc_, std::move(s));
  }

  // A free reaches the allocator: no DMA job open into it; with the scrub,
  // every byte of its units zero but for the beats whose write failed.
  void check_freed(const AllocStep& s) {
    const std::uint64_t base = s.first << p.unit_log2;
    const std::uint64_t bytes = s.units << p.unit_log2;
    if (job_ && job_->node == s.node) {
      INFO("free of [" << base << ", +" << bytes << ") while a DMA job into " << job_->addr << " is open");
      REQUIRE((job_->addr + job_->bytes <= base || job_->addr >= base + bytes));
    }
    std::vector<std::uint8_t> want(bytes), have(bytes);
    w.mirror[s.node].read(base, want);
    if (s.scrub) {
      std::vector<std::uint8_t> old = want;
      std::fill(want.begin(), want.end(), 0);
      for (const std::uint64_t beat : s.failing) {
        std::copy_n(old.begin() + static_cast<std::ptrdiff_t>(beat - base), p.beat(), want.begin() + static_cast<std::ptrdiff_t>(beat - base));
      }
    }
    HbmNodes::node(s.node).memory.read(base, have);
    const auto diff = std::mismatch(want.begin(), want.end(), have.begin());
    if (diff.first != want.end()) {
      FAIL("freed region node " << s.node << " [" << fmt::format("{:#x}", base) << ", +" << bytes << ") differs at "
                                << fmt::format("{:#x}", base + static_cast<std::uint64_t>(diff.first - want.begin())) << ": "
                                << unsigned(*diff.second) << ", expected " << unsigned(*diff.first)
                                << (s.scrub ? " (scrub on)" : " (scrub off: untouched)"));
    }
    w.mirror[s.node].write(base, want);
    const Region g{s.node, s.first, s.units};
    if (const auto trap = traps_.find(g); trap != traps_.end()) {
      disarm(trap->second);
      traps_.erase(trap);
    }
  }

  void take_job() {
    auto& d = h.dut();
    const std::string got = job_text(d.job_node_o, d.job_addr_o, d.job_bytes_o);
    INFO("DMA job: " << got);
    REQUIRE_FALSE(job_.has_value());
    REQUIRE_FALSE(e_->jobs.empty());
    JobStep s = std::move(e_->jobs.front());
    e_->jobs.pop_front();
    REQUIRE(got == job_text(s.node, s.addr, s.bytes));
    job_ = std::move(s);
    tiles_seen_ = 0;
    tiles_done_ = false;
    done_offering_ = false;
  }

  void take_tile() {
    auto& d = h.dut();
    const std::string got = tile_text(d.tile_node_o, d.tile_addr_o, d.tile_bytes_o, d.tile_last_o);
    INFO("DMA tile: " << got);
    REQUIRE(job_.has_value());
    REQUIRE_FALSE(tiles_done_);
    REQUIRE(tiles_seen_ < job_->tiles.size());
    const TileStep& t = job_->tiles[tiles_seen_++];
    REQUIRE(got == tile_text(t.node, t.addr, t.bytes, t.last));
    if (t.last) {
      tiles_done_ = true;
      done_at_ = h.cycle() + 1 + 2 * latency();
    }
  }

  void cycle() {
    auto& d = h.dut();
    d.dir_req_ready_i = !stall_.stall();
    d.lt_req_ready_i = !stall_.stall();
    d.alloc_req_ready_i = !stall_.stall();
    d.job_ready_i = !stall_.stall();
    d.tile_ready_i = !stall_.stall();
    d.cpl_ready_i = !stall_.stall();
    drive_responses();
    h.settle();
    check_requests_held();
    // the status outputs (performance counters): waiting for the allocator exactly while a request of
    // it is offered or answered; waiting for the DMA while a job or tile is offered or its done awaited
    REQUIRE(bool(d.wait_alloc_o) == (d.alloc_req_valid_o || alloc_.step.has_value()));
    if (d.job_valid_o || d.tile_valid_o || (job_ && tiles_done_)) REQUIRE(d.wait_dma_o);
    if (d.sub_valid_i && d.sub_ready_o && !taken_at_) taken_at_ = h.cycle();
    if (d.dir_req_valid_o && d.dir_req_ready_i) take_dir();
    if (d.dir_resp_valid_i && d.dir_resp_ready_o) dir_ = {};
    if (d.lt_req_valid_o && d.lt_req_ready_i) take_lt();
    if (d.lt_resp_valid_i && d.lt_resp_ready_o) lt_ = {};
    if (d.alloc_req_valid_o && d.alloc_req_ready_i) take_alloc();
    if (d.alloc_rsp_valid_i && d.alloc_rsp_ready_o) alloc_ = {};
    if (d.job_valid_o && d.job_ready_i) take_job();
    if (d.tile_valid_o && d.tile_ready_i) take_tile();
    if (d.done_valid_i && d.done_ready_o) {
      job_.reset();
      done_offering_ = false;
    }
    if (d.cpl_valid_o && d.cpl_ready_i) {
      INFO("completion");
      REQUIRE(taken_at_.has_value());
      REQUIRE_FALSE(outcome_.has_value());
      REQUIRE(d.axi_busy_o == 0);            // every AXI burst answered before the completion
      REQUIRE(d.priority_o == sub_.priority);
      Outcome o;
      o.error = d.cpl_error_o;
      o.code = d.cpl_code_o;
      o.layer = d.cpl_layer_o;
      o.tile = d.cpl_tile_o;
      o.tag = d.cpl_tag_o;
      o.cycles = h.cycle() - *taken_at_;
      outcome_ = o;
    }
    h.posedge();
    if (!provoking) REQUIRE_FALSE(h.assertion_failed());
  }

  // The stream rule on the requests the RTL does not check itself: an
  // offered request stays offered, unchanged, until taken.
  static void held(std::optional<std::string>& last, bool valid, bool ready, const std::string& text, const char* port) {
    if (last) {
      INFO(port << " request offered as " << *last);
      REQUIRE(valid);
      REQUIRE(text == *last);
    }
    if (valid && !ready) {
      last = text;
    } else {
      last.reset();
    }
  }
  void check_requests_held() {
    auto& d = h.dut();
    const Entry given{d.lt_req_node_o, d.lt_req_addr_o, d.lt_req_bytes_o, d.lt_req_signature_o, d.lt_req_references_o, 0};
    held(held_dir_, d.dir_req_valid_o, d.dir_req_ready_i, lookup_text(d.dir_req_key_o, d.dir_req_tenant_o), "directory");
    held(held_lt_, d.lt_req_valid_o, d.lt_req_ready_i,
         table_text(d.lt_req_op_o, d.lt_req_decrement_o, d.lt_req_tenant_o, d.lt_req_layer_id_o, given), "layer table");
    const bool free = d.alloc_req_op_o == 1;
    const bool pinned = !free && d.alloc_req_pinned_o;
    held(held_alloc_, d.alloc_req_valid_o, d.alloc_req_ready_i,
         alloc_text(free, d.alloc_req_units_o, pinned, free || pinned ? d.alloc_req_node_o : 0, free ? d.alloc_req_first_o : 0),
         "allocator");
  }

  void check_all_taken() {
    auto& d = h.dut();
    INFO("after the completion");
    if (!e_->dir.empty()) FAIL("directory: expected " << lookup_text(e_->dir.front().key, e_->dir.front().tenant) << " (and " << e_->dir.size() - 1 << " more)");
    if (!e_->lt.empty()) {
      const auto& s = e_->lt.front();
      FAIL("layer table: expected " << table_text(s.op, s.decrement, s.tenant, s.id, s.insert) << " (and " << e_->lt.size() - 1 << " more)");
    }
    if (!e_->alloc.empty()) {
      const auto& s = e_->alloc.front();
      FAIL("allocator: expected " << alloc_text(s.free, s.units, s.pinned, s.node, s.first) << " (and " << e_->alloc.size() - 1 << " more)");
    }
    if (!e_->jobs.empty()) FAIL("DMA: expected " << job_text(e_->jobs.front().node, e_->jobs.front().addr, e_->jobs.front().bytes));
    CHECK_FALSE(dir_.step.has_value());
    CHECK_FALSE(lt_.step.has_value());
    CHECK_FALSE(alloc_.step.has_value());
    CHECK_FALSE(job_.has_value());
    CHECK(d.sub_ready_o == 1);
    CHECK(d.busy_o == 0);
  }

  void check_memory() {
    std::vector<std::uint8_t> want(SparseMemory::kPageBytes), have(SparseMemory::kPageBytes);
    for (unsigned n = 0; n < p.nodes; ++n) {
      for (std::uint64_t at = 0; at < p.node_bytes(); at += want.size()) {
        w.mirror[n].read(at, want);
        HbmNodes::node(n).memory.read(at, have);
        const auto diff = std::mismatch(want.begin(), want.end(), have.begin());
        if (diff.first != want.end()) {
          const std::uint64_t addr = at + static_cast<std::uint64_t>(diff.first - want.begin());
          FAIL("node " << n << " byte " << fmt::format("{:#x}", addr) << " is " << unsigned(*diff.second) << ", expected "
                       << unsigned(*diff.first));
        }
      }
    }
  }

  Stalls stall_, gap_;
  std::uint64_t max_latency_;
  Expect* e_ = nullptr;
  Sub sub_;
  std::optional<std::uint64_t> taken_at_;
  std::optional<Outcome> outcome_;
  std::optional<std::string> held_dir_, held_lt_, held_alloc_;
  Owed<DirStep> dir_;
  Owed<LtStep> lt_;
  Owed<AllocStep> alloc_;
  std::optional<JobStep> job_;
  std::size_t tiles_seen_ = 0;
  bool tiles_done_ = false;
  bool done_offering_ = false;
  std::uint64_t done_at_ = 0;
  std::map<Region, Range> traps_;  // armed scrub traps
  std::vector<std::uint64_t> tile_next_;
  std::set<std::uint64_t> used_keys_;
  std::set<std::uint32_t> used_ids_;
  std::set<std::pair<std::uint32_t, std::uint64_t>> used_maps_;
  std::map<std::uint64_t, std::uint32_t> desc_bytes_;  // engine address -> length of the descriptor put there
};

}  // namespace

namespace {

Descriptor network(Rng& rng, std::vector<DescriptorLayer> layers) {
  Descriptor d;
  d.network_id = static_cast<std::uint32_t>(rng.next());
  d.layers = std::move(layers);
  return d;
}

// After a failed submission: every reference and region as before it.
struct Snapshot {
  std::map<std::uint64_t, Entry> table;
  std::uint64_t taken = 0;
};
Snapshot snapshot(const World& w) { return {w.table, w.units.taken()}; }
void check_unchanged(const Snapshot& before, const World& w, std::uint64_t extra_units = 0) {
  for (const auto& [key, entry] : before.table) {
    INFO("layer-table key " << fmt::format("{:#x}", key));
    const auto it = w.table.find(key);
    REQUIRE(it != w.table.end());
    CHECK(it->second.refs == entry.refs);
    CHECK(it->second.ctx_refs == entry.ctx_refs);
  }
  for (const auto& [key, entry] : w.table) {  // new: entries other contexts made (lost races), or leaked references
    const auto leaked = w.leaked.find(key);
    if (before.table.count(key) == 0) CHECK(entry.ctx_refs == (leaked == w.leaked.end() ? 0u : leaked->second));
  }
  CHECK(w.units.taken() == before.taken + extra_units);
}

// The end of a test: the context's networks hold nothing but the references
// whose record reads failed, and every allocated unit belongs to a live entry.
void check_balanced(const World& w) {
  std::uint64_t units = 0;
  for (const auto& [key, entry] : w.table) {
    INFO("layer-table key " << fmt::format("{:#x}", key));
    const auto leaked = w.leaked.find(key);
    CHECK(entry.ctx_refs == (leaked == w.leaked.end() ? 0u : leaked->second));
    units += w.region_of(entry).units;
  }
  CHECK(w.units.taken() == units);
}

template <class Model>
void assemble_share_release(const std::string& name, const Params& p) {
  for (const unsigned stalls : {0u, 20u, 40u}) {
    Bench<Model> b(fmt::format("{} {}-bit stalls {}", name, p.data_width, stalls), p, stalls);
    auto& rng = b.world_rng;
    const auto pub = b.add_tiles(24, 300);
    const auto own = b.add_tiles(4, 300, std::uint8_t{1});
    const auto L0 = b.layer({pub[0], pub[1], pub[2]});
    const auto L1 = b.layer({pub[3], pub[4], own[0], pub[5], pub[6]}, static_cast<std::uint8_t>(p.nodes - 1));
    const auto L2 = b.layer({b.add_tile(1)});
    auto L3 = b.layer({pub[7], pub[8], pub[9], pub[10], pub[11], pub[12], pub[13], pub[14]});
    L3.inputs = {0, 1, 2};  // the fetch skips them
    const auto L4 = b.layer({pub[15], own[1], pub[16]});

    const Sub net1 = b.submission(b.put_descriptor(network(rng, {L0, L1, L2, L3})), b.take_map(), 1, false);
    Expect e = b.predict.submit(net1, {});
    REQUIRE(e.code == 0);
    REQUIRE(e.records.size() == 4);
    REQUIRE(e.shared_records == 0);
    b.run(net1, std::move(e));
    // The same tenant shares L1 and L0 (L0 twice), copies L4.
    const Sub net2 = b.submission(b.put_descriptor(network(rng, {L1, L4, L0, L0})), b.take_map(), 1, true);
    e = b.predict.submit(net2, {});
    REQUIRE(e.code == 0);
    REQUIRE(e.shared_records == 3);
    b.run(net2, std::move(e));
    // Another tenant gets its own copies of public tiles.
    const Sub net3 = b.submission(b.put_descriptor(network(rng, {L0, L2})), b.take_map(), 2, true);
    e = b.predict.submit(net3, {});
    REQUIRE(e.code == 0);
    REQUIRE(e.shared_records == 0);
    b.run(net3, std::move(e));
    REQUIRE(b.w.table.size() == 7);

    // Releases: L2 and L3 go with net1 (scrubbed), L0, L1, L4 with net2 (not scrubbed), net3's with it.
    const Sub rel1 = b.release_of(net1, 4, true);
    e = b.predict.release(rel1, {});
    REQUIRE(e.code == 0);
    REQUIRE(std::count_if(e.alloc.begin(), e.alloc.end(), [](const AllocStep& a) { return a.free; }) == 2);
    b.run(rel1, std::move(e));
    const Sub rel2 = b.release_of(net2, 4, false);
    e = b.predict.release(rel2, {});
    REQUIRE(e.alloc.size() == 3);
    b.run(rel2, std::move(e));
    const Sub rel3 = b.release_of(net3, 2, true);
    b.run(rel3, b.predict.release(rel3, {}));
    CHECK(b.w.table.empty());
    CHECK(b.w.units.taken() == 0);
  }
}

enum class Fault {
  insert_full,
  adjust_saturated,
  alloc_fail,
  too_big,
  bad_node,
  bad_node_255,
  conflict,
  tile_missing,
  tile_access_first,
  tile_access,
  layer_size_tile,
  layer_size_exact,
  layer_size_none,
  dma_read,
  dma_write,
  dma_size,
  record_write,
  record_write_shared,
  race_conflict,
  race_saturated,
  scrub_in_race,
  scrub_in_unwind,
  read_in_unwind,
  map_past_node,
};

struct FaultCase {
  Fault fault;
  const char* what;
  ErrorCode code;
  std::uint32_t tile;        // kNoTile or the tile index
  std::uint16_t layer = 3;   // the faulty layer's index unless stated
  bool scrub_only = false;   // meaningful with scrub_i set only
};

const std::vector<FaultCase>& fault_cases() {
  static const std::vector<FaultCase> cases = {
      {Fault::insert_full, "TableInsert answers TableFull", ErrorCode::table_full, kNoTile},
      {Fault::adjust_saturated, "the live layer's count is saturated", ErrorCode::table_full, kNoTile},
      {Fault::alloc_fail, "the allocator answers NoMemory", ErrorCode::no_memory, kNoTile},
      {Fault::too_big, "a layer larger than a node", ErrorCode::no_memory, kNoTile},
      {Fault::bad_node, "pinned to node NumNodes", ErrorCode::bad_node, kNoTile},
      {Fault::bad_node_255, "pinned to node 255", ErrorCode::bad_node, kNoTile},
      {Fault::conflict, "live with another signature", ErrorCode::layer_conflict, kNoTile},
      {Fault::tile_missing, "tile 2 not in the directory", ErrorCode::tile_missing, 2},
      {Fault::tile_access_first, "tile 0 owned by another tenant", ErrorCode::tile_access, 0},
      {Fault::tile_access, "tile 3 owned by another tenant", ErrorCode::tile_access, 3},
      {Fault::layer_size_tile, "tile 2 runs past the layer bytes", ErrorCode::layer_size, 2},
      {Fault::layer_size_exact, "the layer bytes end exactly before tile 2", ErrorCode::layer_size, 2},
      {Fault::layer_size_none, "the tiles fall short of the layer bytes", ErrorCode::layer_size, kNoTile},
      {Fault::dma_read, "the DMA reports a read error", ErrorCode::bus_error, kNoTile},
      {Fault::dma_write, "the DMA reports a write error", ErrorCode::bus_error, kNoTile},
      {Fault::dma_size, "the DMA reports a size error", ErrorCode::bus_error, kNoTile},
      {Fault::record_write, "SLVERR on the record write of a copied layer", ErrorCode::bus_error, kNoTile},
      {Fault::record_write_shared, "SLVERR on the record write of a shared layer", ErrorCode::bus_error, kNoTile},
      {Fault::race_conflict, "an insert race lost to another signature", ErrorCode::layer_conflict, kNoTile},
      {Fault::race_saturated, "an insert race lost to a saturated entry", ErrorCode::table_full, kNoTile},
      {Fault::scrub_in_race, "SLVERR scrubbing the own copy after a lost race", ErrorCode::bus_error, kNoTile, 3, true},
      {Fault::scrub_in_unwind, "SLVERR scrubbing layer 0 while unwinding a TILE_MISSING", ErrorCode::tile_missing, 2, 1},
      {Fault::read_in_unwind, "SLVERR reading layer 2's record back while unwinding a TILE_MISSING", ErrorCode::tile_missing, 2},
      {Fault::map_past_node, "the layer map runs past the node at layer 3", ErrorCode::bus_error, kNoTile, kNoLayer},
  };
  return cases;
}

// A network of 5 layers: A (copied), S (shared with a live network), B
// (copied), X (the fault), C; every fault case, with and without scrub.
// The completion is the case's, the unwinding gives back every reference
// and region (checked on the reference state; the context's requests match
// it one by one), and the memory is as expected.
template <class Model>
void errors_unwind(const std::string& name, const Params& p) {
  Bench<Model> b(fmt::format("{} {}-bit", name, p.data_width), p, 25);
  auto& rng = b.world_rng;
  const auto S = b.layer(b.add_tiles(3, 200));
  const Sub base = b.submission(b.put_descriptor(network(rng, {S})), b.take_map(), 0, false);
  b.run(base, b.predict.submit(base, {}));
  REQUIRE(b.w.table.size() == 1);
  for (const bool scrub : {false, true}) {
    for (const FaultCase& c : fault_cases()) {
      if (c.scrub_only && !scrub) continue;
      INFO(c.what << (scrub ? ", scrub on" : ", scrub off"));
      const auto A = b.layer(b.add_tiles(3, 200));
      const auto B = b.layer(b.add_tiles(2, 200));
      const auto C = b.layer(b.add_tiles(2, 200));
      auto keys = b.add_tiles(4, 150);
      auto X = b.layer(keys);
      Plan plan;
      std::uint64_t map = 0;
      switch (c.fault) {
        case Fault::insert_full: plan.layers[3].insert = Insert::full; break;
        case Fault::adjust_saturated: b.foreign_entry(0, X, kSaturated); break;
        case Fault::alloc_fail: plan.layers[3].alloc_fail = true; break;
        case Fault::too_big: X.bytes = p.node_bytes() + 1; break;
        case Fault::bad_node: X.node = static_cast<std::uint8_t>(p.nodes); break;
        case Fault::bad_node_255: X.node = 255; break;
        case Fault::conflict: b.foreign_entry(0, X, 1, true); break;
        case Fault::tile_missing: X.keys[2] = b.fresh_key(); break;
        case Fault::tile_access_first: X.keys[0] = b.add_tile(40, std::uint8_t{1}); break;
        case Fault::tile_access: X.keys[3] = b.add_tile(40, std::uint8_t{2}); break;
        case Fault::layer_size_tile: X.bytes = b.tiles_bytes({keys[0], keys[1], keys[2]}) - 1; break;
        case Fault::layer_size_exact: X.bytes = b.tiles_bytes({keys[0], keys[1]}); break;
        case Fault::layer_size_none: X.bytes += 5; break;
        case Fault::dma_read: plan.layers[3].dma = Dma::read_error; break;
        case Fault::dma_write: plan.layers[3].dma = Dma::write_error; break;
        case Fault::dma_size: plan.layers[3].dma = Dma::size_error; break;
        case Fault::record_write: plan.layers[3].record_fail = true; break;
        case Fault::record_write_shared:
          b.foreign_entry(0, X, 1);
          plan.layers[3].record_fail = true;
          break;
        case Fault::race_conflict: plan.layers[3].insert = Insert::race_diff; break;
        case Fault::race_saturated: plan.layers[3].insert = Insert::race_saturated; break;
        case Fault::scrub_in_race:
          plan.layers[3].insert = Insert::race_same;
          plan.layers[3].scrub_fail = true;
          break;
        case Fault::scrub_in_unwind:
          plan.layers[0].scrub_fail = true;
          break;
        case Fault::read_in_unwind:
          X.keys[2] = b.fresh_key();
          plan.unwind_read_fail.insert(2);
          break;
        case Fault::map_past_node: {
          const auto node = static_cast<std::uint32_t>(rng.below(p.nodes));
          const std::uint64_t off = p.node_bytes() - 3 * kRecordBytes;  // records 0..2 fit, 3 does not
          b.zero_both(node, off, 3 * kRecordBytes);
          map = engine_addr(node, off);
          break;
        }
      }
      std::vector<DescriptorLayer> layers = {A, S, B, X, C};
      if (c.fault == Fault::scrub_in_unwind) layers = {A, X};  // layer 1's tile 2 is missing
      if (c.fault == Fault::scrub_in_unwind) layers[1].keys[2] = b.fresh_key();
      const bool slot = map == 0;
      if (slot) map = b.take_map();
      const Sub s = b.submission(b.put_descriptor(network(rng, layers)), map, 0, scrub);
      const std::uint64_t foreign_units =
          c.fault == Fault::race_conflict || c.fault == Fault::race_saturated ? (X.bytes + p.unit() - 1) >> p.unit_log2 : 0;
      const Snapshot before = snapshot(b.w);
      Expect e = b.predict.submit(s, plan);
      INFO("predicted code " << e.code << " layer " << e.layer << " tile " << e.tile << ", " << e.records.size() << " records, "
                             << e.lt.size() << " table requests, " << e.alloc.size() << " allocator requests, map "
                             << fmt::format("{:#x}", map));
      // At 512 bits records 2 and 3 share a beat, and the stub fails the whole beat: record 2's write fails first.
      const bool shared_beat = (c.fault == Fault::record_write || c.fault == Fault::record_write_shared) && p.beat() > kRecordBytes;
      REQUIRE(e.code == code_of(c.code));
      REQUIRE(e.layer == (shared_beat ? 2 : c.layer));
      REQUIRE(e.tile == c.tile);
      if (c.fault == Fault::scrub_in_unwind && scrub) {
        REQUIRE(std::any_of(e.alloc.begin(), e.alloc.end(), [](const AllocStep& a) { return !a.failing.empty(); }));
      }
      std::uint64_t extra_units = foreign_units;
      if (c.fault == Fault::scrub_in_race) extra_units = (X.bytes + p.unit() - 1) >> p.unit_log2;  // the other copy
      if (c.fault == Fault::read_in_unwind) {
        // B's reference is never dropped (its record cannot be read back): B stays, held by nobody but the leak
        extra_units = (B.bytes + p.unit() - 1) >> p.unit_log2;
        REQUIRE(b.w.leaked[table_key(0, B.id)] == 1);
        const auto first_x = std::find_if(e.dir.begin(), e.dir.end(), [&](const DirStep& d) { return d.key == X.keys[0]; });
        REQUIRE(first_x != e.dir.end());
        first_x->hook = [&b, late = e.late] {
          for (const auto& r : late) b.arm(r);
        };
      }
      check_unchanged(before, b.w, extra_units);
      b.run(s, std::move(e));
      if (slot) b.give_map(map);
    }
  }
  const Sub rel = b.release_of(base, 1, true);
  b.run(rel, b.predict.release(rel, {}));
  check_balanced(b.w);
}

// TableInsert answered TableDuplicate: the same signature is reused (the
// own region freed, the record shared), a copy that is gone again by the
// context's TableAdjust is inserted a second time.
template <class Model>
void insert_races(const std::string& name, const Params& p) {
  Bench<Model> b(fmt::format("{} {}-bit", name, p.data_width), p, 30);
  auto& rng = b.world_rng;
  for (const bool scrub : {false, true}) {
    INFO((scrub ? "scrub on" : "scrub off"));
    const auto A = b.layer(b.add_tiles(3, 200));
    const auto X = b.layer(b.add_tiles(4, 200));
    const auto Y = b.layer(b.add_tiles(2, 200));
    Plan plan;
    plan.layers[1].insert = Insert::race_same;
    plan.layers[2].insert = Insert::race_gone;
    const Sub s = b.submission(b.put_descriptor(network(rng, {A, X, Y})), b.take_map(), 3, scrub);
    Expect e = b.predict.submit(s, plan);
    REQUIRE(e.code == 0);
    REQUIRE(e.records.size() == 3);
    REQUIRE(e.shared_records == 1);  // X
    REQUIRE(e.records[1].bytes[5] == 3);
    REQUIRE(e.records[2].bytes[5] == 1);
    b.run(s, std::move(e));
    const Entry x = b.w.table.at(table_key(3, X.id));
    CHECK(x.refs == 2);  // the other context's and this network's
    const Sub rel = b.release_of(s, 3, scrub);
    e = b.predict.release(rel, {});
    REQUIRE(e.alloc.size() == 2);  // A and Y; X stays with its other holder
    b.run(rel, std::move(e));
    CHECK(b.w.table.at(table_key(3, X.id)).refs == 1);
  }
  check_balanced(b.w);
}

// Releases: a failing record read is skipped and reported (BUS_ERROR at its
// index), the others still released; its reference stays until a later
// release reads it; a failing scrub during a release; bad map addresses.
template <class Model>
void releases(const std::string& name, const Params& p) {
  Bench<Model> b(fmt::format("{} {}-bit", name, p.data_width), p, 25);
  auto& rng = b.world_rng;
  std::vector<DescriptorLayer> layers;
  for (int i = 0; i < 6; ++i) layers.push_back(b.layer(b.add_tiles(static_cast<unsigned>(rng.between(1, 4)), 200)));
  const Sub net = b.submission(b.put_descriptor(network(rng, layers)), b.take_map(), 2, true);
  b.run(net, b.predict.submit(net, {}));
  // record 2 unreadable (at 512 bits its beat holds record 3 too)
  Plan plan;
  plan.read_fail.insert(2);
  const Sub rel = b.release_of(net, 6, true);
  Expect e = b.predict.release(rel, plan);
  REQUIRE(e.code == code_of(ErrorCode::bus_error));
  REQUIRE(e.layer == 2);
  const std::size_t unread = p.record_beats() == 1 && p.beat() == 64 ? 2 : 1;
  REQUIRE(e.lt.size() == 6 - unread);
  b.run(rel, std::move(e));
  REQUIRE(b.w.leaked.size() == unread);
  // a second release of the same map: records 0..1 (and 4..5) are gone
  // (TableMissing, nothing freed), the leaked ones are dropped now
  const Sub again = b.release_of(net, 6, false);
  e = b.predict.release(again, {});
  REQUIRE(e.code == 0);
  REQUIRE(e.alloc.size() == unread);
  b.run(again, std::move(e));
  for (const auto& [key, count] : b.w.leaked) CHECK(b.w.table.count(key) == 0);
  b.w.leaked.clear();
  check_balanced(b.w);
  REQUIRE(b.w.table.empty());

  // a failing scrub: BUS_ERROR at that record's index, the release goes on
  for (const std::uint16_t bad : {std::uint16_t{0}, std::uint16_t{3}}) {
    const Sub net2 = b.submission(b.put_descriptor(network(rng, {layers[0], layers[1], layers[2], layers[3]})), b.take_map(), 1, false);
    b.run(net2, b.predict.submit(net2, {}));
    Plan scrub_plan;
    scrub_plan.release_scrub_fail.insert(bad);
    const Sub rel2 = b.release_of(net2, 4, true);
    e = b.predict.release(rel2, scrub_plan);
    REQUIRE(e.code == code_of(ErrorCode::bus_error));
    REQUIRE(e.layer == bad);
    REQUIRE(e.alloc.size() == 4);
    b.run(rel2, std::move(e));
    REQUIRE(b.w.table.empty());
  }
  // bad map addresses, no layers
  for (const std::uint64_t map : {engine_addr(p.nodes, kMapArea), engine_addr(0, kMapArea + 16), engine_addr(0, p.node_bytes() + 32),
                                  engine_addr(1, kMapArea) | std::uint64_t{1} << 40}) {
    Sub bad = b.release_of(net, 3, true);
    bad.map_addr = map;
    e = b.predict.release(bad, {});
    REQUIRE(e.code == code_of(ErrorCode::bus_error));
    REQUIRE(e.layer == kNoLayer);
    b.run(bad, std::move(e));
  }
  // a map whose last records lie past the node's end: their reads get DECERR
  Sub edge = b.release_of(net, 4, false);
  b.zero_both(1, p.node_bytes() - 2 * kRecordBytes, 2 * kRecordBytes);
  edge.map_addr = engine_addr(1, p.node_bytes() - 2 * kRecordBytes);
  e = b.predict.release(edge, {});
  REQUIRE(e.code == code_of(ErrorCode::bus_error));
  REQUIRE(e.layer == 2);
  REQUIRE(e.lt.empty());
  b.run(edge, std::move(e));
  const Sub none = b.release_of(net, 0, true);
  e = b.predict.release(none, {});
  REQUIRE(e.code == 0);
  b.run(none, std::move(e));
  check_balanced(b.w);
}

// Address checks of spec section 15 (before anything is read), the
// descriptor checks' verdicts reaching the completion, and a fetch that
// fails in its second pass after layers were assembled (they are unwound).
template <class Model>
void addresses_and_descriptors(const std::string& name, const Params& p) {
  Bench<Model> b(fmt::format("{} {}-bit", name, p.data_width), p, 20);
  auto& rng = b.world_rng;
  const Descriptor good = network(rng, {b.layer(b.add_tiles(2, 100)), b.layer(b.add_tiles(3, 100))});
  const std::uint64_t desc = b.put_descriptor(good, 0);
  const std::uint64_t map = b.take_map();
  const std::uint64_t nb = p.node_bytes();
  struct Bad {
    std::uint64_t desc, map;
    ErrorCode code;
    std::optional<std::uint32_t> len = std::nullopt;  // the buffer's length, else as submission() picks
  };
  const auto good_bytes = static_cast<std::uint32_t>(encode_descriptor(good).size());
  const auto to_end = static_cast<std::uint32_t>(nb - offset_of(desc));
  const std::vector<Bad> bads = {
      {engine_addr(p.nodes, 0), map, ErrorCode::bus_error},             // descriptor node beyond the fabric
      {desc | std::uint64_t{1} << 39, map, ErrorCode::bus_error},       // bits 63:39 not zero
      {engine_addr(0, nb + 8), map, ErrorCode::bus_error},              // past the node's end
      {desc + 4, map, ErrorCode::bus_error},                            // not a multiple of 8: the fetch's BUS_ERROR
      {desc, map + 16, ErrorCode::bus_error},                           // map not a multiple of 32
      {desc, engine_addr(0, nb + 32), ErrorCode::bus_error},            // map past the node's end
      {desc, engine_addr(31, kMapArea), ErrorCode::bus_error},          // map node beyond the fabric
      {desc, map | std::uint64_t{1} << 63, ErrorCode::bus_error},       // map bits 63:39
      {engine_addr(1, nb), map, ErrorCode::desc_length},                // an empty buffer
      {desc, map, ErrorCode::bus_error, to_end + 1},                    // the buffer one byte past the node's end
      {desc, map, ErrorCode::desc_length, good_bytes - 8},              // a buffer shorter than the descriptor
      {desc, map, ErrorCode::desc_length, 0},                           // an empty buffer inside the node
  };
  for (const Bad& bad : bads) {
    INFO(fmt::format("desc {:#x} map {:#x} length {}", bad.desc, bad.map, bad.len ? std::to_string(*bad.len) : "as picked"));
    Sub s = b.submission(bad.desc, bad.map, 0, true);
    if (bad.len) s.desc_len = *bad.len;
    Expect e = b.predict.submit(s, {});
    REQUIRE(e.code == code_of(bad.code));
    REQUIRE(e.layer == kNoLayer);
    REQUIRE(e.lt.empty());
    b.run(s, std::move(e));
  }
  // a corrupted descriptor: nothing asked of any resource
  auto bytes = encode_descriptor(good);
  bytes[40] ^= 0x10;  // a key byte: the CRC no longer matches
  b.write_both(0, 4096, bytes);
  const Sub crc = b.submission(engine_addr(0, 4096), map, 0, false);
  Expect e = b.predict.submit(crc, {});
  REQUIRE(e.code == code_of(ErrorCode::desc_crc));
  b.run(crc, std::move(e));
  bytes[0] ^= 0xff;
  b.write_both(0, 4096, bytes);
  e = b.predict.submit(crc, {});
  REQUIRE(e.code == code_of(ErrorCode::desc_magic));
  b.run(crc, std::move(e));

  // Pass 2 fails once the walk has begun (the bad beat is armed at the first
  // lookup; pass 1 has read it, pass 2 is not that far): at the beat that
  // starts layer 7's record, layers 0..6 are assembled, then unwound; at a
  // beat inside layer 6's keys, where layer 6 is live for the tenant, layer
  // 6 is reused (its record written) and the skip of its keys meets the end.
  std::vector<std::uint64_t> small;
  for (int i = 0; i < 60; ++i) small.push_back(b.add_tile(rng.between(1, 12)));
  std::vector<DescriptorLayer> layers;
  for (int l = 0; l < 9; ++l) {
    std::vector<std::uint64_t> keys;
    for (int t = 0; t < 60; ++t) keys.push_back(small[rng.below(small.size())]);
    layers.push_back(b.layer(keys));
  }
  const Sub holder = b.submission(b.put_descriptor(network(rng, {layers[6]})), b.take_map(), 1, false);
  b.run(holder, b.predict.submit(holder, {}));
  Descriptor big = network(rng, layers);
  auto record_at = [&](std::size_t layer) {
    std::uint64_t at = kDescriptorHeaderBytes;
    for (std::size_t l = 0; l < layer; ++l) {
      at += kLayerHeaderBytes + 8 * big.layers[l].keys.size() + (2 * big.layers[l].inputs.size() + 7) / 8 * 8;
    }
    return at;
  };
  while (record_at(7) % p.beat() != 0) big.layers[6].inputs.insert(big.layers[6].inputs.end(), {0, 1, 2, 3});
  REQUIRE(record_at(6) > 3000);  // beyond what pass 2 reads ahead by the first lookup
  const std::uint64_t big_desc = b.put_descriptor(big, 0, p.beat());
  const std::uint64_t base = offset_of(big_desc);
  const std::uint64_t at_record7 = base + record_at(7);
  const std::uint64_t in_keys6 = (base + record_at(6) + kLayerHeaderBytes + 240) / p.beat() * p.beat();
  REQUIRE(in_keys6 >= base + record_at(6) + kLayerHeaderBytes);
  for (const bool scrub : {false, true}) {
    for (const bool inside_reused : {false, true}) {
      INFO((inside_reused ? "inside layer 6's keys" : "at layer 7's record") << (scrub ? ", scrub on" : ", scrub off"));
      const std::uint64_t beat = inside_reused ? in_keys6 : at_record7;
      const Range bad_beat{0, beat, beat + p.beat() - 1};
      const Sub s = b.submission(big_desc, b.take_map(), 1, scrub);
      Plan plan;
      if (inside_reused) {
        plan.fetch_fails_after = 6;
      } else {
        plan.fetch_bus_error = 7;
      }
      e = b.predict.submit(s, plan);
      REQUIRE(e.code == code_of(ErrorCode::bus_error));
      REQUIRE(e.layer == (inside_reused ? 6 : 7));
      REQUIRE(e.records.size() == 7);
      REQUIRE(e.shared_records == 1);
      e.dir.front().hook = [&b, bad_beat] { b.arm(bad_beat); };
      b.run(s, std::move(e));
      b.disarm(bad_beat);
      b.give_map(s.map_addr);
    }
  }
  const Sub rel = b.release_of(holder, 1, true);
  b.run(rel, b.predict.release(rel, {}));
  check_balanced(b.w);
}

// Many random networks and releases through one context: random layers
// from a pool (shared within a tenant, conflicting variants, pinned, other
// tenants' tiles, missing tiles, wrong sizes, bad pins, layers too big),
// random faults on every resource, scrub on or off, random stalls.
template <class Model>
void random_mix(const std::string& name, const Params& p, unsigned steps) {
  Bench<Model> b(fmt::format("{} {}-bit", name, p.data_width), p, 20);
  auto& rng = b.world_rng;
  // Public tiles, and tiles of each of the 3 tenants; a pool of layers, each
  // of public tiles or of public tiles and one tenant's (its `owner`).
  std::vector<std::uint64_t> public_tiles;
  std::array<std::vector<std::uint64_t>, 3> own_tiles;
  for (int i = 0; i < 100; ++i) public_tiles.push_back(b.add_tile(rng.between(1, rng.chance(8) ? 700 : 200)));
  for (std::uint8_t t = 0; t < 3; ++t) {
    for (int i = 0; i < 12; ++i) own_tiles[t].push_back(b.add_tile(rng.between(1, 200), t));
  }
  struct PoolLayer {
    DescriptorLayer layer;
    std::optional<std::uint8_t> owner;
  };
  std::vector<PoolLayer> pool;
  for (int i = 0; i < 24; ++i) {
    std::optional<std::uint8_t> owner;
    if (i % 4 == 3) owner = static_cast<std::uint8_t>(rng.below(3));
    std::vector<std::uint64_t> keys(rng.between(1, 8));
    for (auto& key : keys) {
      key = owner && rng.chance(3) ? own_tiles[*owner][rng.below(own_tiles[*owner].size())]
                                   : public_tiles[rng.below(public_tiles.size())];
    }
    std::optional<std::uint8_t> pin;
    if (rng.percent(15)) pin = static_cast<std::uint8_t>(rng.below(p.nodes));
    pool.push_back({b.layer(keys, pin), owner});
  }
  std::vector<DescriptorLayer> variants;  // the same ids with other tile lists
  for (std::size_t i = 0; i < 3; ++i) {
    variants.push_back(b.layer({public_tiles[rng.below(public_tiles.size())], public_tiles[rng.below(public_tiles.size())]}));
    variants.back().id = pool[i].layer.id;
  }
  for (int i = 0; i < 4; ++i) {  // live for other networks
    const auto tenant = static_cast<std::uint8_t>(rng.below(3));
    const auto& l = pool[rng.below(pool.size())].layer;
    if (b.w.table.count(table_key(tenant, l.id)) == 0) b.foreign_entry(tenant, l, static_cast<std::uint32_t>(rng.between(1, 3)));
  }
  const std::uint64_t saturated = table_key(0, pool[5].layer.id);  // stays saturated throughout
  if (b.w.table.count(saturated) == 0) b.foreign_entry(0, pool[5].layer, kSaturated);
  auto per_mille = [&](unsigned n) { return rng.below(1000) < n; };

  struct Live {
    Sub sub;
    std::uint16_t layers;
  };
  std::vector<Live> live;
  std::map<unsigned, unsigned> codes;
  unsigned releases = 0, shared = 0, copied = 0, races = 0, frees = 0, scrub_failures = 0;
  auto count = [&](const Expect& e) {
    races += static_cast<unsigned>(std::count_if(e.lt.begin(), e.lt.end(), [](const LtStep& t) { return t.status == kTableDuplicate; }));
    frees += static_cast<unsigned>(std::count_if(e.alloc.begin(), e.alloc.end(), [](const AllocStep& a) { return a.free; }));
    scrub_failures += static_cast<unsigned>(std::count_if(e.alloc.begin(), e.alloc.end(), [](const AllocStep& a) { return !a.failing.empty(); }));
  };
  std::uint64_t cycles = 0;
  for (unsigned step = 0; step < steps; ++step) {
    INFO("step " << step);
    b.set_stalls(std::array<unsigned, 4>{0, 10, 25, 40}[rng.below(4)]);
    if (!live.empty() && (live.size() >= 4 || rng.percent(35))) {
      const std::size_t pick = rng.below(live.size());
      const Live net = live[pick];
      live.erase(live.begin() + static_cast<std::ptrdiff_t>(pick));
      Plan plan;
      if (per_mille(50)) plan.read_fail.insert(static_cast<std::uint16_t>(rng.below(net.layers)));
      if (per_mille(100)) plan.release_scrub_fail.insert(static_cast<std::uint16_t>(rng.below(net.layers)));
      const Sub rel = b.release_of(net.sub, net.layers, rng.chance(2));
      Expect e = b.predict.release(rel, plan);
      count(e);
      const Outcome out = b.run(rel, std::move(e));
      b.give_map(net.sub.map_addr);
      ++releases;
      cycles += out.cycles;
      continue;
    }
    const auto tenant = static_cast<std::uint8_t>(rng.below(3));
    std::vector<DescriptorLayer> layers;
    Plan plan;
    const auto layer_count = rng.between(1, 6);
    for (std::uint16_t l = 0; l < layer_count; ++l) {
      // mostly layers the tenant may read (public, or its own tiles), now and then another tenant's
      const PoolLayer* pick = nullptr;
      do {
        pick = &pool[rng.below(pool.size())];
      } while (pick->owner && *pick->owner != tenant && !per_mille(150));
      DescriptorLayer x = per_mille(30) ? variants[rng.below(variants.size())] : pick->layer;
      if (per_mille(20)) x.keys[rng.below(x.keys.size())] = b.fresh_key();
      if (per_mille(20) && x.bytes > 1) x.bytes -= rng.between(1, x.bytes - 1);
      if (per_mille(15)) x.bytes += rng.between(1, 100);
      if (per_mille(5)) x.bytes = p.node_bytes() + rng.between(1, 1000);
      if (per_mille(10)) x.node = static_cast<std::uint8_t>(rng.between(p.nodes, 255));
      for (auto n = l == 0 ? 0 : rng.below(4); n > 0; --n) x.inputs.push_back(static_cast<std::uint16_t>(rng.below(l)));
      LayerFaults f;
      f.alloc_fail = per_mille(15);
      if (per_mille(15)) f.dma = std::array<Dma, 3>{Dma::read_error, Dma::write_error, Dma::size_error}[rng.below(3)];
      const auto r = rng.below(1000);
      f.insert = r < 10 ? Insert::full : r < 35 ? Insert::race_same : r < 40 ? Insert::race_diff : r < 65 ? Insert::race_gone
                 : r < 70 ? Insert::race_saturated : Insert::ok;
      f.record_fail = per_mille(10);
      f.scrub_fail = per_mille(50);
      plan.layers[l] = f;
      layers.push_back(std::move(x));
    }
    const Sub s = b.submission(b.put_descriptor(network(rng, layers)), b.take_map(), tenant, rng.chance(2));
    Expect e = b.predict.submit(s, plan);
    count(e);
    shared += static_cast<unsigned>(e.shared_records);
    copied += static_cast<unsigned>(e.records.size() - e.shared_records);
    const Outcome out = b.run(s, std::move(e));
    ++codes[out.code];
    cycles += out.cycles;
    if (out.code == 0) {
      live.push_back({s, static_cast<std::uint16_t>(layer_count)});
    } else {
      b.give_map(s.map_addr);
    }
    // now and then the other holders of a layer (other networks, the winners of races) let it go
    if (rng.percent(25)) {
      for (auto it = b.w.table.begin(); it != b.w.table.end(); ++it) {
        if (it->second.ctx_refs == 0 && it->first != saturated && b.w.scrub_traps.count(b.w.region_of(it->second)) == 0) {
          b.w.units.give(b.w.region_of(it->second));
          b.w.table.erase(it);
          break;
        }
      }
    }
  }
  for (const Live& net : live) {
    const Sub rel = b.release_of(net.sub, net.layers, rng.chance(2));
    b.run(rel, b.predict.release(rel, {}));
  }
  check_balanced(b.w);
  std::string summary;
  for (const auto& [code, n] : codes) summary += fmt::format(" {}x{}", error_name(static_cast<ErrorCode>(code)), n);
  WARN(p.data_width << "-bit: " << steps << " steps, " << releases << " releases, records " << copied << " copied and " << shared
                    << " shared, " << races << " lost insert races, " << frees << " frees (" << scrub_failures
                    << " with a failing scrub), " << b.w.leaked.size() << " layers left holding a reference whose record read failed; completions"
                    << summary << "; " << cycles << " cycles in the runs");
  CHECK(codes[0] > 0);
  CHECK(codes.size() >= 6);  // the mix reaches many outcomes
}

// A free answered with DoubleFree breaks the allocator contract the
// context asserts (a_free_ok).
void free_rejected(const std::string& name) {
  Bench<Vcontext_256> b(name, k256, 0);
  auto& rng = b.world_rng;
  auto keys = b.add_tiles(3, 100);
  keys[1] = b.fresh_key();
  const Sub s = b.submission(b.put_descriptor(network(rng, {b.layer(keys)})), b.take_map(), 0, false);
  Expect e = b.predict.submit(s, {});
  REQUIRE(e.code == code_of(ErrorCode::tile_missing));
  REQUIRE(e.alloc.size() == 2);
  e.alloc.back().status = kAllocDoubleFree;
  b.provoking = true;
  expect_assertion(b.h, "a_free_ok", [&] { b.run(s, std::move(e)); });
}

std::string test_name() { return Catch::getResultCapture().getCurrentTestName(); }

}  // namespace

TEST_CASE("context: assembles, shares within a tenant and releases, under stalls", "[context]") {
  assemble_share_release<Vcontext_256>(test_name(), k256);
  assemble_share_release<Vcontext_64>(test_name(), k64);
  assemble_share_release<Vcontext_512>(test_name(), k512);
}

TEST_CASE("context: every error at layer 3 unwinds, with and without scrub", "[context][errors]") {
  errors_unwind<Vcontext_256>(test_name(), k256);
  errors_unwind<Vcontext_64>(test_name(), k64);
  errors_unwind<Vcontext_512>(test_name(), k512);
}

TEST_CASE("context: lost insert races reuse the other copy or insert again", "[context][errors]") {
  insert_races<Vcontext_256>(test_name(), k256);
  insert_races<Vcontext_64>(test_name(), k64);
  insert_races<Vcontext_512>(test_name(), k512);
}

TEST_CASE("context: releases with failing record reads and scrubs", "[context][errors]") {
  releases<Vcontext_256>(test_name(), k256);
  releases<Vcontext_64>(test_name(), k64);
  releases<Vcontext_512>(test_name(), k512);
}

TEST_CASE("context: address checks, descriptor verdicts and a fetch failing mid-walk", "[context][errors]") {
  addresses_and_descriptors<Vcontext_256>(test_name(), k256);
  addresses_and_descriptors<Vcontext_64>(test_name(), k64);
  addresses_and_descriptors<Vcontext_512>(test_name(), k512);
}

TEST_CASE("context: random networks, faults and stalls, 256-bit", "[context][random]") {
  random_mix<Vcontext_256>(test_name(), k256, 3000);
}

TEST_CASE("context: random networks, faults and stalls, 64-bit", "[context][random]") {
  random_mix<Vcontext_64>(test_name(), k64, 3000);
}

TEST_CASE("context: random networks, faults and stalls, 512-bit", "[context][random]") {
  random_mix<Vcontext_512>(test_name(), k512, 2000);
}

TEST_CASE("context: a free the allocator rejects fires a_free_ok", "[context][assert]") { free_rejected(test_name()); }
