// tb_dma_system: NumEngines gather engines (tsr_dma) on a tsr_fabric over
// NumNodes HBM channel stubs, with flat per-engine job/tile/done ports for
// the testbench (tb/test_dma.cpp, tb/bench_dma.cpp). Testbench only.
module tb_dma_system #(
  parameter int NumEngines = 1,
  parameter int NumNodes   = 4,
  parameter int DataWidth  = 256,
  parameter int TagWidth   = 6,
  localparam int StrbWidth = DataWidth / 8,
  localparam int NodeBits  = tessera_pkg::NodeIdWidth,
  localparam int AddrBits  = tessera_pkg::NodeAddrWidth,
  localparam int CountBits = tessera_pkg::ByteCountWidth
) (
  input  logic                                  clk_i,
  input  logic                                  rst_ni,
  input  logic [NumEngines-1:0][3:0]            qos_i,
  input  logic [NumEngines-1:0][NodeBits-1:0]   job_node_i,
  input  logic [NumEngines-1:0][AddrBits-1:0]   job_addr_i,
  input  logic [NumEngines-1:0][CountBits-1:0]  job_bytes_i,
  input  logic [NumEngines-1:0]                 job_valid_i,
  output logic [NumEngines-1:0]                 job_ready_o,
  input  logic [NumEngines-1:0][NodeBits-1:0]   tile_node_i,
  input  logic [NumEngines-1:0][AddrBits-1:0]   tile_addr_i,
  input  logic [NumEngines-1:0][CountBits-1:0]  tile_bytes_i,
  input  logic [NumEngines-1:0]                 tile_last_i,
  input  logic [NumEngines-1:0]                 tile_valid_i,
  output logic [NumEngines-1:0]                 tile_ready_o,
  output logic [NumEngines-1:0][1:0]            done_status_o,
  output logic [NumEngines-1:0][1:0]            done_resp_o,
  output logic [NumEngines-1:0][NodeBits-1:0]   done_fault_node_o,
  output logic [NumEngines-1:0][AddrBits-1:0]   done_fault_addr_o,
  output logic [NumEngines-1:0][CountBits-1:0]  done_bytes_o,
  output logic [NumEngines-1:0]                 done_valid_o,
  input  logic [NumEngines-1:0]                 done_ready_i
);
  // The QoS inputs go through a register, so no engine request depends
  // combinationally on a top input: Verilator re-evaluates all logic
  // downstream of an input on every evaluation, and the writer's AW (which
  // carries qos_i) feeds every node's arbiter. A QoS change applies a cycle
  // later.
  logic [NumEngines-1:0][3:0] qos_q;
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) qos_q <= '0;
    else qos_q <= qos_i;
  end

  tessera_pkg::axi_ax_t  [NumEngines-1:0] e_ar, e_aw;
  tessera_pkg::node_id_t [NumEngines-1:0] e_ar_node, e_aw_node, e_w_node;
  logic [NumEngines-1:0] e_ar_valid, e_ar_ready, e_r_valid, e_r_ready, e_aw_valid, e_aw_ready;
  logic [NumEngines-1:0] e_w_last, e_w_valid, e_w_ready, e_b_valid, e_b_ready;
  tessera_pkg::axi_r_t   [NumEngines-1:0] e_r;
  tessera_pkg::axi_b_t   [NumEngines-1:0] e_b;
  logic [NumEngines-1:0][DataWidth-1:0] e_r_data, e_w_data;
  logic [NumEngines-1:0][StrbWidth-1:0] e_w_strb;

  for (genvar e = 0; e < NumEngines; e++) begin : gen_engine
    tessera_pkg::dma_done_t done;
    tsr_dma #(.DataWidth(DataWidth), .TagWidth(TagWidth)) u_dma (
      .clk_i, .rst_ni, .qos_i(qos_q[e]),
      .job_i('{node: job_node_i[e], addr: job_addr_i[e], bytes: job_bytes_i[e]}),
      .job_valid_i(job_valid_i[e]), .job_ready_o(job_ready_o[e]),
      .tile_i('{node: tile_node_i[e], addr: tile_addr_i[e], bytes: tile_bytes_i[e], last: tile_last_i[e]}),
      .tile_valid_i(tile_valid_i[e]), .tile_ready_o(tile_ready_o[e]),
      .done_o(done), .done_valid_o(done_valid_o[e]), .done_ready_i(done_ready_i[e]),
      .ar_o(e_ar[e]), .ar_node_o(e_ar_node[e]), .ar_valid_o(e_ar_valid[e]), .ar_ready_i(e_ar_ready[e]),
      .r_i(e_r[e]), .r_data_i(e_r_data[e]), .r_valid_i(e_r_valid[e]), .r_ready_o(e_r_ready[e]),
      .aw_o(e_aw[e]), .aw_node_o(e_aw_node[e]), .aw_valid_o(e_aw_valid[e]), .aw_ready_i(e_aw_ready[e]),
      .w_data_o(e_w_data[e]), .w_strb_o(e_w_strb[e]), .w_last_o(e_w_last[e]), .w_node_o(e_w_node[e]),
      .w_valid_o(e_w_valid[e]), .w_ready_i(e_w_ready[e]),
      .b_i(e_b[e]), .b_valid_i(e_b_valid[e]), .b_ready_o(e_b_ready[e]));
    assign done_status_o[e]     = done.status;
    assign done_resp_o[e]       = done.resp;
    assign done_fault_node_o[e] = done.fault_node;
    assign done_fault_addr_o[e] = done.fault_addr;
    assign done_bytes_o[e]      = done.bytes;
  end

  tessera_pkg::axi_ax_t [NumNodes-1:0] n_ar, n_aw;
  tessera_pkg::axi_r_t  [NumNodes-1:0] n_r;
  tessera_pkg::axi_b_t  [NumNodes-1:0] n_b;
  logic [NumNodes-1:0] n_ar_valid, n_ar_ready, n_r_valid, n_r_ready, n_aw_valid, n_aw_ready;
  logic [NumNodes-1:0] n_w_last, n_w_valid, n_w_ready, n_b_valid, n_b_ready;
  logic [NumNodes-1:0][DataWidth-1:0] n_r_data, n_w_data;
  logic [NumNodes-1:0][StrbWidth-1:0] n_w_strb;

  tsr_fabric #(.NumEngines(NumEngines), .NumNodes(NumNodes), .DataWidth(DataWidth), .EngineIdWidth(TagWidth)) u_fabric (
    .clk_i, .rst_ni,
    .e_ar_i(e_ar), .e_ar_node_i(e_ar_node), .e_ar_valid_i(e_ar_valid), .e_ar_ready_o(e_ar_ready),
    .e_r_o(e_r), .e_r_data_o(e_r_data), .e_r_valid_o(e_r_valid), .e_r_ready_i(e_r_ready),
    .e_aw_i(e_aw), .e_aw_node_i(e_aw_node), .e_aw_valid_i(e_aw_valid), .e_aw_ready_o(e_aw_ready),
    .e_w_data_i(e_w_data), .e_w_strb_i(e_w_strb), .e_w_last_i(e_w_last), .e_w_node_i(e_w_node),
    .e_w_valid_i(e_w_valid), .e_w_ready_o(e_w_ready),
    .e_b_o(e_b), .e_b_valid_o(e_b_valid), .e_b_ready_i(e_b_ready),
    .n_ar_o(n_ar), .n_ar_valid_o(n_ar_valid), .n_ar_ready_i(n_ar_ready),
    .n_r_i(n_r), .n_r_data_i(n_r_data), .n_r_valid_i(n_r_valid), .n_r_ready_o(n_r_ready),
    .n_aw_o(n_aw), .n_aw_valid_o(n_aw_valid), .n_aw_ready_i(n_aw_ready),
    .n_w_data_o(n_w_data), .n_w_strb_o(n_w_strb), .n_w_last_o(n_w_last), .n_w_valid_o(n_w_valid),
    .n_w_ready_i(n_w_ready),
    .n_b_i(n_b), .n_b_valid_i(n_b_valid), .n_b_ready_o(n_b_ready));

  for (genvar n = 0; n < NumNodes; n++) begin : gen_node
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
