// tsr_desc_pkg: the types of the descriptor fetch of a context: its
// request, the items it streams out (spec section 6: one per layer, then
// that layer's tile keys) and its result. Widths are spelled out as
// localparams (Yosys cannot take $bits() of a type), and fields of
// tessera_pkg types are plain vectors of their widths (Yosys cannot use
// another package's types or parameters inside a package); the fetch
// asserts that they match.
// Constants serve the fetch and its users; each uses only some.
/* verilator lint_off UNUSEDPARAM */
package tsr_desc_pkg;

  localparam int DescTagWidth    = 8;   // the requester's tag, returned with the result
  localparam int LayerIndexWidth = 16;  // layer index 0..65534; 0xFFFF = none
  localparam logic [LayerIndexWidth-1:0] NoLayer = 16'hFFFF;

  // A fetch request: where the descriptor is and how long its buffer is.
  typedef struct packed {
    logic [DescTagWidth-1:0] tag;
    logic [3:0]              qos;           // AR QoS (the network's priority class)
    logic [4:0]              node;          // node holding the descriptor (ar_node_o): a tessera_pkg::node_id_t
    logic [63:0]             addr;          // byte address in the node, a multiple of 8
    logic [31:0]             buffer_bytes;  // the buffer's length (saturated to 2^32-1)
  } desc_req_t;
  localparam int DescReqWidth = DescTagWidth + 4 + 5 + 64 + 32;

  typedef enum logic {
    DescItemLayer = 1'b0,  // a layer's header; its tile keys follow
    DescItemKey   = 1'b1   // one tile key of the current layer
  } desc_item_kind_e;

  // One item of the output stream. Every item carries its layer's fields;
  // `tile` is the tile count on a layer item and the tile index on a key.
  typedef struct packed {
    desc_item_kind_e             kind;
    logic                        last;       // layer: the network's last layer; key: the layer's last key
    logic [LayerIndexWidth-1:0]  layer;      // layer index
    logic [31:0]                 tile;       // layer: tile count; key: tile index
    logic [31:0]                 layer_id;
    logic                        pinned;
    logic [7:0]                  node;       // pinned node (0 when not pinned)
    logic [31:0]                 signature;
    logic [63:0]                 bytes;      // layer bytes
    logic [47:0]                 key;        // key items only (0 on a layer item): a tessera_pkg::tile_key_t
  } desc_item_t;
  localparam int DescItemWidth = 1 + 1 + LayerIndexWidth + 32 + 32 + 1 + 8 + 32 + 64 + 48;

  // The result of one request, after its last item.
  typedef struct packed {
    logic [3:0]                  code;         // a tessera_pkg::error_e: ErrOk, ErrDesc*, ErrBusError
    logic [LayerIndexWidth-1:0]  layer;        // failing layer index, or NoLayer
    logic [LayerIndexWidth-1:0]  layer_count;  // from the header (0 before it was read)
    logic [31:0]                 network_id;   // from the header (0 before it was read)
    logic [DescTagWidth-1:0]     tag;
  } desc_done_t;
  localparam int DescDoneWidth = 4 + 2 * LayerIndexWidth + 32 + DescTagWidth;

endpackage
/* verilator lint_on UNUSEDPARAM */
