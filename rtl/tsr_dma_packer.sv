// tsr_dma_packer: turns the gather engine's source beats (each carrying a
// contiguous range of valid bytes) into destination beats of one job at a
// time: the job's bytes back to back from its destination address, with
// write strobes.
//
// Contract:
//   - job_i (taken when a job starts) gives the destination byte offset in
//     the first beat (address mod beat bytes) and the job's byte count (>= 1);
//   - beat_i carries a beat with valid bytes [lo, hi) (lo < hi, except on a
//     job-end marker, which may carry no bytes), a per-byte ok mask (0 where
//     the read failed), and job_end on the job's last beat;
//   - out_o emits exactly ceil((offset + bytes) / beat bytes) beats per job,
//     the last one flagged: destination bytes the tiles did not deliver
//     (a short job) get strobe 0, delivered bytes past the job's count (a
//     long job) are dropped, bytes whose read failed get strobe 0, and bytes
//     before the offset get strobe 0; so nothing unread is written;
//   - done_o gives, per job and in job order, the bytes the tiles delivered
//     (before truncation) once the job's output and input are both complete.
// Throughput: one source beat in and one destination beat out per cycle.
// beat_ready_o depends only on registers, beat_valid_i and out_ready_i: a
// beat is placed only while out_ready_i is high, even one that completes no
// destination beat. out_* follow beat_i in the same cycle (no latency).
module tsr_dma_packer #(
  parameter int DataWidth = 256,
  localparam int BeatBytes = DataWidth / 8,
  localparam int OffsetWidth = $clog2(BeatBytes),
  localparam int RangeWidth = OffsetWidth + 1
) (
  input  logic                       clk_i,
  input  logic                       rst_ni,
  input  logic [OffsetWidth-1:0]     job_offset_i,
  input  tessera_pkg::byte_count_t   job_bytes_i,
  input  logic                       job_valid_i,
  output logic                       job_ready_o,
  input  logic [DataWidth-1:0]       beat_data_i,
  input  logic [BeatBytes-1:0]       beat_ok_i,
  input  logic [RangeWidth-1:0]      beat_lo_i,
  input  logic [RangeWidth-1:0]      beat_hi_i,
  input  logic                       beat_job_end_i,
  input  logic                       beat_valid_i,
  output logic                       beat_ready_o,
  output logic [DataWidth-1:0]       out_data_o,
  output logic [BeatBytes-1:0]       out_strb_o,
  output logic                       out_last_o,
  output logic                       out_valid_o,
  input  logic                       out_ready_i,
  output tessera_pkg::byte_count_t   done_bytes_o,
  output logic                       done_valid_o,
  input  logic                       done_ready_i
);
  if (DataWidth != 64 && DataWidth != 128 && DataWidth != 256 && DataWidth != 512) begin : gen_width_check
    $error("tsr_dma_packer: DataWidth must be 64, 128, 256 or 512");
  end

  typedef tessera_pkg::byte_count_t count_t;
  typedef logic [RangeWidth:0]      sum_t;   // 0 .. 2 * BeatBytes

  // The destination beat being filled: positions [0, fill_q) are decided
  // (strobe set where a byte was placed).
  logic [DataWidth-1:0] part_data_q;
  logic [BeatBytes-1:0] part_strb_q;
  logic [OffsetWidth-1:0] fill_q;
  count_t               room_q;       // destination bytes of the job not yet decided
  count_t               delivered_q;  // bytes the tiles delivered so far
  logic                 active_q, in_done_q, out_done_q;
  logic                 room_empty_q; // room_q == 0, kept in a register
  logic                 done_pending_q;
  count_t               done_bytes_q;

  function automatic logic [DataWidth-1:0] rotate_bytes(input logic [DataWidth-1:0] data,
                                                        input logic [OffsetWidth-1:0] amount);
    rotate_bytes = (data << (8 * amount)) | (data >> (DataWidth - 8 * int'(amount)));
  endfunction

  function automatic logic [BeatBytes-1:0] rotate_lanes(input logic [BeatBytes-1:0] mask,
                                                        input logic [OffsetWidth-1:0] amount);
    rotate_lanes = (mask << amount) | (mask >> (BeatBytes - int'(amount)));
  endfunction

  // Lanes [0, n) of a beat, all of them for n >= BeatBytes: the same function
  // of n as a compare per lane, but one shift for a simulator.
  function automatic logic [BeatBytes-1:0] below(input sum_t n);
    below = ~({BeatBytes{1'b1}} << n);
  endfunction

  function automatic logic [DataWidth-1:0] merge(input logic [BeatBytes-1:0] mask, input logic [DataWidth-1:0] a,
                                                 input logic [DataWidth-1:0] b);
    for (int i = 0; i < BeatBytes; i++) merge[8*i +: 8] = mask[i] ? a[8*i +: 8] : b[8*i +: 8];
  endfunction

  // ---- placing the offered source beat -------------------------------------------
  // Rotating it left by (fill - lo) bytes puts its byte lo at lane fill: lanes
  // [fill, fill + take) of this beat and, past BeatBytes, the low lanes of the
  // next beat receive its bytes, take being what the job still has room for.
  // The job's room is seen through its low RangeWidth bits and a flag that
  // the rest is zero (room_near). The decisions compare bytes_in with values
  // known from registers (the room, the lanes left after fill), so none
  // waits for an add after the subtraction that gives bytes_in; the lanes
  // filled are those below bytes_in (and below the room), moved up to fill.
  logic [RangeWidth-1:0]  bytes_in;     // bytes the beat carries
  logic                   room_near;    // room_q < 2 * BeatBytes
  logic [RangeWidth-1:0]  room_low;
  logic [RangeWidth-1:0]  beat_rest;    // BeatBytes - fill: lanes left in the destination beat
  logic [RangeWidth-1:0]  take;
  sum_t                   reach;        // fill + take
  logic [OffsetWidth-1:0] rotation;
  logic [DataWidth-1:0]   rotated;
  logic [BeatBytes-1:0]   rotated_ok;
  logic [BeatBytes-1:0]   this_lanes, next_lanes;
  logic                   completes_beat, completes_job;

  always_comb begin
    room_near  = room_q[tessera_pkg::ByteCountWidth-1:RangeWidth] == '0;
    room_low   = room_q[RangeWidth-1:0];
    beat_rest  = RangeWidth'(BeatBytes) - RangeWidth'(fill_q);
    bytes_in   = beat_hi_i - beat_lo_i;
    completes_job  = room_near && bytes_in >= room_low;  // no destination byte left after this beat
    completes_beat = bytes_in >= beat_rest && (!room_near || room_low >= beat_rest);
    take       = completes_job ? room_low : bytes_in;
    reach      = sum_t'(fill_q) + sum_t'(take);
    rotation   = fill_q - beat_lo_i[OffsetWidth-1:0];
    rotated    = rotate_bytes(beat_data_i, rotation);
    rotated_ok = rotate_lanes(beat_ok_i, rotation);
    // lane i >= fill is distance i - fill into the beat's bytes
    this_lanes = (below(sum_t'(bytes_in)) & (room_near ? below(sum_t'(room_low)) : '1)) << fill_q;
    next_lanes = below(reach - sum_t'(BeatBytes));
  end

  // ---- what this cycle does ----------------------------------------------------------
  // flush:   the job's bytes are all decided but the partial beat is not out;
  // place:   take the offered source beat (emitting a beat if it completes one);
  // pad:     the input ended short: emit the partial beat, padding with strobe 0;
  // drop:    the output is complete: take source beats without placing them.
  logic flush, place, pad, drop, emit;
  logic [DataWidth-1:0] emit_data;
  logic [BeatBytes-1:0] emit_strb;
  logic                 emit_last;
  logic                 finish;

  always_comb begin
    flush = active_q && !out_done_q && room_empty_q;  // fill_q > 0 here by construction
    pad   = active_q && !out_done_q && in_done_q && !room_empty_q;
    drop  = active_q && out_done_q && !in_done_q;
    place = active_q && !out_done_q && !in_done_q && !room_empty_q && beat_valid_i;
    emit_data = merge(this_lanes, rotated, part_data_q);
    emit_strb = part_strb_q | (this_lanes & rotated_ok);
    emit_last = 1'b0;
    emit = 1'b0;
    if (flush || pad) begin
      emit      = 1'b1;
      emit_data = part_data_q;
      emit_strb = part_strb_q;
      emit_last = flush || (room_near && room_low <= RangeWidth'(BeatBytes) - RangeWidth'(fill_q));
    end else if (place) begin
      emit      = completes_beat || completes_job;
      emit_last = completes_job && reach <= sum_t'(BeatBytes);
    end
  end

  assign out_valid_o = emit;
  assign out_data_o  = emit_data;
  assign out_strb_o  = emit_strb;
  assign out_last_o  = emit_last;

  // A source beat is taken when dropped, or placed while the output is ready
  // (whether or not it completes a beat, so the ready does not wait for the
  // placing arithmetic).
  assign beat_ready_o = drop || (place && out_ready_i);
  assign job_ready_o  = !active_q && !done_pending_q;
  assign finish = active_q && (out_done_q || (emit && emit_last && out_ready_i)) &&
                  (in_done_q || (beat_valid_i && beat_ready_o && beat_job_end_i));

  assign done_valid_o = done_pending_q;
  assign done_bytes_o = done_bytes_q;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      active_q       <= 1'b0;
      in_done_q      <= 1'b0;
      out_done_q     <= 1'b0;
      fill_q         <= '0;
      room_q         <= '0;
      room_empty_q   <= 1'b1;
      delivered_q    <= '0;
      part_strb_q    <= '0;
      done_pending_q <= 1'b0;
      done_bytes_q   <= '0;
    end else begin
      if (done_valid_o && done_ready_i) done_pending_q <= 1'b0;
      if (job_valid_i && job_ready_o) begin
        active_q    <= 1'b1;
        in_done_q   <= 1'b0;
        out_done_q  <= 1'b0;
        fill_q      <= job_offset_i;
        room_q      <= job_bytes_i;
        room_empty_q <= 1'b0;
        delivered_q <= '0;
        part_strb_q <= '0;
      end
      if (beat_valid_i && beat_ready_o) begin
        delivered_q <= delivered_q + count_t'(bytes_in);
        if (beat_job_end_i) in_done_q <= 1'b1;
      end
      if (place && beat_ready_o) begin
        room_q       <= completes_job ? '0 : room_q - count_t'(bytes_in);
        room_empty_q <= completes_job;
        if (completes_beat) begin
          fill_q      <= OffsetWidth'(reach - sum_t'(BeatBytes));
          part_strb_q <= next_lanes & rotated_ok;
        end else if (emit) begin
          fill_q      <= '0;
          part_strb_q <= '0;
        end else begin
          fill_q      <= OffsetWidth'(reach);
          part_strb_q <= emit_strb;
        end
        if (emit && emit_last) out_done_q <= 1'b1;
      end
      if ((flush || pad) && out_ready_i) begin
        room_q      <= emit_last ? '0 : room_q - (count_t'(BeatBytes) - count_t'(fill_q));
        room_empty_q <= emit_last;
        fill_q      <= '0;
        part_strb_q <= '0;
        if (emit_last) out_done_q <= 1'b1;
      end
      // The count follows the input until the job finishes, then holds while
      // it is offered, so only the two flags wait for finish.
      if (!done_pending_q) done_bytes_q <= delivered_q + (beat_valid_i && beat_ready_o ? count_t'(bytes_in) : '0);
      if (finish) begin
        active_q       <= 1'b0;
        done_pending_q <= 1'b1;
      end
    end
  end

  always_ff @(posedge clk_i) begin
    if (place && beat_ready_o) part_data_q <= completes_beat ? rotated : emit_data;
  end

`ifndef SYNTHESIS
  tsr_stream_assert #(.Width(OffsetWidth + $bits(job_bytes_i))) u_job_rules (
    .clk_i, .rst_ni, .valid_i(job_valid_i), .ready_i(job_ready_o), .data_i({job_offset_i, job_bytes_i}));
  tsr_stream_assert #(.Width(DataWidth + BeatBytes + 2 * RangeWidth + 1)) u_beat_rules (
    .clk_i, .rst_ni, .valid_i(beat_valid_i), .ready_i(beat_ready_o),
    .data_i({beat_ok_i, beat_lo_i, beat_hi_i, beat_job_end_i, beat_data_i}));  // data in the low bits: whole-word copies
  tsr_stream_assert #(.Width(DataWidth + BeatBytes + 1)) u_out_rules (
    .clk_i, .rst_ni, .valid_i(out_valid_o), .ready_i(out_ready_i), .data_i({out_strb_o, out_last_o, out_data_o}));
  tsr_stream_assert #(.Width($bits(done_bytes_o))) u_done_rules (
    .clk_i, .rst_ni, .valid_i(done_valid_o), .ready_i(done_ready_i), .data_i(done_bytes_o));
  // Immediate assertions at each edge out of reset, on the values before the
  // edge (as concurrent ones would sample them, without sampled copies).
  always @(posedge clk_i) begin
    if (rst_ni) begin
      a_job_not_empty : assert (!job_valid_i || job_bytes_i != '0) else $error("packer: a job of 0 bytes");
      a_beat_range : assert (!beat_valid_i || (beat_lo_i <= beat_hi_i && beat_hi_i <= RangeWidth'(BeatBytes) &&
                                                (beat_lo_i != beat_hi_i || beat_job_end_i)))
        else $error("packer: bad byte range");
      a_room_empty : assert (room_empty_q == (room_q == '0)) else $error("packer: room_empty_q out of step");
      a_flush_has_bytes : assert (!flush || fill_q != '0) else $error("packer: nothing to flush");
    end
  end
`endif
endmodule
