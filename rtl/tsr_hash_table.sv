// tsr_hash_table: a RAM-based associative table (key -> value), the core of
// the tile directory and the layer table (docs/blocks/tables.md).
//
// Storage: Banks banks of Buckets buckets of Ways ways, Capacity slots in
// all, plus StashEntries fully associative stash slots. Each (bank, way) is
// one key RAM of {valid, key, counter} words (tsr_table_ram, synchronous
// read), so a key's bucket is read in one cycle in every bank; the rest of
// the value (the payload) sits in one payload RAM indexed by slot, read once
// the slot is known, so no wide multiplexer picks it. The counter is the
// value's low CounterWidth bits. Bank b's bucket for a key is an H3 hash:
// index bit j is the XOR of the key bits selected by mask HashMasks[b][j].
// An insert goes to the least loaded of its buckets (the lowest bank on a
// tie), its lowest free way; when all are full, to the lowest free stash
// entry; when the stash is full too, the answer is TableFull. So an insert
// fails only when at least Banks*Ways + StashEntries entries are held: any
// set of that many keys always fits.
//
// Pipeline (one request per cycle, no stage ever waits):
//   A  accept: hash, read the key RAMs at the key's bucket in every bank.
//   M  match: compare the key with the bucket's ways and the stash; count
//      each bucket's load and precompute where an insert would go, for the
//      table as it is and for the two ways the write of the operation just
//      ahead (decided in D meanwhile) can change it.
//   D  decide: take the write of the operation just ahead into account
//      (one multiplexer level), answer, write the key RAMs, the stash and
//      the payload RAM, read the payload RAM at the hit's slot.
//   R  respond: the payload joins the answer in the response FIFO.
// The key RAMs a request reads in A miss the writes of the two operations
// ahead of it (they are in D in the cycles A and M run): M forwards the
// older one's write, D the newer one's (docs/blocks/tables.md, Forwarding).
//
// Contract: one request stream {op, key, value, decrement, tag} and one
// response stream {status, value, zero, tag}, valid/ready. One request per
// cycle; responses in request order, 4 cycles after acceptance when the
// response port is ready; every operation acts as if it ran alone, in
// request order. req_ready_o comes from registers only (it depends on no
// input). After reset req_ready_o stays low for Buckets cycles while the key
// RAMs clear.
//   TableLookup: TableOk and the value, or TableMissing.
//   TableInsert: TableOk (the value inserted), TableDuplicate (the value
//     present, unchanged) or TableFull (no slot for this key).
//   TableDelete: TableOk (the value removed) or TableMissing.
//   TableAdjust: the counter +1, or -1 when req_decrement_i; TableOk with the
//     new value. -1 from 1 removes the entry and answers TableOk with
//     resp_zero_o and the value with counter 0. +1 at the counter's maximum
//     is refused: TableFull with the value unchanged. A missing key is
//     TableMissing. The counter never goes below zero: decrementing an entry
//     whose counter is 0 (one inserted with counter 0) breaks the contract
//     (asserted); it is removed as if its counter were 1.
// TableMissing and an insert's TableFull carry value 0. The tag travels with
// the request to its response. count_o: entries held.
module tsr_hash_table #(
  parameter int KeyWidth     = 48,
  parameter int ValueWidth   = 64,
  parameter int CounterWidth = 1,
  parameter int TagWidth     = 1,
  parameter int Capacity     = 1024,  // bucket slots: Banks x Buckets x Ways
  parameter int Banks        = 4,
  parameter int Ways         = 4,
  parameter int StashEntries = 8,
  localparam int Buckets     = Capacity / (Banks * Ways),
  localparam int IndexWidth  = (Buckets > 1) ? $clog2(Buckets) : 1,
  localparam int CountWidth  = $clog2(Capacity + StashEntries + 1)
) (
  input  logic                       clk_i,
  input  logic                       rst_ni,
  input  logic                       req_valid_i,
  output logic                       req_ready_o,
  input  tessera_pkg::table_op_e     req_op_i,
  input  logic [KeyWidth-1:0]        req_key_i,
  input  logic [ValueWidth-1:0]      req_value_i,
  input  logic                       req_decrement_i,
  input  logic [TagWidth-1:0]        req_tag_i,
  output logic                       resp_valid_o,
  input  logic                       resp_ready_i,
  output tessera_pkg::table_status_e resp_status_o,
  output logic [ValueWidth-1:0]      resp_value_o,
  output logic                       resp_zero_o,
  output logic [TagWidth-1:0]        resp_tag_o,
  output logic [CountWidth-1:0]      count_o
);
  if (KeyWidth < 1 || KeyWidth > 64) begin : gen_key_width_check
    $error("tsr_hash_table: KeyWidth must be 1..64");
  end
  if (CounterWidth < 1 || CounterWidth >= ValueWidth) begin : gen_counter_width_check
    $error("tsr_hash_table: CounterWidth must be 1..ValueWidth-1");
  end
  if (TagWidth < 1) begin : gen_tag_width_check
    $error("tsr_hash_table: TagWidth must be at least 1");
  end
  if (Banks < 1 || Banks > 4) begin : gen_banks_check
    $error("tsr_hash_table: Banks must be 1..4 (HashMasks holds 4)");
  end
  if (Ways < 1 || StashEntries < 1) begin : gen_ways_check
    $error("tsr_hash_table: Ways and StashEntries must be at least 1");
  end
  if (Capacity < Banks * Ways || Capacity % (Banks * Ways) != 0 || (Buckets & (Buckets - 1)) != 0 ||
      Buckets > 65536) begin : gen_capacity_check
    $error("tsr_hash_table: Capacity must be Banks*Ways times a power of two, at most 65536 buckets per bank");
  end

  localparam int EntryWidth    = 1 + KeyWidth + CounterWidth;  // key RAM word
  localparam int PayloadWidth  = ValueWidth - CounterWidth;
  localparam int SlotWidth     = (Capacity > 1) ? $clog2(Capacity) : 1;
  localparam int StashWidth    = (StashEntries > 1) ? $clog2(StashEntries) : 1;
  localparam int BankWidth     = (Banks > 1) ? $clog2(Banks) : 1;
  localparam int WayWidth      = (Ways > 1) ? $clog2(Ways) : 1;
  localparam int LoadWidth     = $clog2(Ways + 1);
  localparam int ResponseWidth = 2 + 1 + ValueWidth + TagWidth;
  localparam int ResponseDepth = 5;  // credits: M, D, R and two waiting responses
  localparam int CreditWidth   = $clog2(ResponseDepth + 1);
  localparam int Guaranteed    = Banks * Ways + StashEntries;
  localparam int Slots         = Capacity + StashEntries;

  // Where a response's payload comes from.
  localparam logic [1:0] FromNone    = 2'd0;  // zero
  localparam logic [1:0] FromRequest = 2'd1;  // the request (an insert)
  localparam logic [1:0] FromBank    = 2'd2;  // the payload RAM
  localparam logic [1:0] FromStash   = 2'd3;  // the stash payload RAM

  // H3 hash masks, 64 bits each, [bank][index bit] flattened (Yosys takes no
  // multi-dimensional parameters): bucket index bit j of bank b is the XOR of
  // the key bits selected by mask b * 16 + j, its low KeyWidth bits. Chosen
  // by tb/tools/hash_mask_search.cpp; tb/common/hash_table_model.hpp holds
  // the same table.
  localparam logic [4*16*64-1:0] HashMasks = {
    // bank 3, bits 15..0
    {64'hcf88dbb7edcd2831, 64'h33e42594b50fa1fc, 64'h795c8a4b65aa8748, 64'h99b056197df44ae5,
     64'hbe62280374d43eeb, 64'hd63ba70459bd95e2, 64'hd42d2995b23fbaa0, 64'hdeffe58b0bedec75,
     64'hea931a6e025e0fac, 64'h6cb7ad1bfd9a9491, 64'h89332c7618fc4eac, 64'h446e38f57c6e4110,
     64'hd43bc64b0ee2ea50, 64'h6a0811a48d325e8b, 64'ha6e8725732598d8e, 64'hd5efbf5611b582dc},
    // bank 2, bits 15..0
    {64'h77e6419ccbbf4b8f, 64'h8fda160f796ac5a5, 64'hc6395cc0841afded, 64'h90a03ba71063e8e0,
     64'h800b2b98369ac2f0, 64'h8559b5351e035f38, 64'hbc529a8ce44e6972, 64'hab3985d41a5256b3,
     64'h327b65b5bebdb1ef, 64'h3c9894ee75237248, 64'hfc9ab884310ad172, 64'h817cbe168dbe8748,
     64'heb0a46310b73151d, 64'had1b98a480c76317, 64'hbc45559d99cd3095, 64'hdd03d54af05efb54},
    // bank 1, bits 15..0
    {64'hd0c95c26d6d6cea5, 64'h6678c7daaeeab061, 64'h9cfa254e8bfac026, 64'hdef86631854d893e,
     64'h7fb781e711803439, 64'h62a39cfb2ffad042, 64'hc217f156a46d7546, 64'h316259bec8bd2a1d,
     64'h6c9685e459470c97, 64'haaff29648949c698, 64'h4fa50125f3474bfa, 64'h1cc6c06934c4f2bf,
     64'hab7bade1e79283df, 64'h21af6baab89032a5, 64'h7f2a417ded42352c, 64'he74ce3a7ab1ba487},
    // bank 0, bits 15..0
    {64'h963b9e240e126d48, 64'h43ff85175f1a2ee2, 64'h7ac32ce3362b0535, 64'h5381e37b409b9218,
     64'h30cb9ade89628987, 64'h1c6d6ff769aa9dcf, 64'h87bed25fe445f3a1, 64'h62972762745fd36e,
     64'h954ad4badc0c6866, 64'h5eed80978da9ad08, 64'hff32849799a4adc1, 64'h13f4a5d9e582f34b,
     64'h50cca7d338b1fa97, 64'hfbd0855dd4697a36, 64'h1b2e2980ff3733a1, 64'h64dbcf06fc571eba}
  };

  // Slot number of (bank, bucket, way) in the payload RAM.
  function automatic logic [SlotWidth-1:0] slot_of(input logic [BankWidth-1:0] bank,
                                                  input logic [IndexWidth-1:0] index,
                                                  input logic [WayWidth-1:0] way);
    logic [IndexWidth-1:0] bucket;
    bucket  = index & IndexWidth'(Buckets - 1);  // one bucket: index bit unused
    slot_of = SlotWidth'(bank) * SlotWidth'(Buckets * Ways) + SlotWidth'(bucket) * SlotWidth'(Ways) +
              SlotWidth'(way);
  endfunction

  // ---- A: hash, read the key RAMs ------------------------------------------------
  logic [Banks-1:0][IndexWidth-1:0] req_index;
  for (genvar b = 0; b < Banks; b++) begin : gen_hash
    for (genvar j = 0; j < IndexWidth; j++) begin : gen_index_bit
      if ((1 << j) < Buckets) begin : gen_xor
        assign req_index[b][j] = ^(req_key_i & HashMasks[(b * 16 + j) * 64 +: KeyWidth]);
      end else begin : gen_zero
        assign req_index[b][j] = 1'b0;
      end
    end
  end

  logic                   clearing_q;  // after reset: writing every bucket empty
  logic [IndexWidth-1:0]  clear_index_q;
  logic [CreditWidth-1:0] in_flight_q;  // accepted, response not yet taken
  logic                   accept, resp_pop;

  // M (match) stage: the request, its bucket in each bank (the key RAMs
  // hold them now), and whether the operation then in D (whose write the
  // read missed) had the same key / the same buckets.
  logic                             m_valid_q;
  tessera_pkg::table_op_e           m_op_q;
  logic [KeyWidth-1:0]              m_key_q;
  logic [ValueWidth-1:0]            m_value_q;
  logic                             m_decrement_q;
  logic [TagWidth-1:0]              m_tag_q;
  logic [Banks-1:0][IndexWidth-1:0] m_index_q;
  logic [Banks-1:0]                 m_same_bucket_q;
  logic                             m_same_key_q;

  // D (decide) stage: the request and what M found in the table as it was
  // before the write of the operation now just ahead (last_*, below).
  logic                             d_valid_q;
  tessera_pkg::table_op_e           d_op_q;
  logic [KeyWidth-1:0]              d_key_q;
  logic [ValueWidth-1:0]            d_value_q;
  logic                             d_decrement_q;
  logic [TagWidth-1:0]              d_tag_q;
  logic [Banks-1:0][IndexWidth-1:0] d_index_q;
  logic [Banks-1:0]                 d_same_bucket_q;  // as the operation ahead's
  logic                             d_same_key_q;
  logic [Banks-1:0][Ways-1:0]       d_match_q;        // the slot holding the key
  logic [StashEntries-1:0]          d_stash_match_q;
  logic                             d_hit_q, d_stash_hit_q;
  logic [BankWidth-1:0]             d_match_bank_q;
  logic [WayWidth-1:0]              d_match_way_q;
  logic [StashWidth-1:0]            d_match_stash_q;
  logic [CounterWidth-1:0]          d_counter_q;
  logic                             d_counter_low_q;  // counter 0 or 1
  logic                             d_update_q;       // a hit that a delete or adjust rewrites
  logic [Banks-1:0][Ways-1:0]       d_free_q;         // free slots of the key's buckets
  logic [Banks-1:0]                 d_chosen_shared_q;  // least loaded bank, if the bucket is
                                                        // shared with the operation ahead
  logic [Banks-1:0][Ways-1:0]       d_base_slot_q;      // where an insert goes
  logic [Banks-1:0][Ways-1:0]       d_filled_slot_q;    // ... once d_base_slot_q is taken
  logic [Banks-1:0]                 d_base_bank_q, d_filled_bank_q;  // their banks
  logic                             d_base_room_q, d_filled_room_q;  // those slots exist
  logic [Banks-1:0]                 d_freed_wins_q;     // bank b chosen with one entry less, if
                                                        // the bucket is shared with the operation ahead

  // The key-RAM and stash write of the previous cycle: the slots written
  // (one-hot), the word's valid bit and counter (its key is that operation's
  // key), the slot's number, and whether it filled a free slot of a bank or
  // freed one.
  logic [Banks-1:0][Ways-1:0] last_we_q;
  logic [StashEntries-1:0]    last_stash_we_q;
  logic                       last_valid_q;
  logic [CounterWidth-1:0]    last_counter_q;
  logic                       last_in_stash_q;
  logic [BankWidth-1:0]       last_bank_q;
  logic [WayWidth-1:0]        last_way_q;
  logic [StashWidth-1:0]      last_stash_q;
  logic                       last_wrote_q;  // a slot was written
  logic                       last_counter_low_q, last_counter_max_q;
  logic [Banks-1:0]           last_filled_q, last_freed_q;  // a free slot of bank b taken / a slot freed

  // Stash keys and counters (their payloads are in u_stash_payload).
  logic [StashEntries-1:0]                   stash_valid_q;
  logic [StashEntries-1:0][KeyWidth-1:0]     stash_key_q;
  logic [StashEntries-1:0][CounterWidth-1:0] stash_counter_q;

  // R (response) stage: the answer; the payload RAMs hold the payload.
  logic                       r_valid_q;
  tessera_pkg::table_status_e r_status_q;
  logic                       r_zero_q;
  logic [CounterWidth-1:0]    r_counter_q;
  logic [1:0]                 r_source_q;
  logic [PayloadWidth-1:0]    r_payload_q;
  logic [TagWidth-1:0]        r_tag_q;

  logic [CountWidth-1:0] count_q;

  // A request is accepted only when the response FIFO has room for it and
  // for everything in flight, so no stage ever waits.
  assign req_ready_o = !clearing_q && in_flight_q < CreditWidth'(ResponseDepth);
  assign accept      = req_valid_i && req_ready_o;
  assign count_o     = count_q;

  // ---- key RAMs ---------------------------------------------------------------
  logic [Banks-1:0][Ways-1:0]                 bank_we;
  logic [Banks-1:0][IndexWidth-1:0]           key_waddr;
  logic [EntryWidth-1:0]                      key_wdata;
  logic [Banks-1:0][Ways-1:0][EntryWidth-1:0] key_rdata;
  logic                                       write_valid;
  logic [CounterWidth-1:0]                    write_counter;

  always_comb begin
    for (int b = 0; b < Banks; b++) begin
      key_waddr[b] = clearing_q ? clear_index_q : d_index_q[b];
    end
    key_wdata = {write_valid && !clearing_q, d_key_q, write_counter};
  end

  for (genvar b = 0; b < Banks; b++) begin : gen_bank
    for (genvar w = 0; w < Ways; w++) begin : gen_way
      tsr_table_ram #(
        .Width(EntryWidth),
        .Depth(Buckets)
      ) u_keys (
        .clk_i,
        .we_i   (clearing_q || bank_we[b][w]),
        .waddr_i(key_waddr[b]),
        .wdata_i(key_wdata),
        .raddr_i(req_index[b]),
        .rdata_o(key_rdata[b][w])
      );
    end
  end

  // ---- M: compare, count, precompute the placement ------------------------------
  // The table M sees is the one D's operation saw (the write of the cycle
  // before forwarded): D corrects it for D's own write, which it knows only
  // when the cycle ends. That write fills a free slot, frees one or rewrites
  // a slot in place, so M prepares the placement for each case: as it is
  // (d_base_slot_q), once the base slot is taken (d_filled_slot_q; another
  // bucket's slot taken changes nothing: that bucket was not the least
  // loaded), and with one entry less in a bank (d_win_freed_q).
  logic [Banks-1:0][Ways-1:0]      m_forwarded, m_slot_valid, m_slot_match, m_ram_match;
  logic [StashEntries-1:0]         m_stash_match;
  logic [CounterWidth-1:0]         m_counter;
  logic [Banks-1:0][Ways-1:0]      m_slot_update, m_slot_low;
  logic [StashEntries-1:0]         m_stash_update, m_stash_low;
  logic                            m_update, m_low;
  logic [BankWidth-1:0]            m_match_bank;
  logic [WayWidth-1:0]             m_match_way;
  logic [StashWidth-1:0]           m_match_stash;
  logic [Banks-1:0][Ways:0]        m_at_most;  // [b][k]: bucket b holds at most k entries
  logic [Banks-1:0][Banks-1:0]     m_less, m_less2;
  logic [Banks-1:0]                m_base_bank, m_filled_bank, m_second_room;
  logic [Banks-1:0][Ways-1:0]      m_first_free, m_second_free;
  logic [Banks-1:0][Banks-1:0]     m_beats;  // [b][a]: b is preferred to a
  logic [Banks-1:0]                m_chosen, m_runner_up, m_win_filled, m_win_freed, m_after_fill;
  logic [Banks-1:0][Ways-1:0]      m_base_slot, m_filled_slot;

  always_comb begin
    for (int b = 0; b < Banks; b++) begin
      for (int w = 0; w < Ways; w++) begin
        m_forwarded[b][w]  = last_we_q[b][w] && m_same_bucket_q[b];
        m_slot_valid[b][w] = m_forwarded[b][w] ? last_valid_q : key_rdata[b][w][EntryWidth-1];
        m_ram_match[b][w]  = !m_forwarded[b][w] && key_rdata[b][w][EntryWidth-1] &&
                             key_rdata[b][w][CounterWidth +: KeyWidth] == m_key_q;
        m_slot_match[b][w] = m_ram_match[b][w] || (m_forwarded[b][w] && last_valid_q && m_same_key_q);
      end
    end
    for (int s = 0; s < StashEntries; s++) begin
      m_stash_match[s] = stash_valid_q[s] && stash_key_q[s] == m_key_q;
    end

    // The hit's counter and slot (at most one slot matches). Whether a
    // delete or adjust rewrites the entry (an increment at the counter's
    // maximum does not) and whether a decrement removes it are worked out
    // per slot, beside the key compare, and picked with the match.
    for (int b = 0; b < Banks; b++) begin
      for (int w = 0; w < Ways; w++) begin
        m_slot_update[b][w] = m_op_q == tessera_pkg::TableDelete ||
                              (m_op_q == tessera_pkg::TableAdjust &&
                               (m_decrement_q || !(m_forwarded[b][w] ? last_counter_max_q
                                                                     : &key_rdata[b][w][CounterWidth-1:0])));
        m_slot_low[b][w]    = m_forwarded[b][w] ? last_counter_low_q : (key_rdata[b][w][CounterWidth-1:0] >> 1) == '0;
      end
    end
    for (int s = 0; s < StashEntries; s++) begin
      m_stash_update[s] = m_op_q == tessera_pkg::TableDelete ||
                          (m_op_q == tessera_pkg::TableAdjust && (m_decrement_q || !(&stash_counter_q[s])));
      m_stash_low[s]    = (stash_counter_q[s] >> 1) == '0;
    end
    m_update  = |{m_slot_match & m_slot_update, m_stash_match & m_stash_update};
    m_low     = |{m_slot_match & m_slot_low, m_stash_match & m_stash_low};
    m_counter = (|(m_slot_match & m_forwarded)) ? last_counter_q : '0;
    for (int b = 0; b < Banks; b++) begin
      for (int w = 0; w < Ways; w++) begin
        m_counter |= m_ram_match[b][w] ? key_rdata[b][w][CounterWidth-1:0] : '0;
      end
    end
    for (int s = 0; s < StashEntries; s++) begin
      m_counter |= m_stash_match[s] ? stash_counter_q[s] : '0;
    end
    // Encoded by priority, so the numbers stay in range even when garbage
    // (before the RAMs are cleared) matches twice.
    m_match_bank  = '0;
    m_match_way   = '0;
    m_match_stash = '0;
    for (int b = 0; b < Banks; b++) begin
      for (int w = 0; w < Ways; w++) begin
        if (m_slot_match[b][w]) begin
          m_match_bank = BankWidth'(b);
          m_match_way  = WayWidth'(w);
        end
      end
    end
    for (int s = 0; s < StashEntries; s++) begin
      if (m_stash_match[s]) m_match_stash = StashWidth'(s);
    end

    // Loads as thermometer codes, m_at_most[b][k] = (load of bank b <= k),
    // built without adders, and the lowest two free ways of each bucket: the
    // comparisons below are then plain logic (no carry chains).
    for (int b = 0; b < Banks; b++) begin
      m_at_most[b]     = '1;
      m_first_free[b]  = '0;
      m_second_free[b] = '0;
      for (int w = 0; w < Ways; w++) begin
        if (m_slot_valid[b][w]) m_at_most[b] = {m_at_most[b][Ways-1:0], 1'b0};
      end
      for (int w = Ways - 1; w >= 0; w--) begin
        if (!m_slot_valid[b][w]) begin
          m_second_free[b] = m_first_free[b];
          m_first_free[b]  = Ways'(1) << w;
        end
      end
    end
    // m_less[x][y]: load x < load y; m_less2[x][y]: load x + 1 < load y.
    for (int x = 0; x < Banks; x++) begin
      for (int y = 0; y < Banks; y++) begin
        m_less[x][y]  = 1'b0;
        m_less2[x][y] = 1'b0;
        for (int k = 0; k < Ways; k++) begin
          m_less[x][y]  |= m_at_most[x][k] && !m_at_most[y][k];
          m_less2[x][y] |= m_at_most[x][k] && !m_at_most[y][k+1];
        end
      end
    end

    // d-left order: the less loaded bucket first, the lower bank on a tie.
    // The chosen bank beats every other, the runner-up all but the chosen.
    for (int b = 0; b < Banks; b++) begin
      for (int a = 0; a < Banks; a++) begin
        m_beats[b][a] = (a != b) && (b < a ? !m_less[a][b] : m_less[b][a]);
      end
    end
    for (int b = 0; b < Banks; b++) begin
      m_chosen[b]     = 1'b1;
      m_win_filled[b] = 1'b1;
      m_win_freed[b]  = 1'b1;
      for (int a = 0; a < Banks; a++) begin
        if (a != b) begin
          m_chosen[b] &= m_beats[b][a];
          // With one entry more in bank b / one less.
          if (a < b) begin
            m_win_filled[b] &= m_less2[b][a];
            m_win_freed[b]  &= !m_less[a][b];
          end else begin
            m_win_filled[b] &= m_less[b][a];
            m_win_freed[b]  &= !m_less2[a][b];
          end
        end
      end
    end
    for (int b = 0; b < Banks; b++) begin
      m_runner_up[b] = 1'b0;
      for (int a = 0; a < Banks; a++) begin
        if (m_chosen[a] && a != b) m_runner_up[b] = 1'b1;  // beaten by the chosen ...
      end
      for (int a = 0; a < Banks; a++) begin
        if (!m_chosen[a] && m_beats[a][b]) m_runner_up[b] = 1'b0;  // ... and by no other
      end
      if (m_chosen[b]) m_runner_up[b] = 1'b0;
    end
    // Once the chosen bucket has one entry more: it stays chosen or the
    // runner-up takes over. A bucket has room when it holds at most Ways - 1
    // entries (a second free way: at most Ways - 2).
    m_after_fill = (|(m_chosen & m_win_filled)) ? m_chosen : m_runner_up;
    for (int b = 0; b < Banks; b++) begin
      m_second_room[b] = |m_second_free[b];
      m_base_bank[b]   = m_chosen[b] && m_at_most[b][Ways-1];
      m_filled_bank[b] = m_after_fill[b] && (m_chosen[b] ? m_second_room[b] : m_at_most[b][Ways-1]);
      for (int w = 0; w < Ways; w++) begin
        m_base_slot[b][w]   = m_chosen[b] && m_first_free[b][w];
        m_filled_slot[b][w] = m_after_fill[b] && (m_chosen[b] ? m_second_free[b][w] : m_first_free[b][w]);
      end
    end
  end

  // ---- D: forward the last write, answer, write ---------------------------------
  logic                            last_same_key, last_update, insert_miss;
  logic [Banks-1:0][Ways-1:0]      slot_match, freed_first, new_slot;
  logic [StashEntries-1:0]         stash_match, stash_free, stash_we;
  logic                            hit, stash_hit, bucket_room, stash_room, freed_wins, filled_chosen;
  logic [Banks-1:0]                freed, new_bank_hot;
  logic [CounterWidth-1:0]         counter, answer_counter;
  logic                            counter_low;
  logic [BankWidth-1:0]            match_bank, new_bank;
  logic [WayWidth-1:0]             match_way, new_way;
  logic [IndexWidth-1:0]           match_index, new_index;
  logic [StashWidth-1:0]           match_stash, new_stash;
  logic                            write_new, write_found, removed, zero;
  tessera_pkg::table_status_e      status;
  logic [1:0]                      source;
  logic                            payload_we, stash_payload_we;

  always_comb begin
    // The operation just ahead wrote the slot holding this key (or the one
    // it took for it): that write decides. Otherwise a slot M matched still
    // holds the key (a write elsewhere never moves or creates it).
    last_same_key = d_same_key_q && last_wrote_q;
    hit           = last_same_key ? last_valid_q : d_hit_q;
    stash_hit     = last_same_key ? last_valid_q && last_in_stash_q : d_stash_hit_q;
    for (int b = 0; b < Banks; b++) begin
      for (int w = 0; w < Ways; w++) begin
        slot_match[b][w] = last_same_key ? last_valid_q && last_we_q[b][w] : d_match_q[b][w];
      end
    end
    for (int s = 0; s < StashEntries; s++) begin
      stash_match[s] = last_same_key ? last_valid_q && last_stash_we_q[s] : d_stash_match_q[s];
    end
    counter     = last_same_key ? last_counter_q : d_counter_q;
    counter_low = last_same_key ? last_counter_low_q : d_counter_low_q;
    match_bank  = last_same_key ? last_bank_q : d_match_bank_q;
    match_way   = last_same_key ? last_way_q : d_match_way_q;
    match_stash = last_same_key ? last_stash_q : d_match_stash_q;
    match_index = d_index_q[match_bank];

    // A delete or an adjust rewrites the key's slot: M prepared whether it
    // would (d_update_q), and the same for the entry the write just ahead
    // left (last_update).
    last_update = last_valid_q && (d_op_q == tessera_pkg::TableDelete ||
                                   (d_op_q == tessera_pkg::TableAdjust && (d_decrement_q || !last_counter_max_q)));
    write_found = d_valid_q && (last_same_key ? last_update : d_update_q);
    insert_miss = d_valid_q && d_op_q == tessera_pkg::TableInsert && !hit;

    // Placement: the write just ahead filled the base slot (the runner-up
    // placement), freed a slot of one of the key's buckets (that bucket, if
    // it now wins, its lowest free way), or left the loads as M saw them.
    for (int b = 0; b < Banks; b++) begin
      freed[b]       = last_freed_q[b] && d_same_bucket_q[b];
      freed_first[b] = '0;
      for (int w = Ways - 1; w >= 0; w--) begin
        if (d_free_q[b][w] || last_we_q[b][w]) freed_first[b] = Ways'(1) << w;
      end
    end
    freed_wins    = |(last_freed_q & d_freed_wins_q);
    filled_chosen = |(last_filled_q & d_chosen_shared_q);
    for (int b = 0; b < Banks; b++) begin
      new_bank_hot[b] = freed_wins ? freed[b] : filled_chosen ? d_filled_bank_q[b] : d_base_bank_q[b];
      for (int w = 0; w < Ways; w++) begin
        new_slot[b][w] = freed_wins    ? freed[b] && freed_first[b][w] :
                         filled_chosen ? d_filled_slot_q[b][w] : d_base_slot_q[b][w];
      end
    end
    bucket_room = freed_wins || (filled_chosen ? d_filled_room_q : d_base_room_q);
    new_bank    = '0;
    new_way     = '0;
    for (int b = 0; b < Banks; b++) begin
      for (int w = 0; w < Ways; w++) begin
        if (new_slot[b][w]) begin
          new_bank = BankWidth'(b);
          new_way  = WayWidth'(w);
        end
      end
    end
    new_index  = d_index_q[new_bank];
    stash_free = '0;
    new_stash  = '0;
    for (int s = StashEntries - 1; s >= 0; s--) begin
      if (!stash_valid_q[s]) begin
        stash_free = StashEntries'(1) << s;
        new_stash  = StashWidth'(s);
      end
    end
    stash_room = |stash_free;

    // The answer.
    status         = tessera_pkg::TableMissing;
    source         = FromNone;
    answer_counter = '0;
    zero           = 1'b0;
    write_new      = 1'b0;
    removed        = 1'b0;
    write_counter  = d_value_q[CounterWidth-1:0];
    unique case (d_op_q)
      tessera_pkg::TableLookup: begin
        if (hit) begin
          status         = tessera_pkg::TableOk;
          source         = stash_hit ? FromStash : FromBank;
          answer_counter = counter;
        end
      end
      tessera_pkg::TableInsert: begin
        if (hit) begin
          status         = tessera_pkg::TableDuplicate;
          source         = stash_hit ? FromStash : FromBank;
          answer_counter = counter;
        end else if (bucket_room || stash_room) begin
          status         = tessera_pkg::TableOk;
          source         = FromRequest;
          answer_counter = d_value_q[CounterWidth-1:0];
          write_new      = 1'b1;
        end else begin
          status = tessera_pkg::TableFull;
        end
      end
      tessera_pkg::TableDelete: begin
        if (hit) begin
          status         = tessera_pkg::TableOk;
          source         = stash_hit ? FromStash : FromBank;
          answer_counter = counter;
          removed        = 1'b1;
        end
      end
      tessera_pkg::TableAdjust: begin
        if (hit) begin
          source         = stash_hit ? FromStash : FromBank;
          answer_counter = counter;
          if (d_decrement_q) begin
            status = tessera_pkg::TableOk;
            if (counter_low) begin  // counter is 1 (or 0)
              answer_counter = '0;
              removed        = 1'b1;
              zero           = 1'b1;
            end else begin
              answer_counter = counter - 1'b1;
            end
          end else if (write_found) begin
            status         = tessera_pkg::TableOk;
            answer_counter = counter + 1'b1;
          end else begin  // the counter is at its maximum
            status = tessera_pkg::TableFull;
          end
          write_counter = answer_counter;
        end
      end
      default: ;
    endcase
    write_valid = !removed;

    // The write enables, spelt out so that they wait on as little as
    // possible: an insert's slot exists when it is chosen.
    for (int b = 0; b < Banks; b++) begin
      for (int w = 0; w < Ways; w++) begin
        bank_we[b][w] = (write_found && slot_match[b][w]) || (insert_miss && new_slot[b][w]);
      end
    end
    for (int s = 0; s < StashEntries; s++) begin
      stash_we[s] = (write_found && stash_match[s]) || (insert_miss && !bucket_room && stash_free[s]);
    end
    payload_we       = d_valid_q && write_new && bucket_room;
    stash_payload_we = d_valid_q && write_new && !bucket_room;
  end

  logic [PayloadWidth-1:0] payload_rdata, stash_payload_rdata;

  tsr_table_ram #(
    .Width(PayloadWidth),
    .Depth(Capacity)
  ) u_payload (
    .clk_i,
    .we_i   (payload_we),
    .waddr_i(slot_of(new_bank, new_index, new_way)),
    .wdata_i(d_value_q[ValueWidth-1:CounterWidth]),
    .raddr_i(slot_of(match_bank, match_index, match_way)),
    .rdata_o(payload_rdata)
  );

  tsr_table_ram #(
    .Width(PayloadWidth),
    .Depth(StashEntries)
  ) u_stash_payload (
    .clk_i,
    .we_i   (stash_payload_we),
    .waddr_i(new_stash),
    .wdata_i(d_value_q[ValueWidth-1:CounterWidth]),
    .raddr_i(match_stash),
    .rdata_o(stash_payload_rdata)
  );

  // ---- state ------------------------------------------------------------------
  assign resp_pop = resp_valid_o && resp_ready_i;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      clearing_q      <= 1'b1;
      clear_index_q   <= '0;
      in_flight_q     <= '0;
      m_valid_q       <= 1'b0;
      d_valid_q       <= 1'b0;
      r_valid_q       <= 1'b0;
      last_we_q       <= '0;
      last_stash_we_q <= '0;
      last_wrote_q    <= 1'b0;
      last_filled_q   <= '0;
      last_freed_q    <= '0;
      stash_valid_q   <= '0;
      count_q         <= '0;
      // Slot numbers that address the payload RAMs: in range from the start.
      d_match_bank_q  <= '0;
      d_match_way_q   <= '0;
      d_match_stash_q <= '0;
      last_bank_q     <= '0;
      last_way_q      <= '0;
      last_stash_q    <= '0;
    end else begin
      if (clearing_q) begin
        clear_index_q <= clear_index_q + 1'b1;
        if (clear_index_q == IndexWidth'(Buckets - 1)) clearing_q <= 1'b0;
      end
      if (accept != resp_pop) begin
        in_flight_q <= accept ? in_flight_q + 1'b1 : in_flight_q - 1'b1;
      end
      m_valid_q       <= accept;
      d_valid_q       <= m_valid_q;
      r_valid_q       <= d_valid_q;
      last_we_q       <= bank_we;
      last_stash_we_q <= stash_we;
      last_wrote_q    <= d_valid_q && (write_found || write_new);
      for (int b = 0; b < Banks; b++) begin
        last_filled_q[b] <= insert_miss && new_bank_hot[b];
        last_freed_q[b]  <= removed && |bank_we[b];
      end
      d_match_bank_q  <= m_match_bank;
      d_match_way_q   <= m_match_way;
      d_match_stash_q <= m_match_stash;
      last_bank_q     <= write_found ? match_bank : new_bank;
      last_way_q      <= write_found ? match_way : new_way;
      last_stash_q    <= write_found ? match_stash : new_stash;
      for (int s = 0; s < StashEntries; s++) begin
        if (stash_we[s]) stash_valid_q[s] <= write_valid;
      end
      if (d_valid_q && write_new) begin
        count_q <= count_q + 1'b1;
      end else if (d_valid_q && removed) begin
        count_q <= count_q - 1'b1;
      end
    end
  end

  always_ff @(posedge clk_i) begin
    if (accept) begin
      m_op_q        <= req_op_i;
      m_key_q       <= req_key_i;
      m_value_q     <= req_value_i;
      m_decrement_q <= req_decrement_i;
      m_tag_q       <= req_tag_i;
      m_index_q     <= req_index;
      m_same_key_q  <= req_key_i == d_key_q;
      for (int b = 0; b < Banks; b++) begin
        m_same_bucket_q[b] <= req_index[b] == d_index_q[b];
      end
    end
    d_op_q          <= m_op_q;
    d_key_q         <= m_key_q;
    d_value_q       <= m_value_q;
    d_decrement_q   <= m_decrement_q;
    d_tag_q         <= m_tag_q;
    d_index_q       <= m_index_q;
    d_same_key_q    <= m_key_q == d_key_q;
    for (int b = 0; b < Banks; b++) begin
      d_same_bucket_q[b] <= m_index_q[b] == d_index_q[b];
    end
    d_match_q       <= m_slot_match;
    d_stash_match_q <= m_stash_match;
    d_hit_q         <= |{m_slot_match, m_stash_match};
    d_stash_hit_q   <= |m_stash_match;
    d_counter_q     <= m_counter;
    d_counter_low_q <= m_low;
    d_update_q      <= m_update;
    d_free_q        <= ~m_slot_valid;
    d_base_slot_q   <= m_base_slot;
    d_filled_slot_q <= m_filled_slot;
    d_base_room_q   <= |m_base_bank;
    d_filled_room_q <= |m_filled_bank;
    for (int b = 0; b < Banks; b++) begin
      d_chosen_shared_q[b] <= m_chosen[b] && m_index_q[b] == d_index_q[b];
      d_freed_wins_q[b]    <= m_win_freed[b] && m_index_q[b] == d_index_q[b];
      d_base_bank_q[b]     <= m_base_bank[b];
      d_filled_bank_q[b]   <= m_filled_bank[b];
    end

    last_valid_q    <= write_valid;
    last_counter_q  <= write_counter;
    last_in_stash_q <= write_found ? stash_hit : !bucket_room;
    last_counter_low_q <= (write_counter >> 1) == '0;
    last_counter_max_q <= &write_counter;
    for (int s = 0; s < StashEntries; s++) begin
      if (stash_we[s]) begin
        stash_key_q[s]     <= d_key_q;
        stash_counter_q[s] <= write_counter;
      end
    end
    if (d_valid_q) begin
      r_status_q  <= status;
      r_zero_q    <= zero;
      r_counter_q <= answer_counter;
      r_source_q  <= source;
      r_payload_q <= d_value_q[ValueWidth-1:CounterWidth];
      r_tag_q     <= d_tag_q;
    end
  end

  // ---- responses: a FIFO with room for everything accepted --------------------
  logic [PayloadWidth-1:0] r_payload;
  logic                    fifo_ready;

  always_comb begin
    unique case (r_source_q)
      FromRequest: r_payload = r_payload_q;
      FromBank:    r_payload = payload_rdata;
      FromStash:   r_payload = stash_payload_rdata;
      default:     r_payload = '0;
    endcase
  end

  tsr_fifo #(
    .Width(ResponseWidth),
    .Depth(ResponseDepth)
  ) u_responses (
    .clk_i,
    .rst_ni,
    .valid_i(r_valid_q),
    .ready_o(fifo_ready),
    .data_i ({r_status_q, r_zero_q, r_payload, r_counter_q, r_tag_q}),
    .valid_o(resp_valid_o),
    .ready_i(resp_ready_i),
    .data_o ({resp_status_o, resp_zero_o, resp_value_o, resp_tag_o}),
    .count_o()
  );

  // ---- assertions -------------------------------------------------------------
`ifndef SYNTHESIS
  // The placement D uses, recomputed from scratch on the table as D's
  // operation sees it (M's view with the last write applied): d-left, the
  // lowest bank on a tie, its lowest free way.
  logic [Banks-1:0]                touched;  // the write just ahead is in the key's bucket
  logic [Banks-1:0][Ways-1:0]      ref_valid, ref_slot;
  logic [Banks-1:0][LoadWidth-1:0] ref_load;
  logic [BankWidth-1:0]            ref_bank;
  logic                            ref_slot_set;
  always_comb begin
    for (int b = 0; b < Banks; b++) begin
      touched[b]  = |last_we_q[b] && d_same_bucket_q[b];
      ref_load[b] = '0;
      for (int w = 0; w < Ways; w++) begin
        ref_valid[b][w] = (touched[b] && last_we_q[b][w]) ? last_valid_q : !d_free_q[b][w];
        ref_load[b] += LoadWidth'(ref_valid[b][w]);
      end
    end
    ref_bank = '0;
    for (int b = 1; b < Banks; b++) begin
      if (ref_load[b] < ref_load[ref_bank]) ref_bank = BankWidth'(b);
    end
    ref_slot     = '0;
    ref_slot_set = 1'b0;
    for (int w = 0; w < Ways; w++) begin
      if (!ref_valid[ref_bank][w] && !ref_slot_set) begin
        ref_slot[ref_bank][w] = 1'b1;
        ref_slot_set          = 1'b1;
      end
    end
  end

  tsr_stream_assert #(.Width(2 + KeyWidth + ValueWidth + 1 + TagWidth)) u_req_rules (
    .clk_i, .rst_ni, .valid_i(req_valid_i), .ready_i(req_ready_o),
    .data_i({req_op_i, req_key_i, req_value_i, req_decrement_i, req_tag_i}));
  tsr_stream_assert #(.Width(ResponseWidth)) u_resp_rules (
    .clk_i, .rst_ni, .valid_i(resp_valid_o), .ready_i(resp_ready_i),
    .data_i({resp_status_o, resp_zero_o, resp_value_o, resp_tag_o}));
  a_one_copy : assert property (@(posedge clk_i) disable iff (!rst_ni)
      d_valid_q |-> $onehot0({slot_match, stash_match}))
    else $error("tsr_hash_table: a key is held in two slots");
  a_one_write : assert property (@(posedge clk_i) disable iff (!rst_ni)
      $onehot0({bank_we, stash_we}))
    else $error("tsr_hash_table: more than one slot written");
  a_placement_exact : assert property (@(posedge clk_i) disable iff (!rst_ni)
      d_valid_q && d_op_q == tessera_pkg::TableInsert && !hit |-> new_slot == ref_slot)
    else $error("tsr_hash_table: the precomputed placement differs from the d-left choice");
  a_update_exact : assert property (@(posedge clk_i) disable iff (!rst_ni)
      write_found == (d_valid_q && hit && (d_op_q == tessera_pkg::TableDelete ||
                                           (d_op_q == tessera_pkg::TableAdjust && (d_decrement_q || counter != '1)))))
    else $error("tsr_hash_table: the precomputed update decision differs from the operation's");
  a_low_exact : assert property (@(posedge clk_i) disable iff (!rst_ni)
      d_valid_q && hit |-> counter_low == ((counter >> 1) == '0))
    else $error("tsr_hash_table: the precomputed counter-low flag differs from the counter");
  a_room_exact : assert property (@(posedge clk_i) disable iff (!rst_ni)
      d_valid_q && d_op_q == tessera_pkg::TableInsert && !hit |-> bucket_room == |new_slot)
    else $error("tsr_hash_table: the precomputed bucket room differs from the placement");
  a_last_wrote_exact : assert property (@(posedge clk_i) disable iff (!rst_ni)
      last_wrote_q == |{last_we_q, last_stash_we_q})
    else $error("tsr_hash_table: last_wrote_q differs from the slots written");
  a_insert_into_free : assert property (@(posedge clk_i) disable iff (!rst_ni)
      d_valid_q && write_new |-> !(|(bank_we & ref_valid)) && !(|(stash_we & stash_valid_q)))
    else $error("tsr_hash_table: insert into an occupied slot");
  a_update_hits : assert property (@(posedge clk_i) disable iff (!rst_ni)
      d_valid_q && write_found |-> hit)
    else $error("tsr_hash_table: update of a missing key");
  a_no_write_when_full : assert property (@(posedge clk_i) disable iff (!rst_ni)
      d_valid_q && write_new |-> count_q < CountWidth'(Slots))
    else $error("tsr_hash_table: insert into a full table");
  a_full_beyond_guarantee : assert property (@(posedge clk_i) disable iff (!rst_ni)
      d_valid_q && d_op_q == tessera_pkg::TableInsert && status == tessera_pkg::TableFull
      |-> count_q >= CountWidth'(Guaranteed))
    else $error("tsr_hash_table: TableFull below the guaranteed capacity");
  a_no_decrement_at_zero : assert property (@(posedge clk_i) disable iff (!rst_ni)
      d_valid_q && d_op_q == tessera_pkg::TableAdjust && d_decrement_q && hit |-> counter != '0)
    else $error("tsr_hash_table: decrement of a counter at zero");
  a_no_increment_past_max : assert property (@(posedge clk_i) disable iff (!rst_ni)
      d_valid_q && d_op_q == tessera_pkg::TableAdjust && !d_decrement_q && write_found |-> counter != '1)
    else $error("tsr_hash_table: increment of a counter at its maximum");
  a_payload_read_not_written : assert property (@(posedge clk_i) disable iff (!rst_ni)
      payload_we |-> source != FromBank)
    else $error("tsr_hash_table: payload read and written at once");
  a_count_in_range : assert property (@(posedge clk_i) disable iff (!rst_ni)
      count_q <= CountWidth'(Slots))
    else $error("tsr_hash_table: more entries than slots");
  a_idle_while_clearing : assert property (@(posedge clk_i) disable iff (!rst_ni)
      clearing_q |-> !m_valid_q && !d_valid_q && !r_valid_q)
    else $error("tsr_hash_table: request in flight while clearing");
  a_response_room : assert property (@(posedge clk_i) disable iff (!rst_ni)
      r_valid_q |-> fifo_ready)
    else $error("tsr_hash_table: response FIFO overrun");
  a_in_flight_in_range : assert property (@(posedge clk_i) disable iff (!rst_ni)
      in_flight_q <= CreditWidth'(ResponseDepth))
    else $error("tsr_hash_table: more requests in flight than response credits");
`endif
endmodule
