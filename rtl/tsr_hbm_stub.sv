// tsr_hbm_stub: simulation model of one memory node (an HBM pseudo-channel
// behind its controller) as an AXI4 slave. Simulation only: it keeps
// scoreboard state in queues and reaches the testbench through DPI-C
// (tb/common/hbm_memory.cpp). There the node's storage is a sparse memory,
// which is also the testbench's back door, so a node of gigabytes costs only
// the pages touched; the timing settings, the error ranges and the seeded
// random backpressure come from there too and may change at run time.
//
// Behaviour (settings: HbmConfig in tb/common/hbm_memory.hpp, read every cycle):
//   - a read's first beat is ready read_latency cycles after its AR is
//     accepted, plus row_miss_penalty when the access opens a new row in its
//     bank (bank: address bits [RowBytesLog2 +: BankBits]; row: the bits
//     above); then one beat per cycle; reads are served in order of arrival
//     (so in order per ID);
//   - a write's B is ready write_latency cycles (plus the row-miss penalty)
//     after its last W beat; W data is taken for the oldest AW (a W beat is
//     not accepted before its AW);
//   - every refresh_period cycles the channel stops for refresh_duration
//     cycles: no request accepted, no beat moved;
//   - at most max_outstanding reads (AR accepted, last R beat not yet sent)
//     and as many writes (AW accepted, B not yet sent);
//   - seeded random backpressure: AR/AW/W ready low ready_stall_percent of the
//     cycles, R/B valid held back valid_gap_percent of the cycles;
//   - responses: DECERR beyond the node's size, SLVERR or DECERR inside a
//     configured error range (reads return zero data there, writes are
//     dropped), else OKAY.
// Bursts must be INCR with full-width beats (tsr_axi_assert checks masters).
module tsr_hbm_stub #(
  parameter int DataWidth    = 256,
  parameter int NodeIndex    = 0,
  parameter int BankBits     = 4,
  parameter int RowBytesLog2 = 11,
  localparam int StrbWidth = DataWidth / 8
) (
  input  logic                   clk_i,
  input  logic                   rst_ni,
  input  tessera_pkg::axi_ax_t   ar_i,
  input  logic                   ar_valid_i,
  output logic                   ar_ready_o,
  output tessera_pkg::axi_r_t    r_o,
  output logic [DataWidth-1:0]   r_data_o,
  output logic                   r_valid_o,
  input  logic                   r_ready_i,
  input  tessera_pkg::axi_ax_t   aw_i,
  input  logic                   aw_valid_i,
  output logic                   aw_ready_o,
  input  logic [DataWidth-1:0]   w_data_i,
  input  logic [StrbWidth-1:0]   w_strb_i,
  input  logic                   w_last_i,
  input  logic                   w_valid_i,
  output logic                   w_ready_o,
  output tessera_pkg::axi_b_t    b_o,
  output logic                   b_valid_o,
  input  logic                   b_ready_i
);
  if (DataWidth != 64 && DataWidth != 128 && DataWidth != 256 && DataWidth != 512) begin : gen_width_check
    $error("tsr_hbm_stub: DataWidth must be 64, 128, 256 or 512");
  end

`ifndef SYNTHESIS
  localparam int BeatBytes = DataWidth / 8;
  localparam int NumBanks  = 1 << BankBits;

  // The testbench side. Storage: `bytes` bytes at `addr` of node `node`; a
  // write touches only the bytes whose strobe is set. tsr_hbm_resp: the AXI
  // response for a beat at `addr`. tsr_hbm_percent: the next number 0..99 of
  // the node's seeded random stream.
  import "DPI-C" function void tsr_hbm_read(input int node, input longint addr, input int bytes,
                                            output bit [DataWidth-1:0] data);
  import "DPI-C" function void tsr_hbm_write(input int node, input longint addr, input int bytes,
                                             input bit [DataWidth-1:0] data, input bit [StrbWidth-1:0] strobe);
  import "DPI-C" function int tsr_hbm_resp(input int node, input longint addr);
  import "DPI-C" function int tsr_hbm_percent(input int node);
  import "DPI-C" function void tsr_hbm_timing(input int node, output int read_latency, output int write_latency,
                                              output int row_miss_penalty, output int refresh_period,
                                              output int refresh_duration, output int max_outstanding,
                                              output int ready_stall_percent, output int valid_gap_percent);

  typedef struct {
    tessera_pkg::axi_ax_t ax;
    longint               ready_at;  // cycle the first beat (read) or B (write) may go
    int unsigned          beat;      // beats done
    logic [1:0]           resp;      // write: worst response of its beats
  } burst_t;

  burst_t reads [$];      // accepted, not fully returned
  burst_t writes [$];     // accepted, data not complete
  burst_t responses [$];  // data complete, B not sent
  longint cycle;
  longint open_row [NumBanks];
  int     read_latency, write_latency, row_miss_penalty, refresh_period, refresh_duration;
  int     max_outstanding, ready_stall_percent, valid_gap_percent;

  function automatic bit in_refresh(input longint at);
    in_refresh = refresh_period > 0 && (at % longint'(refresh_period)) < longint'(refresh_duration);
  endfunction

  // Extra latency for opening a new row; updates the bank's open row.
  function automatic longint row_penalty(input logic [63:0] addr);
    logic [BankBits-1:0] bank;
    longint              row;
    bank = addr[RowBytesLog2 +: BankBits];
    row = longint'(addr >> (RowBytesLog2 + BankBits));
    row_penalty = open_row[bank] == row ? 0 : longint'(row_miss_penalty);
    open_row[bank] = row;
  endfunction

  function automatic logic [63:0] beat_addr(input burst_t burst);
    beat_addr = burst.ax.addr + 64'(burst.beat) * 64'(BeatBytes);
  endfunction

  function automatic logic [1:0] resp_at(input logic [63:0] addr);
    resp_at = 2'(tsr_hbm_resp(NodeIndex, longint'(addr)));
  endfunction

  always @(posedge clk_i or negedge rst_ni) begin : model
    automatic bit                 blocked;
    automatic bit                 stall_ready;
    automatic bit                 gap;
    automatic bit [DataWidth-1:0] data;
    automatic logic [63:0]        addr;
    automatic logic [1:0]         resp;
    automatic burst_t             burst;
    if (!rst_ni) begin
      reads.delete();
      writes.delete();
      responses.delete();
      foreach (open_row[i]) open_row[i] = -1;
      cycle = 0;
      ar_ready_o <= 1'b0;
      aw_ready_o <= 1'b0;
      w_ready_o  <= 1'b0;
      r_valid_o  <= 1'b0;
      b_valid_o  <= 1'b0;
      r_o        <= '0;
      r_data_o   <= '0;
      b_o        <= '0;
    end else begin
      // Handshakes of the cycle that ends now.
      if (ar_valid_i && ar_ready_o) begin
        burst.ax = ar_i;
        burst.ready_at = cycle + longint'(read_latency) + row_penalty(ar_i.addr);
        burst.beat = 0;
        burst.resp = tessera_pkg::AxiRespOkay;
        reads.push_back(burst);
      end
      if (r_valid_o && r_ready_i) begin
        if (r_o.last) void'(reads.pop_front());
        else reads[0].beat += 1;
      end
      if (aw_valid_i && aw_ready_o) begin
        burst.ax = aw_i;
        burst.ready_at = 0;
        burst.beat = 0;
        burst.resp = tessera_pkg::AxiRespOkay;
        writes.push_back(burst);
      end
      if (w_valid_i && w_ready_o) begin
        addr = beat_addr(writes[0]);
        resp = resp_at(addr);
        if (resp == tessera_pkg::AxiRespOkay) tsr_hbm_write(NodeIndex, longint'(addr), BeatBytes, w_data_i, w_strb_i);
        if (resp > writes[0].resp) writes[0].resp = resp;
        writes[0].beat += 1;
        if (w_last_i) begin
          writes[0].ready_at = cycle + longint'(write_latency) + row_penalty(writes[0].ax.addr);
          responses.push_back(writes.pop_front());
        end
      end
      if (b_valid_o && b_ready_i) void'(responses.pop_front());

      // What the next cycle offers.
      cycle = cycle + 1;
      tsr_hbm_timing(NodeIndex, read_latency, write_latency, row_miss_penalty, refresh_period, refresh_duration,
                     max_outstanding, ready_stall_percent, valid_gap_percent);
      blocked = in_refresh(cycle);
      stall_ready = tsr_hbm_percent(NodeIndex) < ready_stall_percent;
      gap = tsr_hbm_percent(NodeIndex) < valid_gap_percent;

      ar_ready_o <= !blocked && !stall_ready && reads.size() < max_outstanding;
      aw_ready_o <= !blocked && !stall_ready && writes.size() + responses.size() < max_outstanding;
      w_ready_o  <= !blocked && !stall_ready && writes.size() > 0;

      // The beat or response on offer is always the oldest: it leaves its
      // queue on its handshake, and stays put (valid held) until then.
      if (!r_valid_o || r_ready_i) begin
        r_valid_o <= 1'b0;
        if (reads.size() > 0 && cycle >= reads[0].ready_at && !blocked && !gap) begin
          addr = beat_addr(reads[0]);
          resp = resp_at(addr);
          data = '0;
          if (resp == tessera_pkg::AxiRespOkay) tsr_hbm_read(NodeIndex, longint'(addr), BeatBytes, data);
          r_valid_o <= 1'b1;
          r_data_o  <= data;
          r_o       <= '{id: reads[0].ax.id, resp: resp, last: reads[0].beat == int'(reads[0].ax.len)};
        end
      end
      if (!b_valid_o || b_ready_i) begin
        b_valid_o <= 1'b0;
        if (responses.size() > 0 && cycle >= responses[0].ready_at && !blocked && !gap) begin
          b_valid_o <= 1'b1;
          b_o       <= '{id: responses[0].ax.id, resp: responses[0].resp};
        end
      end
    end
  end
`else
  // Simulation only: a synthesis read of this file gets an idle slave.
  assign ar_ready_o = 1'b0;
  assign aw_ready_o = 1'b0;
  assign w_ready_o  = 1'b0;
  assign r_valid_o  = 1'b0;
  assign b_valid_o  = 1'b0;
  assign r_o        = '0;
  assign r_data_o   = '0;
  assign b_o        = '0;
`endif
endmodule
