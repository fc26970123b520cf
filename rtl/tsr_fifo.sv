// tsr_fifo: synchronous FIFO with valid/ready on both sides.
// Contract: Depth entries of Width bits; a push and a pop may happen in the
// same cycle; ready_o is high whenever the FIFO is not full (it does not
// depend on ready_i); data_o is the oldest entry while valid_o is high.
// count_o is the number of entries held.
module tsr_fifo #(
  parameter int Width = 8,
  parameter int Depth = 4,
  localparam int CountWidth = $clog2(Depth + 1),
  localparam int IndexWidth = (Depth > 1) ? $clog2(Depth) : 1
) (
  input  logic                  clk_i,
  input  logic                  rst_ni,
  input  logic                  valid_i,
  output logic                  ready_o,
  input  logic [Width-1:0]      data_i,
  output logic                  valid_o,
  input  logic                  ready_i,
  output logic [Width-1:0]      data_o,
  output logic [CountWidth-1:0] count_o
);
  if (Width < 1) begin : gen_width_check
    $error("tsr_fifo: Width must be at least 1");
  end
  if (Depth < 1) begin : gen_depth_check
    $error("tsr_fifo: Depth must be at least 1");
  end

  logic [Width-1:0]      storage_q [Depth];
  logic [IndexWidth-1:0] read_q, write_q;
  logic [CountWidth-1:0] count_q;
  logic                  push, pop;

  assign ready_o = count_q != CountWidth'(Depth);
  assign valid_o = count_q != '0;
  assign data_o  = storage_q[read_q];
  assign count_o = count_q;
  assign push    = valid_i && ready_o;
  assign pop     = valid_o && ready_i;

  function automatic logic [IndexWidth-1:0] next_index(input logic [IndexWidth-1:0] index);
    next_index = (index == IndexWidth'(Depth - 1)) ? '0 : index + 1'b1;
  endfunction

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      read_q  <= '0;
      write_q <= '0;
      count_q <= '0;
    end else begin
      if (push) write_q <= next_index(write_q);
      if (pop) read_q <= next_index(read_q);
      if (push != pop) count_q <= push ? count_q + 1'b1 : count_q - 1'b1;
    end
  end

  always_ff @(posedge clk_i) begin
    if (push) storage_q[write_q] <= data_i;
  end

`ifndef SYNTHESIS
  tsr_stream_assert #(.Width(Width)) u_in_rules  (.clk_i, .rst_ni, .valid_i, .ready_i(ready_o), .data_i);
  tsr_stream_assert #(.Width(Width)) u_out_rules (.clk_i, .rst_ni, .valid_i(valid_o), .ready_i, .data_i(data_o));
  // Immediate assertions at each edge out of reset, on the values before the
  // edge (as concurrent ones would sample them, without sampled copies).
  always @(posedge clk_i) begin
    if (rst_ni) begin
      a_no_push_when_full : assert (!push || count_q < CountWidth'(Depth));
      a_no_pop_when_empty : assert (!pop || count_q != '0);
      // constant for a Depth one below a power of two; a real check for the others
      /* verilator lint_off CMPCONST */
      a_count_in_range : assert (count_q <= CountWidth'(Depth));
      /* verilator lint_on CMPCONST */
    end
  end
`endif
endmodule
