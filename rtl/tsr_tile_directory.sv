// tsr_tile_directory: the tile-directory CAM (docs/spec.md sections 3, 8
// and 10; docs/blocks/tables.md): tile key -> tile location (node, address,
// length, owner), on the tsr_hash_table core.
//
// Contract: one request stream {op, key, tenant, location} and one response
// stream {status, denied, location}, valid/ready, responses in request order,
// 4 cycles after acceptance when the response port is ready, one request per
// cycle (lookups, inserts and deletes alike).
//   TableLookup as tenant req_tenant_i: a public entry or one owned by that
//     tenant answers TableOk and its location; an entry owned by another
//     tenant answers TableMissing with resp_denied_o set (TILE_ACCESS in the
//     spec) and a zero location (nothing leaks); no entry: TableMissing
//     (TILE_MISSING).
//   TableInsert of req_location_i (its owner field included): TableOk,
//     TableDuplicate (the key is present, whoever owns it; its location is
//     answered) or TableFull.
//   TableDelete: TableOk (the removed location) or TableMissing.
//   TableAdjust is not a directory command: it breaks the contract
//     (asserted) and is answered as a lookup.
// Capacity, Banks, Ways and StashEntries size the table as in tsr_hash_table:
// any Banks*Ways + StashEntries tiles always fit. count_o: entries held.
module tsr_tile_directory #(
  parameter int Capacity     = 1024,
  parameter int Banks        = 4,
  parameter int Ways         = 4,
  parameter int StashEntries = 8,
  localparam int CountWidth  = $clog2(Capacity + StashEntries + 1)
) (
  input  logic                          clk_i,
  input  logic                          rst_ni,
  input  logic                          req_valid_i,
  output logic                          req_ready_o,
  input  tessera_pkg::table_op_e        req_op_i,
  input  tessera_pkg::tile_key_t        req_key_i,
  input  tessera_pkg::tenant_t          req_tenant_i,
  input  tessera_pkg::tile_location_t   req_location_i,
  output logic                          resp_valid_o,
  input  logic                          resp_ready_i,
  output tessera_pkg::table_status_e    resp_status_o,
  output logic                          resp_denied_o,
  output tessera_pkg::tile_location_t   resp_location_o,
  output logic [CountWidth-1:0]         count_o
);
  localparam int TagWidth = 1 + tessera_pkg::TenantWidth;

  // The tag carries {is a lookup, tenant} to the response.
  tessera_pkg::table_op_e        core_op;
  logic [TagWidth-1:0]           req_tag, resp_tag;
  tessera_pkg::table_status_e    core_status;
  tessera_pkg::tile_location_t   found;
  logic                          resp_lookup, allowed, denied;
  logic                          unused_zero;  // no counter: never set
  tessera_pkg::tenant_t          resp_tenant;

  assign core_op = (req_op_i == tessera_pkg::TableAdjust) ? tessera_pkg::TableLookup : req_op_i;
  assign req_tag = {core_op == tessera_pkg::TableLookup, req_tenant_i};

  tsr_hash_table #(
    .KeyWidth    (tessera_pkg::TileKeyWidth),
    .ValueWidth  (tessera_pkg::TileLocationWidth),
    .CounterWidth(1),
    .TagWidth    (TagWidth),
    .Capacity    (Capacity),
    .Banks       (Banks),
    .Ways        (Ways),
    .StashEntries(StashEntries)
  ) u_table (
    .clk_i,
    .rst_ni,
    .req_valid_i,
    .req_ready_o,
    .req_op_i       (core_op),
    .req_key_i      (req_key_i),
    .req_value_i    (req_location_i),
    .req_decrement_i(1'b0),
    .req_tag_i      (req_tag),
    .resp_valid_o,
    .resp_ready_i,
    .resp_status_o  (core_status),
    .resp_value_o   (found),
    .resp_zero_o    (unused_zero),
    .resp_tag_o     (resp_tag),
    .count_o
  );

  assign {resp_lookup, resp_tenant} = resp_tag;
  assign allowed         = found.owner.is_public || found.owner.tenant == resp_tenant;
  assign denied          = resp_lookup && core_status == tessera_pkg::TableOk && !allowed;
  assign resp_status_o   = denied ? tessera_pkg::TableMissing : core_status;
  assign resp_denied_o   = denied;
  assign resp_location_o = denied ? '0 : found;

`ifndef SYNTHESIS
  tsr_stream_assert #(.Width(2 + tessera_pkg::TileKeyWidth + tessera_pkg::TenantWidth +
                             tessera_pkg::TileLocationWidth)) u_req_rules (
    .clk_i, .rst_ni, .valid_i(req_valid_i), .ready_i(req_ready_o),
    .data_i({req_op_i, req_key_i, req_tenant_i, req_location_i}));
  tsr_stream_assert #(.Width(2 + 1 + tessera_pkg::TileLocationWidth)) u_resp_rules (
    .clk_i, .rst_ni, .valid_i(resp_valid_o), .ready_i(resp_ready_i),
    .data_i({resp_status_o, resp_denied_o, resp_location_o}));
  a_no_adjust : assert property (@(posedge clk_i) disable iff (!rst_ni)
      req_valid_i |-> req_op_i != tessera_pkg::TableAdjust)
    else $error("tsr_tile_directory: TableAdjust is not a directory command");
  a_denied_reveals_nothing : assert property (@(posedge clk_i) disable iff (!rst_ni)
      resp_valid_o && resp_denied_o |-> resp_status_o == tessera_pkg::TableMissing && resp_location_o == '0)
    else $error("tsr_tile_directory: a denied lookup carries a location");
  a_hit_allowed : assert property (@(posedge clk_i) disable iff (!rst_ni)
      resp_valid_o && resp_lookup && resp_status_o == tessera_pkg::TableOk |->
      resp_location_o.owner.is_public || resp_location_o.owner.tenant == resp_tenant)
    else $error("tsr_tile_directory: a lookup hit another tenant's tile");
`endif
endmodule
