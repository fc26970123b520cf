// tsr_allocator: contiguous regions of allocation units in NumNodes memory
// nodes of UnitsPerNode units each, with the policy of docs/spec.md section
// 9, so that the golden model (tessera::Allocator) predicts every result.
// docs/blocks/allocator.md describes it in full.
//
// Commands (one valid/ready request stream, one response stream; one command
// is executed at a time, in order):
//   allocate (op 0): units k >= 1, optionally pinned to node `node`.
//     -> Ok with (node, first unit), or NoMemory. Policy: pinned: only that
//     node; else the node with the most free units first (lowest index on a
//     tie), then the following nodes in index order, wrapping; inside a node
//     first fit (lowest u with units u .. u+k-1 free). k > UnitsPerNode is
//     NoMemory; k = 0 or a pinned node >= NumNodes is BadArgs.
//   free (op 1): (node, first, units) -> Ok when the range is exactly one
//     live allocation; else DoubleFree (some unit of the range is free) or
//     ForeignFree (no unit free, but the range is not exactly one live
//     allocation: other start or length, two allocations, reserved units).
//     Nothing changes on an error.
//   reserve (op 2): (node, first, units) -> Ok; every free unit of the range
//     becomes reserved (never free again); reserved or allocated units are
//     left as they are (overlaps allowed, as tessera::Allocator::reserve).
//   free and reserve with units = 0, node >= NumNodes or a range past the
//   node, and op 3, are BadArgs.
// The response carries (node, first) of the region for an allocate that is
// Ok, the request's (node, first) for free and reserve, zero otherwise.
// free_units_o[n] is node n's count of free units (updated when a command
// completes; consistent with the bitmap whenever the block is idle).
//
// State per node: a RAM of Words = ceil(UnitsPerNode / WordBits) words, each
// holding two bits per unit {mark, alloc}: free {0,0}, reserved {1,0},
// allocation head {1,1}, allocation body {0,1}. Units past UnitsPerNode (in
// the last word) are reserved. Out of reset the RAMs are cleared in Words
// cycles (req_ready_o low).
//
// Timing. Latency: from the clock edge that accepts a request to the first
// edge at which its response is valid. Interval: from that accepting edge to
// the edge that can accept the next request, the response consumed at once.
// T = words a command's range touches (<= Words); T' = words from the first
// unit to the unit after the range (<= Words).
//   allocate: latency Words + 5 exactly: all nodes' bitmaps are read in
//             parallel, one word per cycle (reads at edges 1..Words), through
//             3-stage scanners (last result at edge Words + 3); the choice
//             among the nodes loads the response at edge Words + 4. The
//             region's words are then marked (read-modify-write):
//             interval Words + 7 + T <= 2 * Words + 7 (NoMemory: Words + 6).
//   free:     latency T' + 3 <= Words + 3 (the range checked word by word);
//             then the range cleared: interval T' + T + 5 <= 2 * Words + 5
//             (rejected: T' + 4).
//   reserve:  latency T + 4 <= Words + 4; interval T + 5.
//   BadArgs:  latency 1; interval 2.
// LatencyBound = Words + 5 bounds every command's latency, whatever
// NumNodes (21 cycles for 1,024 units in 64-unit words); BusyBound =
// 2 * Words + 7 bounds the cycles the engine is busy per command. A request
// is accepted only while no response is waiting, so the latency never
// depends on the consumer. Both bounds are asserted in simulation.
module tsr_allocator #(
  parameter int NumNodes     = 4,
  parameter int UnitsPerNode = 1024,
  parameter int WordBits     = 64,
  localparam int UnitWidth  = (UnitsPerNode > 1) ? $clog2(UnitsPerNode) : 1,
  localparam int CountWidth = $clog2(UnitsPerNode + 1)
) (
  input  logic                                clk_i,
  input  logic                                rst_ni,
  // requests
  input  logic                                req_valid_i,
  output logic                                req_ready_o,
  input  logic [1:0]                          req_op_i,      // 0 allocate, 1 free, 2 reserve
  input  tessera_pkg::node_id_t               req_node_i,
  input  logic                                req_pinned_i,  // allocate: only req_node_i
  input  logic [UnitWidth-1:0]                req_first_i,   // free, reserve
  input  logic [CountWidth-1:0]               req_units_i,
  // responses
  output logic                                rsp_valid_o,
  input  logic                                rsp_ready_i,
  output logic [2:0]                          rsp_status_o,  // Ok, NoMemory, BadArgs, DoubleFree, ForeignFree
  output tessera_pkg::node_id_t               rsp_node_o,
  output logic [UnitWidth-1:0]                rsp_first_o,
  // free units per node
  output logic [NumNodes-1:0][CountWidth-1:0] free_units_o
);
  localparam int MaxUnitsPerNode = 1 << 20;
  if (NumNodes < 1 || NumNodes > tessera_pkg::MaxNodes) begin : gen_nodes_check
    $error("tsr_allocator: NumNodes must be 1..32");
  end
  if (UnitsPerNode < 1 || UnitsPerNode > MaxUnitsPerNode) begin : gen_units_check
    $error("tsr_allocator: UnitsPerNode must be 1..2^20");
  end
  if (WordBits < 2 || WordBits > 256 || (WordBits & (WordBits - 1)) != 0) begin : gen_word_bits_check
    $error("tsr_allocator: WordBits must be a power of two, 2..256");
  end

  localparam int Words          = (UnitsPerNode + WordBits - 1) / WordBits;
  localparam int WordIndexWidth = (Words > 1) ? $clog2(Words) : 1;
  localparam int BitIndexWidth  = $clog2(WordBits);
  localparam int BitCountWidth  = BitIndexWidth + 1;
  localparam int WideCount      = (CountWidth > BitCountWidth) ? CountWidth : BitCountWidth;
  localparam int PosWidth       = $clog2(Words * WordBits + UnitsPerNode + 1) + 1;
  localparam int NodeIndexWidth = (NumNodes > 1) ? $clog2(NumNodes) : 1;
  localparam int NodeLeaves     = 1 << NodeIndexWidth;
  localparam int PadBits        = Words * WordBits - UnitsPerNode;
  localparam logic [WordBits-1:0] PadMask = ~({WordBits{1'b1}} >> PadBits);
  localparam int LatencyBound   = Words + 5;
  localparam int BusyBound      = 2 * Words + 7;

  localparam logic [1:0] OpAllocate = 2'd0;
  localparam logic [1:0] OpFree     = 2'd1;
  localparam logic [1:0] OpReserve  = 2'd2;

  localparam logic [2:0] StatusOk          = 3'd0;
  localparam logic [2:0] StatusNoMemory    = 3'd1;
  localparam logic [2:0] StatusBadArgs     = 3'd2;
  localparam logic [2:0] StatusDoubleFree  = 3'd3;
  localparam logic [2:0] StatusForeignFree = 3'd4;

  typedef enum logic [2:0] {
    StInit,    // clearing the bitmaps after reset
    StIdle,    // waiting for a request
    StScan,    // allocate: all nodes' words through the scanners, then choose
    StVerify,  // free: checking the range against the bitmap
    StWrite    // read-modify-write of the range: mark, clear or reserve
  } state_e;

  state_e                    state_q, state_d;
  logic [WordIndexWidth-1:0] rd_word_q, rd_word_d, last_word_q, last_word_d;
  logic                      reading_q, reading_d;
  logic                      p1_valid_q, p1_last_q;
  logic [WordIndexWidth-1:0] p1_word_q;
  logic [2:0]                scan_last_q;
  logic [1:0]                op_q, op_d;
  logic                      pinned_q, pinned_d;
  logic [NodeIndexWidth-1:0] target_q, target_d;
  logic [UnitWidth-1:0]      first_q, first_d;
  logic [CountWidth-1:0]     units_q, units_d;
  logic [PosWidth-1:0]       end_q, end_d;
  logic                      any_free_q, any_free_d, mismatch_q, mismatch_d;
  logic                      rsp_valid_q, rsp_valid_d;
  logic [2:0]                rsp_status_q, rsp_status_d;
  tessera_pkg::node_id_t     rsp_node_q, rsp_node_d;
  logic [UnitWidth-1:0]      rsp_first_q, rsp_first_d;
  logic [NumNodes-1:0][CountWidth-1:0] free_q, free_d;
  logic [NodeIndexWidth-1:0] best_q, best_d;

  // ---- request decoding -----------------------------------------------------
  logic                accept, req_bad, req_node_ok, req_range_ok;
  logic [PosWidth-1:0] req_end;

  assign req_ready_o  = state_q == StIdle && !rsp_valid_q;
  assign accept       = req_valid_i && req_ready_o;
  assign req_end      = PosWidth'(req_first_i) + PosWidth'(req_units_i);
  assign req_node_ok  = 32'(req_node_i) < NumNodes;
  assign req_range_ok = req_units_i != '0 && req_end <= PosWidth'(UnitsPerNode);

  always_comb begin
    unique case (req_op_i)
      OpAllocate:        req_bad = req_units_i == '0 || (req_pinned_i && !req_node_ok);
      OpFree, OpReserve: req_bad = !req_node_ok || !req_range_ok;
      default:           req_bad = 1'b1;
    endcase
  end

  // Word of a unit position.
  function automatic logic [WordIndexWidth-1:0] word_of(input logic [PosWidth-1:0] unit);
    word_of = WordIndexWidth'(unit >> BitIndexWidth);
  endfunction

  // ---- bitmaps: one RAM per node, shared read and write addresses ------------
  logic [NumNodes-1:0]                   map_write;
  logic [WordIndexWidth-1:0]             write_word;
  logic [2*WordBits-1:0]                 write_data;
  logic [NumNodes-1:0][2*WordBits-1:0]   map_read;
  logic [NumNodes-1:0]                   scan_found;
  logic [NumNodes-1:0][UnitWidth-1:0]    scan_first;
  logic                                  scan_start, scan_valid;

  // Every command restarts the scanners: units_q, their units_i, changes then.
  assign scan_start = accept;
  assign scan_valid = p1_valid_q && state_q == StScan;

  for (genvar n = 0; n < NumNodes; n++) begin : gen_node
    logic [2*WordBits-1:0] map_q [Words];  // {mark, alloc} per unit
    logic [2*WordBits-1:0] read_q;

    always_ff @(posedge clk_i) begin
      if (map_write[n]) map_q[write_word] <= write_data;
      read_q <= map_q[rd_word_q];
    end
    assign map_read[n] = read_q;

    tsr_alloc_scan #(.WordBits(WordBits), .Words(Words), .UnitsPerNode(UnitsPerNode)) u_scan (
      .clk_i, .rst_ni,
      .start_i(scan_start),
      .units_i(units_q),
      .valid_i(scan_valid),
      .word_i (p1_word_q),
      .free_i (~read_q[WordBits-1:0] & ~read_q[2*WordBits-1:WordBits]),
      .found_o(scan_found[n]),
      .first_o(scan_first[n])
    );

`ifndef SYNTHESIS
    // The counter equals the bitmap's free units whenever the block is idle.
    // Idle, neither changes, so the check runs on the first idle cycle after
    // work: counting the whole bitmap every cycle was most of an engine
    // simulation's time.
    logic idle_q;
    always_ff @(posedge clk_i or negedge rst_ni) begin
      if (!rst_ni) idle_q <= 1'b0;
      else idle_q <= state_q == StIdle;
    end

    function automatic logic [CountWidth-1:0] map_free();
      map_free = '0;
      for (int w = 0; w < Words; w++) begin
        for (int i = 0; i < WordBits; i++) begin
          map_free = map_free + CountWidth'(!map_q[w][i] && !map_q[w][WordBits+i]);
        end
      end
    endfunction

    always @(posedge clk_i) begin
      if (rst_ni && state_q == StIdle && !idle_q) begin
        a_free_count_matches_map : assert (free_q[n] == map_free())
          else $error("tsr_allocator: node %0d counts %0d free units, its bitmap %0d", n, free_q[n], map_free());
      end
    end
`endif
  end

  // ---- the command's range, for the word being read (registered into p1) ----
  logic [WordBits-1:0]      in_range, head_bit, after_bit;
  logic [WordBits-1:0]      p1_in_range_q, p1_head_q, p1_after_q;
  logic [BitCountWidth-1:0] range_low, range_high;
  logic [PosWidth-1:0]      read_word, first_word, end_word;

  // Word positions as PosWidth numbers: a range may end at Words * WordBits.
  assign read_word  = PosWidth'(rd_word_q);
  assign first_word = PosWidth'(first_q) >> BitIndexWidth;
  assign end_word   = end_q >> BitIndexWidth;

  always_comb begin
    range_low = '0;
    if (read_word == first_word) range_low = BitCountWidth'(first_q[BitIndexWidth-1:0]);
    range_high = '0;
    if (read_word < end_word) range_high = BitCountWidth'(WordBits);
    else if (read_word == end_word) range_high = BitCountWidth'(end_q[BitIndexWidth-1:0]);
    for (int i = 0; i < WordBits; i++) begin
      in_range[i]  = BitCountWidth'(i) >= range_low && BitCountWidth'(i) < range_high;
      head_bit[i]  = read_word == first_word && BitIndexWidth'(i) == first_q[BitIndexWidth-1:0];
      after_bit[i] = read_word == end_word && BitIndexWidth'(i) == end_q[BitIndexWidth-1:0]
                     && end_q < PosWidth'(UnitsPerNode);
    end
  end

  // ---- the word read (stage p1): free checks and the new value --------------
  logic [2*WordBits-1:0]    word;
  logic [WordBits-1:0]      word_alloc, word_mark, word_free, word_head, word_body;
  logic [WordBits-1:0]      new_alloc, new_mark;
  logic                     word_any_free, word_mismatch;

  assign word       = map_read[target_q];
  assign word_alloc = word[WordBits-1:0];
  assign word_mark  = word[2*WordBits-1:WordBits];
  assign word_free  = ~word_alloc & ~word_mark;
  assign word_head  = word_alloc & word_mark;
  assign word_body  = word_alloc & ~word_mark;

  always_comb begin
    word_any_free = |(p1_in_range_q & word_free);
    word_mismatch = |(p1_head_q & ~word_head) || |(p1_in_range_q & ~p1_head_q & ~word_body)
                    || |(p1_after_q & word_body);

    new_alloc = word_alloc;
    new_mark  = word_mark;
    unique case (op_q)
      OpAllocate: begin
        new_alloc = word_alloc | p1_in_range_q;
        new_mark  = word_mark | p1_head_q;
      end
      OpFree: begin
        new_alloc = word_alloc & ~p1_in_range_q;
        new_mark  = word_mark & ~p1_in_range_q;
      end
      default: new_mark = word_mark | (p1_in_range_q & word_free);
    endcase
  end

  // Stage p2: the word's results, registered; the free units a reserve
  // takes in the word are counted here (a balanced adder tree).
  logic                     p2_valid_q, p2_last_q, p2_any_free_q, p2_mismatch_q;
  logic [WordBits-1:0]      p2_taken_q;
  logic [WordBits-1:0][BitCountWidth-1:0] count_tree;
  logic [BitCountWidth-1:0] newly_reserved;
  // Stage p3 (reserve only): the count, registered, taken from the counter.
  logic                     p3_valid_q, p3_last_q;
  logic [BitCountWidth-1:0] p3_reserved_q;

  always_comb begin
    count_tree = '0;
    for (int i = 0; i < WordBits; i++) count_tree[i][0] = p2_taken_q[i];
    for (int span = WordBits / 2; span >= 1; span = span / 2) begin
      for (int i = 0; i < span; i++) count_tree[i] = count_tree[2*i] + count_tree[2*i+1];
    end
    newly_reserved = count_tree[0];
  end

  always_comb begin
    map_write  = '0;
    write_word = p1_word_q;
    write_data = {new_mark, new_alloc};
    if (state_q == StInit) begin
      map_write  = '1;
      write_word = rd_word_q;
      write_data = {(rd_word_q == WordIndexWidth'(Words - 1)) ? PadMask : '0, {WordBits{1'b0}}};
    end else if (state_q == StWrite && p1_valid_q) begin
      map_write[target_q] = 1'b1;
    end
  end

  // ---- the node with the most free units (lowest index on a tie) -------------
  // Registered as best_q: the counters change only when a command ends, at
  // least Words + 3 cycles before an allocation's choice reads best_q.
  logic [NodeLeaves-1:0][CountWidth-1:0]     tree_count;
  logic [NodeLeaves-1:0][NodeIndexWidth-1:0] tree_index;

  always_comb begin
    tree_count = '0;
    tree_index = '0;
    for (int n = 0; n < NumNodes; n++) begin
      tree_count[n] = free_q[n];
      tree_index[n] = NodeIndexWidth'(n);
    end
    for (int span = NodeLeaves / 2; span >= 1; span = span / 2) begin
      for (int n = 0; n < span; n++) begin
        if (tree_count[2*n+1] > tree_count[2*n]) begin
          tree_count[n] = tree_count[2*n+1];
          tree_index[n] = tree_index[2*n+1];
        end else begin
          tree_count[n] = tree_count[2*n];
          tree_index[n] = tree_index[2*n];
        end
      end
    end
    best_d = tree_index[0];
  end

  // ---- the choice among the nodes that fit, in the policy's order -----------
  logic [NodeIndexWidth-1:0] order_start, chosen, chosen_high, chosen_any;
  logic [NumNodes-1:0]       candidates, from_start;
  logic                      fit_high, fit_any;
  logic [UnitWidth-1:0]      chosen_first;
  logic [PosWidth-1:0]       chosen_end;

  always_comb begin
    order_start = pinned_q ? target_q : best_q;
    for (int n = 0; n < NumNodes; n++) begin
      candidates[n] = scan_found[n] && (!pinned_q || target_q == NodeIndexWidth'(n));
      from_start[n] = NodeIndexWidth'(n) >= order_start;
    end
  end

  tsr_alloc_first_one #(.Width(NumNodes)) u_first_high (
    .bits_i(candidates & from_start), .found_o(fit_high), .index_o(chosen_high));
  tsr_alloc_first_one #(.Width(NumNodes)) u_first_any (
    .bits_i(candidates), .found_o(fit_any), .index_o(chosen_any));

  assign chosen       = fit_high ? chosen_high : chosen_any;
  assign chosen_first = scan_first[chosen];
  assign chosen_end   = PosWidth'(chosen_first) + PosWidth'(units_q);

  // ---- control ----------------------------------------------------------------
  logic issue, verify_ok;

  assign issue = reading_q && (state_q == StScan || state_q == StVerify || state_q == StWrite);
  assign verify_ok = !(any_free_q || p2_any_free_q) && !(mismatch_q || p2_mismatch_q);

  always_comb begin
    state_d      = state_q;
    rd_word_d    = rd_word_q;
    last_word_d  = last_word_q;
    reading_d    = reading_q;
    op_d         = op_q;
    pinned_d     = pinned_q;
    target_d     = target_q;
    first_d      = first_q;
    units_d      = units_q;
    end_d        = end_q;
    any_free_d   = any_free_q;
    mismatch_d   = mismatch_q;
    rsp_valid_d  = rsp_valid_q && !rsp_ready_i;
    rsp_status_d = rsp_status_q;
    rsp_node_d   = rsp_node_q;
    rsp_first_d  = rsp_first_q;
    free_d       = free_q;

    if (issue) begin
      if (rd_word_q == last_word_q) reading_d = 1'b0;
      else rd_word_d = rd_word_q + 1'b1;
    end

    unique case (state_q)
      StInit: begin
        if (rd_word_q == WordIndexWidth'(Words - 1)) begin
          state_d   = StIdle;
          rd_word_d = '0;
        end else begin
          rd_word_d = rd_word_q + 1'b1;
        end
      end

      StIdle: begin
        if (accept) begin
          op_d       = req_op_i;
          pinned_d   = req_pinned_i;
          target_d   = NodeIndexWidth'(req_node_i);
          first_d    = req_first_i;
          units_d    = req_units_i;
          end_d      = req_end;
          any_free_d = 1'b0;
          mismatch_d = 1'b0;
          reading_d  = 1'b1;
          rd_word_d  = word_of(PosWidth'(req_first_i));
          if (req_bad) begin
            reading_d    = 1'b0;
            rsp_valid_d  = 1'b1;
            rsp_status_d = StatusBadArgs;
            rsp_node_d   = req_op_i == OpAllocate ? '0 : req_node_i;
            rsp_first_d  = req_op_i == OpAllocate ? '0 : req_first_i;
          end else begin
            unique case (req_op_i)
              OpAllocate: begin
                state_d     = StScan;
                rd_word_d   = '0;
                last_word_d = WordIndexWidth'(Words - 1);
              end
              OpFree: begin
                state_d     = StVerify;
                last_word_d = (req_end >= PosWidth'(Words * WordBits)) ? WordIndexWidth'(Words - 1)
                                                                      : word_of(req_end);
              end
              default: begin
                state_d     = StWrite;
                last_word_d = word_of(req_end - 1'b1);
              end
            endcase
          end
        end
      end

      StScan: begin
        if (scan_last_q[2]) begin
          rsp_valid_d  = 1'b1;
          rsp_status_d = fit_any ? StatusOk : StatusNoMemory;
          rsp_node_d   = fit_any ? tessera_pkg::node_id_t'(chosen) : '0;
          rsp_first_d  = fit_any ? chosen_first : '0;
          if (fit_any) begin
            state_d          = StWrite;
            target_d         = chosen;
            first_d          = chosen_first;
            end_d            = chosen_end;
            reading_d        = 1'b1;
            rd_word_d        = word_of(PosWidth'(chosen_first));
            last_word_d      = word_of(chosen_end - 1'b1);
            free_d[chosen]   = free_q[chosen] - units_q;
          end else begin
            state_d = StIdle;
          end
        end
      end

      StVerify: begin
        if (p2_valid_q) begin
          any_free_d = any_free_q || p2_any_free_q;
          mismatch_d = mismatch_q || p2_mismatch_q;
        end
        if (p2_valid_q && p2_last_q) begin
          rsp_valid_d  = 1'b1;
          rsp_node_d   = tessera_pkg::node_id_t'(target_q);
          rsp_first_d  = first_q;
          rsp_status_d = (any_free_q || p2_any_free_q) ? StatusDoubleFree
                       : (mismatch_q || p2_mismatch_q) ? StatusForeignFree : StatusOk;
          if (verify_ok) begin
            state_d          = StWrite;
            reading_d        = 1'b1;
            rd_word_d        = word_of(PosWidth'(first_q));
            last_word_d      = word_of(end_q - 1'b1);
            free_d[target_q] = free_q[target_q] + units_q;
          end else begin
            state_d = StIdle;
          end
        end
      end

      StWrite: begin
        if (op_q != OpReserve) begin
          if (p2_valid_q && p2_last_q) state_d = StIdle;
        end else begin
          if (p3_valid_q) begin
            free_d[target_q] = CountWidth'(WideCount'(free_q[target_q]) - WideCount'(p3_reserved_q));
          end
          if (p3_valid_q && p3_last_q) begin
            state_d      = StIdle;
            rsp_valid_d  = 1'b1;
            rsp_status_d = StatusOk;
            rsp_node_d   = tessera_pkg::node_id_t'(target_q);
            rsp_first_d  = first_q;
          end
        end
      end

      default: state_d = StInit;
    endcase
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      state_q      <= StInit;
      rd_word_q    <= '0;
      reading_q    <= 1'b0;
      p1_valid_q   <= 1'b0;
      p1_last_q    <= 1'b0;
      scan_last_q  <= '0;
      p2_valid_q   <= 1'b0;
      p2_last_q    <= 1'b0;
      p3_valid_q   <= 1'b0;
      p3_last_q    <= 1'b0;
      rsp_valid_q  <= 1'b0;
      free_q       <= {NumNodes{CountWidth'(UnitsPerNode)}};
      best_q       <= '0;
    end else begin
      state_q      <= state_d;
      rd_word_q    <= rd_word_d;
      reading_q    <= reading_d;
      p1_valid_q   <= issue;
      p1_last_q    <= issue && rd_word_q == last_word_q;
      scan_last_q  <= {scan_last_q[1:0], scan_valid && p1_last_q};
      p2_valid_q   <= p1_valid_q && state_q != StScan;
      p2_last_q    <= p1_last_q;
      p3_valid_q   <= p2_valid_q && state_q == StWrite && op_q == OpReserve;
      p3_last_q    <= p2_last_q;
      rsp_valid_q  <= rsp_valid_d;
      free_q       <= free_d;
      best_q       <= best_d;
    end
  end

  always_ff @(posedge clk_i) begin
    last_word_q  <= last_word_d;
    p1_word_q     <= rd_word_q;
    p1_in_range_q <= in_range;
    p1_head_q     <= head_bit;
    p1_after_q    <= after_bit;
    p2_any_free_q <= word_any_free;
    p2_mismatch_q <= word_mismatch;
    p2_taken_q    <= p1_in_range_q & word_free;
    p3_reserved_q <= newly_reserved;
    op_q         <= op_d;
    pinned_q     <= pinned_d;
    target_q     <= target_d;
    first_q      <= first_d;
    units_q      <= units_d;
    end_q        <= end_d;
    any_free_q   <= any_free_d;
    mismatch_q   <= mismatch_d;
    rsp_status_q <= rsp_status_d;
    rsp_node_q   <= rsp_node_d;
    rsp_first_q  <= rsp_first_d;
  end

  assign rsp_valid_o  = rsp_valid_q;
  assign rsp_status_o = rsp_status_q;
  assign rsp_node_o   = rsp_node_q;
  assign rsp_first_o  = rsp_first_q;
  assign free_units_o = free_q;

`ifndef SYNTHESIS
  tsr_stream_assert #(.Width(2 + tessera_pkg::NodeIdWidth + 1 + UnitWidth + CountWidth)) u_req_rules (
    .clk_i, .rst_ni, .valid_i(req_valid_i), .ready_i(req_ready_o),
    .data_i({req_op_i, req_node_i, req_pinned_i, req_first_i, req_units_i}));
  tsr_stream_assert #(.Width(3 + tessera_pkg::NodeIdWidth + UnitWidth)) u_rsp_rules (
    .clk_i, .rst_ni, .valid_i(rsp_valid_o), .ready_i(rsp_ready_i),
    .data_i({rsp_status_o, rsp_node_o, rsp_first_o}));

  // Latency and busy time, counted from the accepting edge.
  // latency_q is L in the cycle that is L edges after the accepting edge.
  localparam int CycleWidth = $clog2(BusyBound + 2);
  logic                  waiting_q, busy_q;
  logic [CycleWidth-1:0] latency_q, busy_cycles_q;
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      waiting_q     <= 1'b0;
      busy_q        <= 1'b0;
      latency_q     <= '0;
      busy_cycles_q <= '0;
    end else begin
      waiting_q     <= accept || (waiting_q && !rsp_valid_q);
      busy_q        <= accept || (busy_q && state_d != StIdle);
      latency_q     <= accept ? CycleWidth'(1) : latency_q + CycleWidth'(waiting_q);
      busy_cycles_q <= accept ? CycleWidth'(1) : busy_cycles_q + CycleWidth'(busy_q);
    end
  end
  a_latency_bound : assert property (@(posedge clk_i) disable iff (!rst_ni)
      waiting_q && !rsp_valid_q |-> latency_q < CycleWidth'(LatencyBound))
    else $error("tsr_allocator: no response %0d cycles after the request", LatencyBound);
  a_busy_bound : assert property (@(posedge clk_i) disable iff (!rst_ni)
      busy_q |-> busy_cycles_q < CycleWidth'(BusyBound))
    else $error("tsr_allocator: still busy %0d cycles after the request", BusyBound);
  a_response_not_lost : assert property (@(posedge clk_i) disable iff (!rst_ni)
      rsp_valid_d && !rsp_valid_q |-> waiting_q || accept)
    else $error("tsr_allocator: response without a request");

  // Allocation marks only free units; a free clears only its verified
  // allocation; nothing is written outside a command's range.
  a_allocate_only_free_units : assert property (@(posedge clk_i) disable iff (!rst_ni)
      state_q == StWrite && p1_valid_q && op_q == OpAllocate |-> (p1_in_range_q & ~word_free) == '0)
    else $error("tsr_allocator: allocating a unit that is not free");
  a_free_only_allocated_units : assert property (@(posedge clk_i) disable iff (!rst_ni)
      state_q == StWrite && p1_valid_q && op_q == OpFree |-> (p1_in_range_q & ~word_alloc) == '0)
    else $error("tsr_allocator: freeing a unit that is not allocated");
  a_region_inside_node : assert property (@(posedge clk_i) disable iff (!rst_ni)
      state_q == StScan && scan_last_q[2] && fit_any |->
        chosen_end <= PosWidth'(UnitsPerNode) && 32'(chosen) < NumNodes)
    else $error("tsr_allocator: region outside the node");
  a_best_node_current : assert property (@(posedge clk_i) disable iff (!rst_ni)
      state_q == StScan && scan_last_q[2] |-> best_q == best_d)
    else $error("tsr_allocator: most-free node not up to date at the choice");
  a_pinned_node_kept : assert property (@(posedge clk_i) disable iff (!rst_ni)
      state_q == StScan && scan_last_q[2] && fit_any && pinned_q |-> chosen == target_q)
    else $error("tsr_allocator: pinned allocation placed in another node");
  a_no_read_during_write : assert property (@(posedge clk_i) disable iff (!rst_ni)
      state_q == StWrite && p1_valid_q && issue |-> rd_word_q != p1_word_q)
    else $error("tsr_allocator: bitmap word read while written");
  for (genvar n = 0; n < NumNodes; n++) begin : gen_count_checks
    a_free_count_bounded : assert property (@(posedge clk_i) disable iff (!rst_ni)
        free_q[n] <= CountWidth'(UnitsPerNode))
      else $error("tsr_allocator: node %0d counts more free units than it has", n);
  end
  a_one_response_at_a_time : assert property (@(posedge clk_i) disable iff (!rst_ni)
      rsp_valid_q && !rsp_ready_i |-> !(state_q == StScan && scan_last_q[2])
                                   && !(state_q == StVerify && p2_valid_q && p2_last_q)
                                   && !(state_q == StWrite && p3_valid_q && p3_last_q))
    else $error("tsr_allocator: response overwritten");
`endif
endmodule
