// tb_zero_fill: one tsr_zero_fill writing into one tsr_hbm_stub (node 0),
// with the AXI protocol checker on the link and flat request/result ports,
// for the block's own test (tb/test_zero_fill.cpp). Testbench only.
module tb_zero_fill #(
  parameter int DataWidth = 256,
  parameter int MaxBursts = 4,
  localparam int StrbWidth = DataWidth / 8,
  localparam int AddrBits  = tessera_pkg::NodeAddrWidth,
  localparam int ByteBits  = tessera_pkg::ByteCountWidth + 1
) (
  input  logic                clk_i,
  input  logic                rst_ni,
  input  logic                req_valid_i,
  output logic                req_ready_o,
  input  logic [AddrBits-1:0] req_addr_i,
  input  logic [ByteBits-1:0] req_bytes_i,
  input  logic [3:0]          req_qos_i,
  output logic                done_valid_o,
  input  logic                done_ready_i,
  output logic                done_error_o,
  output logic [1:0]          done_resp_o,
  output logic                aw_fire_o,   // an AW handshake this cycle
  output logic [7:0]          aw_len_o,    // its length
  output logic [3:0]          aw_qos_o     // its QoS
);
  tessera_pkg::axi_ax_t  ar, aw;
  tessera_pkg::axi_r_t   r;
  tessera_pkg::axi_b_t   b;
  tessera_pkg::node_id_t aw_node, w_node;
  logic                  ar_ready, r_valid, aw_valid, aw_ready, w_last, w_valid, w_ready, b_valid, b_ready;
  logic [DataWidth-1:0]  r_data, w_data;
  logic [StrbWidth-1:0]  w_strb;

  assign ar = '0;  // write-only master

  tsr_zero_fill #(.DataWidth(DataWidth), .MaxBursts(MaxBursts)) u_dut (
    .clk_i, .rst_ni,
    .req_valid_i, .req_ready_o, .req_node_i('0), .req_addr_i, .req_bytes_i, .req_qos_i,
    .done_valid_o, .done_ready_i, .done_error_o, .done_resp_o,
    .aw_o(aw), .aw_node_o(aw_node), .aw_valid_o(aw_valid), .aw_ready_i(aw_ready),
    .w_data_o(w_data), .w_strb_o(w_strb), .w_last_o(w_last), .w_node_o(w_node), .w_valid_o(w_valid),
    .w_ready_i(w_ready),
    .b_i(b), .b_valid_i(b_valid), .b_ready_o(b_ready));

  assign aw_fire_o = aw_valid && aw_ready;
  assign aw_len_o  = aw.len;
  assign aw_qos_o  = aw.qos;

  tsr_hbm_stub #(.DataWidth(DataWidth)) u_stub (
    .clk_i, .rst_ni,
    .ar_i(ar), .ar_valid_i(1'b0), .ar_ready_o(ar_ready),
    .r_o(r), .r_data_o(r_data), .r_valid_o(r_valid), .r_ready_i(1'b1),
    .aw_i(aw), .aw_valid_i(aw_valid), .aw_ready_o(aw_ready),
    .w_data_i(w_data), .w_strb_i(w_strb), .w_last_i(w_last), .w_valid_i(w_valid), .w_ready_o(w_ready),
    .b_o(b), .b_valid_o(b_valid), .b_ready_i(b_ready));

  tsr_axi_assert #(.DataWidth(DataWidth)) u_axi_rules (
    .clk_i, .rst_ni,
    .ar_i(ar), .ar_valid_i(1'b0), .ar_ready_i(ar_ready),
    .r_i(r), .r_data_i(r_data), .r_valid_i(r_valid), .r_ready_i(1'b1),
    .aw_i(aw), .aw_valid_i(aw_valid), .aw_ready_i(aw_ready),
    .w_data_i(w_data), .w_strb_i(w_strb), .w_last_i(w_last), .w_valid_i(w_valid), .w_ready_i(w_ready),
    .b_i(b), .b_valid_i(b_valid), .b_ready_i(b_ready));

  logic unused;
  assign unused = ^{aw_node, w_node};
endmodule
