// VerilatorBackend<Model>: the driver's Backend over a verilated tb_engine
// (tsr_engine over one tsr_hbm_stub per node, tb/rtl/tb_engine.sv). It owns
// the VerilatedContext and the model, the clock and reset, the HBM stubs'
// memories and settings (tb/common/hbm_memory.hpp: the back door), an
// optional FST waveform (models verilated with TRACE_FST), an optional
// observer called at every clock edge (e.g. a timeline) and a cycle limit.
//
// Contract: one backend per process at a time (the HBM stubs' storage is
// process-wide); a host-port handshake that does not complete within
// kHandshakeCycles, or a run past max_cycles, throws SimulationError. An
// RTL assertion does not stop the simulation: assertion_failed() reports
// it (Verilator prints the assertion on stderr). One clock cycle is two
// time units in the waveform (rising edge at odd times).
#pragma once

#include <verilated.h>
#include <verilated_fst_c.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <variant>

#include <fmt/format.h>

#include "hbm_memory.hpp"
#include "tessera/driver.hpp"

namespace tessera::sim {

class SimulationError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct VerilatorOptions {
  std::uint64_t seed = 1;           // HBM stubs' random streams and Verilator's random initial state
  std::uint32_t nodes = 0;          // the model's NumNodes: one HBM stub each
  std::uint64_t node_bytes = 0;     // each stub's memory; accesses beyond answer DECERR
  tb::HbmConfig hbm;                // timing and backpressure of every stub
  std::uint64_t max_cycles = 0;     // 0: no limit
  std::string fst;                  // waveform file; empty: none
};

template <class Model>
inline constexpr bool kHasFst = requires(Model& model, VerilatedFstC* trace) { model.trace(trace, 1); };

template <class Model>
class VerilatorBackend final : public Backend {
 public:
  static constexpr std::uint64_t kHandshakeCycles = 100'000;

  explicit VerilatorBackend(const VerilatorOptions& options) : options_(options) {
    tb::HbmNodes::configure(options.nodes, options.node_bytes, options.seed);
    tb::HbmNodes::set_all(options.hbm);
    context_ = std::make_unique<VerilatedContext>();
    context_->fatalOnError(false);  // an assertion is reported, assertion_failed() tells
    context_->randReset(2);         // uninitialised state is random, seeded: reset must clear what matters
    context_->randSeed(static_cast<int>(options.seed & 0x7fffffff));
    if (!options.fst.empty()) context_->traceEverOn(true);
    model_ = std::make_unique<Model>(context_.get(), "dut");
    if (!options.fst.empty()) open_fst(options.fst);
    model_->clk_i = 0;
    model_->rst_ni = 1;  // an asynchronous reset acts on an edge: start high, then drop it
    model_->s_aw_valid_i = 0;
    model_->s_w_valid_i = 0;
    model_->s_b_ready_i = 0;
    model_->s_ar_valid_i = 0;
    model_->s_r_ready_i = 0;
    eval();
    model_->rst_ni = 0;
    eval();
    for (int i = 0; i < 3; ++i) posedge();
    model_->rst_ni = 1;
    eval();
  }

  ~VerilatorBackend() override {
    Verilated::threadContextp(context_.get());  // Verilator 5.006: destroy under the model's own context
    model_->final();
    if constexpr (kHasFst<Model>) {
      if (fst_) fst_->close();
      fst_.reset();
    }
    model_.reset();
  }

  unsigned write(std::uint32_t offset, std::uint32_t data, unsigned strb) override {
    Model& d = *model_;
    d.s_aw_valid_i = 1;
    d.s_aw_addr_i = static_cast<std::remove_reference_t<decltype(d.s_aw_addr_i)>>(offset);
    d.s_w_valid_i = 1;
    d.s_w_data_i = data;
    d.s_w_strb_i = static_cast<std::remove_reference_t<decltype(d.s_w_strb_i)>>(strb);
    bool aw = false;
    bool w = false;
    for (std::uint64_t n = 0; !(aw && w); ++n) {
      check_handshake(n, "AW/W", offset);
      eval();
      const bool aw_fire = d.s_aw_valid_i && d.s_aw_ready_o;
      const bool w_fire = d.s_w_valid_i && d.s_w_ready_o;
      posedge();
      if (aw_fire) {
        aw = true;
        d.s_aw_valid_i = 0;
      }
      if (w_fire) {
        w = true;
        d.s_w_valid_i = 0;
      }
    }
    d.s_b_ready_i = 1;
    unsigned resp = 0;
    for (std::uint64_t n = 0;; ++n) {
      check_handshake(n, "B", offset);
      eval();
      const bool fire = d.s_b_valid_o;
      resp = d.s_b_resp_o;
      posedge();
      if (fire) break;
    }
    d.s_b_ready_i = 0;
    return resp;
  }

  std::uint32_t read(std::uint32_t offset) override {
    Model& d = *model_;
    d.s_ar_valid_i = 1;
    d.s_ar_addr_i = static_cast<std::remove_reference_t<decltype(d.s_ar_addr_i)>>(offset);
    for (std::uint64_t n = 0;; ++n) {
      check_handshake(n, "AR", offset);
      eval();
      const bool fire = d.s_ar_ready_o;
      posedge();
      if (fire) break;
    }
    d.s_ar_valid_i = 0;
    d.s_r_ready_i = 1;
    std::uint32_t data = 0;
    for (std::uint64_t n = 0;; ++n) {
      check_handshake(n, "R", offset);
      eval();
      const bool fire = d.s_r_valid_o;
      data = d.s_r_data_o;
      posedge();
      if (fire) break;
    }
    d.s_r_ready_i = 0;
    return data;
  }

  void wait(std::uint64_t cycles) override {
    for (std::uint64_t i = 0; i < cycles; ++i) {
      eval();
      posedge();
    }
  }

  std::uint64_t cycle() const override { return cycle_; }

  void write_memory(std::uint32_t node, std::uint64_t addr, std::span<const std::uint8_t> bytes) override {
    tb::HbmNodes::node(node).memory.write(addr, bytes);
  }
  void read_memory(std::uint32_t node, std::uint64_t addr, std::span<std::uint8_t> bytes) override {
    tb::HbmNodes::node(node).memory.read(addr, bytes);
  }

  Model& dut() { return *model_; }
  // `observer` sees the model before every rising edge (evaluated for the
  // edge: a handshake it shows happens at that edge) and the edge's cycle.
  void observe_edges(std::function<void(const Model&, std::uint64_t)> observer) { observer_ = std::move(observer); }
  std::uint64_t seed() const { return options_.seed; }
  // True once any SystemVerilog assertion has failed.
  bool assertion_failed() const { return context_->gotError(); }

 private:
  // A waveform needs a model verilated with TRACE_FST.
  void open_fst(const std::string& path) {
    if constexpr (kHasFst<Model>) {
      fst_ = std::make_unique<VerilatedFstC>();
      model_->trace(fst_.get(), 99);
      fst_->open(path.c_str());
      if (!fst_->isOpen()) throw SimulationError(fmt::format("{}: cannot open the waveform file", path));
    } else {
      throw SimulationError(fmt::format("{}: this model was built without FST tracing", path));
    }
  }

  void eval() { model_->eval(); }

  void dump() {
    if constexpr (kHasFst<Model>) {
      if (fst_) fst_->dump(context_->time());
    }
  }

  void posedge() {
    if (observer_) observer_(*model_, cycle_);
    model_->clk_i = 1;
    context_->timeInc(1);
    model_->eval();
    dump();
    model_->clk_i = 0;
    context_->timeInc(1);
    model_->eval();
    dump();
    ++cycle_;
    if (options_.max_cycles != 0 && cycle_ > options_.max_cycles) {
      throw SimulationError(fmt::format("the simulation ran past its limit of {} cycles", options_.max_cycles));
    }
  }

  void check_handshake(std::uint64_t waited, const char* channel, std::uint32_t offset) const {
    if (waited >= kHandshakeCycles) {
      throw SimulationError(fmt::format("host port: no {} handshake for offset 0x{:03x} within {} cycles", channel, offset,
                                        kHandshakeCycles));
    }
  }

  VerilatorOptions options_;
  std::unique_ptr<VerilatedContext> context_;
  std::unique_ptr<Model> model_;
  // A model without tracing must not need the FST writer's symbols.
  std::conditional_t<kHasFst<Model>, std::unique_ptr<VerilatedFstC>, std::monostate> fst_;
  std::function<void(const Model&, std::uint64_t)> observer_;
  std::uint64_t cycle_ = 0;
};

}  // namespace tessera::sim
