// Sparse node memory: 64 KiB pages allocated on first write.
#include "tessera/memory.hpp"

#include <algorithm>
#include <cstring>
#include <stdexcept>
#include <vector>

#include <fmt/format.h>

#include "tessera/crc32.hpp"

namespace tessera {

namespace {
// Calls visit(page_index, offset_in_page, chunk_length, done_so_far) for each
// page-sized piece of [addr, addr + length).
template <typename Visit>
void for_each_chunk(std::uint64_t addr, std::uint64_t length, Visit visit) {
  std::uint64_t done = 0;
  while (done < length) {
    const std::uint64_t at = addr + done;
    const std::uint64_t offset = at % SparseMemory::kPageBytes;
    const std::uint64_t chunk = std::min(length - done, SparseMemory::kPageBytes - offset);
    visit(at / SparseMemory::kPageBytes, offset, chunk, done);
    done += chunk;
  }
}
}  // namespace

void SparseMemory::check_range(std::uint64_t addr, std::uint64_t length) const {
  if (addr > size_ || length > size_ - addr) {
    throw std::out_of_range(fmt::format("memory access [0x{:x}, +{}) outside a node of {} bytes", addr, length, size_));
  }
}

SparseMemory::Page& SparseMemory::page_for_write(std::uint64_t page_index) {
  auto& page = pages_[page_index];
  if (!page) page = std::make_unique<Page>(Page{});
  return *page;
}

const SparseMemory::Page* SparseMemory::page_for_read(std::uint64_t page_index) const {
  const auto it = pages_.find(page_index);
  return it == pages_.end() ? nullptr : it->second.get();
}

void SparseMemory::read(std::uint64_t addr, std::span<std::uint8_t> out) const {
  check_range(addr, out.size());
  for_each_chunk(addr, out.size(), [&](std::uint64_t index, std::uint64_t offset, std::uint64_t chunk, std::uint64_t done) {
    const Page* page = page_for_read(index);
    if (page) {
      std::memcpy(out.data() + done, page->data() + offset, chunk);
    } else {
      std::memset(out.data() + done, 0, chunk);
    }
  });
}

void SparseMemory::write(std::uint64_t addr, std::span<const std::uint8_t> data) {
  check_range(addr, data.size());
  for_each_chunk(addr, data.size(), [&](std::uint64_t index, std::uint64_t offset, std::uint64_t chunk, std::uint64_t done) {
    std::memcpy(page_for_write(index).data() + offset, data.data() + done, chunk);
  });
}

void SparseMemory::fill(std::uint64_t addr, std::uint64_t length, std::uint8_t value) {
  check_range(addr, length);
  for_each_chunk(addr, length, [&](std::uint64_t index, std::uint64_t offset, std::uint64_t chunk, std::uint64_t) {
    if (value == 0 && !page_for_read(index)) return;  // already zero
    std::memset(page_for_write(index).data() + offset, value, chunk);
  });
}

std::uint32_t SparseMemory::crc32(std::uint64_t addr, std::uint64_t length) const {
  check_range(addr, length);
  static const Page zero_page{};
  std::uint32_t crc = 0;
  for_each_chunk(addr, length, [&](std::uint64_t index, std::uint64_t offset, std::uint64_t chunk, std::uint64_t) {
    const Page* page = page_for_read(index);
    crc = tessera::crc32(std::span((page ? *page : zero_page).data() + offset, chunk), crc);
  });
  return crc;
}

void SparseMemory::copy_from(const SparseMemory& source, std::uint64_t from, std::uint64_t to, std::uint64_t length) {
  source.check_range(from, length);
  check_range(to, length);
  std::vector<std::uint8_t> buffer(std::min<std::uint64_t>(length, kPageBytes));
  for (std::uint64_t done = 0; done < length;) {
    const std::uint64_t chunk = std::min<std::uint64_t>(length - done, buffer.size());
    const std::span piece(buffer.data(), chunk);
    source.read(from + done, piece);
    write(to + done, piece);
    done += chunk;
  }
}

}  // namespace tessera
