// tsr_alloc_scan: first-fit search of one node's free-unit bitmap, fed one
// word (WordBits units) per cycle in ascending word order.
//
// Contract: start_i (one cycle, before the first word) begins a search for
// units_i consecutive free units; units_i stays constant until the next
// start_i. Each cycle with valid_i presents word word_i (words 0, 1, ...,
// Words-1 in order; free_i bit i = unit word_i * WordBits + i is free).
// Three cycles after the word with the lowest fitting run has been
// presented, found_o rises and first_o holds the lowest unit u such that
// units u .. u+units_i-1 are all free; both then hold until the next
// start_i. units_i = 0 is not a valid search.
//
// Algorithm, per word (three register stages):
//   1. windows: hit[i] = the units_i bits ending at bit i lie inside the
//      word and are all free (built with log2(WordBits) shift-and steps
//      from the binary digits of units_i - 1; only when units_i <=
//      WordBits); trailing and leading free counts of the word;
//   2. the lowest hit position (tree priority encoder);
//   3. run_q, the free run ending at the top of the previous word, carries
//      across words: if run_q + trailing >= units_i the run that crosses
//      into this word fits (it starts at word * WordBits - run_q); else a
//      hit inside the word fits (it starts at hit - units_i + 1). The
//      carried run is what spans word boundaries; a run that first reaches
//      units_i inside a word without touching bit 0 lies wholly in the word.
module tsr_alloc_scan #(
  parameter int WordBits     = 64,
  parameter int Words        = 16,
  parameter int UnitsPerNode = 1024,
  localparam int WordIndexWidth = (Words > 1) ? $clog2(Words) : 1,
  localparam int CountWidth     = $clog2(UnitsPerNode + 1),
  localparam int UnitWidth      = (UnitsPerNode > 1) ? $clog2(UnitsPerNode) : 1
) (
  input  logic                      clk_i,
  input  logic                      rst_ni,
  input  logic                      start_i,
  input  logic [CountWidth-1:0]     units_i,
  input  logic                      valid_i,
  input  logic [WordIndexWidth-1:0] word_i,
  input  logic [WordBits-1:0]       free_i,
  output logic                      found_o,
  output logic [UnitWidth-1:0]      first_o
);
  if (WordBits < 2 || (WordBits & (WordBits - 1)) != 0) begin : gen_word_bits_check
    $error("tsr_alloc_scan: WordBits must be a power of two, at least 2");
  end
  if (Words < 1 || Words * WordBits < UnitsPerNode) begin : gen_words_check
    $error("tsr_alloc_scan: Words * WordBits must cover UnitsPerNode");
  end

  localparam int BitIndexWidth = $clog2(WordBits);
  localparam int BitCountWidth = BitIndexWidth + 1;       // 0 .. WordBits
  localparam int PosWidth      = $clog2(Words * WordBits + 1) + 1;
  localparam int RunWidth      = (PosWidth > CountWidth) ? PosWidth : CountWidth;

  // ---- stage 1: in-word windows, trailing and leading free counts ---------
  logic [WordBits-1:0]      hits, free_reversed;
  logic [CountWidth-1:0]    span_minus_one;
  logic                     fits_in_word;
  logic                     busy_low, busy_high;
  logic [BitIndexWidth-1:0] first_busy_low, first_busy_high;
  logic [WordBits-1:0]      window, power;  // all-free windows: the length built so far; 2^b

  always_comb begin
    span_minus_one = units_i - 1'b1;
    fits_in_word   = units_i != '0 && RunWidth'(units_i) <= RunWidth'(WordBits);
    window         = free_i;
    power          = free_i;
    for (int b = 0; b < BitIndexWidth; b++) begin
      if (span_minus_one[b]) window = power & (window << (1 << b));
      power = power & (power << (1 << b));
    end
    hits = fits_in_word ? window : '0;
    for (int i = 0; i < WordBits; i++) free_reversed[i] = free_i[WordBits-1-i];
  end

  tsr_alloc_first_one #(.Width(WordBits)) u_trailing (
    .bits_i(~free_i), .found_o(busy_low), .index_o(first_busy_low));
  tsr_alloc_first_one #(.Width(WordBits)) u_leading (
    .bits_i(~free_reversed), .found_o(busy_high), .index_o(first_busy_high));

  logic                      s1_valid_q;
  logic [WordIndexWidth-1:0] s1_word_q;
  logic [WordBits-1:0]       s1_hits_q;
  logic [BitCountWidth-1:0]  s1_trailing_q, s1_leading_q, s1_trailing_d, s1_leading_d;

  assign s1_trailing_d = busy_low ? BitCountWidth'(first_busy_low) : BitCountWidth'(WordBits);
  assign s1_leading_d  = busy_high ? BitCountWidth'(first_busy_high) : BitCountWidth'(WordBits);

  // ---- stage 2: the lowest in-word hit ------------------------------------
  logic                     hit_any;
  logic [BitIndexWidth-1:0] hit_index;

  tsr_alloc_first_one #(.Width(WordBits)) u_hit (
    .bits_i(s1_hits_q), .found_o(hit_any), .index_o(hit_index));

  logic                      s2_valid_q, s2_hit_q;
  logic [WordIndexWidth-1:0] s2_word_q;
  logic [BitIndexWidth-1:0]  s2_index_q;
  logic [BitCountWidth-1:0]  s2_trailing_q, s2_leading_q;

  // ---- stage 3: carry the run across words, keep the first fit -------------
  logic                found_q, found_d;
  logic [RunWidth-1:0] run_q, run_d, base, first_q, first_d;

  always_comb begin
    found_d = found_q;
    first_d = first_q;
    run_d   = run_q;
    base    = RunWidth'(s2_word_q) << BitIndexWidth;
    if (start_i) begin
      found_d = 1'b0;
      run_d   = '0;
    end else if (s2_valid_q && !found_q) begin
      if (run_q + RunWidth'(s2_trailing_q) >= RunWidth'(units_i)) begin
        found_d = 1'b1;
        first_d = base - run_q;
      end else if (s2_hit_q) begin
        found_d = 1'b1;
        first_d = base + RunWidth'(s2_index_q) - RunWidth'(span_minus_one);
      end
      run_d = (s2_trailing_q == BitCountWidth'(WordBits)) ? run_q + RunWidth'(WordBits)
                                                          : RunWidth'(s2_leading_q);
    end
  end

  assign found_o = found_q;
  assign first_o = UnitWidth'(first_q);

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      s1_valid_q <= 1'b0;
      s2_valid_q <= 1'b0;
      found_q    <= 1'b0;
      run_q      <= '0;
    end else begin
      s1_valid_q <= valid_i && !start_i;
      s2_valid_q <= s1_valid_q && !start_i;
      found_q    <= found_d;
      run_q      <= run_d;
    end
  end

  always_ff @(posedge clk_i) begin
    s1_word_q     <= word_i;
    s1_hits_q     <= hits;
    s1_trailing_q <= s1_trailing_d;
    s1_leading_q  <= s1_leading_d;
    s2_word_q     <= s1_word_q;
    s2_hit_q      <= hit_any;
    s2_index_q    <= hit_index;
    s2_trailing_q <= s1_trailing_q;
    s2_leading_q  <= s1_leading_q;
    first_q       <= first_d;
  end

`ifndef SYNTHESIS
  // A fit found is inside the node; the carried run never exceeds the node.
  a_fit_inside_node : assert property (@(posedge clk_i) disable iff (!rst_ni)
      found_q |-> first_q + RunWidth'(units_i) <= RunWidth'(UnitsPerNode))
    else $error("tsr_alloc_scan: fit past the end of the node");
  a_run_bounded : assert property (@(posedge clk_i) disable iff (!rst_ni)
      run_q <= RunWidth'(UnitsPerNode))
    else $error("tsr_alloc_scan: free run longer than the node");
`endif
endmodule
