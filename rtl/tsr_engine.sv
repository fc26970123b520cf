// tsr_engine: the assembly engine, synthesisable top (docs/spec.md sections
// 8-10, 14, 15; docs/blocks/engine.md). An AXI4-Lite host port with an
// interrupt (tsr_csr), NumContexts networks in flight (tsr_context, each
// with its descriptor fetch), and the shared blocks they use: the tile
// directory, the layer table, the allocator and NumDmas gather DMAs, on a
// tsr_fabric with NumNodes AXI4 master ports (node-local addresses; IDs of
// AxiIdWidth bits: {fabric engine index, engine ID}).
//
// - Dispatcher: the submission queue's head goes to the lowest-index idle
//   context (submissions and releases alike).
// - Shared resources: per resource a tsr_arbiter over its requesters by the
//   network's priority class with aging; responses return in request order
//   (a FIFO of requester indices), each requester has at most one request
//   outstanding. Directory: the contexts' lookups and the host's commands
//   (requester NumContexts, class 3). Layer table: the contexts. Allocator:
//   the contexts and the reservations (requester NumContexts, class 3).
//   DMAs: context c uses DMA c % NumDmas. Per DMA, its contexts' jobs are
//   granted by an arbiter; a job's tiles follow in job order (a FIFO of job
//   owners), its done returns in job order. A DMA's reads and writes carry
//   the class of the network whose tiles it is taking (its QoS at the
//   nodes); with one DMA per context (NumDmas = NumContexts) networks copy
//   in parallel and the fabric's per-node arbiters order them by class.
// - Reservations (spec section 15): every host directory insert also
//   reserves, in the allocator, the allocation units its location overlaps,
//   so that tiles are never handed out as regions; the host's RESERVE
//   command (DIR_CMD OP 3: its descriptor and layer-map buffers) reserves a
//   location's units through the same reservation register without the
//   directory, and is answered once the allocator accepted it (RANGE at once,
//   nothing reserved, for a location outside the node). The host port's
//   next insert or reserve waits until a reservation is accepted.
// - Fabric engines: 0 .. NumDmas-1 are the DMAs, NumDmas + c is context c
//   (its descriptor fetch, its layer-map reads and writes, its scrubs); the
//   fabric's per-node arbiters serve requests by class (AR/AW QoS) with aging.
// - Completions: a tsr_arbiter over the contexts into the completion queue.
// - Performance: busy while any context works or the queue offers an entry;
//   bytes per node = beats on its R and W channels x beat bytes; CAM hits and
//   misses of the contexts' lookups; arbiter stalls (a context's request up
//   and not accepted), allocator and DMA waits (some context waiting).
module tsr_engine #(
  parameter int NumContexts      = 4,
  parameter int NumDmas          = 1,      // gather DMAs, 1..NumContexts, dividing NumContexts
  parameter int NumNodes         = 4,
  parameter int DataWidth        = 256,
  parameter int UnitBytesLog2    = 12,     // allocation unit 4 KiB
  parameter int UnitsPerNode     = 2048,   // 8 MiB nodes
  parameter int DirCapacity      = 1024,
  parameter int LayerCapacity    = 256,
  parameter int SqDepth          = 8,
  parameter int CqDepth          = 16,
  parameter int CsrAddrWidth     = 12,
  parameter int DmaTagWidth      = 6,
  parameter int DmaReadBeats     = 512,
  parameter int FetchBufferBeats = 64,
  parameter int AgingThreshold   = 8,
  localparam int StrbWidth = DataWidth / 8
) (
  input  logic                                   clk_i,
  input  logic                                   rst_ni,
  // host control port (AXI4-Lite slave)
  input  logic                                   s_aw_valid_i,
  output logic                                   s_aw_ready_o,
  input  logic [CsrAddrWidth-1:0]                s_aw_addr_i,
  input  logic                                   s_w_valid_i,
  output logic                                   s_w_ready_o,
  input  logic [31:0]                            s_w_data_i,
  input  logic [3:0]                             s_w_strb_i,
  output logic                                   s_b_valid_o,
  input  logic                                   s_b_ready_i,
  output logic [1:0]                             s_b_resp_o,
  input  logic                                   s_ar_valid_i,
  output logic                                   s_ar_ready_o,
  input  logic [CsrAddrWidth-1:0]                s_ar_addr_i,
  output logic                                   s_r_valid_o,
  input  logic                                   s_r_ready_i,
  output logic [31:0]                            s_r_data_o,
  output logic [1:0]                             s_r_resp_o,
  output logic                                   irq_o,
  // memory nodes (AXI4 masters)
  output tessera_pkg::axi_ax_t [NumNodes-1:0]    m_ar_o,
  output logic [NumNodes-1:0]                    m_ar_valid_o,
  input  logic [NumNodes-1:0]                    m_ar_ready_i,
  input  tessera_pkg::axi_r_t [NumNodes-1:0]     m_r_i,
  input  logic [NumNodes-1:0][DataWidth-1:0]     m_r_data_i,
  input  logic [NumNodes-1:0]                    m_r_valid_i,
  output logic [NumNodes-1:0]                    m_r_ready_o,
  output tessera_pkg::axi_ax_t [NumNodes-1:0]    m_aw_o,
  output logic [NumNodes-1:0]                    m_aw_valid_o,
  input  logic [NumNodes-1:0]                    m_aw_ready_i,
  output logic [NumNodes-1:0][DataWidth-1:0]     m_w_data_o,
  output logic [NumNodes-1:0][StrbWidth-1:0]     m_w_strb_o,
  output logic [NumNodes-1:0]                    m_w_last_o,
  output logic [NumNodes-1:0]                    m_w_valid_o,
  input  logic [NumNodes-1:0]                    m_w_ready_i,
  input  tessera_pkg::axi_b_t [NumNodes-1:0]     m_b_i,
  input  logic [NumNodes-1:0]                    m_b_valid_i,
  output logic [NumNodes-1:0]                    m_b_ready_o
);
  localparam int C          = NumContexts;
  localparam int D          = NumDmas;
  localparam int CPD        = (NumDmas > 0) ? NumContexts / NumDmas : 1;  // contexts per DMA
  localparam int KIdx       = (CPD > 1) ? $clog2(CPD) : 1;                // a context of one DMA
  localparam int NumEngines = NumContexts + NumDmas;
  localparam int BeatBytes  = DataWidth / 8;
  localparam int IncWidth   = $clog2(2 * BeatBytes + 1);
  localparam int UnitWidth  = (UnitsPerNode > 1) ? $clog2(UnitsPerNode) : 1;
  localparam int UCount     = $clog2(UnitsPerNode + 1);
  localparam int CIdx       = (C > 1) ? $clog2(C) : 1;       // a context index
  localparam int RIdx       = $clog2(C + 1);                 // a context or the extra requester
  localparam int EngineBits = (NumEngines > 1) ? $clog2(NumEngines) : 1;

  if (NumContexts < 1 || NumContexts > 16) begin : gen_ctx_check
    $error("tsr_engine: NumContexts must be 1..16");
  end
  if (NumDmas < 1 || NumDmas > NumContexts || NumContexts % NumDmas != 0) begin : gen_dma_check
    $error("tsr_engine: NumDmas must be 1..NumContexts and divide NumContexts");
  end
  if (EngineBits + DmaTagWidth > tessera_pkg::AxiIdWidth) begin : gen_id_check
    $error("tsr_engine: the fabric's IDs do not fit AxiIdWidth");
  end

  // ---- host port ---------------------------------------------------------------------------------
  logic                   sub_valid, sub_ready, sub_release;
  logic [15:0]            sub_tag, sub_layers;
  logic [63:0]            sub_desc, sub_map;
  logic [31:0]            sub_desc_len;
  tessera_pkg::priority_t sub_prio;
  tessera_pkg::tenant_t   sub_tenant;
  logic                   cpl_valid, cpl_ready, cpl_error;
  logic [15:0]            cpl_tag, cpl_layer;
  logic [31:0]            cpl_tile;
  tessera_pkg::error_e    cpl_code;
  logic                   csr_dir_valid, csr_dir_ready, csr_resp_valid, csr_resp_ready;
  tessera_pkg::table_op_e csr_dir_op;
  tessera_pkg::tile_key_t csr_dir_key;
  tessera_pkg::tenant_t   csr_dir_tenant;
  tessera_pkg::tile_location_t csr_dir_loc;
  logic                   csr_rsv_valid, csr_rsv_ready, csr_rsv_resp_valid, csr_rsv_resp_ready, csr_rsv_range;
  logic                   perf_busy, perf_hit, perf_miss, perf_stall_arb, perf_stall_alloc, perf_stall_dma;
  logic [NumNodes*IncWidth-1:0] perf_bytes;
  logic                   enable_unused;
  logic                   scrub;  // CTRL.SCRUB: contexts zero regions before freeing them

  // directory side (shared)
  logic                        dir_req_valid, dir_req_ready, dir_resp_valid, dir_resp_ready, dir_resp_denied;
  tessera_pkg::table_status_e  dir_resp_status;
  tessera_pkg::tile_location_t dir_resp_loc;

  tsr_csr #(.SqDepth(SqDepth), .CqDepth(CqDepth), .NumNodes(NumNodes), .AddrWidth(CsrAddrWidth),
            .BytesIncWidth(IncWidth)) u_csr (
    .clk_i, .rst_ni,
    .s_aw_valid_i, .s_aw_ready_o, .s_aw_addr_i, .s_w_valid_i, .s_w_ready_o, .s_w_data_i, .s_w_strb_i,
    .s_b_valid_o, .s_b_ready_i, .s_b_resp_o, .s_ar_valid_i, .s_ar_ready_o, .s_ar_addr_i,
    .s_r_valid_o, .s_r_ready_i, .s_r_data_o, .s_r_resp_o, .irq_o, .enable_o(enable_unused), .scrub_o(scrub),
    .sub_valid_o(sub_valid), .sub_ready_i(sub_ready), .sub_release_o(sub_release), .sub_tag_o(sub_tag),
    .sub_desc_addr_o(sub_desc), .sub_desc_len_o(sub_desc_len), .sub_map_addr_o(sub_map), .sub_priority_o(sub_prio),
    .sub_tenant_o(sub_tenant), .sub_layers_o(sub_layers),
    .cpl_valid_i(cpl_valid), .cpl_ready_o(cpl_ready), .cpl_tag_i(cpl_tag), .cpl_error_i(cpl_error),
    .cpl_code_i(cpl_code), .cpl_layer_i(cpl_layer), .cpl_tile_i(cpl_tile),
    .dir_req_valid_o(csr_dir_valid), .dir_req_ready_i(csr_dir_ready), .dir_req_op_o(csr_dir_op),
    .dir_req_key_o(csr_dir_key), .dir_req_tenant_o(csr_dir_tenant), .dir_req_location_o(csr_dir_loc),
    .dir_resp_valid_i(csr_resp_valid), .dir_resp_ready_o(csr_resp_ready), .dir_resp_status_i(dir_resp_status),
    .dir_resp_denied_i(dir_resp_denied), .dir_resp_location_i(dir_resp_loc),
    .rsv_req_valid_o(csr_rsv_valid), .rsv_req_ready_i(csr_rsv_ready), .rsv_resp_valid_i(csr_rsv_resp_valid),
    .rsv_resp_ready_o(csr_rsv_resp_ready), .rsv_resp_range_i(csr_rsv_range),
    .perf_busy_i(perf_busy), .perf_node_bytes_i(perf_bytes), .perf_cam_hit_i(perf_hit),
    .perf_cam_miss_i(perf_miss), .perf_stall_arb_i(perf_stall_arb), .perf_stall_alloc_i(perf_stall_alloc),
    .perf_stall_dma_i(perf_stall_dma));

  // ---- contexts ----------------------------------------------------------------------------------
  logic [C-1:0]                          c_sub_valid, c_sub_ready, c_busy, c_wait_alloc, c_wait_dma;
  tessera_pkg::priority_t [C-1:0]        c_prio;
  logic [C-1:0]                          c_cpl_valid, c_cpl_ready, c_cpl_error;
  logic [C-1:0][15:0]                    c_cpl_tag, c_cpl_layer;
  logic [C-1:0][31:0]                    c_cpl_tile;
  tessera_pkg::error_e [C-1:0]           c_cpl_code;
  logic [C-1:0]                          c_dir_valid, c_dir_ready, c_dresp_valid, c_dresp_ready;
  // Struct outputs of the contexts and engines are collected in flat vectors
  // (Yosys 0.55 loses bits of a port connected to an element of a packed
  // array of structs inside a generate loop).
  localparam int KeyW   = tessera_pkg::TileKeyWidth;
  localparam int LKeyW  = tessera_pkg::LayerKeyWidth;
  localparam int EntryW = tessera_pkg::LayerEntryWidth;
  localparam int JobW   = tessera_pkg::DmaJobWidth;
  localparam int TileW  = tessera_pkg::DmaTileWidth;
  localparam int AxW    = tessera_pkg::AxiAxWidth;
  localparam int DoneW  = tessera_pkg::DmaDoneWidth;
  logic [C*KeyW-1:0]                     c_dir_key;
  tessera_pkg::tenant_t [C-1:0]          c_dir_tenant;
  logic [C-1:0]                          c_lt_valid, c_lt_ready, c_lt_dec, c_lresp_valid, c_lresp_ready;
  tessera_pkg::table_op_e [C-1:0]        c_lt_op;
  logic [C*LKeyW-1:0]                    c_lt_key;
  logic [C*EntryW-1:0]                   c_lt_entry;
  logic [C-1:0]                          c_al_valid, c_al_ready, c_al_pinned, c_aresp_valid, c_aresp_ready;
  logic [C-1:0][1:0]                     c_al_op;
  tessera_pkg::node_id_t [C-1:0]         c_al_node;
  logic [C-1:0][UnitWidth-1:0]           c_al_first;
  logic [C-1:0][UCount-1:0]              c_al_units;
  logic [C*JobW-1:0]                     c_job;
  logic [C*TileW-1:0]                    c_tile;
  logic [C-1:0]                          c_job_valid, c_job_ready, c_tile_valid, c_tile_ready;
  logic [C-1:0]                          c_done_valid, c_done_ready;

  // fabric engine ports (0 .. D-1: DMAs, D + c: context c)
  logic [NumEngines*AxW-1:0]              e_ar, e_aw;
  tessera_pkg::node_id_t [NumEngines-1:0] e_ar_node, e_aw_node, e_w_node;
  logic [NumEngines-1:0] e_ar_valid, e_ar_ready, e_r_valid, e_r_ready, e_aw_valid, e_aw_ready;
  logic [NumEngines-1:0] e_w_last, e_w_valid, e_w_ready, e_b_valid, e_b_ready;
  tessera_pkg::axi_r_t   [NumEngines-1:0] e_r;
  tessera_pkg::axi_b_t   [NumEngines-1:0] e_b;
  logic [NumEngines-1:0][DataWidth-1:0]   e_r_data, e_w_data;
  logic [NumEngines-1:0][StrbWidth-1:0]   e_w_strb;

  // shared responses
  tessera_pkg::table_status_e lt_resp_status;
  logic                       lt_resp_zero;
  tessera_pkg::layer_entry_t  lt_resp_entry;
  logic [2:0]                 al_rsp_status;
  tessera_pkg::node_id_t      al_rsp_node;
  logic [UnitWidth-1:0]       al_rsp_first;
  logic [D*DoneW-1:0]         dma_done;  // per DMA (flat: Yosys, see above)

  // Dispatcher: the lowest-index idle context takes the head.
  logic [CIdx-1:0] free_idx;
  always_comb begin
    free_idx = '0;
    for (int c = C - 1; c >= 0; c--) begin
      if (c_sub_ready[c]) free_idx = CIdx'(c);
    end
  end
  assign sub_ready = |c_sub_ready;
  for (genvar c = 0; c < C; c++) begin : gen_sub
    assign c_sub_valid[c] = sub_valid && free_idx == CIdx'(c);
  end

  for (genvar c = 0; c < C; c++) begin : gen_ctx
    tessera_pkg::tile_key_t    dir_key;
    tessera_pkg::layer_key_t   lt_key;
    tessera_pkg::layer_entry_t lt_entry;
    tessera_pkg::dma_job_t     job;
    tessera_pkg::dma_tile_t    tile;
    tessera_pkg::axi_ax_t      ar, aw;
    assign c_dir_key[c*KeyW+:KeyW]        = dir_key;
    assign c_lt_key[c*LKeyW+:LKeyW]       = lt_key;
    assign c_lt_entry[c*EntryW+:EntryW]   = lt_entry;
    assign c_job[c*JobW+:JobW]            = job;
    assign c_tile[c*TileW+:TileW]         = tile;
    tessera_pkg::dma_done_t    done;  // from the context's DMA
    assign e_ar[(D+c)*AxW+:AxW]           = ar;
    assign e_aw[(D+c)*AxW+:AxW]           = aw;
    assign done                           = dma_done[(c%D)*DoneW+:DoneW];
    tsr_context #(.NumNodes(NumNodes), .DataWidth(DataWidth), .UnitBytesLog2(UnitBytesLog2),
                  .UnitsPerNode(UnitsPerNode), .FetchBufferBeats(FetchBufferBeats)) u_ctx (
      .clk_i, .rst_ni,
      .sub_valid_i(c_sub_valid[c]), .sub_ready_o(c_sub_ready[c]), .sub_release_i(sub_release),
      .sub_tag_i(sub_tag), .sub_desc_addr_i(sub_desc), .sub_desc_len_i(sub_desc_len), .sub_map_addr_i(sub_map),
      .sub_priority_i(sub_prio), .sub_tenant_i(sub_tenant), .sub_layers_i(sub_layers), .scrub_i(scrub),
      .priority_o(c_prio[c]), .busy_o(c_busy[c]),
      .cpl_valid_o(c_cpl_valid[c]), .cpl_ready_i(c_cpl_ready[c]), .cpl_tag_o(c_cpl_tag[c]),
      .cpl_error_o(c_cpl_error[c]), .cpl_code_o(c_cpl_code[c]), .cpl_layer_o(c_cpl_layer[c]),
      .cpl_tile_o(c_cpl_tile[c]),
      .dir_req_valid_o(c_dir_valid[c]), .dir_req_ready_i(c_dir_ready[c]), .dir_req_key_o(dir_key),
      .dir_req_tenant_o(c_dir_tenant[c]), .dir_resp_valid_i(c_dresp_valid[c]), .dir_resp_ready_o(c_dresp_ready[c]),
      .dir_resp_status_i(dir_resp_status), .dir_resp_denied_i(dir_resp_denied), .dir_resp_location_i(dir_resp_loc),
      .lt_req_valid_o(c_lt_valid[c]), .lt_req_ready_i(c_lt_ready[c]), .lt_req_op_o(c_lt_op[c]),
      .lt_req_decrement_o(c_lt_dec[c]), .lt_req_key_o(lt_key), .lt_req_entry_o(lt_entry),
      .lt_resp_valid_i(c_lresp_valid[c]), .lt_resp_ready_o(c_lresp_ready[c]), .lt_resp_status_i(lt_resp_status),
      .lt_resp_zero_i(lt_resp_zero), .lt_resp_entry_i(lt_resp_entry),
      .alloc_req_valid_o(c_al_valid[c]), .alloc_req_ready_i(c_al_ready[c]), .alloc_req_op_o(c_al_op[c]),
      .alloc_req_node_o(c_al_node[c]), .alloc_req_pinned_o(c_al_pinned[c]), .alloc_req_first_o(c_al_first[c]),
      .alloc_req_units_o(c_al_units[c]), .alloc_rsp_valid_i(c_aresp_valid[c]), .alloc_rsp_ready_o(c_aresp_ready[c]),
      .alloc_rsp_status_i(al_rsp_status), .alloc_rsp_node_i(al_rsp_node), .alloc_rsp_first_i(al_rsp_first),
      .job_o(job), .job_valid_o(c_job_valid[c]), .job_ready_i(c_job_ready[c]),
      .tile_o(tile), .tile_valid_o(c_tile_valid[c]), .tile_ready_i(c_tile_ready[c]),
      .done_i(done), .done_valid_i(c_done_valid[c]), .done_ready_o(c_done_ready[c]),
      .ar_o(ar), .ar_node_o(e_ar_node[D+c]), .ar_valid_o(e_ar_valid[D+c]), .ar_ready_i(e_ar_ready[D+c]),
      .r_i(e_r[D+c]), .r_data_i(e_r_data[D+c]), .r_valid_i(e_r_valid[D+c]), .r_ready_o(e_r_ready[D+c]),
      .aw_o(aw), .aw_node_o(e_aw_node[D+c]), .aw_valid_o(e_aw_valid[D+c]), .aw_ready_i(e_aw_ready[D+c]),
      .w_data_o(e_w_data[D+c]), .w_strb_o(e_w_strb[D+c]), .w_last_o(e_w_last[D+c]), .w_node_o(e_w_node[D+c]),
      .w_valid_o(e_w_valid[D+c]), .w_ready_i(e_w_ready[D+c]),
      .b_i(e_b[D+c]), .b_valid_i(e_b_valid[D+c]), .b_ready_o(e_b_ready[D+c]),
      .wait_alloc_o(c_wait_alloc[c]), .wait_dma_o(c_wait_dma[c]));
  end

  // ---- completions ---------------------------------------------------------------------------------
  logic            cpl_arb_valid;
  logic [C-1:0]    cpl_grant;
  logic [CIdx-1:0] cpl_idx;
  logic            cpl_aged;
  tsr_arbiter #(.NumRequesters(C), .AgingThreshold(AgingThreshold)) u_cpl_arb (
    .clk_i, .rst_ni, .req_i(c_cpl_valid), .prio_i(c_prio), .req_ready_o(c_cpl_ready),
    .valid_o(cpl_arb_valid), .ready_i(cpl_ready), .grant_o(cpl_grant), .index_o(cpl_idx), .aged_o(cpl_aged));
  assign cpl_valid = cpl_arb_valid;
  assign cpl_tag   = c_cpl_tag[cpl_idx];
  assign cpl_error = c_cpl_error[cpl_idx];
  assign cpl_code  = c_cpl_code[cpl_idx];
  assign cpl_layer = c_cpl_layer[cpl_idx];
  assign cpl_tile  = c_cpl_tile[cpl_idx];

  // ---- tile directory: contexts + host port -----------------------------------------------------------
  localparam int RD = C + 1;
  logic [RD-1:0]                          d_req, d_ready, d_grant;
  logic [RD-1:0][tessera_pkg::PriorityWidth-1:0] d_prio;
  logic                                   d_arb_valid, d_arb_ready, d_aged;
  logic [RIdx-1:0]                        d_idx;
  logic                                   d_route_ready, d_route_valid;
  logic [RIdx-1:0]                        d_route;
  // reservation (from a host insert or RESERVE)
  logic                  rsv_valid_q, rsv_fire;
  tessera_pkg::node_id_t rsv_node_q;
  logic [UnitWidth-1:0]  rsv_first_q;
  logic [UCount-1:0]     rsv_units_q;
  logic [63:0]           ins_first, ins_last;
  logic                  csr_insert_fire;
  logic                  rsv_cmd_fire, rsv_cmd_load, rsv_inside;
  logic                  rsv_cmd_q;             // the pending reservation is a RESERVE's: answer once accepted
  logic                  rsv_ans_q, rsv_range_q;  // the RESERVE's answer to the host port

  assign d_req  = {csr_dir_valid && !(csr_dir_op == tessera_pkg::TableInsert && rsv_valid_q), c_dir_valid};
  assign d_prio = {2'd3, c_prio};
  tsr_arbiter #(.NumRequesters(RD), .AgingThreshold(AgingThreshold)) u_dir_arb (
    .clk_i, .rst_ni, .req_i(d_req), .prio_i(d_prio), .req_ready_o(d_ready),
    .valid_o(d_arb_valid), .ready_i(d_arb_ready), .grant_o(d_grant), .index_o(d_idx), .aged_o(d_aged));
  assign dir_req_valid = d_arb_valid && d_route_ready;
  assign d_arb_ready   = dir_req_ready && d_route_ready;
  assign c_dir_ready   = d_ready[C-1:0];
  assign csr_dir_ready = d_ready[C];

  tessera_pkg::table_op_e      dir_op;
  tessera_pkg::tile_key_t      dir_key;
  tessera_pkg::tenant_t        dir_tenant;
  tessera_pkg::tile_location_t dir_loc;
  always_comb begin
    dir_op     = tessera_pkg::TableLookup;
    dir_key    = csr_dir_key;
    dir_tenant = csr_dir_tenant;
    dir_loc    = csr_dir_loc;
    if (32'(d_idx) < C) begin
      dir_key    = c_dir_key[32'(d_idx)*KeyW+:KeyW];
      dir_tenant = c_dir_tenant[CIdx'(d_idx)];
      dir_loc    = '0;
    end else begin
      dir_op = csr_dir_op;
    end
  end

  tsr_fifo #(.Width(RIdx), .Depth(RD)) u_dir_route (
    .clk_i, .rst_ni, .valid_i(dir_req_valid && dir_req_ready), .ready_o(d_route_ready), .data_i(d_idx),
    .valid_o(d_route_valid), .ready_i(dir_resp_valid && dir_resp_ready), .data_o(d_route), .count_o());

  tsr_tile_directory #(.Capacity(DirCapacity)) u_dir (
    .clk_i, .rst_ni,
    .req_valid_i(dir_req_valid), .req_ready_o(dir_req_ready), .req_op_i(dir_op), .req_key_i(dir_key),
    .req_tenant_i(dir_tenant), .req_location_i(dir_loc),
    .resp_valid_o(dir_resp_valid), .resp_ready_i(dir_resp_ready), .resp_status_o(dir_resp_status),
    .resp_denied_o(dir_resp_denied), .resp_location_o(dir_resp_loc), .count_o());

  always_comb begin
    dir_resp_ready = 1'b0;
    c_dresp_valid  = '0;
    csr_resp_valid = 1'b0;
    if (32'(d_route) < C) begin
      c_dresp_valid[CIdx'(d_route)] = dir_resp_valid && d_route_valid;
      dir_resp_ready = d_route_valid && c_dresp_ready[CIdx'(d_route)];
    end else begin
      csr_resp_valid = dir_resp_valid && d_route_valid;
      dir_resp_ready = d_route_valid && csr_resp_ready;
    end
  end
  assign perf_hit  = dir_resp_valid && dir_resp_ready && 32'(d_route) < C && dir_resp_status == tessera_pkg::TableOk;
  assign perf_miss = dir_resp_valid && dir_resp_ready && 32'(d_route) < C && dir_resp_status != tessera_pkg::TableOk;

  // A host insert's or RESERVE's location: the allocation units [first,
  // last] it overlaps. An insert reserves those inside the node; a RESERVE
  // whose location does not lie inside a node reserves nothing (RANGE).
  assign ins_first = 64'(csr_dir_loc.addr) >> UnitBytesLog2;
  assign ins_last  = (64'(csr_dir_loc.addr) + 64'(csr_dir_loc.bytes) - 64'd1) >> UnitBytesLog2;
  assign csr_insert_fire = csr_dir_valid && csr_dir_ready && csr_dir_op == tessera_pkg::TableInsert &&
                           csr_dir_loc.bytes != '0 && ins_first < 64'(UnitsPerNode) &&
                           32'(csr_dir_loc.node) < NumNodes;
  assign rsv_inside    = 32'(csr_dir_loc.node) < NumNodes &&
                         64'(csr_dir_loc.addr) + 64'(csr_dir_loc.bytes) <= (64'(UnitsPerNode) << UnitBytesLog2);
  assign csr_rsv_ready = !rsv_valid_q && !rsv_ans_q;
  assign rsv_cmd_fire  = csr_rsv_valid && csr_rsv_ready;
  assign rsv_cmd_load  = rsv_cmd_fire && rsv_inside && csr_dir_loc.bytes != '0;
  assign csr_rsv_resp_valid = rsv_ans_q;
  assign csr_rsv_range      = rsv_range_q;
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      rsv_valid_q <= 1'b0;
      rsv_cmd_q   <= 1'b0;
      rsv_ans_q   <= 1'b0;
      rsv_range_q <= 1'b0;
    end else begin
      if (csr_insert_fire || rsv_cmd_load) begin
        rsv_valid_q <= 1'b1;
        rsv_cmd_q   <= rsv_cmd_load;
      end else if (rsv_fire) begin
        rsv_valid_q <= 1'b0;
        rsv_cmd_q   <= 1'b0;
      end
      if (rsv_cmd_fire && !rsv_cmd_load) begin  // outside the node, or nothing to reserve: answer at once
        rsv_ans_q   <= 1'b1;
        rsv_range_q <= !rsv_inside;
      end else if (rsv_fire && rsv_cmd_q) begin
        rsv_ans_q   <= 1'b1;
        rsv_range_q <= 1'b0;
      end else if (csr_rsv_resp_ready) begin
        rsv_ans_q <= 1'b0;
      end
    end
  end
  always_ff @(posedge clk_i) begin
    if (csr_insert_fire || rsv_cmd_load) begin
      rsv_node_q  <= csr_dir_loc.node;
      rsv_first_q <= UnitWidth'(ins_first);
      rsv_units_q <= UCount'((ins_last < 64'(UnitsPerNode) ? ins_last : 64'(UnitsPerNode) - 64'd1) - ins_first + 64'd1);
    end
  end

  // ---- layer table: contexts ------------------------------------------------------------------------
  logic [C-1:0]    l_grant;
  logic            l_arb_valid, l_arb_ready, l_aged, lt_req_valid, lt_req_ready, lt_resp_valid, lt_resp_ready;
  logic [CIdx-1:0] l_idx, l_route;
  logic            l_route_ready, l_route_valid;
  tsr_arbiter #(.NumRequesters(C), .AgingThreshold(AgingThreshold)) u_lt_arb (
    .clk_i, .rst_ni, .req_i(c_lt_valid), .prio_i(c_prio), .req_ready_o(c_lt_ready),
    .valid_o(l_arb_valid), .ready_i(l_arb_ready), .grant_o(l_grant), .index_o(l_idx), .aged_o(l_aged));
  assign lt_req_valid = l_arb_valid && l_route_ready;
  assign l_arb_ready  = lt_req_ready && l_route_ready;
  tsr_fifo #(.Width(CIdx), .Depth(C)) u_lt_route (
    .clk_i, .rst_ni, .valid_i(lt_req_valid && lt_req_ready), .ready_o(l_route_ready), .data_i(l_idx),
    .valid_o(l_route_valid), .ready_i(lt_resp_valid && lt_resp_ready), .data_o(l_route), .count_o());
  tsr_layer_table #(.Capacity(LayerCapacity)) u_lt (
    .clk_i, .rst_ni,
    .req_valid_i(lt_req_valid), .req_ready_o(lt_req_ready), .req_op_i(c_lt_op[l_idx]),
    .req_decrement_i(c_lt_dec[l_idx]), .req_key_i(c_lt_key[32'(l_idx)*LKeyW+:LKeyW]),
    .req_entry_i(c_lt_entry[32'(l_idx)*EntryW+:EntryW]),
    .resp_valid_o(lt_resp_valid), .resp_ready_i(lt_resp_ready), .resp_status_o(lt_resp_status),
    .resp_zero_o(lt_resp_zero), .resp_entry_o(lt_resp_entry), .count_o());
  always_comb begin
    c_lresp_valid          = '0;
    c_lresp_valid[l_route] = lt_resp_valid && l_route_valid;
  end
  assign lt_resp_ready = l_route_valid && c_lresp_ready[l_route];

  // ---- allocator: contexts + reservations --------------------------------------------------------------
  logic [RD-1:0]   a_req, a_ready, a_grant;
  logic [RD-1:0][tessera_pkg::PriorityWidth-1:0] a_prio;
  logic            a_arb_valid, a_arb_ready, a_aged, al_req_valid, al_req_ready, al_rsp_valid, al_rsp_ready;
  logic [RIdx-1:0] a_idx, a_route;
  logic            a_route_ready, a_route_valid;
  logic [1:0]                 al_op;
  tessera_pkg::node_id_t      al_node;
  logic                       al_pinned;
  logic [UnitWidth-1:0]       al_first;
  logic [UCount-1:0]          al_units;
  logic [NumNodes-1:0][UCount-1:0] al_free_units;

  assign a_req  = {rsv_valid_q, c_al_valid};
  assign a_prio = {2'd3, c_prio};
  tsr_arbiter #(.NumRequesters(RD), .AgingThreshold(AgingThreshold)) u_al_arb (
    .clk_i, .rst_ni, .req_i(a_req), .prio_i(a_prio), .req_ready_o(a_ready),
    .valid_o(a_arb_valid), .ready_i(a_arb_ready), .grant_o(a_grant), .index_o(a_idx), .aged_o(a_aged));
  assign al_req_valid = a_arb_valid && a_route_ready;
  assign a_arb_ready  = al_req_ready && a_route_ready;
  assign c_al_ready   = a_ready[C-1:0];
  assign rsv_fire     = a_ready[C];
  always_comb begin
    al_op     = 2'd2;
    al_node   = rsv_node_q;
    al_pinned = 1'b0;
    al_first  = rsv_first_q;
    al_units  = rsv_units_q;
    if (32'(a_idx) < C) begin
      al_op     = c_al_op[CIdx'(a_idx)];
      al_node   = c_al_node[CIdx'(a_idx)];
      al_pinned = c_al_pinned[CIdx'(a_idx)];
      al_first  = c_al_first[CIdx'(a_idx)];
      al_units  = c_al_units[CIdx'(a_idx)];
    end
  end
  tsr_fifo #(.Width(RIdx), .Depth(RD)) u_al_route (
    .clk_i, .rst_ni, .valid_i(al_req_valid && al_req_ready), .ready_o(a_route_ready), .data_i(a_idx),
    .valid_o(a_route_valid), .ready_i(al_rsp_valid && al_rsp_ready), .data_o(a_route), .count_o());
  tsr_allocator #(.NumNodes(NumNodes), .UnitsPerNode(UnitsPerNode)) u_alloc (
    .clk_i, .rst_ni,
    .req_valid_i(al_req_valid), .req_ready_o(al_req_ready), .req_op_i(al_op), .req_node_i(al_node),
    .req_pinned_i(al_pinned), .req_first_i(al_first), .req_units_i(al_units),
    .rsp_valid_o(al_rsp_valid), .rsp_ready_i(al_rsp_ready), .rsp_status_o(al_rsp_status),
    .rsp_node_o(al_rsp_node), .rsp_first_o(al_rsp_first), .free_units_o(al_free_units));
  always_comb begin
    c_aresp_valid = '0;
    al_rsp_ready  = 1'b0;
    if (32'(a_route) < C) begin
      c_aresp_valid[CIdx'(a_route)] = al_rsp_valid && a_route_valid;
      al_rsp_ready = a_route_valid && c_aresp_ready[CIdx'(a_route)];
    end else begin
      al_rsp_ready = a_route_valid;  // a reservation's answer is dropped
    end
  end

  // ---- gather DMAs: per DMA, its contexts' jobs by arbitration, tiles and dones in job order ----------------
  for (genvar d = 0; d < D; d++) begin : gen_dma
    logic [CPD-1:0]                   job_valid, job_ready, tile_valid, tile_ready, done_valid, done_ready, grant;
    logic [CPD*2-1:0]                 prio;  // the contexts' classes (plain vectors for Yosys)
    logic [CPD*JobW-1:0]              jobs;
    logic [CPD*TileW-1:0]             tiles;
    logic                             arb_valid, arb_ready, aged, t_ready, t_valid, dn_ready, dn_valid;
    logic [KIdx-1:0]                  j_idx, t_owner, dn_owner;
    logic                             job_go, dma_job_ready, tile_go, dma_tile_ready, dma_done_valid, dma_done_ready;
    tessera_pkg::dma_tile_t           tile;  // the tile-stream owner's tile (selected whole for Yosys)
    logic [3:0]                       qos;   // its class
    tessera_pkg::dma_done_t           done;
    tessera_pkg::axi_ax_t             ar, aw;
    for (genvar k = 0; k < CPD; k++) begin : gen_member  // context d + k D
      assign job_valid[k]          = c_job_valid[d+k*D];
      assign c_job_ready[d+k*D]    = job_ready[k];
      assign prio[k*2+:2]          = c_prio[d+k*D];
      assign jobs[k*JobW+:JobW]    = c_job[(d+k*D)*JobW+:JobW];
      assign tiles[k*TileW+:TileW] = c_tile[(d+k*D)*TileW+:TileW];
      assign tile_valid[k]         = c_tile_valid[d+k*D];
      assign c_tile_ready[d+k*D]   = tile_ready[k];
      assign c_done_valid[d+k*D]   = done_valid[k];
      assign done_ready[k]         = c_done_ready[d+k*D];
    end
    tsr_arbiter #(.NumRequesters(CPD), .AgingThreshold(AgingThreshold)) u_job_arb (
      .clk_i, .rst_ni, .req_i(job_valid), .prio_i(prio), .req_ready_o(job_ready),
      .valid_o(arb_valid), .ready_i(arb_ready), .grant_o(grant), .index_o(j_idx), .aged_o(aged));
    assign job_go    = arb_valid && t_ready && dn_ready;
    assign arb_ready = dma_job_ready && t_ready && dn_ready;
    assign tile      = tiles[32'(t_owner)*TileW+:TileW];
    assign qos       = {2'b00, prio[32'(t_owner)*2+:2]};
    tsr_fifo #(.Width(KIdx), .Depth(CPD)) u_tile_owner (
      .clk_i, .rst_ni, .valid_i(job_go && dma_job_ready), .ready_o(t_ready), .data_i(j_idx),
      .valid_o(t_valid), .ready_i(tile_go && dma_tile_ready && tile.last), .data_o(t_owner), .count_o());
    tsr_fifo #(.Width(KIdx), .Depth(CPD)) u_done_owner (
      .clk_i, .rst_ni, .valid_i(job_go && dma_job_ready), .ready_o(dn_ready), .data_i(j_idx),
      .valid_o(dn_valid), .ready_i(dma_done_valid && dma_done_ready), .data_o(dn_owner), .count_o());
    assign tile_go = t_valid && tile_valid[t_owner];
    always_comb begin
      tile_ready           = '0;
      tile_ready[t_owner]  = t_valid && dma_tile_ready;
      done_valid           = '0;
      done_valid[dn_owner] = dn_valid && dma_done_valid;
    end
    assign dma_done_ready           = dn_valid && done_ready[dn_owner];
    assign dma_done[d*DoneW+:DoneW] = done;
    assign e_ar[d*AxW+:AxW]         = ar;
    assign e_aw[d*AxW+:AxW]         = aw;

    tsr_dma #(.DataWidth(DataWidth), .TagWidth(DmaTagWidth), .ReadBufferBeats(DmaReadBeats)) u_dma (
      .clk_i, .rst_ni, .qos_i(qos),
      .job_i(jobs[32'(j_idx)*JobW+:JobW]), .job_valid_i(job_go), .job_ready_o(dma_job_ready),
      .tile_i(tile), .tile_valid_i(tile_go), .tile_ready_o(dma_tile_ready),
      .done_o(done), .done_valid_o(dma_done_valid), .done_ready_i(dma_done_ready),
      .ar_o(ar), .ar_node_o(e_ar_node[d]), .ar_valid_o(e_ar_valid[d]), .ar_ready_i(e_ar_ready[d]),
      .r_i(e_r[d]), .r_data_i(e_r_data[d]), .r_valid_i(e_r_valid[d]), .r_ready_o(e_r_ready[d]),
      .aw_o(aw), .aw_node_o(e_aw_node[d]), .aw_valid_o(e_aw_valid[d]), .aw_ready_i(e_aw_ready[d]),
      .w_data_o(e_w_data[d]), .w_strb_o(e_w_strb[d]), .w_last_o(e_w_last[d]), .w_node_o(e_w_node[d]),
      .w_valid_o(e_w_valid[d]), .w_ready_i(e_w_ready[d]),
      .b_i(e_b[d]), .b_valid_i(e_b_valid[d]), .b_ready_o(e_b_ready[d]));

    // Not needed: the grant (the index is used) and the aging flag.
    logic unused;
    assign unused = ^{grant, aged};
`ifndef SYNTHESIS
    // A done is routed only to a context whose job the DMA holds.
    a_done_route: assert property (@(posedge clk_i) disable iff (!rst_ni) dma_done_valid |-> dn_valid);
`endif
  end

  // ---- fabric ------------------------------------------------------------------------------------
  tsr_fabric #(.NumEngines(NumEngines), .NumNodes(NumNodes), .DataWidth(DataWidth), .EngineIdWidth(DmaTagWidth),
               .AgingThreshold(AgingThreshold)) u_fabric (
    .clk_i, .rst_ni,
    .e_ar_i(e_ar), .e_ar_node_i(e_ar_node), .e_ar_valid_i(e_ar_valid), .e_ar_ready_o(e_ar_ready),
    .e_r_o(e_r), .e_r_data_o(e_r_data), .e_r_valid_o(e_r_valid), .e_r_ready_i(e_r_ready),
    .e_aw_i(e_aw), .e_aw_node_i(e_aw_node), .e_aw_valid_i(e_aw_valid), .e_aw_ready_o(e_aw_ready),
    .e_w_data_i(e_w_data), .e_w_strb_i(e_w_strb), .e_w_last_i(e_w_last), .e_w_node_i(e_w_node),
    .e_w_valid_i(e_w_valid), .e_w_ready_o(e_w_ready),
    .e_b_o(e_b), .e_b_valid_o(e_b_valid), .e_b_ready_i(e_b_ready),
    .n_ar_o(m_ar_o), .n_ar_valid_o(m_ar_valid_o), .n_ar_ready_i(m_ar_ready_i),
    .n_r_i(m_r_i), .n_r_data_i(m_r_data_i), .n_r_valid_i(m_r_valid_i), .n_r_ready_o(m_r_ready_o),
    .n_aw_o(m_aw_o), .n_aw_valid_o(m_aw_valid_o), .n_aw_ready_i(m_aw_ready_i),
    .n_w_data_o(m_w_data_o), .n_w_strb_o(m_w_strb_o), .n_w_last_o(m_w_last_o), .n_w_valid_o(m_w_valid_o),
    .n_w_ready_i(m_w_ready_i),
    .n_b_i(m_b_i), .n_b_valid_i(m_b_valid_i), .n_b_ready_o(m_b_ready_o));

  // ---- performance -----------------------------------------------------------------------------------
  for (genvar n = 0; n < NumNodes; n++) begin : gen_perf
    assign perf_bytes[n*IncWidth+:IncWidth] =
        (m_r_valid_i[n] && m_r_ready_o[n] ? IncWidth'(BeatBytes) : '0) +
        (m_w_valid_o[n] && m_w_ready_i[n] ? IncWidth'(BeatBytes) : '0);
  end
  assign perf_busy        = |c_busy || sub_valid;
  assign perf_stall_arb   = |(c_dir_valid & ~c_dir_ready) || |(c_lt_valid & ~c_lt_ready) ||
                            |(c_al_valid & ~c_al_ready) || |(c_job_valid & ~c_job_ready);
  assign perf_stall_alloc = |c_wait_alloc;
  assign perf_stall_dma   = |c_wait_dma;

  // Not needed: the grants (the indices are used), aging flags, the host
  // port's enable (the queue offers entries only while enabled), the free
  // counts (the allocator applies them itself).
  logic unused;
  assign unused = ^{cpl_grant, cpl_aged, d_grant, d_aged, l_grant, l_aged, a_grant, a_aged,
                    enable_unused, al_free_units};

`ifndef SYNTHESIS
  // A response is routed only to a requester that has one outstanding.
  a_dir_route: assert property (@(posedge clk_i) disable iff (!rst_ni) dir_resp_valid |-> d_route_valid);
  // One host command at a time: an insert's and a RESERVE's reservation never meet.
  a_one_reservation: assert property (@(posedge clk_i) disable iff (!rst_ni) !(csr_insert_fire && rsv_cmd_fire));
  a_lt_route: assert property (@(posedge clk_i) disable iff (!rst_ni) lt_resp_valid |-> l_route_valid);
  a_al_route: assert property (@(posedge clk_i) disable iff (!rst_ni) al_rsp_valid |-> a_route_valid);
  // The submission goes to exactly one idle context.
  a_dispatch: assert property (@(posedge clk_i) disable iff (!rst_ni)
    $onehot0(c_sub_valid) && ((c_sub_valid & ~c_sub_ready) == '0 || !sub_ready));
`endif
endmodule
