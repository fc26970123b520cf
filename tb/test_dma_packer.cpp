// tsr_dma_packer: random jobs (offsets, lengths, short and long deliveries,
// failed bytes, empty end markers) split into random source beats, with
// random stalls on every port, against a byte-level reference: every
// destination beat, strobe and last flag, and the bytes-delivered report.
#include <deque>
#include <vector>

#include "Vdma_packer_256.h"
#include "Vdma_packer_64.h"
#include "harness.hpp"

using tessera::tb::Harness;
using tessera::tb::Stalls;

namespace {

struct SourceBeat {
  std::vector<std::uint8_t> data;  // BeatBytes
  std::vector<bool> ok;
  unsigned lo = 0, hi = 0;
  bool job_end = false;
};

struct OutBeat {
  std::vector<std::uint8_t> data;
  std::vector<bool> strobe;
  bool last = false;
};

struct Job {
  unsigned offset = 0;
  std::uint64_t bytes = 0;
  std::uint64_t delivered = 0;
  std::vector<SourceBeat> beats;
  std::vector<OutBeat> expected;
};

Job random_job(tessera::Rng& rng, unsigned beat_bytes) {
  Job job;
  job.offset = static_cast<unsigned>(rng.below(beat_bytes));
  job.bytes = rng.chance(4) ? rng.between(1, 3 * beat_bytes) : rng.between(1, 40 * beat_bytes);
  job.delivered = job.bytes;
  if (rng.chance(8)) job.delivered = rng.below(job.bytes);             // short (maybe nothing)
  if (rng.chance(8)) job.delivered = job.bytes + rng.between(1, 100);  // long
  std::vector<std::uint8_t> stream(job.delivered);
  std::vector<bool> stream_ok(job.delivered);
  for (std::uint64_t i = 0; i < job.delivered; ++i) {
    stream[i] = static_cast<std::uint8_t>(rng.next());
    stream_ok[i] = !rng.chance(50);
  }
  for (std::uint64_t at = 0; at < job.delivered;) {
    SourceBeat beat;
    const unsigned n = static_cast<unsigned>(std::min<std::uint64_t>(rng.between(1, beat_bytes), job.delivered - at));
    beat.lo = static_cast<unsigned>(rng.below(beat_bytes - n + 1));
    beat.hi = beat.lo + n;
    beat.data.resize(beat_bytes);
    beat.ok.resize(beat_bytes);
    for (unsigned i = 0; i < beat_bytes; ++i) {
      const bool inside = i >= beat.lo && i < beat.hi;
      beat.data[i] = inside ? stream[at + i - beat.lo] : static_cast<std::uint8_t>(rng.next());
      beat.ok[i] = inside ? stream_ok[at + i - beat.lo] : rng.chance(2);
    }
    at += n;
    job.beats.push_back(beat);
  }
  if (job.beats.empty() || rng.chance(6)) {  // an end marker with no bytes
    SourceBeat marker;
    marker.data.assign(beat_bytes, 0);
    marker.ok.assign(beat_bytes, false);
    job.beats.push_back(marker);
  }
  job.beats.back().job_end = true;
  // Reference: the destination image.
  const std::uint64_t out_beats = (job.offset + job.bytes + beat_bytes - 1) / beat_bytes;
  for (std::uint64_t b = 0; b < out_beats; ++b) {
    OutBeat beat;
    beat.data.assign(beat_bytes, 0);
    beat.strobe.assign(beat_bytes, false);
    beat.last = b + 1 == out_beats;
    for (unsigned i = 0; i < beat_bytes; ++i) {
      const std::uint64_t position = b * beat_bytes + i;
      if (position < job.offset || position >= job.offset + job.bytes) continue;
      const std::uint64_t k = position - job.offset;
      if (k < job.delivered && stream_ok[k]) {
        beat.strobe[i] = true;
        beat.data[i] = stream[k];
      }
    }
    job.expected.push_back(beat);
  }
  return job;
}

template <class Model, class Wide>
void set_bytes(Wide& wide, const std::vector<std::uint8_t>& bytes) {
  for (std::size_t w = 0; w < bytes.size() / 4; ++w) {
    wide[w] = static_cast<std::uint32_t>(bytes[4 * w]) | static_cast<std::uint32_t>(bytes[4 * w + 1]) << 8 |
              static_cast<std::uint32_t>(bytes[4 * w + 2]) << 16 | static_cast<std::uint32_t>(bytes[4 * w + 3]) << 24;
  }
}

std::uint8_t byte_of(const VlWide<8>& wide, unsigned i) { return static_cast<std::uint8_t>(wide[i / 4] >> (8 * (i % 4))); }
std::uint8_t byte_of(const std::uint64_t& value, unsigned i) { return static_cast<std::uint8_t>(value >> (8 * i)); }
void set_data(VlWide<8>& wide, const std::vector<std::uint8_t>& bytes) { set_bytes<void>(wide, bytes); }
void set_data(std::uint64_t& value, const std::vector<std::uint8_t>& bytes) {
  value = 0;
  for (unsigned i = 0; i < 8; ++i) value |= static_cast<std::uint64_t>(bytes[i]) << (8 * i);
}
template <class Mask>
Mask mask_of(const std::vector<bool>& bits) {
  Mask mask = 0;
  for (std::size_t i = 0; i < bits.size(); ++i) mask |= static_cast<Mask>(bits[i] ? 1 : 0) << i;
  return mask;
}

template <class Model, class Mask>
void run(const std::string& name, unsigned beat_bytes, int job_count) {
  Harness<Model> h(name);
  Stalls job_stall(h.rng(), 30), beat_stall(h.rng(), 30), out_stall(h.rng(), 30), done_stall(h.rng(), 30);
  std::vector<Job> jobs;
  for (int j = 0; j < job_count; ++j) jobs.push_back(random_job(h.rng(), beat_bytes));
  h->job_valid_i = h->beat_valid_i = 0;
  h->out_ready_i = h->done_ready_i = 0;
  h.reset();
  std::size_t job_in = 0, beat_job = 0, beat_index = 0, out_job = 0, out_index = 0, done_job = 0;
  std::uint64_t out_beats = 0;
  const std::uint64_t start = h.cycle();
  while (done_job < jobs.size()) {
    if (!h->job_valid_i && job_in < jobs.size() && !job_stall.stall()) {
      h->job_valid_i = 1;
      h->job_offset_i = jobs[job_in].offset;
      h->job_bytes_i = jobs[job_in].bytes;
    }
    if (!h->beat_valid_i && beat_job < jobs.size() && !beat_stall.stall()) {
      const SourceBeat& beat = jobs[beat_job].beats[beat_index];
      h->beat_valid_i = 1;
      set_data(h->beat_data_i, beat.data);
      h->beat_ok_i = mask_of<Mask>(beat.ok);
      h->beat_lo_i = beat.lo;
      h->beat_hi_i = beat.hi;
      h->beat_job_end_i = beat.job_end;
    }
    h->out_ready_i = !out_stall.stall();
    h->done_ready_i = !done_stall.stall();
    h.settle();
    const bool job_taken = h->job_valid_i && h->job_ready_o;
    const bool beat_taken = h->beat_valid_i && h->beat_ready_o;
    if (job_taken) ++job_in;
    if (beat_taken) {
      if (++beat_index == jobs[beat_job].beats.size()) {
        ++beat_job;
        beat_index = 0;
      }
    }
    if (h->out_valid_o && h->out_ready_i) {
      REQUIRE(out_job < jobs.size());
      INFO("job " << out_job << " beat " << out_index << " offset " << jobs[out_job].offset << " bytes " << jobs[out_job].bytes
                  << " delivered " << jobs[out_job].delivered);
      const OutBeat& expected = jobs[out_job].expected[out_index];
      REQUIRE(static_cast<bool>(h->out_last_o) == expected.last);
      for (unsigned i = 0; i < beat_bytes; ++i) {
        INFO("lane " << i);
        const bool strobe = (static_cast<std::uint64_t>(h->out_strb_o) >> i) & 1;
        REQUIRE(strobe == expected.strobe[i]);
        if (strobe) REQUIRE(byte_of(h->out_data_o, i) == expected.data[i]);
      }
      ++out_beats;
      if (++out_index == jobs[out_job].expected.size()) {
        ++out_job;
        out_index = 0;
      }
    }
    if (h->done_valid_o && h->done_ready_i) {
      REQUIRE(done_job < out_job);  // reported after its output
      REQUIRE(h->done_bytes_o == jobs[done_job].delivered);
      ++done_job;
    }
    h.posedge();
    if (job_taken) h->job_valid_i = 0;
    if (beat_taken) h->beat_valid_i = 0;
    REQUIRE_FALSE(h.assertion_failed());
    if (h.cycle() - start > 200000) {
      FAIL("stuck: job_in " << job_in << " beat_job " << beat_job << "/" << beat_index << " out_job " << out_job << "/" << out_index
           << " done " << done_job << " job " << jobs[done_job].offset << "+" << jobs[done_job].bytes << " delivered " << jobs[done_job].delivered
           << " beats " << jobs[done_job].beats.size() << " expected " << jobs[done_job].expected.size());
    }
  }
  CHECK(out_job == jobs.size());
  UNSCOPED_INFO(out_beats << " destination beats in " << h.cycle() - start << " cycles");
}

// Throughput: with no stalls, a long job of aligned full beats moves one beat per cycle.
template <class Model, class Mask>
void throughput(const std::string& name, unsigned beat_bytes) {
  Harness<Model> h(name);
  h->out_ready_i = 1;
  h->done_ready_i = 1;
  h->job_valid_i = 0;
  h->beat_valid_i = 0;
  h.reset();
  const unsigned beats = 1000;
  h->job_valid_i = 1;
  h->job_offset_i = 3;
  h->job_bytes_i = beats * beat_bytes;
  h.posedge();
  h->job_valid_i = 0;
  std::vector<std::uint8_t> data(beat_bytes, 0x5a);
  set_data(h->beat_data_i, data);
  h->beat_ok_i = static_cast<Mask>(~Mask{0});
  h->beat_lo_i = 0;
  h->beat_hi_i = beat_bytes;
  unsigned sent = 0, received = 0;
  const std::uint64_t start = h.cycle();
  while (received < beats + 1) {
    h->beat_valid_i = sent < beats;
    h->beat_job_end_i = sent + 1 == beats;
    h.settle();
    sent += h->beat_valid_i && h->beat_ready_o;
    received += h->out_valid_o;
    h.posedge();
    REQUIRE(h.cycle() - start < 2 * beats);
  }
  CHECK(h.cycle() - start <= beats + 2);
}

}  // namespace

TEST_CASE("packer 256-bit: random jobs against the byte reference", "[packer]") { run<Vdma_packer_256, std::uint32_t>("packer 256", 32, 2000); }
TEST_CASE("packer 64-bit: random jobs against the byte reference", "[packer]") { run<Vdma_packer_64, std::uint8_t>("packer 64", 8, 2000); }
TEST_CASE("packer 256-bit: one beat per cycle", "[packer]") { throughput<Vdma_packer_256, std::uint32_t>("packer rate", 32); }
