// tsr_zero_fill: writes zeros over one region of one node through an AXI4
// write master (the scrub of a freed region, docs/spec.md sections 9-10;
// docs/blocks/zero_fill.md).
//
// Contract:
//   - One request at a time: {node, addr, bytes, qos}; addr a multiple of
//     the beat, bytes a nonzero multiple of the beat (asserted). Taken only
//     while idle.
//   - The region is cut into INCR bursts of full beats with every strobe set:
//     a burst ends at the next span boundary (span = min(4 KiB, 256 beats),
//     so no burst crosses 4 KiB) or at the region's end. AXI ID 0; AW QoS is
//     the request's.
//   - Up to MaxBursts bursts are in flight (AW sent, B not yet taken); a
//     burst's W beats follow its AW, one per cycle when the port is ready,
//     and never precede it. Each burst's length is cut a cycle before its
//     AW (so AWs go at most every other cycle).
//   - done is offered once every B of the region was taken: error when some
//     B was not OKAY (resp is the first such response), the region's other
//     bursts are still written. B is always accepted while a burst is owed.
module tsr_zero_fill #(
  parameter int DataWidth = 256,
  parameter int MaxBursts = 4,
  localparam int StrbWidth = DataWidth / 8,
  localparam int ByteBits  = tessera_pkg::ByteCountWidth + 1
) (
  input  logic                         clk_i,
  input  logic                         rst_ni,
  // request
  input  logic                         req_valid_i,
  output logic                         req_ready_o,
  input  tessera_pkg::node_id_t        req_node_i,
  input  tessera_pkg::node_addr_t      req_addr_i,
  input  logic [ByteBits-1:0]          req_bytes_i,  // up to a whole node of 16 GiB
  input  logic [3:0]                   req_qos_i,
  // result
  output logic                         done_valid_o,
  input  logic                         done_ready_i,
  output logic                         done_error_o,
  output logic [1:0]                   done_resp_o,
  // AXI4 write master
  output tessera_pkg::axi_ax_t         aw_o,
  output tessera_pkg::node_id_t        aw_node_o,
  output logic                         aw_valid_o,
  input  logic                         aw_ready_i,
  output logic [DataWidth-1:0]         w_data_o,
  output logic [StrbWidth-1:0]         w_strb_o,
  output logic                         w_last_o,
  output tessera_pkg::node_id_t        w_node_o,
  output logic                         w_valid_o,
  input  logic                         w_ready_i,
  input  tessera_pkg::axi_b_t          b_i,
  input  logic                         b_valid_i,
  output logic                         b_ready_o
);
  localparam int BeatBytes  = DataWidth / 8;
  localparam int SizeLog2   = $clog2(BeatBytes);
  localparam int SpanBeats  = (4096 / BeatBytes < 256) ? 4096 / BeatBytes : 256;
  localparam int SpanLog2   = $clog2(SpanBeats);          // beats
  localparam int AddrBits   = tessera_pkg::NodeAddrWidth;
  localparam int BeatBits   = AddrBits - SizeLog2;         // a beat index inside a node
  localparam int LeftBits   = ByteBits - SizeLog2;
  localparam int OutBits    = $clog2(MaxBursts + 1);
  localparam int SpanWidth  = SpanLog2 + 1;

  if (DataWidth != 64 && DataWidth != 128 && DataWidth != 256 && DataWidth != 512) begin : gen_width_check
    $error("tsr_zero_fill: DataWidth must be 64, 128, 256 or 512");
  end
  if (MaxBursts < 1 || MaxBursts > 64) begin : gen_bursts_check
    $error("tsr_zero_fill: MaxBursts must be 1..64");
  end

  typedef enum logic [1:0] {
    StIdle,  // waiting for a request
    StRun,   // bursts to send or to be answered
    StDone   // the result offered
  } state_e;

  state_e                  state_q, state_d;
  tessera_pkg::node_id_t   node_q, node_d;
  logic [3:0]              qos_q, qos_d;
  logic [BeatBits-1:0]     beat_q, beat_d;      // the next burst's first beat
  logic [LeftBits-1:0]     left_q, left_d;      // beats not yet requested
  logic [OutBits-1:0]      owed_q, owed_d;      // bursts whose B is due
  logic [7:0]              w_beat_q, w_beat_d;  // beats sent of the oldest burst owing data
  logic                    error_q, error_d;
  logic [1:0]              resp_q, resp_d;

  // The next burst: up to the span boundary, or what is left; cut into
  // len_q and beats_q in the cycle after beat_q and left_q change.
  logic [SpanWidth-1:0]    span_left;           // beats to the span boundary, 1..SpanBeats
  logic                    last_burst;          // the rest fits before the boundary
  logic [7:0]              len_q, len_d;      // the next burst's AW length (beats - 1)
  logic [8:0]              beats_q, beats_d;  // and its beats
  logic                    cut_q, cut_d;        // len_q is the cut of beat_q, left_q
  assign span_left  = SpanWidth'(SpanBeats) - SpanWidth'(beat_q[SpanLog2-1:0]);
  assign last_burst = left_q[LeftBits-1:9] == '0 && 9'(left_q) <= 9'(span_left);

  // W lengths of the bursts sent, oldest first.
  logic       len_push, len_room, len_valid, len_pop;
  logic [7:0] len_head;
  tsr_fifo #(.Width(8), .Depth(MaxBursts)) u_lengths (
    .clk_i, .rst_ni, .valid_i(len_push), .ready_o(len_room), .data_i(len_q),
    .valid_o(len_valid), .ready_i(len_pop), .data_o(len_head), .count_o());

  logic aw_fire, w_fire, b_fire;
  assign req_ready_o  = state_q == StIdle;
  assign aw_valid_o   = state_q == StRun && cut_q && left_q != '0 && 32'(owed_q) < MaxBursts && len_room;
  assign aw_fire      = aw_valid_o && aw_ready_i;
  assign len_push     = aw_fire;
  assign w_valid_o    = len_valid;
  assign w_fire       = w_valid_o && w_ready_i;
  assign w_last_o     = w_beat_q == len_head;
  assign len_pop      = w_fire && w_last_o;
  assign b_ready_o    = owed_q != '0;
  assign b_fire       = b_valid_i && b_ready_o;
  assign done_valid_o = state_q == StDone;
  assign done_error_o = error_q;
  assign done_resp_o  = resp_q;

  always_comb begin
    aw_o       = '0;
    aw_o.addr  = 64'({beat_q, {SizeLog2{1'b0}}});
    aw_o.len   = len_q;
    aw_o.size  = 3'(SizeLog2);
    aw_o.burst = tessera_pkg::AxiBurstIncr;
    aw_o.qos   = qos_q;
  end
  assign aw_node_o = node_q;
  assign w_node_o  = node_q;
  assign w_data_o  = '0;
  assign w_strb_o  = '1;

  always_comb begin
    state_d  = state_q;
    node_d   = node_q;
    qos_d    = qos_q;
    beat_d   = beat_q;
    left_d   = left_q;
    len_d    = len_q;
    beats_d  = beats_q;
    cut_d    = cut_q;
    owed_d   = owed_q + OutBits'(aw_fire) - OutBits'(b_fire);
    w_beat_d = w_fire ? (w_last_o ? 8'd0 : w_beat_q + 8'd1) : w_beat_q;
    error_d  = error_q;
    resp_d   = resp_q;
    if (b_fire && b_i.resp != tessera_pkg::AxiRespOkay && !error_q) begin
      error_d = 1'b1;
      resp_d  = b_i.resp;
    end
    unique case (state_q)
      StIdle: begin
        if (req_valid_i) begin
          node_d  = req_node_i;
          qos_d   = req_qos_i;
          beat_d  = req_addr_i[AddrBits-1:SizeLog2];
          left_d  = LeftBits'(req_bytes_i >> SizeLog2);
          error_d = 1'b0;
          resp_d  = tessera_pkg::AxiRespOkay;
          cut_d   = 1'b0;
          state_d = StRun;
        end
      end
      StRun: begin
        if (!cut_q) begin
          beats_d = last_burst ? 9'(left_q) : 9'(span_left);
          len_d   = last_burst ? 8'(left_q - 1'b1) : 8'(span_left - 1'b1);
          cut_d   = 1'b1;
        end
        if (aw_fire) begin
          beat_d = beat_q + BeatBits'(beats_q);
          left_d = left_q - LeftBits'(beats_q);
          cut_d  = 1'b0;
        end
        if (left_q == '0 && owed_q == '0) state_d = StDone;
      end
      StDone: begin
        if (done_ready_i) state_d = StIdle;
      end
      default: state_d = StIdle;
    endcase
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      state_q  <= StIdle;
      left_q   <= '0;
      owed_q   <= '0;
      w_beat_q <= '0;
      error_q  <= 1'b0;
      cut_q    <= 1'b0;
    end else begin
      state_q  <= state_d;
      left_q   <= left_d;
      owed_q   <= owed_d;
      w_beat_q <= w_beat_d;
      error_q  <= error_d;
      cut_q    <= cut_d;
    end
  end

  always_ff @(posedge clk_i) begin
    node_q <= node_d;
    qos_q  <= qos_d;
    beat_q <= beat_d;
    resp_q <= resp_d;
    len_q   <= len_d;
    beats_q <= beats_d;
  end

  // Not needed: B's ID (one ID in use), the unit bits of the request below a beat.
  logic unused;
  assign unused = ^{b_i.id, req_addr_i[SizeLog2-1:0], req_bytes_i[SizeLog2-1:0]};

`ifndef SYNTHESIS
  a_req_shape: assert property (@(posedge clk_i) disable iff (!rst_ni)
    (req_valid_i && req_ready_o) |->
      req_addr_i[SizeLog2-1:0] == '0 && req_bytes_i[SizeLog2-1:0] == '0 && req_bytes_i != '0)
    else $error("tsr_zero_fill: a request must be whole, nonzero beats");
  a_b_owed: assert property (@(posedge clk_i) disable iff (!rst_ni) b_valid_i |-> owed_q != '0)
    else $error("tsr_zero_fill: a B response with no burst owed");
  a_owed_bound: assert property (@(posedge clk_i) disable iff (!rst_ni) 32'(owed_q) <= MaxBursts);
  a_idle_quiet: assert property (@(posedge clk_i) disable iff (!rst_ni)
    state_q != StRun |-> owed_q == '0 && !len_valid);

  tsr_stream_assert #(.Width(tessera_pkg::NodeIdWidth + AddrBits + ByteBits + 4)) u_req_rules (
    .clk_i, .rst_ni, .valid_i(req_valid_i), .ready_i(req_ready_o),
    .data_i({req_node_i, req_addr_i, req_bytes_i, req_qos_i}));
  tsr_stream_assert #(.Width(3)) u_done_rules (
    .clk_i, .rst_ni, .valid_i(done_valid_o), .ready_i(done_ready_i), .data_i({done_error_o, done_resp_o}));
`endif
endmodule
