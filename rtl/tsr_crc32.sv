// tsr_crc32: CRC-32/ISO-HDLC (spec section 1: reflected, polynomial
// 0x04C11DB7) over a span of 64-bit words of one beat, in one cycle, for
// NumStates running CRCs at once that all take the same span.
//
// Contract: the beat's word l is data_i[64*l +: 64], its bytes in memory
// order (little-endian); the span is the words lo_i .. hi_i-1
// (0 <= lo_i <= hi_i <= Words; lo_i == hi_i leaves the states unchanged).
// state_i / state_o are raw CRC registers (the zlib CRC is ~register; start
// a CRC with register 0xFFFFFFFF). Purely combinational.
//
// How: the CRC register is linear. The beat with the words outside the span
// zeroed is run through one constant XOR matrix from register 0 (T); words
// after the span have only shifted that result, which a constant inverse
// shift by Words-hi words undoes (U); each state is advanced by hi-lo words
// of zeros (A) and XORed with it. Every matrix is computed at elaboration.
module tsr_crc32 #(
  parameter int Words     = 4,
  parameter int NumStates = 2,
  localparam int DataWidth = 64 * Words,
  localparam int SpanWidth = $clog2(Words + 1)
) (
  input  logic [DataWidth-1:0]           data_i,
  input  logic [SpanWidth-1:0]           lo_i,
  input  logic [SpanWidth-1:0]           hi_i,
  input  logic [NumStates-1:0][31:0]     state_i,
  output logic [NumStates-1:0][31:0]     state_o
);
  if (Words < 1 || Words > 8) begin : gen_words_check
    $error("tsr_crc32: Words must be 1..8");
  end
  if (NumStates < 1) begin : gen_states_check
    $error("tsr_crc32: NumStates must be at least 1");
  end

  localparam logic [31:0] Poly = 32'hEDB88320;  // 0x04C11DB7 reflected

  // One step of the register with a zero data bit, and its inverse.
  function automatic logic [31:0] crc_step(input logic [31:0] s);
    crc_step = s[0] ? ((s >> 1) ^ Poly) : (s >> 1);
  endfunction
  function automatic logic [31:0] crc_unstep(input logic [31:0] s);
    crc_unstep = s[31] ? (((s ^ Poly) << 1) | 32'd1) : (s << 1);
  endfunction

  // Column i of T: what data bit i (bit i%8 of byte i/8) adds to the
  // register after the whole beat: step^(DataWidth-i) of bit 0.
  function automatic logic [DataWidth*32-1:0] data_columns();
    logic [31:0] v;
    v = 32'd1;
    for (int i = DataWidth - 1; i >= 0; i--) begin
      v = crc_step(v);
      data_columns[i*32 +: 32] = v;
    end
  endfunction

  // Matrix k (k = 0..Words) of A: 64*k zero steps; column j at [(k*32+j)*32 +: 32].
  function automatic logic [(Words+1)*32*32-1:0] advance_columns();
    logic [31:0] v;
    for (int j = 0; j < 32; j++) begin
      v = 32'd1 << j;
      for (int k = 0; k <= Words; k++) begin
        advance_columns[(k*32+j)*32 +: 32] = v;
        for (int b = 0; b < 64; b++) v = crc_step(v);
      end
    end
  endfunction

  // Matrix k of U: 64*k inverse steps.
  function automatic logic [(Words+1)*32*32-1:0] unshift_columns();
    logic [31:0] v;
    for (int j = 0; j < 32; j++) begin
      v = 32'd1 << j;
      for (int k = 0; k <= Words; k++) begin
        unshift_columns[(k*32+j)*32 +: 32] = v;
        for (int b = 0; b < 64; b++) v = crc_unstep(v);
      end
    end
  endfunction

  localparam logic [DataWidth*32-1:0]       TCols = data_columns();
  localparam logic [(Words+1)*32*32-1:0]    ACols = advance_columns();
  localparam logic [(Words+1)*32*32-1:0]    UCols = unshift_columns();

  // The span's words, the others zeroed.
  logic [DataWidth-1:0] masked;
  always_comb begin
    for (int l = 0; l < Words; l++) begin
      masked[64*l +: 64] = (SpanWidth'(l) >= lo_i && SpanWidth'(l) < hi_i) ? data_i[64*l +: 64] : 64'd0;
    end
  end

  // T: the masked beat from register 0.
  logic [31:0] t_full;
  always_comb begin
    t_full = '0;
    for (int i = 0; i < DataWidth; i++) begin
      if (masked[i]) t_full = t_full ^ TCols[i*32 +: 32];
    end
  end

  // U(Words-hi) of T: the span's own contribution.
  logic [Words:0][31:0] t_unshifted;
  logic [31:0]          t_span;
  always_comb begin
    for (int k = 0; k <= Words; k++) begin
      t_unshifted[k] = '0;
      for (int j = 0; j < 32; j++) begin
        if (t_full[j]) t_unshifted[k] = t_unshifted[k] ^ UCols[(k*32+j)*32 +: 32];
      end
    end
    t_span = t_unshifted[0];
    for (int k = 0; k <= Words; k++) begin
      if (SpanWidth'(Words - k) == hi_i) t_span = t_unshifted[k];
    end
  end

  // Each state advanced by hi-lo words, plus the span.
  for (genvar n = 0; n < NumStates; n++) begin : gen_state
    logic [Words:0][31:0] advanced;
    logic [31:0]          chosen;
    always_comb begin
      for (int k = 0; k <= Words; k++) begin
        advanced[k] = '0;
        for (int j = 0; j < 32; j++) begin
          if (state_i[n][j]) advanced[k] = advanced[k] ^ ACols[(k*32+j)*32 +: 32];
        end
      end
      chosen = advanced[0];
      for (int k = 0; k <= Words; k++) begin
        if (SpanWidth'(k) == hi_i - lo_i) chosen = advanced[k];
      end
      state_o[n] = chosen ^ t_span;
    end
  end
endmodule
