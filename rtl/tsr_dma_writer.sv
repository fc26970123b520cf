// tsr_dma_writer: the write half of the gather engine. It buffers the
// packer's destination beats and writes each job's region with AXI4 INCR
// bursts (full-width beats, at most 256 beats, never across 4 KiB; the
// region is contiguous, so bursts are as long as those rules allow, whatever
// the tiles' sizes), then reports the job once every write response is in.
//
// Contract:
//   - job_i: destination node, address and byte count of the next job; the
//     packer delivers exactly ceil((address mod beat + bytes) / beat) beats
//     for it (tsr_dma_packer guarantees that);
//   - an AW burst is issued once min(its length, AwThreshold) of its beats
//     are buffered (so W rarely waits for data) and fewer than MaxWrites
//     bursts await their B; all writes of one engine in flight go to one
//     node: a burst to another node waits until every W beat owed so far is
//     sent (this keeps the fabric's write-data ordering free of deadlock);
//   - W beats follow the AW bursts in order; w_node_o names their node;
//   - each job's bursts carry the job's slot (0..MaxJobs-1) as their AXI ID,
//     so responses of different jobs, which go to different nodes, may come
//     back in any order and no B channel ever waits (b_ready_o is 1);
//   - done_o, in job order after the job's last B: whether a write failed
//     and the first failed burst's node, address and response.
// Timing: a burst's length is cut the cycle before its AW may be valid, so
// a job's first AW can be valid after the edge following the one that takes
// the job, and AWs follow each other at most every other cycle (bursts carry
// up to 256 beats; W, one beat per cycle, is what bounds a job's writes).
module tsr_dma_writer #(
  parameter int DataWidth    = 256,
  parameter int BufferBeats  = 64,
  parameter int MaxWrites    = 8,
  parameter int AwThreshold  = 16,
  parameter int MaxJobs      = 4,
  localparam int BeatBytes   = DataWidth / 8,
  localparam int OffsetWidth = $clog2(BeatBytes)
) (
  input  logic                      clk_i,
  input  logic                      rst_ni,
  input  logic [3:0]                qos_i,
  input  tessera_pkg::dma_job_t     job_i,
  input  logic                      job_valid_i,
  output logic                      job_ready_o,
  input  logic [DataWidth-1:0]      in_data_i,
  input  logic [BeatBytes-1:0]      in_strb_i,
  input  logic                      in_valid_i,
  output logic                      in_ready_o,
  output tessera_pkg::axi_ax_t      aw_o,
  output tessera_pkg::node_id_t     aw_node_o,
  output logic                      aw_valid_o,
  input  logic                      aw_ready_i,
  output logic [DataWidth-1:0]      w_data_o,
  output logic [BeatBytes-1:0]      w_strb_o,
  output logic                      w_last_o,
  output tessera_pkg::node_id_t     w_node_o,
  output logic                      w_valid_o,
  input  logic                      w_ready_i,
  input  tessera_pkg::axi_b_t       b_i,
  input  logic                      b_valid_i,
  output logic                      b_ready_o,
  output logic                      done_fault_o,
  output logic [1:0]                done_resp_o,
  output tessera_pkg::node_id_t     done_node_o,
  output tessera_pkg::node_addr_t   done_addr_o,
  output logic                      done_valid_o,
  input  logic                      done_ready_i
);
  localparam int MaxBurstBeats = (tessera_pkg::AxiBoundaryBytes / BeatBytes) < tessera_pkg::AxiMaxBurstBeats ?
                                 tessera_pkg::AxiBoundaryBytes / BeatBytes : tessera_pkg::AxiMaxBurstBeats;
  localparam int BeatsWidth  = $clog2(MaxBurstBeats + 1);
  localparam int CountWidth  = $clog2(BufferBeats + 1);
  localparam int SpanShift   = $clog2(MaxBurstBeats) + OffsetWidth;  // bursts end on 2^SpanShift-byte boundaries
  localparam int JobBeatsWidth = tessera_pkg::ByteCountWidth - OffsetWidth + 1;
  localparam int OwedWidth   = $clog2(BufferBeats + MaxBurstBeats + 1);
  localparam int BeatLow     = BeatBytes - 1;

  localparam int IdWidth = tessera_pkg::AxiIdWidth;

  if (DataWidth != 64 && DataWidth != 128 && DataWidth != 256 && DataWidth != 512) begin : gen_width_check
    $error("tsr_dma_writer: DataWidth must be 64, 128, 256 or 512");
  end
  if (BufferBeats < AwThreshold || AwThreshold < 1 || MaxWrites < 1) begin : gen_param_check
    $error("tsr_dma_writer: need 1 <= AwThreshold <= BufferBeats and MaxWrites >= 1");
  end

  typedef logic [BeatsWidth-1:0]    beats_t;
  typedef logic [JobBeatsWidth-1:0] job_beats_t;
  typedef logic [CountWidth-1:0]    count_t;
  typedef logic [OwedWidth-1:0]     owed_t;
  typedef logic signed [OwedWidth:0] avail_t;

  logic job_fire, aw_fire, w_fire, b_fire;

  // ---- beat buffer ----------------------------------------------------------------------
  logic [DataWidth+BeatBytes-1:0] buffered;
  logic   buffered_valid, buffer_pop;
  count_t buffer_count;
  tsr_fifo #(.Width(DataWidth + BeatBytes), .Depth(BufferBeats)) u_beats (
    .clk_i, .rst_ni,
    .valid_i(in_valid_i), .ready_o(in_ready_o), .data_i({in_data_i, in_strb_i}),
    .valid_o(buffered_valid), .ready_i(buffer_pop), .data_o(buffered),
    .count_o(buffer_count));

  // ---- the job whose bursts are being issued ---------------------------------------------------
  logic                    active_q;
  tessera_pkg::node_id_t   node_q;
  tessera_pkg::node_addr_t next_q;        // beat-aligned address of the next burst
  job_beats_t              beats_left_q;  // beats of the job not yet in a burst
  owed_t                   owed_q;        // beats of issued bursts not yet sent on W (<= buffered + one burst)
  tessera_pkg::node_id_t   w_node_q;      // the node those beats go to

  // The next burst's length is cut one cycle ahead into burst_q (valid while
  // burst_ok_q; job_fire and aw_fire change its inputs), so the cut and the
  // AW decision are in different cycles; an AW follows another at most every
  // other cycle, and every burst but a job's first and last is a whole span.
  beats_t     span_left, burst_cut, burst_q, need_q;
  logic       burst_ok_q, write_slot, node_free, enough_data;
  // Buffered minus owed beats, negative while a burst is issued ahead of its
  // data; a push counts a cycle late (pushed_q), so the packer's late output
  // valid feeds no adder.
  avail_t     avail_q;
  logic       pushed_q;

  always_comb begin
    // A burst ends at the next span boundary (a span: min(4 KiB, 256 beats),
    // so no burst crosses 4 KiB or exceeds 256 beats) or at the job's end.
    span_left = beats_t'(MaxBurstBeats) - beats_t'(next_q[SpanShift-1:OffsetWidth]);
    burst_cut = span_left;
    if (beats_left_q[JobBeatsWidth-1:BeatsWidth] == '0 && beats_t'(beats_left_q) < span_left) burst_cut = beats_t'(beats_left_q);
    enough_data = avail_q >= avail_t'(need_q);
  end

  // ---- jobs in flight: one slot each, indexed by job sequence ---------------------------------
  localparam int SlotWidth   = MaxJobs > 1 ? $clog2(MaxJobs) : 1;
  localparam int BurstsWidth = JobBeatsWidth;
  localparam int SpanBytes   = 1 << SpanShift;  // a burst spans this much, except at the job's start
  localparam int SpanLow     = SpanBytes - 1;
  typedef logic [SlotWidth-1:0]   slot_t;
  typedef logic [BurstsWidth-1:0] bursts_t;
  localparam int PendWidth   = $clog2(MaxWrites + 1);
  typedef logic [PendWidth-1:0]   pending_t;

  tessera_pkg::node_id_t   slot_node_q [MaxJobs];
  tessera_pkg::node_addr_t slot_addr_q [MaxJobs];   // the job's first beat address
  // bursts issued and not yet answered; a job's are all in flight, so at
  // most MaxWrites: a narrow counter, and the report waits for no wide compare
  pending_t                slot_pending_q [MaxJobs];
  bursts_t                 slot_answered_q [MaxJobs];  // B responses so far (the faulting burst's index)
  bursts_t                 slot_fault_burst_q [MaxJobs];
  logic [1:0]              slot_fault_resp_q [MaxJobs];
  logic [MaxJobs-1:0]      slot_busy_q, slot_issuing_q, slot_fault_q;
  slot_t                   issue_slot_q, done_slot_q;
  logic [$clog2(MaxWrites + 1)-1:0] in_flight_q;     // bursts awaiting their B

  function automatic slot_t next_slot(input slot_t slot);
    next_slot = slot == slot_t'(MaxJobs - 1) ? '0 : slot + 1'b1;
  endfunction

  // Address of a job's k-th burst: the first starts at the job's first beat,
  // the others on SpanBytes boundaries (bursts end at 4 KiB pages or at 256 beats).
  function automatic tessera_pkg::node_addr_t burst_addr(input tessera_pkg::node_addr_t first, input bursts_t k);
    burst_addr = k == '0 ? first : (first & ~tessera_pkg::node_addr_t'(SpanLow)) +
                                   tessera_pkg::node_addr_t'(k) * tessera_pkg::node_addr_t'(SpanBytes);
  endfunction

  // ---- burst lengths for WLAST --------------------------------------------------------------------
  beats_t len_head;
  logic   len_valid, len_ready;
  logic [$clog2(MaxWrites + 1)-1:0] len_count;
  tsr_fifo #(.Width(BeatsWidth), .Depth(MaxWrites)) u_lengths (
    .clk_i, .rst_ni,
    .valid_i(aw_fire), .ready_o(len_ready), .data_i(burst_q),
    .valid_o(len_valid), .ready_i(w_fire && w_last_o), .data_o(len_head),
    .count_o(len_count));

  assign write_slot = in_flight_q < $bits(in_flight_q)'(MaxWrites) && len_ready;
  assign node_free  = owed_q == '0 || w_node_q == node_q;
  assign aw_valid_o = active_q && burst_ok_q && enough_data && write_slot && node_free;
  always_comb begin
    aw_o       = '0;
    aw_o.id    = IdWidth'(issue_slot_q);
    aw_o.addr  = 64'(next_q);
    aw_o.len   = 8'(burst_q - 1'b1);
    aw_o.size  = 3'(OffsetWidth);
    aw_o.burst = tessera_pkg::AxiBurstIncr;
    aw_o.qos   = qos_i;
  end
  assign aw_node_o = node_q;
  // A new job needs the previous one fully issued and a free slot.
  assign job_ready_o = (!active_q || beats_left_q == '0) && !slot_busy_q[active_q ? next_slot(issue_slot_q) : issue_slot_q];

  // ---- W ------------------------------------------------------------------------------------------
  beats_t w_beat_q;  // beats of the current burst sent
  assign w_valid_o  = owed_q != '0 && buffered_valid;
  assign w_data_o   = buffered[DataWidth+BeatBytes-1:BeatBytes];
  assign w_strb_o   = buffered[BeatBytes-1:0];
  assign w_last_o   = w_beat_q + 1'b1 == len_head;
  assign w_node_o   = w_node_q;
  assign buffer_pop = w_valid_o && w_ready_i;

  // ---- B and per-job result ----------------------------------------------------------------------
  slot_t b_slot;
  logic  b_fault, done_q, report;
  assign b_slot    = b_i.id[SlotWidth-1:0];
  assign b_fault   = b_i.resp != tessera_pkg::AxiRespOkay;
  assign b_ready_o = 1'b1;
  // The oldest job is reported once it issued every burst and heard every B.
  assign report = slot_busy_q[done_slot_q] && !slot_issuing_q[done_slot_q] &&
                  slot_pending_q[done_slot_q] == '0 && (!done_q || done_ready_i);
  assign done_valid_o = done_q;

  assign job_fire = job_valid_i && job_ready_o;
  assign aw_fire  = aw_valid_o && aw_ready_i;
  assign w_fire   = w_valid_o && w_ready_i;
  assign b_fire   = b_valid_i && b_ready_o;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      active_q       <= 1'b0;
      node_q         <= '0;
      next_q         <= '0;
      beats_left_q   <= '0;
      owed_q         <= '0;
      avail_q        <= '0;
      pushed_q       <= 1'b0;
      burst_ok_q     <= 1'b0;
      burst_q        <= '0;
      need_q         <= '0;
      w_node_q       <= '0;
      w_beat_q       <= '0;
      slot_busy_q    <= '0;
      slot_issuing_q <= '0;
      slot_fault_q   <= '0;
      issue_slot_q   <= '0;
      done_slot_q    <= '0;
      in_flight_q    <= '0;
      done_q         <= 1'b0;
      done_fault_o   <= 1'b0;
      done_resp_o    <= '0;
      done_node_o    <= '0;
      done_addr_o    <= '0;
    end else begin
      if (job_fire) begin
        slot_t slot;
        slot = active_q ? next_slot(issue_slot_q) : issue_slot_q;
        active_q             <= 1'b1;
        issue_slot_q         <= slot;
        slot_busy_q[slot]    <= 1'b1;
        slot_issuing_q[slot] <= 1'b1;
        slot_fault_q[slot]   <= 1'b0;
        node_q       <= job_i.node;
        next_q       <= job_i.addr & ~tessera_pkg::node_addr_t'(BeatLow);
        beats_left_q <= job_beats_t'((tessera_pkg::ByteCountWidth + 1)'(job_i.addr[OffsetWidth-1:0]) +
                                     (tessera_pkg::ByteCountWidth + 1)'(job_i.bytes) +
                                     (tessera_pkg::ByteCountWidth + 1)'(BeatLow) >> OffsetWidth);
      end else if (aw_fire) begin
        next_q       <= next_q + tessera_pkg::node_addr_t'(burst_q) * tessera_pkg::node_addr_t'(BeatBytes);
        beats_left_q <= beats_left_q - job_beats_t'(burst_q);
        if (job_beats_t'(burst_q) == beats_left_q) slot_issuing_q[issue_slot_q] <= 1'b0;
      end
      burst_ok_q <= !job_fire && !aw_fire && burst_cut != '0;
      burst_q    <= burst_cut;
      need_q     <= burst_cut < beats_t'(AwThreshold) ? burst_cut : beats_t'(AwThreshold);
      if (aw_fire) w_node_q <= node_q;
      owed_q  <= owed_q + (aw_fire ? owed_t'(burst_q) : '0) - (w_fire ? owed_t'(1) : '0);
      pushed_q <= in_valid_i && in_ready_o;
      avail_q  <= avail_q + avail_t'(pushed_q) - (aw_fire ? avail_t'(burst_q) : '0);
      in_flight_q <= in_flight_q + $bits(in_flight_q)'(aw_fire) - $bits(in_flight_q)'(b_fire);
      if (w_fire) w_beat_q <= w_last_o ? '0 : w_beat_q + 1'b1;
      if (b_fire && b_fault && !slot_fault_q[b_slot]) slot_fault_q[b_slot] <= 1'b1;

      if (done_q && done_ready_i) done_q <= 1'b0;
      if (report) begin
        done_q                   <= 1'b1;
        done_fault_o             <= slot_fault_q[done_slot_q];
        done_resp_o              <= slot_fault_resp_q[done_slot_q];
        done_node_o              <= slot_node_q[done_slot_q];
        done_addr_o              <= burst_addr(slot_addr_q[done_slot_q], slot_fault_burst_q[done_slot_q]);
        slot_busy_q[done_slot_q] <= 1'b0;
        done_slot_q              <= next_slot(done_slot_q);
      end
    end
  end

  // Per-slot bookkeeping without reset (each field is set when its slot is taken).
  always_ff @(posedge clk_i) begin
    for (int k = 0; k < MaxJobs; k++) begin
      if (job_fire && (active_q ? next_slot(issue_slot_q) : issue_slot_q) == slot_t'(k)) begin
        slot_node_q[k]     <= job_i.node;
        slot_addr_q[k]     <= job_i.addr & ~tessera_pkg::node_addr_t'(BeatLow);
        slot_pending_q[k]  <= '0;
        slot_answered_q[k] <= '0;
      end else begin
        slot_pending_q[k] <= slot_pending_q[k] + pending_t'(aw_fire && issue_slot_q == slot_t'(k)) -
                             pending_t'(b_fire && b_slot == slot_t'(k));
        if (b_fire && b_slot == slot_t'(k)) begin
          slot_answered_q[k] <= slot_answered_q[k] + 1'b1;
          if (b_fault && !slot_fault_q[k]) begin
            slot_fault_burst_q[k] <= slot_answered_q[k];
            slot_fault_resp_q[k]  <= b_i.resp;
          end
        end
      end
    end
  end

`ifndef SYNTHESIS
  tsr_stream_assert #(.Width($bits(job_i))) u_job_rules (
    .clk_i, .rst_ni, .valid_i(job_valid_i), .ready_i(job_ready_o), .data_i(job_i));
  tsr_stream_assert #(.Width($bits(aw_o) + $bits(aw_node_o))) u_aw_rules (
    .clk_i, .rst_ni, .valid_i(aw_valid_o), .ready_i(aw_ready_i), .data_i({aw_o, aw_node_o}));
  tsr_stream_assert #(.Width(DataWidth + BeatBytes + 1 + $bits(w_node_o))) u_w_rules (
    .clk_i, .rst_ni, .valid_i(w_valid_o), .ready_i(w_ready_i), .data_i({w_strb_o, w_last_o, w_node_o, w_data_o}));  // data in the low bits
  tsr_stream_assert #(.Width(1 + 2 + $bits(done_node_o) + $bits(done_addr_o))) u_done_rules (
    .clk_i, .rst_ni, .valid_i(done_valid_o), .ready_i(done_ready_i),
    .data_i({done_fault_o, done_resp_o, done_node_o, done_addr_o}));
  logic b_expected;  // the B's job has a burst waiting for it
  assign b_expected = slot_busy_q[b_slot] && slot_pending_q[b_slot] != '0;
  // Immediate assertions at each edge out of reset, on the values before the
  // edge (as concurrent ones would sample them, without sampled copies).
  always @(posedge clk_i) begin
    if (rst_ni) begin
      a_b_expected : assert (!b_valid_i || b_expected) else $error("writer: B for a job with no write outstanding");
      a_owed_bounded : assert (owed_q <= owed_t'(buffer_count) + owed_t'(MaxBurstBeats))
        else $error("writer: a burst issued too far ahead of its data");
      a_one_write_node : assert (!(aw_valid_o && owed_q != '0) || aw_node_o == w_node_q)
        else $error("writer: writes in flight to two nodes");
      a_b_id : assert (!b_valid_i || b_i.id < IdWidth'(MaxJobs)) else $error("writer: B with an ID it never used");
      a_avail_counts : assert (avail_q + avail_t'(pushed_q) == avail_t'(buffer_count) - avail_t'(owed_q))
        else $error("writer: available beats miscounted");
      a_w_has_length : assert (!w_valid_o || len_valid) else $error("writer: W beat with no burst issued");
      a_lengths_within_flight : assert (len_count <= $bits(len_count)'(in_flight_q))
        else $error("writer: more bursts owe data than are in flight");
    end
  end
`endif
endmodule
