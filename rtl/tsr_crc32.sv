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
// of zeros (A) and XORed with it. The matrices are constant tables.
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

  // The matrices, as columns of 32 bits (generated once from the reflected
  // step s' = s[0] ? (s >> 1) ^ 0xEDB88320 : s >> 1 and its inverse
  // s = s'[31] ? ((s' ^ 0xEDB88320) << 1) | 1 : s' << 1; a table, because
  // Yosys evaluates constant functions too slowly):
  //   TAll[i]      = step^(512-i)(1): what data bit i of a 512-bit beat adds
  //                  to the register after the beat; a narrower beat of D bits
  //                  uses TAll[512-D ..] (its bit i is bit i+512-D of a
  //                  512-bit beat whose first bits are zero);
  //   AAll[k*32+j] = step^(64k)(1 << j): k zero words;
  //   UAll[k*32+j] = unstep^(64k)(1 << j): k zero words undone.
  // tb/test_desc_fetch.cpp checks the results against zlib at 64 and 256 bits.
  localparam logic [512*32-1:0] TAll = {
    32'hedb88320, 32'h76dc4190, 32'h3b6e20c8, 32'h1db71064, 32'h0edb8832, 32'h076dc419,
    32'hee0e612c, 32'h77073096, 32'h3b83984b, 32'hf0794f05, 32'h958424a2, 32'h4ac21251,
    32'hc8d98a08, 32'h646cc504, 32'h32366282, 32'h191b3141, 32'he1351b80, 32'h709a8dc0,
    32'h384d46e0, 32'h1c26a370, 32'h0e1351b8, 32'h0709a8dc, 32'h0384d46e, 32'h01c26a37,
    32'hed59b63b, 32'h9b14583d, 32'ha032af3e, 32'h5019579f, 32'hc5b428ef, 32'h8f629757,
    32'haa09c88b, 32'hb8bc6765, 32'hb1e6b092, 32'h58f35849, 32'hc1c12f04, 32'h60e09782,
    32'h30704bc1, 32'hf580a6c0, 32'h7ac05360, 32'h3d6029b0, 32'h1eb014d8, 32'h0f580a6c,
    32'h07ac0536, 32'h03d6029b, 32'hec53826d, 32'h9b914216, 32'h4dc8a10b, 32'hcb5cd3a5,
    32'h8816eaf2, 32'h440b7579, 32'hcfbd399c, 32'h67de9cce, 32'h33ef4e67, 32'hf44f2413,
    32'h979f1129, 32'ha6770bb4, 32'h533b85da, 32'h299dc2ed, 32'hf9766256, 32'h7cbb312b,
    32'hd3e51bb5, 32'h844a0efa, 32'h4225077d, 32'hccaa009e, 32'h6655004f, 32'hde920307,
    32'h82f182a3, 32'hacc04271, 32'hbbd8a218, 32'h5dec510c, 32'h2ef62886, 32'h177b1443,
    32'he6050901, 32'h9eba07a0, 32'h4f5d03d0, 32'h27ae81e8, 32'h13d740f4, 32'h09eba07a,
    32'h04f5d03d, 32'hefc26b3e, 32'h77e1359f, 32'hd64819ef, 32'h869c8fd7, 32'haef6c4cb,
    32'hbac3e145, 32'hb0d97382, 32'h586cb9c1, 32'hc18edfc0, 32'h60c76fe0, 32'h3063b7f0,
    32'h1831dbf8, 32'h0c18edfc, 32'h060c76fe, 32'h03063b7f, 32'hec3b9e9f, 32'h9ba54c6f,
    32'ha06a2517, 32'hbd8d91ab, 32'hb37e4bf5, 32'hb407a6da, 32'h5a03d36d, 32'hc0b96a96,
    32'h605cb54b, 32'hdd96d985, 32'h8373efe2, 32'h41b9f7f1, 32'hcd6478d8, 32'h66b23c6c,
    32'h33591e36, 32'h19ac8f1b, 32'he16ec4ad, 32'h9d0fe176, 32'h4e87f0bb, 32'hcafb7b7d,
    32'h88c53e9e, 32'h44629f4f, 32'hcf89cc87, 32'h8a7c6563, 32'ha886b191, 32'hb9fbdbe8,
    32'h5cfdedf4, 32'h2e7ef6fa, 32'h173f7b7d, 32'he6273e9e, 32'h73139f4f, 32'hd4314c87,
    32'h87a02563, 32'hae689191, 32'hba8ccbe8, 32'h5d4665f4, 32'h2ea332fa, 32'h1751997d,
    32'he6104f9e, 32'h730827cf, 32'hd43c90c7, 32'h87a6cb43, 32'hae6be681, 32'hba8d7060,
    32'h5d46b830, 32'h2ea35c18, 32'h1751ae0c, 32'h0ba8d706, 32'h05d46b83, 32'hef52b6e1,
    32'h9a11d850, 32'h4d08ec28, 32'h26847614, 32'h13423b0a, 32'h09a11d85, 32'he9680de2,
    32'h74b406f1, 32'hd7e28058, 32'h6bf1402c, 32'h35f8a016, 32'h1afc500b, 32'he0c6ab25,
    32'h9ddbd6b2, 32'h4eedeb59, 32'hcace768c, 32'h65673b46, 32'h32b39da3, 32'hf4e14df1,
    32'h97c825d8, 32'h4be412ec, 32'h25f20976, 32'h12f904bb, 32'he4c4017d, 32'h9fda839e,
    32'h4fed41cf, 32'hca4e23c7, 32'h889f92c3, 32'ha9f74a41, 32'hb9432600, 32'h5ca19300,
    32'h2e50c980, 32'h172864c0, 32'h0b943260, 32'h05ca1930, 32'h02e50c98, 32'h0172864c,
    32'h00b94326, 32'h005ca193, 32'hed96d3e9, 32'h9b73ead4, 32'h4db9f56a, 32'h26dcfab5,
    32'hfed6fe7a, 32'h7f6b7f3d, 32'hd20d3cbe, 32'h69069e5f, 32'hd93bcc0f, 32'h81256527,
    32'had2a31b3, 32'hbb2d9bf9, 32'hb02e4edc, 32'h5817276e, 32'h2c0b93b7, 32'hfbbd4afb,
    32'h9066265d, 32'ha58b900e, 32'h52c5c807, 32'hc4da6723, 32'h8fd5b0b1, 32'haa525b78,
    32'h55292dbc, 32'h2a9496de, 32'h154a4b6f, 32'he71da697, 32'h9e36506b, 32'ha2a3ab15,
    32'hbce956aa, 32'h5e74ab55, 32'hc282d68a, 32'h61416b45, 32'hdd183682, 32'h6e8c1b41,
    32'hdafe8e80, 32'h6d7f4740, 32'h36bfa3a0, 32'h1b5fd1d0, 32'h0dafe8e8, 32'h06d7f474,
    32'h036bfa3a, 32'h01b5fd1d, 32'hed627dae, 32'h76b13ed7, 32'hd6e01c4b, 32'h86c88d05,
    32'haedcc5a2, 32'h576e62d1, 32'hc60fb248, 32'h6307d924, 32'h3183ec92, 32'h18c1f649,
    32'he1d87804, 32'h70ec3c02, 32'h38761e01, 32'hf1838c20, 32'h78c1c610, 32'h3c60e308,
    32'h1e307184, 32'h0f1838c2, 32'h078c1c61, 32'hee7e8d10, 32'h773f4688, 32'h3b9fa344,
    32'h1dcfd1a2, 32'h0ee7e8d1, 32'heacb7748, 32'h7565bba4, 32'h3ab2ddd2, 32'h1d596ee9,
    32'he3143454, 32'h718a1a2a, 32'h38c50d15, 32'hf1da05aa, 32'h78ed02d5, 32'hd1ce024a,
    32'h68e70125, 32'hd9cb03b2, 32'h6ce581d9, 32'hdbca43cc, 32'h6de521e6, 32'h36f290f3,
    32'hf6c1cb59, 32'h96d8668c, 32'h4b6c3346, 32'h25b619a3, 32'hff638ff1, 32'h920944d8,
    32'h4904a26c, 32'h24825136, 32'h1241289b, 32'he498176d, 32'h9ff48896, 32'h4ffa444b,
    32'hca45a105, 32'h889a53a2, 32'h444d29d1, 32'hcf9e17c8, 32'h67cf0be4, 32'h33e785f2,
    32'h19f3c2f9, 32'he141625c, 32'h70a0b12e, 32'h38505897, 32'hf190af6b, 32'h9570d495,
    32'ha700e96a, 32'h538074b5, 32'hc478b97a, 32'h623c5cbd, 32'hdca6ad7e, 32'h6e5356bf,
    32'hda91287f, 32'h80f0171f, 32'hadc088af, 32'hbb58c777, 32'hb014e09b, 32'hb5b2f36d,
    32'hb761fa96, 32'h5bb0fd4b, 32'hc060fd85, 32'h8d88fde2, 32'h46c47ef1, 32'hcedabc58,
    32'h676d5e2c, 32'h33b6af16, 32'h19db578b, 32'he15528e5, 32'h9d121752, 32'h4e890ba9,
    32'hcafc06f4, 32'h657e037a, 32'h32bf01bd, 32'hf4e703fe, 32'h7a7381ff, 32'hd08143df,
    32'h85f822cf, 32'haf449247, 32'hba1aca03, 32'hb0b5e621, 32'hb5e27030, 32'h5af13818,
    32'h2d789c0c, 32'h16bc4e06, 32'h0b5e2703, 32'he81790a1, 32'h99b34b70, 32'h4cd9a5b8,
    32'h266cd2dc, 32'h1336696e, 32'h099b34b7, 32'he975197b, 32'h99020f9d, 32'ha13984ee,
    32'h509cc277, 32'hc5f6e21b, 32'h8f43f22d, 32'haa197a36, 32'h550cbd1b, 32'hc73eddad,
    32'h8e27edf6, 32'h4713f6fb, 32'hce31785d, 32'h8aa03f0e, 32'h45501f87, 32'hcf108ce3,
    32'h8a30c551, 32'ha8a0e188, 32'h545070c4, 32'h2a283862, 32'h15141c31, 32'he7328d38,
    32'h7399469c, 32'h39cca34e, 32'h1ce651a7, 32'he3cbabf3, 32'h9c5d56d9, 32'ha396284c,
    32'h51cb1426, 32'h28e58a13, 32'hf9ca4629, 32'h915da034, 32'h48aed01a, 32'h2457680d,
    32'hff933726, 32'h7fc99b93, 32'hd25c4ee9, 32'h8496a454, 32'h424b522a, 32'h2125a915,
    32'hfd2a57aa, 32'h7e952bd5, 32'hd2f216ca, 32'h69790b65, 32'hd9040692, 32'h6c820349,
    32'hdbf98284, 32'h6dfcc142, 32'h36fe60a1, 32'hf6c7b370, 32'h7b63d9b8, 32'h3db1ecdc,
    32'h1ed8f66e, 32'h0f6c7b37, 32'hea0ebebb, 32'h98bfdc7d, 32'ha1e76d1e, 32'h50f3b68f,
    32'hc5c15867, 32'h8f582f13, 32'haa1494a9, 32'hb8b2c974, 32'h5c5964ba, 32'h2e2cb25d,
    32'hfaaeda0e, 32'h7d576d07, 32'hd31335a3, 32'h843119f1, 32'hafa00fd8, 32'h57d007ec,
    32'h2be803f6, 32'h15f401fb, 32'he74283dd, 32'h9e19c2ce, 32'h4f0ce167, 32'hca3ef393,
    32'h88a7fae9, 32'ha9eb7e54, 32'h54f5bf2a, 32'h2a7adf95, 32'hf885ecea, 32'h7c42f675,
    32'hd399f81a, 32'h69ccfc0d, 32'hd95efd26, 32'h6caf7e93, 32'hdbef3c69, 32'h804f1d14,
    32'h40278e8a, 32'h2013c745, 32'hfdb16082, 32'h7ed8b041, 32'hd2d4db00, 32'h696a6d80,
    32'h34b536c0, 32'h1a5a9b60, 32'h0d2d4db0, 32'h0696a6d8, 32'h034b536c, 32'h01a5a9b6,
    32'h00d2d4db, 32'hedd1e94d, 32'h9b507786, 32'h4da83bc3, 32'hcb6c9ec1, 32'h880ecc40,
    32'h44076620, 32'h2203b310, 32'h1101d988, 32'h0880ecc4, 32'h04407662, 32'h02203b31,
    32'heca89eb8, 32'h76544f5c, 32'h3b2a27ae, 32'h1d9513d7, 32'he3720acb, 32'h9c018645,
    32'ha3b84002, 32'h51dc2001, 32'hc5569320, 32'h62ab4990, 32'h3155a4c8, 32'h18aad264,
    32'h0c556932, 32'h062ab499, 32'heeadd96c, 32'h7756ecb6, 32'h3bab765b, 32'hf06d380d,
    32'h958e1f26, 32'h4ac70f93, 32'hc8db04e9, 32'h89d50154, 32'h44ea80aa, 32'h22754055,
    32'hfc82230a, 32'h7e411185, 32'hd2980be2, 32'h694c05f1, 32'hd91e81d8, 32'h6c8f40ec,
    32'h3647a076, 32'h1b23d03b, 32'he0296b3d, 32'h9dac36be, 32'h4ed61b5f, 32'hcad38e8f,
    32'h88d14467, 32'ha9d02113, 32'hb95093a9, 32'hb110caf4, 32'h5888657a, 32'h2c4432bd,
    32'hfb9a9a7e, 32'h7dcd4d3f, 32'hd35e25bf, 32'h841791ff, 32'hafb34bdf, 32'hba6126cf,
    32'hb0881047, 32'hb5fc8b03, 32'hb746c6a1, 32'hb61be070, 32'h5b0df038, 32'h2d86f81c,
    32'h16c37c0e, 32'h0b61be07, 32'he8085c23, 32'h99bcad31, 32'ha166d5b8, 32'h50b36adc,
    32'h2859b56e, 32'h142cdab7, 32'he7aeee7b, 32'h9e6ff41d, 32'ha28f792e, 32'h5147bc97,
    32'hc51b5d6b, 32'h8f352d95
  };
  localparam logic [288*32-1:0] AAll = {
    32'h88d14467, 32'ha9d02113, 32'hb95093a9, 32'hb110caf4, 32'h5888657a, 32'h2c4432bd,
    32'hfb9a9a7e, 32'h7dcd4d3f, 32'hd35e25bf, 32'h841791ff, 32'hafb34bdf, 32'hba6126cf,
    32'hb0881047, 32'hb5fc8b03, 32'hb746c6a1, 32'hb61be070, 32'h5b0df038, 32'h2d86f81c,
    32'h16c37c0e, 32'h0b61be07, 32'he8085c23, 32'h99bcad31, 32'ha166d5b8, 32'h50b36adc,
    32'h2859b56e, 32'h142cdab7, 32'he7aeee7b, 32'h9e6ff41d, 32'ha28f792e, 32'h5147bc97,
    32'hc51b5d6b, 32'h8f352d95, 32'hd95efd26, 32'h6caf7e93, 32'hdbef3c69, 32'h804f1d14,
    32'h40278e8a, 32'h2013c745, 32'hfdb16082, 32'h7ed8b041, 32'hd2d4db00, 32'h696a6d80,
    32'h34b536c0, 32'h1a5a9b60, 32'h0d2d4db0, 32'h0696a6d8, 32'h034b536c, 32'h01a5a9b6,
    32'h00d2d4db, 32'hedd1e94d, 32'h9b507786, 32'h4da83bc3, 32'hcb6c9ec1, 32'h880ecc40,
    32'h44076620, 32'h2203b310, 32'h1101d988, 32'h0880ecc4, 32'h04407662, 32'h02203b31,
    32'heca89eb8, 32'h76544f5c, 32'h3b2a27ae, 32'h1d9513d7, 32'h15141c31, 32'he7328d38,
    32'h7399469c, 32'h39cca34e, 32'h1ce651a7, 32'he3cbabf3, 32'h9c5d56d9, 32'ha396284c,
    32'h51cb1426, 32'h28e58a13, 32'hf9ca4629, 32'h915da034, 32'h48aed01a, 32'h2457680d,
    32'hff933726, 32'h7fc99b93, 32'hd25c4ee9, 32'h8496a454, 32'h424b522a, 32'h2125a915,
    32'hfd2a57aa, 32'h7e952bd5, 32'hd2f216ca, 32'h69790b65, 32'hd9040692, 32'h6c820349,
    32'hdbf98284, 32'h6dfcc142, 32'h36fe60a1, 32'hf6c7b370, 32'h7b63d9b8, 32'h3db1ecdc,
    32'ha700e96a, 32'h538074b5, 32'hc478b97a, 32'h623c5cbd, 32'hdca6ad7e, 32'h6e5356bf,
    32'hda91287f, 32'h80f0171f, 32'hadc088af, 32'hbb58c777, 32'hb014e09b, 32'hb5b2f36d,
    32'hb761fa96, 32'h5bb0fd4b, 32'hc060fd85, 32'h8d88fde2, 32'h46c47ef1, 32'hcedabc58,
    32'h676d5e2c, 32'h33b6af16, 32'h19db578b, 32'he15528e5, 32'h9d121752, 32'h4e890ba9,
    32'hcafc06f4, 32'h657e037a, 32'h32bf01bd, 32'hf4e703fe, 32'h7a7381ff, 32'hd08143df,
    32'h85f822cf, 32'haf449247, 32'hed627dae, 32'h76b13ed7, 32'hd6e01c4b, 32'h86c88d05,
    32'haedcc5a2, 32'h576e62d1, 32'hc60fb248, 32'h6307d924, 32'h3183ec92, 32'h18c1f649,
    32'he1d87804, 32'h70ec3c02, 32'h38761e01, 32'hf1838c20, 32'h78c1c610, 32'h3c60e308,
    32'h1e307184, 32'h0f1838c2, 32'h078c1c61, 32'hee7e8d10, 32'h773f4688, 32'h3b9fa344,
    32'h1dcfd1a2, 32'h0ee7e8d1, 32'heacb7748, 32'h7565bba4, 32'h3ab2ddd2, 32'h1d596ee9,
    32'he3143454, 32'h718a1a2a, 32'h38c50d15, 32'hf1da05aa, 32'h32b39da3, 32'hf4e14df1,
    32'h97c825d8, 32'h4be412ec, 32'h25f20976, 32'h12f904bb, 32'he4c4017d, 32'h9fda839e,
    32'h4fed41cf, 32'hca4e23c7, 32'h889f92c3, 32'ha9f74a41, 32'hb9432600, 32'h5ca19300,
    32'h2e50c980, 32'h172864c0, 32'h0b943260, 32'h05ca1930, 32'h02e50c98, 32'h0172864c,
    32'h00b94326, 32'h005ca193, 32'hed96d3e9, 32'h9b73ead4, 32'h4db9f56a, 32'h26dcfab5,
    32'hfed6fe7a, 32'h7f6b7f3d, 32'hd20d3cbe, 32'h69069e5f, 32'hd93bcc0f, 32'h81256527,
    32'ha06a2517, 32'hbd8d91ab, 32'hb37e4bf5, 32'hb407a6da, 32'h5a03d36d, 32'hc0b96a96,
    32'h605cb54b, 32'hdd96d985, 32'h8373efe2, 32'h41b9f7f1, 32'hcd6478d8, 32'h66b23c6c,
    32'h33591e36, 32'h19ac8f1b, 32'he16ec4ad, 32'h9d0fe176, 32'h4e87f0bb, 32'hcafb7b7d,
    32'h88c53e9e, 32'h44629f4f, 32'hcf89cc87, 32'h8a7c6563, 32'ha886b191, 32'hb9fbdbe8,
    32'h5cfdedf4, 32'h2e7ef6fa, 32'h173f7b7d, 32'he6273e9e, 32'h73139f4f, 32'hd4314c87,
    32'h87a02563, 32'hae689191, 32'hb1e6b092, 32'h58f35849, 32'hc1c12f04, 32'h60e09782,
    32'h30704bc1, 32'hf580a6c0, 32'h7ac05360, 32'h3d6029b0, 32'h1eb014d8, 32'h0f580a6c,
    32'h07ac0536, 32'h03d6029b, 32'hec53826d, 32'h9b914216, 32'h4dc8a10b, 32'hcb5cd3a5,
    32'h8816eaf2, 32'h440b7579, 32'hcfbd399c, 32'h67de9cce, 32'h33ef4e67, 32'hf44f2413,
    32'h979f1129, 32'ha6770bb4, 32'h533b85da, 32'h299dc2ed, 32'hf9766256, 32'h7cbb312b,
    32'hd3e51bb5, 32'h844a0efa, 32'h4225077d, 32'hccaa009e, 32'h80000000, 32'h40000000,
    32'h20000000, 32'h10000000, 32'h08000000, 32'h04000000, 32'h02000000, 32'h01000000,
    32'h00800000, 32'h00400000, 32'h00200000, 32'h00100000, 32'h00080000, 32'h00040000,
    32'h00020000, 32'h00010000, 32'h00008000, 32'h00004000, 32'h00002000, 32'h00001000,
    32'h00000800, 32'h00000400, 32'h00000200, 32'h00000100, 32'h00000080, 32'h00000040,
    32'h00000020, 32'h00000010, 32'h00000008, 32'h00000004, 32'h00000002, 32'h00000001
  };
  localparam logic [288*32-1:0] UAll = {
    32'h5139de12, 32'h289cef09, 32'hf9f6f4a4, 32'h7cfb7a52, 32'h3e7dbd29, 32'hf2865db4,
    32'h79432eda, 32'h3ca1976d, 32'hf3e84896, 32'h79f4244b, 32'hd1429105, 32'h8519cba2,
    32'h428ce5d1, 32'hccfef1c8, 32'h667f78e4, 32'h333fbc72, 32'h199fde39, 32'he1776c3c,
    32'h70bbb61e, 32'h385ddb0f, 32'hf1966ea7, 32'h9573b473, 32'ha7015919, 32'hbe382fac,
    32'h5f1c17d6, 32'h2f8e0beb, 32'hfa7f86d5, 32'h9087404a, 32'h4843a025, 32'hc9995332,
    32'h64cca999, 32'hdfded7ec, 32'he364fe50, 32'h71b27f28, 32'h38d93f94, 32'h1c6c9fca,
    32'h0e364fe5, 32'heaa3a4d2, 32'h7551d269, 32'hd7106a14, 32'h6b88350a, 32'h35c41a85,
    32'hf75a8e62, 32'h7bad4731, 32'hd06e20b8, 32'h6837105c, 32'h341b882e, 32'h1a0dc417,
    32'he0be612b, 32'h9de7b3b5, 32'ha34b5afa, 32'h51a5ad7d, 32'hc56a559e, 32'h62b52acf,
    32'hdce21647, 32'h83c98803, 32'hac5c4721, 32'hbb96a0b0, 32'h5dcb5058, 32'h2ee5a82c,
    32'h1772d416, 32'h0bb96a0b, 32'he8643625, 32'h998a9832, 32'h9d764201, 32'ha303a220,
    32'h5181d110, 32'h28c0e888, 32'h14607444, 32'h0a303a22, 32'h05181d11, 32'hef348da8,
    32'h779a46d4, 32'h3bcd236a, 32'h1de691b5, 32'he34bcbfa, 32'h71a5e5fd, 32'hd56a71de,
    32'h6ab538ef, 32'hd8e21f57, 32'h81c98c8b, 32'had5c4565, 32'hbb16a192, 32'h5d8b50c9,
    32'hc37d2b44, 32'h61be95a2, 32'h30df4ad1, 32'hf5d72648, 32'h7aeb9324, 32'h3d75c992,
    32'h1ebae4c9, 32'he2e5f144, 32'h7172f8a2, 32'h38b97c51, 32'hf1e43d08, 32'h78f21e84,
    32'hebd369b3, 32'h985137f9, 32'ha19018dc, 32'h50c80c6e, 32'h28640637, 32'hf98a803b,
    32'h917dc33d, 32'ha50662be, 32'h5283315f, 32'hc4f91b8f, 32'h8fc40ee7, 32'haa5a8453,
    32'hb895c109, 32'hb1f263a4, 32'h58f931d2, 32'h2c7c98e9, 32'hfb86cf54, 32'h7dc367aa,
    32'h3ee1b3d5, 32'hf2c85aca, 32'h79642d65, 32'hd10a9592, 32'h68854ac9, 32'hd9fa2644,
    32'h6cfd1322, 32'h367e8991, 32'hf687c7e8, 32'h7b43e3f4, 32'h3da1f1fa, 32'h1ed0f8fd,
    32'he2d0ff5e, 32'h71687faf, 32'h8df9403d, 32'hab44233e, 32'h55a2119f, 32'hc7698bef,
    32'h8e0c46d7, 32'haabea04b, 32'hb8e7d305, 32'hb1cb6aa2, 32'h58e5b551, 32'hc1ca5988,
    32'h60e52cc4, 32'h30729662, 32'h18394b31, 32'he1a426b8, 32'h70d2135c, 32'h386909ae,
    32'h1c3484d7, 32'he3a2c14b, 32'h9c69e385, 32'ha38c72e2, 32'h51c63971, 32'hc55b9f98,
    32'h62adcfcc, 32'h3156e7e6, 32'h18ab73f3, 32'he1ed3ad9, 32'h9d4e1e4c, 32'h4ea70f26,
    32'h27538793, 32'hfe1140e9, 32'h92b02354, 32'h495811aa, 32'h21280f27, 32'hfd2c84b3,
    32'h932ec179, 32'ha42fe39c, 32'h5217f1ce, 32'h290bf8e7, 32'hf93d7f53, 32'h91263c89,
    32'ha52b9d64, 32'h5295ceb2, 32'h294ae759, 32'hf91df08c, 32'h7c8ef846, 32'h3e477c23,
    32'hf29b3d31, 32'h94f51db8, 32'h4a7a8edc, 32'h253d476e, 32'h129ea3b7, 32'he4f7d2fb,
    32'h9fc36a5d, 32'ha259360e, 32'h512c9b07, 32'hc52ecea3, 32'h8f2fe471, 32'haa2f7118,
    32'h5517b88c, 32'h2a8bdc46, 32'h1545ee23, 32'he71a7431, 32'h9e35b938, 32'h4f1adc9c,
    32'h12a59a49, 32'he4ea4e04, 32'h72752702, 32'h393a9381, 32'hf125cae0, 32'h7892e570,
    32'h3c4972b8, 32'h1e24b95c, 32'h0f125cae, 32'h07892e57, 32'hee7c140b, 32'h9a868925,
    32'ha0fbc7b2, 32'h507de3d9, 32'hc58672cc, 32'h62c33966, 32'h31619cb3, 32'hf5084d79,
    32'h973ca59c, 32'h4b9e52ce, 32'h25cf2967, 32'hff5f1793, 32'h921708e9, 32'ha4b30754,
    32'h525983aa, 32'h292cc1d5, 32'hf92ee3ca, 32'h7c9771e5, 32'hd3f33bd2, 32'h69f99de9,
    32'hd9444dd4, 32'h6ca226ea, 32'h2e9bb40b, 32'hfaf55925, 32'h90c22fb2, 32'h486117d9,
    32'hc98808cc, 32'h64c40466, 32'h32620233, 32'hf4898239, 32'h97fc423c, 32'h4bfe211e,
    32'h25ff108f, 32'hff470b67, 32'h921b0693, 32'ha4b50069, 32'hbfe20314, 32'h5ff1018a,
    32'h2ff880c5, 32'hfa44c342, 32'h7d2261a1, 32'hd329b3f0, 32'h6994d9f8, 32'h34ca6cfc,
    32'h1a65367e, 32'h0d329b3f, 32'heb21cebf, 32'h9828647f, 32'ha1acb11f, 32'hbd6edbaf,
    32'hb30feef7, 32'hb43f745b, 32'hb7a7390d, 32'hb66b1fa6, 32'h80000000, 32'h40000000,
    32'h20000000, 32'h10000000, 32'h08000000, 32'h04000000, 32'h02000000, 32'h01000000,
    32'h00800000, 32'h00400000, 32'h00200000, 32'h00100000, 32'h00080000, 32'h00040000,
    32'h00020000, 32'h00010000, 32'h00008000, 32'h00004000, 32'h00002000, 32'h00001000,
    32'h00000800, 32'h00000400, 32'h00000200, 32'h00000100, 32'h00000080, 32'h00000040,
    32'h00000020, 32'h00000010, 32'h00000008, 32'h00000004, 32'h00000002, 32'h00000001
  };

  localparam logic [DataWidth*32-1:0]    TCols = TAll[(512-DataWidth)*32 +: DataWidth*32];
  localparam logic [(Words+1)*32*32-1:0] ACols = AAll[0 +: (Words+1)*32*32];
  localparam logic [(Words+1)*32*32-1:0] UCols = UAll[0 +: (Words+1)*32*32];

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
  logic [31:0] t_span;
  always_comb begin
    t_span = '0;
    for (int k = 0; k <= Words; k++) begin
      if (SpanWidth'(Words - k) == hi_i) begin
        for (int j = 0; j < 32; j++) begin
          if (t_full[j]) t_span = t_span ^ UCols[(k*32+j)*32 +: 32];
        end
      end
    end
  end

  // Each state advanced by hi-lo words, plus the span.
  logic [SpanWidth-1:0] span_words;
  assign span_words = hi_i - lo_i;
  always_comb begin
    for (int n = 0; n < NumStates; n++) begin
      state_o[n] = t_span;
      for (int k = 0; k <= Words; k++) begin
        if (SpanWidth'(k) == span_words) begin
          for (int j = 0; j < 32; j++) begin
            if (state_i[n][j]) state_o[n] = state_o[n] ^ ACols[(k*32+j)*32 +: 32];
          end
        end
      end
    end
  end
endmodule
