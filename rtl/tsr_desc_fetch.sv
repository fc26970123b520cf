// tsr_desc_fetch: the descriptor fetch of one context. It reads a binary
// network descriptor (docs/spec.md section 6) over an AXI4 read-only master
// port, checks it exactly as the golden model's decoder does, and streams
// its layers out for the context FSM. Details and figures:
// docs/blocks/desc_fetch.md.
//
// Contract:
//   - req_i (valid/ready, accepted only when idle): node, byte address (a
//     multiple of 8), buffer length, QoS and a tag. One request at a time:
//     its result (done_o) is handed over before the next one is accepted.
//   - Pass 1 reads the beats holding bytes [0, 32) (only [0, 8) when the
//     buffer is under 32 bytes; nothing under 4 bytes), checks magic,
//     length and version, then reads the beats holding [32, total) and
//     checks the CRC-32 of [16, total) and every record, the strings section
//     and the leftovers, in spec order: the verdict (code, layer index) is
//     the decoder's on the same bytes, the buffer being buffer_bytes long.
//   - Pass 2, only when pass 1 found nothing: re-reads the beats holding
//     [32, records end) and streams, in order, per layer one DescItemLayer
//     item then its tile count DescItemKey items (item_o, valid/ready, at
//     most one item per cycle). Pass 2 runs the record checks again, so a
//     descriptor changed between the passes ends with DESC_FORMAT rather
//     than with malformed items.
//   - done_o (valid/ready): {code, layer index or 0xFFFF, layer count,
//     network id, tag}, exactly once per request, after the request's last
//     item was taken and after every burst it issued has completed, so the
//     port is idle. A SLVERR/DECERR beat ends the fetch with BUS_ERROR (layer
//     none in pass 1; in pass 2 the layer whose record the beat holds); a
//     descriptor address that is not a multiple of 8 is BUS_ERROR without a
//     read. The fetch never hangs as long as the port answers.
//   - AXI: INCR bursts of full beats, at most min(BurstBeats, 256) beats,
//     never across a 4 KiB boundary, all with ID 0 (so in order), several in
//     flight; a burst is issued only when the read buffer has room for all
//     of its beats, so r_ready_o is always 1.
// Throughput: pass 1 takes one segment per cycle: up to a beat of tile keys,
// input indices, string bytes or skipped words, or up to 3 header words;
// pass 2 one item per cycle (plus about 2 cycles per layer).
module tsr_desc_fetch #(
  parameter int DataWidth   = 256,
  parameter int BufferBeats = 64,
  parameter int BurstBeats  = 16,
  localparam int BeatBytes   = DataWidth / 8,
  localparam int Words       = DataWidth / 64,
  localparam int OffsetWidth = $clog2(BeatBytes)
) (
  input  logic                      clk_i,
  input  logic                      rst_ni,
  input  tsr_desc_pkg::desc_req_t   req_i,
  input  logic                      req_valid_i,
  output logic                      req_ready_o,
  output tessera_pkg::axi_ax_t      ar_o,
  output tessera_pkg::node_id_t     ar_node_o,
  output logic                      ar_valid_o,
  input  logic                      ar_ready_i,
  input  tessera_pkg::axi_r_t       r_i,
  input  logic [DataWidth-1:0]      r_data_i,
  input  logic                      r_valid_i,
  output logic                      r_ready_o,
  output tsr_desc_pkg::desc_item_t  item_o,
  output logic                      item_valid_o,
  input  logic                      item_ready_i,
  output tsr_desc_pkg::desc_done_t  done_o,
  output logic                      done_valid_o,
  input  logic                      done_ready_i
);
  localparam int MaxBurstBeats = (BurstBeats < tessera_pkg::AxiMaxBurstBeats ? BurstBeats : tessera_pkg::AxiMaxBurstBeats) <
                                 tessera_pkg::AxiBoundaryBytes / BeatBytes ?
                                 (BurstBeats < tessera_pkg::AxiMaxBurstBeats ? BurstBeats : tessera_pkg::AxiMaxBurstBeats) :
                                 tessera_pkg::AxiBoundaryBytes / BeatBytes;
  localparam int BurstBytes  = MaxBurstBeats * BeatBytes;
  localparam int SlotWidth   = $clog2(BufferBeats);
  localparam int LaneBits    = $clog2(Words + 1);   // a lane index 0..Words
  localparam int WordBits    = 30;                  // a word index in the descriptor (total < 2^32 bytes)
  localparam int LayerBits   = tsr_desc_pkg::LayerIndexWidth;
  localparam logic [31:0] Magic = 32'h41525354;
  localparam int BeatLow  = BeatBytes - 1;
  localparam int LaneLow  = Words - 1;
  localparam int BurstLow = BurstBytes - 1;
  localparam logic [63:0] BeatMask  = 64'(BeatLow);
  localparam logic [63:0] LaneMask  = 64'(LaneLow);
  localparam logic [63:0] BurstMask = 64'(BurstLow);

  if (DataWidth != 64 && DataWidth != 128 && DataWidth != 256 && DataWidth != 512) begin : gen_width_check
    $error("tsr_desc_fetch: DataWidth must be 64, 128, 256 or 512");
  end
  if ((1 << $clog2(BurstBeats)) != BurstBeats || BurstBeats < 1) begin : gen_burst_check
    $error("tsr_desc_fetch: BurstBeats must be a power of two");
  end
  if (tessera_pkg::NodeIdWidth != 5 || tessera_pkg::LayerIdWidth != 32 || tessera_pkg::SignatureWidth != 32 ||
      tessera_pkg::TileKeyWidth != 48) begin : gen_pkg_check
    $error("tsr_desc_fetch: tsr_desc_pkg's field widths no longer match tessera_pkg");
  end
  if ((1 << SlotWidth) != BufferBeats || BufferBeats < MaxBurstBeats) begin : gen_buffer_check
    $error("tsr_desc_fetch: BufferBeats must be a power of two holding a whole burst");
  end

  typedef logic [LaneBits-1:0]  lane_t;
  typedef logic [WordBits-1:0]  word_t;
  typedef logic [LayerBits-1:0] layer_t;
  typedef logic [SlotWidth:0]   slot_count_t;

  typedef enum logic [3:0] {
    StIdle,     // waiting for a request
    StDHdr,     // pass 1: the descriptor header's words
    StDChk,     // pass 1: magic, length, version; the header's own fields
    StLHdr,     // a layer record's 3 header words, then its checks (pass 2: its item)
    StKeys,     // its tile keys
    StInputs,   // its input indices and their padding
    StTrail,    // after the last record
    StSHdr,     // pass 1: a string's {id, length} word
    StSText,    // pass 1: a string's bytes
    StSkip,     // pass 1 after an error: words up to the end, for the CRC
    StFin,      // pass 1 verdict
    StEnd2,     // pass 2 finished
    StDrain,    // no more reads; wait for every issued beat and drop it
    StDone      // result on done_o
  } state_e;

  // ---- request -------------------------------------------------------------------------------------
  tsr_desc_pkg::desc_req_t req_q;
  state_e state_q, state_d;
  logic   pass2_q, pass2_d;
  logic   small_buf;  // buffer under 32 bytes: only the magic is read
  assign small_buf = req_q.buffer_bytes < 32'd32;

  function automatic logic [63:0] align_down(input logic [63:0] a);
    align_down = a & ~BeatMask;
  endfunction
  function automatic logic [63:0] align_up(input logic [63:0] a);
    align_up = (a + BeatMask) & ~BeatMask;
  endfunction
  function automatic lane_t lane_of(input logic [63:0] a);
    lane_of = LaneBits'((a >> 3) & LaneMask);
  endfunction

  // ---- reads -------------------------------------------------------------------------------------
  // The range being issued [rd_next_q, rd_end_q) (beat-aligned); the pass-2
  // range waits in r3_* until the current one is done.
  logic [63:0] rd_next_q, rd_end_q, rd_next_d, rd_end_d, r3_start_q, r3_end_q, r3_start_d, r3_end_d;
  logic        r3_armed_q, r3_armed_d, rd_stop_q, rd_stop_d;
  logic [63:0] page_end, burst_end;
  logic [8:0]  burst_beats;
  slot_count_t reserved_q, ready_beats_q;  // slots reserved (issued, not yet in the stage); beats in the buffer
  logic        room, issue_valid, issue_ready, ar_fire, ar_valid_q;
  tessera_pkg::axi_ax_t ar_next;

  always_comb begin
    page_end    = (rd_next_q | BurstMask) + 64'd1;
    burst_end   = page_end < rd_end_q ? page_end : rd_end_q;
    burst_beats = 9'((burst_end - rd_next_q) >> OffsetWidth);
  end
  assign room        = slot_count_t'(BufferBeats) - reserved_q >= slot_count_t'(burst_beats);
  assign issue_valid = !rd_stop_q && rd_next_q != rd_end_q && room;
  assign issue_ready = !ar_valid_q || ar_ready_i;
  assign ar_fire     = issue_valid && issue_ready;
  assign ar_valid_o  = ar_valid_q;
  always_comb begin
    ar_next       = '0;
    ar_next.addr  = rd_next_q;
    ar_next.len   = 8'(burst_beats - 9'd1);
    ar_next.size  = 3'(OffsetWidth);
    ar_next.burst = tessera_pkg::AxiBurstIncr;
    ar_next.qos   = req_q.qos;
  end
  always_ff @(posedge clk_i) begin
    if (ar_fire) ar_o <= ar_next;
  end
  assign ar_node_o = req_q.node;

  // ---- read buffer and stage -------------------------------------------------------------------
  // R beats land in order (one ID) in a RAM; the stage register holds the
  // beat the parser works on.
  logic [DataWidth:0]   buffer [BufferBeats];  // {error, data}
  logic [SlotWidth-1:0] wr_q, rd_q;
  logic                 r_fire, pick, stage_valid_q, stage_pop, stage_err_q;
  logic [DataWidth-1:0] stage_data_q;
  assign r_ready_o = 1'b1;
  assign r_fire    = r_valid_i;
  logic unused_r;  // one ID, in order: the ID and RLAST are not needed
  assign unused_r = ^{r_i.id, r_i.last};
  assign pick      = ready_beats_q != '0 && (!stage_valid_q || stage_pop);
  always_ff @(posedge clk_i) begin
    if (r_fire) buffer[wr_q] <= {r_i.resp != tessera_pkg::AxiRespOkay, r_data_i};
    if (pick) {stage_err_q, stage_data_q} <= buffer[rd_q];
  end

  logic [Words-1:0][63:0] lane;
  logic [63:0]            lane_p;  // the lane at the parser's position
  assign lane = stage_data_q;
  always_comb begin
    lane_p = lane[0];
    for (int l = 0; l < Words; l++) begin
      if (LaneBits'(l) == p_q) lane_p = lane[l];
    end
  end

  // ---- parser state ------------------------------------------------------------------------------
  lane_t       p_q, p_d;             // next lane of the stage beat
  word_t       w_q, w_d;             // descriptor word index of that lane
  word_t       end_w_q, end_w_d;     // words this pass reads: W (pass 1), records end (pass 2)
  logic [2:0]  h_q, h_d;             // header words collected
  logic [3:0][63:0] hw_q, hw_d;      // descriptor header, then the layer header
  word_t       total_w_q, total_w_d, rec_end_w_q, rec_end_w_d;
  logic [31:0] stored_crc_q, stored_crc_d, network_id_q, network_id_d;
  logic [LayerBits-1:0] layer_count_q, layer_count_d;
  logic        soff_nz_q, soff_nz_d, names_seen_q, names_seen_d;
  layer_t      layer_q, layer_d;
  logic [31:0] keys_left_q, keys_left_d, tile_q, tile_d;
  logic [14:0] in_words_q, in_words_d, in_left_q, in_left_d;
  word_t       text_left_q, text_left_d;
  logic [2:0]  text_pad_q, text_pad_d;
  logic [31:0] crc_q, crc_d, sig_q, sig_d;
  logic        sig_pending_q, sig_pending_d;
  layer_t      sig_layer_q, sig_layer_d;
  logic        fmt_err_q, fmt_err_d;
  layer_t      fmt_layer_q, fmt_layer_d;
  tessera_pkg::error_e res_code_q, res_code_d;
  layer_t      res_layer_q, res_layer_d;
  tsr_desc_pkg::desc_item_t item_q, item_d;
  logic        item_valid_q, item_push, item_free;

  assign item_free = !item_valid_q || item_ready_i;

  // The current layer's header fields (hw_q[0..2] after StLHdr); nh_*: those
  // of a header being completed this cycle (from hw_d).
  logic [31:0] l_sig, nh_tiles;
  logic [15:0] l_inputs;
  logic [7:0]  nh_flags, nh_node;
  logic [14:0] nh_in_words;
  assign l_inputs = hw_q[0][63:48];
  assign l_sig    = hw_q[1][63:32];

  // Descriptor header fields (hw_q[0..3] in StDChk).
  logic [31:0] d_magic, d_total, d_soff;
  logic [15:0] d_version;
  assign d_magic   = hw_q[0][31:0];
  assign d_version = hw_q[0][47:32];
  assign d_total   = hw_q[1][31:0];
  assign d_soff    = hw_q[2][63:32];
  logic [31:0] d_rec_end;  // where the records end
  assign d_rec_end = d_soff == '0 ? d_total : d_soff;
  logic [2:0] dhdr_left, lhdr_left;  // header words still to collect
  assign dhdr_left = small_buf ? 3'd1 - h_q : 3'd4 - h_q;
  assign lhdr_left = 3'd3 - h_q;

  // ---- per-lane checks -----------------------------------------------------------------------------
  lane_t avail;  // lanes left in the stage beat
  assign avail = lane_t'(Words) - p_q;

  logic [Words-1:0] key_bad, input_bad;
  logic [14:0]      in_base;  // index of the first input word in this cycle
  assign in_base = in_words_q - in_left_q;
  always_comb begin
    for (int l = 0; l < Words; l++) begin
      key_bad[l] = lane[l][63:48] != '0 || lane[l][3:0] == 4'd0 || lane[l][3:0] > 4'd7;
      input_bad[l] = 1'b0;
      for (int j = 0; j < 4; j++) begin
        // slot j of lane l: input number 4 * (in_base + l - p) + j
        if ((17'(in_base) + 17'(l) - 17'(p_q)) * 17'd4 + 17'(j) < 17'(l_inputs)) begin
          if (lane[l][16*j +: 16] >= layer_q) input_bad[l] = 1'b1;
        end else if (lane[l][16*j +: 16] != '0) begin
          input_bad[l] = 1'b1;
        end
      end
    end
  end

  // ---- CRC (descriptor) and signature (layer), over the lanes consumed ---------------------
  lane_t n_take;        // lanes consumed this cycle
  lane_t crc_lo;        // first lane the descriptor CRC covers (words 0, 1 excluded)
  logic [1:0] crc_skip; // words 0, 1 among this cycle's lanes
  logic [1:0][31:0] crc_state_in, crc_state_out;
  assign crc_state_in = {sig_q, crc_q};
  tsr_crc32 #(.Words(Words), .NumStates(2)) u_crc (
    .data_i(stage_data_q), .lo_i(crc_lo), .hi_i(p_q + n_take), .state_i(crc_state_in), .state_o(crc_state_out));

  // ---- the parser ----------------------------------------------------------------------------------
  lane_t  n_want;       // lanes the state would take from a good beat
  logic   go, bus_hit;  // consuming this cycle; the beat failed
  logic   err_now;      // a format fault found this cycle (layer err_layer)
  layer_t err_layer;
  logic   abort;        // end the fetch: result in res_*_d, drain
  logic   sig_bad;
  logic   req_fire;

  assign req_ready_o = state_q == StIdle;
  assign req_fire    = req_valid_i && req_ready_o;
  assign sig_bad     = sig_pending_q && ~sig_q != l_sig;

  function automatic lane_t min_lane(input logic [31:0] a, input lane_t b);
    min_lane = a < 32'(b) ? lane_t'(a) : b;
  endfunction

  always_comb begin
    // what each state would take from the stage beat
    n_want = '0;
    unique case (state_q)
      StDHdr:   n_want = min_lane(32'(dhdr_left), avail);
      StLHdr:   n_want = (h_q == '0 && (layer_q == layer_count_q || 34'(w_q) + 34'd3 > 34'(rec_end_w_q))) ||
                         (pass2_q && !item_free && 32'(lhdr_left) <= 32'(avail)) ? '0 :
                         min_lane(32'(lhdr_left), avail);
      StKeys:   n_want = pass2_q ? (item_free ? lane_t'(1) : '0) : min_lane(keys_left_q, avail);
      StInputs: n_want = min_lane(32'(in_left_q), avail);
      StSHdr:   n_want = w_q == end_w_q ? '0 : lane_t'(1);
      StSText:  n_want = min_lane(32'(text_left_q), avail);
      StSkip:   n_want = min_lane(32'(word_t'(end_w_q - w_q)), avail);
      default:  n_want = '0;
    endcase
  end
  assign go      = n_want != '0 && stage_valid_q && !stage_err_q;
  assign bus_hit = n_want != '0 && stage_valid_q && stage_err_q;
  assign n_take  = go ? n_want : '0;

  always_comb begin
    state_d       = state_q;
    pass2_d       = pass2_q;
    p_d           = p_q;
    w_d           = w_q;
    end_w_d       = end_w_q;
    h_d           = h_q;
    hw_d          = hw_q;
    total_w_d     = total_w_q;
    rec_end_w_d   = rec_end_w_q;
    stored_crc_d  = stored_crc_q;
    network_id_d  = network_id_q;
    layer_count_d = layer_count_q;
    soff_nz_d     = soff_nz_q;
    names_seen_d  = names_seen_q;
    layer_d       = layer_q;
    keys_left_d   = keys_left_q;
    tile_d        = tile_q;
    in_words_d    = in_words_q;
    in_left_d     = in_left_q;
    text_left_d   = text_left_q;
    text_pad_d    = text_pad_q;
    crc_d         = crc_q;
    sig_d         = sig_q;
    sig_pending_d = 1'b0;
    sig_layer_d   = sig_layer_q;
    fmt_err_d     = fmt_err_q;
    fmt_layer_d   = fmt_layer_q;
    res_code_d    = res_code_q;
    res_layer_d   = res_layer_q;
    rd_next_d     = ar_fire ? burst_end : rd_next_q;
    rd_end_d      = rd_end_q;
    r3_start_d    = r3_start_q;
    r3_end_d      = r3_end_q;
    r3_armed_d    = r3_armed_q;
    rd_stop_d     = rd_stop_q;
    item_d        = item_q;
    item_push     = 1'b0;
    stage_pop     = 1'b0;
    crc_lo        = p_q;
    crc_skip      = '0;
    nh_flags      = '0;
    nh_node       = '0;
    nh_tiles      = '0;
    nh_in_words   = '0;
    err_now       = 1'b0;
    err_layer     = layer_q;
    abort         = 1'b0;

    // the pass-2 range follows the current one
    if (r3_armed_q && rd_next_d == rd_end_q) begin
      rd_next_d  = r3_start_q;
      rd_end_d   = r3_end_q;
      r3_armed_d = 1'b0;
    end

    // words taken from the stage beat
    if (go) begin
      w_d = w_q + word_t'(n_take);
      if (p_q + n_take == lane_t'(Words)) begin
        p_d       = '0;
        stage_pop = 1'b1;
      end else begin
        p_d = p_q + n_take;
      end
      if (!pass2_q) crc_d = crc_state_out[0];
    end

    unique case (state_q)
      StIdle: begin
        if (req_fire) begin
          pass2_d       = 1'b0;
          p_d           = lane_of(req_i.addr);
          w_d           = '0;
          end_w_d       = '0;
          h_d           = '0;
          crc_d         = '1;
          fmt_err_d     = 1'b0;
          fmt_layer_d   = tsr_desc_pkg::NoLayer;
          names_seen_d  = 1'b0;
          layer_d       = '0;
          layer_count_d = '0;
          network_id_d  = '0;
          res_layer_d   = tsr_desc_pkg::NoLayer;
          rd_stop_d     = 1'b0;
          r3_armed_d    = 1'b0;
          rd_next_d     = align_down(req_i.addr);
          rd_end_d      = align_up(req_i.addr + (req_i.buffer_bytes < 32'd32 ? 64'd8 : 64'd32));
          state_d       = StDHdr;
          if (req_i.buffer_bytes < 32'd4) begin
            res_code_d = tessera_pkg::ErrDescLength;
            rd_stop_d  = 1'b1;
            state_d    = StDone;
          end else if (req_i.addr[2:0] != '0) begin
            res_code_d = tessera_pkg::ErrBusError;
            rd_stop_d  = 1'b1;
            state_d    = StDone;
          end
        end
      end

      StDHdr: begin
        // the CRC starts at word 2
        crc_skip = w_q == '0 ? 2'd2 : w_q == word_t'(1) ? 2'd1 : 2'd0;
        crc_lo   = 32'(crc_skip) > 32'(n_take) ? p_q + n_take : p_q + lane_t'(crc_skip);
        for (int j = 0; j < 4; j++) begin
          for (int l = 0; l < Words; l++) begin
            if (go && 3'(j) >= h_q && 32'(j) < 32'(h_q) + 32'(n_take) && 32'(l) == 32'(p_q) + 32'(j) - 32'(h_q)) begin
              hw_d[j] = lane[l];
            end
          end
        end
        if (go) begin
          h_d = h_q + 3'(n_take);
          if (h_d >= (small_buf ? 3'd1 : 3'd4)) state_d = StDChk;
        end
      end

      StDChk: begin
        if (d_magic != Magic) begin
          res_code_d = tessera_pkg::ErrDescMagic;
          abort = 1'b1;
        end else if (small_buf || d_total < 32'd32 || d_total[2:0] != '0 || d_total > req_q.buffer_bytes) begin
          res_code_d = tessera_pkg::ErrDescLength;
          abort = 1'b1;
        end else if (d_version != 16'd1) begin
          res_code_d = tessera_pkg::ErrDescVersion;
          abort = 1'b1;
        end else begin
          total_w_d     = word_t'(d_total >> 3);
          end_w_d       = word_t'(d_total >> 3);
          rec_end_w_d   = word_t'(d_rec_end >> 3);
          stored_crc_d  = hw_q[1][63:32];
          network_id_d  = hw_q[2][31:0];
          layer_count_d = hw_q[0][63:48];
          soff_nz_d     = d_soff != '0;
          rd_end_d      = align_up(req_q.addr + 64'(d_total));
          if (hw_q[0][63:48] == '0 || hw_q[3] != '0 ||
              (d_soff != '0 && (d_soff[2:0] != '0 || d_soff > d_total || d_soff < 32'd32))) begin
            fmt_err_d   = 1'b1;
            fmt_layer_d = tsr_desc_pkg::NoLayer;
            state_d     = StSkip;
          end else begin
            r3_start_d = align_down(req_q.addr + 64'd32);
            r3_end_d   = align_up(req_q.addr + 64'(d_rec_end));
            r3_armed_d = 1'b1;
            layer_d    = '0;
            h_d        = '0;
            state_d    = StLHdr;
          end
        end
      end

      StLHdr: begin
        if (h_q == '0 && layer_q == layer_count_q) begin
          state_d = StTrail;
        end else if (h_q == '0 && 34'(w_q) + 34'd3 > 34'(rec_end_w_q)) begin
          err_now = 1'b1;  // the record runs past the records
        end else begin
          for (int j = 0; j < 3; j++) begin
            for (int l = 0; l < Words; l++) begin
              if (go && 3'(j) >= h_q && 32'(j) < 32'(h_q) + 32'(n_take) && 32'(l) == 32'(p_q) + 32'(j) - 32'(h_q)) begin
                hw_d[j] = lane[l];
              end
            end
          end
          if (go) begin
            h_d = h_q + 3'(n_take);
            if (h_d == 3'd3) begin
              // the record's header is in: its checks, then its keys (pass 2: its item)
              nh_flags    = hw_d[0][39:32];
              nh_node     = hw_d[0][47:40];
              nh_tiles    = hw_d[1][31:0];
              nh_in_words = 15'((17'(hw_d[0][63:48]) + 17'd3) >> 2);
              if (nh_flags[7:1] != '0 || (!nh_flags[0] && nh_node != '0) || nh_tiles == '0 || hw_d[2] == '0 ||
                  34'(nh_tiles) + 34'(nh_in_words) > 34'(rec_end_w_q) - 34'(w_d)) begin
                err_now = 1'b1;
              end else begin
                keys_left_d = nh_tiles;
                tile_d      = '0;
                in_words_d  = nh_in_words;
                in_left_d   = nh_in_words;
                sig_d       = '1;
                state_d     = StKeys;
                if (pass2_q) begin
                  item_push        = 1'b1;
                  item_d           = '0;
                  item_d.kind      = tsr_desc_pkg::DescItemLayer;
                  item_d.last      = layer_q == layer_count_q - 1'b1;
                  item_d.layer     = layer_q;
                  item_d.tile      = nh_tiles;
                  item_d.layer_id  = hw_d[0][31:0];
                  item_d.pinned    = nh_flags[0];
                  item_d.node      = nh_node;
                  item_d.signature = hw_d[1][63:32];
                  item_d.bytes     = hw_d[2];
                end
              end
            end
          end
        end
      end

      StKeys: begin
        for (int l = 0; l < Words; l++) begin
          if (lane_t'(l) >= p_q && lane_t'(l) < p_q + n_take && key_bad[l]) err_now = 1'b1;
        end
        if (go) begin
          sig_d       = crc_state_out[1];
          keys_left_d = keys_left_q - 32'(n_take);
          tile_d      = tile_q + 32'(n_take);
          if (pass2_q) begin
            item_push  = 1'b1;
            item_d.kind = tsr_desc_pkg::DescItemKey;
            item_d.last = keys_left_q == 32'd1;
            item_d.tile = tile_q;
            item_d.key  = lane_p[47:0];
          end
          if (keys_left_d == '0) begin
            sig_pending_d = 1'b1;
            sig_layer_d   = layer_q;
            if (in_left_q != '0) begin
              state_d = StInputs;
            end else begin
              layer_d = layer_q + 1'b1;
              h_d     = '0;
              state_d = StLHdr;
            end
          end
        end
      end

      StInputs: begin
        for (int l = 0; l < Words; l++) begin
          if (lane_t'(l) >= p_q && lane_t'(l) < p_q + n_take && input_bad[l]) err_now = 1'b1;
        end
        if (go) begin
          in_left_d = in_left_q - 15'(n_take);
          if (in_left_d == '0) begin
            layer_d = layer_q + 1'b1;
            h_d     = '0;
            state_d = StLHdr;
          end
        end
      end

      StTrail: begin
        err_layer = tsr_desc_pkg::NoLayer;
        if (pass2_q) begin
          state_d = StEnd2;
        end else if (w_q != rec_end_w_q) begin
          err_now = 1'b1;  // bytes between the last record and the strings or the end
        end else begin
          state_d = StSHdr;
        end
      end

      StSHdr: begin
        err_layer = tsr_desc_pkg::NoLayer;
        if (w_q == end_w_q) begin
          if (soff_nz_q && !names_seen_q) err_now = 1'b1;  // an empty strings section
          else state_d = StFin;
        end else if (go) begin
          // {id, length}: the bytes, padded to 8, must fit before the end
          if (word_t'((33'(lane_p[63:32]) + 33'd7) >> 3) > end_w_q - w_q - 1'b1) begin
            err_now = 1'b1;
          end else begin
            names_seen_d = 1'b1;
            text_left_d  = word_t'((33'(lane_p[63:32]) + 33'd7) >> 3);
            text_pad_d   = lane_p[34:32];
            if (text_left_d != '0) state_d = StSText;
          end
        end
      end

      StSText: begin
        err_layer = tsr_desc_pkg::NoLayer;
        if (go) begin
          // the string's last word: its padding bytes must be zero
          for (int l = 0; l < Words; l++) begin
            if (32'(text_left_q) <= 32'(avail) && 32'(l) == 32'(p_q) + 32'(text_left_q) - 32'd1 && text_pad_q != '0 &&
                (lane[l] >> (6'(text_pad_q) * 6'd8)) != '0) begin
              err_now = 1'b1;
            end
          end
          text_left_d = text_left_q - word_t'(n_take);
          if (text_left_d == '0) state_d = StSHdr;
        end
      end

      StSkip: begin
        if (w_q == end_w_q) state_d = StFin;
      end

      StFin: begin
        if (p_q != '0) begin  // drop the rest of the last beat
          stage_pop = 1'b1;
          p_d       = '0;
        end
        if (~crc_q != stored_crc_q) begin
          res_code_d = tessera_pkg::ErrDescCrc;
          abort = 1'b1;
        end else if (fmt_err_q) begin
          res_code_d  = tessera_pkg::ErrDescFormat;
          res_layer_d = fmt_layer_q;
          abort = 1'b1;
        end else begin
          pass2_d = 1'b1;
          p_d     = lane_of(req_q.addr + 64'd32);
          w_d     = word_t'(4);
          end_w_d = rec_end_w_q;
          layer_d = '0;
          h_d     = '0;
          state_d = StLHdr;
        end
      end

      StEnd2: begin
        if (p_q != '0) begin
          stage_pop = 1'b1;
          p_d       = '0;
        end
        res_code_d = tessera_pkg::ErrOk;
        state_d    = StDrain;
      end

      StDrain: begin
        stage_pop = stage_valid_q;
        if (reserved_q == '0 && !stage_valid_q) state_d = StDone;
      end

      StDone: begin
        if (done_valid_o && done_ready_i) state_d = StIdle;
      end

      default: state_d = StIdle;
    endcase

    // a signature found wrong one cycle after its layer's last key comes first
    if (sig_bad) begin
      err_now   = 1'b1;
      err_layer = sig_layer_q;
    end
    if (err_now) begin
      if (pass2_q) begin
        res_code_d  = tessera_pkg::ErrDescFormat;
        res_layer_d = err_layer;
        abort       = 1'b1;
      end else begin
        if (!fmt_err_q) begin
          fmt_err_d   = 1'b1;
          fmt_layer_d = err_layer;
        end
        state_d = StSkip;
      end
    end
    if (bus_hit) begin
      res_code_d  = tessera_pkg::ErrBusError;
      res_layer_d = pass2_q && (state_q == StLHdr || state_q == StKeys || state_q == StInputs) ?
                    layer_q : tsr_desc_pkg::NoLayer;
      abort       = 1'b1;
    end
    if (abort) begin
      rd_stop_d  = 1'b1;
      r3_armed_d = 1'b0;
      state_d    = StDrain;
    end
  end

  // ---- outputs -------------------------------------------------------------------------------------
  assign item_o       = item_q;
  assign item_valid_o = item_valid_q;
  assign done_valid_o = state_q == StDone && !item_valid_q;
  always_comb begin
    done_o             = '0;
    done_o.code        = res_code_q;
    done_o.layer       = res_layer_q;
    done_o.layer_count = layer_count_q;
    done_o.network_id  = network_id_q;
    done_o.tag         = req_q.tag;
  end

  // ---- registers -----------------------------------------------------------------------------------
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      state_q       <= StIdle;
      pass2_q       <= 1'b0;
      req_q         <= '0;
      p_q           <= '0;
      w_q           <= '0;
      end_w_q       <= '0;
      h_q           <= '0;
      hw_q          <= '0;
      total_w_q     <= '0;
      rec_end_w_q   <= '0;
      stored_crc_q  <= '0;
      network_id_q  <= '0;
      layer_count_q <= '0;
      soff_nz_q     <= 1'b0;
      names_seen_q  <= 1'b0;
      layer_q       <= '0;
      keys_left_q   <= '0;
      tile_q        <= '0;
      in_words_q    <= '0;
      in_left_q     <= '0;
      text_left_q   <= '0;
      text_pad_q    <= '0;
      crc_q         <= '0;
      sig_q         <= '0;
      sig_pending_q <= 1'b0;
      sig_layer_q   <= '0;
      fmt_err_q     <= 1'b0;
      fmt_layer_q   <= '0;
      res_code_q    <= tessera_pkg::ErrOk;
      res_layer_q   <= '0;
      rd_next_q     <= '0;
      rd_end_q      <= '0;
      r3_start_q    <= '0;
      r3_end_q      <= '0;
      r3_armed_q    <= 1'b0;
      rd_stop_q     <= 1'b1;
      ar_valid_q    <= 1'b0;
      reserved_q    <= '0;
      ready_beats_q <= '0;
      wr_q          <= '0;
      rd_q          <= '0;
      stage_valid_q <= 1'b0;
      item_q        <= '0;
      item_valid_q  <= 1'b0;
    end else begin
      state_q       <= state_d;
      pass2_q       <= pass2_d;
      if (req_fire) req_q <= req_i;
      p_q           <= p_d;
      w_q           <= w_d;
      end_w_q       <= end_w_d;
      h_q           <= h_d;
      hw_q          <= hw_d;
      total_w_q     <= total_w_d;
      rec_end_w_q   <= rec_end_w_d;
      stored_crc_q  <= stored_crc_d;
      network_id_q  <= network_id_d;
      layer_count_q <= layer_count_d;
      soff_nz_q     <= soff_nz_d;
      names_seen_q  <= names_seen_d;
      layer_q       <= layer_d;
      keys_left_q   <= keys_left_d;
      tile_q        <= tile_d;
      in_words_q    <= in_words_d;
      in_left_q     <= in_left_d;
      text_left_q   <= text_left_d;
      text_pad_q    <= text_pad_d;
      crc_q         <= crc_d;
      sig_q         <= sig_d;
      sig_pending_q <= sig_pending_d;
      sig_layer_q   <= sig_layer_d;
      fmt_err_q     <= fmt_err_d;
      fmt_layer_q   <= fmt_layer_d;
      res_code_q    <= res_code_d;
      res_layer_q   <= res_layer_d;
      rd_next_q     <= rd_next_d;
      rd_end_q      <= rd_end_d;
      r3_start_q    <= r3_start_d;
      r3_end_q      <= r3_end_d;
      r3_armed_q    <= r3_armed_d;
      rd_stop_q     <= rd_stop_d;
      if (issue_ready) ar_valid_q <= issue_valid;
      reserved_q    <= reserved_q + (ar_fire ? slot_count_t'(burst_beats) : '0) - (pick ? slot_count_t'(1) : '0);
      ready_beats_q <= ready_beats_q + (r_fire ? slot_count_t'(1) : '0) - (pick ? slot_count_t'(1) : '0);
      if (r_fire) wr_q <= wr_q + 1'b1;
      if (pick) rd_q <= rd_q + 1'b1;
      if (pick) stage_valid_q <= 1'b1;
      else if (stage_pop) stage_valid_q <= 1'b0;
      if (item_push) item_q <= item_d;
      if (item_push) item_valid_q <= 1'b1;
      else if (item_ready_i) item_valid_q <= 1'b0;
    end
  end

`ifndef SYNTHESIS
  tsr_stream_assert #(.Width(tsr_desc_pkg::DescReqWidth)) u_req_rules (
    .clk_i, .rst_ni, .valid_i(req_valid_i), .ready_i(req_ready_o), .data_i(req_i));
  tsr_stream_assert #(.Width(tessera_pkg::AxiAxWidth + tessera_pkg::NodeIdWidth)) u_ar_rules (
    .clk_i, .rst_ni, .valid_i(ar_valid_o), .ready_i(ar_ready_i), .data_i({ar_o, ar_node_o}));
  tsr_stream_assert #(.Width(tsr_desc_pkg::DescItemWidth)) u_item_rules (
    .clk_i, .rst_ni, .valid_i(item_valid_o), .ready_i(item_ready_i), .data_i(item_o));
  tsr_stream_assert #(.Width(tsr_desc_pkg::DescDoneWidth)) u_done_rules (
    .clk_i, .rst_ni, .valid_i(done_valid_o), .ready_i(done_ready_i), .data_i(done_o));

  logic stage_in_use;
  assign stage_in_use = n_want != '0 || state_q == StFin || state_q == StEnd2;
  a_r_expected : assert property (@(posedge clk_i) disable iff (!rst_ni)
      r_valid_i |-> reserved_q > ready_beats_q) else $error("desc_fetch: R beat for no outstanding burst");
  a_reserved_in_range : assert property (@(posedge clk_i) disable iff (!rst_ni)
      reserved_q <= slot_count_t'(BufferBeats)) else $error("desc_fetch: more beats reserved than the buffer holds");
  a_lane_in_range : assert property (@(posedge clk_i) disable iff (!rst_ni)
      p_q < lane_t'(Words)) else $error("desc_fetch: lane pointer out of range");
  a_within_pass : assert property (@(posedge clk_i) disable iff (!rst_ni)
      go |-> 34'(w_q) + 34'(n_take) <= 34'(end_w_q) || state_q == StDHdr) else $error("desc_fetch: read past the pass's words");
  a_partial_beat_present : assert property (@(posedge clk_i) disable iff (!rst_ni)
      (state_q == StFin || state_q == StEnd2) && p_q != '0 |-> stage_valid_q) else $error("desc_fetch: partial beat missing");
  a_bursts_legal : assert property (@(posedge clk_i) disable iff (!rst_ni)
      issue_valid |-> burst_beats != '0 && burst_beats <= 9'(MaxBurstBeats)) else $error("desc_fetch: bad burst length");
  a_no_item_outside_pass2 : assert property (@(posedge clk_i) disable iff (!rst_ni)
      item_push |-> pass2_q) else $error("desc_fetch: item outside pass 2");
  a_stage_used_when_needed : assert property (@(posedge clk_i) disable iff (!rst_ni)
      stage_pop |-> stage_valid_q && stage_in_use || state_q == StDrain) else $error("desc_fetch: pop of no beat");
`endif
endmodule
