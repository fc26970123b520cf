// tsr_layer_table: the layer table (docs/spec.md sections 8 and 10;
// docs/blocks/tables.md): (layer id, tenant) -> (node, address, bytes,
// signature, reference count), on the tsr_hash_table core.
//
// Contract: one request stream {op, decrement, key, entry} and one response
// stream {status, zero, entry}, valid/ready, responses in request order,
// 4 cycles after acceptance when the response port is ready, one request per
// cycle.
//   TableLookup: TableOk and the entry, or TableMissing.
//   TableInsert of req_entry_i: the entry enters with reference count 1
//     (req_entry_i.references is ignored): TableOk (the entry as stored),
//     TableDuplicate (the present entry, unchanged) or TableFull.
//   TableAdjust: one reference more, or one less when req_decrement_i;
//     TableOk with the updated entry. The last reference dropped removes the
//     entry: TableOk with resp_zero_o set and the entry (count 0), whose
//     region the caller frees. A count at 65535 is not incremented:
//     TableFull, entry unchanged. A missing key: TableMissing.
//   TableDelete: removes the entry whatever its count (TableOk with it), or
//     TableMissing.
// A live entry's count is never 0: it starts at 1 and the step to 0 removes
// it, so a count never goes below zero. Capacity, Banks, Ways and
// StashEntries size the table as in tsr_hash_table: any Banks*Ways +
// StashEntries layers always fit. count_o: entries held.
module tsr_layer_table #(
  parameter int Capacity     = 256,
  parameter int Banks        = 4,
  parameter int Ways         = 4,
  parameter int StashEntries = 8,
  localparam int CountWidth  = $clog2(Capacity + StashEntries + 1)
) (
  input  logic                        clk_i,
  input  logic                        rst_ni,
  input  logic                        req_valid_i,
  output logic                        req_ready_o,
  input  tessera_pkg::table_op_e      req_op_i,
  input  logic                        req_decrement_i,
  input  tessera_pkg::layer_key_t     req_key_i,
  input  tessera_pkg::layer_entry_t   req_entry_i,
  output logic                        resp_valid_o,
  input  logic                        resp_ready_i,
  output tessera_pkg::table_status_e  resp_status_o,
  output logic                        resp_zero_o,
  output tessera_pkg::layer_entry_t   resp_entry_o,
  output logic [CountWidth-1:0]       count_o
);
  tessera_pkg::layer_entry_t new_entry;
  logic                      resp_insert;

  always_comb begin
    new_entry            = req_entry_i;
    new_entry.references = tessera_pkg::ref_count_t'(1);
  end

  // The tag marks inserts (their TableFull carries no entry).
  tsr_hash_table #(
    .KeyWidth    (tessera_pkg::LayerKeyWidth),
    .ValueWidth  (tessera_pkg::LayerEntryWidth),
    .CounterWidth(tessera_pkg::RefCountWidth),
    .TagWidth    (1),
    .Capacity    (Capacity),
    .Banks       (Banks),
    .Ways        (Ways),
    .StashEntries(StashEntries)
  ) u_table (
    .clk_i,
    .rst_ni,
    .req_valid_i,
    .req_ready_o,
    .req_op_i,
    .req_key_i,
    .req_value_i    (new_entry),
    .req_decrement_i,
    .req_tag_i      (req_op_i == tessera_pkg::TableInsert),
    .resp_valid_o,
    .resp_ready_i,
    .resp_status_o,
    .resp_value_o   (resp_entry_o),
    .resp_zero_o,
    .resp_tag_o     (resp_insert),
    .count_o
  );

`ifndef SYNTHESIS
  tsr_stream_assert #(.Width(2 + 1 + tessera_pkg::LayerKeyWidth + tessera_pkg::LayerEntryWidth)) u_req_rules (
    .clk_i, .rst_ni, .valid_i(req_valid_i), .ready_i(req_ready_o),
    .data_i({req_op_i, req_decrement_i, req_key_i, req_entry_i}));
  tsr_stream_assert #(.Width(2 + 1 + tessera_pkg::LayerEntryWidth)) u_resp_rules (
    .clk_i, .rst_ni, .valid_i(resp_valid_o), .ready_i(resp_ready_i),
    .data_i({resp_status_o, resp_zero_o, resp_entry_o}));
  a_live_entry_referenced : assert property (@(posedge clk_i) disable iff (!rst_ni)
      resp_valid_o && !resp_zero_o && resp_status_o != tessera_pkg::TableMissing &&
      !(resp_insert && resp_status_o == tessera_pkg::TableFull) |-> resp_entry_o.references != '0)
    else $error("tsr_layer_table: a live entry with reference count 0");
  a_zero_is_removal : assert property (@(posedge clk_i) disable iff (!rst_ni)
      resp_valid_o && resp_zero_o |-> resp_status_o == tessera_pkg::TableOk && resp_entry_o.references == '0)
    else $error("tsr_layer_table: zero reported for a referenced entry");
`endif
endmodule
