// tb_desc_fetch: one descriptor fetch (tsr_desc_fetch) on one HBM channel
// stub (node 0; the stub serves every node number), with the AXI protocol
// checker on the link and flat ports for tb/test_desc_fetch.cpp. Also counts
// the AR bursts and R beats it saw. Testbench only.
module tb_desc_fetch #(
  parameter int DataWidth   = 256,
  parameter int BufferBeats = 64,
  parameter int BurstBeats  = 16
) (
  input  logic                   clk_i,
  input  logic                   rst_ni,
  input  logic [7:0]             req_tag_i,
  input  logic [3:0]             req_qos_i,
  input  logic [4:0]             req_node_i,
  input  logic [63:0]            req_addr_i,
  input  logic [31:0]            req_buffer_bytes_i,
  input  logic                   req_valid_i,
  output logic                   req_ready_o,
  output logic                   item_kind_o,
  output logic                   item_last_o,
  output logic [15:0]            item_layer_o,
  output logic [31:0]            item_tile_o,
  output logic [31:0]            item_layer_id_o,
  output logic                   item_pinned_o,
  output logic [7:0]             item_node_o,
  output logic [31:0]            item_signature_o,
  output logic [63:0]            item_bytes_o,
  output logic [47:0]            item_key_o,
  output logic                   item_valid_o,
  input  logic                   item_ready_i,
  output logic [3:0]             done_code_o,
  output logic [15:0]            done_layer_o,
  output logic [15:0]            done_layer_count_o,
  output logic [31:0]            done_network_id_o,
  output logic [7:0]             done_tag_o,
  output logic                   done_valid_o,
  input  logic                   done_ready_i,
  output logic [31:0]            ar_count_o,
  output logic [31:0]            r_count_o
);
  tsr_desc_pkg::desc_req_t  req;
  tsr_desc_pkg::desc_item_t item;
  tsr_desc_pkg::desc_done_t done;
  tessera_pkg::axi_ax_t     ar, aw;
  tessera_pkg::axi_r_t      r;
  tessera_pkg::axi_b_t      b;
  tessera_pkg::node_id_t    ar_node;
  logic ar_valid, ar_ready, r_valid, r_ready, aw_ready, w_ready, b_valid;
  logic [DataWidth-1:0] r_data;

  assign req = '{tag: req_tag_i, qos: req_qos_i, node: req_node_i, addr: req_addr_i, buffer_bytes: req_buffer_bytes_i};

  tsr_desc_fetch #(.DataWidth(DataWidth), .BufferBeats(BufferBeats), .BurstBeats(BurstBeats)) u_fetch (
    .clk_i, .rst_ni,
    .req_i(req), .req_valid_i, .req_ready_o,
    .ar_o(ar), .ar_node_o(ar_node), .ar_valid_o(ar_valid), .ar_ready_i(ar_ready),
    .r_i(r), .r_data_i(r_data), .r_valid_i(r_valid), .r_ready_o(r_ready),
    .item_o(item), .item_valid_o, .item_ready_i,
    .done_o(done), .done_valid_o, .done_ready_i);

  assign item_kind_o        = item.kind;
  assign item_last_o        = item.last;
  assign item_layer_o       = item.layer;
  assign item_tile_o        = item.tile;
  assign item_layer_id_o    = item.layer_id;
  assign item_pinned_o      = item.pinned;
  assign item_node_o        = item.node;
  assign item_signature_o   = item.signature;
  assign item_bytes_o       = item.bytes;
  assign item_key_o         = item.key;
  assign done_code_o        = done.code;
  assign done_layer_o       = done.layer;
  assign done_layer_count_o = done.layer_count;
  assign done_network_id_o  = done.network_id;
  assign done_tag_o         = done.tag;

  logic unused;
  assign unused = ^{ar_node, aw_ready, w_ready, b_valid, b};
  assign aw = '0;

  tsr_hbm_stub #(.DataWidth(DataWidth), .NodeIndex(0)) u_stub (
    .clk_i, .rst_ni,
    .ar_i(ar), .ar_valid_i(ar_valid), .ar_ready_o(ar_ready),
    .r_o(r), .r_data_o(r_data), .r_valid_o(r_valid), .r_ready_i(r_ready),
    .aw_i(aw), .aw_valid_i(1'b0), .aw_ready_o(aw_ready),
    .w_data_i('0), .w_strb_i('0), .w_last_i(1'b0), .w_valid_i(1'b0), .w_ready_o(w_ready),
    .b_o(b), .b_valid_o(b_valid), .b_ready_i(1'b1));

  tsr_axi_assert #(.DataWidth(DataWidth)) u_axi_rules (
    .clk_i, .rst_ni,
    .ar_i(ar), .ar_valid_i(ar_valid), .ar_ready_i(ar_ready),
    .r_i(r), .r_data_i(r_data), .r_valid_i(r_valid), .r_ready_i(r_ready),
    .aw_i(aw), .aw_valid_i(1'b0), .aw_ready_i(aw_ready),
    .w_data_i('0), .w_strb_i('0), .w_last_i(1'b0), .w_valid_i(1'b0), .w_ready_i(w_ready),
    .b_i(b), .b_valid_i(b_valid), .b_ready_i(1'b1));

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      ar_count_o <= '0;
      r_count_o  <= '0;
    end else begin
      if (ar_valid && ar_ready) ar_count_o <= ar_count_o + 1'b1;
      if (r_valid && r_ready) r_count_o <= r_count_o + 1'b1;
    end
  end
endmodule
