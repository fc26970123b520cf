// Harness: owns the VerilatedContext and one Verilator model, the clock, the
// reset, the seed and a watchdog. Every block test and end-to-end test drives
// its DUT through one.
//
// Cycle convention: set the DUT's inputs, then call settle() to evaluate the
// combinational outputs for the coming clock edge (a handshake "fires" when
// valid and ready are both high now), then posedge() to clock it.
//
// The seed comes from TESSERA_SEED when set, else from the test's name, and
// is reported by Catch2 (UNSCOPED_INFO) so a failure can be replayed with
// TESSERA_SEED=<seed>.
#pragma once

#include <verilated.h>

#include <catch2/catch.hpp>

#include <cstdint>
#include <cstdlib>
#include <functional>
#include <memory>
#include <string>

#include "tessera/crc32.hpp"
#include "tessera/rng.hpp"

namespace tessera::tb {

inline std::uint64_t test_seed(const std::string& test_name) {
  if (const char* env = std::getenv("TESSERA_SEED")) return std::strtoull(env, nullptr, 0);
  return name_id(test_name);
}

template <class Model>
class Harness {
 public:
  explicit Harness(const std::string& test_name, std::uint64_t watchdog_cycles = 1'000'000)
      : seed_(test_seed(test_name)), rng_(seed_), watchdog_cycles_(watchdog_cycles) {
    context_ = std::make_unique<VerilatedContext>();
    context_->fatalOnError(false);  // an assertion failure is reported, the test checks gotError()
    context_->randReset(2);  // uninitialised state is random, seeded: reset must clear what matters
    context_->randSeed(static_cast<int>(seed_ & 0x7fffffff));
    model_ = std::make_unique<Model>(context_.get(), "dut");
    UNSCOPED_INFO("seed " << seed_ << " (replay: TESSERA_SEED=" << seed_ << ")");
    model_->clk_i = 0;
    model_->rst_ni = 1;  // an asynchronous reset acts on an edge: start high, then drop it
    model_->eval();
  }
  // Verilator 5.006 unregisters a model's scopes through the thread's current
  // context, so point it at ours first (another harness may have died since).
  ~Harness() {
    Verilated::threadContextp(context_.get());
    model_->final();
    model_.reset();
  }
  Harness(const Harness&) = delete;
  Harness& operator=(const Harness&) = delete;

  Model& dut() { return *model_; }
  Model* operator->() { return model_.get(); }
  Rng& rng() { return rng_; }
  std::uint64_t seed() const { return seed_; }
  std::uint64_t cycle() const { return cycle_; }
  VerilatedContext& context() { return *context_; }

  // Holds reset for `cycles` clock edges with the inputs as they are.
  void reset(int cycles = 3) {
    model_->rst_ni = 0;
    settle();
    for (int i = 0; i < cycles; ++i) posedge();
    model_->rst_ni = 1;
    settle();
  }

  // Evaluates the combinational logic for the current inputs.
  void settle() {
    model_->eval();
    low_pending_ = false;
  }

  // One rising clock edge, then the clock returns low. The low clock is
  // evaluated by the next settle() (nothing in the RTL acts on the falling
  // edge, and an evaluation is the simulation's main cost), or here before
  // the next edge when no settle() came between. Fails the test if the
  // watchdog runs out.
  void posedge() {
    if (low_pending_) model_->eval();
    model_->clk_i = 1;
    context_->timeInc(1);
    model_->eval();
    model_->clk_i = 0;
    context_->timeInc(1);
    low_pending_ = true;
    ++cycle_;
    if (cycle_ > watchdog_cycles_) FAIL("watchdog: " << watchdog_cycles_ << " cycles passed (seed " << seed_ << ")");
  }

  // Clocks until done() holds (checked after each settle), at most `limit`
  // cycles; returns the number of cycles taken.
  std::uint64_t run_until(const std::function<bool()>& done, std::uint64_t limit) {
    for (std::uint64_t n = 0; n < limit; ++n) {
      settle();
      if (done()) return n;
      posedge();
    }
    FAIL("condition not reached within " << limit << " cycles (seed " << seed_ << ")");
    return limit;
  }

  // True once any SystemVerilog assertion has failed.
  bool assertion_failed() const { return context_->gotError(); }

 private:
  std::uint64_t seed_;
  Rng rng_;
  std::uint64_t watchdog_cycles_;
  std::uint64_t cycle_ = 0;
  bool low_pending_ = false;
  std::unique_ptr<VerilatedContext> context_;
  std::unique_ptr<Model> model_;
};

// Random stalls for a valid/ready port: each cycle, stall() is true with the
// given percentage (the percentage can change during a test).
class Stalls {
 public:
  Stalls(Rng& rng, unsigned percent) : rng_(rng), percent_(percent) {}
  bool stall() { return percent_ > 0 && rng_.percent(percent_); }
  void set_percent(unsigned percent) { percent_ = percent; }

 private:
  Rng& rng_;
  unsigned percent_;
};

}  // namespace tessera::tb
