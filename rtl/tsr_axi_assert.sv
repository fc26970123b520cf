// tsr_axi_assert: AXI4 protocol checks on one master-to-slave link, in
// simulation (instantiate under `ifndef SYNTHESIS on every AXI port).
// Checks:
//   - every channel: valid held until ready, payload stable meanwhile
//     (tsr_stream_assert);
//   - AR/AW: INCR bursts of full-width beats, at most 256 beats, no burst
//     crossing a 4 KiB boundary;
//   - W: write data follows the order of the AW bursts; WLAST on the last
//     beat of each burst and only there (data may not precede its AW: our
//     masters never do that, and the check is simpler and stricter);
//   - R: only for an outstanding read of that ID, RLAST exactly on its last
//     beat, in order per ID;
//   - B: only for a write of that ID whose data is complete, in order per ID.
// IdWidth may be smaller than the package's AxiIdWidth (the ID's low bits).
// The scoreboard is fixed-size (no queues, so nothing is allocated while it
// runs): up to MaxOutstanding reads (AR taken, last R beat not yet) and as
// many writes awaiting their data; more fires a_read_capacity or
// a_write_capacity, a limit of the checker, not of the protocol.
module tsr_axi_assert #(
  parameter int DataWidth      = 256,
  parameter int IdWidth        = tessera_pkg::AxiIdWidth,
  parameter int MaxOutstanding = 256,
  localparam int StrbWidth = DataWidth / 8
) (
  input logic                   clk_i,
  input logic                   rst_ni,
  input tessera_pkg::axi_ax_t   ar_i,
  input logic                   ar_valid_i,
  input logic                   ar_ready_i,
  input tessera_pkg::axi_r_t    r_i,
  input logic [DataWidth-1:0]   r_data_i,
  input logic                   r_valid_i,
  input logic                   r_ready_i,
  input tessera_pkg::axi_ax_t   aw_i,
  input logic                   aw_valid_i,
  input logic                   aw_ready_i,
  input logic [DataWidth-1:0]   w_data_i,
  input logic [StrbWidth-1:0]   w_strb_i,
  input logic                   w_last_i,
  input logic                   w_valid_i,
  input logic                   w_ready_i,
  input tessera_pkg::axi_b_t    b_i,
  input logic                   b_valid_i,
  input logic                   b_ready_i
);
`ifndef SYNTHESIS
  localparam int BeatBytes = DataWidth / 8;
  localparam int NumIds    = 1 << IdWidth;

  if (MaxOutstanding < 1) begin : gen_capacity_check
    $error("tsr_axi_assert: MaxOutstanding must be at least 1");
  end

  // The payloads with the data in the low bits, so the copies the checks
  // keep are whole words.
  tsr_stream_assert #(.Width(tessera_pkg::AxiAxWidth)) u_ar_rules (
    .clk_i, .rst_ni, .valid_i(ar_valid_i), .ready_i(ar_ready_i), .data_i(ar_i));
  tsr_stream_assert #(.Width(tessera_pkg::AxiAxWidth)) u_aw_rules (
    .clk_i, .rst_ni, .valid_i(aw_valid_i), .ready_i(aw_ready_i), .data_i(aw_i));
  tsr_stream_assert #(.Width(DataWidth + StrbWidth + 1)) u_w_rules (
    .clk_i, .rst_ni, .valid_i(w_valid_i), .ready_i(w_ready_i), .data_i({w_strb_i, w_last_i, w_data_i}));
  tsr_stream_assert #(.Width(DataWidth + $bits(r_i))) u_r_rules (
    .clk_i, .rst_ni, .valid_i(r_valid_i), .ready_i(r_ready_i), .data_i({r_i, r_data_i}));
  tsr_stream_assert #(.Width($bits(b_i))) u_b_rules (
    .clk_i, .rst_ni, .valid_i(b_valid_i), .ready_i(b_ready_i), .data_i(b_i));

  // A burst is legal when it is INCR, full width, aligned, and stays inside
  // one 4 KiB page.
  function automatic bit burst_ok(input logic [63:0] addr, input logic [7:0] len, input logic [2:0] size,
                                  input logic [1:0] burst);
    longint unsigned first_byte;
    longint unsigned bytes;
    first_byte = addr & (64'(tessera_pkg::AxiBoundaryBytes) - 64'd1);
    bytes = (64'(len) + 64'd1) * 64'(BeatBytes);
    burst_ok = burst == tessera_pkg::AxiBurstIncr && (1 << size) == BeatBytes &&
               (addr % 64'(BeatBytes)) == 64'd0 && first_byte + bytes <= 64'(tessera_pkg::AxiBoundaryBytes);
  endfunction

  // Outstanding reads: a pool of entries (beats left of each read), linked
  // per ID in AR order (head, tail, count per ID), free entries on a stack.
  int unsigned read_left [MaxOutstanding];
  int unsigned read_next [MaxOutstanding];
  int unsigned read_free [MaxOutstanding];
  int unsigned free_reads;
  int unsigned id_head [NumIds];
  int unsigned id_tail [NumIds];
  int unsigned id_reads [NumIds];
  // AW bursts awaiting data, in order (a ring: beats and ID of each).
  int unsigned write_beats [MaxOutstanding];
  int unsigned write_ids [MaxOutstanding];
  int unsigned write_first, write_count;
  int unsigned writes_done [NumIds];  // per ID: bursts with all data, awaiting B
  int unsigned w_beat;                // beats of the current W burst so far

  always @(posedge clk_i or negedge rst_ni) begin : track
    automatic int unsigned id;
    automatic int unsigned entry;
    if (!rst_ni) begin
      for (int i = 0; i < MaxOutstanding; i++) read_free[i] = i;
      free_reads = MaxOutstanding;
      foreach (id_reads[i]) id_reads[i] = 0;
      foreach (writes_done[i]) writes_done[i] = 0;
      write_first = 0;
      write_count = 0;
      w_beat = 0;
    end else begin
      if (ar_valid_i && ar_ready_i) begin
        a_ar_burst : assert (burst_ok(ar_i.addr, ar_i.len, ar_i.size, ar_i.burst))
          else $error("axi: illegal read burst addr 0x%0h len %0d size %0d burst %0d", ar_i.addr, ar_i.len, ar_i.size, ar_i.burst);
        a_read_capacity : assert (free_reads > 0)
          else $error("axi checker: more than MaxOutstanding = %0d reads outstanding", MaxOutstanding);
        if (free_reads > 0) begin
          id = int'(ar_i.id[IdWidth-1:0]);
          free_reads = free_reads - 1;
          entry = read_free[free_reads];
          read_left[entry] = int'(ar_i.len) + 1;
          if (id_reads[id] == 0) id_head[id] = entry;
          else read_next[id_tail[id]] = entry;
          id_tail[id] = entry;
          id_reads[id] = id_reads[id] + 1;
        end
      end
      if (r_valid_i && r_ready_i) begin
        id = int'(r_i.id[IdWidth-1:0]);
        a_r_outstanding : assert (id_reads[id] > 0)
          else $error("axi: R for ID %0d with no read outstanding", id);
        if (id_reads[id] > 0) begin
          entry = id_head[id];
          a_r_last : assert (r_i.last == (read_left[entry] == 1))
            else $error("axi: RLAST %0d with %0d beats left on ID %0d", r_i.last, read_left[entry], id);
          if (read_left[entry] == 1) begin
            id_head[id] = read_next[entry];
            id_reads[id] = id_reads[id] - 1;
            read_free[free_reads] = entry;
            free_reads = free_reads + 1;
          end else begin
            read_left[entry] = read_left[entry] - 1;
          end
        end
      end
      if (aw_valid_i && aw_ready_i) begin
        a_aw_burst : assert (burst_ok(aw_i.addr, aw_i.len, aw_i.size, aw_i.burst))
          else $error("axi: illegal write burst addr 0x%0h len %0d size %0d burst %0d", aw_i.addr, aw_i.len, aw_i.size, aw_i.burst);
        a_write_capacity : assert (write_count < MaxOutstanding)
          else $error("axi checker: more than MaxOutstanding = %0d writes awaiting data", MaxOutstanding);
        if (write_count < MaxOutstanding) begin
          entry = (write_first + write_count) % MaxOutstanding;
          write_beats[entry] = int'(aw_i.len) + 1;
          write_ids[entry] = int'(aw_i.id[IdWidth-1:0]);
          write_count = write_count + 1;
        end
      end
      if (w_valid_i && w_ready_i) begin
        a_w_after_aw : assert (write_count > 0)
          else $error("axi: W beat before its AW");
        if (write_count > 0) begin
          a_w_last : assert (w_last_i == (w_beat + 1 == write_beats[write_first]))
            else $error("axi: WLAST %0d on beat %0d of a %0d-beat burst", w_last_i, w_beat + 1, write_beats[write_first]);
          if (w_beat + 1 == write_beats[write_first]) begin
            id = write_ids[write_first];
            writes_done[id] = writes_done[id] + 1;
            write_first = (write_first + 1) % MaxOutstanding;
            write_count = write_count - 1;
            w_beat = 0;
          end else begin
            w_beat = w_beat + 1;
          end
        end
      end
      if (b_valid_i && b_ready_i) begin
        id = int'(b_i.id[IdWidth-1:0]);
        a_b_outstanding : assert (writes_done[id] > 0)
          else $error("axi: B for ID %0d with no completed write", id);
        if (writes_done[id] > 0) writes_done[id] -= 1;
      end
    end
  end

`endif
endmodule
