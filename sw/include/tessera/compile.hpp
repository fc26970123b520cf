// `tessera compile` and `tessera decode` (docs/spec.md section 12): the
// binary descriptors, node images and manifest of a network file, and a
// readable listing of a descriptor.
#pragma once

#include <filesystem>
#include <string>

#include "tessera/descriptor.hpp"
#include "tessera/network_file.hpp"

namespace tessera {

// Writes manifest.json, <network>.tdesc and node<N>.bin into `dir`
// (created if missing). Throws std::runtime_error on I/O failure.
void write_compiled(const NetworkFile& file, const std::filesystem::path& dir);

std::string descriptor_text(const Descriptor& descriptor, std::size_t encoded_bytes);

}  // namespace tessera
