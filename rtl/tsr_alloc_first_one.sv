// tsr_alloc_first_one: the index of the lowest set bit of a vector, found by
// a balanced tree (depth log2(Width)) rather than a Width-long priority chain.
// Contract: found_o is high when any bit of bits_i is set; index_o is then
// the lowest such bit position, else 0. Purely combinational.
module tsr_alloc_first_one #(
  parameter int Width = 8,
  localparam int IndexWidth = (Width > 1) ? $clog2(Width) : 1
) (
  input  logic [Width-1:0]      bits_i,
  output logic                  found_o,
  output logic [IndexWidth-1:0] index_o
);
  if (Width < 1) begin : gen_width_check
    $error("tsr_alloc_first_one: Width must be at least 1");
  end

  // Width rounded up to a power of two; the extra leaves are never set.
  localparam int Leaves = 1 << IndexWidth;

  // In-place reduction: at each level, entry n summarises entries 2n (the
  // lower bits, preferred) and 2n+1 of the level below.
  logic [Leaves-1:0]                 any;
  logic [Leaves-1:0][IndexWidth-1:0] index;

  always_comb begin
    any   = '0;
    index = '0;
    for (int n = 0; n < Width; n++) begin
      any[n]   = bits_i[n];
      index[n] = IndexWidth'(n);
    end
    for (int span = Leaves / 2; span >= 1; span = span / 2) begin
      for (int n = 0; n < span; n++) begin
        index[n] = any[2*n] ? index[2*n] : index[2*n+1];
        any[n]   = any[2*n] | any[2*n+1];
      end
    end
  end

  assign found_o = any[0];
  assign index_o = index[0];
endmodule
