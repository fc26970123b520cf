// tsr_skid: a register slice for a valid/ready stream that cuts every
// combinational path between its two sides (valid, data and ready are all
// registered) and still passes one item per cycle. Contract: items leave in
// the order they enter, none is lost or duplicated; at most two are held.
module tsr_skid #(
  parameter int Width = 8
) (
  input  logic             clk_i,
  input  logic             rst_ni,
  input  logic             valid_i,
  output logic             ready_o,
  input  logic [Width-1:0] data_i,
  output logic             valid_o,
  input  logic             ready_i,
  output logic [Width-1:0] data_o
);
  if (Width < 1) begin : gen_width_check
    $error("tsr_skid: Width must be at least 1");
  end

  // main_q drives the output; spare_q catches the item that arrives in the
  // cycle the consumer stalls (ready_o was already high).
  logic             main_valid_q, spare_valid_q;
  logic [Width-1:0] main_data_q, spare_data_q;

  assign valid_o = main_valid_q;
  assign data_o  = main_data_q;
  assign ready_o = !spare_valid_q;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      main_valid_q  <= 1'b0;
      spare_valid_q <= 1'b0;
    end else begin
      if (!main_valid_q || ready_i) begin
        main_valid_q  <= spare_valid_q || valid_i;
        spare_valid_q <= 1'b0;
      end else if (valid_i && ready_o) begin
        spare_valid_q <= 1'b1;
      end
    end
  end

  always_ff @(posedge clk_i) begin
    if (!main_valid_q || ready_i) begin
      main_data_q <= spare_valid_q ? spare_data_q : data_i;
    end else if (valid_i && ready_o) begin
      spare_data_q <= data_i;
    end
  end

`ifndef SYNTHESIS
  tsr_stream_assert #(.Width(Width)) u_in_rules  (.clk_i, .rst_ni, .valid_i, .ready_i(ready_o), .data_i);
  tsr_stream_assert #(.Width(Width)) u_out_rules (.clk_i, .rst_ni, .valid_i(valid_o), .ready_i, .data_i(data_o));
  // Immediate assertion at each edge out of reset, on the values before the
  // edge (as a concurrent one would sample them, without sampled copies).
  always @(posedge clk_i) begin
    if (rst_ni) begin
      a_spare_only_behind_main : assert (!spare_valid_q || main_valid_q);
    end
  end
`endif
endmodule
