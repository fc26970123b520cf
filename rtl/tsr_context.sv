// tsr_context: one network in flight (docs/spec.md sections 6-10 and 15;
// docs/blocks/engine.md). It takes one submission or release at a time from
// the engine's dispatcher and answers it with exactly one completion.
//
// Submit {tag, desc_addr, desc_len, map_addr, priority, tenant}: the
// addresses are engine addresses (spec section 15: node in bits 38:34, node
// offset in 33:0); desc_len is the descriptor buffer's length in bytes. A
// descriptor buffer [offset, offset + desc_len) or a layer-map address
// outside the fabric, or a map address that is not a multiple of 32, is
// BUS_ERROR (layer none) before anything is read. The context's
// tsr_desc_fetch, given desc_len as its buffer length, checks the
// descriptor and streams its layers; per
// layer i, in order (spec section 8):
//   1. layer table TableAdjust +1 of (layer id, tenant): a hit takes the
//      reference at once; a different signature drops it again and ends with
//      LAYER_CONFLICT; else the layer is recorded shared (flags 3);
//   2. missing: a pinned node >= NumNodes is BAD_NODE; more bytes than a node
//      holds is NO_MEMORY (the allocator is not asked);
//   3. allocate ceil(bytes / unit) units (NO_MEMORY);
//   4. send the DMA job (the region), then per tile key: directory lookup as
//      the tenant (TILE_MISSING, TILE_ACCESS), offset + length > layer bytes
//      (LAYER_SIZE, tile j), send the tile (the last one flagged); after the
//      last, offset != layer bytes is LAYER_SIZE (tile none);
//   5. the DMA's done: a bus error is BUS_ERROR (layer i, tile none);
//   6. layer table TableInsert with count 1: TableFull is TABLE_FULL; a
//      duplicate (another context inserted the same layer meanwhile) frees
//      the region and retries the layer from step 1 (it then reuses it);
//   7. write the 32-byte layer-map record (spec section 7) to map + 32 i and
//      wait for its B (a failed write is BUS_ERROR, layer i).
// The layer table is full only when an insert fails (TABLE_FULL after the
// gather, not before the allocation as in the model: the hash table's room
// depends on the keys).
// On an error: the rest of the descriptor is drained (the fetch ends), a job
// whose last tile was not sent gets a 0-byte last tile, the job's done is
// awaited, the region allocated for layer i is freed, a reference taken for
// layer i is dropped, and then the records written for layers 0..i-1 are read
// back from the layer map and their references dropped, as a release does.
// The completion carries the error's code, layer and tile.
// Release {tag, map_addr, tenant, layers}: reads the `layers` records of the
// map in order; for each valid one TableAdjust -1 of (layer id, tenant); at
// zero the region (from the table's entry) is freed through the allocator.
// A record whose read fails is skipped and the completion is BUS_ERROR
// with the first such layer.
// Scrub (scrub_i, CTRL.SCRUB): every free of a region, in every case above,
// first writes zeros over its whole units through the AXI port
// (tsr_zero_fill) and frees it once every write was answered. A failed
// scrub write still frees the region; if nothing failed before, the
// completion becomes BUS_ERROR (tile none) at the layer being freed: a
// submission then unwinds as for any error, a release goes on releasing. The host must not release a network whose
// submission failed (its records stay in the map, its references are gone).
//
// Every shared resource (directory, layer table, allocator, DMA) is used with
// at most one request outstanding (asserted); requests are held stable until
// accepted, responses are taken in the state that waits for them. The AXI
// master port carries the fetch's reads (ID 0), the record reads and writes
// (ID 0, 32 bytes: 32 / beat bytes beats, or one beat with half strobes at
// 512 bits) and the scrub's writes (ID 0), and is idle between submissions.
module tsr_context #(
  parameter int NumNodes         = 4,
  parameter int DataWidth        = 256,
  parameter int UnitBytesLog2    = 12,    // allocation unit: 2^UnitBytesLog2 bytes
  parameter int UnitsPerNode     = 2048,  // node bytes = UnitsPerNode << UnitBytesLog2
  parameter int FetchBufferBeats = 64,
  parameter int FetchBurstBeats  = 16,
  localparam int StrbWidth  = DataWidth / 8,
  localparam int UnitWidth  = (UnitsPerNode > 1) ? $clog2(UnitsPerNode) : 1,
  localparam int CountWidth = $clog2(UnitsPerNode + 1)
) (
  input  logic                          clk_i,
  input  logic                          rst_ni,
  // submission (from the dispatcher)
  input  logic                          sub_valid_i,
  output logic                          sub_ready_o,
  input  logic                          sub_release_i,
  input  logic [15:0]                   sub_tag_i,
  input  logic [63:0]                   sub_desc_addr_i,
  input  logic [31:0]                   sub_desc_len_i,
  input  logic [63:0]                   sub_map_addr_i,
  input  tessera_pkg::priority_t        sub_priority_i,
  input  tessera_pkg::tenant_t          sub_tenant_i,
  input  logic [15:0]                   sub_layers_i,
  input  logic                          scrub_i,     // zero regions before freeing them
  output tessera_pkg::priority_t        priority_o,  // the network's class (arbiters)
  output logic                          busy_o,
  // completion
  output logic                          cpl_valid_o,
  input  logic                          cpl_ready_i,
  output logic [15:0]                   cpl_tag_o,
  output logic                          cpl_error_o,
  output tessera_pkg::error_e           cpl_code_o,
  output logic [15:0]                   cpl_layer_o,
  output logic [31:0]                   cpl_tile_o,
  // tile directory (lookups)
  output logic                          dir_req_valid_o,
  input  logic                          dir_req_ready_i,
  output tessera_pkg::tile_key_t        dir_req_key_o,
  output tessera_pkg::tenant_t          dir_req_tenant_o,
  input  logic                          dir_resp_valid_i,
  output logic                          dir_resp_ready_o,
  input  tessera_pkg::table_status_e    dir_resp_status_i,
  input  logic                          dir_resp_denied_i,
  input  tessera_pkg::tile_location_t   dir_resp_location_i,
  // layer table
  output logic                          lt_req_valid_o,
  input  logic                          lt_req_ready_i,
  output tessera_pkg::table_op_e        lt_req_op_o,
  output logic                          lt_req_decrement_o,
  output tessera_pkg::layer_key_t       lt_req_key_o,
  output tessera_pkg::layer_entry_t     lt_req_entry_o,
  input  logic                          lt_resp_valid_i,
  output logic                          lt_resp_ready_o,
  input  tessera_pkg::table_status_e    lt_resp_status_i,
  input  logic                          lt_resp_zero_i,
  input  tessera_pkg::layer_entry_t     lt_resp_entry_i,
  // allocator (allocate, free)
  output logic                          alloc_req_valid_o,
  input  logic                          alloc_req_ready_i,
  output logic [1:0]                    alloc_req_op_o,
  output tessera_pkg::node_id_t         alloc_req_node_o,
  output logic                          alloc_req_pinned_o,
  output logic [UnitWidth-1:0]          alloc_req_first_o,
  output logic [CountWidth-1:0]         alloc_req_units_o,
  input  logic                          alloc_rsp_valid_i,
  output logic                          alloc_rsp_ready_o,
  input  logic [2:0]                    alloc_rsp_status_i,
  input  tessera_pkg::node_id_t         alloc_rsp_node_i,
  input  logic [UnitWidth-1:0]          alloc_rsp_first_i,
  // gather DMA
  output tessera_pkg::dma_job_t         job_o,
  output logic                          job_valid_o,
  input  logic                          job_ready_i,
  output tessera_pkg::dma_tile_t        tile_o,
  output logic                          tile_valid_o,
  input  logic                          tile_ready_i,
  input  tessera_pkg::dma_done_t        done_i,
  input  logic                          done_valid_i,
  output logic                          done_ready_o,
  // AXI4 master (node sideband signals)
  output tessera_pkg::axi_ax_t          ar_o,
  output tessera_pkg::node_id_t         ar_node_o,
  output logic                          ar_valid_o,
  input  logic                          ar_ready_i,
  input  tessera_pkg::axi_r_t           r_i,
  input  logic [DataWidth-1:0]          r_data_i,
  input  logic                          r_valid_i,
  output logic                          r_ready_o,
  output tessera_pkg::axi_ax_t          aw_o,
  output tessera_pkg::node_id_t         aw_node_o,
  output logic                          aw_valid_o,
  input  logic                          aw_ready_i,
  output logic [DataWidth-1:0]          w_data_o,
  output logic [StrbWidth-1:0]          w_strb_o,
  output logic                          w_last_o,
  output tessera_pkg::node_id_t         w_node_o,
  output logic                          w_valid_o,
  input  logic                          w_ready_i,
  input  tessera_pkg::axi_b_t           b_i,
  input  logic                          b_valid_i,
  output logic                          b_ready_o,
  // status (performance counters)
  output logic                          wait_alloc_o,
  output logic                          wait_dma_o
);
  localparam int BeatBytes  = DataWidth / 8;
  localparam int SizeLog2   = $clog2(BeatBytes);
  localparam int RecBeats   = (BeatBytes >= 32) ? 1 : 32 / BeatBytes;
  localparam int BeatWidth  = (RecBeats > 1) ? $clog2(RecBeats) : 1;
  localparam logic [63:0] NodeBytes = 64'(UnitsPerNode) << UnitBytesLog2;
  localparam logic [63:0] UnitMask  = (64'd1 << UnitBytesLog2) - 64'd1;
  localparam int AddrBits = tessera_pkg::NodeAddrWidth;
  localparam int NodeBits = tessera_pkg::NodeIdWidth;

  if (DataWidth != 64 && DataWidth != 128 && DataWidth != 256 && DataWidth != 512) begin : gen_width_check
    $error("tsr_context: DataWidth must be 64, 128, 256 or 512");
  end
  if (NumNodes < 1 || NumNodes > tessera_pkg::MaxNodes) begin : gen_nodes_check
    $error("tsr_context: NumNodes must be 1..32");
  end
  if (UnitBytesLog2 < 6 || UnitBytesLog2 > 20) begin : gen_unit_check
    $error("tsr_context: the allocation unit must be 64 B .. 1 MiB");
  end
  if (UnitBytesLog2 + UnitWidth > AddrBits) begin : gen_node_size_check
    $error("tsr_context: a node may hold at most 16 GiB");
  end

  typedef enum logic [4:0] {
    StIdle,      // waiting for a submission
    StFetchReq,  // start the descriptor fetch
    StNext,      // the next layer item, or the fetch's end
    StLtAdj,     // layer table: TableAdjust +1 (reuse)
    StLtAdjW,
    StAlloc,     // allocate the layer's region
    StAllocW,
    StJob,       // the DMA job
    StKey,       // the next tile key
    StDir,       // directory lookup
    StDirW,
    StTile,      // the tile to the DMA
    StDmaDone,   // the job's done
    StLtIns,     // layer table: TableInsert
    StLtInsW,
    StMapW,      // the layer-map record: AW and W
    StMapB,
    StScrub,     // zero the region to free (with scrub_i; then StFree)
    StScrubW,
    StFree,      // allocator free (a subroutine: then ret_q)
    StFreeW,
    StDrop,      // layer table TableAdjust -1, free at zero (a subroutine: then ret_q)
    StDropW,
    StErrDrain,  // error: let the fetch finish
    StErrMarker, // error: close the open job with a 0-byte last tile
    StErrDma,    // error: the job's done
    StErrRef,    // error: free the region, drop the layer's own reference
    StUnwind,    // release loop: the next record
    StRdAr,      // read a record
    StRdR,
    StSkip,      // a reused layer's tile keys
    StCpl        // completion
  } state_e;

  state_e state_q, state_d, ret_q, ret_d;

  // ---- submission --------------------------------------------------------------
  logic                   release_q, release_d;
  logic [15:0]            tag_q, tag_d;
  tessera_pkg::priority_t prio_q, prio_d;
  tessera_pkg::tenant_t   tenant_q, tenant_d;
  tessera_pkg::node_id_t  desc_node_q, desc_node_d, map_node_q, map_node_d;
  logic [AddrBits-1:0]    desc_off_q, desc_off_d, map_off_q, map_off_d;
  logic [31:0]            desc_len_q, desc_len_d;
  logic                   desc_ok, map_ok;
  logic [AddrBits-1:0]    sub_desc_off, sub_map_off;
  logic [NodeBits-1:0]    sub_desc_node, sub_map_node;

  assign sub_desc_node = sub_desc_addr_i[AddrBits+:NodeBits];
  assign sub_desc_off  = sub_desc_addr_i[AddrBits-1:0];
  assign sub_map_node  = sub_map_addr_i[AddrBits+:NodeBits];
  assign sub_map_off   = sub_map_addr_i[AddrBits-1:0];
  assign desc_ok = sub_desc_addr_i[63:AddrBits+NodeBits] == '0 && 32'(sub_desc_node) < 32'(NumNodes) &&
                   64'(sub_desc_off) + 64'(sub_desc_len_i) <= NodeBytes;
  assign map_ok  = sub_map_addr_i[63:AddrBits+NodeBits] == '0 && 32'(sub_map_node) < 32'(NumNodes) &&
                   64'(sub_map_off) <= NodeBytes && sub_map_off[4:0] == 5'd0;

  // ---- the layer in progress ---------------------------------------------------
  logic [15:0]               layer_q, layer_d;       // index
  tessera_pkg::layer_id_t    layer_id_q, layer_id_d;
  logic                      pinned_q, pinned_d;
  logic [7:0]                pin_node_q, pin_node_d;
  tessera_pkg::signature_t   sig_q, sig_d;
  logic [63:0]               bytes_q, bytes_d;       // layer bytes
  logic [63:0]               offset_q, offset_d;     // bytes of the tiles sent
  tessera_pkg::tile_key_t    key_q, key_d;
  logic [31:0]               tile_q, tile_d;         // tile index
  logic                      key_last_q, key_last_d;
  tessera_pkg::tile_location_t loc_q, loc_d;
  logic                      region_q, region_d;     // a region allocated, not yet in the table
  tessera_pkg::node_id_t     reg_node_q, reg_node_d;
  logic [UnitWidth-1:0]      reg_first_q, reg_first_d;
  logic                      cur_ref_q, cur_ref_d;   // a reference of layer i held, no record yet
  logic                      job_open_q, job_open_d; // job sent, its last tile not yet
  logic                      job_wait_q, job_wait_d; // job sent, its done not yet taken
  logic                      fetch_q, fetch_d;       // the fetch runs (its done not taken)
  logic [15:0]               recorded_q, recorded_d; // records written
  logic                      pend_q, pend_d;         // LAYER_SIZE (tile none) after the DMA's done
  logic                      keys_done_q, keys_done_d; // the layer's last key was taken
  // error
  logic                      err_q, err_d;
  tessera_pkg::error_e       err_code_q, err_code_d;
  logic [15:0]               err_layer_q, err_layer_d;
  logic [31:0]               err_tile_q, err_tile_d;
  // record (write and read back)
  logic [255:0]              rec_q, rec_d;
  logic                      aw_done_q, aw_done_d;
  logic [BeatWidth-1:0]      beat_q, beat_d;
  logic                      rd_err_q, rd_err_d;
  logic [15:0]               rd_idx_q, rd_idx_d, rd_count_q, rd_count_d;
  // drop / free subroutines
  tessera_pkg::layer_key_t   drop_key_q, drop_key_d;
  tessera_pkg::node_id_t     free_node_q, free_node_d;
  logic [UnitWidth-1:0]      free_first_q, free_first_d;
  logic [CountWidth-1:0]     free_units_q, free_units_d;
  logic                      scrub_fail_q, scrub_fail_d; // the scrub set the error: unwind after the free
  state_e                    free_entry;                 // where a free starts: StScrub or StFree

  // ---- descriptor fetch --------------------------------------------------------
  tsr_desc_pkg::desc_req_t   fetch_req;
  logic                      fetch_req_valid, fetch_req_ready;
  tessera_pkg::axi_ax_t      fetch_ar;
  tessera_pkg::node_id_t     fetch_ar_node;
  logic                      fetch_ar_valid, fetch_r_ready;
  tsr_desc_pkg::desc_item_t  item;
  logic                      item_valid, item_ready;
  tsr_desc_pkg::desc_done_t  fdone;
  logic                      fdone_valid, fdone_ready;

  always_comb begin
    fetch_req              = '0;
    fetch_req.tag          = '0;
    fetch_req.qos          = {2'b00, prio_q};
    fetch_req.node         = desc_node_q;
    fetch_req.addr         = 64'(desc_off_q);
    fetch_req.buffer_bytes = desc_len_q;
  end

  tsr_desc_fetch #(.DataWidth(DataWidth), .BufferBeats(FetchBufferBeats), .BurstBeats(FetchBurstBeats)) u_fetch (
    .clk_i, .rst_ni,
    .req_i(fetch_req), .req_valid_i(fetch_req_valid), .req_ready_o(fetch_req_ready),
    .ar_o(fetch_ar), .ar_node_o(fetch_ar_node), .ar_valid_o(fetch_ar_valid), .ar_ready_i(ar_ready_i && fetch_q),
    .r_i, .r_data_i, .r_valid_i(r_valid_i && fetch_q), .r_ready_o(fetch_r_ready),
    .item_o(item), .item_valid_o(item_valid), .item_ready_i(item_ready),
    .done_o(fdone), .done_valid_o(fdone_valid), .done_ready_i(fdone_ready));

  // ---- scrub ---------------------------------------------------------------------
  // The region to free, zeroed through the AXI write channels (only while
  // StScrubW: no record write is in progress then).
  logic                      zf_req_ready, zf_done_valid, zf_done_error, zf_active;
  logic [1:0]                zf_done_resp;
  logic [63:0]               zf_addr, zf_bytes;
  tessera_pkg::axi_ax_t      zf_aw;
  logic                      zf_aw_valid, zf_w_valid, zf_w_last, zf_b_ready;
  logic [DataWidth-1:0]      zf_w_data;
  logic [StrbWidth-1:0]      zf_w_strb;
  tessera_pkg::node_id_t     zf_aw_node, zf_w_node;

  assign zf_active  = state_q == StScrubW;
  assign zf_addr    = 64'(free_first_q) << UnitBytesLog2;
  assign zf_bytes   = 64'(free_units_q) << UnitBytesLog2;
  assign free_entry = scrub_i ? StScrub : StFree;

  tsr_zero_fill #(.DataWidth(DataWidth)) u_scrub (
    .clk_i, .rst_ni,
    .req_valid_i(state_q == StScrub), .req_ready_o(zf_req_ready), .req_node_i(free_node_q),
    .req_addr_i(zf_addr[AddrBits-1:0]), .req_bytes_i(zf_bytes[tessera_pkg::ByteCountWidth:0]),
    .req_qos_i({2'b00, prio_q}),
    .done_valid_o(zf_done_valid), .done_ready_i(zf_active), .done_error_o(zf_done_error),
    .done_resp_o(zf_done_resp),
    .aw_o(zf_aw), .aw_node_o(zf_aw_node), .aw_valid_o(zf_aw_valid), .aw_ready_i(aw_ready_i && zf_active),
    .w_data_o(zf_w_data), .w_strb_o(zf_w_strb), .w_last_o(zf_w_last), .w_node_o(zf_w_node),
    .w_valid_o(zf_w_valid), .w_ready_i(w_ready_i && zf_active),
    .b_i, .b_valid_i(b_valid_i && zf_active), .b_ready_o(zf_b_ready));

  // ---- helpers -----------------------------------------------------------------
  logic [63:0] rec_addr;      // the record of layer_q (writes) or rd_idx_q (reads), node offset
  logic [63:0] wr_rec_addr, rd_rec_addr;
  logic [63:0] units_wide;
  logic [64:0] tile_end;      // offset + the looked-up tile's bytes
  logic [511:0] rec_wide;     // the record repeated over a 512-bit beat
  logic [255:0] rec_in;       // an R beat's contribution to the record
  logic [StrbWidth-1:0] rec_strb;
  logic         sel_hi;       // 512-bit beats: the record in the upper half

  assign wr_rec_addr = 64'(map_off_q) + {43'd0, layer_q, 5'd0};
  assign rd_rec_addr = 64'(map_off_q) + {43'd0, rd_idx_q, 5'd0};
  assign rec_addr    = (state_q == StRdAr || state_q == StRdR) ? rd_rec_addr : wr_rec_addr;
  assign units_wide  = (bytes_q + UnitMask) >> UnitBytesLog2;
  assign tile_end    = {1'b0, offset_q} + 65'(dir_resp_location_i.bytes);
  assign rec_wide    = {rec_q, rec_q};
  assign sel_hi      = (BeatBytes > 32) && rec_addr[5];

  always_comb begin
    rec_strb = '1;
    if (BeatBytes > 32) begin
      rec_strb = StrbWidth'({32{1'b1}}) << (sel_hi ? 32 : 0);
    end
  end

  // A 512-bit beat holds the whole record in one of its halves; narrower
  // beats each bring their share of it.
  if (BeatBytes > 32) begin : gen_record_in_half
    assign rec_in = sel_hi ? r_data_i[256 +: 256] : r_data_i[0 +: 256];
  end else begin : gen_record_in_beats
    assign rec_in = 256'(r_data_i) << (32'(beat_q) * DataWidth);
  end

  // A layer-map record (spec section 7) as 32 little-endian bytes.
  function automatic logic [255:0] make_record(input logic [31:0] id, input tessera_pkg::node_id_t node,
                                               input logic shared, input logic [63:0] addr, input logic [63:0] bytes);
    logic [255:0] r;
    r = '0;
    r[31:0]    = id;
    r[39:32]   = 8'(node);
    r[47:40]   = {6'd0, shared, 1'b1};
    r[127:64]  = addr;
    r[191:128] = bytes;
    make_record = r;
  endfunction


  // ---- handshake outputs (from the state only, so no path runs from a ready back to a valid) ----
  logic map_in_node;
  assign map_in_node = wr_rec_addr + 64'd32 <= NodeBytes;
  always_comb begin
    sub_ready_o        = state_q == StIdle;
    fetch_req_valid    = state_q == StFetchReq;
    item_ready         = 1'b0;
    fdone_ready        = 1'b0;
    unique case (state_q)
      StNext:           item_ready = item.kind == tsr_desc_pkg::DescItemLayer;
      StKey, StSkip:    item_ready = item.kind == tsr_desc_pkg::DescItemKey;
      StErrDrain:       item_ready = 1'b1;
      default:          item_ready = 1'b0;
    endcase
    if ((state_q == StNext || state_q == StKey || state_q == StSkip || state_q == StErrDrain) && fetch_q) begin
      fdone_ready = !item_valid && fdone_valid;
    end
    dir_req_valid_o    = state_q == StDir;
    dir_resp_ready_o   = state_q == StDirW;
    lt_req_valid_o     = state_q == StLtAdj || state_q == StLtIns || state_q == StDrop;
    lt_req_op_o        = state_q == StLtIns ? tessera_pkg::TableInsert : tessera_pkg::TableAdjust;
    lt_req_decrement_o = state_q == StDrop;
    lt_req_key_o.tenant   = tenant_q;
    lt_req_key_o.layer_id = layer_id_q;
    if (state_q == StDrop) lt_req_key_o = drop_key_q;
    lt_req_entry_o            = '0;
    lt_req_entry_o.node       = reg_node_q;
    lt_req_entry_o.addr       = AddrBits'(reg_first_q) << UnitBytesLog2;
    lt_req_entry_o.bytes      = bytes_q[tessera_pkg::ByteCountWidth-1:0];
    lt_req_entry_o.signature  = sig_q;
    lt_req_entry_o.references = 16'd1;
    lt_resp_ready_o    = state_q == StLtAdjW || state_q == StLtInsW || state_q == StDropW;
    alloc_req_valid_o  = state_q == StAlloc || state_q == StFree;
    alloc_req_op_o     = state_q == StFree ? 2'd1 : 2'd0;
    alloc_req_node_o   = state_q == StFree ? free_node_q : (pinned_q ? NodeBits'(pin_node_q) : '0);
    alloc_req_pinned_o = state_q != StFree && pinned_q;
    alloc_req_first_o  = state_q == StFree ? free_first_q : '0;
    alloc_req_units_o  = state_q == StFree ? free_units_q : CountWidth'(units_wide);
    alloc_rsp_ready_o  = state_q == StAllocW || state_q == StFreeW;
    job_valid_o        = state_q == StJob;
    tile_valid_o       = state_q == StTile || (state_q == StErrMarker && job_open_q);
    tile_o.node        = loc_q.node;
    tile_o.addr        = loc_q.addr;
    tile_o.bytes       = state_q == StErrMarker ? '0 : loc_q.bytes;
    tile_o.last        = state_q == StErrMarker ? 1'b1 : key_last_q;
    done_ready_o       = state_q == StDmaDone || (state_q == StErrDma && job_wait_q);
    ar_valid_o         = fetch_q ? fetch_ar_valid : state_q == StRdAr;
    r_ready_o          = fetch_q ? fetch_r_ready : state_q == StRdR;
    aw_valid_o         = (state_q == StMapW && map_in_node && !aw_done_q) || (state_q == StMapB && !aw_done_q) ||
                         (zf_active && zf_aw_valid);
    w_valid_o          = (state_q == StMapW && map_in_node) || (zf_active && zf_w_valid);
    b_ready_o          = (state_q == StMapB && aw_done_q) || (zf_active && zf_b_ready);
    cpl_valid_o        = state_q == StCpl;
  end

  // ---- FSM -----------------------------------------------------------------------
  always_comb begin
    state_d      = state_q;
    ret_d        = ret_q;
    release_d    = release_q;
    tag_d        = tag_q;
    prio_d       = prio_q;
    tenant_d     = tenant_q;
    desc_node_d  = desc_node_q;
    desc_off_d   = desc_off_q;
    desc_len_d   = desc_len_q;
    map_node_d   = map_node_q;
    map_off_d    = map_off_q;
    layer_d      = layer_q;
    layer_id_d   = layer_id_q;
    pinned_d     = pinned_q;
    pin_node_d   = pin_node_q;
    sig_d        = sig_q;
    bytes_d      = bytes_q;
    offset_d     = offset_q;
    key_d        = key_q;
    tile_d       = tile_q;
    key_last_d   = key_last_q;
    loc_d        = loc_q;
    region_d     = region_q;
    reg_node_d   = reg_node_q;
    reg_first_d  = reg_first_q;
    cur_ref_d    = cur_ref_q;
    job_open_d   = job_open_q;
    job_wait_d   = job_wait_q;
    fetch_d      = fetch_q;
    recorded_d   = recorded_q;
    pend_d       = pend_q;
    keys_done_d  = keys_done_q;
    err_d        = err_q;
    err_code_d   = err_code_q;
    err_layer_d  = err_layer_q;
    err_tile_d   = err_tile_q;
    rec_d        = rec_q;
    aw_done_d    = aw_done_q;
    beat_d       = beat_q;
    rd_err_d     = rd_err_q;
    rd_idx_d     = rd_idx_q;
    rd_count_d   = rd_count_q;
    drop_key_d   = drop_key_q;
    free_node_d  = free_node_q;
    free_first_d = free_first_q;
    free_units_d = free_units_q;
    scrub_fail_d = scrub_fail_q;

    unique case (state_q)
      StIdle: begin
        if (sub_valid_i) begin
          release_d   = sub_release_i;
          tag_d       = sub_tag_i;
          prio_d      = sub_priority_i;
          tenant_d    = sub_tenant_i;
          desc_node_d = sub_desc_node;
          desc_off_d  = sub_desc_off;
          desc_len_d  = sub_desc_len_i;
          map_node_d  = sub_map_node;
          map_off_d   = sub_map_off;
          err_d       = 1'b0;
          err_code_d  = tessera_pkg::ErrOk;
          err_layer_d = tsr_desc_pkg::NoLayer;
          err_tile_d  = 32'hFFFF_FFFF;
          recorded_d  = '0;
          layer_d     = '0;
          region_d    = 1'b0;
          cur_ref_d   = 1'b0;
          job_open_d  = 1'b0;
          job_wait_d  = 1'b0;
          pend_d      = 1'b0;
          rd_idx_d    = '0;
          rd_count_d  = sub_release_i ? sub_layers_i : 16'd0;
          if (!map_ok || (!sub_release_i && !desc_ok)) begin
            err_d      = 1'b1;
            err_code_d = tessera_pkg::ErrBusError;
            state_d    = StCpl;
          end else begin
            state_d = sub_release_i ? StUnwind : StFetchReq;
          end
        end
      end

      StFetchReq: begin
        if (fetch_req_ready) begin
          fetch_d = 1'b1;
          state_d = StNext;
        end
      end

      StNext: begin
        if (item_valid && item.kind == tsr_desc_pkg::DescItemLayer) begin
          layer_d    = item.layer;
          layer_id_d = item.layer_id;
          pinned_d   = item.pinned;
          pin_node_d = item.node;
          sig_d      = item.signature;
          bytes_d    = item.bytes;
          keys_done_d = 1'b0;
          state_d    = StLtAdj;
        end else if (!item_valid && fdone_valid) begin
          fetch_d     = 1'b0;
          if (fdone.code == tessera_pkg::ErrOk) begin
            state_d = StCpl;
          end else begin
            err_d       = 1'b1;
            err_code_d  = tessera_pkg::error_e'(fdone.code);
            err_layer_d = fdone.layer;
            state_d     = StErrDrain;
          end
        end
      end

      StLtAdj: begin
        if (lt_req_ready_i) state_d = StLtAdjW;
      end

      StLtAdjW: begin
        if (lt_resp_valid_i) begin
          err_layer_d = layer_q;
          unique case (lt_resp_status_i)
            tessera_pkg::TableOk: begin
              cur_ref_d = 1'b1;
              if (lt_resp_entry_i.signature != sig_q) begin
                err_d      = 1'b1;
                err_code_d = tessera_pkg::ErrLayerConflict;
                state_d    = StErrDrain;
              end else begin
                rec_d   = make_record(layer_id_q, lt_resp_entry_i.node, 1'b1, 64'(lt_resp_entry_i.addr),
                                      64'(lt_resp_entry_i.bytes));
                state_d = StMapW;
                if (region_q) begin  // our own copy lost the race to an insert: free it, reuse
                  region_d     = 1'b0;
                  free_node_d  = reg_node_q;
                  free_first_d = reg_first_q;
                  free_units_d = CountWidth'(units_wide);
                  ret_d        = StMapW;
                  state_d      = free_entry;
                end
              end
            end
            tessera_pkg::TableMissing: begin
              if (region_q) begin  // the other copy is gone again: insert ours
                state_d = StLtIns;
              end else if (pinned_q && 32'(pin_node_q) >= 32'(NumNodes)) begin
                err_d      = 1'b1;
                err_code_d = tessera_pkg::ErrBadNode;
                state_d    = StErrDrain;
              end else if (bytes_q > NodeBytes) begin
                err_d      = 1'b1;
                err_code_d = tessera_pkg::ErrNoMemory;
                state_d    = StErrDrain;
              end else begin
                state_d = StAlloc;
              end
            end
            default: begin  // the count is saturated
              err_d      = 1'b1;
              err_code_d = tessera_pkg::ErrTableFull;
              state_d    = StErrDrain;
            end
          endcase
        end
      end

      StAlloc: begin
        if (alloc_req_ready_i) state_d = StAllocW;
      end

      StAllocW: begin
        if (alloc_rsp_valid_i) begin
          if (alloc_rsp_status_i == 3'd0) begin
            region_d    = 1'b1;
            reg_node_d  = alloc_rsp_node_i;
            reg_first_d = alloc_rsp_first_i;
            state_d     = StJob;
          end else begin
            err_d       = 1'b1;
            err_code_d  = tessera_pkg::ErrNoMemory;
            err_layer_d = layer_q;
            state_d     = StErrDrain;
          end
        end
      end

      StJob: begin
        if (job_ready_i) begin
          job_open_d = 1'b1;
          job_wait_d = 1'b1;
          offset_d   = '0;
          state_d    = StKey;
        end
      end

      StKey: begin
        if (item_valid && item.kind == tsr_desc_pkg::DescItemKey) begin
          key_d      = item.key;
          tile_d     = item.tile;
          key_last_d = item.last;
          keys_done_d = item.last;
          state_d    = StDir;
        end else if (!item_valid && fdone_valid) begin
          fetch_d     = 1'b0;
          err_d       = 1'b1;
          err_code_d  = fdone.code == tessera_pkg::ErrOk ? tessera_pkg::ErrDescFormat : tessera_pkg::error_e'(fdone.code);
          err_layer_d = fdone.layer;
          state_d     = StErrDrain;
        end
      end

      StDir: begin
        if (dir_req_ready_i) state_d = StDirW;
      end

      StDirW: begin
        if (dir_resp_valid_i) begin
          err_layer_d = layer_q;
          err_tile_d  = tile_q;
          loc_d       = dir_resp_location_i;
          if (dir_resp_status_i != tessera_pkg::TableOk) begin
            err_d      = 1'b1;
            err_code_d = dir_resp_denied_i ? tessera_pkg::ErrTileAccess : tessera_pkg::ErrTileMissing;
            state_d    = StErrDrain;
          end else if (tile_end > {1'b0, bytes_q}) begin
            err_d      = 1'b1;
            err_code_d = tessera_pkg::ErrLayerSize;
            state_d    = StErrDrain;
          end else begin
            err_tile_d = 32'hFFFF_FFFF;
            state_d    = StTile;
          end
        end
      end

      StTile: begin
        if (tile_ready_i) begin
          offset_d = offset_q + 64'(loc_q.bytes);
          if (key_last_q) begin
            job_open_d = 1'b0;
            pend_d     = (offset_q + 64'(loc_q.bytes)) != bytes_q;
            state_d    = StDmaDone;
          end else begin
            state_d = StKey;
          end
        end
      end

      StDmaDone: begin
        if (done_valid_i) begin
          job_wait_d  = 1'b0;
          err_layer_d = layer_q;
          if (pend_q) begin
            err_d      = 1'b1;
            err_code_d = tessera_pkg::ErrLayerSize;
            state_d    = StErrDrain;
          end else if (done_i.status != tessera_pkg::DmaOk) begin
            err_d      = 1'b1;
            err_code_d = tessera_pkg::ErrBusError;
            state_d    = StErrDrain;
          end else begin
            state_d = StLtIns;
          end
        end
      end

      StLtIns: begin
        if (lt_req_ready_i) state_d = StLtInsW;
      end

      StLtInsW: begin
        if (lt_resp_valid_i) begin
          unique case (lt_resp_status_i)
            tessera_pkg::TableOk: begin
              region_d  = 1'b0;
              cur_ref_d = 1'b1;
              rec_d     = make_record(layer_id_q, reg_node_q, 1'b0, 64'(job_o.addr),
                                      bytes_q);
              state_d   = StMapW;
            end
            tessera_pkg::TableDuplicate: begin  // assembled meanwhile by another context: reuse it
              state_d = StLtAdj;
            end
            default: begin
              err_d       = 1'b1;
              err_code_d  = tessera_pkg::ErrTableFull;
              err_layer_d = layer_q;
              state_d     = StErrDrain;
            end
          endcase
        end
      end

      StMapW: begin
        if (!map_in_node) begin
          err_d       = 1'b1;
          err_code_d  = tessera_pkg::ErrBusError;
          err_layer_d = tsr_desc_pkg::NoLayer;
          state_d     = StErrDrain;
        end else begin
          if (aw_valid_o && aw_ready_i) aw_done_d = 1'b1;
          if (w_ready_i) begin
            beat_d = beat_q + 1'b1;
            if (w_last_o) begin
              beat_d  = '0;
              state_d = StMapB;
            end
          end
        end
      end

      StMapB: begin
        if (aw_valid_o && aw_ready_i) aw_done_d = 1'b1;
        if (aw_done_q && b_valid_i) begin
          aw_done_d = 1'b0;
          if (b_i.resp != tessera_pkg::AxiRespOkay) begin
            err_d       = 1'b1;
            err_code_d  = tessera_pkg::ErrBusError;
            err_layer_d = layer_q;
            err_tile_d  = 32'hFFFF_FFFF;
            state_d     = StErrDrain;
          end else begin
            cur_ref_d  = 1'b0;
            recorded_d = recorded_q + 16'd1;
            state_d    = keys_done_q ? StNext : StSkip;
          end
        end
      end

      StScrub: begin
        if (zf_req_ready) state_d = StScrubW;
      end

      StScrubW: begin
        if (zf_done_valid) begin
          if (zf_done_error && !err_q) begin
            err_d        = 1'b1;
            err_code_d   = tessera_pkg::ErrBusError;
            err_layer_d  = release_q ? rd_idx_q - 16'd1 : layer_q;
            err_tile_d   = 32'hFFFF_FFFF;
            scrub_fail_d = !release_q;
          end
          state_d = StFree;
        end
      end

      StFree: begin
        if (alloc_req_ready_i) state_d = StFreeW;
      end

      StFreeW: begin
        if (alloc_rsp_valid_i) begin
          scrub_fail_d = 1'b0;
          state_d      = scrub_fail_q ? StErrDrain : ret_q;
        end
      end

      StDrop: begin
        if (lt_req_ready_i) state_d = StDropW;
      end

      StDropW: begin
        if (lt_resp_valid_i) begin
          if (lt_resp_status_i == tessera_pkg::TableOk && lt_resp_zero_i) begin
            free_node_d  = lt_resp_entry_i.node;
            free_first_d = UnitWidth'(lt_resp_entry_i.addr >> UnitBytesLog2);
            free_units_d = CountWidth'((64'(lt_resp_entry_i.bytes) + UnitMask) >> UnitBytesLog2);
            state_d      = free_entry;
          end else begin
            state_d = ret_q;
          end
        end
      end

      StErrDrain: begin
        if (!fetch_q) begin
          state_d = StErrMarker;
        end else if (!item_valid && fdone_valid) begin
          fetch_d     = 1'b0;
        end
      end

      StErrMarker: begin
        if (!job_open_q) begin
          state_d = StErrDma;
        end else if (tile_ready_i) begin
          job_open_d = 1'b0;
        end
      end

      StErrDma: begin
        if (!job_wait_q) begin
          state_d = StErrRef;
        end else if (done_valid_i) begin
          job_wait_d = 1'b0;
        end
      end

      StErrRef: begin
        ret_d      = StErrRef;
        rd_idx_d   = '0;
        rd_count_d = recorded_q;
        if (region_q) begin
          region_d     = 1'b0;
          free_node_d  = reg_node_q;
          free_first_d = reg_first_q;
          free_units_d = CountWidth'(units_wide);
          state_d      = free_entry;
        end else if (cur_ref_q) begin
          cur_ref_d           = 1'b0;
          drop_key_d.tenant   = tenant_q;
          drop_key_d.layer_id = layer_id_q;
          state_d             = StDrop;
        end else begin
          state_d = StUnwind;
        end
      end

      StUnwind: begin
        ret_d = StUnwind;
        if (rd_idx_q < rd_count_q) begin
          state_d = StRdAr;
        end else begin
          state_d = StCpl;
        end
      end

      StRdAr: begin
        rec_d      = '0;
        rd_err_d   = 1'b0;
        beat_d     = '0;
        if (ar_ready_i) state_d = StRdR;
      end

      StRdR: begin
        if (r_valid_i) begin
          rec_d  = (BeatBytes > 32) ? rec_in : (rec_q | rec_in);
          beat_d = beat_q + 1'b1;
          if (r_i.resp != tessera_pkg::AxiRespOkay) rd_err_d = 1'b1;
          if (r_i.last) begin
            beat_d   = '0;
            rd_idx_d = rd_idx_q + 16'd1;
            if (rd_err_q || r_i.resp != tessera_pkg::AxiRespOkay) begin
              if (!err_q) begin
                err_d       = 1'b1;
                err_code_d  = tessera_pkg::ErrBusError;
                err_layer_d = rd_idx_q;
              end
              state_d = StUnwind;
            end else if (rec_d[40]) begin
              drop_key_d.tenant   = tenant_q;
              drop_key_d.layer_id = rec_d[31:0];
              state_d             = StDrop;
            end else begin
              state_d = StUnwind;
            end
          end
        end
      end

      StSkip: begin
        if (item_valid && item.kind == tsr_desc_pkg::DescItemKey) begin
          if (item.last) state_d = StNext;
        end else if (!item_valid && fdone_valid) begin
          fetch_d     = 1'b0;
          err_d       = 1'b1;
          err_code_d  = fdone.code == tessera_pkg::ErrOk ? tessera_pkg::ErrDescFormat : tessera_pkg::error_e'(fdone.code);
          err_layer_d = fdone.layer;
          state_d     = StErrDrain;
        end
      end

      StCpl: begin
        if (cpl_ready_i) state_d = StIdle;
      end

      default: state_d = StIdle;
    endcase
  end

  // ---- outputs -------------------------------------------------------------------
  assign priority_o = prio_q;
  assign busy_o     = state_q != StIdle;

  assign cpl_tag_o   = tag_q;
  assign cpl_error_o = err_q;
  assign cpl_code_o  = err_q ? err_code_q : tessera_pkg::ErrOk;
  assign cpl_layer_o = err_q ? err_layer_q : tsr_desc_pkg::NoLayer;
  assign cpl_tile_o  = err_q ? err_tile_q : 32'hFFFF_FFFF;

  assign dir_req_key_o    = key_q;
  assign dir_req_tenant_o = tenant_q;

  always_comb begin
    job_o       = '0;
    job_o.node  = reg_node_q;
    job_o.addr  = AddrBits'(reg_first_q) << UnitBytesLog2;
    job_o.bytes = bytes_q[tessera_pkg::ByteCountWidth-1:0];
  end

  // AXI: the fetch's reads while it runs, else the record reads.
  always_comb begin
    ar_o       = fetch_ar;
    ar_node_o  = fetch_ar_node;
    if (!fetch_q) begin
      ar_o       = '0;
      ar_o.addr  = rd_rec_addr & ~(64'(BeatBytes) - 64'd1);
      ar_o.len   = 8'(RecBeats - 1);
      ar_o.size  = 3'(SizeLog2);
      ar_o.burst = tessera_pkg::AxiBurstIncr;
      ar_o.qos   = {2'b00, prio_q};
      ar_node_o  = map_node_q;
    end
    aw_o       = '0;
    aw_o.addr  = wr_rec_addr & ~(64'(BeatBytes) - 64'd1);
    aw_o.len   = 8'(RecBeats - 1);
    aw_o.size  = 3'(SizeLog2);
    aw_o.burst = tessera_pkg::AxiBurstIncr;
    aw_o.qos   = {2'b00, prio_q};
    if (zf_active) aw_o = zf_aw;
  end
  assign aw_node_o = zf_active ? zf_aw_node : map_node_q;
  assign w_node_o  = zf_active ? zf_w_node : map_node_q;
  assign w_data_o  = zf_active ? zf_w_data : DataWidth'(rec_wide >> (32'(beat_q) * DataWidth));
  assign w_strb_o  = zf_active ? zf_w_strb : rec_strb;
  assign w_last_o  = zf_active ? zf_w_last : 32'(beat_q) == RecBeats - 1;

  assign wait_alloc_o = state_q == StAlloc || state_q == StAllocW || state_q == StFree || state_q == StFreeW;
  assign wait_dma_o   = state_q == StJob || state_q == StTile || state_q == StDmaDone ||
                        state_q == StErrMarker || state_q == StErrDma;

  // ---- registers -----------------------------------------------------------------
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      state_q    <= StIdle;
      ret_q      <= StIdle;
      fetch_q    <= 1'b0;
      region_q   <= 1'b0;
      cur_ref_q  <= 1'b0;
      job_open_q <= 1'b0;
      job_wait_q <= 1'b0;
      aw_done_q  <= 1'b0;
      beat_q     <= '0;
      err_q      <= 1'b0;
      scrub_fail_q <= 1'b0;
    end else begin
      state_q    <= state_d;
      ret_q      <= ret_d;
      fetch_q    <= fetch_d;
      region_q   <= region_d;
      cur_ref_q  <= cur_ref_d;
      job_open_q <= job_open_d;
      job_wait_q <= job_wait_d;
      aw_done_q  <= aw_done_d;
      beat_q     <= beat_d;
      err_q      <= err_d;
      scrub_fail_q <= scrub_fail_d;
    end
  end

  always_ff @(posedge clk_i) begin
    release_q    <= release_d;
    tag_q        <= tag_d;
    prio_q       <= prio_d;
    tenant_q     <= tenant_d;
    desc_node_q  <= desc_node_d;
    desc_off_q   <= desc_off_d;
    desc_len_q   <= desc_len_d;
    map_node_q   <= map_node_d;
    map_off_q    <= map_off_d;
    layer_q      <= layer_d;
    layer_id_q   <= layer_id_d;
    pinned_q     <= pinned_d;
    pin_node_q   <= pin_node_d;
    sig_q        <= sig_d;
    bytes_q      <= bytes_d;
    offset_q     <= offset_d;
    key_q        <= key_d;
    tile_q       <= tile_d;
    key_last_q   <= key_last_d;
    loc_q        <= loc_d;
    reg_node_q   <= reg_node_d;
    reg_first_q  <= reg_first_d;
    recorded_q   <= recorded_d;
    pend_q       <= pend_d;
    keys_done_q  <= keys_done_d;
    err_code_q   <= err_code_d;
    err_layer_q  <= err_layer_d;
    err_tile_q   <= err_tile_d;
    rec_q        <= rec_d;
    rd_err_q     <= rd_err_d;
    rd_idx_q     <= rd_idx_d;
    rd_count_q   <= rd_count_d;
    drop_key_q   <= drop_key_d;
    free_node_q  <= free_node_d;
    free_first_q <= free_first_d;
    free_units_q <= free_units_d;
  end

  // Not needed: the table entry's count, the DMA's fault details, B's ID,
  // the fetch's count/network id/tag, the record address's in-beat bits, and
  // the high bits of a unit count (bytes <= node bytes is checked first).
  logic unused;
  assign unused = ^{zf_done_resp, zf_addr[63:AddrBits], zf_bytes[63:tessera_pkg::ByteCountWidth+1], lt_resp_entry_i.references, done_i.resp, done_i.fault_node, done_i.fault_addr,
                    done_i.bytes, b_i.id, fdone.layer_count, fdone.network_id, fdone.tag, rec_addr[63:6],
                    rec_addr[4:0], units_wide[63:CountWidth]};

  // ---- assertions ------------------------------------------------------------------
`ifndef SYNTHESIS
  // At most one request outstanding per resource; a response only when one is.
  logic [1:0] out_dir_q, out_lt_q, out_alloc_q, out_job_q, pending_q;
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      out_dir_q   <= '0;
      out_lt_q    <= '0;
      out_alloc_q <= '0;
      out_job_q   <= '0;
      pending_q   <= '0;
    end else begin
      out_dir_q   <= out_dir_q + 2'(dir_req_valid_o && dir_req_ready_i) - 2'(dir_resp_valid_i && dir_resp_ready_o);
      out_lt_q    <= out_lt_q + 2'(lt_req_valid_o && lt_req_ready_i) - 2'(lt_resp_valid_i && lt_resp_ready_o);
      out_alloc_q <= out_alloc_q + 2'(alloc_req_valid_o && alloc_req_ready_i) -
                     2'(alloc_rsp_valid_i && alloc_rsp_ready_o);
      out_job_q   <= out_job_q + 2'(job_valid_o && job_ready_i) - 2'(done_valid_i && done_ready_o);
      pending_q   <= pending_q + 2'(sub_valid_i && sub_ready_o) - 2'(cpl_valid_o && cpl_ready_i);
    end
  end
  a_one_dir: assert property (@(posedge clk_i) disable iff (!rst_ni)
    out_dir_q <= 2'd1 && !(dir_req_valid_o && out_dir_q != 2'd0) && !(dir_resp_ready_o && out_dir_q == 2'd0));
  a_one_lt: assert property (@(posedge clk_i) disable iff (!rst_ni)
    out_lt_q <= 2'd1 && !(lt_req_valid_o && out_lt_q != 2'd0) && !(lt_resp_ready_o && out_lt_q == 2'd0));
  a_one_alloc: assert property (@(posedge clk_i) disable iff (!rst_ni)
    out_alloc_q <= 2'd1 && !(alloc_req_valid_o && out_alloc_q != 2'd0) &&
    !(alloc_rsp_ready_o && out_alloc_q == 2'd0));
  a_one_job: assert property (@(posedge clk_i) disable iff (!rst_ni)
    out_job_q <= 2'd1 && !(job_valid_o && out_job_q != 2'd0) && !(done_ready_o && out_job_q == 2'd0));
  // Exactly one completion per submission: none without one, no submission while one is owed.
  a_cpl_once: assert property (@(posedge clk_i) disable iff (!rst_ni)
    pending_q <= 2'd1 && !(cpl_valid_o && pending_q != 2'd1) && !(sub_ready_o && pending_q != 2'd0));
  // The fetch's items are only those the FSM expects (no key outside a layer).
  a_item_kind: assert property (@(posedge clk_i) disable iff (!rst_ni)
    (state_q == StNext && item_valid) |-> item.kind == tsr_desc_pkg::DescItemLayer);
  a_free_ok: assert property (@(posedge clk_i) disable iff (!rst_ni)
    (state_q == StFreeW && alloc_rsp_valid_i) |-> alloc_rsp_status_i == 3'd0);
  a_idle_port: assert property (@(posedge clk_i) disable iff (!rst_ni)
    (state_q == StIdle) |-> !fetch_q && !job_wait_q && !region_q && !scrub_fail_q);
  // The scrub's writes never mix with a record write: it runs only in StScrubW.
  a_scrub_alone: assert property (@(posedge clk_i) disable iff (!rst_ni)
    !zf_active |-> !zf_aw_valid && !zf_w_valid);

  tsr_stream_assert #(.Width(16 + 1 + 4 + 16 + 32)) u_cpl_rules (
    .clk_i, .rst_ni, .valid_i(cpl_valid_o), .ready_i(cpl_ready_i),
    .data_i({cpl_tag_o, cpl_error_o, cpl_code_o, cpl_layer_o, cpl_tile_o}));
  tsr_stream_assert #(.Width(tessera_pkg::DmaTileWidth)) u_tile_rules (
    .clk_i, .rst_ni, .valid_i(tile_valid_o), .ready_i(tile_ready_i), .data_i(tile_o));
  tsr_stream_assert #(.Width(tessera_pkg::DmaJobWidth)) u_job_rules (
    .clk_i, .rst_ni, .valid_i(job_valid_o), .ready_i(job_ready_i), .data_i(job_o));
`endif
endmodule
