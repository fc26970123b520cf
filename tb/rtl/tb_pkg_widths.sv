// tb_pkg_widths: exposes tessera_pkg's type widths and field packing so the
// testbench can check them against the spelled-out width constants and the
// C++ tile-key encoding (docs/spec.md section 3). Testbench only.
module tb_pkg_widths (
  input  logic        clk_i,
  input  logic        rst_ni,
  input  logic [31:0] layer_id_i,
  input  logic [11:0] position_i,
  input  logic [3:0]  dtype_i,
  output logic [47:0] key_o,
  output logic        widths_match_o
);
  tessera_pkg::tile_key_t key;
  assign key.layer_id = layer_id_i;
  assign key.position = position_i;
  assign key.dtype    = dtype_i;
  assign key_o        = key;

  assign widths_match_o =
      $bits(tessera_pkg::tile_key_t) == tessera_pkg::TileKeyWidth &&
      $bits(tessera_pkg::owner_t) == tessera_pkg::OwnerWidth &&
      $bits(tessera_pkg::tile_location_t) == tessera_pkg::TileLocationWidth &&
      $bits(tessera_pkg::layer_key_t) == tessera_pkg::LayerKeyWidth &&
      $bits(tessera_pkg::layer_entry_t) == tessera_pkg::LayerEntryWidth &&
      tessera_pkg::TileKeyWidth == 48;

  logic unused;
  assign unused = clk_i ^ rst_ni;
endmodule
