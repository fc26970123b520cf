// tsr_stream_assert: the valid/ready rules for one stream, checked in
// simulation: once valid is high it stays high until ready, and the payload
// does not change meanwhile. Instantiated (under `ifndef SYNTHESIS) on every
// stream port of every block: on an input it checks the producer, on an
// output it checks the block itself.
//
// Written as immediate assertions on a registered "waiting" flag and a copy
// of the waiting payload rather than as concurrent properties with $stable:
// the same rules, but Verilator then copies the payload only while a beat
// waits instead of on every cycle (the properties form cost 40% of a DMA
// system's simulation time).
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
  logic             waiting_q;  // valid and not ready at the last edge
  logic [Width-1:0] data_q;     // the payload that was waiting

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) waiting_q <= 1'b0;
    else waiting_q <= valid_i && !ready_i;
  end

  always_ff @(posedge clk_i) begin
    if (valid_i && !ready_i) data_q <= data_i;
  end

  always @(posedge clk_i) begin
    if (rst_ni && waiting_q) begin
      a_valid_held : assert (valid_i) else $error("stream: valid dropped before ready");
      a_data_stable : assert (data_i == data_q) else $error("stream: payload changed while valid and not ready");
    end
  end
`endif
endmodule
