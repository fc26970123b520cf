// EngineDriver: a register-level host for a tb_engine model (the engine over
// HBM stubs): AXI4-Lite reads and writes of the host port (register map from
// tessera/regs.hpp), directory commands, reservations, submissions,
// releases, completions. Every access clocks the simulation, so the engine
// works while the host waits. Addresses given to the engine are engine
// addresses (docs/spec.md section 15): node << 34 | offset.
#pragma once

#include <cstdint>
#include <optional>

#include "harness.hpp"
#include "tessera/regs.hpp"

namespace tessera::tb {

inline constexpr unsigned kEngineNodeShift = 34;
inline std::uint64_t engine_addr(std::uint32_t node, std::uint64_t offset) {
  return (static_cast<std::uint64_t>(node) << kEngineNodeShift) | offset;
}

struct Completion {
  std::uint16_t tag = 0;
  bool error = false;
  unsigned code = 0;
  std::uint16_t layer = 0xffff;
  std::uint32_t tile = 0xffffffff;
  std::uint64_t cycle = 0;
};

template <class Model>
class EngineDriver {
 public:
  explicit EngineDriver(Harness<Model>& h) : h_(h) {
    auto& d = h_.dut();
    d.s_aw_valid_i = 0;
    d.s_w_valid_i = 0;
    d.s_b_ready_i = 0;
    d.s_ar_valid_i = 0;
    d.s_r_ready_i = 0;
  }

  // One AXI4-Lite write; returns the B response.
  unsigned write(std::uint32_t offset, std::uint32_t data, unsigned strb = 0xf) {
    auto& d = h_.dut();
    d.s_aw_valid_i = 1;
    d.s_aw_addr_i = offset;
    d.s_w_valid_i = 1;
    d.s_w_data_i = data;
    d.s_w_strb_i = strb;
    bool aw = false, w = false;
    for (std::uint64_t n = 0; !(aw && w); ++n) {
      h_.settle();
      const bool aw_fire = d.s_aw_valid_i && d.s_aw_ready_o;
      const bool w_fire = d.s_w_valid_i && d.s_w_ready_o;
      h_.posedge();
      if (aw_fire) { aw = true; d.s_aw_valid_i = 0; }
      if (w_fire) { w = true; d.s_w_valid_i = 0; }
      REQUIRE(n < kTimeout);
    }
    d.s_b_ready_i = 1;
    unsigned resp = 0;
    for (std::uint64_t n = 0;; ++n) {
      h_.settle();
      if (d.s_b_valid_o) {
        resp = d.s_b_resp_o;
        h_.posedge();
        break;
      }
      h_.posedge();
      REQUIRE(n < kTimeout);
    }
    d.s_b_ready_i = 0;
    return resp;
  }

  std::uint32_t read(std::uint32_t offset) {
    auto& d = h_.dut();
    d.s_ar_valid_i = 1;
    d.s_ar_addr_i = offset;
    for (std::uint64_t n = 0;; ++n) {
      h_.settle();
      const bool fire = d.s_ar_ready_o;
      h_.posedge();
      if (fire) break;
      REQUIRE(n < kTimeout);
    }
    d.s_ar_valid_i = 0;
    d.s_r_ready_i = 1;
    std::uint32_t data = 0;
    for (std::uint64_t n = 0;; ++n) {
      h_.settle();
      if (d.s_r_valid_o) {
        data = d.s_r_data_o;
        h_.posedge();
        break;
      }
      h_.posedge();
      REQUIRE(n < kTimeout);
    }
    d.s_r_ready_i = 0;
    return data;
  }

  void idle(unsigned cycles) {
    for (unsigned i = 0; i < cycles; ++i) {
      h_.settle();
      h_.posedge();
    }
  }

  void enable() { write(regs::CTRL, regs::ctrl::ENABLE.put(1)); }

  // A directory command; returns DIR_RESULT.STATUS (0 OK, 1 MISSING, 2 DUPLICATE, 3 FULL, 4 DENIED).
  unsigned dir_command(unsigned op, std::uint64_t key, std::uint32_t node = 0, std::uint64_t addr = 0,
                       std::uint64_t bytes = 0, std::optional<std::uint8_t> owner = std::nullopt,
                       std::uint8_t tenant = 0) {
    write(regs::DIR_KEY_LO, static_cast<std::uint32_t>(key));
    write(regs::DIR_KEY_HI, static_cast<std::uint32_t>(key >> 32) & 0xffff);
    write(regs::DIR_TENANT, tenant);
    write(regs::DIR_LOC_NODE, regs::dir_loc_node::NODE.put(node) | regs::dir_loc_node::PUBLIC.put(owner ? 0 : 1) |
                                  regs::dir_loc_node::OWNER.put(owner.value_or(0)));
    write(regs::DIR_LOC_ADDR_LO, static_cast<std::uint32_t>(addr));
    write(regs::DIR_LOC_ADDR_HI, static_cast<std::uint32_t>(addr >> 32) & 3);
    write(regs::DIR_LOC_BYTES_LO, static_cast<std::uint32_t>(bytes));
    write(regs::DIR_LOC_BYTES_HI, static_cast<std::uint32_t>(bytes >> 32) & 3);
    write(regs::DIR_CMD, regs::dir_cmd::OP.put(op));
    for (std::uint64_t n = 0;; ++n) {
      const std::uint32_t result = read(regs::DIR_RESULT);
      if (!regs::dir_result::BUSY.get(result)) return regs::dir_result::STATUS.get(result);
      REQUIRE(n < kTimeout);
    }
  }
  unsigned insert_tile(std::uint64_t key, std::uint32_t node, std::uint64_t addr, std::uint64_t bytes,
                       std::optional<std::uint8_t> owner) {
    return dir_command(1, key, node, addr, bytes, owner);
  }
  unsigned delete_tile(std::uint64_t key) { return dir_command(2, key); }

  // Reserves the allocation units under [addr, addr + bytes) of a node (spec
  // section 15): an insert of a dtype-0 key (never a tile's), then its delete.
  void reserve(std::uint32_t node, std::uint64_t addr, std::uint64_t bytes) {
    const std::uint64_t key = (static_cast<std::uint64_t>(0xFFFF0000u | reservations_++) << 16);
    REQUIRE(dir_command(1, key, node, addr, bytes, std::nullopt) == 0);
    REQUIRE(dir_command(2, key) == 0);
  }

  // Rings the doorbell; returns the tag, or nullopt when the queue was full.
  std::optional<std::uint16_t> submit(std::uint64_t desc_addr, std::uint64_t map_addr, unsigned priority,
                                      unsigned tenant) {
    write(regs::SQ_DESC_ADDR_LO, static_cast<std::uint32_t>(desc_addr));
    write(regs::SQ_DESC_ADDR_HI, static_cast<std::uint32_t>(desc_addr >> 32));
    write(regs::SQ_MAP_ADDR_LO, static_cast<std::uint32_t>(map_addr));
    write(regs::SQ_MAP_ADDR_HI, static_cast<std::uint32_t>(map_addr >> 32));
    write(regs::SQ_ATTR, regs::sq_attr::PRIORITY.put(priority) | regs::sq_attr::TENANT.put(tenant));
    return ring(regs::SQ_DOORBELL);
  }

  std::optional<std::uint16_t> release(std::uint64_t map_addr, unsigned tenant, unsigned layers) {
    write(regs::REL_MAP_ADDR_LO, static_cast<std::uint32_t>(map_addr));
    write(regs::REL_MAP_ADDR_HI, static_cast<std::uint32_t>(map_addr >> 32));
    write(regs::REL_ATTR, regs::rel_attr::TENANT.put(tenant) | regs::rel_attr::LAYERS.put(layers));
    return ring(regs::REL_DOORBELL);
  }

  // The head completion, if any (popped).
  std::optional<Completion> poll() {
    const std::uint32_t status = read(regs::CQ_STATUS);
    if (!regs::cq_status::VALID.get(status)) return std::nullopt;
    Completion c;
    c.tag = static_cast<std::uint16_t>(regs::cq_status::TAG.get(status));
    c.error = regs::cq_status::ERROR.get(status) != 0;
    c.code = regs::cq_status::CODE.get(status);
    c.layer = static_cast<std::uint16_t>(regs::cq_layer::LAYER.get(read(regs::CQ_LAYER)));
    c.tile = regs::cq_tile::TILE.get(read(regs::CQ_TILE));
    c.cycle = h_.cycle();
    write(regs::CQ_POP, 1);
    return c;
  }

  Completion wait_completion(std::uint64_t limit = 2'000'000) {
    const std::uint64_t start = h_.cycle();
    for (;;) {
      if (auto c = poll()) return *c;
      idle(16);
      if (h_.cycle() - start > limit) FAIL("no completion within " << limit << " cycles (seed " << h_.seed() << ")");
    }
  }

 private:
  std::optional<std::uint16_t> ring(std::uint32_t doorbell) {
    const std::uint32_t before = read(regs::SQ_TAG);
    write(doorbell, 1);
    const std::uint32_t after = read(regs::SQ_TAG);
    if (regs::sq_tag::NEXT.get(after) == regs::sq_tag::NEXT.get(before)) return std::nullopt;
    return static_cast<std::uint16_t>(regs::sq_tag::LAST.get(after));
  }

  static constexpr std::uint64_t kTimeout = 100'000;
  Harness<Model>& h_;
  std::uint32_t reservations_ = 0;
};

}  // namespace tessera::tb
