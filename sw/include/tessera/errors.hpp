// Error codes of assembly (docs/spec.md section 11) and the exception the
// network-file loader throws for a bad file (section 2.6).
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

namespace tessera {

enum class ErrorCode : std::uint8_t {
  ok = 0,
  desc_magic = 1,
  desc_version = 2,
  desc_length = 3,
  desc_crc = 4,
  desc_format = 5,
  tile_missing = 6,
  tile_access = 7,
  no_memory = 8,
  layer_conflict = 9,
  layer_size = 10,
  bad_node = 11,
  table_full = 12,
  bus_error = 13,
};

inline constexpr int kErrorCodeCount = 14;

// Upper-case name as in the spec, e.g. "TILE_ACCESS".
std::string_view error_name(ErrorCode code);

// A position in a source file, 1-based.
struct SourcePos {
  int line = 0;
  int column = 0;
};

// A bad network file: what() is "FILE:LINE:COL: error: MESSAGE".
class FileError : public std::runtime_error {
 public:
  FileError(std::string file, SourcePos pos, std::string message);
  const std::string& file() const { return file_; }
  SourcePos pos() const { return pos_; }
  const std::string& message() const { return message_; }

 private:
  std::string file_;
  SourcePos pos_;
  std::string message_;
};

}  // namespace tessera
