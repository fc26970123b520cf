// The binary network descriptor (docs/spec.md section 6): one encoder and
// one checking decoder, shared by the model, the driver, the CLI and the
// testbench.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "tessera/errors.hpp"

namespace tessera {

struct NetworkFile;

inline constexpr std::uint32_t kDescriptorMagic = 0x41525354;  // "TSRA"
inline constexpr std::uint16_t kDescriptorVersion = 1;
inline constexpr std::size_t kDescriptorHeaderBytes = 32;
inline constexpr std::size_t kLayerHeaderBytes = 24;
inline constexpr std::uint16_t kNoLayer = 0xffff;
inline constexpr std::uint32_t kNoTile = 0xffffffff;

struct DescriptorLayer {
  std::uint32_t id = 0;
  std::optional<std::uint8_t> node;  // pinned node
  std::uint64_t bytes = 0;
  std::vector<std::uint64_t> keys;
  std::vector<std::uint16_t> inputs;
  bool operator==(const DescriptorLayer&) const = default;
};

struct Descriptor {
  std::uint32_t network_id = 0;
  std::vector<DescriptorLayer> layers;
  // Strings section: (id, name); empty = no section.
  std::vector<std::pair<std::uint32_t, std::string>> names;
  bool operator==(const Descriptor&) const = default;
};

struct DescriptorError {
  ErrorCode code = ErrorCode::desc_format;
  std::optional<std::uint16_t> layer;
  std::string message;
};

// CRC-32 of a layer's tile-key words, as stored (8 bytes each).
std::uint32_t layer_signature(std::span<const std::uint64_t> keys);

// Exact encoded length, without encoding.
std::size_t encoded_size(const Descriptor& descriptor);

std::vector<std::uint8_t> encode_descriptor(const Descriptor& descriptor);

// Checks everything section 6 lists, in its order.
std::variant<Descriptor, DescriptorError> decode_descriptor(std::span<const std::uint8_t> bytes);

// The descriptor of network `index` of a loaded file, names included.
Descriptor descriptor_for(const NetworkFile& file, std::size_t index);

}  // namespace tessera
