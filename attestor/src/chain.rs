//! A small client of an OpenLedger node: JSON-RPC over HTTP, the runtime APIs an attestor reads,
//! and signed extrinsics for the calls it makes (`commit`, `reveal_root`, `finalize`).
//!
//! It speaks the node's plain HTTP JSON-RPC (the same port as WebSocket, 9944 by default) with
//! the standard library only, and builds extrinsics by hand from the runtime's transaction
//! extensions (see `runtime/src/lib.rs`, `TxExtension`), so the attestor pulls in no FRAME and no
//! runtime. The encodings below are checked end to end by `tests/e2e/attestor.test.js`: a wrong
//! byte is an invalid transaction there.

use codec::{Compact, Decode, Encode};
use openledger_core::{attribution::spec::AttributionSpec, ledger::LedgerRoot};
use serde_json::{json, Value};
use sp_core::{crypto::Pair as _, sr25519};
use std::{
	io::{Read, Write},
	net::TcpStream,
	time::Duration,
};

/// The attribution pallet's index in the runtime (`runtime/src/lib.rs`).
const ATTRIBUTION_PALLET: u8 = 12;
/// Call indices of the attribution pallet (`#[pallet::call_index]`).
const CALL_COMMIT: u8 = 9;
const CALL_FINALIZE: u8 = 11;
const CALL_REVEAL_ROOT: u8 = 15;

pub type AccountId = [u8; 32];
pub type Balance = u128;
pub type BlockNumber = u32;
pub type Hash = [u8; 32];

/// `ModelView` of the attribution runtime API, field for field.
// Decoded field for field; not every field is read.
#[allow(dead_code)]
#[derive(Decode, Debug, Clone)]
pub struct ModelView {
	pub owner: AccountId,
	pub name: Vec<u8>,
	pub artifact_hash: Hash,
	pub metadata_uri: Vec<u8>,
	pub training_data: Vec<(u32, u32)>,
	pub inference_fee: Balance,
	pub operators: Vec<AccountId>,
	pub retired: bool,
	pub deposit: Balance,
	pub registered_at: BlockNumber,
	pub next_round: u32,
	pub open_round: Option<u32>,
	pub latest_finalized: Option<u32>,
	pub inferences: u64,
	pub attribution_entries: u32,
}

/// `RoundPhase`.
#[derive(Decode, Debug, Clone, Copy, PartialEq, Eq)]
pub enum RoundPhase {
	Commit,
	Reveal,
	Finalizable,
	Finalized,
}

/// `RoundView`, field for field.
// Decoded field for field; not every field is read.
#[allow(dead_code)]
#[derive(Decode, Debug, Clone)]
pub struct RoundView {
	pub opener: AccountId,
	pub bounty: Balance,
	pub phase: RoundPhase,
	pub opened_at: BlockNumber,
	pub reveal_from: BlockNumber,
	pub finalize_from: BlockNumber,
	pub slash_fraction: u32,
	pub trust_threshold: u32,
	pub committers: u32,
	pub revealed: u32,
	pub consensus_entries: u32,
	pub stake_to_beat: Option<Balance>,
	pub revealed_stake: Balance,
	pub active_stake: Balance,
	pub quorum_reached: bool,
}

/// `SpecView`.
// Decoded field for field; not every field is read.
#[allow(dead_code)]
#[derive(Decode, Debug, Clone)]
pub struct SpecView {
	pub spec: AttributionSpec,
	pub hash: Hash,
	pub evaluation_uri: Vec<u8>,
	pub evaluation_reveal_at: BlockNumber,
}

/// `LedgerView`.
// Decoded field for field; not every field is read.
#[allow(dead_code)]
#[derive(Decode, Debug, Clone)]
pub struct LedgerView {
	pub root: LedgerRoot,
	pub round: u32,
	pub inflow: Balance,
	pub leaves_uri: Vec<u8>,
	pub finalized_at: BlockNumber,
}

/// `TrainingItem`.
// Decoded field for field; not every field is read.
#[allow(dead_code)]
#[derive(Decode, Debug, Clone)]
pub struct TrainingItem {
	pub id: u64,
	pub content_hash: Hash,
	pub contributor: AccountId,
	pub curator: Option<AccountId>,
	pub curation_fee: u32,
}

/// `TrainingPage`.
#[derive(Decode, Debug, Clone)]
pub struct TrainingPage {
	pub items: Vec<TrainingItem>,
	pub next: Option<u64>,
}

/// A node's JSON-RPC endpoint.
pub struct Rpc {
	address: String,
	next_id: u64,
}

fn from_hex(text: &str) -> Result<Vec<u8>, String> {
	let digits = text.strip_prefix("0x").unwrap_or(text);
	if !digits.len().is_multiple_of(2) {
		return Err(format!("odd-length hex from the node: {text}"));
	}
	(0..digits.len())
		.step_by(2)
		.map(|i| u8::from_str_radix(&digits[i..i + 2], 16).map_err(|_| format!("bad hex: {text}")))
		.collect()
}

fn hash32(value: &Value) -> Result<Hash, String> {
	let text = value.as_str().ok_or_else(|| format!("expected a hash, got {value}"))?;
	crate::account::parse_hex32(text)
}

/// Decodes a chunked HTTP body.
fn dechunk(mut body: &[u8]) -> Result<Vec<u8>, String> {
	let mut out = Vec::new();
	loop {
		let end = body.windows(2).position(|w| w == b"\r\n").ok_or("bad chunked body")?;
		let size = std::str::from_utf8(&body[..end]).map_err(|_| "bad chunk size")?;
		let size = usize::from_str_radix(size.split(';').next().unwrap_or("").trim(), 16)
			.map_err(|_| "bad chunk size")?;
		body = &body[end + 2..];
		if size == 0 {
			return Ok(out);
		}
		if body.len() < size {
			return Err("truncated chunk".into());
		}
		out.extend_from_slice(&body[..size]);
		body = body.get(size + 2..).unwrap_or(&[]);
	}
}

impl Rpc {
	/// `url`: `http://host:port` or `ws://host:port` (the same port serves both).
	pub fn new(url: &str) -> Result<Self, String> {
		let rest = url
			.strip_prefix("http://")
			.or_else(|| url.strip_prefix("ws://"))
			.ok_or_else(|| format!("`{url}`: use http://host:port or ws://host:port"))?;
		let address = rest.trim_end_matches('/').to_string();
		Ok(Self { address, next_id: 1 })
	}

	/// Calls `method` with `params`, returning the `result` (or the node's error message).
	pub fn call(&mut self, method: &str, params: Value) -> Result<Value, String> {
		let id = self.next_id;
		self.next_id += 1;
		let body = json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params }).to_string();
		let mut stream = TcpStream::connect(&self.address)
			.map_err(|e| format!("cannot reach the node at {}: {e}", self.address))?;
		stream.set_read_timeout(Some(Duration::from_secs(60))).map_err(|e| e.to_string())?;
		let request = format!(
			"POST / HTTP/1.1\r\nHost: {}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
			self.address,
			body.len()
		);
		stream.write_all(request.as_bytes()).map_err(|e| format!("{method}: {e}"))?;
		let mut response = Vec::new();
		stream.read_to_end(&mut response).map_err(|e| format!("{method}: {e}"))?;
		let split = response
			.windows(4)
			.position(|w| w == b"\r\n\r\n")
			.ok_or_else(|| format!("{method}: malformed HTTP response"))?;
		let head = String::from_utf8_lossy(&response[..split]).to_ascii_lowercase();
		let raw = &response[split + 4..];
		let payload =
			if head.contains("transfer-encoding: chunked") { dechunk(raw)? } else { raw.to_vec() };
		let reply: Value = serde_json::from_slice(&payload)
			.map_err(|e| format!("{method}: the node's reply is not JSON ({e})"))?;
		if let Some(error) = reply.get("error") {
			return Err(format!("{method}: {}", error.get("message").unwrap_or(error)));
		}
		Ok(reply.get("result").cloned().unwrap_or(Value::Null))
	}

	/// The best block's number and hash.
	pub fn best(&mut self) -> Result<(BlockNumber, Hash), String> {
		let header = self.call("chain_getHeader", json!([]))?;
		let number = header
			.get("number")
			.and_then(Value::as_str)
			.and_then(|n| u32::from_str_radix(n.trim_start_matches("0x"), 16).ok())
			.ok_or("chain_getHeader: no block number")?;
		Ok((number, self.block_hash(number)?))
	}

	/// The hash of block `number` on the best chain.
	pub fn block_hash(&mut self, number: BlockNumber) -> Result<Hash, String> {
		let hash = self.call("chain_getBlockHash", json!([number]))?;
		hash32(&hash).map_err(|_| format!("block {number} is not known to the node"))
	}

	/// Calls runtime API `method` (e.g. `AttributionApi_model`) with SCALE `args` at `at`.
	pub fn runtime_call<T: Decode>(&mut self, method: &str, args: &[u8], at: &Hash) -> Result<T, String> {
		let result = self.call(
			"state_call",
			json!([method, crate::account::hex(args), crate::account::hex(at)]),
		)?;
		let bytes = from_hex(result.as_str().ok_or("state_call: no result")?)?;
		T::decode(&mut &bytes[..]).map_err(|e| format!("{method}: cannot decode the result ({e})"))
	}
}

/// An account that signs and submits the attestor's extrinsics.
pub struct Signer {
	pair: sr25519::Pair,
	pub account: AccountId,
}

impl Signer {
	/// From a secret URI: `//Alice`, a mnemonic, or a 0x-hex seed, with optional derivation.
	pub fn from_suri(suri: &str) -> Result<Self, String> {
		let pair = sr25519::Pair::from_string(suri, None)
			.map_err(|e| format!("the secret URI is not valid: {e:?}"))?;
		let account = pair.public().0;
		Ok(Self { pair, account })
	}

	/// Signs `call` (pallet index, call index, arguments) and submits it; returns its hash.
	pub fn submit(&self, rpc: &mut Rpc, call: &[u8]) -> Result<String, String> {
		let genesis = rpc.block_hash(0)?;
		let version = rpc.call("state_getRuntimeVersion", json!([]))?;
		let field = |name: &str| {
			version.get(name).and_then(Value::as_u64).and_then(|v| u32::try_from(v).ok())
		};
		let spec_version = field("specVersion").ok_or("no specVersion")?;
		let tx_version = field("transactionVersion").ok_or("no transactionVersion")?;
		let nonce = rpc
			.call("system_accountNextIndex", json!([crate::account::ss58(&self.account)]))?
			.as_u64()
			.and_then(|n| u32::try_from(n).ok())
			.ok_or("system_accountNextIndex: no nonce")?;

		// Explicit extension data, in `TxExtension` order: CheckEra (immortal), CheckNonce,
		// ChargeTransactionPayment (tip 0), CheckMetadataHash (mode: disabled). The others
		// (CheckSponsorship among them) encode nothing.
		let mut extra = vec![0u8];
		Compact(nonce).encode_to(&mut extra);
		Compact(0u128).encode_to(&mut extra);
		extra.push(0);
		// Implicit data: spec and transaction versions, genesis hash, the era's block (genesis
		// for an immortal era), no metadata hash.
		let mut implicit = Vec::new();
		spec_version.encode_to(&mut implicit);
		tx_version.encode_to(&mut implicit);
		implicit.extend_from_slice(&genesis);
		implicit.extend_from_slice(&genesis);
		implicit.push(0);

		let mut payload = call.to_vec();
		payload.extend_from_slice(&extra);
		payload.extend_from_slice(&implicit);
		let signature = if payload.len() > 256 {
			self.pair.sign(&sp_crypto_hashing::blake2_256(&payload))
		} else {
			self.pair.sign(&payload)
		};

		// Signed extrinsic, format version 4: address (MultiAddress::Id), signature
		// (MultiSignature::Sr25519), extension data, call.
		let mut body = vec![0x84, 0x00];
		body.extend_from_slice(&self.account);
		body.push(0x01);
		body.extend_from_slice(&signature.0);
		body.extend_from_slice(&extra);
		body.extend_from_slice(call);
		let mut extrinsic = Vec::new();
		Compact(u32::try_from(body.len()).map_err(|_| "extrinsic too long")?).encode_to(&mut extrinsic);
		extrinsic.extend_from_slice(&body);
		let hash = rpc.call("author_submitExtrinsic", json!([crate::account::hex(&extrinsic)]))?;
		Ok(hash.as_str().unwrap_or_default().to_string())
	}
}

/// The call `attribution.commit(model, round, hash)`.
pub fn commit_call(model: u32, round: u32, hash: &Hash) -> Vec<u8> {
	let mut call = vec![ATTRIBUTION_PALLET, CALL_COMMIT];
	(model, round, hash).encode_to(&mut call);
	call
}

/// The call `attribution.reveal_root(model, round, root, leaves_uri, salt)`.
pub fn reveal_root_call(model: u32, round: u32, root: &LedgerRoot, uri: &[u8], salt: &[u8; 32]) -> Vec<u8> {
	let mut call = vec![ATTRIBUTION_PALLET, CALL_REVEAL_ROOT];
	(model, round, root, uri, salt).encode_to(&mut call);
	call
}

/// The call `attribution.finalize(model, round)`.
pub fn finalize_call(model: u32, round: u32) -> Vec<u8> {
	let mut call = vec![ATTRIBUTION_PALLET, CALL_FINALIZE];
	(model, round).encode_to(&mut call);
	call
}
