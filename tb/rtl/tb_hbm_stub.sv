// tb_hbm_stub: one tsr_hbm_stub with the AXI protocol checker on its port
// and flat AXI signals, for the stub's own test (tb/test_hbm_stub.cpp).
// Testbench only.
module tb_hbm_stub #(
  parameter int DataWidth = 256,
  localparam int StrbWidth = DataWidth / 8,
  localparam int IdWidth = tessera_pkg::AxiIdWidth
) (
  input  logic                 clk_i,
  input  logic                 rst_ni,
  input  logic [IdWidth-1:0]   ar_id_i,
  input  logic [63:0]          ar_addr_i,
  input  logic [7:0]           ar_len_i,
  input  logic                 ar_valid_i,
  output logic                 ar_ready_o,
  output logic [IdWidth-1:0]   r_id_o,
  output logic [DataWidth-1:0] r_data_o,
  output logic [1:0]           r_resp_o,
  output logic                 r_last_o,
  output logic                 r_valid_o,
  input  logic                 r_ready_i,
  input  logic [IdWidth-1:0]   aw_id_i,
  input  logic [63:0]          aw_addr_i,
  input  logic [7:0]           aw_len_i,
  input  logic                 aw_valid_i,
  output logic                 aw_ready_o,
  input  logic [DataWidth-1:0] w_data_i,
  input  logic [StrbWidth-1:0] w_strb_i,
  input  logic                 w_last_i,
  input  logic                 w_valid_i,
  output logic                 w_ready_o,
  output logic [IdWidth-1:0]   b_id_o,
  output logic [1:0]           b_resp_o,
  output logic                 b_valid_o,
  input  logic                 b_ready_i
);
  localparam logic [2:0] Size = 3'($clog2(StrbWidth));

  tessera_pkg::axi_ax_t ar, aw;
  tessera_pkg::axi_r_t  r;
  tessera_pkg::axi_b_t  b;
  assign ar = '{id: ar_id_i, addr: ar_addr_i, len: ar_len_i, size: Size, burst: tessera_pkg::AxiBurstIncr, qos: '0};
  assign aw = '{id: aw_id_i, addr: aw_addr_i, len: aw_len_i, size: Size, burst: tessera_pkg::AxiBurstIncr, qos: '0};
  assign r_id_o   = r.id;
  assign r_resp_o = r.resp;
  assign r_last_o = r.last;
  assign b_id_o   = b.id;
  assign b_resp_o = b.resp;

  tsr_hbm_stub #(.DataWidth(DataWidth)) u_stub (
    .clk_i, .rst_ni,
    .ar_i(ar), .ar_valid_i, .ar_ready_o,
    .r_o(r), .r_data_o, .r_valid_o, .r_ready_i,
    .aw_i(aw), .aw_valid_i, .aw_ready_o,
    .w_data_i, .w_strb_i, .w_last_i, .w_valid_i, .w_ready_o,
    .b_o(b), .b_valid_o, .b_ready_i);

  tsr_axi_assert #(.DataWidth(DataWidth)) u_axi_rules (
    .clk_i, .rst_ni,
    .ar_i(ar), .ar_valid_i, .ar_ready_i(ar_ready_o),
    .r_i(r), .r_data_i(r_data_o), .r_valid_i(r_valid_o), .r_ready_i,
    .aw_i(aw), .aw_valid_i, .aw_ready_i(aw_ready_o),
    .w_data_i, .w_strb_i, .w_last_i, .w_valid_i, .w_ready_i(w_ready_o),
    .b_i(b), .b_valid_i(b_valid_o), .b_ready_i);
endmodule
