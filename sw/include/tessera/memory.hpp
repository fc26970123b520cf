// Sparse byte-addressed memory for one node: pages are allocated on first
// write, unwritten bytes read as zero, so a node of gigabytes costs only what
// is touched.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <span>
#include <unordered_map>

namespace tessera {

class SparseMemory {
 public:
  static constexpr std::uint64_t kPageBytes = 64 * 1024;

  explicit SparseMemory(std::uint64_t size_bytes) : size_(size_bytes) {}

  std::uint64_t size() const { return size_; }
  void read(std::uint64_t addr, std::span<std::uint8_t> out) const;
  void write(std::uint64_t addr, std::span<const std::uint8_t> data);
  void fill(std::uint64_t addr, std::uint64_t length, std::uint8_t value);
  std::uint32_t crc32(std::uint64_t addr, std::uint64_t length) const;
  // Copies `length` bytes from `source` at `from` to this memory at `to`.
  void copy_from(const SparseMemory& source, std::uint64_t from, std::uint64_t to, std::uint64_t length);

 private:
  using Page = std::array<std::uint8_t, kPageBytes>;
  void check_range(std::uint64_t addr, std::uint64_t length) const;
  Page& page_for_write(std::uint64_t page_index);
  const Page* page_for_read(std::uint64_t page_index) const;

  std::uint64_t size_;
  std::unordered_map<std::uint64_t, std::unique_ptr<Page>> pages_;
};

}  // namespace tessera
