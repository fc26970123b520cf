// Binary network descriptor encoder and checking decoder (docs/spec.md
// section 6).
#include "tessera/descriptor.hpp"

#include <cstring>
#include <set>

#include <fmt/format.h>

#include "tessera/bytes.hpp"
#include "tessera/crc32.hpp"
#include "tessera/network_file.hpp"
#include "tessera/tile_key.hpp"

namespace tessera {

namespace {

std::size_t pad8(std::size_t bytes) { return (bytes + 7) / 8 * 8; }

std::size_t record_size(const DescriptorLayer& layer) {
  return kLayerHeaderBytes + 8 * layer.keys.size() + pad8(2 * layer.inputs.size());
}

std::size_t strings_size(const Descriptor& descriptor) {
  std::size_t size = 0;
  for (const auto& [id, text] : descriptor.names) size += 8 + pad8(text.size());
  return size;
}

std::uint64_t get(std::span<const std::uint8_t> bytes, std::size_t offset, std::size_t width) { return load_le(bytes, offset, width); }

bool all_zero(std::span<const std::uint8_t> bytes) {
  for (const auto byte : bytes) {
    if (byte != 0) return false;
  }
  return true;
}

DescriptorError format_error(std::optional<std::uint16_t> layer, std::string message) {
  return {ErrorCode::desc_format, layer, "DESC_FORMAT: " + std::move(message)};
}

}  // namespace

std::uint32_t layer_signature(std::span<const std::uint64_t> keys) {
  std::uint32_t crc = 0;
  for (const std::uint64_t key : keys) {
    std::uint8_t word[8];
    store_le(word, 0, key, 8);
    crc = crc32(word, crc);
  }
  return crc;
}

std::size_t encoded_size(const Descriptor& descriptor) {
  std::size_t size = kDescriptorHeaderBytes + strings_size(descriptor);
  for (const auto& layer : descriptor.layers) size += record_size(layer);
  return size;
}

std::vector<std::uint8_t> encode_descriptor(const Descriptor& descriptor) {
  const std::size_t total = encoded_size(descriptor);
  std::vector<std::uint8_t> bytes(total, 0);
  auto put = [&](std::size_t offset, std::uint64_t value, std::size_t width) { store_le(bytes, offset, value, width); };
  put(0, kDescriptorMagic, 4);
  put(4, kDescriptorVersion, 2);
  put(6, descriptor.layers.size(), 2);
  put(8, total, 4);
  put(16, descriptor.network_id, 4);
  std::size_t offset = kDescriptorHeaderBytes;
  for (const auto& layer : descriptor.layers) {
    put(offset, layer.id, 4);
    put(offset + 4, layer.node ? 1 : 0, 1);
    put(offset + 5, layer.node.value_or(0), 1);
    put(offset + 6, layer.inputs.size(), 2);
    put(offset + 8, layer.keys.size(), 4);
    put(offset + 12, layer_signature(layer.keys), 4);
    put(offset + 16, layer.bytes, 8);
    std::size_t at = offset + kLayerHeaderBytes;
    for (const std::uint64_t key : layer.keys) {
      put(at, key, 8);
      at += 8;
    }
    for (const std::uint16_t input : layer.inputs) {
      put(at, input, 2);
      at += 2;
    }
    offset += record_size(layer);
  }
  if (!descriptor.names.empty()) {
    put(20, offset, 4);
    for (const auto& [id, text] : descriptor.names) {
      put(offset, id, 4);
      put(offset + 4, text.size(), 4);
      std::memcpy(bytes.data() + offset + 8, text.data(), text.size());
      offset += 8 + pad8(text.size());
    }
  }
  put(12, crc32(std::span(bytes).subspan(16)), 4);
  return bytes;
}

std::variant<Descriptor, DescriptorError> decode_descriptor(std::span<const std::uint8_t> bytes) {
  if (bytes.size() >= 4 && get(bytes, 0, 4) != kDescriptorMagic) {
    return DescriptorError{ErrorCode::desc_magic, std::nullopt,
                           fmt::format("DESC_MAGIC: magic 0x{:08x}, expected 0x{:08x}", get(bytes, 0, 4), kDescriptorMagic)};
  }
  if (bytes.size() < kDescriptorHeaderBytes) {
    return DescriptorError{ErrorCode::desc_length, std::nullopt,
                           fmt::format("DESC_LENGTH: {} bytes, shorter than the {}-byte header", bytes.size(), kDescriptorHeaderBytes)};
  }
  const std::size_t total = get(bytes, 8, 4);
  if (total < kDescriptorHeaderBytes || total % 8 != 0 || total > bytes.size()) {
    return DescriptorError{ErrorCode::desc_length, std::nullopt,
                           fmt::format("DESC_LENGTH: total length {} (buffer {} bytes; needs >= 32, a multiple of 8)", total, bytes.size())};
  }
  if (const auto version = get(bytes, 4, 2); version != kDescriptorVersion) {
    return DescriptorError{ErrorCode::desc_version, std::nullopt,
                           fmt::format("DESC_VERSION: version {}, expected {}", version, kDescriptorVersion)};
  }
  bytes = bytes.first(total);
  const std::uint32_t stored_crc = static_cast<std::uint32_t>(get(bytes, 12, 4));
  if (const std::uint32_t crc = crc32(bytes.subspan(16)); crc != stored_crc) {
    return DescriptorError{ErrorCode::desc_crc, std::nullopt,
                           fmt::format("DESC_CRC: stored 0x{:08x}, computed 0x{:08x}", stored_crc, crc)};
  }

  Descriptor descriptor;
  descriptor.network_id = static_cast<std::uint32_t>(get(bytes, 16, 4));
  const std::size_t layer_count = get(bytes, 6, 2);
  const std::size_t strings_offset = get(bytes, 20, 4);
  const std::size_t records_end = strings_offset == 0 ? total : strings_offset;
  if (layer_count == 0) return format_error(std::nullopt, "layer count 0");
  if (!all_zero(bytes.subspan(24, 8))) return format_error(std::nullopt, "reserved header bytes not zero");
  if (strings_offset != 0 && (strings_offset % 8 != 0 || strings_offset > total || strings_offset < kDescriptorHeaderBytes)) {
    return format_error(std::nullopt, fmt::format("strings offset {} outside the descriptor", strings_offset));
  }

  std::size_t offset = kDescriptorHeaderBytes;
  for (std::size_t index = 0; index < layer_count; ++index) {
    const auto layer_index = static_cast<std::uint16_t>(index);
    if (offset + kLayerHeaderBytes > records_end) return format_error(layer_index, "layer record runs past the records");
    DescriptorLayer layer;
    layer.id = static_cast<std::uint32_t>(get(bytes, offset, 4));
    const auto flags = get(bytes, offset + 4, 1);
    const auto node = static_cast<std::uint8_t>(get(bytes, offset + 5, 1));
    const std::size_t input_count = get(bytes, offset + 6, 2);
    const std::size_t tile_count = get(bytes, offset + 8, 4);
    const auto signature = static_cast<std::uint32_t>(get(bytes, offset + 12, 4));
    layer.bytes = get(bytes, offset + 16, 8);
    if ((flags & ~1u) != 0) return format_error(layer_index, fmt::format("unknown flag bits 0x{:02x}", flags));
    if ((flags & 1u) != 0) {
      layer.node = node;
    } else if (node != 0) {
      return format_error(layer_index, "node set on a layer that is not pinned");
    }
    if (tile_count == 0) return format_error(layer_index, "tile count 0");
    if (layer.bytes == 0) return format_error(layer_index, "layer bytes 0");
    const std::size_t size = kLayerHeaderBytes + 8 * tile_count + pad8(2 * input_count);
    if (size > records_end - offset) return format_error(layer_index, "layer record runs past the records");
    std::size_t at = offset + kLayerHeaderBytes;
    for (std::size_t t = 0; t < tile_count; ++t, at += 8) {
      const std::uint64_t key = get(bytes, at, 8);
      if ((key >> 48) != 0) return format_error(layer_index, fmt::format("tile {}: key bits 63:48 not zero", t));
      if (!is_valid_dtype_code(key_dtype_code(key))) {
        return format_error(layer_index, fmt::format("tile {}: invalid dtype code {}", t, key_dtype_code(key)));
      }
      layer.keys.push_back(key);
    }
    for (std::size_t i = 0; i < input_count; ++i, at += 2) {
      const auto input = static_cast<std::uint16_t>(get(bytes, at, 2));
      if (input >= index) return format_error(layer_index, fmt::format("input {} is not an earlier layer", input));
      layer.inputs.push_back(input);
    }
    if (!all_zero(bytes.subspan(at, offset + size - at))) return format_error(layer_index, "padding not zero");
    if (layer_signature(layer.keys) != signature) return format_error(layer_index, "wrong signature");
    descriptor.layers.push_back(std::move(layer));
    offset += size;
  }
  if (offset != records_end) return format_error(std::nullopt, fmt::format("{} bytes after the last record", records_end - offset));

  for (offset = records_end; offset < total;) {
    if (total - offset < 8) return format_error(std::nullopt, "truncated strings section");
    const auto id = static_cast<std::uint32_t>(get(bytes, offset, 4));
    const std::size_t length = get(bytes, offset + 4, 4);
    if (pad8(length) > total - offset - 8) return format_error(std::nullopt, "string runs past the end");
    const auto text = bytes.subspan(offset + 8, length);
    if (!all_zero(bytes.subspan(offset + 8 + length, pad8(length) - length))) return format_error(std::nullopt, "string padding not zero");
    descriptor.names.emplace_back(id, std::string(text.begin(), text.end()));
    offset += 8 + pad8(length);
  }
  if (strings_offset != 0 && descriptor.names.empty()) return format_error(std::nullopt, "empty strings section");
  return descriptor;
}

Descriptor descriptor_for(const NetworkFile& file, std::size_t index) {
  const NetworkSpec& network = file.networks.at(index);
  Descriptor descriptor;
  descriptor.network_id = network.id;
  std::set<std::uint32_t> named;
  auto add_name = [&](std::uint32_t id, const std::string& text) {
    if (named.insert(id).second) descriptor.names.emplace_back(id, text);
  };
  add_name(network.id, network.name);
  for (const auto& layer : network.layers) add_name(layer.id, layer.name);
  for (const auto& spec : network.layers) {
    DescriptorLayer layer;
    layer.id = spec.id;
    if (spec.node) layer.node = static_cast<std::uint8_t>(*spec.node);
    layer.bytes = spec.bytes;
    layer.inputs = spec.inputs;
    for (const std::size_t tile : spec.tiles) {
      layer.keys.push_back(file.tiles[tile].key_value);
      add_name(key_layer_id(file.tiles[tile].key_value), file.tiles[tile].key.layer);
    }
    descriptor.layers.push_back(std::move(layer));
  }
  return descriptor;
}

}  // namespace tessera
