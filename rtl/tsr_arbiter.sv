// tsr_arbiter: shares one resource among NumRequesters requesters, one grant
// per handshake, by priority class with round robin inside a class and aging
// so that no request starves. Used wherever the engine's contexts (or the
// fabric's requesters of a memory node) meet at a shared resource.
//
// Contract
// - Requests. Requester i raises req_i[i] with its class prio_i[i] (0 lowest,
//   3 highest) and holds both unchanged until its request is accepted, i.e.
//   until a cycle in which req_ready_o[i] is high: each request is a
//   valid/ready stream whose payload is its class. A request may not be
//   withdrawn or change class while it waits (asserted). After acceptance the
//   requester may raise its next request in the very next cycle.
// - Grant. The output is a valid/ready stream: grant_o one-hot on the
//   granted requester, index_o its index, aged_o high when it won by aging.
//   valid_o is high in every cycle in which a request is up. Once valid_o is
//   high, grant_o, index_o and aged_o stay unchanged until ready_i: the grant
//   is held while the consumer stalls, even if a request of a higher class
//   arrives meanwhile. A handshake (valid_o && ready_i) accepts the granted
//   request: req_ready_o = grant_o & {ready_i}.
// - Timing. No latency: a request can be granted and accepted in the cycle
//   it is raised, and one request is accepted per cycle while ready_i is
//   high, also when it is the same requester's every cycle. The outputs
//   depend combinationally on req_i, prio_i and registers (req_ready_o also
//   on ready_i); ready_i does not reach valid_o, grant_o, index_o or aged_o.
// - Choice (in a cycle without a held grant). Levels, from highest: aged,
//   class 3, 2, 1, 0; a request is aged once it has been passed over
//   AgingThreshold times (below), whatever its class. The winner is in the
//   highest level that has a request; inside the level, round robin: the
//   first requester after the level's last accepted winner, cyclically.
//   Each level keeps its own last winner.
// - Aging. A request is *passed over* by every handshake that accepts another
//   requester while it is up. A counter per requester counts these,
//   saturating at AgingThreshold, and is cleared when the request is accepted.
// - Starvation bound, counted in handshakes, so it holds under any pattern
//   of consumer stalls: a request is passed over at most
//       AgingThreshold + NumRequesters - 1
//   times, i.e. it is accepted at the latest in the (AgingThreshold +
//   NumRequesters)-th handshake counted from the cycle it is raised.
//   Derivation: after AgingThreshold passes it is aged; from then on every
//   grant goes to an aged request, and round robin over the aged level lets
//   each other requester win at most once before it. In cycles: valid_o is
//   high in every cycle the request waits, so if the consumer accepts at
//   least once in every S cycles in which valid_o is high, a request raised
//   in cycle t is accepted by cycle t + S * (AgingThreshold + NumRequesters)
//   - 1 (with ready_i always high, S = 1). The bound is checked in
//   simulation by a pass counter per requester that is independent of the
//   design's counters. docs/blocks/arbiter.md gives the derivation and when
//   the bound is attained.
module tsr_arbiter #(
  parameter int NumRequesters  = 4,
  parameter int AgingThreshold = 8,
  localparam int IndexWidth    = (NumRequesters > 1) ? $clog2(NumRequesters) : 1
) (
  input  logic                                                     clk_i,
  input  logic                                                     rst_ni,
  input  logic [NumRequesters-1:0]                                 req_i,
  input  logic [NumRequesters-1:0][tessera_pkg::PriorityWidth-1:0] prio_i,
  output logic [NumRequesters-1:0]                                 req_ready_o,
  output logic                                                     valid_o,
  input  logic                                                     ready_i,
  output logic [NumRequesters-1:0]                                 grant_o,
  output logic [IndexWidth-1:0]                                    index_o,
  output logic                                                     aged_o
);
  if (NumRequesters < 1 || NumRequesters > 32) begin : gen_requesters_check
    $error("tsr_arbiter: NumRequesters must be 1..32");
  end
  if (AgingThreshold < 1 || AgingThreshold > 65535) begin : gen_threshold_check
    $error("tsr_arbiter: AgingThreshold must be 1..65535");
  end

  localparam int NumLevels = tessera_pkg::NumPriorities + 1;  // classes 0..3, then aged
  localparam int AgedLevel = tessera_pkg::NumPriorities;
  localparam int WaitWidth = $clog2(AgingThreshold + 1);
  localparam logic [NumRequesters-1:0] One = NumRequesters'(1);

  // held_q: a grant was offered and not accepted; held_grant_q, its level
  // (one-hot) and the requesters after it are offered again until accepted.
  logic                                    held_q, held_d;
  logic [NumRequesters-1:0]                held_grant_q, held_grant_d, held_after_q, held_after_d;
  logic [NumLevels-1:0]                    held_level_q, held_level_d;
  // wait_q[i]: times request i has been passed over, saturating at
  // AgingThreshold; aged_q[i] = (wait_q[i] == AgingThreshold), kept as a flag.
  // start_q[l]: the requesters after level l's last accepted winner, where
  // its round robin starts (reset: all, so that it starts at requester 0).
  logic [NumRequesters-1:0][WaitWidth-1:0] wait_q, wait_d;
  logic [NumRequesters-1:0]                aged_q, aged_d;
  logic [NumLevels-1:0][NumRequesters-1:0] start_q, start_d;

  // Inclusive prefix OR (bit i = |x[i:0]) as a tree of log2 depth.
  function automatic logic [2*NumRequesters-1:0] prefix_or(input logic [2*NumRequesters-1:0] x);
    prefix_or = x;
    for (int d = 1; d < 2 * NumRequesters; d = 2 * d) prefix_or = prefix_or | (prefix_or << d);
  endfunction

  logic [NumLevels-1:0][NumRequesters-1:0] level_req;
  logic [NumRequesters-1:0]                eligible, own_start;
  logic [2*NumRequesters-1:0]              candidates, at_or_after, first;
  logic [NumLevels-1:0]                    level_any, no_higher, top, level;
  logic [NumRequesters-1:0]                chosen, chosen_after, after, accepted, keep;
  logic                                    handshake;

  // The requests of each level.
  always_comb begin
    level_req = '0;
    for (int i = 0; i < NumRequesters; i++) begin
      level_req[AgedLevel][i] = req_i[i] && aged_q[i];
      for (int c = 0; c < tessera_pkg::NumPriorities; c++) begin
        level_req[c][i] = req_i[i] && !aged_q[i] && prio_i[i] == tessera_pkg::PriorityWidth'(c);
      end
    end
  end

  for (genvar l = 0; l < NumLevels; l++) begin : gen_level_any
    assign level_any[l] = level_req[l] != '0;
  end

  // The highest level with a request wins; its requests are the candidates,
  // each with the round-robin start of its own level (a requester is in one
  // level only). Round robin: in c = {r, r & start} the lowest request is the
  // first one after the level's last winner, cyclically; the prefix OR of c
  // gives both that request and the requesters after it (the level's next
  // start). One picker after the level choice, not one per level, and a
  // log-depth prefix tree, not a carry chain: the trade-offs measured in
  // docs/blocks/arbiter.md.
  always_comb begin
    no_higher = '0;
    top       = '0;
    eligible  = '0;
    own_start = '0;
    for (int l = 0; l < NumLevels; l++) begin
      no_higher[l] = (level_any >> (l + 1)) == '0;
      top[l]       = level_any[l] && no_higher[l];
      if (top[l]) eligible = level_req[l];
      own_start = own_start | (level_req[l] & start_q[l]);
    end
  end

  assign candidates   = {eligible, eligible & own_start};
  assign at_or_after  = prefix_or(candidates);
  assign first        = candidates & ~(at_or_after << 1);
  assign chosen       = first[NumRequesters-1:0] | first[2*NumRequesters-1:NumRequesters];
  assign chosen_after = at_or_after[NumRequesters-1] ? at_or_after[NumRequesters-1:0] << 1
                                                     : at_or_after[2*NumRequesters-1:NumRequesters] << 1;

  assign valid_o     = held_q || req_i != '0;
  assign grant_o     = held_q ? held_grant_q : chosen;
  assign after       = held_q ? held_after_q : chosen_after;
  assign level       = held_q ? held_level_q : top;
  assign aged_o      = level[AgedLevel];
  assign handshake   = valid_o && ready_i;
  assign accepted    = grant_o & {NumRequesters{ready_i}};
  assign req_ready_o = accepted;
  assign keep        = req_i & ~accepted;  // requests still waiting after this cycle

  always_comb begin
    index_o = '0;
    for (int i = 0; i < NumRequesters; i++) begin
      if (grant_o[i]) index_o = index_o | IndexWidth'(i);
    end
  end

  // Next state: the held grant, the round-robin start of the accepted
  // grant's level, pass counters and aging flags.
  always_comb begin
    held_d       = valid_o && !ready_i;
    held_grant_d = grant_o;
    held_after_d = after;
    held_level_d = level;
    start_d      = start_q;
    for (int l = 0; l < NumLevels; l++) begin
      if (handshake && level[l]) start_d[l] = after;
    end
    wait_d = wait_q;
    aged_d = '0;
    for (int i = 0; i < NumRequesters; i++) begin
      if (!keep[i]) begin
        wait_d[i] = '0;
      end else if (handshake && !aged_q[i]) begin
        wait_d[i] = wait_q[i] + 1'b1;
      end
      aged_d[i] = keep[i] && (aged_q[i] || (handshake && wait_q[i] == WaitWidth'(AgingThreshold - 1)));
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      held_q       <= 1'b0;
      held_grant_q <= '0;
      held_after_q <= '0;
      held_level_q <= '0;
      start_q      <= '1;
      wait_q       <= '0;
      aged_q       <= '0;
    end else begin
      held_q       <= held_d;
      held_grant_q <= held_grant_d;
      held_after_q <= held_after_d;
      held_level_q <= held_level_d;
      start_q      <= start_d;
      wait_q       <= wait_d;
      aged_q       <= aged_d;
    end
  end

`ifndef SYNTHESIS
  localparam int StarvationBound = AgingThreshold + NumRequesters - 1;

  // The output stream: valid held until ready, grant, index and aged stable.
  tsr_stream_assert #(.Width(NumRequesters + IndexWidth + 1)) u_out_rules (
    .clk_i, .rst_ni, .valid_i(valid_o), .ready_i, .data_i({grant_o, index_o, aged_o}));
  // Each request: held until accepted, its class unchanged meanwhile.
  for (genvar i = 0; i < NumRequesters; i++) begin : gen_request_rules
    tsr_stream_assert #(.Width(tessera_pkg::PriorityWidth)) u_request_rules (
      .clk_i, .rst_ni, .valid_i(req_i[i]), .ready_i(req_ready_o[i]), .data_i(prio_i[i]));
  end

  // The starvation bound, checked with a pass counter per requester that is
  // independent of the design's saturating wait counters.
  logic [NumRequesters-1:0][31:0] passed_q, passed_d;
  always_comb begin
    for (int i = 0; i < NumRequesters; i++) begin
      passed_d[i] = keep[i] ? passed_q[i] + {31'd0, handshake} : '0;
    end
  end
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      passed_q <= '0;
    end else begin
      passed_q <= passed_d;
    end
  end

  // Immediate assertions at each edge out of reset, on the values before the
  // edge (as concurrent ones would sample them, without Verilator keeping a
  // sampled copy of every signal they read).
  always @(posedge clk_i) begin
    if (rst_ni) begin
      a_grant_onehot : assert (!valid_o || $onehot(grant_o)) else $error("arbiter: grant not one-hot while valid");
      a_no_grant_idle : assert (valid_o || grant_o == '0) else $error("arbiter: grant without valid");
      a_grant_requested : assert ((grant_o & ~req_i) == '0) else $error("arbiter: grant to a requester that does not request");
      a_index_matches : assert (!valid_o || grant_o == One << index_o) else $error("arbiter: index does not match the grant");
      a_after_matches : assert (!valid_o || after == ~(grant_o | (grant_o - One)))
        else $error("arbiter: the round-robin successor does not match the grant");
      a_work_conserving : assert (req_i == '0 || valid_o) else $error("arbiter: a request is up and nothing is granted");
    end
  end
  for (genvar i = 0; i < NumRequesters; i++) begin : gen_flag_check
    always @(posedge clk_i) begin
      if (rst_ni) begin
        a_aged_flag : assert (aged_q[i] == (wait_q[i] == WaitWidth'(AgingThreshold)))
          else $error("arbiter: aged flag of %0d disagrees with its wait counter", i);
      end
    end
  end
  for (genvar i = 0; i < NumRequesters; i++) begin : gen_starvation_check
    always @(posedge clk_i) begin
      if (rst_ni) begin
        a_starvation_bound : assert (!(handshake && keep[i]) || passed_q[i] < 32'(StarvationBound))
          else $error("arbiter: request %0d passed over more than AgingThreshold + NumRequesters - 1 = %0d times",
                      i, StarvationBound);
      end
    end
  end
`endif
endmodule
