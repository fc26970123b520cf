// tb_context: one tsr_context for its own test (tb/test_context.cpp).
// Testbench only.
//
// The context's AXI4 master reaches NumNodes tsr_hbm_stubs (NodeIndex n =
// node n; their storage is the test's back door, tb/common/hbm_memory.hpp)
// through a small router: AR and AW go to the stub of their *_node sideband,
// each W beat to the stub of w_node_o, and R and B come back from the node of
// the oldest burst still owed one (the context uses a single ID, so its
// responses must return in request order across nodes too). A tsr_axi_assert
// checks the context's port and every stub link.
// Every other port of the context (submission, completion, directory, layer
// table, allocator, DMA job/tile/done, scrub_i, status) is flat on this top,
// struct fields as plain vectors, for C++ to drive. cfg_*_o give the
// parameters, so the test can check the table it was built against.
// Testbench assertions: the router's order FIFOs never overflow and are
// empty whenever the context is idle; each W beat goes to the node its AW
// went to; every AR and AW carries the network's class as its QoS.
// axi_busy_o: some AXI request or response of the context is in flight or
// offered.
module tb_context #(
  parameter int NumNodes         = 2,
  parameter int DataWidth        = 256,
  parameter int UnitBytesLog2    = 8,
  parameter int UnitsPerNode     = 512,
  parameter int FetchBufferBeats = 64,
  parameter int FetchBurstBeats  = 16,
  localparam int StrbWidth  = DataWidth / 8,
  localparam int UnitWidth  = (UnitsPerNode > 1) ? $clog2(UnitsPerNode) : 1,
  localparam int CountWidth = $clog2(UnitsPerNode + 1),
  localparam int NodeBits   = tessera_pkg::NodeIdWidth,
  localparam int AddrBits   = tessera_pkg::NodeAddrWidth,
  localparam int CountBits  = tessera_pkg::ByteCountWidth
) (
  input  logic                  clk_i,
  input  logic                  rst_ni,
  output logic [31:0]           cfg_num_nodes_o,
  output logic [31:0]           cfg_data_width_o,
  output logic [31:0]           cfg_unit_log2_o,
  output logic [31:0]           cfg_units_o,
  // submission
  input  logic                  sub_valid_i,
  output logic                  sub_ready_o,
  input  logic                  sub_release_i,
  input  logic [15:0]           sub_tag_i,
  input  logic [63:0]           sub_desc_addr_i,
  input  logic [31:0]           sub_desc_len_i,
  input  logic [63:0]           sub_map_addr_i,
  input  logic [1:0]            sub_priority_i,
  input  logic [7:0]            sub_tenant_i,
  input  logic [15:0]           sub_layers_i,
  input  logic                  scrub_i,
  output logic [1:0]            priority_o,
  output logic                  busy_o,
  // completion
  output logic                  cpl_valid_o,
  input  logic                  cpl_ready_i,
  output logic [15:0]           cpl_tag_o,
  output logic                  cpl_error_o,
  output logic [3:0]            cpl_code_o,
  output logic [15:0]           cpl_layer_o,
  output logic [31:0]           cpl_tile_o,
  // tile directory
  output logic                  dir_req_valid_o,
  input  logic                  dir_req_ready_i,
  output logic [47:0]           dir_req_key_o,
  output logic [7:0]            dir_req_tenant_o,
  input  logic                  dir_resp_valid_i,
  output logic                  dir_resp_ready_o,
  input  logic [1:0]            dir_resp_status_i,
  input  logic                  dir_resp_denied_i,
  input  logic [NodeBits-1:0]   dir_resp_node_i,
  input  logic [AddrBits-1:0]   dir_resp_addr_i,
  input  logic [CountBits-1:0]  dir_resp_bytes_i,
  input  logic                  dir_resp_public_i,
  input  logic [7:0]            dir_resp_owner_i,
  // layer table
  output logic                  lt_req_valid_o,
  input  logic                  lt_req_ready_i,
  output logic [1:0]            lt_req_op_o,
  output logic                  lt_req_decrement_o,
  output logic [7:0]            lt_req_tenant_o,
  output logic [31:0]           lt_req_layer_id_o,
  output logic [NodeBits-1:0]   lt_req_node_o,
  output logic [AddrBits-1:0]   lt_req_addr_o,
  output logic [CountBits-1:0]  lt_req_bytes_o,
  output logic [31:0]           lt_req_signature_o,
  output logic [15:0]           lt_req_references_o,
  input  logic                  lt_resp_valid_i,
  output logic                  lt_resp_ready_o,
  input  logic [1:0]            lt_resp_status_i,
  input  logic                  lt_resp_zero_i,
  input  logic [NodeBits-1:0]   lt_resp_node_i,
  input  logic [AddrBits-1:0]   lt_resp_addr_i,
  input  logic [CountBits-1:0]  lt_resp_bytes_i,
  input  logic [31:0]           lt_resp_signature_i,
  input  logic [15:0]           lt_resp_references_i,
  // allocator
  output logic                  alloc_req_valid_o,
  input  logic                  alloc_req_ready_i,
  output logic [1:0]            alloc_req_op_o,
  output logic [NodeBits-1:0]   alloc_req_node_o,
  output logic                  alloc_req_pinned_o,
  output logic [UnitWidth-1:0]  alloc_req_first_o,
  output logic [CountWidth-1:0] alloc_req_units_o,
  input  logic                  alloc_rsp_valid_i,
  output logic                  alloc_rsp_ready_o,
  input  logic [2:0]            alloc_rsp_status_i,
  input  logic [NodeBits-1:0]   alloc_rsp_node_i,
  input  logic [UnitWidth-1:0]  alloc_rsp_first_i,
  // gather DMA
  output logic                  job_valid_o,
  input  logic                  job_ready_i,
  output logic [NodeBits-1:0]   job_node_o,
  output logic [AddrBits-1:0]   job_addr_o,
  output logic [CountBits-1:0]  job_bytes_o,
  output logic                  tile_valid_o,
  input  logic                  tile_ready_i,
  output logic [NodeBits-1:0]   tile_node_o,
  output logic [AddrBits-1:0]   tile_addr_o,
  output logic [CountBits-1:0]  tile_bytes_o,
  output logic                  tile_last_o,
  input  logic                  done_valid_i,
  output logic                  done_ready_o,
  input  logic [1:0]            done_status_i,
  input  logic [1:0]            done_resp_i,
  input  logic [NodeBits-1:0]   done_fault_node_i,
  input  logic [AddrBits-1:0]   done_fault_addr_i,
  input  logic [CountBits-1:0]  done_bytes_i,
  // status
  output logic                  wait_alloc_o,
  output logic                  wait_dma_o,
  output logic                  axi_busy_o
);
  assign cfg_num_nodes_o  = 32'(NumNodes);
  assign cfg_data_width_o = 32'(DataWidth);
  assign cfg_unit_log2_o  = 32'(UnitBytesLog2);
  assign cfg_units_o      = 32'(UnitsPerNode);

  tessera_pkg::tile_key_t      dir_key;
  tessera_pkg::tile_location_t dir_location;
  tessera_pkg::layer_key_t     lt_key;
  tessera_pkg::layer_entry_t   lt_entry, lt_resp_entry;
  tessera_pkg::dma_job_t       job;
  tessera_pkg::dma_tile_t      tile;
  tessera_pkg::dma_done_t      done;
  tessera_pkg::error_e         cpl_code;
  tessera_pkg::priority_t      net_class;

  assign dir_req_key_o = dir_key;
  assign dir_location  = '{node: dir_resp_node_i, addr: dir_resp_addr_i, bytes: dir_resp_bytes_i,
                           owner: '{is_public: dir_resp_public_i, tenant: dir_resp_owner_i}};
  assign lt_req_tenant_o     = lt_key.tenant;
  assign lt_req_layer_id_o   = lt_key.layer_id;
  assign lt_req_node_o       = lt_entry.node;
  assign lt_req_addr_o       = lt_entry.addr;
  assign lt_req_bytes_o      = lt_entry.bytes;
  assign lt_req_signature_o  = lt_entry.signature;
  assign lt_req_references_o = lt_entry.references;
  assign lt_resp_entry = '{node: lt_resp_node_i, addr: lt_resp_addr_i, bytes: lt_resp_bytes_i,
                           signature: lt_resp_signature_i, references: lt_resp_references_i};
  assign job_node_o   = job.node;
  assign job_addr_o   = job.addr;
  assign job_bytes_o  = job.bytes;
  assign tile_node_o  = tile.node;
  assign tile_addr_o  = tile.addr;
  assign tile_bytes_o = tile.bytes;
  assign tile_last_o  = tile.last;
  assign done = '{status: tessera_pkg::dma_status_e'(done_status_i), resp: done_resp_i, fault_node: done_fault_node_i,
                  fault_addr: done_fault_addr_i, bytes: done_bytes_i};
  assign cpl_code_o = cpl_code;
  assign priority_o = net_class;

  // The context's AXI master.
  tessera_pkg::axi_ax_t  c_ar, c_aw;
  tessera_pkg::node_id_t c_ar_node, c_aw_node, c_w_node;
  tessera_pkg::axi_r_t   c_r;
  tessera_pkg::axi_b_t   c_b;
  logic                  c_ar_valid, c_ar_ready, c_r_valid, c_r_ready, c_aw_valid, c_aw_ready;
  logic                  c_w_last, c_w_valid, c_w_ready, c_b_valid, c_b_ready;
  logic [DataWidth-1:0]  c_r_data, c_w_data;
  logic [StrbWidth-1:0]  c_w_strb;

  tsr_context #(.NumNodes(NumNodes), .DataWidth(DataWidth), .UnitBytesLog2(UnitBytesLog2),
                .UnitsPerNode(UnitsPerNode), .FetchBufferBeats(FetchBufferBeats),
                .FetchBurstBeats(FetchBurstBeats)) u_ctx (
    .clk_i, .rst_ni,
    .sub_valid_i, .sub_ready_o, .sub_release_i, .sub_tag_i, .sub_desc_addr_i, .sub_desc_len_i, .sub_map_addr_i,
    .sub_priority_i(tessera_pkg::priority_t'(sub_priority_i)), .sub_tenant_i, .sub_layers_i, .scrub_i,
    .priority_o(net_class), .busy_o,
    .cpl_valid_o, .cpl_ready_i, .cpl_tag_o, .cpl_error_o, .cpl_code_o(cpl_code), .cpl_layer_o, .cpl_tile_o,
    .dir_req_valid_o, .dir_req_ready_i, .dir_req_key_o(dir_key), .dir_req_tenant_o,
    .dir_resp_valid_i, .dir_resp_ready_o, .dir_resp_status_i(tessera_pkg::table_status_e'(dir_resp_status_i)),
    .dir_resp_denied_i, .dir_resp_location_i(dir_location),
    .lt_req_valid_o, .lt_req_ready_i, .lt_req_op_o, .lt_req_decrement_o, .lt_req_key_o(lt_key),
    .lt_req_entry_o(lt_entry),
    .lt_resp_valid_i, .lt_resp_ready_o, .lt_resp_status_i(tessera_pkg::table_status_e'(lt_resp_status_i)),
    .lt_resp_zero_i, .lt_resp_entry_i(lt_resp_entry),
    .alloc_req_valid_o, .alloc_req_ready_i, .alloc_req_op_o, .alloc_req_node_o, .alloc_req_pinned_o,
    .alloc_req_first_o, .alloc_req_units_o,
    .alloc_rsp_valid_i, .alloc_rsp_ready_o, .alloc_rsp_status_i, .alloc_rsp_node_i, .alloc_rsp_first_i,
    .job_o(job), .job_valid_o, .job_ready_i,
    .tile_o(tile), .tile_valid_o, .tile_ready_i,
    .done_i(done), .done_valid_i, .done_ready_o,
    .ar_o(c_ar), .ar_node_o(c_ar_node), .ar_valid_o(c_ar_valid), .ar_ready_i(c_ar_ready),
    .r_i(c_r), .r_data_i(c_r_data), .r_valid_i(c_r_valid), .r_ready_o(c_r_ready),
    .aw_o(c_aw), .aw_node_o(c_aw_node), .aw_valid_o(c_aw_valid), .aw_ready_i(c_aw_ready),
    .w_data_o(c_w_data), .w_strb_o(c_w_strb), .w_last_o(c_w_last), .w_node_o(c_w_node),
    .w_valid_o(c_w_valid), .w_ready_i(c_w_ready),
    .b_i(c_b), .b_valid_i(c_b_valid), .b_ready_o(c_b_ready),
    .wait_alloc_o, .wait_dma_o);

  // ---- the router ------------------------------------------------------------------
  // Three order FIFOs of node numbers: reads owed R (pushed at AR, popped at
  // RLAST), writes owed W data (pushed at AW, popped at WLAST) and writes
  // owed B (pushed at AW, popped at B).
  localparam int Depth = 16;
  localparam int PtrBits = $clog2(Depth);

  tessera_pkg::node_id_t rd_order_q [Depth];
  tessera_pkg::node_id_t wd_order_q [Depth];
  tessera_pkg::node_id_t wb_order_q [Depth];
  logic [PtrBits-1:0] rd_head_q, rd_tail_q, wd_head_q, wd_tail_q, wb_head_q, wb_tail_q;
  logic [PtrBits:0]   rd_count_q, wd_count_q, wb_count_q;
  tessera_pkg::node_id_t rd_node, wd_node, wb_node;
  logic ar_fire, r_last_fire, aw_fire, w_last_fire, b_fire;

  assign rd_node     = rd_order_q[rd_head_q];
  assign wd_node     = wd_order_q[wd_head_q];
  assign wb_node     = wb_order_q[wb_head_q];
  assign ar_fire     = c_ar_valid && c_ar_ready;
  assign r_last_fire = c_r_valid && c_r_ready && c_r.last;
  assign aw_fire     = c_aw_valid && c_aw_ready;
  assign w_last_fire = c_w_valid && c_w_ready && c_w_last;
  assign b_fire      = c_b_valid && c_b_ready;
  assign axi_busy_o  = c_ar_valid || c_aw_valid || c_w_valid || rd_count_q != '0 || wd_count_q != '0 ||
                       wb_count_q != '0;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      rd_head_q  <= '0;
      rd_tail_q  <= '0;
      rd_count_q <= '0;
      wd_head_q  <= '0;
      wd_tail_q  <= '0;
      wd_count_q <= '0;
      wb_head_q  <= '0;
      wb_tail_q  <= '0;
      wb_count_q <= '0;
    end else begin
      if (ar_fire) begin
        rd_order_q[rd_tail_q] <= c_ar_node;
        rd_tail_q             <= rd_tail_q + 1'b1;
      end
      if (r_last_fire) rd_head_q <= rd_head_q + 1'b1;
      rd_count_q <= rd_count_q + (PtrBits+1)'(ar_fire) - (PtrBits+1)'(r_last_fire);
      if (aw_fire) begin
        wd_order_q[wd_tail_q] <= c_aw_node;
        wd_tail_q             <= wd_tail_q + 1'b1;
        wb_order_q[wb_tail_q] <= c_aw_node;
        wb_tail_q             <= wb_tail_q + 1'b1;
      end
      if (w_last_fire) wd_head_q <= wd_head_q + 1'b1;
      wd_count_q <= wd_count_q + (PtrBits+1)'(aw_fire) - (PtrBits+1)'(w_last_fire);
      if (b_fire) wb_head_q <= wb_head_q + 1'b1;
      wb_count_q <= wb_count_q + (PtrBits+1)'(aw_fire) - (PtrBits+1)'(b_fire);
    end
  end

  tessera_pkg::axi_ax_t [NumNodes-1:0] n_ar, n_aw;
  tessera_pkg::axi_r_t  [NumNodes-1:0] n_r;
  tessera_pkg::axi_b_t  [NumNodes-1:0] n_b;
  logic [NumNodes-1:0] n_ar_valid, n_ar_ready, n_r_valid, n_r_ready, n_aw_valid, n_aw_ready;
  logic [NumNodes-1:0] n_w_last, n_w_valid, n_w_ready, n_b_valid, n_b_ready;
  logic [NumNodes-1:0][DataWidth-1:0] n_r_data, n_w_data;
  logic [NumNodes-1:0][StrbWidth-1:0] n_w_strb;

  always_comb begin
    c_ar_ready = 1'b0;
    c_aw_ready = 1'b0;
    c_w_ready  = 1'b0;
    c_r_valid  = 1'b0;
    c_r        = '0;
    c_r_data   = '0;
    c_b_valid  = 1'b0;
    c_b        = '0;
    for (int n = 0; n < NumNodes; n++) begin
      n_ar[n]       = c_ar;
      n_ar_valid[n] = c_ar_valid && 32'(c_ar_node) == n && rd_count_q != (PtrBits+1)'(Depth);
      n_aw[n]       = c_aw;
      n_aw_valid[n] = c_aw_valid && 32'(c_aw_node) == n && wb_count_q != (PtrBits+1)'(Depth);
      n_w_data[n]   = c_w_data;
      n_w_strb[n]   = c_w_strb;
      n_w_last[n]   = c_w_last;
      n_w_valid[n]  = c_w_valid && 32'(c_w_node) == n;
      n_r_ready[n]  = c_r_ready && rd_count_q != '0 && 32'(rd_node) == n;
      n_b_ready[n]  = c_b_ready && wb_count_q != '0 && 32'(wb_node) == n;
      if (32'(c_ar_node) == n) c_ar_ready = n_ar_ready[n] && rd_count_q != (PtrBits+1)'(Depth);
      if (32'(c_aw_node) == n) c_aw_ready = n_aw_ready[n] && wb_count_q != (PtrBits+1)'(Depth);
      if (32'(c_w_node) == n) c_w_ready = n_w_ready[n];
      if (rd_count_q != '0 && 32'(rd_node) == n) begin
        c_r_valid = n_r_valid[n];
        c_r       = n_r[n];
        c_r_data  = n_r_data[n];
      end
      if (wb_count_q != '0 && 32'(wb_node) == n) begin
        c_b_valid = n_b_valid[n];
        c_b       = n_b[n];
      end
    end
  end

  tsr_axi_assert #(.DataWidth(DataWidth)) u_ctx_rules (
    .clk_i, .rst_ni,
    .ar_i(c_ar), .ar_valid_i(c_ar_valid), .ar_ready_i(c_ar_ready),
    .r_i(c_r), .r_data_i(c_r_data), .r_valid_i(c_r_valid), .r_ready_i(c_r_ready),
    .aw_i(c_aw), .aw_valid_i(c_aw_valid), .aw_ready_i(c_aw_ready),
    .w_data_i(c_w_data), .w_strb_i(c_w_strb), .w_last_i(c_w_last), .w_valid_i(c_w_valid), .w_ready_i(c_w_ready),
    .b_i(c_b), .b_valid_i(c_b_valid), .b_ready_i(c_b_ready));

  for (genvar n = 0; n < NumNodes; n++) begin : gen_node
    tsr_hbm_stub #(.DataWidth(DataWidth), .NodeIndex(n)) u_stub (
      .clk_i, .rst_ni,
      .ar_i(n_ar[n]), .ar_valid_i(n_ar_valid[n]), .ar_ready_o(n_ar_ready[n]),
      .r_o(n_r[n]), .r_data_o(n_r_data[n]), .r_valid_o(n_r_valid[n]), .r_ready_i(n_r_ready[n]),
      .aw_i(n_aw[n]), .aw_valid_i(n_aw_valid[n]), .aw_ready_o(n_aw_ready[n]),
      .w_data_i(n_w_data[n]), .w_strb_i(n_w_strb[n]), .w_last_i(n_w_last[n]), .w_valid_i(n_w_valid[n]),
      .w_ready_o(n_w_ready[n]),
      .b_o(n_b[n]), .b_valid_o(n_b_valid[n]), .b_ready_i(n_b_ready[n]));
    tsr_axi_assert #(.DataWidth(DataWidth)) u_node_rules (
      .clk_i, .rst_ni,
      .ar_i(n_ar[n]), .ar_valid_i(n_ar_valid[n]), .ar_ready_i(n_ar_ready[n]),
      .r_i(n_r[n]), .r_data_i(n_r_data[n]), .r_valid_i(n_r_valid[n]), .r_ready_i(n_r_ready[n]),
      .aw_i(n_aw[n]), .aw_valid_i(n_aw_valid[n]), .aw_ready_i(n_aw_ready[n]),
      .w_data_i(n_w_data[n]), .w_strb_i(n_w_strb[n]), .w_last_i(n_w_last[n]), .w_valid_i(n_w_valid[n]),
      .w_ready_i(n_w_ready[n]),
      .b_i(n_b[n]), .b_valid_i(n_b_valid[n]), .b_ready_i(n_b_ready[n]));
  end

  // ---- testbench assertions --------------------------------------------------------
  a_ar_node: assert property (@(posedge clk_i) disable iff (!rst_ni)
    c_ar_valid |-> 32'(c_ar_node) < NumNodes)
    else $error("tb_context: AR to node %0d of %0d", c_ar_node, NumNodes);
  a_aw_node: assert property (@(posedge clk_i) disable iff (!rst_ni)
    c_aw_valid |-> 32'(c_aw_node) < NumNodes)
    else $error("tb_context: AW to node %0d of %0d", c_aw_node, NumNodes);
  a_w_node: assert property (@(posedge clk_i) disable iff (!rst_ni)
    (c_w_valid && c_w_ready) |-> (wd_count_q != '0 && c_w_node == wd_node))
    else $error("tb_context: a W beat for node %0d, not the node of its AW", c_w_node);
  a_qos: assert property (@(posedge clk_i) disable iff (!rst_ni)
    (!c_ar_valid || c_ar.qos == {2'b00, net_class}) && (!c_aw_valid || c_aw.qos == {2'b00, net_class}))
    else $error("tb_context: an AXI request without the network's class as QoS");
  a_idle_axi: assert property (@(posedge clk_i) disable iff (!rst_ni)
    sub_ready_o |-> !axi_busy_o)
    else $error("tb_context: AXI traffic while the context is idle");
  a_order_room: assert property (@(posedge clk_i) disable iff (!rst_ni)
    rd_count_q <= (PtrBits+1)'(Depth) && wd_count_q <= (PtrBits+1)'(Depth) && wb_count_q <= (PtrBits+1)'(Depth));
endmodule
