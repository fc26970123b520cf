// tsr_dma_reader: the read half of the gather engine. It cuts each source
// tile into AXI4 INCR bursts (full-width beats, at most 256 beats, never
// across a 4 KiB boundary), issues them with one ID (tag) per burst in
// flight, and puts the returning beats, in whatever order the nodes answer,
// into a circular buffer at places reserved when the burst was issued. Beats
// leave the buffer in tile order, each with the range of bytes of its tile
// it carries, so the packer can lay them out at the destination.
//
// Contract:
//   - tile_i: source node, address, byte count (may be 0: a marker), last
//     (the job's last tile); tiles are read in order;
//   - a burst is issued only when a tag is free and the buffer has room for
//     all its beats, so R is always accepted (r_ready_o is 1): a slow
//     consumer never blocks a node's R channel;
//   - beat_o: data, per-byte ok (0 where the read failed), valid bytes
//     [lo, hi), job_end on the job's last beat (a job-end marker with no
//     bytes when the last tile ended with an empty tile); on the job_end
//     beat, fault_* give the job's first failed read (node, beat address,
//     response) in address order, fault_valid_o says whether there was one.
// Up to 2^TagWidth bursts in flight and BufferBeats beats reserved; one AR
// per cycle, one R beat and one output beat per cycle.
module tsr_dma_reader #(
  parameter int DataWidth   = 256,
  parameter int TagWidth    = 6,
  parameter int BufferBeats = 512,
  parameter int BurstQueue  = 64,
  localparam int BeatBytes   = DataWidth / 8,
  localparam int OffsetWidth = $clog2(BeatBytes),
  localparam int RangeWidth  = OffsetWidth + 1,
  localparam int SlotWidth   = $clog2(BufferBeats)
) (
  input  logic                           clk_i,
  input  logic                           rst_ni,
  input  logic [3:0]                     qos_i,
  input  tessera_pkg::dma_tile_t         tile_i,
  input  logic                           tile_valid_i,
  output logic                           tile_ready_o,
  output tessera_pkg::axi_ax_t           ar_o,
  output tessera_pkg::node_id_t          ar_node_o,
  output logic                           ar_valid_o,
  input  logic                           ar_ready_i,
  input  tessera_pkg::axi_r_t            r_i,
  input  logic [DataWidth-1:0]           r_data_i,
  input  logic                           r_valid_i,
  output logic                           r_ready_o,
  output logic [DataWidth-1:0]           beat_data_o,
  output logic [BeatBytes-1:0]           beat_ok_o,
  output logic [RangeWidth-1:0]          beat_lo_o,
  output logic [RangeWidth-1:0]          beat_hi_o,
  output logic                           beat_job_end_o,
  output logic                           fault_valid_o,
  output logic [1:0]                     fault_resp_o,
  output tessera_pkg::node_id_t          fault_node_o,
  output tessera_pkg::node_addr_t        fault_addr_o,
  output logic                           beat_valid_o,
  input  logic                           beat_ready_i
);
  localparam int NumTags      = 1 << TagWidth;
  localparam int MaxBurstBeats = (tessera_pkg::AxiBoundaryBytes / BeatBytes) < tessera_pkg::AxiMaxBurstBeats ?
                                 tessera_pkg::AxiBoundaryBytes / BeatBytes : tessera_pkg::AxiMaxBurstBeats;
  localparam int BeatsWidth   = $clog2(MaxBurstBeats + 1);
  localparam int AddrWidth    = tessera_pkg::NodeAddrWidth + 1;  // end addresses may reach the node size
  localparam int BeatLow      = BeatBytes - 1;
  localparam int PageLow      = tessera_pkg::AxiBoundaryBytes - 1;

  localparam int IdWidth = tessera_pkg::AxiIdWidth;

  if (DataWidth != 64 && DataWidth != 128 && DataWidth != 256 && DataWidth != 512) begin : gen_width_check
    $error("tsr_dma_reader: DataWidth must be 64, 128, 256 or 512");
  end
  if (TagWidth < 1 || TagWidth > tessera_pkg::AxiIdWidth) begin : gen_tag_check
    $error("tsr_dma_reader: TagWidth must be 1..AxiIdWidth");
  end
  if ((1 << SlotWidth) != BufferBeats || BufferBeats < MaxBurstBeats) begin : gen_buffer_check
    $error("tsr_dma_reader: BufferBeats must be a power of two holding a whole burst");
  end

  typedef logic [AddrWidth-1:0]  addr_t;
  typedef logic [SlotWidth:0]    slot_count_t;
  typedef logic [BeatsWidth-1:0] beats_t;

  // A burst's entry in issue order: what the output side needs to walk it.
  typedef struct packed {
    beats_t                  beats;     // 0: a job-end marker
    logic [OffsetWidth-1:0]  lo;        // first valid byte of the first beat
    logic [RangeWidth-1:0]   hi_last;   // valid bytes of the last beat
    logic                    job_end;
    tessera_pkg::node_id_t   node;
    tessera_pkg::node_addr_t addr;      // beat-aligned address of the first beat
  } burst_t;

  // ---- the tile being cut into bursts -----------------------------------------------
  logic                    active_q, first_q, last_q;
  tessera_pkg::node_id_t   node_q;
  addr_t                   next_q, end_q;   // next beat-aligned address; tile end (exclusive)
  logic [OffsetWidth-1:0]  lo_q;

  addr_t  end_aligned, page_end, limit_end, burst_end;
  beats_t burst_beats;
  logic   tile_done_after;  // this burst reaches the end of the tile

  always_comb begin
    end_aligned = (end_q + addr_t'(BeatLow)) & ~addr_t'(BeatLow);
    page_end    = (next_q | addr_t'(PageLow)) + 1'b1;
    limit_end   = next_q + addr_t'(MaxBurstBeats * BeatBytes);
    burst_end   = end_aligned;
    if (page_end < burst_end) burst_end = page_end;
    if (limit_end < burst_end) burst_end = limit_end;
    burst_beats = beats_t'((burst_end - next_q) >> OffsetWidth);
    tile_done_after = burst_end == end_aligned;
  end

  // ---- tags and buffer space ------------------------------------------------------------
  logic [NumTags-1:0]     tag_busy_q;
  logic [SlotWidth-1:0]   tag_base_q [NumTags];
  beats_t                 tag_count_q [NumTags];
  logic [TagWidth-1:0]    free_tag;
  logic                   tag_available;
  logic [SlotWidth-1:0]   alloc_q, read_q;
  slot_count_t            reserved_q;       // slots reserved and not yet consumed

  always_comb begin
    free_tag = '0;
    tag_available = 1'b0;
    for (int t = NumTags - 1; t >= 0; t--) begin
      if (!tag_busy_q[t]) begin
        free_tag = TagWidth'(t);
        tag_available = 1'b1;
      end
    end
  end

  // ---- burst queue (issue order) -------------------------------------------------------------
  burst_t burst_in, burst_head;
  logic   burst_push, burst_push_ready, burst_head_valid, burst_pop;
  logic [$clog2(BurstQueue + 1)-1:0] bursts_queued;

  tsr_fifo #(.Width($bits(burst_in)), .Depth(BurstQueue)) u_bursts (
    .clk_i, .rst_ni,
    .valid_i(burst_push), .ready_o(burst_push_ready), .data_i(burst_in),
    .valid_o(burst_head_valid), .ready_i(burst_pop), .data_o(burst_head),
    .count_o(bursts_queued));

  // ---- issuing ------------------------------------------------------------------------------------
  logic empty_tile, issue_marker, room;
  assign empty_tile = tile_i.bytes == '0;
  assign room = slot_count_t'(BufferBeats) - reserved_q >= slot_count_t'(burst_beats);
  // An empty last tile ends its job with a marker entry.
  assign issue_marker = !active_q && tile_valid_i && empty_tile && tile_i.last;

  // A burst is issued (tag and buffer slots reserved) when it enters the AR
  // output register, which holds it until the fabric takes it.
  tessera_pkg::axi_ax_t ar_next;
  logic                 issue_valid, issue_ready, ar_valid_q;
  assign issue_valid = active_q && tag_available && room && burst_push_ready;
  assign issue_ready = !ar_valid_q || ar_ready_i;
  assign ar_valid_o  = ar_valid_q;
  always_comb begin
    ar_next       = '0;
    ar_next.id    = IdWidth'(free_tag);
    ar_next.addr  = 64'(next_q);
    ar_next.len   = 8'(burst_beats - 1'b1);
    ar_next.size  = 3'(OffsetWidth);
    ar_next.burst = tessera_pkg::AxiBurstIncr;
    ar_next.qos   = qos_i;
  end
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) ar_valid_q <= 1'b0;
    else if (issue_ready) ar_valid_q <= issue_valid;
  end
  always_ff @(posedge clk_i) begin
    if (issue_valid && issue_ready) begin
      ar_o      <= ar_next;
      ar_node_o <= node_q;
    end
  end

  assign tile_ready_o = !active_q && (!empty_tile || !tile_i.last || burst_push_ready);

  logic ar_fire;  // a burst is issued
  assign ar_fire = issue_valid && issue_ready;

  always_comb begin
    burst_in.beats   = burst_beats;
    burst_in.lo      = first_q ? lo_q : '0;
    burst_in.hi_last = tile_done_after ? RangeWidth'(end_q - (end_aligned - addr_t'(BeatBytes))) : RangeWidth'(BeatBytes);
    burst_in.job_end = tile_done_after && last_q;
    burst_in.node    = node_q;
    burst_in.addr    = tessera_pkg::node_addr_t'(next_q);
    burst_push       = ar_fire;
    if (issue_marker) begin
      burst_in         = '0;
      burst_in.job_end = 1'b1;
      burst_in.node    = tile_i.node;
      burst_in.addr    = tile_i.addr;
      burst_push       = 1'b1;
    end
  end

  // ---- returning beats ------------------------------------------------------------------------------
  logic [TagWidth-1:0]  r_tag;
  logic [SlotWidth-1:0] r_slot;
  logic                 r_fire;
  assign r_ready_o = 1'b1;
  assign r_fire = r_valid_i;
  assign r_tag = r_i.id[TagWidth-1:0];
  assign r_slot = tag_base_q[r_tag] + SlotWidth'(tag_count_q[r_tag]);

  // Each slot holds a beat and its response, one RAM word.
  logic [DataWidth+1:0]   buffer [BufferBeats];
  logic [BufferBeats-1:0] filled_q;

  // Storage without reset: the buffer and each tag's place.
  always_ff @(posedge clk_i) begin
    if (r_fire) buffer[r_slot] <= {r_i.resp, r_data_i};
    for (int t = 0; t < NumTags; t++) begin
      if (ar_fire && free_tag == TagWidth'(t)) begin
        tag_base_q[t]  <= alloc_q;
        tag_count_q[t] <= '0;
      end else if (r_fire && r_tag == TagWidth'(t)) begin
        tag_count_q[t] <= tag_count_q[t] + 1'b1;
      end
    end
  end

  // ---- output side: walk the bursts in order ---------------------------------------------------
  // Stage 1 picks the next beat (or marker) and reads its slot; stage 2 holds
  // it for the consumer. Stage 1 runs when stage 2 is empty or being taken.
  beats_t                  walk_q;          // beats of the head burst already passed on
  logic                    stage_valid_q;
  logic                    pick;            // stage 1 moves a beat or marker into stage 2
  logic                    head_is_marker, head_beat_ready, head_last_beat;
  logic [SlotWidth-1:0]    pick_slot;
  logic [DataWidth-1:0]    stage_data_q;
  logic [1:0]              stage_resp_q;
  logic [OffsetWidth-1:0]  stage_lo_q;
  logic [RangeWidth-1:0]   stage_hi_q;
  logic                    stage_job_end_q, stage_marker_q;
  tessera_pkg::node_id_t   stage_node_q;
  tessera_pkg::node_addr_t stage_addr_q;
  // first failed read of the job being output
  logic                    fault_q;
  logic [1:0]              fault_resp_q;
  tessera_pkg::node_id_t   fault_node_q;
  tessera_pkg::node_addr_t fault_addr_q;

  assign head_is_marker  = burst_head.beats == '0;
  assign pick_slot       = read_q;
  assign head_beat_ready = head_is_marker || filled_q[pick_slot];
  assign head_last_beat  = head_is_marker || walk_q + 1'b1 == burst_head.beats;
  assign pick            = burst_head_valid && head_beat_ready && (!stage_valid_q || beat_ready_i);
  assign burst_pop       = pick && head_last_beat;

  // A marker reads nothing: its stage_resp_q is ignored (stage_fault).
  always_ff @(posedge clk_i) begin
    if (pick && !head_is_marker) {stage_resp_q, stage_data_q} <= buffer[pick_slot];
  end

  logic stage_fault;  // the beat in stage 2 failed
  assign stage_fault = !stage_marker_q && stage_resp_q != tessera_pkg::AxiRespOkay;

  assign beat_valid_o   = stage_valid_q;
  assign beat_data_o    = stage_data_q;
  assign beat_ok_o      = stage_fault ? '0 : '1;
  assign beat_lo_o      = stage_marker_q ? '0 : RangeWidth'(stage_lo_q);
  assign beat_hi_o      = stage_marker_q ? '0 : stage_hi_q;
  assign beat_job_end_o = stage_job_end_q;
  // On the job-end beat: the job's first failure, this beat included.
  assign fault_valid_o  = fault_q || stage_fault;
  assign fault_resp_o   = fault_q ? fault_resp_q : stage_resp_q;
  assign fault_node_o   = fault_q ? fault_node_q : stage_node_q;
  assign fault_addr_o   = fault_q ? fault_addr_q : stage_addr_q;

  // ---- state -----------------------------------------------------------------------------------------
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      active_q        <= 1'b0;
      first_q         <= 1'b0;
      last_q          <= 1'b0;
      node_q          <= '0;
      next_q          <= '0;
      end_q           <= '0;
      lo_q            <= '0;
      tag_busy_q      <= '0;
      alloc_q         <= '0;
      read_q          <= '0;
      reserved_q      <= '0;
      filled_q        <= '0;
      walk_q          <= '0;
      stage_valid_q   <= 1'b0;
      stage_lo_q      <= '0;
      stage_hi_q      <= '0;
      stage_job_end_q <= 1'b0;
      stage_marker_q  <= 1'b0;
      stage_node_q    <= '0;
      stage_addr_q    <= '0;
      fault_q         <= 1'b0;
      fault_resp_q    <= '0;
      fault_node_q    <= '0;
      fault_addr_q    <= '0;
    end else begin
      // tiles
      if (tile_valid_i && tile_ready_o && !empty_tile) begin
        active_q <= 1'b1;
        first_q  <= 1'b1;
        last_q   <= tile_i.last;
        node_q   <= tile_i.node;
        next_q   <= addr_t'(tile_i.addr) & ~addr_t'(BeatLow);
        end_q    <= addr_t'(tile_i.addr) + addr_t'(tile_i.bytes);
        lo_q     <= tile_i.addr[OffsetWidth-1:0];
      end
      if (ar_fire) begin
        first_q <= 1'b0;
        next_q  <= burst_end;
        if (tile_done_after) active_q <= 1'b0;
        alloc_q <= alloc_q + SlotWidth'(burst_beats);
      end
      reserved_q <= reserved_q + (ar_fire ? slot_count_t'(burst_beats) : '0) - ((pick && !head_is_marker) ? slot_count_t'(1) : '0);

      // tags: taken on AR, freed on the last R beat
      for (int t = 0; t < NumTags; t++) begin
        if (ar_fire && free_tag == TagWidth'(t)) tag_busy_q[t] <= 1'b1;
        if (r_fire && r_tag == TagWidth'(t) && r_i.last) tag_busy_q[t] <= 1'b0;
      end
      if (r_fire) filled_q[r_slot] <= 1'b1;

      // output
      if (stage_valid_q && beat_ready_i) begin
        stage_valid_q <= 1'b0;
        if (stage_job_end_q) begin
          fault_q <= 1'b0;
        end else if (stage_fault && !fault_q) begin
          fault_q      <= 1'b1;
          fault_resp_q <= stage_resp_q;
          fault_node_q <= stage_node_q;
          fault_addr_q <= stage_addr_q;
        end
      end
      if (pick) begin
        stage_valid_q   <= 1'b1;
        stage_marker_q  <= head_is_marker;
        stage_lo_q      <= walk_q == '0 ? burst_head.lo : '0;
        stage_hi_q      <= head_last_beat ? burst_head.hi_last : RangeWidth'(BeatBytes);
        stage_job_end_q <= head_last_beat && burst_head.job_end;
        stage_node_q    <= burst_head.node;
        stage_addr_q    <= burst_head.addr + tessera_pkg::node_addr_t'(walk_q) * tessera_pkg::node_addr_t'(BeatBytes);
        walk_q          <= head_last_beat ? '0 : walk_q + 1'b1;
        if (!head_is_marker) begin
          filled_q[pick_slot] <= 1'b0;
          read_q <= read_q + 1'b1;
        end
      end
    end
  end

`ifndef SYNTHESIS
  tsr_stream_assert #(.Width($bits(tile_i))) u_tile_rules (
    .clk_i, .rst_ni, .valid_i(tile_valid_i), .ready_i(tile_ready_o), .data_i(tile_i));
  tsr_stream_assert #(.Width($bits(ar_o) + $bits(ar_node_o))) u_ar_rules (
    .clk_i, .rst_ni, .valid_i(ar_valid_o), .ready_i(ar_ready_i), .data_i({ar_o, ar_node_o}));
  tsr_stream_assert #(.Width(DataWidth + BeatBytes + 2 * RangeWidth + 1)) u_beat_rules (
    .clk_i, .rst_ni, .valid_i(beat_valid_o), .ready_i(beat_ready_i),
    .data_i({beat_data_o, beat_ok_o, beat_lo_o, beat_hi_o, beat_job_end_o}));
  a_r_has_tag : assert property (@(posedge clk_i) disable iff (!rst_ni)
      r_valid_i |-> tag_busy_q[r_tag]) else $error("reader: R beat for a tag not in flight");
  a_r_in_burst : assert property (@(posedge clk_i) disable iff (!rst_ni)
      r_valid_i |-> !filled_q[r_slot]) else $error("reader: R beat overwrites an unread slot");
  a_reserved_has_burst : assert property (@(posedge clk_i) disable iff (!rst_ni)
      reserved_q != '0 |-> bursts_queued != '0) else $error("reader: slots reserved with no burst queued");
  a_reserved_in_range : assert property (@(posedge clk_i) disable iff (!rst_ni)
      reserved_q <= slot_count_t'(BufferBeats)) else $error("reader: more slots reserved than the buffer holds");
  a_bursts_legal : assert property (@(posedge clk_i) disable iff (!rst_ni)
      issue_valid |-> burst_beats != '0 && burst_beats <= beats_t'(MaxBurstBeats)) else $error("reader: bad burst length");
`endif
endmodule
