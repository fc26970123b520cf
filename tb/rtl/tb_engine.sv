// tb_engine: the assembly engine (tsr_engine) over NumNodes HBM channel
// stubs (every node port is checked by the fabric's own AXI4 protocol
// checker, tsr_fabric's u_node_axi, so none is added here). Testbench only
// (tb/test_engine.cpp drives the host port; the stubs' memories are the
// back door, tb/common/hbm_memory.hpp).
// Observation outputs for tracing (tb/common/timeline.hpp), from the
// contexts' state by hierarchical reference: per context busy, release (a
// release, not a submission), tag and layer index (16 bits each, context c
// at [16c +: 16]); per node the handshakes of this cycle on AR, R (and
// RLAST), AW, W and B.
module tb_engine #(
  parameter int NumContexts   = 2,
  parameter int NumDmas       = 1,
  parameter int NumNodes      = 4,
  parameter int DataWidth     = 256,
  parameter int UnitBytesLog2 = 12,
  parameter int UnitsPerNode  = 2048,
  parameter int DirCapacity   = 1024,
  parameter int LayerCapacity = 256,
  parameter int SqDepth       = 8,
  parameter int CqDepth       = 16,
  localparam int StrbWidth = DataWidth / 8
) (
  input  logic        clk_i,
  input  logic        rst_ni,
  input  logic        s_aw_valid_i,
  output logic        s_aw_ready_o,
  input  logic [11:0] s_aw_addr_i,
  input  logic        s_w_valid_i,
  output logic        s_w_ready_o,
  input  logic [31:0] s_w_data_i,
  input  logic [3:0]  s_w_strb_i,
  output logic        s_b_valid_o,
  input  logic        s_b_ready_i,
  output logic [1:0]  s_b_resp_o,
  input  logic        s_ar_valid_i,
  output logic        s_ar_ready_o,
  input  logic [11:0] s_ar_addr_i,
  output logic        s_r_valid_o,
  input  logic        s_r_ready_i,
  output logic [31:0] s_r_data_o,
  output logic [1:0]  s_r_resp_o,
  output logic        irq_o,
  output logic [NumContexts-1:0]    obs_ctx_busy_o,
  output logic [NumContexts-1:0]    obs_ctx_release_o,
  output logic [16*NumContexts-1:0] obs_ctx_tag_o,
  output logic [16*NumContexts-1:0] obs_ctx_layer_o,
  output logic [NumNodes-1:0]       obs_ar_o,
  output logic [NumNodes-1:0]       obs_r_o,
  output logic [NumNodes-1:0]       obs_r_last_o,
  output logic [NumNodes-1:0]       obs_aw_o,
  output logic [NumNodes-1:0]       obs_w_o,
  output logic [NumNodes-1:0]       obs_b_o
);
  tessera_pkg::axi_ax_t [NumNodes-1:0] n_ar, n_aw;
  tessera_pkg::axi_r_t  [NumNodes-1:0] n_r;
  tessera_pkg::axi_b_t  [NumNodes-1:0] n_b;
  logic [NumNodes-1:0] n_ar_valid, n_ar_ready, n_r_valid, n_r_ready, n_aw_valid, n_aw_ready;
  logic [NumNodes-1:0] n_w_last, n_w_valid, n_w_ready, n_b_valid, n_b_ready;
  logic [NumNodes-1:0][DataWidth-1:0] n_r_data, n_w_data;
  logic [NumNodes-1:0][StrbWidth-1:0] n_w_strb;

  tsr_engine #(.NumContexts(NumContexts), .NumDmas(NumDmas), .NumNodes(NumNodes), .DataWidth(DataWidth), .UnitBytesLog2(UnitBytesLog2),
               .UnitsPerNode(UnitsPerNode), .DirCapacity(DirCapacity), .LayerCapacity(LayerCapacity),
               .SqDepth(SqDepth), .CqDepth(CqDepth)) u_engine (
    .clk_i, .rst_ni,
    .s_aw_valid_i, .s_aw_ready_o, .s_aw_addr_i, .s_w_valid_i, .s_w_ready_o, .s_w_data_i, .s_w_strb_i,
    .s_b_valid_o, .s_b_ready_i, .s_b_resp_o, .s_ar_valid_i, .s_ar_ready_o, .s_ar_addr_i,
    .s_r_valid_o, .s_r_ready_i, .s_r_data_o, .s_r_resp_o, .irq_o,
    .m_ar_o(n_ar), .m_ar_valid_o(n_ar_valid), .m_ar_ready_i(n_ar_ready),
    .m_r_i(n_r), .m_r_data_i(n_r_data), .m_r_valid_i(n_r_valid), .m_r_ready_o(n_r_ready),
    .m_aw_o(n_aw), .m_aw_valid_o(n_aw_valid), .m_aw_ready_i(n_aw_ready),
    .m_w_data_o(n_w_data), .m_w_strb_o(n_w_strb), .m_w_last_o(n_w_last), .m_w_valid_o(n_w_valid),
    .m_w_ready_i(n_w_ready),
    .m_b_i(n_b), .m_b_valid_i(n_b_valid), .m_b_ready_o(n_b_ready));

  for (genvar c = 0; c < NumContexts; c++) begin : gen_obs_ctx
    assign obs_ctx_busy_o[c]             = !u_engine.gen_ctx[c].u_ctx.sub_ready_o;  // ready only when idle
    assign obs_ctx_release_o[c]          = u_engine.gen_ctx[c].u_ctx.release_q;
    assign obs_ctx_tag_o[16*c+:16]       = u_engine.gen_ctx[c].u_ctx.tag_q;
    assign obs_ctx_layer_o[16*c+:16]     = u_engine.gen_ctx[c].u_ctx.layer_q;
  end
  assign obs_ar_o     = n_ar_valid & n_ar_ready;
  assign obs_r_o      = n_r_valid & n_r_ready;
  assign obs_aw_o     = n_aw_valid & n_aw_ready;
  assign obs_w_o      = n_w_valid & n_w_ready;
  assign obs_b_o      = n_b_valid & n_b_ready;

  for (genvar n = 0; n < NumNodes; n++) begin : gen_node
    assign obs_r_last_o[n] = obs_r_o[n] && n_r[n].last;
    tsr_hbm_stub #(.DataWidth(DataWidth), .NodeIndex(n)) u_stub (
      .clk_i, .rst_ni,
      .ar_i(n_ar[n]), .ar_valid_i(n_ar_valid[n]), .ar_ready_o(n_ar_ready[n]),
      .r_o(n_r[n]), .r_data_o(n_r_data[n]), .r_valid_o(n_r_valid[n]), .r_ready_i(n_r_ready[n]),
      .aw_i(n_aw[n]), .aw_valid_i(n_aw_valid[n]), .aw_ready_o(n_aw_ready[n]),
      .w_data_i(n_w_data[n]), .w_strb_i(n_w_strb[n]), .w_last_i(n_w_last[n]), .w_valid_i(n_w_valid[n]),
      .w_ready_o(n_w_ready[n]),
      .b_o(n_b[n]), .b_valid_o(n_b_valid[n]), .b_ready_i(n_b_ready[n]));
  end
endmodule
