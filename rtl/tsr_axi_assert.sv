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
module tsr_axi_assert #(
  parameter int DataWidth = 256,
  parameter int IdWidth   = tessera_pkg::AxiIdWidth,
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

  tsr_stream_assert #(.Width(tessera_pkg::AxiAxWidth)) u_ar_rules (
    .clk_i, .rst_ni, .valid_i(ar_valid_i), .ready_i(ar_ready_i), .data_i(ar_i));
  tsr_stream_assert #(.Width(tessera_pkg::AxiAxWidth)) u_aw_rules (
    .clk_i, .rst_ni, .valid_i(aw_valid_i), .ready_i(aw_ready_i), .data_i(aw_i));
  tsr_stream_assert #(.Width(DataWidth + StrbWidth + 1)) u_w_rules (
    .clk_i, .rst_ni, .valid_i(w_valid_i), .ready_i(w_ready_i), .data_i({w_data_i, w_strb_i, w_last_i}));
  tsr_stream_assert #(.Width(DataWidth + $bits(r_i))) u_r_rules (
    .clk_i, .rst_ni, .valid_i(r_valid_i), .ready_i(r_ready_i), .data_i({r_data_i, r_i}));
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

  int unsigned read_beats_left [NumIds][$];  // per ID: beats of each outstanding read
  int unsigned write_beats [$];              // AW bursts awaiting data, in order
  int unsigned write_ids [$];                // and their IDs
  int unsigned writes_done [NumIds];         // per ID: bursts with all data, awaiting B
  int unsigned w_beat;                       // beats of the current W burst so far

  always @(posedge clk_i or negedge rst_ni) begin : track
    automatic int unsigned id;
    if (!rst_ni) begin
      foreach (read_beats_left[i]) read_beats_left[i].delete();
      write_beats.delete();
      write_ids.delete();
      foreach (writes_done[i]) writes_done[i] = 0;
      w_beat = 0;
    end else begin
      if (ar_valid_i && ar_ready_i) begin
        a_ar_burst : assert (burst_ok(ar_i.addr, ar_i.len, ar_i.size, ar_i.burst))
          else $error("axi: illegal read burst addr 0x%0h len %0d size %0d burst %0d", ar_i.addr, ar_i.len, ar_i.size, ar_i.burst);
        read_beats_left[ar_i.id[IdWidth-1:0]].push_back(int'(ar_i.len) + 1);
      end
      if (r_valid_i && r_ready_i) begin
        id = int'(r_i.id[IdWidth-1:0]);
        a_r_outstanding : assert (read_beats_left[id].size() > 0)
          else $error("axi: R for ID %0d with no read outstanding", id);
        if (read_beats_left[id].size() > 0) begin
          a_r_last : assert (r_i.last == (read_beats_left[id][0] == 1))
            else $error("axi: RLAST %0d with %0d beats left on ID %0d", r_i.last, read_beats_left[id][0], id);
          if (read_beats_left[id][0] == 1) void'(read_beats_left[id].pop_front());
          else read_beats_left[id][0] = read_beats_left[id][0] - 1;
        end
      end
      if (aw_valid_i && aw_ready_i) begin
        a_aw_burst : assert (burst_ok(aw_i.addr, aw_i.len, aw_i.size, aw_i.burst))
          else $error("axi: illegal write burst addr 0x%0h len %0d size %0d burst %0d", aw_i.addr, aw_i.len, aw_i.size, aw_i.burst);
        write_beats.push_back(int'(aw_i.len) + 1);
        write_ids.push_back(int'(aw_i.id[IdWidth-1:0]));
      end
      if (w_valid_i && w_ready_i) begin
        a_w_after_aw : assert (write_beats.size() > 0)
          else $error("axi: W beat before its AW");
        if (write_beats.size() > 0) begin
          a_w_last : assert (w_last_i == (w_beat + 1 == write_beats[0]))
            else $error("axi: WLAST %0d on beat %0d of a %0d-beat burst", w_last_i, w_beat + 1, write_beats[0]);
          if (w_beat + 1 == write_beats[0]) begin
            void'(write_beats.pop_front());
            id = write_ids.pop_front();
            writes_done[id] = writes_done[id] + 1;
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
