// Helpers for end-to-end tests and scripts that drive a real `openledger-node`:
// start a throw-away `--dev --tmp` node on free ports, talk raw JSON-RPC to it, connect
// polkadot.js, and submit signed extrinsics with readable results.
//
// Everything here is plain Node.js 20 plus polkadot.js; no test framework is assumed, so
// scripts (e.g. scripts/bench-throughput.js) reuse it too.

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { ApiPromise, WsProvider } from '@polkadot/api';

import { freePorts, rpc, tailFile, waitFor } from './rpc.js';

export { freePorts, rawPost, rpc, sleep, tailFile, trackedSteps, waitFor } from './rpc.js';

export { ApiPromise, WsProvider } from '@polkadot/api';
export { Keyring } from '@polkadot/keyring';
export { cryptoWaitReady, mnemonicGenerate, randomAsU8a } from '@polkadot/util-crypto';

/** One OPEN in planck (18 decimals). */
export const UNIT = 10n ** 18n;

/** Existential deposit of the OpenLedger runtime: 0.001 OPEN. */
export const EXISTENTIAL_DEPOSIT = 10n ** 15n;

/** The node binary: `$OPENLEDGER_NODE` (set by scripts/env.sh) or its default location. */
export function nodeBinary() {
  if (process.env.OPENLEDGER_NODE) return process.env.OPENLEDGER_NODE;
  const target = process.env.CARGO_TARGET_DIR || path.join(os.homedir(), '.cache/openledger/target');
  return path.join(target, 'release/openledger-node');
}

/** Formats planck as OPEN with up to 6 decimals, e.g. `12.345 OPEN`. */
export function formatOpen(planck) {
  const value = BigInt(planck);
  const sign = value < 0n ? '-' : '';
  const abs = value < 0n ? -value : value;
  const whole = abs / UNIT;
  const frac = (abs % UNIT).toString().padStart(18, '0').slice(0, 6).replace(/0+$/, '');
  return `${sign}${whole}${frac ? `.${frac}` : ''} OPEN`;
}

const liveChildren = new Set();
process.once('exit', () => {
  // Last resort if a test process dies without running its `after` hooks.
  for (const child of liveChildren) {
    try {
      child.kill('SIGKILL');
    } catch {
      // already gone
    }
  }
});

/**
 * Starts `openledger-node --dev --tmp` (or `args` instead of `--dev --tmp`) on free ports and
 * waits until its RPC answers `system_health`.
 *
 * Returns `{ wsUrl, httpUrl, prometheusUrl, ports, pid, logFile, dir, tail(n), stop(), removeLogs() }`.
 * `stop()` sends SIGINT and SIGKILLs after `stopTimeoutMs`. If the node exits or does not answer
 * in time, the error message includes the end of its log.
 */
export async function startNode({
  name = 'e2e',
  args = ['--dev', '--tmp'],
  extraArgs = [],
  binary = nodeBinary(),
  startTimeoutMs = 90_000,
  stopTimeoutMs = 15_000,
} = {}) {
  if (!fs.existsSync(binary)) {
    throw new Error(`node binary not found at ${binary}; build it first (see scripts/env.sh)`);
  }
  const [p2p, rpcPort, prometheus] = await freePorts(3);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `openledger-${name}-`));
  const logFile = path.join(dir, 'node.log');
  const logFd = fs.openSync(logFile, 'a');
  const envArgs = (process.env.OPENLEDGER_NODE_EXTRA_ARGS || '').split(/\s+/).filter(Boolean);
  const fullArgs = [
    ...args,
    '--port', String(p2p),
    '--rpc-port', String(rpcPort),
    '--prometheus-port', String(prometheus),
    '--rpc-cors', 'all',
    '--rpc-methods', 'unsafe',
    '--no-mdns',
    '--no-telemetry',
    ...extraArgs,
    ...envArgs,
  ];
  fs.writeSync(logFd, `# ${binary} ${fullArgs.join(' ')}\n`);
  const child = spawn(binary, fullArgs, { stdio: ['ignore', logFd, logFd] });
  fs.closeSync(logFd);
  liveChildren.add(child);

  let exited = null;
  const exitPromise = new Promise((resolve) => {
    child.once('exit', (code, signal) => {
      exited = { code, signal };
      liveChildren.delete(child);
      resolve(exited);
    });
    child.once('error', (error) => {
      exited = { code: null, signal: null, error };
      liveChildren.delete(child);
      resolve(exited);
    });
  });

  const node = {
    name,
    pid: child.pid,
    dir,
    logFile,
    ports: { p2p, rpc: rpcPort, prometheus },
    wsUrl: `ws://127.0.0.1:${rpcPort}`,
    httpUrl: `http://127.0.0.1:${rpcPort}`,
    prometheusUrl: `http://127.0.0.1:${prometheus}/metrics`,
    tail: (lines = 80) => tailFile(logFile, lines),
    isRunning: () => exited === null,
    /** Deletes the log directory (call after stop() when the log is no longer needed). */
    removeLogs: () => fs.rmSync(dir, { recursive: true, force: true }),
    async stop() {
      if (exited === null) {
        child.kill('SIGINT');
        const timer = setTimeout(() => {
          if (exited === null) child.kill('SIGKILL');
        }, stopTimeoutMs);
        await exitPromise;
        clearTimeout(timer);
      }
      return exited;
    },
  };

  try {
    await waitFor(
      async () => {
        if (exited) {
          const how = exited.error ? exited.error.message : `code ${exited.code}, signal ${exited.signal}`;
          throw Object.assign(new Error(`node exited during start-up (${how})`), { fatal: true });
        }
        const health = await rpc(node.httpUrl, 'system_health', [], { timeoutMs: 2_000 });
        return health && typeof health.peers === 'number';
      },
      { timeoutMs: startTimeoutMs, intervalMs: 250, what: `${name} node RPC on ${node.httpUrl}` },
    );
  } catch (error) {
    await node.stop();
    throw new Error(`${error.message}\n--- ${logFile} (last lines) ---\n${node.tail(60)}`);
  }
  return node;
}

/**
 * Connects polkadot.js to `wsUrl` (retrying the WebSocket every second) and waits until the API
 * has loaded metadata; fails with a readable error after `timeoutMs`.
 */
export async function connectApi(wsUrl, { timeoutMs = 30_000 } = {}) {
  const provider = new WsProvider(wsUrl, 1_000);
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`polkadot.js could not connect to ${wsUrl} within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    const api = await Promise.race([ApiPromise.create({ provider, noInitWarn: true }), timeout]);
    await Promise.race([api.isReady, timeout]);
    return api;
  } catch (error) {
    await provider.disconnect().catch(() => {});
    throw error instanceof Error ? error : new Error(`polkadot.js could not connect to ${wsUrl}: ${error?.message ?? error?.type ?? String(error)}`);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Turns a `DispatchError` into `{ kind, name, docs, text }`:
 * module errors are decoded from metadata (`balances.InsufficientBalance`), other kinds are named
 * by their variant (`Token.FundsUnavailable`, `Arithmetic.Underflow`, `BadOrigin`).
 */
export function describeDispatchError(registry, dispatchError) {
  if (dispatchError.isModule) {
    const meta = registry.findMetaError(dispatchError.asModule);
    const name = `${meta.section}.${meta.name}`;
    const docs = meta.docs.join(' ').trim();
    return { kind: 'Module', name, docs, text: docs ? `${name}: ${docs}` : name };
  }
  const inner = dispatchError.value;
  const innerName = inner && typeof inner.type === 'string' ? `.${inner.type}` : '';
  const name = `${dispatchError.type}${innerName}`;
  return { kind: dispatchError.type, name, docs: '', text: name };
}

/** Event records `section.method` names, e.g. `['balances.Withdraw', 'balances.Transfer', ...]`. */
export function eventNames(events) {
  return events.map(({ event }) => `${event.section}.${event.method}`);
}

/** The first event record `section.method` (case-insensitive section), or undefined. */
export function findEvent(events, section, method) {
  return events.find(({ event }) => event.section.toLowerCase() === section.toLowerCase() && event.method === method);
}

/**
 * Signs and submits `tx` with `signer` (a keyring pair) and resolves once it is in a block:
 * `{ blockHash, txHash, events, dispatchError, ok }` where `events` are the extrinsic's event
 * records and `dispatchError` is `describeDispatchError(...)` or null.
 *
 * Rejects with a readable Error when the pool refuses the transaction at submission (the
 * message carries the node's text, e.g. `1010: Invalid Transaction: Transaction is outdated`),
 * when it becomes Invalid/Dropped/Usurped, or when `timeoutMs` passes. Other options (nonce,
 * tip, era) are passed to `signAndSend`.
 */
export function sendAndWatch(tx, signer, { timeoutMs = 60_000, ...signOptions } = {}) {
  const label = `${tx.method.section}.${tx.method.method}`;
  return new Promise((resolve, reject) => {
    let unsubscribe = null;
    let settled = false;
    const settle = (fn, value) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (unsubscribe) unsubscribe();
      fn(value);
    };
    const timer = setTimeout(
      () => settle(reject, new Error(`${label}: not in a block within ${timeoutMs} ms`)),
      timeoutMs,
    );
    tx.signAndSend(signer, signOptions, (result) => {
      const { status } = result;
      if (result.internalError) {
        settle(reject, new Error(`${label}: ${result.internalError.message}`));
      } else if (status.isInBlock || status.isFinalized) {
        const blockHash = (status.isInBlock ? status.asInBlock : status.asFinalized).toHex();
        const dispatchError = result.dispatchError ? describeDispatchError(tx.registry, result.dispatchError) : null;
        settle(resolve, {
          blockHash,
          txHash: result.txHash.toHex(),
          events: result.events,
          dispatchError,
          ok: dispatchError === null,
        });
      } else if (status.isInvalid || status.isDropped || status.isUsurped || status.isFinalityTimeout) {
        settle(reject, new Error(`${label}: transaction ${status.type} in the pool`));
      }
    })
      .then((unsub) => {
        unsubscribe = unsub;
        if (settled) unsub();
      })
      .catch((error) => settle(reject, new Error(`${label}: rejected at submission: ${error.message}`)));
  });
}

