// hash_mask_search: how the H3 masks of rtl/tsr_hash_table.sv (HashMasks)
// and tb/common/hash_table_model.hpp (kHashMasks) were chosen.
//
// Candidate sets of 4 banks x 16 masks are drawn from SplitMix64 seeded with
// 0x7E55E7A, 64 values per set (bank-major). A set qualifies when, in every
// bank, its first n masks (n <= 16) are linearly independent over GF(2) on
// the low 24 key bits, so every bucket of every size is reachable for keys
// of 24 bits or more. Random keys fill the table alike under any such set
// (a linear hash is universal), but tile keys are structured (runs of
// consecutive positions under one layer id) and the load they reach at the
// first TableFull depends on the set. Each qualifying set is scored by the
// mean plus the minimum fill at the first TableFull over 100 tile-key sets
// of two kinds (runs of 1..80 and 1..512 positions per layer) at 1024 and
// 4096 entries (4 banks x 4 ways, 8 stash entries), and the best of the
// first 3000 sets is printed, with its figures on other key sets (another
// seed) so the choice is not judged on the sets it was chosen with.
//
// Build and run: cmake --build <build> --target hash_mask_search && <build>/bin/hash_mask_search
#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "tessera/crc32.hpp"
#include "tessera/rng.hpp"
#include "tessera/tile_data.hpp"

namespace {

using Masks = std::array<std::array<std::uint64_t, 16>, 4>;

constexpr std::uint64_t kSeed = 0x7E55E7A;
constexpr int kCandidates = 3000;
constexpr unsigned kBanks = 4;
constexpr unsigned kWays = 4;
constexpr unsigned kStash = 8;

Masks candidate(int index) {
  Masks masks{};
  std::uint64_t n = static_cast<std::uint64_t>(index) * 64;
  for (auto& bank : masks)
    for (auto& mask : bank) mask = tessera::splitmix64_at(kSeed, n++);
  return masks;
}

unsigned rank(std::vector<std::uint64_t> rows, std::uint64_t columns) {
  std::vector<std::uint64_t> basis;
  for (std::uint64_t row : rows) {
    row &= columns;
    for (std::uint64_t b : basis) row = std::min(row, row ^ b);
    if (row != 0) basis.push_back(row);
  }
  return static_cast<unsigned>(basis.size());
}

bool qualifies(const Masks& masks) {
  for (const auto& bank : masks)
    for (unsigned n = 1; n <= 16; ++n)
      if (rank({bank.begin(), bank.begin() + n}, (1ull << 24) - 1) < n) return false;
  return true;
}

// Inserts keys into an empty table until the first TableFull; returns how
// many went in (the same placement as the RTL and the model).
unsigned fill(const Masks& masks, unsigned capacity, const std::vector<std::uint64_t>& keys) {
  const unsigned buckets = capacity / (kBanks * kWays);
  std::vector<unsigned> load(kBanks * buckets, 0);
  unsigned stash = 0;
  unsigned held = 0;
  for (const std::uint64_t key : keys) {
    unsigned best = 0;
    unsigned best_load = kWays + 1;
    for (unsigned bank = 0; bank < kBanks; ++bank) {
      unsigned index = 0;
      for (unsigned bit = 0; (1u << bit) < buckets; ++bit)
        index |= static_cast<unsigned>(__builtin_parityll(key & masks[bank][bit])) << bit;
      if (load[bank * buckets + index] < best_load) {
        best_load = load[bank * buckets + index];
        best = bank * buckets + index;
      }
    }
    if (best_load < kWays) {
      ++load[best];
    } else if (stash < kStash) {
      ++stash;
    } else {
      return held;
    }
    ++held;
  }
  return held;
}

// Tile keys: layers with random ids, each a run of 1..max_run positions from 0.
std::vector<std::uint64_t> tile_keys(tessera::Rng& rng, std::size_t count, unsigned max_run) {
  std::vector<std::uint64_t> keys;
  while (keys.size() < count) {
    const std::uint64_t layer = tessera::name_id("layer" + std::to_string(rng.next()));
    const std::uint64_t run = 1 + rng.below(max_run);
    const std::uint64_t dtype = 1 + rng.below(7);
    for (std::uint64_t position = 0; position < run; ++position) keys.push_back(layer << 16 | position << 4 | dtype);
  }
  return keys;
}

struct Figures {
  std::array<double, 8> mean{};  // [capacity][run kind] as fractions of capacity
  std::array<double, 8> min{};
  double score() const {
    double s = 0;
    for (int i = 0; i < 4; ++i) s += mean[i] + min[i];
    return s;
  }
};

Figures measure(const Masks& masks, std::uint64_t seed, int sets) {
  Figures f;
  int slot = 0;
  for (const unsigned capacity : {1024u, 4096u}) {
    for (const unsigned max_run : {80u, 512u}) {
      tessera::Rng rng(seed + capacity * 10 + max_run);
      double sum = 0;
      unsigned least = ~0u;
      for (int set = 0; set < sets; ++set) {
        const unsigned n = fill(masks, capacity, tile_keys(rng, capacity + 32, max_run));
        sum += n;
        least = std::min(least, n);
      }
      f.mean[slot] = sum / sets / capacity;
      f.min[slot] = static_cast<double>(least) / capacity;
      ++slot;
    }
  }
  return f;
}

void print(const char* what, const Figures& f) {
  std::printf("%s: mean/min fill at first TableFull, 1024 entries: runs<=80 %.1f%%/%.1f%%, runs<=512 %.1f%%/%.1f%%; "
              "4096 entries: runs<=80 %.1f%%/%.1f%%, runs<=512 %.1f%%/%.1f%%\n",
              what, 100 * f.mean[0], 100 * f.min[0], 100 * f.mean[1], 100 * f.min[1], 100 * f.mean[2], 100 * f.min[2],
              100 * f.mean[3], 100 * f.min[3]);
}

}  // namespace

int main() {
  int best = -1;
  Figures best_figures;
  for (int index = 0; index < kCandidates; ++index) {
    const Masks masks = candidate(index);
    if (!qualifies(masks)) continue;
    const Figures f = measure(masks, 1, 100);
    if (best < 0 || f.score() > best_figures.score()) {
      best = index;
      best_figures = f;
    }
  }
  std::printf("best of %d candidate sets: %d\n", kCandidates, best);
  print("chosen on", best_figures);
  print("other sets", measure(candidate(best), 777, 400));
  const Masks masks = candidate(best);
  std::printf("masks [bank][bit]:\n");
  for (const auto& bank : masks) {
    for (const std::uint64_t mask : bank) std::printf(" 0x%016llx", static_cast<unsigned long long>(mask));
    std::printf("\n");
  }
  return 0;
}
