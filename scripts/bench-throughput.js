#!/usr/bin/env node
// Transaction throughput benchmark for an OpenLedger node (run it with scripts/bench-throughput.sh).
// Without --url it starts its own `openledger-node --dev --tmp` on free ports (raised pool
// limits) and reads block authoring times from that node's log; with --url it uses that node
// (add --log FILE for authoring times).
//
//  1. funds N fresh sr25519 accounts from Alice with one utility.batchAll;
//  2. pre-signs M extrinsics of the chosen call, spread across the accounts with explicit
//     consecutive nonces (immortal era, so no block hash is needed);
//  3. submits them all with author_submitExtrinsic over several WebSocket connections, in chunks;
//  4. follows new blocks until every accepted extrinsic is included (or a timeout), then prints a
//     per-block table (extrinsics, weight %, length) and totals: included, blocks, extrinsics per
//     block, extrinsics per second and the node's block authoring time (parsed from its log).
//
// The benchmarked call is pluggable: add an entry to CALLS and select it with --call NAME.
//
// Usage: node scripts/bench-throughput.js [--url ws://127.0.0.1:9944 [--log node.log]]
//          [--call transfer[,submit]] [--accounts 16] [--count 3000] [--connections 4] [--chunk 250]
//          [--timeout 180] [--json results.json] [--keep-log DIR]
//
// This file is CommonJS (scripts/ has no package.json); polkadot.js and the shared helpers are
// loaded from tests/e2e (run `npm ci` there, or scripts/setup.sh).
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const { pathToFileURL } = require('node:url');

const LIB = path.join(__dirname, '..', 'tests', 'e2e', 'lib', 'node.js');

// Node flags for the benchmark's own node: room for every pre-signed extrinsic in the pool.
const OWN_NODE_ARGS = ['--pool-limit', '100000', '--pool-kbytes', '512000', '--rpc-max-connections', '1000'];

const DEFAULTS = {
  url: '',
  log: '',
  'keep-log': '',
  call: 'transfer',
  accounts: 16,
  count: 3000,
  connections: 4,
  chunk: 250,
  timeout: 180,
  json: '',
};

/**
 * Benchmarkable calls. Each entry:
 *   description         what one extrinsic does (printed)
 *   valuePerTx(ctx)     planck each extrinsic moves out of its sender besides the fee (for funding)
 *   setup(ctx)          optional: one-off preparation after funding (e.g. create a datanet)
 *   build(ctx, from, i) the unsigned call for the i-th extrinsic, sent by ctx.accounts[from]
 */
const CALLS = {
  transfer: {
    description: 'balances.transferKeepAlive of 0.01 OPEN to the next bench account',
    valuePerTx: (ctx) => ctx.UNIT / 100n,
    build: (ctx, from) => {
      const to = ctx.accounts[(from + 1) % ctx.accounts.length];
      return ctx.api.tx.balances.transferKeepAlive(to.address, ctx.UNIT / 100n);
    },
  },
  submit: {
    description:
      'contributions.submit of a fresh 32-byte content hash (Data, 1 KiB, 46-byte metadata URI, no parents) ' +
      'to an open, curated datanet with a 0.01 OPEN contribution deposit',
    // The contribution deposit plus a generous bound on the storage deposit stay held.
    valuePerTx: (ctx) => ctx.UNIT / 100n + ctx.UNIT / 10n,
    setup: async (ctx) => {
      const { api, alice, UNIT, lib } = ctx;
      const created = await lib.sendAndWatch(
        api.tx.datanets.create(
          'throughput bench',
          'ipfs://bench',
          {
            admission: 'Open', review: 'Curated', contributionDeposit: UNIT / 100n, rejectionSlash: 0,
            curationFee: 0, maxContributionSize: 1_048_576,
          },
          { mayTrain: true, commercialUse: true, attributionRequired: false, derivativesAllowed: true, uri: null },
        ),
        alice,
        { timeoutMs: 120_000 },
      );
      if (created.dispatchError) throw new Error(`datanets.create failed: ${created.dispatchError.text}`);
      const event = lib.findEvent(created.events, 'datanets', 'Created');
      ctx.datanet = event.event.data.datanet.toNumber();
      console.log(`created datanet ${ctx.datanet} for the contributions`);
    },
    build: (ctx, from, i) =>
      ctx.api.tx.contributions.submit(
        ctx.datanet ?? 0,
        randomHash(ctx),
        1024,
        'Data',
        `ipfs://bafybeibenchmarkcontributionmetadata/${String(i).padStart(6, '0')}`,
        [],
        ctx.UNIT / 100n, // the most deposit each submit accepts: the datanet's
        0, // and the largest rejection slash: none
      ),
  },
};

/** A fresh random 32-byte content hash, hex. */
function randomHash(ctx) {
  return `0x${Buffer.from(ctx.lib.randomAsU8a(32)).toString('hex')}`;
}

const usageError = (message) => Object.assign(new Error(message), { usage: true });

function parseArgs(argv) {
  const args = { ...DEFAULTS };
  for (let i = 0; i < argv.length; i++) {
    const raw = argv[i];
    if (raw === '-h' || raw === '--help') {
      const lines = fs.readFileSync(__filename, 'utf8').split('\n').slice(1);
      const header = lines.slice(0, lines.findIndex((l) => !l.startsWith('//')));
      console.log(header.map((l) => l.replace(/^\/\/ ?/, '')).join('\n'));
      console.log(`Calls: ${Object.keys(CALLS).join(', ')}`);
      process.exit(0);
    }
    const match = raw.match(/^--([a-z-]+)(?:=(.*))?$/);
    if (!match || !(match[1] in DEFAULTS)) throw usageError(`unknown argument ${raw} (see --help)`);
    const value = match[2] !== undefined ? match[2] : argv[++i];
    if (value === undefined) throw usageError(`${raw} needs a value`);
    args[match[1]] = typeof DEFAULTS[match[1]] === 'number' ? Number(value) : value;
    if (Number.isNaN(args[match[1]])) throw usageError(`${raw} needs a number`);
  }
  args.calls = args.call.split(',').filter(Boolean);
  for (const call of args.calls) {
    if (!CALLS[call]) throw usageError(`unknown --call ${call}; known: ${Object.keys(CALLS).join(', ')}`);
  }
  if (!args.calls.length) throw usageError('--call needs at least one call name');
  for (const key of ['accounts', 'count', 'connections', 'chunk', 'timeout']) {
    if (!(args[key] > 0)) throw usageError(`--${key} must be positive`);
  }
  return args;
}

/**
 * Block authoring lines from the node log, by block number, e.g.
 *   🎁 Prepared block for proposing at 12 (345 ms) hash: 0x..; parent_hash: 0x..; end: HitBlockWeightLimit; extrinsics_count: 1975
 *   🎁 Prepared block for proposing at 12 (345 ms) [hash: 0x..; parent_hash: 0x..; extrinsics (1975): [..]]   (older releases)
 */
function parseAuthoringLog(file) {
  const byBlock = new Map();
  if (!file || !fs.existsSync(file)) return byBlock;
  const text = fs.readFileSync(file, 'utf8').replace(/\x1b\[[0-9;]*m/g, '');
  for (const line of text.split('\n')) {
    const m = line.match(/Prepared block for proposing at (\d+) \((\d+) ms\)/);
    if (!m) continue;
    const end = line.match(/end: ([A-Za-z]+)/);
    const count = line.match(/extrinsics_count: (\d+)/) || line.match(/extrinsics \((\d+)\)/);
    byBlock.set(Number(m[1]), { ms: Number(m[2]), end: end ? end[1] : '', count: count ? Number(count[1]) : null });
  }
  return byBlock;
}

const pct = (part, whole) => (whole > 0 ? (Number((part * 10000n) / whole) / 100).toFixed(1) : '?');
const mean = (xs) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);
const pad = (value, width) => String(value).padStart(width);

function printTable(headers, rows) {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (cells) => cells.map((c, i) => pad(c, widths[i])).join('  ');
  console.log(line(headers));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of rows) console.log(line(row));
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  if (!fs.existsSync(path.join(__dirname, '..', 'tests', 'e2e', 'node_modules', '@polkadot', 'api'))) {
    throw new Error('polkadot.js is not installed: run `npm ci` in tests/e2e (or scripts/setup.sh)');
  }
  const lib = await import(pathToFileURL(LIB).href);
  await lib.cryptoWaitReady();
  let node = null;
  if (!args.url) {
    node = await lib.startNode({ name: 'bench', extraArgs: OWN_NODE_ARGS });
    args.url = node.wsUrl;
    args.log = args.log || node.logFile;
    console.log(`started ${lib.nodeBinary()} --dev --tmp (pid ${node.pid}), log ${node.logFile}`);
  }
  let ok = false;
  try {
    // One run per call, one after the other on the same node, then a side-by-side summary.
    const summaries = [];
    for (const call of args.calls) {
      if (args.calls.length > 1) console.log(`\n===== ${call} =====`);
      const summary = await run(lib, { ...args, call, json: '' });
      if (!summary) break;
      summaries.push(summary);
    }
    ok = summaries.length === args.calls.length;
    if (summaries.length > 1) printComparison(summaries);
    if (args.json) {
      fs.writeFileSync(args.json, `${JSON.stringify(summaries.length === 1 ? summaries[0] : summaries, null, 2)}\n`);
      console.log(`results written to ${args.json}`);
    }
  } finally {
    if (node) {
      await node.stop();
      if (args['keep-log']) {
        fs.mkdirSync(args['keep-log'], { recursive: true });
        fs.copyFileSync(node.logFile, path.join(args['keep-log'], 'bench-node.log'));
        console.log(`node log copied to ${path.join(args['keep-log'], 'bench-node.log')}`);
      }
      if (ok) node.removeLogs();
      else console.log(`node log kept at ${node.logFile}`);
    }
  }
  if (!ok) process.exitCode = 2;
}

/** Prints the headline numbers of several runs side by side. */
function printComparison(summaries) {
  console.log('\nside by side (same node, same run)');
  printTable(
    ['call', 'included', 'blocks', 'per block (mean / max)', 'weight µs on chain', 'per second (chain)', 'author ms (mean)', 'execution/s'],
    summaries.map((s) => [
      s.call,
      s.included,
      s.blocks,
      `${s.extrinsicsPerBlockMean} / ${s.extrinsicsPerBlockMax}`,
      s.refTimeUsPerExtrinsicOnChain ?? '-',
      s.extrinsicsPerSecondChain ?? '-',
      s.authoringMsMean ?? '-',
      s.executionPerSecond ?? '-',
    ]),
  );
}

/** Runs the benchmark of `args.call` against args.url; returns its summary when every accepted
 * extrinsic was included, or null. */
async function run(lib, args) {
  const { UNIT, formatOpen } = lib;
  const bench = CALLS[args.call];
  const api = await lib.connectApi(args.url, { timeoutMs: 60_000 });
  const keyring = new lib.Keyring({ type: 'sr25519', ss58Format: 42 });
  const alice = keyring.addFromUri('//Alice');
  const [chain, version] = await Promise.all([api.rpc.system.chain(), api.rpc.state.getRuntimeVersion()]);
  const blockWeights = api.consts.system.blockWeights;
  const maxRefTime = blockWeights.maxBlock.refTime.toBigInt();
  const normalMax = blockWeights.perClass.normal.maxTotal;
  const normalRefTime = normalMax.isSome ? normalMax.unwrap().refTime.toBigInt() : maxRefTime;
  const maxLength = BigInt(api.consts.system.blockLength.max.normal.toString());
  console.log(`chain ${chain}, runtime ${version.specName} v${version.specVersion}, endpoint ${args.url}`);
  console.log(
    `block limits: ref_time ${maxRefTime} (normal class ${normalRefTime}, ${pct(normalRefTime, maxRefTime)}%), ` +
      `normal length ${maxLength} bytes`,
  );
  console.log(`call '${args.call}': ${bench.description}; ${args.count} extrinsics from ${args.accounts} accounts`);

  // 1. Fund fresh accounts.
  const accounts = Array.from({ length: args.accounts }, () => keyring.addFromSeed(lib.randomAsU8a(32)));
  const ctx = { api, lib, UNIT, keyring, alice, accounts, args };
  const sample = bench.build(ctx, 0, 0);
  await sample.signAsync(alice, { era: 0 });
  const info = await sample.paymentInfo(alice);
  const fee = info.partialFee.toBigInt();
  // What the weight limit alone allows: the normal-class budget left after the block's base
  // weight and the mandatory inherents, divided by the call's weight plus the extrinsic base.
  const baseExtrinsic = blockWeights.perClass.normal.baseExtrinsic.refTime.toBigInt();
  const callRefTime = info.weight.refTime.toBigInt();
  const budget = normalRefTime - blockWeights.baseBlock.refTime.toBigInt();
  const fitByWeight = budget / (callRefTime + baseExtrinsic);
  const fitByLength = maxLength / BigInt(sample.encodedLength);
  console.log(
    `weight per extrinsic: ${callRefTime} ps + ${baseExtrinsic} ps base; a block fits ${fitByWeight} by declared weight, ` +
      `~${fitByLength} by length (${sample.encodedLength} bytes signed)`,
  );
  const perAccount = Math.ceil(args.count / args.accounts);
  const funding = BigInt(perAccount) * (bench.valuePerTx(ctx) + 2n * fee) + 10n * UNIT;
  const aliceFree = (await api.query.system.account(alice.address)).data.free.toBigInt();
  console.log(`estimated fee ${formatOpen(fee)} per extrinsic; funding each account with ${formatOpen(funding)}`);
  if (funding * BigInt(args.accounts) >= aliceFree) {
    throw new Error(`Alice has ${formatOpen(aliceFree)}, not enough to fund ${args.accounts} x ${formatOpen(funding)}`);
  }
  const funded = await lib.sendAndWatch(
    api.tx.utility.batchAll(accounts.map((a) => api.tx.balances.transferKeepAlive(a.address, funding))),
    alice,
    { timeoutMs: 120_000 },
  );
  if (funded.dispatchError) throw new Error(`funding batch failed: ${funded.dispatchError.text}`);
  console.log(`funded ${args.accounts} accounts in block ${funded.blockHash}`);
  if (bench.setup) await bench.setup(ctx);

  // 2. Pre-sign, nonce round by nonce round so submission order keeps every sender's nonces in order.
  const nonces = await Promise.all(accounts.map(async (a) => (await api.rpc.system.accountNextIndex(a.address)).toNumber()));
  const signStart = Date.now();
  const txs = [];
  for (let round = 0; txs.length < args.count; round++) {
    for (let from = 0; from < accounts.length && txs.length < args.count; from++) {
      const tx = bench.build(ctx, from, txs.length);
      await tx.signAsync(accounts[from], { nonce: nonces[from] + round, era: 0 });
      txs.push({ hex: tx.toHex(), hash: tx.hash.toHex() });
    }
  }
  const signMs = Date.now() - signStart;
  console.log(`signed ${txs.length} extrinsics in ${signMs} ms (${(txs.length / (signMs / 1000)).toFixed(0)}/s)`);

  // 3. Submit over several connections.
  const providers = Array.from({ length: args.connections }, () => new lib.WsProvider(args.url, 1_000));
  await Promise.all(providers.map((p) => p.isReady));
  const startBlock = (await api.rpc.chain.getHeader()).number.toNumber();
  const rejected = new Map();
  let accepted = 0;
  const submitStart = Date.now();
  for (let offset = 0; offset < txs.length; offset += args.chunk) {
    const chunk = txs.slice(offset, offset + args.chunk);
    await Promise.all(
      chunk.map((tx, j) =>
        providers[(offset + j) % providers.length].send('author_submitExtrinsic', [tx.hex]).then(
          () => {
            tx.accepted = true;
            accepted++;
          },
          (error) => {
            const message = String(error.message || error).replace(/0x[0-9a-f]{16,}/gi, '0x…');
            rejected.set(message, (rejected.get(message) || 0) + 1);
          },
        ),
      ),
    );
  }
  const submitMs = Date.now() - submitStart;
  console.log(`submitted ${txs.length} in ${submitMs} ms (${(txs.length / (submitMs / 1000)).toFixed(0)}/s): ${accepted} accepted`);
  for (const [message, n] of rejected) console.log(`  rejected x${n}: ${message}`);
  await Promise.all(providers.map((p) => p.disconnect().catch(() => {})));

  // 4. Follow blocks until everything accepted is included.
  const ours = new Set(txs.filter((t) => t.accepted).map((t) => t.hash));
  const included = new Set();
  const rows = [];
  let scanned = startBlock;
  let lastInclusionAt = 0;
  let quietBlocks = 0;
  const deadline = Date.now() + args.timeout * 1000;
  while (included.size < ours.size && Date.now() < deadline && quietBlocks < 5) {
    const best = (await api.rpc.chain.getHeader()).number.toNumber();
    for (let n = scanned + 1; n <= best; n++) {
      const hash = await api.rpc.chain.getBlockHash(n);
      const [signedBlock, weight, now] = await Promise.all([
        api.rpc.chain.getBlock(hash),
        api.query.system.blockWeight.at(hash),
        api.query.timestamp.now.at(hash),
      ]);
      let signed = 0;
      let mine = 0;
      let length = 0n;
      for (const ext of signedBlock.block.extrinsics) {
        length += BigInt(ext.encodedLength);
        if (!ext.isSigned) continue;
        signed++;
        const h = ext.hash.toHex();
        if (ours.has(h) && !included.has(h)) {
          included.add(h);
          mine++;
        }
      }
      const refTime = ['normal', 'operational', 'mandatory'].reduce((sum, cls) => sum + weight[cls].refTime.toBigInt(), 0n);
      const normalUsed = weight.normal.refTime.toBigInt();
      rows.push({ n, hash: hash.toHex(), signed, mine, refTime, normalUsed, length, timestamp: now.toNumber() });
      if (mine > 0) {
        lastInclusionAt = Date.now();
        quietBlocks = 0;
      } else if (included.size > 0) {
        quietBlocks++;
      }
      console.log(`  block #${n}: ${signed} signed extrinsics (${mine} bench), ${included.size}/${ours.size} included`);
    }
    scanned = best;
    if (included.size < ours.size) await lib.sleep(500);
  }
  return finish();

  async function finish() {
    const authoring = parseAuthoringLog(args.log);
    const loaded = rows.filter((r) => r.mine > 0);
    const isFull = (r) => {
      const a = authoring.get(r.n);
      return (
        r.normalUsed * 10n >= normalRefTime * 9n ||
        r.length * 10n >= maxLength * 9n ||
        (a && /Limit|Deadline/.test(a.end))
      );
    };
    const full = loaded.filter(isFull);

    console.log('\nper block');
    printTable(
      ['block', 'extrinsics', 'bench', 'weight %', 'normal %', 'length', 'length %', 'author ms', 'end', 'full'],
      rows.map((r) => {
        const a = authoring.get(r.n);
        return [
          `#${r.n}`,
          r.signed,
          r.mine,
          pct(r.refTime, maxRefTime),
          pct(r.normalUsed, normalRefTime),
          r.length,
          pct(r.length, maxLength),
          a ? a.ms : '-',
          a && a.end ? a.end : '-',
          r.mine > 0 && isFull(r) ? 'yes' : '',
        ];
      }),
    );

    const counts = loaded.map((r) => r.mine);
    const summary = {
      call: args.call,
      submitted: txs.length,
      accepted,
      rejected: Object.fromEntries(rejected),
      included: included.size,
      blocks: loaded.length,
      fullBlocks: full.length,
      extrinsicsPerBlockMean: Number(mean(counts).toFixed(1)),
      extrinsicsPerBlockMax: counts.length ? Math.max(...counts) : 0,
      extrinsicsPerSecondChain: null,
      extrinsicsPerSecondWall: null,
      authoringMsMean: null,
      authoringMsMax: null,
      executionPerSecond: null,
      refTimeUsPerExtrinsicOnChain: null,
      refTimePerExtrinsic: callRefTime.toString(),
      fitPerBlockByWeight: Number(fitByWeight),
      signMs,
      submitMs,
    };
    if (loaded.length) {
      // Chain time the loaded blocks cover: from the parent of the first to the last of them,
      // i.e. one slot per block (so a single full block counts one slot, not zero).
      const first = loaded[0];
      const parentRow = rows.find((r) => r.n === first.n - 1);
      const parentTs = parentRow
        ? parentRow.timestamp
        : (await api.query.timestamp.now.at(await api.rpc.chain.getBlockHash(first.n - 1))).toNumber();
      const spanMs = loaded[loaded.length - 1].timestamp - parentTs;
      if (spanMs > 0) summary.extrinsicsPerSecondChain = Number((included.size / (spanMs / 1000)).toFixed(1));
      summary.extrinsicsPerSecondWall = Number((included.size / ((lastInclusionAt - submitStart) / 1000)).toFixed(1));
    }
    const timed = (full.length ? full : loaded).map((r) => ({ r, a: authoring.get(r.n) })).filter((x) => x.a);
    if (timed.length) {
      summary.authoringMsMean = Number(mean(timed.map((x) => x.a.ms)).toFixed(1));
      summary.authoringMsMax = Math.max(...timed.map((x) => x.a.ms));
      const txsTimed = timed.reduce((s, x) => s + x.r.mine, 0);
      const msTimed = timed.reduce((s, x) => s + x.a.ms, 0);
      if (msTimed > 0) summary.executionPerSecond = Math.round(txsTimed / (msTimed / 1000));
    }

    // Post-dispatch weight per extrinsic, from the full blocks (the pool may refund part of the
    // declared weight after dispatch, e.g. a submit that does not touch the datanet's tree).
    const fullSigned = full.reduce((n, r) => n + r.signed, 0);
    if (fullSigned > 0) {
      const used = full.reduce((w, r) => w + r.normalUsed, 0n);
      summary.refTimeUsPerExtrinsicOnChain = Number(used / BigInt(fullSigned)) / 1e6;
    }

    console.log('\ntotals');
    printTable(
      ['metric', 'value'],
      [
        ['call', `${args.call} (${bench.description})`],
        ['submitted / accepted', `${summary.submitted} / ${summary.accepted}`],
        ['included', `${summary.included}${summary.included < accepted ? ` (missing ${accepted - summary.included})` : ''}`],
        ['blocks with bench extrinsics', summary.blocks],
        ['full blocks', summary.fullBlocks],
        ['extrinsics per block (mean / max)', `${summary.extrinsicsPerBlockMean} / ${summary.extrinsicsPerBlockMax}`],
        [
          'weight per extrinsic: declared / used on chain (µs, incl. base)',
          `${Number(callRefTime + baseExtrinsic) / 1e6} / ${summary.refTimeUsPerExtrinsicOnChain ?? '- (no full block)'}`,
        ],
        ['extrinsics per second (chain time)', summary.extrinsicsPerSecondChain ?? '-'],
        ['extrinsics per second (wall, submit -> last inclusion)', summary.extrinsicsPerSecondWall ?? '-'],
        [
          `authoring ms (${full.length ? 'full' : 'loaded'} blocks, mean / max)`,
          summary.authoringMsMean === null ? `- (no log lines${args.log ? ` in ${args.log}` : '; pass --log'})` : `${summary.authoringMsMean} / ${summary.authoringMsMax}`,
        ],
        ['execution rate while authoring (extrinsics/s)', summary.executionPerSecond ?? '-'],
        ['signing / submission time', `${signMs} ms / ${submitMs} ms`],
      ],
    );
    console.log(
      '\nchain time = on-chain timestamps from the parent of the first to the last block holding bench extrinsics;' +
        '\nexecution rate = bench extrinsics in those blocks / their authoring time (CPU-bound capacity).',
    );
    await api.disconnect();
    if (accepted === 0) {
      console.error('error: no extrinsic was accepted by the pool');
      return null;
    }
    if (included.size < accepted) {
      console.error(`error: ${accepted - included.size} accepted extrinsics were not included within ${args.timeout}s`);
      return null;
    }
    return summary;
  }
}

main().then(
  () => process.exit(process.exitCode || 0),
  (error) => {
    console.error(`bench-throughput: ${error.usage ? error.message : error.stack || error.message}`);
    process.exit(1);
  },
);
