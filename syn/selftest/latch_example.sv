// A deliberately bad block for the synthesis self-test: `q` keeps its value
// when `enable` is low in combinational logic, which infers a latch. make
// synth must reject it (syn/CMakeLists.txt checks that it does).
module latch_example (
  input  logic clk_i,
  input  logic rst_ni,
  input  logic enable_i,
  input  logic d_i,
  output logic q_o
);
  always_comb begin
    if (enable_i) q_o = d_i;
  end
  logic unused;
  assign unused = clk_i ^ rst_ni;
endmodule
