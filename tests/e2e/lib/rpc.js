// Dependency-free helpers for talking to nodes: free ports, polling, raw JSON-RPC over HTTP.
// Used by the polkadot.js helpers in node.js and by the multi-node test, which needs no packages.

import fs from 'node:fs';
import net from 'node:net';

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Returns `count` distinct free TCP ports on 127.0.0.1, found by binding port 0. All sockets are
 * held open until every port is known so the same port is never returned twice.
 */
export async function freePorts(count) {
  const servers = [];
  try {
    for (let i = 0; i < count; i++) {
      const server = net.createServer();
      await new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(0, '127.0.0.1', resolve);
      });
      servers.push(server);
    }
    return servers.map((s) => s.address().port);
  } finally {
    await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  }
}

/**
 * Polls `check` until it returns a truthy value (which is returned) or `timeoutMs` passes.
 * Errors thrown by `check` count as "not yet" (the last one is reported on timeout), except
 * errors with a truthy `fatal` property, which end the wait at once.
 */
export async function waitFor(check, { timeoutMs = 60_000, intervalMs = 500, what = 'condition' } = {}) {
  const deadline = Date.now() + timeoutMs;
  let lastError;
  for (;;) {
    try {
      const value = await check();
      if (value) return value;
    } catch (error) {
      if (error.fatal) throw error;
      lastError = error;
    }
    if (Date.now() > deadline) {
      const detail = lastError ? ` (last error: ${lastError.message})` : '';
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${detail}`);
    }
    await sleep(intervalMs);
  }
}

/** POSTs a raw body to a node's HTTP RPC endpoint; returns `{ status, text, json }`. */
export async function rawPost(httpUrl, body, { timeoutMs = 10_000, contentType = 'application/json' } = {}) {
  const response = await fetch(httpUrl, {
    method: 'POST',
    headers: { 'content-type': contentType },
    body,
    signal: AbortSignal.timeout(timeoutMs),
  });
  const text = await response.text();
  let json;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, text, json };
}

let rpcId = 0;

/** Calls one JSON-RPC method over HTTP and returns its `result`; throws on a JSON-RPC error. */
export async function rpc(httpUrl, method, params = [], options = {}) {
  const body = JSON.stringify({ jsonrpc: '2.0', id: ++rpcId, method, params });
  const { status, text, json } = await rawPost(httpUrl, body, options);
  if (!json) throw new Error(`${method}: HTTP ${status}, not JSON: ${text.slice(0, 200)}`);
  if (json.error) throw new Error(`${method}: JSON-RPC error ${json.error.code}: ${json.error.message}`);
  return json.result;
}

/** Last `lines` lines of a text file ('' if it does not exist). */
export function tailFile(file, lines = 80) {
  try {
    return fs.readFileSync(file, 'utf8').split('\n').slice(-lines - 1).join('\n');
  } catch {
    return '';
  }
}

/**
 * `it` that remembers whether any step failed, so a suite's `after` can print the node log only
 * when something went wrong: `const run = trackedSteps(it); run.step(name, options, fn)`, then
 * `if (run.failed) ...`. Set `run.failed = true` for failures outside steps (e.g. in `before`).
 */
export function trackedSteps(it) {
  const run = {
    failed: false,
    step(name, options, fn) {
      it(name, options, async (t) => {
        try {
          await fn(t);
        } catch (error) {
          run.failed = true;
          throw error;
        }
      });
    },
  };
  return run;
}
