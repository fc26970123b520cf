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
// Up to 2^TagWidth bursts in flight, BufferBeats beats reserved and
// BurstQueue bursts issued and not yet drained; one AR per cycle, one R beat
// and one output beat per cycle; a tile is taken at most every other cycle.
// Latency (clock edges from the one that takes the item to the one after
// which the result is valid): a tile's first AR 2 (the cut enters the
// candidate slice, then the AR register); an R beat on beat_o 2 at the
// earliest (its filled bit is seen a cycle late, then the output stage).
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
  localparam int PageBeats    = tessera_pkg::AxiBoundaryBytes / BeatBytes;
  localparam int PageWidth    = $clog2(PageBeats);
  localparam int PageNumWidth = tessera_pkg::NodeAddrWidth + 1 - PageWidth - OffsetWidth;  // a tile may end at the node's end
  localparam int LeftWidth    = tessera_pkg::ByteCountWidth - OffsetWidth + 1;  // beats of a tile
  localparam int BeatLow      = BeatBytes - 1;

  localparam int IdWidth = tessera_pkg::AxiIdWidth;

  if (DataWidth != 64 && DataWidth != 128 && DataWidth != 256 && DataWidth != 512) begin : gen_width_check
    $error("tsr_dma_reader: DataWidth must be 64, 128, 256 or 512");
  end
  if (TagWidth < 1 || TagWidth > tessera_pkg::AxiIdWidth) begin : gen_tag_check
    $error("tsr_dma_reader: TagWidth must be 1..AxiIdWidth");
  end
  if (BurstQueue < 2) begin : gen_queue_check
    $error("tsr_dma_reader: BurstQueue must be at least 2");
  end
  if ((1 << SlotWidth) != BufferBeats || BufferBeats < MaxBurstBeats) begin : gen_buffer_check
    $error("tsr_dma_reader: BufferBeats must be a power of two holding a whole burst");
  end

  typedef logic [SlotWidth:0]     slot_count_t;
  typedef logic [BeatsWidth-1:0]  beats_t;
  typedef logic [PageWidth-1:0]   page_off_t;
  typedef logic [PageNumWidth-1:0] page_t;
  typedef logic [LeftWidth-1:0]   left_t;

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
  // Counted in beats: the next burst starts at beat off_q of 4 KiB page
  // page_q and left_q beats of the tile remain. A burst is the page's rest,
  // at most MaxBurstBeats (cap), unless the tile ends first. Cuts go through
  // a register slice (u_cands) to the issue stage, which checks the head one
  // (cand) against tags and buffer room, so the cut arithmetic and the issue
  // decision are in different cycles. The left count steps by cap (the
  // length of every burst but a tile's last), so no wide subtraction waits
  // for the min.
  logic                   active_q, first_q, last_q;
  tessera_pkg::node_id_t  node_q;
  page_t                  page_q;
  page_off_t              off_q;
  left_t                  left_q;
  logic [OffsetWidth-1:0] lo_q;     // first valid byte of the tile's first beat
  logic [RangeWidth-1:0]  hi_q;     // valid bytes of the tile's last beat

  logic [PageWidth:0] page_rest;    // beats from off_q to the page's end
  beats_t             cap;
  logic               page_ends;    // a burst of cap beats ends the page
  logic               tile_ends;    // the tile's rest fits in this burst
  burst_t             cut;
  localparam int BurstBits = $bits(cut);

  always_comb begin
    page_rest = (PageWidth + 1)'(PageBeats) - (PageWidth + 1)'(off_q);
    page_ends = page_rest <= (PageWidth + 1)'(MaxBurstBeats);
    cap       = page_ends ? beats_t'(page_rest) : beats_t'(MaxBurstBeats);
    tile_ends = left_q[LeftWidth-1:BeatsWidth] == '0 && left_q[BeatsWidth-1:0] <= cap;
    cut.beats   = tile_ends ? beats_t'(left_q) : cap;  // 0 for an empty last tile: a marker
    cut.lo      = first_q ? lo_q : '0;
    cut.hi_last = tile_ends ? hi_q : RangeWidth'(BeatBytes);
    cut.job_end = tile_ends && last_q;
    cut.node    = node_q;
    cut.addr    = tessera_pkg::node_addr_t'({page_q, off_q, OffsetWidth'(0)});
  end

  // ---- tags and buffer space ------------------------------------------------------------
  logic [NumTags-1:0]     tag_busy_q;
  logic [SlotWidth-1:0]   tag_next_q [NumTags];  // per tag in flight: the slot of its next R beat
  logic [TagWidth-1:0]    free_tag;
  logic                   tag_available;
  logic [SlotWidth-1:0]   alloc_q, read_q;
  slot_count_t            free_q;           // slots not reserved (from a burst's issue until its beat is read)

  // The lowest free tag, by halving: when the lower half of the tags left
  // has no free one, the tag is in the upper half (log2 steps, not a scan
  // of every tag).
  logic [NumTags-1:0] free_left;
  always_comb begin
    free_left = ~tag_busy_q;
    free_tag  = '0;
    for (int b = TagWidth - 1; b >= 0; b--) begin
      if ((free_left & ({NumTags{1'b1}} >> (NumTags - (1 << b)))) == '0) begin
        free_tag[b] = 1'b1;
        free_left   = free_left >> (1 << b);
      end
    end
  end
  assign tag_available = !(&tag_busy_q);

  // ---- burst queue (issue order) -------------------------------------------------------------
  // A queue of BurstQueue - 1 entries and the head register (head_q) that
  // the output side walks.
  burst_t burst_head, head_q;
  logic   burst_push, burst_push_ready, burst_head_valid, burst_pop, head_valid_q, head_load;

  // ---- issuing ------------------------------------------------------------------------------------
  // The candidate burst: a burst enters the AR output register (tag and
  // buffer slots reserved, entry queued) when a tag is free and the buffer
  // has room; a marker only enters the burst queue.
  burst_t cand;
  logic   cand_valid, cand_marker, cand_take, cut_ready, advance;
  logic   room, issue_valid, issue_ready, ar_valid_q, ar_fire, marker_push;
  assign room        = free_q >= slot_count_t'(cand.beats);
  assign issue_valid = cand_valid && !cand_marker && tag_available && room && burst_push_ready;
  assign issue_ready = !ar_valid_q || ar_ready_i;
  assign ar_fire     = issue_valid && issue_ready;
  assign marker_push = cand_valid && cand_marker && burst_push_ready;
  assign cand_take   = ar_fire || marker_push;
  assign advance     = active_q && cut_ready;
  assign burst_push  = cand_take;
  assign ar_valid_o  = ar_valid_q;

  // The cuts reach the issue stage through a register slice, so neither
  // side's decision waits for the other's.
  logic [BurstBits:0] cut_entry, cand_entry;  // {marker, burst}
  assign cut_entry = {cut.beats == '0, cut};
  tsr_skid #(.Width(1 + BurstBits)) u_cands (
    .clk_i, .rst_ni,
    .valid_i(advance), .ready_o(cut_ready), .data_i(cut_entry),
    .valid_o(cand_valid), .ready_i(cand_take), .data_o(cand_entry));
  assign cand_marker = cand_entry[BurstBits];
  assign cand        = cand_entry[BurstBits-1:0];

  tsr_fifo #(.Width(BurstBits), .Depth(BurstQueue - 1)) u_bursts (
    .clk_i, .rst_ni,
    .valid_i(burst_push), .ready_o(burst_push_ready), .data_i(cand),
    .valid_o(burst_head_valid), .ready_i(head_load), .data_o(burst_head),
    .count_o());

  tessera_pkg::axi_ax_t ar_next;
  always_comb begin
    ar_next       = '0;
    ar_next.id    = IdWidth'(free_tag);
    ar_next.addr  = 64'(cand.addr);
    ar_next.len   = 8'(cand.beats - 1'b1);
    ar_next.size  = 3'(OffsetWidth);
    ar_next.burst = tessera_pkg::AxiBurstIncr;
    ar_next.qos   = qos_i;
  end
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) ar_valid_q <= 1'b0;
    else if (issue_ready) ar_valid_q <= issue_valid;
  end
  always_ff @(posedge clk_i) begin
    if (head_load) head_q <= burst_head;
    if (ar_fire) begin
      ar_o      <= ar_next;
      ar_node_o <= cand.node;
    end
  end

  // A tile is taken while none is being cut; an empty tile that is not its
  // job's last is dropped.
  logic                   tile_take;
  logic [OffsetWidth-1:0] tile_end_lane;  // lane after the tile's last byte, mod beat
  assign tile_end_lane = tile_i.addr[OffsetWidth-1:0] + tile_i.bytes[OffsetWidth-1:0];
  assign tile_ready_o  = !active_q;
  assign tile_take    = tile_valid_i && !active_q && (tile_i.bytes != '0 || tile_i.last);

  // ---- returning beats ------------------------------------------------------------------------------
  logic [TagWidth-1:0]  r_tag;
  logic [SlotWidth-1:0] r_slot;
  logic                 r_fire;
  assign r_ready_o = 1'b1;
  assign r_fire = r_valid_i;
  assign r_tag = r_i.id[TagWidth-1:0];
  assign r_slot = tag_next_q[r_tag];

  // Each slot holds a beat and its response, one RAM word.
  logic [DataWidth+1:0]   buffer [BufferBeats];
  logic [BufferBeats-1:0] filled_q;

  // Storage without reset: the buffer and each tag's place. An R beat's tag
  // is in flight and the issued one was free, so the two writes never meet.
  always_ff @(posedge clk_i) begin
    if (r_fire) begin
      buffer[r_slot]    <= {r_i.resp, r_data_i};
      tag_next_q[r_tag] <= r_slot + 1'b1;
    end
    if (ar_fire) tag_next_q[free_tag] <= alloc_q;
  end

  // ---- output side: walk the bursts in order ---------------------------------------------------
  // Stage 1 picks the next beat (or marker) and reads its slot; stage 2 holds
  // it for the consumer. Stage 1 runs when stage 2 is empty or being taken.
  beats_t                  walk_q;          // beats of the head burst already passed on
  logic                    stage_valid_q;
  logic                    pick;            // stage 1 moves a beat or marker into stage 2
  logic                    head_is_marker, head_last_beat, read_step;
  logic                    head_filled_q;   // filled_q[read_q], one cycle late
  logic [SlotWidth-1:0]    read_next;
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

  // Stage 1 reads the head burst from head_q and whether its slot is filled
  // from head_filled_q, both registers, so a pick waits for no queue or
  // buffer-wide lookup. A filled bit falls only when its slot is read, so
  // head_filled_q is never wrongly 1; a beat that has just arrived is seen
  // a cycle later.
  assign head_is_marker  = head_q.beats == '0;
  assign head_last_beat  = head_is_marker || walk_q + 1'b1 == head_q.beats;
  assign pick            = head_valid_q && (head_is_marker || head_filled_q) && (!stage_valid_q || beat_ready_i);
  assign read_step       = pick && !head_is_marker;
  assign read_next       = read_q + 1'b1;
  assign burst_pop       = pick && head_last_beat;
  assign head_load       = burst_head_valid && (!head_valid_q || burst_pop);

  // A marker reads nothing: its stage_resp_q is ignored (stage_fault).
  always_ff @(posedge clk_i) begin
    if (read_step) {stage_resp_q, stage_data_q} <= buffer[read_q];
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
      page_q          <= '0;
      off_q           <= '0;
      left_q          <= '0;
      lo_q            <= '0;
      hi_q            <= '0;
      tag_busy_q      <= '0;
      alloc_q         <= '0;
      read_q          <= '0;
      free_q          <= slot_count_t'(BufferBeats);
      filled_q        <= '0;
      walk_q          <= '0;
      head_valid_q    <= 1'b0;
      head_filled_q   <= 1'b0;
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
      // tiles and their cuts
      if (tile_take) begin
        active_q <= 1'b1;
        first_q  <= 1'b1;
        last_q   <= tile_i.last;
        node_q   <= tile_i.node;
        page_q   <= page_t'(tile_i.addr[tessera_pkg::NodeAddrWidth-1:PageWidth+OffsetWidth]);
        off_q    <= tile_i.addr[PageWidth+OffsetWidth-1:OffsetWidth];
        left_q   <= left_t'(((tessera_pkg::ByteCountWidth + 1)'(tile_i.addr[OffsetWidth-1:0]) +
                             (tessera_pkg::ByteCountWidth + 1)'(tile_i.bytes) +
                             (tessera_pkg::ByteCountWidth + 1)'(BeatLow)) >> OffsetWidth);
        lo_q     <= tile_i.addr[OffsetWidth-1:0];
        hi_q     <= tile_end_lane == '0 ? RangeWidth'(BeatBytes) : RangeWidth'(tile_end_lane);
      end
      if (advance) begin
        first_q       <= 1'b0;
        if (tile_ends) active_q <= 1'b0;
        left_q <= left_q - left_t'(cap);
        off_q  <= page_ends ? '0 : off_q + page_off_t'(MaxBurstBeats);
        if (page_ends) page_q <= page_q + 1'b1;
      end
      if (ar_fire) alloc_q <= alloc_q + SlotWidth'(cand.beats);
      free_q <= free_q - (ar_fire ? slot_count_t'(cand.beats) : '0) + (read_step ? slot_count_t'(1) : '0);

      // tags: taken on AR, freed on the last R beat
      if (ar_fire) tag_busy_q[free_tag] <= 1'b1;
      if (r_fire && r_i.last) tag_busy_q[r_tag] <= 1'b0;
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
        stage_lo_q      <= walk_q == '0 ? head_q.lo : '0;
        stage_hi_q      <= head_last_beat ? head_q.hi_last : RangeWidth'(BeatBytes);
        stage_job_end_q <= head_last_beat && head_q.job_end;
        stage_node_q    <= head_q.node;
        stage_addr_q    <= head_q.addr + tessera_pkg::node_addr_t'(walk_q) * tessera_pkg::node_addr_t'(BeatBytes);
        walk_q          <= head_last_beat ? '0 : walk_q + 1'b1;
        if (!head_is_marker) begin
          filled_q[read_q] <= 1'b0;
          read_q <= read_next;
        end
      end
      if (burst_pop) head_valid_q <= 1'b0;
      if (head_load) head_valid_q <= 1'b1;
      head_filled_q <= read_step ? filled_q[read_next] : filled_q[read_q];
    end
  end

`ifndef SYNTHESIS
  tsr_stream_assert #(.Width($bits(tile_i))) u_tile_rules (
    .clk_i, .rst_ni, .valid_i(tile_valid_i), .ready_i(tile_ready_o), .data_i(tile_i));
  tsr_stream_assert #(.Width($bits(ar_o) + $bits(ar_node_o))) u_ar_rules (
    .clk_i, .rst_ni, .valid_i(ar_valid_o), .ready_i(ar_ready_i), .data_i({ar_o, ar_node_o}));
  tsr_stream_assert #(.Width(DataWidth + BeatBytes + 2 * RangeWidth + 1)) u_beat_rules (
    .clk_i, .rst_ni, .valid_i(beat_valid_o), .ready_i(beat_ready_i),
    .data_i({beat_ok_o, beat_lo_o, beat_hi_o, beat_job_end_o, beat_data_o}));  // data in the low bits: whole-word copies
  // Immediate assertions at each edge out of reset, on the values before the
  // edge (as concurrent ones would sample them, without Verilator keeping a
  // sampled copy of every signal they read).
  always @(posedge clk_i) begin
    if (rst_ni) begin
      a_r_has_tag : assert (!r_valid_i || tag_busy_q[r_tag]) else $error("reader: R beat for a tag not in flight");
      a_r_in_burst : assert (!r_valid_i || !filled_q[r_slot]) else $error("reader: R beat overwrites an unread slot");
      a_reserved_has_burst : assert (free_q == slot_count_t'(BufferBeats) || head_valid_q || burst_head_valid)
        else $error("reader: slots reserved with no burst queued");
      a_reserved_in_range : assert (free_q <= slot_count_t'(BufferBeats))
        else $error("reader: more slots reserved than the buffer holds");
      a_bursts_legal : assert (!issue_valid || (cand.beats != '0 && cand.beats <= beats_t'(MaxBurstBeats)))
        else $error("reader: bad burst length");
    end
  end
`endif
endmodule
