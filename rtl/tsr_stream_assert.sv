// tsr_stream_assert: the valid/ready rules for one stream, checked in
// simulation. Once valid is high it stays high until ready, and the payload
// does not change meanwhile; nothing is X while valid. Instantiated (under
// `ifndef SYNTHESIS) on every stream port of every block: on an input it
// checks the producer, on an output it checks the block itself.
module tsr_stream_assert #(
  parameter int Width = 1
) (
  input logic             clk_i,
  input logic             rst_ni,
  input logic             valid_i,
  input logic             ready_i,
  input logic [Width-1:0] data_i
);
`ifndef SYNTHESIS
  a_valid_held : assert property (@(posedge clk_i) disable iff (!rst_ni)
      valid_i && !ready_i |=> valid_i)
    else $error("stream: valid dropped before ready");
  a_data_stable : assert property (@(posedge clk_i) disable iff (!rst_ni)
      valid_i && !ready_i |=> $stable(data_i))
    else $error("stream: payload changed while valid and not ready");
  a_valid_known : assert property (@(posedge clk_i) disable iff (!rst_ni)
      !$isunknown(valid_i) && !$isunknown(ready_i))
    else $error("stream: valid or ready is X");
`endif
endmodule
