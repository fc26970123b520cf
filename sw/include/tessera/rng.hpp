// A small deterministic random generator (SplitMix64 counter mode): the same
// seed gives the same sequence on every platform, unlike std distributions.
// Used by `tessera random` and by the testbenches.
#pragma once

#include <cstdint>

#include "tessera/tile_data.hpp"

namespace tessera {

class Rng {
 public:
  explicit Rng(std::uint64_t seed) : seed_(seed) {}
  std::uint64_t next() { return splitmix64_at(seed_, count_++); }
  // Uniform in [0, bound); bound > 0.
  std::uint64_t below(std::uint64_t bound) { return next() % bound; }
  // Uniform in [low, high].
  std::uint64_t between(std::uint64_t low, std::uint64_t high) { return low + below(high - low + 1); }
  // True once in `one_in` on average.
  bool chance(unsigned one_in) { return below(one_in) == 0; }
  // True with probability percent / 100.
  bool percent(unsigned percent) { return below(100) < percent; }
  std::uint64_t seed() const { return seed_; }

 private:
  std::uint64_t seed_;
  std::uint64_t count_ = 0;
};

}  // namespace tessera
