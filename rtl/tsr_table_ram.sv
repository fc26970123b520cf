// tsr_table_ram: a simple dual-port RAM for tsr_hash_table: one write port,
// one synchronous read port (rdata_o is the word at raddr_i of the previous
// cycle). Contract: a read of the word written at the same clock edge
// returns an undefined value (the caller never uses it), so no collision
// logic is inferred. No reset: the caller clears what it needs. Memories of
// BlockMinDepth words or more are marked for block RAM (Yosys would put a
// 64-deep one in LUTs); smaller ones are left to the tool (LUTs or flops).
module tsr_table_ram #(
  parameter int Width = 8,
  parameter int Depth = 16,
  localparam int AddrWidth = (Depth > 1) ? $clog2(Depth) : 1
) (
  input  logic                 clk_i,
  input  logic                 we_i,
  input  logic [AddrWidth-1:0] waddr_i,
  input  logic [Width-1:0]     wdata_i,
  input  logic [AddrWidth-1:0] raddr_i,
  output logic [Width-1:0]     rdata_o
);
  if (Width < 1 || Depth < 1) begin : gen_size_check
    $error("tsr_table_ram: Width and Depth must be at least 1");
  end

  localparam int BlockMinDepth = 32;

  if (Depth >= BlockMinDepth) begin : gen_block
    (* ram_style = "block" *) logic [Width-1:0] mem [Depth];
    always_ff @(posedge clk_i) begin
      if (we_i) mem[waddr_i] <= wdata_i;
    end
    always_ff @(posedge clk_i) begin
      rdata_o <= mem[raddr_i];
    end
  end else begin : gen_small
    logic [Width-1:0] mem [Depth];
    always_ff @(posedge clk_i) begin
      if (we_i) mem[waddr_i] <= wdata_i;
    end
    always_ff @(posedge clk_i) begin
      rdata_o <= mem[raddr_i];
    end
  end

`ifndef SYNTHESIS
  a_write_in_range : assert property (@(posedge clk_i) we_i |-> int'(waddr_i) < Depth)
    else $error("tsr_table_ram: write past the end");
  a_read_in_range : assert property (@(posedge clk_i) int'(raddr_i) < Depth)
    else $error("tsr_table_ram: read past the end");
`endif
endmodule
