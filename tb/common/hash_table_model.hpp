// HashTableModel: the C++ reference of rtl/tsr_hash_table.sv, slot for slot.
// It models the same hashing (Banks banks, an H3 XOR hash per bank with the
// masks below), the same placement (d-left: the least loaded of the key's
// buckets, the lowest bank on a tie, its lowest free way; all full: the
// lowest free stash entry) and the same answers, so every TableFull of the
// RTL is predicted.
// Operations apply in request order (the RTL is linearizable in that order).
// docs/blocks/tables.md describes the table; tb/tools/hash_mask_search.cpp
// shows how the masks were chosen.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <vector>

namespace tessera::tb {

// tessera_pkg::table_op_e and table_status_e.
enum class TableOp : std::uint8_t { lookup = 0, insert = 1, remove = 2, adjust = 3 };
enum class TableStatus : std::uint8_t { ok = 0, missing = 1, duplicate = 2, full = 3 };

inline const char* status_name(TableStatus status) {
  switch (status) {
    case TableStatus::ok: return "ok";
    case TableStatus::missing: return "missing";
    case TableStatus::duplicate: return "duplicate";
    case TableStatus::full: return "full";
  }
  return "?";
}

// H3 masks, [bank][index bit]: bucket index bit j of bank b is the XOR of the
// key bits selected by kHashMasks[b][j] (the RTL's HashMasks).
inline constexpr std::array<std::array<std::uint64_t, 16>, 4> kHashMasks = {{
    {0x64dbcf06fc571ebaull, 0x1b2e2980ff3733a1ull, 0xfbd0855dd4697a36ull, 0x50cca7d338b1fa97ull,
     0x13f4a5d9e582f34bull, 0xff32849799a4adc1ull, 0x5eed80978da9ad08ull, 0x954ad4badc0c6866ull,
     0x62972762745fd36eull, 0x87bed25fe445f3a1ull, 0x1c6d6ff769aa9dcfull, 0x30cb9ade89628987ull,
     0x5381e37b409b9218ull, 0x7ac32ce3362b0535ull, 0x43ff85175f1a2ee2ull, 0x963b9e240e126d48ull},
    {0xe74ce3a7ab1ba487ull, 0x7f2a417ded42352cull, 0x21af6baab89032a5ull, 0xab7bade1e79283dfull,
     0x1cc6c06934c4f2bfull, 0x4fa50125f3474bfaull, 0xaaff29648949c698ull, 0x6c9685e459470c97ull,
     0x316259bec8bd2a1dull, 0xc217f156a46d7546ull, 0x62a39cfb2ffad042ull, 0x7fb781e711803439ull,
     0xdef86631854d893eull, 0x9cfa254e8bfac026ull, 0x6678c7daaeeab061ull, 0xd0c95c26d6d6cea5ull},
    {0xdd03d54af05efb54ull, 0xbc45559d99cd3095ull, 0xad1b98a480c76317ull, 0xeb0a46310b73151dull,
     0x817cbe168dbe8748ull, 0xfc9ab884310ad172ull, 0x3c9894ee75237248ull, 0x327b65b5bebdb1efull,
     0xab3985d41a5256b3ull, 0xbc529a8ce44e6972ull, 0x8559b5351e035f38ull, 0x800b2b98369ac2f0ull,
     0x90a03ba71063e8e0ull, 0xc6395cc0841afdedull, 0x8fda160f796ac5a5ull, 0x77e6419ccbbf4b8full},
    {0xd5efbf5611b582dcull, 0xa6e8725732598d8eull, 0x6a0811a48d325e8bull, 0xd43bc64b0ee2ea50ull,
     0x446e38f57c6e4110ull, 0x89332c7618fc4eacull, 0x6cb7ad1bfd9a9491ull, 0xea931a6e025e0facull,
     0xdeffe58b0bedec75ull, 0xd42d2995b23fbaa0ull, 0xd63ba70459bd95e2ull, 0xbe62280374d43eebull,
     0x99b056197df44ae5ull, 0x795c8a4b65aa8748ull, 0x33e42594b50fa1fcull, 0xcf88dbb7edcd2831ull},
}};

// A value of up to 128 bits as four 32-bit words, least significant first
// (the layout of Verilator's wide ports).
using TableValue = std::array<std::uint32_t, 4>;

struct TableResult {
  TableStatus status = TableStatus::missing;
  TableValue value{};
  bool zero = false;  // an adjust brought the counter to zero and removed the entry
  bool operator==(const TableResult&) const = default;
};

class HashTableModel {
 public:
  struct Config {
    unsigned key_width = 48;
    unsigned value_width = 64;
    unsigned counter_width = 1;
    unsigned capacity = 16;  // bucket slots: banks x buckets x ways
    unsigned banks = 4;
    unsigned ways = 4;
    unsigned stash = 8;
  };

  explicit HashTableModel(const Config& config) : config_(config) {
    if (config.key_width < 1 || config.key_width > 64 || config.value_width < 1 || config.value_width > 128 ||
        config.counter_width < 1 || config.counter_width > config.value_width || config.counter_width > 32 ||
        config.banks < 1 || config.banks > kHashMasks.size() || config.ways < 1 || config.stash < 1 ||
        config.capacity % (config.banks * config.ways) != 0) {
      throw std::invalid_argument("HashTableModel: bad configuration");
    }
    buckets_ = config.capacity / (config.banks * config.ways);
    if ((buckets_ & (buckets_ - 1)) != 0 || buckets_ > (1u << 16)) {
      throw std::invalid_argument("HashTableModel: buckets per bank must be a power of two <= 65536");
    }
    banks_.assign(config.banks, std::vector<Slot>(buckets_ * config.ways));
    stash_.assign(config.stash, Slot{});
  }

  const Config& config() const { return config_; }
  unsigned buckets() const { return buckets_; }
  // Entries held / slots in all / entries any key set of that size always fits.
  std::size_t size() const { return size_; }
  std::size_t physical() const { return config_.capacity + config_.stash; }
  std::size_t guaranteed() const { return config_.banks * config_.ways + config_.stash; }
  std::size_t stash_used() const {
    std::size_t n = 0;
    for (const auto& slot : stash_) n += slot.valid;
    return n;
  }

  unsigned bucket(unsigned bank, std::uint64_t key) const {
    unsigned index = 0;
    for (unsigned bit = 0; (1u << bit) < buckets_; ++bit) {
      const std::uint64_t selected = key & kHashMasks[bank][bit] & key_mask();
      index |= static_cast<unsigned>(__builtin_parityll(selected)) << bit;
    }
    return index;
  }

  TableResult apply(TableOp op, std::uint64_t key, const TableValue& value, bool decrement) {
    key &= key_mask();
    switch (op) {
      case TableOp::lookup: return lookup(key);
      case TableOp::insert: return insert(key, value);
      case TableOp::remove: return remove(key);
      case TableOp::adjust: return adjust(key, decrement);
    }
    throw std::invalid_argument("HashTableModel: bad op");
  }

  TableResult lookup(std::uint64_t key) const {
    const Slot* slot = find(key);
    if (slot == nullptr) return {};
    return {TableStatus::ok, slot->value, false};
  }

  TableResult insert(std::uint64_t key, const TableValue& value) {
    if (const Slot* slot = find(key)) return {TableStatus::duplicate, slot->value, false};
    Slot* target = free_slot(key);
    if (target == nullptr) return {TableStatus::full, TableValue{}, false};
    *target = Slot{true, key, masked(value)};
    ++size_;
    return {TableStatus::ok, target->value, false};
  }

  TableResult remove(std::uint64_t key) {
    Slot* slot = find(key);
    if (slot == nullptr) return {};
    slot->valid = false;
    --size_;
    return {TableStatus::ok, slot->value, false};
  }

  TableResult adjust(std::uint64_t key, bool decrement) {
    Slot* slot = find(key);
    if (slot == nullptr) return {};
    const std::uint32_t count = counter(slot->value);
    const std::uint32_t max = counter_max();
    if (decrement) {
      if (count <= 1) {
        slot->valid = false;
        --size_;
        return {TableStatus::ok, with_counter(slot->value, 0), true};
      }
      slot->value = with_counter(slot->value, count - 1);
      return {TableStatus::ok, slot->value, false};
    }
    if (count == max) return {TableStatus::full, slot->value, false};
    slot->value = with_counter(slot->value, count + 1);
    return {TableStatus::ok, slot->value, false};
  }

  std::uint32_t counter(const TableValue& value) const { return value[0] & counter_max(); }
  TableValue with_counter(TableValue value, std::uint32_t count) const {
    value[0] = (value[0] & ~counter_max()) | (count & counter_max());
    return value;
  }
  std::uint32_t counter_max() const {
    return config_.counter_width >= 32 ? 0xffffffffu : (1u << config_.counter_width) - 1;
  }
  TableValue masked(TableValue value) const {
    for (unsigned word = 0; word < value.size(); ++word) {
      const unsigned low = word * 32;
      if (low >= config_.value_width) {
        value[word] = 0;
      } else if (config_.value_width - low < 32) {
        value[word] &= (1u << (config_.value_width - low)) - 1;
      }
    }
    return value;
  }

 private:
  struct Slot {
    bool valid = false;
    std::uint64_t key = 0;
    TableValue value{};
  };

  std::uint64_t key_mask() const { return config_.key_width >= 64 ? ~0ull : (1ull << config_.key_width) - 1; }

  Slot* find(std::uint64_t key) {
    return const_cast<Slot*>(static_cast<const HashTableModel*>(this)->find(key));
  }
  const Slot* find(std::uint64_t key) const {
    for (unsigned bank = 0; bank < config_.banks; ++bank) {
      const unsigned base = bucket(bank, key) * config_.ways;
      for (unsigned way = 0; way < config_.ways; ++way) {
        const Slot& slot = banks_[bank][base + way];
        if (slot.valid && slot.key == key) return &slot;
      }
    }
    for (const Slot& slot : stash_) {
      if (slot.valid && slot.key == key) return &slot;
    }
    return nullptr;
  }

  // d-left: the less loaded bucket (bank 0 on a tie), its lowest free way;
  // both full: the lowest free stash entry; none: nullptr (TableFull).
  Slot* free_slot(std::uint64_t key) {
    std::vector<unsigned> load(config_.banks, 0);
    std::vector<unsigned> base(config_.banks, 0);
    for (unsigned bank = 0; bank < config_.banks; ++bank) {
      base[bank] = bucket(bank, key) * config_.ways;
      for (unsigned way = 0; way < config_.ways; ++way) load[bank] += banks_[bank][base[bank] + way].valid;
    }
    unsigned bank = 0;
    for (unsigned other = 1; other < config_.banks; ++other) {
      if (load[other] < load[bank]) bank = other;
    }
    if (load[bank] < config_.ways) {
      for (unsigned way = 0; way < config_.ways; ++way) {
        Slot& slot = banks_[bank][base[bank] + way];
        if (!slot.valid) return &slot;
      }
    }
    for (Slot& slot : stash_) {
      if (!slot.valid) return &slot;
    }
    return nullptr;
  }

  Config config_;
  unsigned buckets_ = 1;
  std::vector<std::vector<Slot>> banks_;
  std::vector<Slot> stash_;
  std::size_t size_ = 0;
};

}  // namespace tessera::tb
