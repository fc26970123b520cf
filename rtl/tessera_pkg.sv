// tessera_pkg: the IP's types and constants, shared by every block.
// Field layouts follow docs/spec.md (tile key: section 3; layer-map record:
// section 7; error codes: section 11). Widths are spelled out as localparams
// because Yosys cannot take $bits() of a type; tessera_pkg_check verifies
// them in simulation.
package tessera_pkg;

  // ---- fabric and naming -------------------------------------------------
  localparam int MaxNodes        = 32;
  localparam int NodeIdWidth     = 5;   // node index 0..31
  localparam int NodeAddrWidth   = 34;  // byte address inside a node (16 GiB)
  localparam int TenantWidth     = 8;   // tenants 0..255
  localparam int PriorityWidth   = 2;   // priority classes 0..3
  localparam int NumPriorities   = 4;
  localparam int LayerIdWidth    = 32;  // CRC-32 of the layer name
  localparam int PositionWidth   = 12;  // tile position 0..4095
  localparam int DtypeWidth      = 4;   // dtype code 1..7
  localparam int TileKeyWidth    = LayerIdWidth + PositionWidth + DtypeWidth;  // 48
  localparam int ByteCountWidth  = 34;  // tile or layer length in bytes, <= node size
  localparam int SignatureWidth  = 32;  // CRC-32 of a layer's tile-key words
  localparam int RefCountWidth   = 16;

  typedef logic [NodeIdWidth-1:0]    node_id_t;
  typedef logic [NodeAddrWidth-1:0]  node_addr_t;
  typedef logic [TenantWidth-1:0]    tenant_t;
  typedef logic [PriorityWidth-1:0]  priority_t;
  typedef logic [LayerIdWidth-1:0]   layer_id_t;
  typedef logic [ByteCountWidth-1:0] byte_count_t;
  typedef logic [SignatureWidth-1:0] signature_t;
  typedef logic [RefCountWidth-1:0]  ref_count_t;

  // Tile key (spec section 3): id(layer) << 16 | position << 4 | dtype.
  typedef struct packed {
    layer_id_t                 layer_id;
    logic [PositionWidth-1:0]  position;
    logic [DtypeWidth-1:0]     dtype;
  } tile_key_t;

  // A tile's owner: a tenant, or public.
  typedef struct packed {
    logic    is_public;
    tenant_t tenant;
  } owner_t;
  localparam int OwnerWidth = 1 + TenantWidth;

  // Tile-directory entry value: where the tile lives and who may read it.
  typedef struct packed {
    node_id_t    node;
    node_addr_t  addr;
    byte_count_t bytes;
    owner_t      owner;
  } tile_location_t;
  localparam int TileLocationWidth = NodeIdWidth + NodeAddrWidth + ByteCountWidth + OwnerWidth;

  // Layer-table key and value (spec section 10).
  typedef struct packed {
    tenant_t   tenant;
    layer_id_t layer_id;
  } layer_key_t;
  localparam int LayerKeyWidth = TenantWidth + LayerIdWidth;

  typedef struct packed {
    node_id_t    node;
    node_addr_t  addr;
    byte_count_t bytes;
    signature_t  signature;
    ref_count_t  references;  // lowest bits: the counter the layer table adjusts
  } layer_entry_t;
  localparam int LayerEntryWidth = NodeIdWidth + NodeAddrWidth + ByteCountWidth + SignatureWidth + RefCountWidth;

  // Error codes (spec section 11).
  typedef enum logic [3:0] {
    ErrOk            = 4'd0,
    ErrDescMagic     = 4'd1,
    ErrDescVersion   = 4'd2,
    ErrDescLength    = 4'd3,
    ErrDescCrc       = 4'd4,
    ErrDescFormat    = 4'd5,
    ErrTileMissing   = 4'd6,
    ErrTileAccess    = 4'd7,
    ErrNoMemory      = 4'd8,
    ErrLayerConflict = 4'd9,
    ErrLayerSize     = 4'd10,
    ErrBadNode       = 4'd11,
    ErrTableFull     = 4'd12,
    ErrBusError      = 4'd13
  } error_e;

  // ---- associative tables (tile directory, layer table) ------------------
  typedef enum logic [1:0] {
    TableLookup = 2'd0,  // find the key
    TableInsert = 2'd1,  // add key -> value; fails on a duplicate or no room
    TableDelete = 2'd2,  // remove the key; fails when missing
    TableAdjust = 2'd3   // add +1/-1 to the entry's counter; at zero the entry is removed
  } table_op_e;

  typedef enum logic [1:0] {
    TableOk        = 2'd0,  // done (lookup: found)
    TableMissing   = 2'd1,  // key not present (lookup, delete, adjust)
    TableDuplicate = 2'd2,  // insert of a present key
    TableFull      = 2'd3   // insert with no free slot for the key
  } table_status_e;

  // ---- gather DMA (tsr_dma) ------------------------------------------------
  // A job: one layer's destination region; its tiles follow on the tile
  // stream, the last one flagged. A tile may have 0 bytes (only a marker).
  typedef struct packed {
    node_id_t    node;
    node_addr_t  addr;
    byte_count_t bytes;  // the region's length: what the tiles should add up to
  } dma_job_t;
  localparam int DmaJobWidth = NodeIdWidth + NodeAddrWidth + ByteCountWidth;

  typedef struct packed {
    node_id_t    node;
    node_addr_t  addr;
    byte_count_t bytes;
    logic        last;   // the job's last tile
  } dma_tile_t;
  localparam int DmaTileWidth = NodeIdWidth + NodeAddrWidth + ByteCountWidth + 1;

  typedef enum logic [1:0] {
    DmaOk        = 2'd0,
    DmaReadError = 2'd1,  // SLVERR/DECERR on a read: fault_* name the beat
    DmaWriteError = 2'd2, // SLVERR/DECERR on a write: fault_* name the burst
    DmaSizeError = 2'd3   // the tiles' bytes did not add up to the job's bytes
  } dma_status_e;

  typedef struct packed {
    dma_status_e status;
    logic [1:0]  resp;        // the AXI response of a bus error
    node_id_t    fault_node;
    node_addr_t  fault_addr;
    byte_count_t bytes;       // bytes the tiles delivered
  } dma_done_t;
  localparam int DmaDoneWidth = 2 + 2 + NodeIdWidth + NodeAddrWidth + ByteCountWidth;

  // ---- AXI4 ---------------------------------------------------------------
  // Channels as packed structs; the data and strobe fields, whose widths are
  // module parameters, travel beside them as plain vectors. Node ports use
  // AxiIdWidth ID bits; an engine uses the low bits and the fabric puts the
  // engine index above them.
  localparam int AxiAddrWidth = 64;
  localparam int AxiIdWidth   = 12;

  typedef struct packed {
    logic [AxiIdWidth-1:0]   id;
    logic [AxiAddrWidth-1:0] addr;
    logic [7:0]              len;    // beats - 1
    logic [2:0]              size;   // log2(bytes per beat)
    logic [1:0]              burst;  // AxiBurstIncr
    logic [3:0]              qos;    // the network's priority class
  } axi_ax_t;  // AW and AR
  localparam int AxiAxWidth = AxiIdWidth + AxiAddrWidth + 8 + 3 + 2 + 4;

  typedef struct packed {
    logic [AxiIdWidth-1:0] id;
    logic [1:0]            resp;
    logic                  last;
  } axi_r_t;  // R without its data

  typedef struct packed {
    logic [AxiIdWidth-1:0] id;
    logic [1:0]            resp;
  } axi_b_t;

  typedef enum logic [1:0] {
    AxiRespOkay   = 2'b00,
    AxiRespExOkay = 2'b01,
    AxiRespSlvErr = 2'b10,
    AxiRespDecErr = 2'b11
  } axi_resp_e;

  localparam logic [1:0] AxiBurstIncr = 2'b01;
  localparam int AxiMaxBurstBeats = 256;
  localparam int AxiBoundaryBytes = 4096;  // no burst crosses a 4 KiB boundary

endpackage
