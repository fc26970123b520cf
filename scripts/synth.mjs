// make synth: synthesises every block configuration listed in syn/blocks/*.json
// with the pinned Yosys 0.55 (WebAssembly, from package.json).
//
// For each configuration:
//   1. elaborate, `proc`, `check -assert` (no multiple drivers, no logic
//      loops) and no latch cells: any failure fails the run;
//   2. `synth_xilinx -family xcup`: LUT / FF / BRAM / DSP counts;
//   3. for configurations marked "ice40": the block wrapped so that every
//      port goes through a register (a shift chain in, an XOR tree out),
//      `synth_ice40`, then nextpnr-ice40 --hx8k for the clock's Fmax.
// Prints a table and writes build/synth/summary.json; nextpnr's log, with
// its critical-path report, goes to build/synth/NAME.nextpnr.log.
//
// Usage: node scripts/synth.mjs [--no-fmax] [--config FILE] [--source FILE.sv]
//        [name ...]   (default: every configuration of syn/blocks/*.json)
// --config and --source point the run at other blocks (the self-test that
// shows the latch check can fail uses them).
import { runYosys } from '@yowasp/yosys';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const outDir = path.join(root, 'build', 'synth');
fs.mkdirSync(outDir, { recursive: true });

const args = process.argv.slice(2);
const noFmax = args.includes('--no-fmax');
// The issue's aim per block on the HX8K; a block below it is reported as such
// in the log, the table and the JSON (it is a target to meet, not a pass/fail).
const fmaxAimMhz = 60;
const optionValue = (flag) => {
  const at = args.indexOf(flag);
  return at >= 0 ? args[at + 1] : undefined;
};
const configFiles = optionValue('--config')
  ? [optionValue('--config')]
  : fs.readdirSync(path.join(root, 'syn', 'blocks')).filter((f) => f.endsWith('.json')).sort().map((f) => path.join(root, 'syn', 'blocks', f));
const extraSource = optionValue('--source');
const wanted = args.filter((a, i) => !a.startsWith('--') && !['--config', '--source'].includes(args[i - 1]));
const blocks = configFiles.flatMap((file) => JSON.parse(fs.readFileSync(file, 'utf8')));
const unknown = wanted.filter((n) => !blocks.some((b) => b.name === n));
if (unknown.length) {
  console.error(`synth: unknown configuration ${unknown.join(', ')}`);
  process.exit(2);
}
const selected = blocks.filter((b) => wanted.length === 0 || wanted.includes(b.name));

// The files a top needs (scripts/rtl_files.sh); a --source file is its own top.
function filesFor(top) {
  if (extraSource && path.basename(extraSource, '.sv') === top) {
    return ['rtl/tessera_pkg.sv', path.relative(root, path.resolve(extraSource))];
  }
  return execFileSync(path.join(root, 'scripts', 'rtl_files.sh'), [top], { encoding: 'utf8' }).trim().split('\n');
}

function sourceTree(files) {
  const tree = {};
  for (const file of files) {
    let node = tree;
    const parts = file.split('/');
    for (const dir of parts.slice(0, -1)) node = node[dir] ??= {};
    node[parts[parts.length - 1]] = fs.readFileSync(path.join(root, file), 'utf8');
  }
  return tree;
}

async function yosys(script, sources) {
  let log = '';
  const collect = (bytes) => { if (bytes) log += new TextDecoder().decode(bytes); };
  try {
    const tree = await runYosys(['-q', '-p', script], { ...sources, out: {} }, { stdout: collect, stderr: collect });
    return { tree, log };
  } catch (error) {
    throw new Error(`yosys failed:\n${log}${error.message ?? error}`);
  }
}

function chparams(params) {
  return Object.entries(params ?? {}).map(([k, v]) => `-chparam ${k} ${v}`).join(' ');
}

// LUT equivalents of Xilinx primitives (LUTRAM and SRLs occupy LUTs too).
const lutCost = {
  LUT1: 1, LUT2: 1, LUT3: 1, LUT4: 1, LUT5: 1, LUT6: 1,
  RAM32X1S: 1, RAM64X1S: 1, RAM32X1D: 2, RAM64X1D: 2, RAM128X1S: 2, RAM128X1D: 4, RAM256X1S: 4, RAM256X1D: 8,
  RAM32M: 4, RAM64M: 4, RAM32M16: 8, RAM64M8: 8, SRL16E: 1, SRLC32E: 1,
};

function xilinxCounts(cells) {
  const sum = (pred) => Object.entries(cells).filter(([t]) => pred(t)).reduce((n, [, c]) => n + c, 0);
  let luts = 0;
  for (const [type, count] of Object.entries(cells)) luts += (lutCost[type] ?? 0) * count;
  return {
    luts,
    lutram_luts: luts - sum((t) => /^LUT[1-6]$/.test(t)),
    ffs: sum((t) => /^FD[CPRS]E$/.test(t)),
    bram36: sum((t) => t === 'RAMB36E2') + sum((t) => t === 'RAMB18E2') / 2,
    dsp: sum((t) => t.startsWith('DSP48')),
  };
}

// A wrapper whose only ports are clk, rst_n, one serial input and one output:
// every block input comes from a register, every output goes into one, so the
// design fits the HX8K's pins and Fmax is register to register.
function fmaxWrapper(block, ports) {
  const inputs = ports.filter((p) => p.direction === 'input' && p.name !== 'clk_i' && p.name !== 'rst_ni');
  const outputs = ports.filter((p) => p.direction === 'output');
  const inWidth = Math.max(2, inputs.reduce((n, p) => n + p.width, 0));
  const outWidth = Math.max(1, outputs.reduce((n, p) => n + p.width, 0));
  const connections = ['.clk_i(clk)', '.rst_ni(rst_n)'];
  let at = 0;
  for (const p of inputs) { connections.push(`.${p.name}(in_q[${at + p.width - 1}:${at}])`); at += p.width; }
  at = 0;
  for (const p of outputs) { connections.push(`.${p.name}(out_d[${at + p.width - 1}:${at}])`); at += p.width; }
  return `module fmax_wrapper (input logic clk, input logic rst_n, input logic din, output logic dout);
  logic [${inWidth - 1}:0] in_q;
  logic [${outWidth - 1}:0] out_d, out_q;
  always_ff @(posedge clk) begin
    in_q <= {in_q[${inWidth - 2}:0], din};
    out_q <= out_d;
  end
  assign dout = ^out_q;
  ${block.top} #(${Object.entries(block.params ?? {}).map(([k, v]) => `.${k}(${v})`).join(', ')}) u_block (${connections.join(', ')});
endmodule
`;
}

// The ports of the elaborated top (the module `hierarchy -top` marked).
function portsOf(json) {
  const module = Object.values(json.modules).find((m) => Number(m.attributes?.top ?? 0) === 1);
  return Object.entries(module.ports).map(([name, p]) => ({ name, direction: p.direction, width: p.bits.length }));
}

async function synthesize(block) {
  const top = block.top;
  const files = filesFor(top);
  const sources = sourceTree(files);
  const readAll = `read_verilog -sv -DSYNTHESIS ${files.join(' ')}`;
  const hierarchy = `hierarchy -check -top ${top} ${chparams(block.params)}`;
  const { tree } = await yosys([
    readAll, hierarchy, 'design -save elaborated',
    'proc', 'flatten', 'opt_clean', 'check -assert',
    'select -assert-none t:$dlatch t:$adlatch t:$dlatchsr t:$sr',
    'design -load elaborated', 'proc', 'write_json -compat-int out/ports.json',
    'design -load elaborated', `synth_xilinx -family xcup -flatten -noiopad -top ${top}`, 'tee -q -o out/xcup.json stat -json',
  ].join('; '), sources);
  const stat = JSON.parse(tree.out['xcup.json']);
  const cells = stat.design.num_cells_by_type;
  const result = { name: block.name, top, params: block.params ?? {}, ...xilinxCounts(cells) };

  if (block.ice40 && !noFmax) {
    const ports = portsOf(JSON.parse(tree.out['ports.json']));
    const wrapper = fmaxWrapper(block, ports);
    const { tree: iceTree } = await yosys(
      `${readAll} syn_wrapper.sv; synth_ice40 -top fmax_wrapper; delete t:$scopeinfo; tee -q -o out/ice40.json stat -json; write_json out/netlist.json`,
      { ...sources, 'syn_wrapper.sv': wrapper });
    const netlist = path.join(outDir, `${block.name}.ice40.json`);
    fs.writeFileSync(netlist, iceTree.out['netlist.json']);
    const iceCells = JSON.parse(iceTree.out['ice40.json']).design.num_cells_by_type;
    result.ice40_lcs = iceCells.SB_LUT4 ?? 0;
    result.ice40_brams = iceCells.SB_RAM40_4K ?? 0;
    const run = spawnSync('nextpnr-ice40', ['--hx8k', '--package', 'ct256', '--json', netlist, '--seed', '1', '--freq', '60', '--timing-allow-fail'],
      { encoding: 'utf8' });
    const log = `${run.stdout ?? ''}${run.stderr ?? ''}`;
    // Kept for its timing report (critical paths), which the summary leaves out.
    fs.writeFileSync(path.join(outDir, `${block.name}.nextpnr.log`), log);
    if (run.status !== 0) {
      const errors = log.split('\n').filter((line) => line.startsWith('ERROR'));
      throw new Error(`nextpnr-ice40 failed for ${block.name} (${result.ice40_lcs} SB_LUT4, ` +
        `${result.ice40_brams} SB_RAM40_4K):\n${errors.join('\n') || log.split('\n').slice(-15).join('\n')}`);
    }
    const matches = [...log.matchAll(/Max frequency for clock\s+'([^']+)': ([0-9.]+) MHz/g)];
    if (matches.length === 0) throw new Error(`nextpnr-ice40 reported no Fmax for ${block.name}`);
    result.fmax_mhz = Number(matches[matches.length - 1][2]);
    result.below_fmax_aim = result.fmax_mhz < fmaxAimMhz;
  }
  return result;
}

const results = [];
let failed = false;
for (const block of selected) {
  const started = Date.now();
  try {
    const result = await synthesize(block);
    results.push(result);
    const fmax = result.fmax_mhz
      ? `, ice40 ${result.fmax_mhz.toFixed(1)} MHz${result.below_fmax_aim ? ` (BELOW the ${fmaxAimMhz} MHz aim)` : ''}` : '';
    console.log(`synth: ${block.name}: ok (${result.luts} LUT, ${result.ffs} FF, ${result.bram36} BRAM36${fmax}) in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  } catch (error) {
    failed = true;
    console.error(`synth: ${block.name}: FAILED\n${error.message}`);
  }
}

if (results.length) {
  const header = '| configuration | top | parameters | LUT (of which LUTRAM) | FF | BRAM36 | DSP | ice40 LC | ice40 Fmax |';
  console.log(`\n${header}\n|---|---|---|---|---|---|---|---|---|`);
  for (const r of results) {
    const params = Object.entries(r.params).map(([k, v]) => `${k}=${v}`).join(' ');
    const ice = r.fmax_mhz
      ? `| ${r.ice40_lcs} | ${r.fmax_mhz.toFixed(1)} MHz${r.below_fmax_aim ? ' (below aim)' : ''} |` : '| - | - |';
    console.log(`| ${r.name} | ${r.top} | ${params} | ${r.luts} (${r.lutram_luts}) | ${r.ffs} | ${r.bram36} | ${r.dsp} ${ice}`);
  }
  const summary = path.join(outDir, wanted.length ? `summary-${wanted.join('-')}.json` : 'summary.json');
  fs.writeFileSync(summary, JSON.stringify(results, null, 2) + '\n');
  console.log(`\nsynth: wrote ${path.relative(root, summary)}`);
}
process.exit(failed ? 1 : 0);
