// tsr_csr: the engine's host control port (docs/spec.md section 14;
// docs/blocks/csr.md). An AXI4-Lite slave with 32-bit data over the register
// map of tsr_regs_pkg (generated from the spec), an interrupt, and the
// streams that connect the registers to the engine.
//
// AXI4-Lite (s_*): AW and W are taken independently, in either order, one
// write at a time: the write acts once both are held and its B answer has
// been taken; B follows when the effect is complete (a CQ flush answers once
// the queue's old entries are gone). One read at a time: R comes the cycle
// after AR. Known offsets answer OKAY, unmapped ones SLVERR (reads return 0).
// AxPROT is not used (tie it off at the top). The address's two low bits
// are ignored.
//
// Streams (valid/ready; flat ports, the payload beside valid):
//   sub_*  out: the submission queue's head {release (0 submit, 1 release),
//          tag, desc_addr and desc_len (the descriptor buffer's address and
//          length in bytes; 0 for a release), map_addr, priority, tenant,
//          layers (the layer count of a release, 0 for a submission)}.
//          Offered while CTRL.ENABLE is set; once offered it stays offered
//          until taken (a disable or a flush does not withdraw it).
//   cpl_*  in:  completions {tag, error, code (error_e), layer, tile} into the
//          completion queue (a tsr_fifo of CqDepth); ready while it has room.
//   dir_req_* out / dir_resp_* in: one tile-directory command at a time
//          {op, key, tenant, location} -> {status, denied, location}; the
//          ports match the tile directory's. dir_resp_ready_o is high only
//          while a response is awaited.
//   rsv_req_* out / rsv_resp_* in: a RESERVE command (DIR_CMD OP 3) instead
//          of a directory command, on the same staged location
//          (dir_req_location_o) -> {range: the location is not inside a node,
//          nothing was reserved}; answered once the reservation is accepted.
//          Directory and reserve commands share DIR_RESULT: one at a time.
// Performance inputs, sampled every cycle: perf_busy_i (level: the engine
// works on some network), perf_node_bytes_i (per node, BytesIncWidth bits:
// bytes moved this cycle; node i at [i*BytesIncWidth +: BytesIncWidth]),
// perf_cam_hit_i, perf_cam_miss_i, perf_stall_{arb,alloc,dma}_i (pulses: one
// count per cycle high).
// irq_o: high while IRQ_STATUS & IRQ_ENABLE is nonzero (from registers).
// enable_o: CTRL.ENABLE. scrub_o: CTRL.SCRUB (zero regions before freeing them).
module tsr_csr #(
  parameter int SqDepth       = 8,   // submission queue entries, 1..255
  parameter int CqDepth       = 16,  // completion queue entries, 1..255
  parameter int NumNodes      = 8,   // memory nodes with a byte counter, 1..32
  parameter int AddrWidth     = 12,  // AXI4-Lite byte address bits, 9..16
  parameter int BytesIncWidth = 8,   // per-node byte increment per cycle
  localparam int TagWidth     = 16,
  localparam int AddressWidth = 64   // descriptor and layer-map addresses
) (
  input  logic                              clk_i,
  input  logic                              rst_ni,
  // AXI4-Lite slave
  input  logic                              s_aw_valid_i,
  output logic                              s_aw_ready_o,
  input  logic [AddrWidth-1:0]              s_aw_addr_i,
  input  logic                              s_w_valid_i,
  output logic                              s_w_ready_o,
  input  logic [31:0]                       s_w_data_i,
  input  logic [3:0]                        s_w_strb_i,
  output logic                              s_b_valid_o,
  input  logic                              s_b_ready_i,
  output logic [1:0]                        s_b_resp_o,
  input  logic                              s_ar_valid_i,
  output logic                              s_ar_ready_o,
  input  logic [AddrWidth-1:0]              s_ar_addr_i,
  output logic                              s_r_valid_o,
  input  logic                              s_r_ready_i,
  output logic [31:0]                       s_r_data_o,
  output logic [1:0]                        s_r_resp_o,
  output logic                              irq_o,
  output logic                              enable_o,
  output logic                              scrub_o,
  // submission stream
  output logic                              sub_valid_o,
  input  logic                              sub_ready_i,
  output logic                              sub_release_o,
  output logic [TagWidth-1:0]               sub_tag_o,
  output logic [AddressWidth-1:0]           sub_desc_addr_o,
  output logic [31:0]                       sub_desc_len_o,
  output logic [AddressWidth-1:0]           sub_map_addr_o,
  output tessera_pkg::priority_t            sub_priority_o,
  output tessera_pkg::tenant_t              sub_tenant_o,
  output logic [15:0]                       sub_layers_o,
  // completion stream
  input  logic                              cpl_valid_i,
  output logic                              cpl_ready_o,
  input  logic [TagWidth-1:0]               cpl_tag_i,
  input  logic                              cpl_error_i,
  input  tessera_pkg::error_e               cpl_code_i,
  input  logic [15:0]                       cpl_layer_i,
  input  logic [31:0]                       cpl_tile_i,
  // tile-directory command and response
  output logic                              dir_req_valid_o,
  input  logic                              dir_req_ready_i,
  output tessera_pkg::table_op_e            dir_req_op_o,
  output tessera_pkg::tile_key_t            dir_req_key_o,
  output tessera_pkg::tenant_t              dir_req_tenant_o,
  output tessera_pkg::tile_location_t       dir_req_location_o,
  input  logic                              dir_resp_valid_i,
  output logic                              dir_resp_ready_o,
  input  tessera_pkg::table_status_e        dir_resp_status_i,
  input  logic                              dir_resp_denied_i,
  input  tessera_pkg::tile_location_t       dir_resp_location_i,
  // reserve command and response
  output logic                              rsv_req_valid_o,
  input  logic                              rsv_req_ready_i,
  input  logic                              rsv_resp_valid_i,
  output logic                              rsv_resp_ready_o,
  input  logic                              rsv_resp_range_i,
  // performance counter inputs
  input  logic                              perf_busy_i,
  input  logic [NumNodes*BytesIncWidth-1:0] perf_node_bytes_i,
  input  logic                              perf_cam_hit_i,
  input  logic                              perf_cam_miss_i,
  input  logic                              perf_stall_arb_i,
  input  logic                              perf_stall_alloc_i,
  input  logic                              perf_stall_dma_i
);
  if (SqDepth < 1 || SqDepth > 255) begin : gen_sq_depth_check
    $error("tsr_csr: SqDepth must be 1..255");
  end
  if (CqDepth < 1 || CqDepth > 255) begin : gen_cq_depth_check
    $error("tsr_csr: CqDepth must be 1..255");
  end
  if (NumNodes < 1 || NumNodes > tessera_pkg::MaxNodes) begin : gen_nodes_check
    $error("tsr_csr: NumNodes must be 1..32");
  end
  if (AddrWidth < 9 || AddrWidth > 16) begin : gen_addr_check
    $error("tsr_csr: AddrWidth must be 9..16 (the map ends at 0x140)");
  end
  if (BytesIncWidth < 1 || BytesIncWidth > 32) begin : gen_inc_check
    $error("tsr_csr: BytesIncWidth must be 1..32");
  end

  localparam int SqIndexWidth = (SqDepth > 1) ? $clog2(SqDepth) : 1;
  localparam int SqCountWidth = $clog2(SqDepth + 1);
  localparam int CqCountWidth = $clog2(CqDepth + 1);
  localparam int SqEntryWidth = 1 + TagWidth + 2 * AddressWidth + 32 + tessera_pkg::PriorityWidth +
                                tessera_pkg::TenantWidth + 16;
  localparam int CqEntryWidth = TagWidth + 1 + 4 + 16 + 32;
  localparam logic [1:0] RespOkay   = 2'b00;
  localparam logic [1:0] RespSlvErr = 2'b10;
  // IRQ cause bits (IRQ_STATUS / IRQ_ENABLE)
  localparam int IrqCqAvail    = tsr_regs_pkg::IrqStatusCqAvailLsb;
  localparam int IrqSqOverflow = tsr_regs_pkg::IrqStatusSqOverflowLsb;
  localparam int IrqCmdDone    = tsr_regs_pkg::IrqStatusCmdDoneLsb;
  localparam int IrqError      = tsr_regs_pkg::IrqStatusErrorLsb;
  localparam int IrqBits       = 4;
  // DIR_RESULT.STATUS values beyond table_status_e
  localparam logic [2:0] DirDenied = 3'd4;
  localparam logic [2:0] DirRange  = 3'd5;
  localparam logic [1:0] OpReserve = 2'd3;  // DIR_CMD.OP of a reserve

  // ---- registers -------------------------------------------------------------
  logic                           enable_q, enable_d;
  logic                           scrub_q, scrub_d;
  logic [IrqBits-1:0]             irq_enable_q, irq_enable_d;
  logic [IrqBits-1:0]             irq_status_q, irq_status_d;
  logic [31:0]                    scratch_q, scratch_d;
  logic [AddressWidth-1:0]        sq_desc_q, sq_desc_d, sq_map_q, sq_map_d;
  logic [31:0]                    sq_len_q, sq_len_d;
  tessera_pkg::priority_t         sq_priority_q, sq_priority_d;
  tessera_pkg::tenant_t           sq_tenant_q, sq_tenant_d;
  logic [TagWidth-1:0]            tag_next_q, tag_next_d, tag_last_q, tag_last_d;
  logic [47:0]                    dir_key_q, dir_key_d;
  tessera_pkg::tenant_t           dir_tenant_q, dir_tenant_d;
  tessera_pkg::tile_location_t    dir_loc_q, dir_loc_d;
  logic                           dir_req_valid_q, dir_req_valid_d, dir_wait_q, dir_wait_d;
  logic                           dir_rsv_q, dir_rsv_d;  // the command in flight is a reserve
  tessera_pkg::table_op_e         dir_req_op_q, dir_req_op_d;
  tessera_pkg::tile_key_t         dir_req_key_q, dir_req_key_d;
  tessera_pkg::tenant_t           dir_req_tenant_q, dir_req_tenant_d;
  tessera_pkg::tile_location_t    dir_req_loc_q, dir_req_loc_d;
  logic [2:0]                     dir_status_q, dir_status_d;
  tessera_pkg::tile_location_t    dir_res_loc_q, dir_res_loc_d;
  logic [AddressWidth-1:0]        rel_map_q, rel_map_d;
  tessera_pkg::tenant_t           rel_tenant_q, rel_tenant_d;
  logic [15:0]                    rel_layers_q, rel_layers_d;
  logic                           err_valid_q, err_valid_d;
  logic [3:0]                     err_code_q, err_code_d;
  logic [TagWidth-1:0]            err_tag_q, err_tag_d;
  logic [15:0]                    err_layer_q, err_layer_d;
  logic [31:0]                    err_tile_q, err_tile_d;
  logic [4:0]                     perf_sel_q, perf_sel_d;
  logic [31:0]                    snap_q, snap_d;
  logic [63:0]                    busy_cnt_q, hits_q, misses_q, stall_arb_q, stall_alloc_q, stall_dma_q;
  logic [NumNodes-1:0][63:0]      node_bytes_q;
  logic                           perf_clear;

  // ---- AXI4-Lite write channel --------------------------------------------
  logic                 aw_full_q, w_full_q, b_valid_q;
  logic [AddrWidth-1:0] aw_addr_q;
  logic [31:0]          w_data_q;
  logic [3:0]           w_strb_q;
  logic [1:0]           b_resp_q;
  logic [CqCountWidth-1:0] drain_q, drain_d;  // CQ entries a flush still has to drop
  logic                 draining_q;           // a CQ flush's B waits for the drain
  logic                 write_go, write_hit, write_any, b_set;
  logic [15:0]          waddr;
  logic [31:0]          wmask;                // byte strobes as a bit mask

  assign s_aw_ready_o = !aw_full_q;
  assign s_w_ready_o  = !w_full_q;
  assign s_b_valid_o  = b_valid_q;
  assign s_b_resp_o   = b_resp_q;
  assign write_go     = aw_full_q && w_full_q && !b_valid_q && !draining_q;
  assign waddr        = 16'({aw_addr_q[AddrWidth-1:2], 2'b00});
  assign wmask        = {{8{w_strb_q[3]}}, {8{w_strb_q[2]}}, {8{w_strb_q[1]}}, {8{w_strb_q[0]}}};
  assign write_any    = w_strb_q != 4'b0;
  assign write_hit    = mapped(waddr);

  // True for every offset of the register map.
  function automatic logic mapped(input logic [15:0] offset);
    unique case (offset)
      tsr_regs_pkg::IdOffset, tsr_regs_pkg::ConfigOffset, tsr_regs_pkg::CtrlOffset, tsr_regs_pkg::StatusOffset,
      tsr_regs_pkg::IrqEnableOffset, tsr_regs_pkg::IrqStatusOffset, tsr_regs_pkg::ScratchOffset,
      tsr_regs_pkg::SqDescLenOffset, tsr_regs_pkg::SqDescAddrLoOffset, tsr_regs_pkg::SqDescAddrHiOffset, tsr_regs_pkg::SqMapAddrLoOffset,
      tsr_regs_pkg::SqMapAddrHiOffset, tsr_regs_pkg::SqAttrOffset, tsr_regs_pkg::SqDoorbellOffset,
      tsr_regs_pkg::SqLevelOffset, tsr_regs_pkg::SqTagOffset,
      tsr_regs_pkg::CqStatusOffset, tsr_regs_pkg::CqLayerOffset, tsr_regs_pkg::CqTileOffset,
      tsr_regs_pkg::CqPopOffset, tsr_regs_pkg::CqLevelOffset,
      tsr_regs_pkg::DirKeyLoOffset, tsr_regs_pkg::DirKeyHiOffset, tsr_regs_pkg::DirTenantOffset,
      tsr_regs_pkg::DirLocNodeOffset, tsr_regs_pkg::DirLocAddrLoOffset, tsr_regs_pkg::DirLocAddrHiOffset,
      tsr_regs_pkg::DirLocBytesLoOffset, tsr_regs_pkg::DirLocBytesHiOffset, tsr_regs_pkg::DirCmdOffset,
      tsr_regs_pkg::DirResultOffset, tsr_regs_pkg::DirResNodeOffset, tsr_regs_pkg::DirResAddrLoOffset,
      tsr_regs_pkg::DirResAddrHiOffset, tsr_regs_pkg::DirResBytesLoOffset, tsr_regs_pkg::DirResBytesHiOffset,
      tsr_regs_pkg::RelMapAddrLoOffset, tsr_regs_pkg::RelMapAddrHiOffset, tsr_regs_pkg::RelAttrOffset,
      tsr_regs_pkg::RelDoorbellOffset,
      tsr_regs_pkg::ErrStatusOffset, tsr_regs_pkg::ErrLayerOffset, tsr_regs_pkg::ErrTileOffset,
      tsr_regs_pkg::PerfNodeSelOffset,
      tsr_regs_pkg::PerfBusyLoOffset, tsr_regs_pkg::PerfBusyHiOffset,
      tsr_regs_pkg::PerfNodeBytesLoOffset, tsr_regs_pkg::PerfNodeBytesHiOffset,
      tsr_regs_pkg::PerfCamHitsLoOffset, tsr_regs_pkg::PerfCamHitsHiOffset,
      tsr_regs_pkg::PerfCamMissesLoOffset, tsr_regs_pkg::PerfCamMissesHiOffset,
      tsr_regs_pkg::PerfStallArbLoOffset, tsr_regs_pkg::PerfStallArbHiOffset,
      tsr_regs_pkg::PerfStallAllocLoOffset, tsr_regs_pkg::PerfStallAllocHiOffset,
      tsr_regs_pkg::PerfStallDmaLoOffset, tsr_regs_pkg::PerfStallDmaHiOffset: mapped = 1'b1;
      default: mapped = 1'b0;
    endcase
  endfunction

  // ---- submission queue (own buffer: a flush keeps an offered head) -------
  logic [SqEntryWidth-1:0] sq_mem_q [SqDepth];
  logic [SqIndexWidth-1:0] sq_rd_q, sq_wr_q, sq_wr_d, sq_rd_d;
  logic [SqCountWidth-1:0] sq_count_q, sq_count_d;
  logic                    sq_held_q;       // offered last cycle and not taken
  logic                    sq_push, sq_pop, sq_flush, sq_full;
  logic [SqEntryWidth-1:0] sq_entry;
  logic                    ring_submit, ring_release;

  function automatic logic [SqIndexWidth-1:0] sq_next(input logic [SqIndexWidth-1:0] index);
    sq_next = (index == SqIndexWidth'(SqDepth - 1)) ? '0 : index + 1'b1;
  endfunction

  assign sq_full     = sq_count_q == SqCountWidth'(SqDepth);
  assign sub_valid_o = sq_count_q != '0 && (enable_q || sq_held_q);
  assign sq_pop      = sub_valid_o && sub_ready_i;
  assign sq_push     = (ring_submit || ring_release) && !sq_full;
  assign sq_entry    = ring_release
      ? {1'b1, tag_next_q, {AddressWidth{1'b0}}, 32'd0, rel_map_q, {tessera_pkg::PriorityWidth{1'b0}}, rel_tenant_q,
         rel_layers_q}
      : {1'b0, tag_next_q, sq_desc_q, sq_len_q, sq_map_q, sq_priority_q, sq_tenant_q, 16'd0};
  assign {sub_release_o, sub_tag_o, sub_desc_addr_o, sub_desc_len_o, sub_map_addr_o, sub_priority_o, sub_tenant_o,
          sub_layers_o} = sq_mem_q[sq_rd_q];

  always_comb begin
    sq_rd_d    = sq_pop ? sq_next(sq_rd_q) : sq_rd_q;
    sq_wr_d    = sq_push ? sq_next(sq_wr_q) : sq_wr_q;
    sq_count_d = sq_count_q + SqCountWidth'(sq_push) - SqCountWidth'(sq_pop);
    if (sq_flush) begin  // keep only an entry offered and not taken now
      sq_wr_d    = sub_valid_o ? sq_next(sq_rd_q) : sq_rd_q;
      sq_count_d = SqCountWidth'(sub_valid_o && !sub_ready_i);
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      sq_rd_q    <= '0;
      sq_wr_q    <= '0;
      sq_count_q <= '0;
      sq_held_q  <= 1'b0;
    end else begin
      sq_rd_q    <= sq_rd_d;
      sq_wr_q    <= sq_wr_d;
      sq_count_q <= sq_count_d;
      sq_held_q  <= sub_valid_o && !sub_ready_i;
    end
  end

  always_ff @(posedge clk_i) begin
    if (sq_push) sq_mem_q[sq_wr_q] <= sq_entry;
  end

  // ---- completion queue ------------------------------------------------------
  logic                    cq_valid, cq_pop_req, cq_ready_fifo;
  logic [CqEntryWidth-1:0] cq_head;
  logic [CqCountWidth-1:0] cq_count;
  logic [TagWidth-1:0]     cq_tag;
  logic                    cq_error;
  logic [3:0]              cq_code;
  logic [15:0]             cq_layer;
  logic [31:0]             cq_tile;
  logic                    cpl_push;
  logic                    cq_fifo_pop;  // a host pop or a flush's drain

  // (a separate signal: an expression with '0 on the instance's port makes
  // Yosys 0.55 re-derive this module and fail)
  assign cq_fifo_pop = cq_pop_req || drain_q != '0;

  tsr_fifo #(.Width(CqEntryWidth), .Depth(CqDepth)) u_cq (
    .clk_i,
    .rst_ni,
    .valid_i(cpl_valid_i),
    .ready_o(cq_ready_fifo),
    .data_i ({cpl_tag_i, cpl_error_i, cpl_code_i, cpl_layer_i, cpl_tile_i}),
    .valid_o(cq_valid),
    .ready_i(cq_fifo_pop),
    .data_o (cq_head),
    .count_o(cq_count)
  );
  assign cpl_ready_o = cq_ready_fifo;
  assign cpl_push    = cpl_valid_i && cq_ready_fifo;
  assign {cq_tag, cq_error, cq_code, cq_layer, cq_tile} = cq_valid ? cq_head : '0;

  // ---- directory command -----------------------------------------------------
  logic dir_busy, dir_req_fire, dir_resp_fire;
  assign dir_busy           = dir_req_valid_q || dir_wait_q;
  assign dir_req_valid_o    = dir_req_valid_q && !dir_rsv_q;
  assign rsv_req_valid_o    = dir_req_valid_q && dir_rsv_q;
  assign dir_req_op_o       = dir_req_op_q;
  assign dir_req_key_o      = dir_req_key_q;
  assign dir_req_tenant_o   = dir_req_tenant_q;
  assign dir_req_location_o = dir_req_loc_q;
  assign dir_resp_ready_o   = dir_wait_q && !dir_rsv_q;
  assign rsv_resp_ready_o   = dir_wait_q && dir_rsv_q;
  assign dir_req_fire       = dir_req_valid_q && (dir_rsv_q ? rsv_req_ready_i : dir_req_ready_i);
  assign dir_resp_fire      = dir_wait_q && (dir_rsv_q ? rsv_resp_valid_i : dir_resp_valid_i);

  // ---- write effects ----------------------------------------------------------
  logic [31:0] wdata;
  assign wdata = w_data_q;

  always_comb begin
    enable_d         = enable_q;
    scrub_d          = scrub_q;
    irq_enable_d     = irq_enable_q;
    irq_status_d     = irq_status_q;
    scratch_d        = scratch_q;
    sq_desc_d        = sq_desc_q;
    sq_len_d         = sq_len_q;
    sq_map_d         = sq_map_q;
    sq_priority_d    = sq_priority_q;
    sq_tenant_d      = sq_tenant_q;
    tag_next_d       = tag_next_q;
    tag_last_d       = tag_last_q;
    dir_key_d        = dir_key_q;
    dir_tenant_d     = dir_tenant_q;
    dir_loc_d        = dir_loc_q;
    dir_req_valid_d  = dir_req_valid_q;
    dir_wait_d       = dir_wait_q;
    dir_rsv_d        = dir_rsv_q;
    dir_req_op_d     = dir_req_op_q;
    dir_req_key_d    = dir_req_key_q;
    dir_req_tenant_d = dir_req_tenant_q;
    dir_req_loc_d    = dir_req_loc_q;
    dir_status_d     = dir_status_q;
    dir_res_loc_d    = dir_res_loc_q;
    rel_map_d        = rel_map_q;
    rel_tenant_d     = rel_tenant_q;
    rel_layers_d     = rel_layers_q;
    err_valid_d      = err_valid_q;
    err_code_d       = err_code_q;
    err_tag_d        = err_tag_q;
    err_layer_d      = err_layer_q;
    err_tile_d       = err_tile_q;
    perf_sel_d       = perf_sel_q;
    drain_d          = (drain_q != '0 && cq_valid) ? drain_q - 1'b1 : drain_q;
    ring_submit      = 1'b0;
    ring_release     = 1'b0;
    sq_flush         = 1'b0;
    cq_pop_req       = 1'b0;
    perf_clear       = 1'b0;
    b_set            = 1'b0;

    // register writes (bit i written when its byte strobe is set)
    if (write_go) begin
      b_set = 1'b1;
      unique case (waddr)
        tsr_regs_pkg::CtrlOffset: begin
          if (wmask[tsr_regs_pkg::CtrlEnableLsb]) enable_d = wdata[tsr_regs_pkg::CtrlEnableLsb];
          if (wmask[tsr_regs_pkg::CtrlScrubLsb]) scrub_d = wdata[tsr_regs_pkg::CtrlScrubLsb];
          sq_flush   = wmask[tsr_regs_pkg::CtrlSqFlushLsb] && wdata[tsr_regs_pkg::CtrlSqFlushLsb];
          perf_clear = wmask[tsr_regs_pkg::CtrlPerfClearLsb] && wdata[tsr_regs_pkg::CtrlPerfClearLsb];
          if (wmask[tsr_regs_pkg::CtrlErrClearLsb] && wdata[tsr_regs_pkg::CtrlErrClearLsb]) begin
            err_valid_d = 1'b0;
            err_code_d  = '0;
            err_tag_d   = '0;
            err_layer_d = '0;
            err_tile_d  = '0;
          end
          if (wmask[tsr_regs_pkg::CtrlCqFlushLsb] && wdata[tsr_regs_pkg::CtrlCqFlushLsb]) begin
            drain_d = cq_count;  // B waits until these entries are gone
            b_set   = 1'b0;
          end
        end
        tsr_regs_pkg::IrqEnableOffset:
          irq_enable_d = (irq_enable_q & ~wmask[IrqBits-1:0]) | (wdata[IrqBits-1:0] & wmask[IrqBits-1:0]);
        tsr_regs_pkg::IrqStatusOffset: irq_status_d = irq_status_q & ~(wdata[IrqBits-1:0] & wmask[IrqBits-1:0]);
        tsr_regs_pkg::ScratchOffset: scratch_d = (scratch_q & ~wmask) | (wdata & wmask);
        tsr_regs_pkg::SqDescLenOffset: sq_len_d = (sq_len_q & ~wmask) | (wdata & wmask);
        tsr_regs_pkg::SqDescAddrLoOffset: sq_desc_d[31:0] = (sq_desc_q[31:0] & ~wmask) | (wdata & wmask);
        tsr_regs_pkg::SqDescAddrHiOffset: sq_desc_d[63:32] = (sq_desc_q[63:32] & ~wmask) | (wdata & wmask);
        tsr_regs_pkg::SqMapAddrLoOffset: sq_map_d[31:0] = (sq_map_q[31:0] & ~wmask) | (wdata & wmask);
        tsr_regs_pkg::SqMapAddrHiOffset: sq_map_d[63:32] = (sq_map_q[63:32] & ~wmask) | (wdata & wmask);
        tsr_regs_pkg::SqAttrOffset: begin
          if (wmask[tsr_regs_pkg::SqAttrPriorityLsb])
            sq_priority_d = wdata[tsr_regs_pkg::SqAttrPriorityLsb +: tsr_regs_pkg::SqAttrPriorityWidth];
          if (wmask[tsr_regs_pkg::SqAttrTenantLsb])
            sq_tenant_d = wdata[tsr_regs_pkg::SqAttrTenantLsb +: tsr_regs_pkg::SqAttrTenantWidth];
        end
        tsr_regs_pkg::SqDoorbellOffset: ring_submit = write_any;
        tsr_regs_pkg::CqPopOffset: cq_pop_req = write_any && cq_valid;
        tsr_regs_pkg::DirKeyLoOffset: dir_key_d[31:0] = (dir_key_q[31:0] & ~wmask) | (wdata & wmask);
        tsr_regs_pkg::DirKeyHiOffset: dir_key_d[47:32] = (dir_key_q[47:32] & ~wmask[15:0]) | (wdata[15:0] & wmask[15:0]);
        tsr_regs_pkg::DirTenantOffset: if (wmask[0]) dir_tenant_d = wdata[tsr_regs_pkg::DirTenantTenantLsb +: 8];
        tsr_regs_pkg::DirLocNodeOffset: begin
          if (wmask[tsr_regs_pkg::DirLocNodeNodeLsb])
            dir_loc_d.node = wdata[tsr_regs_pkg::DirLocNodeNodeLsb +: tsr_regs_pkg::DirLocNodeNodeWidth];
          if (wmask[tsr_regs_pkg::DirLocNodePublicLsb])
            dir_loc_d.owner.is_public = wdata[tsr_regs_pkg::DirLocNodePublicLsb];
          if (wmask[tsr_regs_pkg::DirLocNodeOwnerLsb])
            dir_loc_d.owner.tenant = wdata[tsr_regs_pkg::DirLocNodeOwnerLsb +: tsr_regs_pkg::DirLocNodeOwnerWidth];
        end
        tsr_regs_pkg::DirLocAddrLoOffset: dir_loc_d.addr[31:0] = (dir_loc_q.addr[31:0] & ~wmask) | (wdata & wmask);
        tsr_regs_pkg::DirLocAddrHiOffset: if (wmask[0]) dir_loc_d.addr[33:32] = wdata[1:0];
        tsr_regs_pkg::DirLocBytesLoOffset: dir_loc_d.bytes[31:0] = (dir_loc_q.bytes[31:0] & ~wmask) | (wdata & wmask);
        tsr_regs_pkg::DirLocBytesHiOffset: if (wmask[0]) dir_loc_d.bytes[33:32] = wdata[1:0];
        tsr_regs_pkg::DirCmdOffset: begin
          if (write_any && !dir_busy) begin
            dir_req_valid_d  = 1'b1;
            dir_rsv_d        = wdata[tsr_regs_pkg::DirCmdOpLsb +: tsr_regs_pkg::DirCmdOpWidth] == OpReserve;
            dir_req_loc_d    = dir_loc_q;
            if (!dir_rsv_d) begin
              dir_req_op_d     = tessera_pkg::table_op_e'(wdata[tsr_regs_pkg::DirCmdOpLsb +: tsr_regs_pkg::DirCmdOpWidth]);
              dir_req_key_d    = dir_key_q;
              dir_req_tenant_d = dir_tenant_q;
            end
          end
        end
        tsr_regs_pkg::RelMapAddrLoOffset: rel_map_d[31:0] = (rel_map_q[31:0] & ~wmask) | (wdata & wmask);
        tsr_regs_pkg::RelMapAddrHiOffset: rel_map_d[63:32] = (rel_map_q[63:32] & ~wmask) | (wdata & wmask);
        tsr_regs_pkg::RelAttrOffset: begin
          if (wmask[tsr_regs_pkg::RelAttrTenantLsb])
            rel_tenant_d = wdata[tsr_regs_pkg::RelAttrTenantLsb +: tsr_regs_pkg::RelAttrTenantWidth];
          rel_layers_d = (rel_layers_q & ~wmask[31:16]) | (wdata[31:16] & wmask[31:16]);
        end
        tsr_regs_pkg::RelDoorbellOffset: ring_release = write_any;
        tsr_regs_pkg::PerfNodeSelOffset:
          if (wmask[0]) perf_sel_d = wdata[tsr_regs_pkg::PerfNodeSelNodeLsb +: tsr_regs_pkg::PerfNodeSelNodeWidth];
        default: ;  // read-only or unmapped: no effect
      endcase
    end

    // doorbells: a tag for each accepted entry, an overflow for a dropped one
    if (sq_push) begin
      tag_last_d = tag_next_q;
      tag_next_d = tag_next_q + 1'b1;
    end
    if ((ring_submit || ring_release) && sq_full) irq_status_d[IrqSqOverflow] = 1'b1;

    // directory handshakes
    if (dir_req_fire) begin
      dir_req_valid_d = 1'b0;
      dir_wait_d      = 1'b1;
    end
    if (dir_resp_fire) begin
      dir_wait_d = 1'b0;
      if (dir_rsv_q) begin
        dir_status_d  = rsv_resp_range_i ? DirRange : 3'd0;
        dir_res_loc_d = '0;
      end else begin
        dir_status_d  = dir_resp_denied_i ? DirDenied : {1'b0, dir_resp_status_i};
        dir_res_loc_d = dir_resp_location_i;
      end
      irq_status_d[IrqCmdDone] = 1'b1;
    end

    // completions (events win over a clear in the same cycle)
    if (cpl_push) begin
      irq_status_d[IrqCqAvail] = 1'b1;
      if (cpl_error_i) begin
        irq_status_d[IrqError] = 1'b1;
        err_valid_d = 1'b1;
        err_code_d  = cpl_code_i;
        err_tag_d   = cpl_tag_i;
        err_layer_d = cpl_layer_i;
        err_tile_d  = cpl_tile_i;
      end
    end
  end

  assign enable_o = enable_q;
  assign scrub_o  = scrub_q;
  assign irq_o    = |(irq_status_q & irq_enable_q);

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      aw_full_q        <= 1'b0;
      w_full_q         <= 1'b0;
      aw_addr_q        <= '0;
      w_data_q         <= '0;
      w_strb_q         <= '0;
      b_valid_q        <= 1'b0;
      b_resp_q         <= RespOkay;
      drain_q          <= '0;
      draining_q       <= 1'b0;
      enable_q         <= 1'b0;
      scrub_q          <= 1'b0;
      irq_enable_q     <= '0;
      irq_status_q     <= '0;
      scratch_q        <= '0;
      sq_desc_q        <= '0;
      sq_len_q         <= '0;
      sq_map_q         <= '0;
      sq_priority_q    <= '0;
      sq_tenant_q      <= '0;
      tag_next_q       <= '0;
      tag_last_q       <= '1;
      dir_key_q        <= '0;
      dir_tenant_q     <= '0;
      dir_loc_q        <= '0;
      dir_req_valid_q  <= 1'b0;
      dir_wait_q       <= 1'b0;
      dir_rsv_q        <= 1'b0;
      dir_req_op_q     <= tessera_pkg::TableLookup;
      dir_req_key_q    <= '0;
      dir_req_tenant_q <= '0;
      dir_req_loc_q    <= '0;
      dir_status_q     <= '0;
      dir_res_loc_q    <= '0;
      rel_map_q        <= '0;
      rel_tenant_q     <= '0;
      rel_layers_q     <= '0;
      err_valid_q      <= 1'b0;
      err_code_q       <= '0;
      err_tag_q        <= '0;
      err_layer_q      <= '0;
      err_tile_q       <= '0;
      perf_sel_q       <= '0;
    end else begin
      if (s_aw_valid_i && s_aw_ready_o) begin
        aw_full_q <= 1'b1;
        aw_addr_q <= s_aw_addr_i;
      end else if (write_go) begin
        aw_full_q <= 1'b0;
      end
      if (s_w_valid_i && s_w_ready_o) begin
        w_full_q <= 1'b1;
        w_data_q <= s_w_data_i;
        w_strb_q <= s_w_strb_i;
      end else if (write_go) begin
        w_full_q <= 1'b0;
      end
      if (b_set || (draining_q && drain_q == '0)) begin
        b_valid_q <= 1'b1;
        b_resp_q  <= (draining_q || write_hit) ? RespOkay : RespSlvErr;
      end else if (s_b_ready_i) begin
        b_valid_q <= 1'b0;
      end
      if (write_go && !b_set) draining_q <= 1'b1;
      else if (draining_q && drain_q == '0) draining_q <= 1'b0;
      drain_q          <= drain_d;
      enable_q         <= enable_d;
      scrub_q          <= scrub_d;
      irq_enable_q     <= irq_enable_d;
      irq_status_q     <= irq_status_d;
      scratch_q        <= scratch_d;
      sq_desc_q        <= sq_desc_d;
      sq_len_q         <= sq_len_d;
      sq_map_q         <= sq_map_d;
      sq_priority_q    <= sq_priority_d;
      sq_tenant_q      <= sq_tenant_d;
      tag_next_q       <= tag_next_d;
      tag_last_q       <= tag_last_d;
      dir_key_q        <= dir_key_d;
      dir_tenant_q     <= dir_tenant_d;
      dir_loc_q        <= dir_loc_d;
      dir_req_valid_q  <= dir_req_valid_d;
      dir_wait_q       <= dir_wait_d;
      dir_rsv_q        <= dir_rsv_d;
      dir_req_op_q     <= dir_req_op_d;
      dir_req_key_q    <= dir_req_key_d;
      dir_req_tenant_q <= dir_req_tenant_d;
      dir_req_loc_q    <= dir_req_loc_d;
      dir_status_q     <= dir_status_d;
      dir_res_loc_q    <= dir_res_loc_d;
      rel_map_q        <= rel_map_d;
      rel_tenant_q     <= rel_tenant_d;
      rel_layers_q     <= rel_layers_d;
      err_valid_q      <= err_valid_d;
      err_code_q       <= err_code_d;
      err_tag_q        <= err_tag_d;
      err_layer_q      <= err_layer_d;
      err_tile_q       <= err_tile_d;
      perf_sel_q       <= perf_sel_d;
    end
  end

  // ---- performance counters ------------------------------------------------
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      busy_cnt_q    <= '0;
      hits_q        <= '0;
      misses_q      <= '0;
      stall_arb_q   <= '0;
      stall_alloc_q <= '0;
      stall_dma_q   <= '0;
    end else if (perf_clear) begin
      busy_cnt_q    <= '0;
      hits_q        <= '0;
      misses_q      <= '0;
      stall_arb_q   <= '0;
      stall_alloc_q <= '0;
      stall_dma_q   <= '0;
    end else begin
      busy_cnt_q    <= busy_cnt_q + 64'(perf_busy_i);
      hits_q        <= hits_q + 64'(perf_cam_hit_i);
      misses_q      <= misses_q + 64'(perf_cam_miss_i);
      stall_arb_q   <= stall_arb_q + 64'(perf_stall_arb_i);
      stall_alloc_q <= stall_alloc_q + 64'(perf_stall_alloc_i);
      stall_dma_q   <= stall_dma_q + 64'(perf_stall_dma_i);
    end
  end

  for (genvar n = 0; n < NumNodes; n++) begin : gen_node_bytes
    always_ff @(posedge clk_i or negedge rst_ni) begin
      if (!rst_ni) node_bytes_q[n] <= '0;
      else if (perf_clear) node_bytes_q[n] <= '0;
      else node_bytes_q[n] <= node_bytes_q[n] + 64'(perf_node_bytes_i[n*BytesIncWidth +: BytesIncWidth]);
    end
  end

  logic [63:0] node_bytes_sel;
  always_comb begin
    node_bytes_sel = '0;
    for (int n = 0; n < NumNodes; n++) begin
      if (perf_sel_q == 5'(n)) node_bytes_sel = node_bytes_q[n];
    end
  end

  // ---- AXI4-Lite read channel ------------------------------------------------
  logic        r_valid_q;
  logic [31:0] r_data_q, rdata;
  logic [1:0]  r_resp_q;
  logic [15:0] raddr;
  logic        read_go, read_hit;

  assign s_ar_ready_o = !r_valid_q;
  assign s_r_valid_o  = r_valid_q;
  assign s_r_data_o   = r_data_q;
  assign s_r_resp_o   = r_resp_q;
  assign read_go      = s_ar_valid_i && !r_valid_q;
  assign raddr        = 16'({s_ar_addr_i[AddrWidth-1:2], 2'b00});
  assign read_hit     = mapped(raddr);

  // The read view of every register; snap_d: the high word a LO read keeps.
  always_comb begin
    rdata  = '0;
    snap_d = snap_q;
    unique case (raddr)
      tsr_regs_pkg::IdOffset: rdata = tsr_regs_pkg::IdReset;
      tsr_regs_pkg::ConfigOffset: begin
        rdata[tsr_regs_pkg::ConfigSqDepthLsb +: 8] = 8'(SqDepth);
        rdata[tsr_regs_pkg::ConfigCqDepthLsb +: 8] = 8'(CqDepth);
        rdata[tsr_regs_pkg::ConfigNodesLsb +: 6]   = 6'(NumNodes);
      end
      tsr_regs_pkg::CtrlOffset: begin
        rdata[tsr_regs_pkg::CtrlEnableLsb] = enable_q;
        rdata[tsr_regs_pkg::CtrlScrubLsb]  = scrub_q;
      end
      tsr_regs_pkg::StatusOffset: begin
        rdata[tsr_regs_pkg::StatusSqEmptyLsb]    = sq_count_q == '0;
        rdata[tsr_regs_pkg::StatusSqFullLsb]     = sq_full;
        rdata[tsr_regs_pkg::StatusCqEmptyLsb]    = !cq_valid;
        rdata[tsr_regs_pkg::StatusCqFullLsb]     = !cq_ready_fifo;
        rdata[tsr_regs_pkg::StatusDirBusyLsb]    = dir_busy;
        rdata[tsr_regs_pkg::StatusEngineBusyLsb] = perf_busy_i;
      end
      tsr_regs_pkg::IrqEnableOffset: rdata[IrqBits-1:0] = irq_enable_q;
      tsr_regs_pkg::IrqStatusOffset: rdata[IrqBits-1:0] = irq_status_q;
      tsr_regs_pkg::ScratchOffset: rdata = scratch_q;
      tsr_regs_pkg::SqDescLenOffset: rdata = sq_len_q;
      tsr_regs_pkg::SqDescAddrLoOffset: rdata = sq_desc_q[31:0];
      tsr_regs_pkg::SqDescAddrHiOffset: rdata = sq_desc_q[63:32];
      tsr_regs_pkg::SqMapAddrLoOffset: rdata = sq_map_q[31:0];
      tsr_regs_pkg::SqMapAddrHiOffset: rdata = sq_map_q[63:32];
      tsr_regs_pkg::SqAttrOffset: begin
        rdata[tsr_regs_pkg::SqAttrPriorityLsb +: tsr_regs_pkg::SqAttrPriorityWidth] = sq_priority_q;
        rdata[tsr_regs_pkg::SqAttrTenantLsb +: tsr_regs_pkg::SqAttrTenantWidth]     = sq_tenant_q;
      end
      tsr_regs_pkg::SqLevelOffset: rdata[tsr_regs_pkg::SqLevelLevelLsb +: 8] = 8'(sq_count_q);
      tsr_regs_pkg::SqTagOffset: begin
        rdata[tsr_regs_pkg::SqTagNextLsb +: TagWidth] = tag_next_q;
        rdata[tsr_regs_pkg::SqTagLastLsb +: TagWidth] = tag_last_q;
      end
      tsr_regs_pkg::CqStatusOffset: begin
        rdata[tsr_regs_pkg::CqStatusTagLsb +: TagWidth] = cq_tag;
        rdata[tsr_regs_pkg::CqStatusErrorLsb]           = cq_error;
        rdata[tsr_regs_pkg::CqStatusCodeLsb +: 4]       = cq_code;
        rdata[tsr_regs_pkg::CqStatusValidLsb]           = cq_valid;
      end
      tsr_regs_pkg::CqLayerOffset: rdata[15:0] = cq_layer;
      tsr_regs_pkg::CqTileOffset: rdata = cq_tile;
      tsr_regs_pkg::CqLevelOffset: rdata[tsr_regs_pkg::CqLevelLevelLsb +: 8] = 8'(cq_count);
      tsr_regs_pkg::DirKeyLoOffset: rdata = dir_key_q[31:0];
      tsr_regs_pkg::DirKeyHiOffset: rdata[15:0] = dir_key_q[47:32];
      tsr_regs_pkg::DirTenantOffset: rdata[7:0] = dir_tenant_q;
      tsr_regs_pkg::DirLocNodeOffset: begin
        rdata[tsr_regs_pkg::DirLocNodeNodeLsb +: tsr_regs_pkg::DirLocNodeNodeWidth]   = dir_loc_q.node;
        rdata[tsr_regs_pkg::DirLocNodePublicLsb]                                     = dir_loc_q.owner.is_public;
        rdata[tsr_regs_pkg::DirLocNodeOwnerLsb +: tsr_regs_pkg::DirLocNodeOwnerWidth] = dir_loc_q.owner.tenant;
      end
      tsr_regs_pkg::DirLocAddrLoOffset: rdata = dir_loc_q.addr[31:0];
      tsr_regs_pkg::DirLocAddrHiOffset: rdata[1:0] = dir_loc_q.addr[33:32];
      tsr_regs_pkg::DirLocBytesLoOffset: rdata = dir_loc_q.bytes[31:0];
      tsr_regs_pkg::DirLocBytesHiOffset: rdata[1:0] = dir_loc_q.bytes[33:32];
      tsr_regs_pkg::DirResultOffset: begin
        rdata[tsr_regs_pkg::DirResultBusyLsb]                                       = dir_busy;
        rdata[tsr_regs_pkg::DirResultStatusLsb +: tsr_regs_pkg::DirResultStatusWidth] = dir_status_q;
      end
      tsr_regs_pkg::DirResNodeOffset: begin
        rdata[tsr_regs_pkg::DirResNodeNodeLsb +: tsr_regs_pkg::DirResNodeNodeWidth]   = dir_res_loc_q.node;
        rdata[tsr_regs_pkg::DirResNodePublicLsb]                                     = dir_res_loc_q.owner.is_public;
        rdata[tsr_regs_pkg::DirResNodeOwnerLsb +: tsr_regs_pkg::DirResNodeOwnerWidth] = dir_res_loc_q.owner.tenant;
      end
      tsr_regs_pkg::DirResAddrLoOffset: rdata = dir_res_loc_q.addr[31:0];
      tsr_regs_pkg::DirResAddrHiOffset: rdata[1:0] = dir_res_loc_q.addr[33:32];
      tsr_regs_pkg::DirResBytesLoOffset: rdata = dir_res_loc_q.bytes[31:0];
      tsr_regs_pkg::DirResBytesHiOffset: rdata[1:0] = dir_res_loc_q.bytes[33:32];
      tsr_regs_pkg::RelMapAddrLoOffset: rdata = rel_map_q[31:0];
      tsr_regs_pkg::RelMapAddrHiOffset: rdata = rel_map_q[63:32];
      tsr_regs_pkg::RelAttrOffset: begin
        rdata[tsr_regs_pkg::RelAttrTenantLsb +: tsr_regs_pkg::RelAttrTenantWidth] = rel_tenant_q;
        rdata[tsr_regs_pkg::RelAttrLayersLsb +: tsr_regs_pkg::RelAttrLayersWidth] = rel_layers_q;
      end
      tsr_regs_pkg::ErrStatusOffset: begin
        rdata[tsr_regs_pkg::ErrStatusValidLsb]            = err_valid_q;
        rdata[tsr_regs_pkg::ErrStatusCodeLsb +: 4]        = err_code_q;
        rdata[tsr_regs_pkg::ErrStatusTagLsb +: TagWidth]  = err_tag_q;
      end
      tsr_regs_pkg::ErrLayerOffset: rdata[15:0] = err_layer_q;
      tsr_regs_pkg::ErrTileOffset: rdata = err_tile_q;
      tsr_regs_pkg::PerfNodeSelOffset: rdata[4:0] = perf_sel_q;
      tsr_regs_pkg::PerfBusyLoOffset: begin
        rdata  = busy_cnt_q[31:0];
        snap_d = busy_cnt_q[63:32];
      end
      tsr_regs_pkg::PerfNodeBytesLoOffset: begin
        rdata  = node_bytes_sel[31:0];
        snap_d = node_bytes_sel[63:32];
      end
      tsr_regs_pkg::PerfCamHitsLoOffset: begin
        rdata  = hits_q[31:0];
        snap_d = hits_q[63:32];
      end
      tsr_regs_pkg::PerfCamMissesLoOffset: begin
        rdata  = misses_q[31:0];
        snap_d = misses_q[63:32];
      end
      tsr_regs_pkg::PerfStallArbLoOffset: begin
        rdata  = stall_arb_q[31:0];
        snap_d = stall_arb_q[63:32];
      end
      tsr_regs_pkg::PerfStallAllocLoOffset: begin
        rdata  = stall_alloc_q[31:0];
        snap_d = stall_alloc_q[63:32];
      end
      tsr_regs_pkg::PerfStallDmaLoOffset: begin
        rdata  = stall_dma_q[31:0];
        snap_d = stall_dma_q[63:32];
      end
      tsr_regs_pkg::PerfBusyHiOffset, tsr_regs_pkg::PerfNodeBytesHiOffset, tsr_regs_pkg::PerfCamHitsHiOffset,
      tsr_regs_pkg::PerfCamMissesHiOffset, tsr_regs_pkg::PerfStallArbHiOffset, tsr_regs_pkg::PerfStallAllocHiOffset,
      tsr_regs_pkg::PerfStallDmaHiOffset: rdata = snap_q;
      default: ;  // write-only (reads 0) or unmapped (SLVERR)
    endcase
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      r_valid_q <= 1'b0;
      r_data_q  <= '0;
      r_resp_q  <= RespOkay;
      snap_q    <= '0;
    end else begin
      if (read_go) begin
        r_valid_q <= 1'b1;
        r_data_q  <= rdata;
        r_resp_q  <= read_hit ? RespOkay : RespSlvErr;
        snap_q    <= snap_d;
      end else if (s_r_ready_i) begin
        r_valid_q <= 1'b0;
      end
    end
  end

  // Address bits below the word are ignored.
  logic unused_low_bits;
  assign unused_low_bits = ^{s_ar_addr_i[1:0], aw_addr_q[1:0]};

`ifndef SYNTHESIS
  // Stream rules on every port: inputs check the producer, outputs this block.
  tsr_stream_assert #(.Width(AddrWidth)) u_aw_rules (
    .clk_i, .rst_ni, .valid_i(s_aw_valid_i), .ready_i(s_aw_ready_o), .data_i(s_aw_addr_i));
  tsr_stream_assert #(.Width(36)) u_w_rules (
    .clk_i, .rst_ni, .valid_i(s_w_valid_i), .ready_i(s_w_ready_o), .data_i({s_w_data_i, s_w_strb_i}));
  tsr_stream_assert #(.Width(2)) u_b_rules (
    .clk_i, .rst_ni, .valid_i(s_b_valid_o), .ready_i(s_b_ready_i), .data_i(s_b_resp_o));
  tsr_stream_assert #(.Width(AddrWidth)) u_ar_rules (
    .clk_i, .rst_ni, .valid_i(s_ar_valid_i), .ready_i(s_ar_ready_o), .data_i(s_ar_addr_i));
  tsr_stream_assert #(.Width(34)) u_r_rules (
    .clk_i, .rst_ni, .valid_i(s_r_valid_o), .ready_i(s_r_ready_i), .data_i({s_r_data_o, s_r_resp_o}));
  tsr_stream_assert #(.Width(SqEntryWidth)) u_sub_rules (
    .clk_i, .rst_ni, .valid_i(sub_valid_o), .ready_i(sub_ready_i),
    .data_i({sub_release_o, sub_tag_o, sub_desc_addr_o, sub_desc_len_o, sub_map_addr_o, sub_priority_o, sub_tenant_o,
             sub_layers_o}));
  tsr_stream_assert #(.Width(CqEntryWidth)) u_cpl_rules (
    .clk_i, .rst_ni, .valid_i(cpl_valid_i), .ready_i(cpl_ready_o),
    .data_i({cpl_tag_i, cpl_error_i, cpl_code_i, cpl_layer_i, cpl_tile_i}));
  tsr_stream_assert #(.Width(2 + tessera_pkg::TileKeyWidth + tessera_pkg::TenantWidth + tessera_pkg::TileLocationWidth))
    u_dir_req_rules (.clk_i, .rst_ni, .valid_i(dir_req_valid_o), .ready_i(dir_req_ready_i),
    .data_i({dir_req_op_o, dir_req_key_o, dir_req_tenant_o, dir_req_location_o}));
  tsr_stream_assert #(.Width(3 + tessera_pkg::TileLocationWidth)) u_dir_resp_rules (
    .clk_i, .rst_ni, .valid_i(dir_resp_valid_i), .ready_i(dir_resp_ready_o),
    .data_i({dir_resp_status_i, dir_resp_denied_i, dir_resp_location_i}));
  tsr_stream_assert #(.Width(tessera_pkg::TileLocationWidth)) u_rsv_req_rules (
    .clk_i, .rst_ni, .valid_i(rsv_req_valid_o), .ready_i(rsv_req_ready_i), .data_i(dir_req_location_o));
  tsr_stream_assert #(.Width(1)) u_rsv_resp_rules (
    .clk_i, .rst_ni, .valid_i(rsv_resp_valid_i), .ready_i(rsv_resp_ready_o), .data_i(rsv_resp_range_i));

  a_sq_count_in_range : assert property (@(posedge clk_i) disable iff (!rst_ni)
      sq_count_q <= SqCountWidth'(SqDepth))
    else $error("tsr_csr: submission queue count out of range");
  a_sq_no_push_when_full : assert property (@(posedge clk_i) disable iff (!rst_ni)
      sq_push |-> !sq_full)
    else $error("tsr_csr: push into a full submission queue");
  a_sq_no_pop_when_empty : assert property (@(posedge clk_i) disable iff (!rst_ni)
      sq_pop |-> sq_count_q != '0)
    else $error("tsr_csr: pop of an empty submission queue");
  a_dir_resp_expected : assert property (@(posedge clk_i) disable iff (!rst_ni)
      dir_resp_valid_i |-> dir_wait_q && !dir_rsv_q)
    else $error("tsr_csr: directory response without a command");
  a_rsv_resp_expected : assert property (@(posedge clk_i) disable iff (!rst_ni)
      rsv_resp_valid_i |-> dir_wait_q && dir_rsv_q)
    else $error("tsr_csr: reserve response without a reserve command");
  a_dir_one_command : assert property (@(posedge clk_i) disable iff (!rst_ni)
      !(dir_req_valid_q && dir_wait_q))
    else $error("tsr_csr: two directory commands in flight");
  a_dir_op_legal : assert property (@(posedge clk_i) disable iff (!rst_ni)
      dir_req_valid_o |-> dir_req_op_o != tessera_pkg::TableAdjust)
    else $error("tsr_csr: TableAdjust sent to the directory");
  a_drain_bounded : assert property (@(posedge clk_i) disable iff (!rst_ni)
      drain_q <= cq_count)
    else $error("tsr_csr: CQ flush drains more entries than the queue holds");
  a_irq_level : assert property (@(posedge clk_i) disable iff (!rst_ni)
      irq_o == |(irq_status_q & irq_enable_q))
    else $error("tsr_csr: interrupt does not follow IRQ_STATUS & IRQ_ENABLE");
  a_one_write_at_a_time : assert property (@(posedge clk_i) disable iff (!rst_ni)
      write_go |-> !b_valid_q)
    else $error("tsr_csr: a write acted while its predecessor's B was pending");
`endif
endmodule
