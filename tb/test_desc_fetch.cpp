// tsr_desc_fetch on one HBM stub (tb_desc_fetch), 256 and 64 bits: random
// descriptors (random network files and random records) encoded by the
// golden model's encoder, loaded through the back door at random addresses
// with random bytes around them, fetched with random stub latency,
// backpressure and refresh and random stalls on the item and done streams.
// The item stream must equal the decoded descriptor; every corruption (byte
// flips with and without the CRC recomputed, magic, version, length, short
// buffers, every DESC_FORMAT case, random field values) must give exactly
// the code and layer index of the golden decoder; SLVERR/DECERR beats give
// BUS_ERROR by the rule of docs/blocks/desc_fetch.md. Replay a failure with
// the printed TESSERA_SEED.
#include <algorithm>
#include <functional>
#include <optional>
#include <variant>
#include <vector>

#include "Vdesc_fetch_256.h"
#include "Vdesc_fetch_64.h"
#include "harness.hpp"
#include "hbm_memory.hpp"
#include "tessera/bytes.hpp"
#include "tessera/crc32.hpp"
#include "tessera/descriptor.hpp"
#include "tessera/network_file.hpp"
#include "tessera/random_network.hpp"

using namespace tessera;
using namespace tessera::tb;

namespace {

constexpr std::uint64_t kNodeBytes = 4ull << 20;

struct Item {
  bool key = false;
  bool last = false;
  std::uint16_t layer = 0;
  std::uint32_t tile = 0;
  std::uint32_t layer_id = 0;
  bool pinned = false;
  std::uint8_t node = 0;
  std::uint32_t signature = 0;
  std::uint64_t bytes = 0;
  std::uint64_t key_value = 0;
  bool operator==(const Item&) const = default;
};

std::ostream& operator<<(std::ostream& os, const Item& i) {
  return os << (i.key ? "key" : "layer") << " L" << i.layer << " t" << i.tile << " id " << i.layer_id << " last " << i.last
            << " pin " << i.pinned << " node " << int(i.node) << " sig " << i.signature << " bytes " << i.bytes << " key "
            << i.key_value;
}

std::vector<Item> items_of(const Descriptor& d) {
  std::vector<Item> items;
  for (std::size_t l = 0; l < d.layers.size(); ++l) {
    const auto& layer = d.layers[l];
    Item base;
    base.layer = static_cast<std::uint16_t>(l);
    base.layer_id = layer.id;
    base.pinned = layer.node.has_value();
    base.node = layer.node.value_or(0);
    base.signature = layer_signature(layer.keys);
    base.bytes = layer.bytes;
    Item head = base;
    head.last = l + 1 == d.layers.size();
    head.tile = static_cast<std::uint32_t>(layer.keys.size());
    items.push_back(head);
    for (std::size_t t = 0; t < layer.keys.size(); ++t) {
      Item key = base;
      key.key = true;
      key.last = t + 1 == layer.keys.size();
      key.tile = static_cast<std::uint32_t>(t);
      key.key_value = layer.keys[t];
      items.push_back(key);
    }
  }
  return items;
}

struct Outcome {
  unsigned code = 0;
  std::uint16_t layer = kNoLayer;
  std::uint16_t layer_count = 0;
  std::uint32_t network_id = 0;
  std::uint8_t tag = 0;
  std::vector<Item> items;
  std::uint64_t cycles = 0;       // request accepted .. done taken
  std::uint64_t first_item = 0;   // request accepted .. first item taken (pass 1 and the start of pass 2)
};

// The fetch with its stub; one request at a time.
template <class Model>
class FetchBench {
 public:
  FetchBench(Harness<Model>& h, unsigned beat_bytes) : h_(h), beat_bytes_(beat_bytes), item_stalls_(h.rng(), 0), done_stalls_(h.rng(), 0) {
    auto& dut = h_.dut();
    dut.req_valid_i = 0;
    dut.item_ready_i = 0;
    dut.done_ready_i = 0;
  }

  void set_stalls(unsigned item_percent, unsigned done_percent) {
    item_stalls_.set_percent(item_percent);
    done_stalls_.set_percent(done_percent);
  }

  // on_first_item runs once, when the first item is taken.
  Outcome fetch(std::uint64_t addr, std::uint32_t buffer, std::uint8_t tag, std::uint64_t limit = 400000,
                const std::function<void()>& on_first_item = {}) {
    auto& dut = h_.dut();
    Outcome out;
    dut.req_addr_i = addr;
    dut.req_buffer_bytes_i = buffer;
    dut.req_tag_i = tag;
    dut.req_qos_i = static_cast<std::uint8_t>(h_.rng().below(16));
    dut.req_node_i = 0;
    dut.req_valid_i = 1;
    bool accepted = false;
    for (std::uint64_t n = 0; n < limit; ++n) {
      dut.item_ready_i = !item_stalls_.stall();
      dut.done_ready_i = !done_stalls_.stall();
      h_.settle();
      if (!accepted && dut.req_valid_i && dut.req_ready_o) accepted = true;
      if (dut.item_valid_o && dut.item_ready_i) {
        if (out.items.empty()) {
          out.first_item = n;
          if (on_first_item) on_first_item();
        }
        out.items.push_back(item());
      }
      if (dut.done_valid_o && dut.done_ready_i) {
        out.code = dut.done_code_o;
        out.layer = dut.done_layer_o;
        out.layer_count = dut.done_layer_count_o;
        out.network_id = dut.done_network_id_o;
        out.tag = dut.done_tag_o;
        out.cycles = n;
        h_.posedge();
        dut.done_ready_i = 0;
        dut.item_ready_i = 0;
        return out;
      }
      h_.posedge();
      if (accepted) dut.req_valid_i = 0;
    }
    FAIL("fetch did not finish within " << limit << " cycles (seed " << h_.seed() << ")");
    return out;
  }

  bool read_fails(std::uint64_t beat_addr) const {
    if (beat_addr >= kNodeBytes) return true;
    for (const auto& range : HbmNodes::node(0).errors) {
      if (beat_addr >= range.first && beat_addr <= range.last) return true;
    }
    return false;
  }
  bool range_fails(std::uint64_t from, std::uint64_t to) const {  // beats holding bytes [from, to)
    for (std::uint64_t b = from / beat_bytes_ * beat_bytes_; b < to; b += beat_bytes_) {
      if (read_fails(b)) return true;
    }
    return false;
  }

  unsigned beat_bytes() const { return beat_bytes_; }

 private:
  Item item() {
    auto& dut = h_.dut();
    Item i;
    i.key = dut.item_kind_o;
    i.last = dut.item_last_o;
    i.layer = dut.item_layer_o;
    i.tile = dut.item_tile_o;
    i.layer_id = dut.item_layer_id_o;
    i.pinned = dut.item_pinned_o;
    i.node = dut.item_node_o;
    i.signature = dut.item_signature_o;
    i.bytes = dut.item_bytes_o;
    i.key_value = dut.item_key_o;
    return i;
  }

  Harness<Model>& h_;
  unsigned beat_bytes_;
  Stalls item_stalls_;
  Stalls done_stalls_;
};

struct Expected {
  unsigned code = 0;
  std::uint16_t layer = kNoLayer;
  std::optional<Descriptor> descriptor;
};

// The golden decoder on the buffer, with the fetch's bus-error rule: the
// beats holding [0, 32) (under 32 bytes: [0, 8)) first, then magic, length
// and version, then the beats holding [32, total), then the rest.
template <class Model>
Expected expected(const FetchBench<Model>& bench, std::uint64_t addr, std::uint32_t buffer) {
  Expected e;
  std::vector<std::uint8_t> bytes(buffer);
  HbmNodes::node(0).memory.read(addr, bytes);
  if (buffer < 4) {
    e.code = static_cast<unsigned>(ErrorCode::desc_length);
    return e;
  }
  if (bench.range_fails(addr, addr + (buffer < 32 ? 8 : 32))) {
    e.code = static_cast<unsigned>(ErrorCode::bus_error);
    return e;
  }
  const auto decoded = decode_descriptor(bytes);
  if (const auto* error = std::get_if<DescriptorError>(&decoded)) {
    if (error->code == ErrorCode::desc_magic || error->code == ErrorCode::desc_length || error->code == ErrorCode::desc_version) {
      e.code = static_cast<unsigned>(error->code);
      return e;
    }
  }
  const std::uint64_t total = load_le(bytes, 8, 4);
  if (bench.range_fails(addr + 32, addr + total)) {
    e.code = static_cast<unsigned>(ErrorCode::bus_error);
    return e;
  }
  if (const auto* error = std::get_if<DescriptorError>(&decoded)) {
    e.code = static_cast<unsigned>(error->code);
    e.layer = error->layer.value_or(kNoLayer);
    return e;
  }
  e.descriptor = std::get<Descriptor>(decoded);
  return e;
}

void put(std::vector<std::uint8_t>& bytes, std::size_t offset, std::uint64_t value, std::size_t width) {
  if (offset + width <= bytes.size()) store_le(bytes, offset, value, width);
}
std::uint64_t get(const std::vector<std::uint8_t>& bytes, std::size_t offset, std::size_t width) {
  return offset + width <= bytes.size() ? load_le(bytes, offset, width) : 0;
}
void reseal(std::vector<std::uint8_t>& bytes) {
  const std::size_t total = std::min<std::size_t>(get(bytes, 8, 4), bytes.size());
  if (total >= 16) put(bytes, 12, crc32(std::span(bytes).subspan(16, total - 16)), 4);
}

// A random descriptor: any ids, keys, pins, inputs, names (random bytes).
Descriptor random_descriptor(Rng& rng, unsigned max_layers, unsigned max_tiles) {
  Descriptor d;
  d.network_id = static_cast<std::uint32_t>(rng.next());
  const auto layers = rng.between(1, max_layers);
  for (std::uint64_t i = 0; i < layers; ++i) {
    DescriptorLayer layer;
    layer.id = static_cast<std::uint32_t>(rng.next());
    if (rng.chance(3)) layer.node = static_cast<std::uint8_t>(rng.next());
    layer.bytes = rng.chance(4) ? rng.next() | 1 : rng.between(1, 1 << 24);
    const auto tiles = rng.between(1, max_tiles);
    for (std::uint64_t t = 0; t < tiles; ++t) layer.keys.push_back((rng.next() & 0xfffffffffff0ull) | rng.between(1, 7));
    const auto inputs = i == 0 ? 0 : rng.below(10);
    for (std::uint64_t k = 0; k < inputs; ++k) layer.inputs.push_back(static_cast<std::uint16_t>(rng.below(i)));
    d.layers.push_back(std::move(layer));
  }
  if (rng.chance(2)) {
    const auto names = rng.between(1, 6);
    for (std::uint64_t k = 0; k < names; ++k) {
      std::string text(rng.below(40), ' ');
      for (auto& c : text) c = static_cast<char>(rng.between(1, 255));
      d.names.emplace_back(static_cast<std::uint32_t>(rng.next()), text);
    }
  }
  return d;
}

// A descriptor of a random network file (names and all).
Descriptor file_descriptor(Rng& rng) {
  RandomOptions options;
  options.seed = rng.next();
  const NetworkFile file = parse_network_text(random_network_yaml(options), "random.yaml", ".");
  return descriptor_for(file, rng.below(file.networks.size()));
}

// Byte offsets of the records of an encoded, well-formed descriptor.
std::vector<std::size_t> record_offsets(const Descriptor& d) {
  std::vector<std::size_t> offsets;
  std::size_t at = kDescriptorHeaderBytes;
  for (const auto& layer : d.layers) {
    offsets.push_back(at);
    at += kLayerHeaderBytes + 8 * layer.keys.size() + (2 * layer.inputs.size() + 7) / 8 * 8;
  }
  offsets.push_back(at);  // the records' end
  return offsets;
}

// One of the DESC_FORMAT faults of section 6, at a random layer; resealed.
void format_fault(Rng& rng, const Descriptor& d, std::vector<std::uint8_t>& bytes) {
  const auto offsets = record_offsets(d);
  const std::size_t l = rng.below(d.layers.size());
  const std::size_t r = offsets[l];
  const auto& layer = d.layers[l];
  const std::size_t keys = r + kLayerHeaderBytes;
  const std::size_t inputs = keys + 8 * layer.keys.size();
  const std::size_t strings = get(bytes, 20, 4);
  switch (rng.below(22)) {
    case 0: put(bytes, 6, 0, 2); break;                                          // layer count 0
    case 1: put(bytes, 6, d.layers.size() + rng.between(1, 3), 2); break;       // more layers than records
    case 2: put(bytes, 6, rng.between(1, d.layers.size()), 2); break;           // fewer: bytes left over (or fine)
    case 3: put(bytes, 24 + rng.below(8), rng.between(1, 255), 1); break;       // reserved header
    case 4: put(bytes, r + 4, get(bytes, r + 4, 1) | (2u << rng.below(7)), 1); break;  // flag bits
    case 5: put(bytes, r + 4, 0, 1); put(bytes, r + 5, rng.between(1, 255), 1); break;  // node, not pinned
    case 6: put(bytes, r + 8, 0, 4); break;                                      // tile count 0
    case 7: put(bytes, r + 8, layer.keys.size() + rng.between(1, 1000), 4); break;  // tile count too big
    case 8: put(bytes, r + 8, rng.next(), 4); break;                              // tile count anything
    case 9: put(bytes, r + 16, 0, 8); break;                                     // layer bytes 0
    case 10: put(bytes, keys + 8 * rng.below(layer.keys.size()) + 6 + rng.below(2), rng.between(1, 255), 1); break;  // key 63:48
    case 11: {                                                                   // dtype 0 or 8..15
      const std::size_t k = keys + 8 * rng.below(layer.keys.size());
      put(bytes, k, (get(bytes, k, 1) & 0xf0) | (rng.chance(2) ? 0 : rng.between(8, 15)), 1);
      break;
    }
    case 12:                                                                      // input not earlier
      if (!layer.inputs.empty()) put(bytes, inputs + 2 * rng.below(layer.inputs.size()), rng.between(l, 0xffff), 2);
      else put(bytes, r + 6, 1, 2);
      break;
    case 13:                                                                      // input padding or more inputs
      put(bytes, r + 6, layer.inputs.size() + rng.between(1, 8), 2);
      break;
    case 14: {                                                                    // padding after the inputs
      const std::size_t pad_from = inputs + 2 * layer.inputs.size();
      const std::size_t pad_to = offsets[l + 1];
      if (pad_to > pad_from) put(bytes, pad_from + rng.below(pad_to - pad_from), rng.between(1, 255), 1);
      else put(bytes, r + 12, get(bytes, r + 12, 4) ^ 1, 4);
      break;
    }
    case 15: put(bytes, r + 12, get(bytes, r + 12, 4) ^ (1u << rng.below(32)), 4); break;  // signature
    case 16: put(bytes, 20, 32 + 8 * rng.below(bytes.size() / 8) + (rng.chance(2) ? rng.between(1, 7) : 0), 4); break;  // strings offset
    case 17: put(bytes, 20, rng.chance(2) ? rng.below(32) : bytes.size() + 8 * rng.between(0, 4), 4); break;
    case 18:                                                                      // string longer than the section
      if (strings) put(bytes, strings + 4, get(bytes, strings + 4, 4) + rng.between(1, 200), 4);
      else put(bytes, 20, offsets.back(), 4);
      break;
    case 19:                                                                      // string padding
      if (strings && get(bytes, strings + 4, 4) % 8 != 0) {
        const auto length = get(bytes, strings + 4, 4);
        put(bytes, strings + 8 + length + rng.below(8 - length % 8), rng.between(1, 255), 1);
      } else {
        put(bytes, 20, bytes.size(), 4);  // empty strings section
      }
      break;
    case 20: {                                                                    // a key word changed, signature kept
      const std::size_t k = keys + 8 * rng.below(layer.keys.size());
      put(bytes, k + 2 + rng.below(4), rng.next(), 1);
      break;
    }
    default: put(bytes, r + rng.below(24), rng.next(), 1); break;               // any header byte of a record
  }
  reseal(bytes);
}

enum class Fault { none, flip, flip_resealed, magic, version, length, short_buffer, format, field, bus };

struct Stats {
  unsigned cases = 0;
  unsigned ok = 0;
  unsigned codes[kErrorCodeCount] = {};
};

template <class Model>
void random_fetches(const std::string& name, unsigned beat_bytes, unsigned cases, unsigned max_layers, unsigned max_tiles,
                    std::vector<Fault> faults) {
  Harness<Model> h(name, 400'000'000);
  HbmNodes::configure(1, kNodeBytes, h.seed());
  FetchBench<Model> bench(h, beat_bytes);
  h.reset();
  Rng& rng = h.rng();
  Stats stats;
  for (unsigned c = 0; c < cases; ++c) {
    INFO("case " << c);
    // the stub's timing and the consumers' stalls
    HbmConfig config;
    config.read_latency = static_cast<std::uint32_t>(rng.between(1, 80));
    config.row_miss_penalty = static_cast<std::uint32_t>(rng.below(10));
    config.max_outstanding = static_cast<std::uint32_t>(rng.between(1, 16));
    config.ready_stall_percent = rng.chance(3) ? 0 : static_cast<std::uint32_t>(rng.below(60));
    config.valid_gap_percent = rng.chance(3) ? 0 : static_cast<std::uint32_t>(rng.below(60));
    if (rng.chance(4)) {
      config.refresh_period = static_cast<std::uint32_t>(rng.between(50, 400));
      config.refresh_duration = static_cast<std::uint32_t>(rng.between(1, 20));
    }
    HbmNodes::set_all(config);
    HbmNodes::node(0).errors.clear();
    bench.set_stalls(rng.chance(3) ? 0 : static_cast<unsigned>(rng.below(70)), rng.chance(2) ? 0 : static_cast<unsigned>(rng.below(70)));

    const Descriptor d = rng.chance(3) ? file_descriptor(rng) : random_descriptor(rng, max_layers, max_tiles);
    std::vector<std::uint8_t> bytes = encode_descriptor(d);
    std::uint32_t buffer = static_cast<std::uint32_t>(bytes.size() + (rng.chance(2) ? 0 : rng.below(100)));
    const Fault fault = faults[rng.below(faults.size())];
    switch (fault) {
      case Fault::none: case Fault::bus: break;
      case Fault::flip: case Fault::flip_resealed: {
        const auto flips = rng.between(1, 3);
        for (std::uint64_t f = 0; f < flips; ++f) {
          const std::size_t at = fault == Fault::flip ? rng.below(bytes.size()) : 16 + rng.below(bytes.size() - 16);
          bytes[at] ^= static_cast<std::uint8_t>(1u << rng.below(8));
        }
        if (fault == Fault::flip_resealed) reseal(bytes);
        break;
      }
      case Fault::magic: bytes[rng.below(4)] ^= static_cast<std::uint8_t>(rng.between(1, 255)); break;
      case Fault::version: put(bytes, 4, rng.chance(2) ? 0 : rng.between(2, 0xffff), 2); break;
      case Fault::length:
        switch (rng.below(4)) {
          case 0: put(bytes, 8, rng.below(32), 4); break;
          case 1: put(bytes, 8, get(bytes, 8, 4) + rng.between(1, 7), 4); break;
          case 2: put(bytes, 8, buffer + 8 * rng.between(1, 100), 4); break;
          default: put(bytes, 8, static_cast<std::uint32_t>(rng.next()), 4); break;
        }
        break;
      case Fault::short_buffer: buffer = static_cast<std::uint32_t>(rng.below(std::min<std::size_t>(bytes.size(), 48))); break;
      case Fault::format: format_fault(rng, d, bytes); break;
      case Fault::field: {
        const auto edits = rng.between(1, 3);
        for (std::uint64_t e = 0; e < edits; ++e) {
          const std::size_t width = std::size_t{1} << rng.below(4);
          const std::size_t at = (16 + rng.below(bytes.size() - 16)) / width * width;
          put(bytes, at, rng.chance(2) ? rng.below(4) : rng.next(), width);
        }
        reseal(bytes);
        break;
      }
    }
    // where it goes: any multiple of 8, random bytes around it
    const std::uint64_t span = std::max<std::uint64_t>(buffer, bytes.size()) + 256;
    const std::uint64_t addr = 8 * rng.below((kNodeBytes - span - 512) / 8) + 256;
    std::vector<std::uint8_t> around(span + 512);
    for (auto& b : around) b = static_cast<std::uint8_t>(rng.next());
    HbmNodes::node(0).memory.write(addr - 256, around);
    HbmNodes::node(0).memory.write(addr, bytes);
    if (fault == Fault::bus || rng.chance(20)) {
      const std::uint64_t first = addr / beat_bytes * beat_bytes;
      const std::uint64_t beats = (std::max<std::uint64_t>(buffer, 8) + beat_bytes + 7) / beat_bytes + 1;
      const std::uint64_t beat = first + beat_bytes * rng.below(beats);
      HbmNodes::node(0).errors.push_back({beat, beat + beat_bytes - 1, static_cast<std::uint8_t>(rng.between(2, 3))});
    }

    const Expected want = expected(bench, addr, buffer);
    const auto tag = static_cast<std::uint8_t>(rng.next());
    const Outcome got = bench.fetch(addr, buffer, tag);
    INFO("fault " << static_cast<int>(fault) << " addr " << addr << " buffer " << buffer << " bytes " << bytes.size());
    REQUIRE(got.code == want.code);
    REQUIRE(got.layer == want.layer);
    CHECK(got.tag == tag);
    if (want.descriptor) {
      const auto items = items_of(*want.descriptor);
      REQUIRE(got.items.size() == items.size());
      for (std::size_t i = 0; i < items.size(); ++i) {
        INFO("item " << i);
        REQUIRE(got.items[i] == items[i]);
      }
      CHECK(got.layer_count == want.descriptor->layers.size());
      CHECK(got.network_id == want.descriptor->network_id);
      ++stats.ok;
    } else {
      CHECK(got.items.empty());
    }
    ++stats.codes[got.code];
    ++stats.cases;
    REQUIRE_FALSE(h.assertion_failed());
  }
  // every outcome the faults aim at was seen
  CHECK(stats.ok > 0);
  for (const Fault f : faults) {
    if (f == Fault::magic) CHECK(stats.codes[static_cast<int>(ErrorCode::desc_magic)] > 0);
    if (f == Fault::version) CHECK(stats.codes[static_cast<int>(ErrorCode::desc_version)] > 0);
    if (f == Fault::length) CHECK(stats.codes[static_cast<int>(ErrorCode::desc_length)] > 0);
    if (f == Fault::flip) CHECK(stats.codes[static_cast<int>(ErrorCode::desc_crc)] > 0);
    if (f == Fault::format) CHECK(stats.codes[static_cast<int>(ErrorCode::desc_format)] > 0);
    if (f == Fault::bus) CHECK(stats.codes[static_cast<int>(ErrorCode::bus_error)] > 0);
  }
}

const std::vector<Fault> kAllFaults = {Fault::none, Fault::none, Fault::none, Fault::flip, Fault::flip_resealed,
                                       Fault::magic, Fault::version, Fault::length, Fault::short_buffer, Fault::format,
                                       Fault::format, Fault::format, Fault::field, Fault::field, Fault::bus};

}  // namespace

TEST_CASE("desc_fetch 256-bit: streams random descriptors and matches the decoder's verdict on every fault", "[desc_fetch]") {
  random_fetches<Vdesc_fetch_256>("desc_fetch 256", 32, 1500, 24, 24, kAllFaults);
}

TEST_CASE("desc_fetch 64-bit: streams random descriptors and matches the decoder's verdict on every fault", "[desc_fetch]") {
  random_fetches<Vdesc_fetch_64>("desc_fetch 64", 8, 1500, 24, 24, kAllFaults);
}

TEST_CASE("desc_fetch 256-bit: large descriptors (many layers and tiles, several 4 KiB pages)", "[desc_fetch]") {
  random_fetches<Vdesc_fetch_256>("desc_fetch 256 large", 32, 60, 300, 60, {Fault::none, Fault::format, Fault::flip_resealed});
}

TEST_CASE("desc_fetch: an address that is not a multiple of 8 is BUS_ERROR without a read", "[desc_fetch][errors]") {
  Harness<Vdesc_fetch_256> h("desc_fetch unaligned");
  HbmNodes::configure(1, kNodeBytes, h.seed());
  FetchBench<Vdesc_fetch_256> bench(h, 32);
  h.reset();
  const Descriptor d = random_descriptor(h.rng(), 4, 4);
  HbmNodes::node(0).memory.write(0x1000, encode_descriptor(d));
  for (unsigned offset = 1; offset < 8; ++offset) {
    const Outcome got = bench.fetch(0x1000 + offset, 4096, 7);
    CHECK(got.code == static_cast<unsigned>(ErrorCode::bus_error));
    CHECK(got.layer == kNoLayer);
  }
  CHECK(h.dut().ar_count_o == 0);
  const Outcome good = bench.fetch(0x1000, 4096, 7);
  CHECK(good.code == 0);
  CHECK(good.items == items_of(d));
  CHECK_FALSE(h.assertion_failed());
}

TEST_CASE("desc_fetch: a descriptor beyond the node's end is BUS_ERROR (DECERR), and the fetch carries on", "[desc_fetch][errors]") {
  Harness<Vdesc_fetch_64> h("desc_fetch decerr");
  HbmNodes::configure(1, kNodeBytes, h.seed());
  FetchBench<Vdesc_fetch_64> bench(h, 8);
  h.reset();
  Outcome got = bench.fetch(kNodeBytes + 64, 4096, 1);
  CHECK(got.code == static_cast<unsigned>(ErrorCode::bus_error));
  const Descriptor d = random_descriptor(h.rng(), 8, 8);
  const auto bytes = encode_descriptor(d);
  const std::uint64_t addr = kNodeBytes - bytes.size();  // ends exactly at the node's end
  HbmNodes::node(0).memory.write(addr, bytes);
  got = bench.fetch(addr, static_cast<std::uint32_t>(bytes.size()), 2);
  CHECK(got.code == 0);
  CHECK(got.items == items_of(d));
  CHECK_FALSE(h.assertion_failed());
}

TEST_CASE("desc_fetch: a bus error during pass 2 ends the stream with BUS_ERROR at the layer the beat holds", "[desc_fetch][errors]") {
  Harness<Vdesc_fetch_256> h("desc_fetch pass 2 bus error");
  HbmNodes::configure(1, kNodeBytes, h.seed());
  FetchBench<Vdesc_fetch_256> bench(h, 32);
  h.reset();
  Rng& rng = h.rng();
  int tried = 0;
  for (int round = 0; round < 40; ++round) {
    INFO("round " << round);
    HbmNodes::node(0).errors.clear();
    bench.set_stalls(static_cast<unsigned>(rng.below(50)), static_cast<unsigned>(rng.below(50)));
    const Descriptor d = random_descriptor(rng, 200, 40);
    const auto bytes = encode_descriptor(d);
    const std::uint64_t addr = 8 * rng.below(1000) + 0x10000;
    HbmNodes::node(0).memory.write(addr, bytes);
    const auto offsets = record_offsets(d);
    // once pass 2 streams, a beat well past what the read buffer can hold fails
    const std::uint64_t first_beat = (addr + 32) / 32 * 32;
    const std::uint64_t last_beat = (addr + offsets.back() - 1) / 32 * 32;
    const std::uint64_t ahead = first_beat + 32 * 80;
    if (ahead > last_beat) continue;
    ++tried;
    const std::uint64_t beat = ahead + 32 * rng.below((last_beat - ahead) / 32 + 1);
    const Outcome got = bench.fetch(addr, static_cast<std::uint32_t>(bytes.size()), 3, 400000, [&] {
      HbmNodes::node(0).errors.push_back({beat, beat + 31, 2});
    });
    // the record holding the beat's first descriptor word
    const std::uint64_t word = std::max<std::uint64_t>(beat, addr + 32) - addr;
    std::uint16_t layer = 0;
    while (layer + 1 < d.layers.size() && offsets[layer + 1] <= word) ++layer;
    CHECK(got.code == static_cast<unsigned>(ErrorCode::bus_error));
    CHECK(got.layer == layer);
    const auto items = items_of(d);
    REQUIRE(got.items.size() <= items.size());
    for (std::size_t i = 0; i < got.items.size(); ++i) REQUIRE(got.items[i] == items[i]);
    std::size_t before = 0;  // items of the layers before the failing one
    while (before < items.size() && items[before].layer < layer) ++before;
    CHECK(got.items.size() >= before);
    if (!got.items.empty()) CHECK(got.items.back().layer <= layer);
  }
  CHECK(tried >= 20);
  CHECK_FALSE(h.assertion_failed());
}

TEST_CASE("desc_fetch: cycles for 1, 10 and 100 layers", "[desc_fetch][.figures]") {
  for (int width : {256, 64}) {
    auto run = [&](auto& h, unsigned beat_bytes) {
      HbmNodes::configure(1, kNodeBytes, h.seed());
      FetchBench bench(h, beat_bytes);
      h.reset();
      for (unsigned layers : {1u, 10u, 100u}) {
        for (unsigned tiles : {1u, 8u}) {
          Descriptor d;
          for (unsigned l = 0; l < layers; ++l) {
            DescriptorLayer layer;
            layer.id = l;
            layer.bytes = 4096;
            for (unsigned t = 0; t < tiles; ++t) layer.keys.push_back((std::uint64_t{l} << 16) | (t << 4) | 2);
            if (l > 0) layer.inputs.push_back(static_cast<std::uint16_t>(l - 1));
            d.layers.push_back(layer);
          }
          const auto bytes = encode_descriptor(d);
          HbmNodes::node(0).memory.write(0x10000, bytes);
          const Outcome got = bench.fetch(0x10000, static_cast<std::uint32_t>(bytes.size()), 0);
          REQUIRE(got.code == 0);
          WARN(width << "-bit, latency 64: " << layers << " layers x " << tiles << " tiles (" << bytes.size() << " bytes, "
                     << got.items.size() << " items): first item after " << got.first_item << ", done after "
                     << got.cycles << " cycles");
        }
      }
    };
    if (width == 256) {
      Harness<Vdesc_fetch_256> h("figures 256");
      run(h, 32);
    } else {
      Harness<Vdesc_fetch_64> h("figures 64");
      run(h, 8);
    }
  }
}

TEST_CASE("desc_fetch: a request changed while it waits fires an assertion", "[desc_fetch][assert]") {
  Harness<Vdesc_fetch_256> h("desc_fetch assert");
  HbmNodes::configure(1, kNodeBytes, h.seed());
  h.reset();
  auto& dut = h.dut();
  dut.item_ready_i = 1;
  dut.done_ready_i = 0;
  dut.req_addr_i = 0x100;
  dut.req_buffer_bytes_i = 4096;
  dut.req_valid_i = 1;
  h.settle();
  h.posedge();  // accepted: the fetch is busy now (its result is held: done_ready is low)
  dut.req_addr_i = 0x200;  // a second request waits ...
  for (int n = 0; n < 3; ++n) {
    h.settle();
    REQUIRE_FALSE(dut.req_ready_o);
    h.posedge();
  }
  dut.req_addr_i = 0x300;  // ... and changes while valid and not ready
  for (int n = 0; n < 3 && !h.assertion_failed(); ++n) {
    h.settle();
    h.posedge();
  }
  CHECK(h.assertion_failed());
}
