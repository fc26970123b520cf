// tsr_fabric: connects NumEngines AXI4 masters (gather engines) to NumNodes
// AXI4 node ports (memory nodes), so that transfers between different nodes
// run in parallel.
//
// Contract:
//   - an engine addresses a node with the *_node_i signal beside each AR, AW
//     and W; the node port sees the plain node-local address and the ID
//     {engine index, engine ID} (EngineIdWidth bits from the engine);
//   - per node, AR and AW are each granted by a tsr_arbiter over the engines
//     (priority class = the request's qos[1:0], round robin, aging), so every
//     engine is served within the arbiter's bound; with one engine there is
//     nothing to arbitrate and its requests go straight to the node slices;
//   - W beats follow, per node, the order in which that node accepted the AW
//     bursts; an engine may owe write data to one node at a time only (the
//     DMA guarantees it; asserted), which keeps this ordering deadlock-free;
//   - R and B return to the engine named in their ID; per engine, the nodes'
//     responses are merged beat by beat by a tsr_arbiter (round robin); an
//     engine's responses from one node keep their order;
//   - a request for a node >= NumNodes is answered by the fabric itself:
//     DECERR for every read beat and for the write (its W beats are taken and
//     dropped);
//   - every path between the two sides goes through a register (tsr_skid).
module tsr_fabric #(
  parameter int NumEngines     = 4,
  parameter int NumNodes       = 4,
  parameter int DataWidth      = 256,
  parameter int EngineIdWidth  = 6,
  parameter int AgingThreshold = 16,
  parameter int WOrderDepth    = 16,
  localparam int StrbWidth   = DataWidth / 8,
  localparam int EngineWidth = NumEngines > 1 ? $clog2(NumEngines) : 1,
  // channel payloads as plain vectors (Yosys mishandles packed arrays of structs):
  localparam int AxBits    = tessera_pkg::AxiAxWidth,      // axi_ax_t
  localparam int RMetaBits = tessera_pkg::AxiIdWidth + 3,  // axi_r_t
  localparam int BBits     = tessera_pkg::AxiIdWidth + 2   // axi_b_t
) (
  input  logic                                                  clk_i,
  input  logic                                                  rst_ni,
  // engines
  input  logic [NumEngines-1:0][AxBits-1:0]                     e_ar_i,
  input  tessera_pkg::node_id_t [NumEngines-1:0]                e_ar_node_i,
  input  logic [NumEngines-1:0]                                 e_ar_valid_i,
  output logic [NumEngines-1:0]                                 e_ar_ready_o,
  output logic [NumEngines-1:0][RMetaBits-1:0]                  e_r_o,
  output logic [NumEngines-1:0][DataWidth-1:0]                  e_r_data_o,
  output logic [NumEngines-1:0]                                 e_r_valid_o,
  input  logic [NumEngines-1:0]                                 e_r_ready_i,
  input  logic [NumEngines-1:0][AxBits-1:0]                     e_aw_i,
  input  tessera_pkg::node_id_t [NumEngines-1:0]                e_aw_node_i,
  input  logic [NumEngines-1:0]                                 e_aw_valid_i,
  output logic [NumEngines-1:0]                                 e_aw_ready_o,
  input  logic [NumEngines-1:0][DataWidth-1:0]                  e_w_data_i,
  input  logic [NumEngines-1:0][StrbWidth-1:0]                  e_w_strb_i,
  input  logic [NumEngines-1:0]                                 e_w_last_i,
  input  tessera_pkg::node_id_t [NumEngines-1:0]                e_w_node_i,
  input  logic [NumEngines-1:0]                                 e_w_valid_i,
  output logic [NumEngines-1:0]                                 e_w_ready_o,
  output logic [NumEngines-1:0][BBits-1:0]                      e_b_o,
  output logic [NumEngines-1:0]                                 e_b_valid_o,
  input  logic [NumEngines-1:0]                                 e_b_ready_i,
  // nodes
  output logic [NumNodes-1:0][AxBits-1:0]                       n_ar_o,
  output logic [NumNodes-1:0]                                   n_ar_valid_o,
  input  logic [NumNodes-1:0]                                   n_ar_ready_i,
  input  logic [NumNodes-1:0][RMetaBits-1:0]                    n_r_i,
  input  logic [NumNodes-1:0][DataWidth-1:0]                    n_r_data_i,
  input  logic [NumNodes-1:0]                                   n_r_valid_i,
  output logic [NumNodes-1:0]                                   n_r_ready_o,
  output logic [NumNodes-1:0][AxBits-1:0]                       n_aw_o,
  output logic [NumNodes-1:0]                                   n_aw_valid_o,
  input  logic [NumNodes-1:0]                                   n_aw_ready_i,
  output logic [NumNodes-1:0][DataWidth-1:0]                    n_w_data_o,
  output logic [NumNodes-1:0][StrbWidth-1:0]                    n_w_strb_o,
  output logic [NumNodes-1:0]                                   n_w_last_o,
  output logic [NumNodes-1:0]                                   n_w_valid_o,
  input  logic [NumNodes-1:0]                                   n_w_ready_i,
  input  logic [NumNodes-1:0][BBits-1:0]                        n_b_i,
  input  logic [NumNodes-1:0]                                   n_b_valid_i,
  output logic [NumNodes-1:0]                                   n_b_ready_o
);
  if (NumEngines < 1 || NumEngines > 32 || NumNodes < 1 || NumNodes > tessera_pkg::MaxNodes) begin : gen_size_check
    $error("tsr_fabric: NumEngines must be 1..32 and NumNodes 1..MaxNodes");
  end
  if (EngineIdWidth + EngineWidth > tessera_pkg::AxiIdWidth) begin : gen_id_check
    $error("tsr_fabric: engine ID and engine index do not fit the node ports' AXI ID");
  end
  if (DataWidth != 64 && DataWidth != 128 && DataWidth != 256 && DataWidth != 512) begin : gen_width_check
    $error("tsr_fabric: DataWidth must be 64, 128, 256 or 512");
  end

  // R/B sources per engine: the nodes, then (when some node number names no
  // node) the fabric's error responder.
  localparam bit HasResponder = NumNodes < (1 << tessera_pkg::NodeIdWidth);
  localparam int Sources = HasResponder ? NumNodes + 1 : NumNodes;
  // Widths of axi_r_t {id, resp, last} and axi_b_t {id, resp} (Yosys has no $bits of a type).
  localparam int RWidth  = tessera_pkg::AxiIdWidth + 3 + DataWidth;
  localparam int BWidth  = tessera_pkg::AxiIdWidth + 2;
  localparam int AxWidth = tessera_pkg::AxiAxWidth;
  localparam int WWidth  = DataWidth + StrbWidth + 1;

  typedef logic [tessera_pkg::AxiIdWidth-1:0] id_t;

  localparam int NodeIdBits = EngineIdWidth + EngineWidth;  // ID bits used at the node ports

  // The fields used of the engines' requests and the nodes' responses, as
  // plain vectors (Yosys cannot take a member of a packed-array element).
  localparam int PrioWidth = tessera_pkg::PriorityWidth;
  logic [NumEngines-1:0][tessera_pkg::AxiIdWidth-1:0] e_ar_id, e_aw_id;
  logic [NumEngines-1:0][7:0]                         e_ar_len;
  logic [NumEngines*PrioWidth-1:0]                    e_ar_prio, e_aw_prio;
  logic [NumNodes-1:0][tessera_pkg::AxiIdWidth-1:0]   n_r_id, n_b_id;
  logic [NumNodes-1:0][EngineWidth-1:0]               n_r_engine, n_b_engine;

  // An engine's request as its node port sees it: ID {engine, engine's ID}.
  logic [NumEngines-1:0][AxWidth-1:0] e_ar_tagged, e_aw_tagged;  // axi_ax_t each
  for (genvar e = 0; e < NumEngines; e++) begin : gen_engine_fields
    tessera_pkg::axi_ax_t ar, aw, ar_tagged, aw_tagged;
    assign ar = e_ar_i[e];
    assign aw = e_aw_i[e];
    assign e_ar_id[e]  = ar.id;
    assign e_aw_id[e]  = aw.id;
    assign e_ar_len[e] = ar.len;
    assign e_ar_prio[e*PrioWidth +: PrioWidth] = ar.qos[PrioWidth-1:0];
    assign e_aw_prio[e*PrioWidth +: PrioWidth] = aw.qos[PrioWidth-1:0];
    always_comb begin
      ar_tagged    = ar;
      aw_tagged    = aw;
      ar_tagged.id = id_t'({EngineWidth'(e), ar.id[EngineIdWidth-1:0]});
      aw_tagged.id = id_t'({EngineWidth'(e), aw.id[EngineIdWidth-1:0]});
    end
    assign e_ar_tagged[e] = ar_tagged;
    assign e_aw_tagged[e] = aw_tagged;
  end
  for (genvar n = 0; n < NumNodes; n++) begin : gen_node_fields
    // only the responses' IDs are routed on
    /* verilator lint_off UNUSEDSIGNAL */
    tessera_pkg::axi_r_t r;
    tessera_pkg::axi_b_t b;
    /* verilator lint_on UNUSEDSIGNAL */
    assign r = n_r_i[n];
    assign b = n_b_i[n];
    assign n_r_id[n]     = r.id;
    assign n_b_id[n]     = b.id;
    assign n_r_engine[n] = r.id[EngineIdWidth +: EngineWidth];
    assign n_b_engine[n] = b.id[EngineIdWidth +: EngineWidth];
  end

  if (NumEngines == 1) begin : gen_one_engine
    logic [2*PrioWidth-1:0] unused_prio;  // no arbiter reads the classes
    assign unused_prio = {e_ar_prio, e_aw_prio};
  end

  if (!HasResponder) begin : gen_every_node_exists
    // all 32 node IDs name a node: no request is answered by the fabric
    logic unused_responder_fields;
    assign unused_responder_fields = ^{e_ar_id, e_aw_id, e_ar_len};
  end

  // ---- per node: AR and AW arbitration, W ordering ---------------------------------------
  logic [NumNodes-1:0][NumEngines-1:0] ar_accept, aw_accept, w_accept;

  for (genvar n = 0; n < NumNodes; n++) begin : gen_node
    // AR
    logic [NumEngines-1:0]                                  ar_req;
    logic [EngineWidth-1:0]                                 ar_winner, aw_winner;
    logic                                                   ar_valid, ar_ready, aw_valid, aw_ready;
    for (genvar e = 0; e < NumEngines; e++) begin : gen_req
      assign ar_req[e]  = e_ar_valid_i[e] && 32'(e_ar_node_i[e]) == n;
    end
    if (NumEngines == 1) begin : gen_ar_direct
      // One engine: nothing to arbitrate, its request goes straight to the
      // slice (its stream rules are checked by the engine port's AXI checker).
      assign ar_valid     = ar_req[0];
      assign ar_winner    = '0;
      assign ar_accept[n] = ar_req & ar_ready;
    end else begin : gen_ar_arbiter
      tsr_arbiter #(.NumRequesters(NumEngines), .AgingThreshold(AgingThreshold)) u_ar_arbiter (
        .clk_i, .rst_ni, .req_i(ar_req), .prio_i(e_ar_prio), .req_ready_o(ar_accept[n]),
        .valid_o(ar_valid), .ready_i(ar_ready), .grant_o(), .index_o(ar_winner), .aged_o());
    end
    tsr_skid #(.Width(AxWidth)) u_ar_slice (
      .clk_i, .rst_ni, .valid_i(ar_valid), .ready_o(ar_ready), .data_i(e_ar_tagged[ar_winner]),
      .valid_o(n_ar_valid_o[n]), .ready_i(n_ar_ready_i[n]), .data_o(n_ar_o[n]));

    // AW: a grant also records the engine in the node's W order
    logic [NumEngines-1:0] aw_req;
    logic                  order_ready, order_valid, aw_fire;
    logic [EngineWidth-1:0] w_engine;
    for (genvar e = 0; e < NumEngines; e++) begin : gen_aw_req
      assign aw_req[e] = e_aw_valid_i[e] && 32'(e_aw_node_i[e]) == n;
    end
    if (NumEngines == 1) begin : gen_aw_direct
      assign aw_valid     = aw_req[0];
      assign aw_winner    = '0;
      assign aw_accept[n] = aw_req & (aw_ready && order_ready);
    end else begin : gen_aw_arbiter
      tsr_arbiter #(.NumRequesters(NumEngines), .AgingThreshold(AgingThreshold)) u_aw_arbiter (
        .clk_i, .rst_ni, .req_i(aw_req), .prio_i(e_aw_prio), .req_ready_o(aw_accept[n]),
        .valid_o(aw_valid), .ready_i(aw_ready && order_ready), .grant_o(), .index_o(aw_winner), .aged_o());
    end
    logic aw_slice_ready;
    assign aw_ready = aw_slice_ready;
    assign aw_fire  = aw_valid && aw_slice_ready && order_ready;
    tsr_skid #(.Width(AxWidth)) u_aw_slice (
      .clk_i, .rst_ni, .valid_i(aw_valid && order_ready), .ready_o(aw_slice_ready),
      .data_i(e_aw_tagged[aw_winner]),
      .valid_o(n_aw_valid_o[n]), .ready_i(n_aw_ready_i[n]), .data_o(n_aw_o[n]));

    // W: from the engine at the head of the order, until its WLAST
    logic w_valid, w_ready, w_fire;
    tsr_fifo #(.Width(EngineWidth), .Depth(WOrderDepth)) u_w_order (
      .clk_i, .rst_ni, .valid_i(aw_fire), .ready_o(order_ready), .data_i(aw_winner),
      .valid_o(order_valid), .ready_i(w_fire && e_w_last_i[w_engine]), .data_o(w_engine), .count_o());
    assign w_valid = order_valid && e_w_valid_i[w_engine] && 32'(e_w_node_i[w_engine]) == n;
    assign w_fire  = w_valid && w_ready;
    for (genvar e = 0; e < NumEngines; e++) begin : gen_w_accept
      assign w_accept[n][e] = w_fire && w_engine == EngineWidth'(e);
    end
    tsr_skid #(.Width(WWidth)) u_w_slice (
      .clk_i, .rst_ni, .valid_i(w_valid), .ready_o(w_ready),
      .data_i({e_w_data_i[w_engine], e_w_strb_i[w_engine], e_w_last_i[w_engine]}),
      .valid_o(n_w_valid_o[n]), .ready_i(n_w_ready_i[n]), .data_o({n_w_data_o[n], n_w_strb_o[n], n_w_last_o[n]}));
  end

  // ---- per engine: the error responder, and R/B merging ------------------------------------------
  logic [NumEngines-1:0][Sources-1:0] r_accept, b_accept;

  for (genvar e = 0; e < NumEngines; e++) begin : gen_engine
    // Error responder, for requests that name no node of this fabric: one
    // bad read and one bad write at a time.
    logic [Sources-1:0]  r_req, b_req;  // the R / B sources: the nodes, then the responder
    logic                bad_ar_take, bad_aw_take, bad_w_take;
    tessera_pkg::axi_r_t bad_r;
    tessera_pkg::axi_b_t bad_b;
    if (HasResponder) begin : gen_responder
      logic       bad_read_q, bad_write_q, bad_w_done_q;
      id_t        read_id_q, write_id_q;
      logic [7:0] beats_left_q;
      assign bad_ar_take = e_ar_valid_i[e] && 32'(e_ar_node_i[e]) >= NumNodes && !bad_read_q;
      assign bad_aw_take = e_aw_valid_i[e] && 32'(e_aw_node_i[e]) >= NumNodes && !bad_write_q;
      assign bad_w_take  = e_w_valid_i[e] && 32'(e_w_node_i[e]) >= NumNodes && bad_write_q && !bad_w_done_q;
      assign r_req[NumNodes] = bad_read_q;
      assign b_req[NumNodes] = bad_write_q && bad_w_done_q;
      assign bad_r.id   = read_id_q;
      assign bad_r.resp = tessera_pkg::AxiRespDecErr;
      assign bad_r.last = beats_left_q == '0;
      assign bad_b.id   = write_id_q;
      assign bad_b.resp = tessera_pkg::AxiRespDecErr;

      always_ff @(posedge clk_i or negedge rst_ni) begin
        if (!rst_ni) begin
          bad_read_q   <= 1'b0;
          bad_write_q  <= 1'b0;
          bad_w_done_q <= 1'b0;
          read_id_q    <= '0;
          write_id_q   <= '0;
          beats_left_q <= '0;
        end else begin
          if (bad_ar_take) begin
            bad_read_q   <= 1'b1;
            read_id_q    <= e_ar_id[e];
            beats_left_q <= e_ar_len[e];
          end else if (r_accept[e][Sources-1]) begin
            if (beats_left_q == '0) bad_read_q <= 1'b0;
            else beats_left_q <= beats_left_q - 1'b1;
          end
          if (bad_aw_take) begin
            bad_write_q  <= 1'b1;
            bad_w_done_q <= 1'b0;
            write_id_q   <= e_aw_id[e];
          end else if (bad_w_take && e_w_last_i[e]) begin
            bad_w_done_q <= 1'b1;
          end else if (b_accept[e][Sources-1]) begin
            bad_write_q <= 1'b0;
          end
        end
      end
    end else begin : gen_no_responder
      assign bad_ar_take  = 1'b0;
      assign bad_aw_take  = 1'b0;
      assign bad_w_take   = 1'b0;
      assign bad_r        = '0;
      assign bad_b        = '0;
    end

    // handshakes back to the engine
    logic [NumNodes-1:0] ar_from, aw_from, w_from;
    for (genvar n = 0; n < NumNodes; n++) begin : gen_from
      assign ar_from[n] = ar_accept[n][e];
      assign aw_from[n] = aw_accept[n][e];
      assign w_from[n]  = w_accept[n][e];
    end
    assign e_ar_ready_o[e] = |ar_from || bad_ar_take;
    assign e_aw_ready_o[e] = |aw_from || bad_aw_take;
    assign e_w_ready_o[e]  = |w_from || bad_w_take;

    // R: the nodes' beats for this engine, and the responder's
    logic [Sources*tessera_pkg::PriorityWidth-1:0]       no_prio;  // flat: see ar_prio
    logic [(Sources > 1 ? $clog2(Sources) : 1)-1:0]      r_source, b_source;
    logic                                                r_valid, r_ready, b_valid, b_ready;
    logic [RWidth-1:0]                                   r_payload;
    tessera_pkg::axi_r_t                                 r_meta, r_chosen;
    tessera_pkg::axi_b_t                                 b_meta, b_chosen;
    // the chosen node's response, selected first: Yosys cannot take a member
    // of a variably indexed array element inside a generate block
    assign r_chosen = n_r_i[r_source];
    assign b_chosen = n_b_i[b_source];
    assign no_prio = '0;
    for (genvar n = 0; n < NumNodes; n++) begin : gen_resp_req
      assign r_req[n] = n_r_valid_i[n] && n_r_engine[n] == EngineWidth'(e);
      assign b_req[n] = n_b_valid_i[n] && n_b_engine[n] == EngineWidth'(e);
    end

    tsr_arbiter #(.NumRequesters(Sources), .AgingThreshold(AgingThreshold)) u_r_merge (
      .clk_i, .rst_ni, .req_i(r_req), .prio_i(no_prio), .req_ready_o(r_accept[e]),
      .valid_o(r_valid), .ready_i(r_ready), .grant_o(), .index_o(r_source), .aged_o());
    always_comb begin
      if (HasResponder && 32'(r_source) == NumNodes) begin
        r_meta = bad_r;
        r_payload = {bad_r, {DataWidth{1'b0}}};
      end else begin
        r_meta = r_chosen;
        r_meta.id = id_t'(r_chosen.id[EngineIdWidth-1:0]);
        r_payload = {r_meta, n_r_data_i[r_source]};
      end
    end
    tsr_skid #(.Width(RWidth)) u_r_slice (
      .clk_i, .rst_ni, .valid_i(r_valid), .ready_o(r_ready), .data_i(r_payload),
      .valid_o(e_r_valid_o[e]), .ready_i(e_r_ready_i[e]), .data_o({e_r_o[e], e_r_data_o[e]}));

    tsr_arbiter #(.NumRequesters(Sources), .AgingThreshold(AgingThreshold)) u_b_merge (
      .clk_i, .rst_ni, .req_i(b_req), .prio_i(no_prio), .req_ready_o(b_accept[e]),
      .valid_o(b_valid), .ready_i(b_ready), .grant_o(), .index_o(b_source), .aged_o());
    always_comb begin
      if (HasResponder && 32'(b_source) == NumNodes) begin
        b_meta = bad_b;
      end else begin
        b_meta = b_chosen;
        b_meta.id = id_t'(b_chosen.id[EngineIdWidth-1:0]);
      end
    end
    tsr_skid #(.Width(BWidth)) u_b_slice (
      .clk_i, .rst_ni, .valid_i(b_valid), .ready_o(b_ready), .data_i(b_meta),
      .valid_o(e_b_valid_o[e]), .ready_i(e_b_ready_i[e]), .data_o(e_b_o[e]));
  end

  // node R/B ready: the addressed engine's merge took the beat
  for (genvar n = 0; n < NumNodes; n++) begin : gen_node_ready
    logic [NumEngines-1:0] r_taken, b_taken;
    for (genvar e = 0; e < NumEngines; e++) begin : gen_taken
      assign r_taken[e] = r_accept[e][n];
      assign b_taken[e] = b_accept[e][n];
    end
    assign n_r_ready_o[n] = |r_taken;
    assign n_b_ready_o[n] = |b_taken;
  end

`ifndef SYNTHESIS
  for (genvar e = 0; e < NumEngines; e++) begin : gen_engine_rules
    tsr_axi_assert #(.DataWidth(DataWidth), .IdWidth(EngineIdWidth)) u_engine_axi (
      .clk_i, .rst_ni,
      .ar_i(e_ar_i[e]), .ar_valid_i(e_ar_valid_i[e]), .ar_ready_i(e_ar_ready_o[e]),
      .r_i(e_r_o[e]), .r_data_i(e_r_data_o[e]), .r_valid_i(e_r_valid_o[e]), .r_ready_i(e_r_ready_i[e]),
      .aw_i(e_aw_i[e]), .aw_valid_i(e_aw_valid_i[e]), .aw_ready_i(e_aw_ready_o[e]),
      .w_data_i(e_w_data_i[e]), .w_strb_i(e_w_strb_i[e]), .w_last_i(e_w_last_i[e]), .w_valid_i(e_w_valid_i[e]),
      .w_ready_i(e_w_ready_o[e]),
      .b_i(e_b_o[e]), .b_valid_i(e_b_valid_o[e]), .b_ready_i(e_b_ready_i[e]));
    a_w_node_stable : assert property (@(posedge clk_i) disable iff (!rst_ni)
        e_w_valid_i[e] && !e_w_ready_o[e] |=> $stable(e_w_node_i[e]))
      else $error("fabric: engine %0d changed its W node while stalled", e);
    // Each W beat goes to the node of its AW, and the engine owes write data
    // to one node at a time (what keeps the W ordering free of deadlock).
    tessera_pkg::node_id_t aw_nodes [$];
    always @(posedge clk_i or negedge rst_ni) begin : track_w_nodes
      if (!rst_ni) begin
        aw_nodes.delete();
      end else begin
        if (e_aw_valid_i[e] && e_aw_ready_o[e]) begin
          a_one_write_node : assert (aw_nodes.size() == 0 || aw_nodes[aw_nodes.size() - 1] == e_aw_node_i[e])
            else $error("fabric: engine %0d owes write data to two nodes", e);
          aw_nodes.push_back(e_aw_node_i[e]);
        end
        if (e_w_valid_i[e] && e_w_ready_o[e]) begin
          a_w_node : assert (aw_nodes.size() > 0 && aw_nodes[0] == e_w_node_i[e])
            else $error("fabric: engine %0d sent a W beat to a node other than its AW's", e);
          if (e_w_last_i[e] && aw_nodes.size() > 0) void'(aw_nodes.pop_front());
        end
      end
    end
  end
  for (genvar n = 0; n < NumNodes; n++) begin : gen_node_rules
    // Immediate assertions at each edge out of reset, on the values before
    // the edge (as concurrent ones would sample them, without sampled copies).
    always @(posedge clk_i) begin
      if (rst_ni) begin
        a_r_id_ours : assert (!n_r_valid_i[n] || ((n_r_id[n] >> NodeIdBits) == '0 && 32'(n_r_engine[n]) < NumEngines))
          else $error("fabric: node %0d answered a read ID the fabric never issued", n);
        a_b_id_ours : assert (!n_b_valid_i[n] || ((n_b_id[n] >> NodeIdBits) == '0 && 32'(n_b_engine[n]) < NumEngines))
          else $error("fabric: node %0d answered a write ID the fabric never issued", n);
      end
    end
    tsr_axi_assert #(.DataWidth(DataWidth), .IdWidth(tessera_pkg::AxiIdWidth)) u_node_axi (
      .clk_i, .rst_ni,
      .ar_i(n_ar_o[n]), .ar_valid_i(n_ar_valid_o[n]), .ar_ready_i(n_ar_ready_i[n]),
      .r_i(n_r_i[n]), .r_data_i(n_r_data_i[n]), .r_valid_i(n_r_valid_i[n]), .r_ready_i(n_r_ready_o[n]),
      .aw_i(n_aw_o[n]), .aw_valid_i(n_aw_valid_o[n]), .aw_ready_i(n_aw_ready_i[n]),
      .w_data_i(n_w_data_o[n]), .w_strb_i(n_w_strb_o[n]), .w_last_i(n_w_last_o[n]), .w_valid_i(n_w_valid_o[n]),
      .w_ready_i(n_w_ready_i[n]),
      .b_i(n_b_i[n]), .b_valid_i(n_b_valid_i[n]), .b_ready_i(n_b_ready_o[n]));
  end
`endif
endmodule
