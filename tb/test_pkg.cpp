// tessera_pkg against the C++ side: width constants equal the structs'
// widths, and a packed tile_key_t is the 48-bit key of docs/spec.md.
#include "Vpkg_widths.h"
#include "harness.hpp"
#include "tessera/tile_key.hpp"

using tessera::tb::Harness;

TEST_CASE("package widths and the tile-key packing match the spec", "[pkg]") {
  Harness<Vpkg_widths> h("pkg widths");
  h.settle();
  CHECK(h->widths_match_o);
  for (int i = 0; i < 1000; ++i) {
    const tessera::TileKey key{"layer" + std::to_string(h.rng().below(100000)), static_cast<std::uint32_t>(h.rng().below(4096)),
                               static_cast<tessera::Dtype>(h.rng().between(1, 7))};
    h->layer_id_i = tessera::name_id(key.layer);
    h->position_i = key.position;
    h->dtype_i = static_cast<unsigned>(key.dtype);
    h.settle();
    REQUIRE(h->key_o == key.value());
  }
}
