// Multi-node test: four `--chain local` validators (Alice, Bob, Charlie, Dave) started with
// scripts/localnet.sh in a temporary base directory on free ports.
//
// 1. The nodes find each other through the single bootnode (Alice; mDNS off).
// 2. All four finalize the same chain (same block hash at a common finalized height).
// 3. Measures finality lag (best - finalized) per node and the average block time.
// 4. Dave is SIGKILLed: the other three keep finalizing (3 of 4 GRANDPA voters suffice).
// 5. Dave restarts on the same database and catches up to the others' finalized chain.
// The network is always stopped at the end. Measured numbers are printed on `METRIC` lines.
//
// Run with tests/e2e/run-multinode.sh. Needs only Node.js (no npm packages) and the node binary.

import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';

import { rpc, sleep, tailFile, trackedSteps, waitFor } from '../lib/rpc.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const LOCALNET = path.join(ROOT, 'scripts/localnet.sh');
const NAMES = ['alice', 'bob', 'charlie', 'dave'];
const SURVIVORS = ['alice', 'bob', 'charlie'];
// twox128("Timestamp") ++ twox128("Now"): the `Timestamp::Now` storage key (u64 milliseconds).
const TIMESTAMP_NOW_KEY = '0xf0c365c3cf59d671eb72da0e7a4113c49f1f0515f462cdcf84e0f1d6045dfcbb';

// How far the chain must get in each phase, and the (generous) time allowed for it.
const FIRST_FINALIZED = 3;
const FINALITY_TIMEOUT_MS = 300_000;
const MEASURE_WINDOW_MS = Number(process.env.OPENLEDGER_MEASURE_MS || 30_000);
const ADVANCE_WITHOUT_DAVE = 3;

let base;
let network = false;
const run = trackedSteps(it);
const { step } = run;
const url = {};

function metric(text) {
  console.log(`METRIC ${text}`);
}


function localnet(...args) {
  return new Promise((resolve, reject) => {
    execFile('bash', [LOCALNET, ...args, '--base', base], { timeout: 300_000, maxBuffer: 8 << 20 }, (error, stdout, stderr) => {
      process.stdout.write(stdout);
      process.stderr.write(stderr);
      if (error) reject(new Error(`localnet.sh ${args.join(' ')} failed (exit ${error.code}${error.signal ? `, ${error.signal}` : ''}); see its output above`));
      else resolve(stdout);
    });
  });
}

function stopNetworkSync() {
  if (!network) return;
  network = false;
  spawnSync('bash', [LOCALNET, 'stop', '--base', base], { stdio: 'inherit', timeout: 120_000 });
}
process.once('exit', stopNetworkSync);

async function isFree(port) {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** Three distinct runs of four free consecutive ports: p2p, rpc, prometheus bases. */
async function pickPortBases() {
  const bases = [];
  const taken = new Set();
  while (bases.length < 3) {
    const start = 20_000 + Math.floor(Math.random() * 3_000) * 10;
    const range = [0, 1, 2, 3].map((i) => start + i);
    if (range.some((p) => taken.has(p))) continue;
    const free = await Promise.all(range.map(isFree));
    if (free.every(Boolean)) {
      range.forEach((p) => taken.add(p));
      bases.push(start);
    }
  }
  return bases;
}

const hexNumber = (hex) => Number.parseInt(hex, 16);
const bestOf = async (name) => hexNumber((await rpc(url[name], 'chain_getHeader')).number);
async function finalizedOf(name) {
  const hash = await rpc(url[name], 'chain_getFinalizedHead');
  const header = await rpc(url[name], 'chain_getHeader', [hash]);
  return { number: hexNumber(header.number), hash };
}
const hashAt = (name, number) => rpc(url[name], 'chain_getBlockHash', [number]);
const peersOf = async (name) => (await rpc(url[name], 'system_health')).peers;
async function timestampAt(name, hash) {
  const raw = await rpc(url[name], 'state_getStorage', [TIMESTAMP_NOW_KEY, hash]);
  assert.ok(raw && raw.length === 18, `Timestamp::Now at ${hash}: ${raw}`);
  return Number(Buffer.from(raw.slice(2), 'hex').readBigUInt64LE(0));
}

/** Waits until every node in `names` finalized >= `min`, then checks they agree on the hash. */
async function agreeOnFinalized(names, min, timeoutMs) {
  const heights = await waitFor(
    async () => {
      const f = await Promise.all(names.map(finalizedOf));
      return f.every((x) => x.number >= min) ? f.map((x) => x.number) : null;
    },
    { timeoutMs, intervalMs: 1_000, what: `${names.join(', ')} to finalize #${min}` },
  );
  const common = Math.min(...heights);
  const hashes = await Promise.all(names.map((n) => hashAt(n, common)));
  for (let i = 1; i < names.length; i++) {
    assert.equal(hashes[i], hashes[0], `${names[i]} and ${names[0]} disagree at finalized #${common}`);
  }
  return { common, hash: hashes[0], heights };
}

describe('four-validator local network', { timeout: 30 * 60_000 }, () => {
  before(
    async () => {
      base = fs.mkdtempSync(path.join(os.tmpdir(), 'openledger-localnet-'));
      const [p2p, rpcPort, prometheus] = await pickPortBases();
      NAMES.forEach((name, i) => {
        url[name] = `http://127.0.0.1:${rpcPort + i}`;
      });
      console.log(`base ${base}; p2p ${p2p}+i, rpc ${rpcPort}+i, prometheus ${prometheus}+i`);
      network = true;
      try {
        await localnet('start', '--p2p-port', String(p2p), '--rpc-port', String(rpcPort), '--prometheus-port', String(prometheus));
      } catch (error) {
        run.failed = true;
        throw error;
      }
    },
    { timeout: 400_000 },
  );

  after(
    async () => {
      if (network) {
        await localnet('status').catch(() => {});
        network = false;
        await localnet('stop').catch((error) => console.log(error.message));
      }
      if (run.failed) {
        for (const name of NAMES) {
          console.log(`--- ${name}: ${base}/${name}/node.log (last lines) ---\n${tailFile(`${base}/${name}/node.log`, 60)}`);
        }
        console.log(`state kept in ${base}`);
      } else if (base) {
        fs.rmSync(base, { recursive: true, force: true });
      }
    },
    { timeout: 200_000 },
  );

  step('the validators discover each other through the bootnode', { timeout: 150_000 }, async () => {
    const peers = await waitFor(
      async () => {
        const p = await Promise.all(NAMES.map(peersOf));
        return p.every((n) => n >= 2) ? p : null;
      },
      { timeoutMs: 120_000, intervalMs: 1_000, what: 'every node to have >= 2 peers (beyond the bootnode alone)' },
    );
    metric(`peers ${NAMES.map((n, i) => `${n}=${peers[i]}`).join(' ')}`);
  });

  step('all four finalize the same chain', { timeout: FINALITY_TIMEOUT_MS + 30_000 }, async () => {
    const started = Date.now();
    const { common, hash } = await agreeOnFinalized(NAMES, FIRST_FINALIZED, FINALITY_TIMEOUT_MS);
    metric(`all_four_finalized height=#${common} hash=${hash} after ${((Date.now() - started) / 1000).toFixed(1)}s`);
  });

  step('finality lag and block time', { timeout: MEASURE_WINDOW_MS + 120_000 }, async () => {
    const lags = Object.fromEntries(NAMES.map((n) => [n, []]));
    const f0 = await Promise.all(NAMES.map(finalizedOf));
    const b0 = await bestOf('alice');
    const h0 = await hashAt('alice', b0);
    const t0 = Date.now();
    while (Date.now() - t0 < MEASURE_WINDOW_MS) {
      await Promise.all(
        NAMES.map(async (name) => {
          const [best, fin] = await Promise.all([bestOf(name), finalizedOf(name)]);
          lags[name].push(best - fin.number);
        }),
      );
      await sleep(1_000);
    }
    const b1 = await bestOf('alice');
    const h1 = await hashAt('alice', b1);
    const wall = (Date.now() - t0) / 1000;
    const f1 = await Promise.all(NAMES.map(finalizedOf));
    for (const name of NAMES) {
      const l = lags[name];
      const avg = l.reduce((a, b) => a + b, 0) / l.length;
      metric(`finality_lag node=${name} samples=${l.length} min=${Math.min(...l)} avg=${avg.toFixed(2)} max=${Math.max(...l)} blocks`);
    }
    assert.ok(b1 > b0, `blocks were produced during the ${wall}s window (#${b0} -> #${b1})`);
    const chainMs = (await timestampAt('alice', h1)) - (await timestampAt('alice', h0));
    metric(`block_time avg=${(chainMs / (b1 - b0) / 1000).toFixed(2)}s (on-chain timestamps, ${b1 - b0} blocks #${b0}..#${b1})`);
    metric(`block_time wall=${(wall / (b1 - b0)).toFixed(2)}s (${b1 - b0} blocks in ${wall.toFixed(1)}s)`);
    NAMES.forEach((name, i) => {
      assert.ok(f1[i].number > f0[i].number, `${name} finalized during the window (#${f0[i].number} -> #${f1[i].number})`);
    });
  });

  let daveBeforeKill;
  let othersAtKill;
  step('finality continues on three validators after Dave is killed', { timeout: FINALITY_TIMEOUT_MS + 60_000 }, async () => {
    daveBeforeKill = await finalizedOf('dave');
    await localnet('kill-one', 'dave');
    await assert.rejects(rpc(url.dave, 'system_health', [], { timeoutMs: 2_000 }), 'Dave no longer answers');
    const started = Date.now();
    const f0 = await Promise.all(SURVIVORS.map(finalizedOf));
    const from = Math.max(...f0.map((f) => f.number));
    const bestBefore = await bestOf('alice');
    const { common, hash } = await agreeOnFinalized(SURVIVORS, from + ADVANCE_WITHOUT_DAVE, FINALITY_TIMEOUT_MS);
    const seconds = (Date.now() - started) / 1000;
    const produced = (await bestOf('alice')) - bestBefore;
    othersAtKill = { common, hash };
    metric(
      `without_dave finalized #${from} -> #${common} (+${common - from}) in ${seconds.toFixed(1)}s; ` +
        `${produced} blocks produced (${(seconds / Math.max(produced, 1)).toFixed(2)}s/block); hash ${hash}`,
    );
  });

  step('Dave restarts on the same database and catches up', { timeout: FINALITY_TIMEOUT_MS + 60_000 }, async () => {
    assert.ok(othersAtKill, 'previous step reached a finalized head without Dave');
    const target = Math.min(...(await Promise.all(SURVIVORS.map(finalizedOf))).map((f) => f.number));
    const started = Date.now();
    await localnet('start-one', 'dave');
    const resumed = await finalizedOf('dave');
    metric(`dave_restart finalized_before_kill=#${daveBeforeKill.number} finalized_on_restart=#${resumed.number} target=#${target}`);
    // A SIGKILL may lose the last few milliseconds of database commits, so allow a little slack;
    // a node that lost its database would start again from #0.
    const floor = Math.max(1, daveBeforeKill.number - 5);
    assert.ok(
      resumed.number >= floor,
      `Dave reopened his database (finalized #${resumed.number} on restart, #${daveBeforeKill.number} before the kill)`,
    );
    const caughtUp = await waitFor(
      async () => {
        const f = await finalizedOf('dave');
        if (f.number < target) return null;
        const aliceHash = await hashAt('alice', f.number);
        return aliceHash === f.hash ? f : null;
      },
      { timeoutMs: FINALITY_TIMEOUT_MS, intervalMs: 1_000, what: `Dave to finalize #${target} on Alice's chain` },
    );
    const seconds = (Date.now() - started) / 1000;
    metric(`dave_catch_up finalized=#${caughtUp.number} hash=${caughtUp.hash} in ${seconds.toFixed(1)}s (target #${target})`);
    const { common } = await agreeOnFinalized(NAMES, caughtUp.number, 60_000);
    metric(`all_four_finalized_again height=#${common}`);
  });
});
