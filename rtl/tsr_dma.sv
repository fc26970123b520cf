// tsr_dma: the gather engine. For each job (one layer: a destination region
// on one node) it copies the job's tiles, in order, back to back into the
// region: reads from the tiles' nodes, writes to the destination node, over
// one AXI4 master (the fabric routes it by the node sideband signals).
//
//   job_i ──► packer job queue ─┐          ┌─► writer job queue
//   tile_i ─► tsr_dma_reader ──►│ tsr_dma_packer ─► tsr_dma_writer ─► AW/W/B
//             AR/R ◄───────────┘
//
// Contract:
//   - jobs (tessera_pkg::dma_job_t) and tiles (dma_tile_t, the last of a job
//     flagged) arrive on their own streams; up to MaxJobs jobs are in flight,
//     so the reads of the next layers overlap the writes of the last;
//   - reads: unaligned sources and odd lengths are fine; up to 2^TagWidth
//     bursts in flight, ReadBufferBeats beats and BurstQueue bursts issued
//     and not yet drained, R always accepted;
//   - writes: full bursts to the contiguous region, correct strobes at its
//     unaligned ends, nothing written that was not read successfully;
//   - done_o, one per job in job order, after the job's last write response:
//     DmaReadError / DmaWriteError with the first faulting node, address and
//     response, else DmaSizeError when the tiles' bytes differ from the job's
//     (the region is then written only as far as the tiles reached, or cut at
//     its end), else DmaOk; bytes = what the tiles delivered. An error ends
//     nothing early: the job's traffic completes, so every AXI burst is whole
//     and the engine is ready for the next job.
module tsr_dma #(
  parameter int DataWidth       = 256,
  parameter int TagWidth        = 6,
  parameter int ReadBufferBeats = 512,
  parameter int BurstQueue      = 64,   // read bursts issued and not yet drained
  parameter int WriteBufferBeats = 64,
  parameter int MaxWrites       = 8,
  parameter int MaxJobs         = 4,
  localparam int BeatBytes   = DataWidth / 8,
  localparam int OffsetWidth = $clog2(BeatBytes),
  localparam int RangeWidth  = OffsetWidth + 1
) (
  input  logic                      clk_i,
  input  logic                      rst_ni,
  input  logic [3:0]                qos_i,
  input  tessera_pkg::dma_job_t     job_i,
  input  logic                      job_valid_i,
  output logic                      job_ready_o,
  input  tessera_pkg::dma_tile_t    tile_i,
  input  logic                      tile_valid_i,
  output logic                      tile_ready_o,
  output tessera_pkg::dma_done_t    done_o,
  output logic                      done_valid_o,
  input  logic                      done_ready_i,
  // AXI4 master; *_node_o name the node of each request and W beat
  output tessera_pkg::axi_ax_t      ar_o,
  output tessera_pkg::node_id_t     ar_node_o,
  output logic                      ar_valid_o,
  input  logic                      ar_ready_i,
  input  tessera_pkg::axi_r_t       r_i,
  input  logic [DataWidth-1:0]      r_data_i,
  input  logic                      r_valid_i,
  output logic                      r_ready_o,
  output tessera_pkg::axi_ax_t      aw_o,
  output tessera_pkg::node_id_t     aw_node_o,
  output logic                      aw_valid_o,
  input  logic                      aw_ready_i,
  output logic [DataWidth-1:0]      w_data_o,
  output logic [BeatBytes-1:0]      w_strb_o,
  output logic                      w_last_o,
  output tessera_pkg::node_id_t     w_node_o,
  output logic                      w_valid_o,
  input  logic                      w_ready_i,
  input  tessera_pkg::axi_b_t       b_i,
  input  logic                      b_valid_i,
  output logic                      b_ready_o
);
  if (MaxJobs < 1) begin : gen_jobs_check
    $error("tsr_dma: MaxJobs must be at least 1");
  end

  // ---- jobs: one copy for the packer, one for the writer, one for the result --------------
  typedef struct packed {
    logic [OffsetWidth-1:0]   offset;
    tessera_pkg::byte_count_t bytes;
  } packer_job_t;

  packer_job_t              packer_job;
  tessera_pkg::dma_job_t    writer_job;
  tessera_pkg::byte_count_t result_bytes;
  logic packer_job_ready, packer_job_valid, packer_take;
  logic writer_job_ready, writer_job_valid, writer_take;
  logic result_job_ready, result_job_valid, result_take;
  logic job_fire;

  assign job_ready_o = packer_job_ready && writer_job_ready && result_job_ready;
  assign job_fire    = job_valid_i && job_ready_o;

  tsr_fifo #(.Width($bits(packer_job)), .Depth(MaxJobs)) u_packer_jobs (
    .clk_i, .rst_ni,
    .valid_i(job_fire), .ready_o(packer_job_ready),
    .data_i({job_i.addr[OffsetWidth-1:0], job_i.bytes}),
    .valid_o(packer_job_valid), .ready_i(packer_take), .data_o(packer_job), .count_o());
  tsr_fifo #(.Width($bits(writer_job)), .Depth(MaxJobs)) u_writer_jobs (
    .clk_i, .rst_ni,
    .valid_i(job_fire), .ready_o(writer_job_ready), .data_i(job_i),
    .valid_o(writer_job_valid), .ready_i(writer_take), .data_o(writer_job), .count_o());
  tsr_fifo #(.Width($bits(result_bytes)), .Depth(MaxJobs)) u_result_jobs (
    .clk_i, .rst_ni,
    .valid_i(job_fire), .ready_o(result_job_ready), .data_i(job_i.bytes),
    .valid_o(result_job_valid), .ready_i(result_take), .data_o(result_bytes), .count_o());

  // ---- reader -> packer, with the read fault of each job set aside ---------------------------
  logic [DataWidth-1:0]    beat_data;
  logic [BeatBytes-1:0]    beat_ok;
  logic [RangeWidth-1:0]   beat_lo, beat_hi;
  logic                    beat_job_end, beat_valid, beat_ready;
  logic                    read_fault;
  logic [1:0]              read_fault_resp;
  tessera_pkg::node_id_t   read_fault_node;
  tessera_pkg::node_addr_t read_fault_addr;

  tsr_dma_reader #(.DataWidth(DataWidth), .TagWidth(TagWidth), .BufferBeats(ReadBufferBeats),
                   .BurstQueue(BurstQueue)) u_reader (
    .clk_i, .rst_ni, .qos_i,
    .tile_i, .tile_valid_i, .tile_ready_o,
    .ar_o, .ar_node_o, .ar_valid_o, .ar_ready_i,
    .r_i, .r_data_i, .r_valid_i, .r_ready_o,
    .beat_data_o(beat_data), .beat_ok_o(beat_ok), .beat_lo_o(beat_lo), .beat_hi_o(beat_hi),
    .beat_job_end_o(beat_job_end),
    .fault_valid_o(read_fault), .fault_resp_o(read_fault_resp), .fault_node_o(read_fault_node),
    .fault_addr_o(read_fault_addr),
    .beat_valid_o(beat_valid), .beat_ready_i(beat_ready));

  typedef struct packed {
    logic                    fault;
    logic [1:0]              resp;
    tessera_pkg::node_id_t   node;
    tessera_pkg::node_addr_t addr;
  } fault_t;

  // At most MaxJobs jobs are accepted and not yet reported (u_result_jobs
  // bounds that), so the per-job queues below never fill.
  fault_t read_result;
  logic   read_result_ready, read_result_valid, job_end_taken;
  assign job_end_taken = beat_valid && beat_ready && beat_job_end;

  tsr_fifo #(.Width($bits(read_result)), .Depth(MaxJobs)) u_read_results (
    .clk_i, .rst_ni,
    .valid_i(job_end_taken), .ready_o(read_result_ready),
    .data_i({read_fault, read_fault_resp, read_fault_node, read_fault_addr}),
    .valid_o(read_result_valid), .ready_i(result_take), .data_o(read_result), .count_o());

  // ---- packer ------------------------------------------------------------------------------------------
  logic [DataWidth-1:0]     packed_data;
  logic [BeatBytes-1:0]     packed_strb;
  logic                     packed_valid, packed_ready;
  tessera_pkg::byte_count_t delivered, delivered_head;
  logic                     delivered_valid, delivered_ready, delivered_queued;
  logic                     packer_job_ready_in;

  assign packer_take = packer_job_valid && packer_job_ready_in;

  tsr_dma_packer #(.DataWidth(DataWidth)) u_packer (
    .clk_i, .rst_ni,
    .job_offset_i(packer_job.offset), .job_bytes_i(packer_job.bytes),
    .job_valid_i(packer_job_valid), .job_ready_o(packer_job_ready_in),
    .beat_data_i(beat_data), .beat_ok_i(beat_ok), .beat_lo_i(beat_lo), .beat_hi_i(beat_hi),
    .beat_job_end_i(beat_job_end), .beat_valid_i(beat_valid), .beat_ready_o(beat_ready),
    .out_data_o(packed_data), .out_strb_o(packed_strb), .out_last_o(), .out_valid_o(packed_valid),
    .out_ready_i(packed_ready),
    .done_bytes_o(delivered), .done_valid_o(delivered_valid), .done_ready_i(delivered_ready));

  tsr_fifo #(.Width($bits(delivered)), .Depth(MaxJobs)) u_delivered (
    .clk_i, .rst_ni,
    .valid_i(delivered_valid), .ready_o(delivered_ready), .data_i(delivered),
    .valid_o(delivered_queued), .ready_i(result_take), .data_o(delivered_head), .count_o());

  // ---- writer --------------------------------------------------------------------------------------------
  logic   write_done, write_done_fault, writer_job_ready_in;
  fault_t write_result;
  assign writer_take = writer_job_valid && writer_job_ready_in;

  tsr_dma_writer #(.DataWidth(DataWidth), .BufferBeats(WriteBufferBeats), .MaxWrites(MaxWrites)) u_writer (
    .clk_i, .rst_ni, .qos_i,
    .job_i(writer_job), .job_valid_i(writer_job_valid), .job_ready_o(writer_job_ready_in),
    .in_data_i(packed_data), .in_strb_i(packed_strb), .in_valid_i(packed_valid), .in_ready_o(packed_ready),
    .aw_o, .aw_node_o, .aw_valid_o, .aw_ready_i,
    .w_data_o, .w_strb_o, .w_last_o, .w_node_o, .w_valid_o, .w_ready_i,
    .b_i, .b_valid_i, .b_ready_o,
    .done_fault_o(write_done_fault), .done_resp_o(write_result.resp), .done_node_o(write_result.node),
    .done_addr_o(write_result.addr), .done_valid_o(write_done), .done_ready_i(result_take));
  assign write_result.fault = write_done_fault;

  // ---- the job's result ------------------------------------------------------------------------------------
  // The writer finishes a job last; its read result and delivered count are
  // queued by then.
  assign result_take  = write_done && done_ready_i;
  assign done_valid_o = write_done;
  always_comb begin
    done_o        = '0;
    done_o.status = tessera_pkg::DmaOk;
    done_o.resp   = tessera_pkg::AxiRespOkay;
    done_o.bytes  = delivered_head;
    if (read_result.fault) begin
      done_o.status = tessera_pkg::DmaReadError;
      done_o.resp = read_result.resp;
      done_o.fault_node = read_result.node;
      done_o.fault_addr = read_result.addr;
    end else if (write_result.fault) begin
      done_o.status = tessera_pkg::DmaWriteError;
      done_o.resp = write_result.resp;
      done_o.fault_node = write_result.node;
      done_o.fault_addr = write_result.addr;
    end else if (delivered_head != result_bytes) begin
      done_o.status = tessera_pkg::DmaSizeError;
    end
  end

`ifndef SYNTHESIS
  tsr_stream_assert #(.Width($bits(done_o))) u_done_rules (
    .clk_i, .rst_ni, .valid_i(done_valid_o), .ready_i(done_ready_i), .data_i(done_o));
  // Immediate assertions at each edge out of reset, on the values before the
  // edge (as concurrent ones would sample them, without sampled copies).
  always @(posedge clk_i) begin
    if (rst_ni) begin
      a_read_result_room : assert (!job_end_taken || read_result_ready) else $error("dma: read results overflow");
      a_delivered_room : assert (!delivered_valid || delivered_ready) else $error("dma: delivered counts overflow");
      a_result_parts_ready : assert (!write_done || (read_result_valid && delivered_queued && result_job_valid))
        else $error("dma: a job finished writing before its read result or byte count");
    end
  end
  tsr_axi_assert #(.DataWidth(DataWidth), .IdWidth(TagWidth)) u_axi_rules (
    .clk_i, .rst_ni,
    .ar_i(ar_o), .ar_valid_i(ar_valid_o), .ar_ready_i,
    .r_i, .r_data_i, .r_valid_i, .r_ready_i(r_ready_o),
    .aw_i(aw_o), .aw_valid_i(aw_valid_o), .aw_ready_i,
    .w_data_i(w_data_o), .w_strb_i(w_strb_o), .w_last_i(w_last_o), .w_valid_i(w_valid_o), .w_ready_i,
    .b_i, .b_valid_i, .b_ready_i(b_ready_o));
`endif
endmodule
