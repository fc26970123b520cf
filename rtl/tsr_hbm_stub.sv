// tsr_hbm_stub: simulation model of one memory node (an HBM pseudo-channel
// behind its controller) as an AXI4 slave. Simulation only: it keeps
// scoreboard state in queues and reaches the testbench through DPI-C
// (tb/common/hbm_memory.cpp). There the node's storage is a sparse memory,
// which is also the testbench's back door, so a node of gigabytes costs only
// the pages touched; the timing settings, the error ranges and the seeded
// random backpressure come from there too and may change at run time.
//
// Behaviour (settings: HbmConfig in tb/common/hbm_memory.hpp, taken at the
// first clock edge after they change and applied to what is accepted at the
// edges after it; one DPI-C call per cycle asks for the settings' version
// and the random draws, so an idle stub costs little):
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
//     and as many writes (AW accepted, B not yet sent), and never more than
//     the MaxOutstanding the stub is built with;
//   - seeded random backpressure: AR/AW/W ready low ready_stall_percent of the
//     cycles, R/B valid held back valid_gap_percent of the cycles;
//   - responses: DECERR beyond the node's size, SLVERR or DECERR inside a
//     configured error range (reads return zero data there, writes are
//     dropped), else OKAY.
// Bursts must be INCR with full-width beats (tsr_axi_assert checks masters).
module tsr_hbm_stub #(
  parameter int DataWidth      = 256,
  parameter int NodeIndex      = 0,
  parameter int BankBits       = 4,
  parameter int RowBytesLog2   = 11,
  parameter int MaxOutstanding = 256,
  localparam int StrbWidth = DataWidth / 8
) (
  input  logic                   clk_i,
  input  logic                   rst_ni,
  // Only the address, length and ID of a request are used: bursts are INCR
  // of full-width beats (checked by tsr_axi_assert), a write ends at WLAST.
  /* verilator lint_off UNUSEDSIGNAL */
  input  tessera_pkg::axi_ax_t   ar_i,
  input  logic                   ar_valid_i,
  output logic                   ar_ready_o,
  output tessera_pkg::axi_r_t    r_o,
  output logic [DataWidth-1:0]   r_data_o,
  output logic                   r_valid_o,
  input  logic                   r_ready_i,
  input  tessera_pkg::axi_ax_t   aw_i,
  /* verilator lint_on UNUSEDSIGNAL */
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
  if (MaxOutstanding < 1) begin : gen_outstanding_check
    $error("tsr_hbm_stub: MaxOutstanding must be at least 1");
  end

`ifndef SYNTHESIS
  localparam int BeatBytes = DataWidth / 8;
  localparam int NumBanks  = 1 << BankBits;
  localparam int IdWidth   = tessera_pkg::AxiIdWidth;
  localparam int RingBits  = MaxOutstanding > 1 ? $clog2(MaxOutstanding) : 1;

  typedef logic [RingBits-1:0] ring_t;  // a place in one of the rings

  // The testbench side. tsr_hbm_read / tsr_hbm_write: a beat of `bytes`
  // bytes at `addr` of node `node`; both return the beat's AXI response and
  // touch the storage only for OKAY (a read returns zero data otherwise, a
  // write stores only the bytes whose strobe is set). tsr_hbm_tick, once per
  // cycle: the settings' version (bits 63:16; it changes whenever they are
  // replaced) and the next two numbers 0..99 of the node's seeded random
  // stream, for the ready stall (bits 7:0) and the valid gap (15:8) of the
  // coming cycle (no draw, both 0, while both percentages are 0).
  // tsr_hbm_settings: the settings, read when their version changes.
  import "DPI-C" function int tsr_hbm_read(input int node, input longint addr, input int bytes,
                                           output bit [DataWidth-1:0] data);
  import "DPI-C" function int tsr_hbm_write(input int node, input longint addr, input int bytes,
                                            input bit [DataWidth-1:0] data, input bit [StrbWidth-1:0] strobe);
  import "DPI-C" function longint tsr_hbm_tick(input int node);
  import "DPI-C" function void tsr_hbm_settings(input int node, output int read_latency, output int write_latency,
                                                output int row_miss_penalty, output int refresh_period,
                                                output int refresh_duration, output int max_outstanding,
                                                output int ready_stall_percent, output int valid_gap_percent);

  // Reads accepted and not fully returned, in order of arrival (a ring);
  // only the oldest is being returned, read_beat of its beats are sent.
  logic [63:0]            read_addr [MaxOutstanding];
  logic [7:0]             read_len [MaxOutstanding];
  logic [IdWidth-1:0]     read_id [MaxOutstanding];
  longint                 read_ready_at [MaxOutstanding];  // cycle the first beat may go
  ring_t                  read_first;
  int unsigned            read_count, read_beat;
  // Writes accepted whose data is not complete; data goes to the oldest,
  // write_beat of its beats taken so far, write_resp the worst response.
  logic [63:0]            write_addr [MaxOutstanding];
  logic [IdWidth-1:0]     write_id [MaxOutstanding];
  ring_t                  write_first;
  int unsigned            write_count, write_beat;
  logic [1:0]             write_resp;
  // Writes with complete data whose B is not sent.
  logic [IdWidth-1:0]     resp_id [MaxOutstanding];
  logic [1:0]             resp_code [MaxOutstanding];
  longint                 resp_ready_at [MaxOutstanding];  // cycle the B may go
  ring_t                  resp_first;
  int unsigned            resp_count;

  longint        cycle;
  longint        open_row [NumBanks];
  logic [47:0]   settings_version;  // of the settings below (0: none read)
  int            read_latency, write_latency, row_miss_penalty, refresh_period, refresh_duration;
  int            max_outstanding, ready_stall_percent, valid_gap_percent;

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

  // The place `offset` after `first` (offset < MaxOutstanding).
  function automatic ring_t ring_at(input ring_t first, input int unsigned offset);
    int unsigned at;
    at = int'(first) + offset;
    ring_at = ring_t'(at >= MaxOutstanding ? at - MaxOutstanding : at);
  endfunction

  always @(posedge clk_i or negedge rst_ni) begin : model
    automatic logic [63:0]        tick;
    automatic bit                 blocked;
    automatic bit                 stall_ready;
    automatic bit                 gap;
    automatic bit [DataWidth-1:0] data;
    automatic logic [63:0]        addr;
    automatic logic [1:0]         resp;
    automatic ring_t              slot;
    automatic int unsigned        limit;
    if (!rst_ni) begin
      read_first  = '0;
      read_count  = 0;
      read_beat   = 0;
      write_first = '0;
      write_count = 0;
      write_beat  = 0;
      write_resp  = tessera_pkg::AxiRespOkay;
      resp_first  = '0;
      resp_count  = 0;
      foreach (open_row[i]) open_row[i] = -1;
      cycle = 0;
      settings_version = '0;
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
        slot = ring_at(read_first, read_count);
        read_addr[slot]     = ar_i.addr;
        read_len[slot]      = ar_i.len;
        read_id[slot]       = ar_i.id;
        read_ready_at[slot] = cycle + longint'(read_latency) + row_penalty(ar_i.addr);
        read_count = read_count + 1;
      end
      if (r_valid_o && r_ready_i) begin
        if (r_o.last) begin
          read_first = ring_at(read_first, 1);
          read_count = read_count - 1;
          read_beat  = 0;
        end else begin
          read_beat = read_beat + 1;
        end
      end
      if (aw_valid_i && aw_ready_o) begin
        slot = ring_at(write_first, write_count);
        write_addr[slot] = aw_i.addr;
        write_id[slot]   = aw_i.id;
        write_count = write_count + 1;
      end
      if (w_valid_i && w_ready_o) begin
        addr = write_addr[write_first] + 64'(write_beat) * 64'(BeatBytes);
        resp = 2'(tsr_hbm_write(NodeIndex, longint'(addr), BeatBytes, w_data_i, w_strb_i));
        if (resp > write_resp) write_resp = resp;
        write_beat = write_beat + 1;
        if (w_last_i) begin
          slot = ring_at(resp_first, resp_count);
          resp_id[slot]       = write_id[write_first];
          resp_code[slot]     = write_resp;
          resp_ready_at[slot] = cycle + longint'(write_latency) + row_penalty(write_addr[write_first]);
          resp_count  = resp_count + 1;
          write_first = ring_at(write_first, 1);
          write_count = write_count - 1;
          write_beat  = 0;
          write_resp  = tessera_pkg::AxiRespOkay;
        end
      end
      if (b_valid_o && b_ready_i) begin
        resp_first = ring_at(resp_first, 1);
        resp_count = resp_count - 1;
      end

      // What the next cycle offers.
      cycle = cycle + 1;
      tick = tsr_hbm_tick(NodeIndex);
      if (tick[63:16] != settings_version) begin
        settings_version = tick[63:16];
        tsr_hbm_settings(NodeIndex, read_latency, write_latency, row_miss_penalty, refresh_period, refresh_duration,
                         max_outstanding, ready_stall_percent, valid_gap_percent);
      end
      blocked = in_refresh(cycle);
      stall_ready = int'(tick[7:0]) < ready_stall_percent;
      gap = int'(tick[15:8]) < valid_gap_percent;
      limit = max_outstanding < MaxOutstanding ? max_outstanding : MaxOutstanding;

      ar_ready_o <= !blocked && !stall_ready && read_count < limit;
      aw_ready_o <= !blocked && !stall_ready && write_count + resp_count < limit;
      w_ready_o  <= !blocked && !stall_ready && write_count > 0;

      // The beat or response on offer is always the oldest: it leaves its
      // ring on its handshake, and stays put (valid held) until then.
      if (!r_valid_o || r_ready_i) begin
        r_valid_o <= 1'b0;
        if (read_count > 0 && cycle >= read_ready_at[read_first] && !blocked && !gap) begin
          addr = read_addr[read_first] + 64'(read_beat) * 64'(BeatBytes);
          resp = 2'(tsr_hbm_read(NodeIndex, longint'(addr), BeatBytes, data));
          r_valid_o <= 1'b1;
          r_data_o  <= data;
          r_o       <= '{id: read_id[read_first], resp: resp, last: read_beat == int'(read_len[read_first])};
        end
      end
      if (!b_valid_o || b_ready_i) begin
        b_valid_o <= 1'b0;
        if (resp_count > 0 && cycle >= resp_ready_at[resp_first] && !blocked && !gap) begin
          b_valid_o <= 1'b1;
          b_o       <= '{id: resp_id[resp_first], resp: resp_code[resp_first]};
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
