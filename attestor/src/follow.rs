//! `openledger-attestor run`: follows the chain and takes part in the root rounds of models
//! whose spec it supports.
//!
//! For each open round of a followed model it:
//! 1. in the commit phase, reads at the block the round opened (so every attestor sees the same
//!    state) the model's spec, its training items (`training_items`, paged), the round's inflow
//!    and the root in force; loads each contribution's bytes from the content directory (files
//!    named by content hash; missing, mismatching or malformed bytes are reported and left
//!    out, as the spec says); computes the attribution and the ledger; writes the leaves file to
//!    the publish directory; commits `root_commitment_hash(model, round, root, salt, account)`
//!    with a fresh random salt (kept in the publish directory, so a restart can still reveal);
//! 2. in the reveal phase, reveals the root with the leaves file's URI;
//! 3. once the reveal phase is over, finalizes the round (anyone may) and reports whether the
//!    agreed root is its own.
//!
//! The previous root's leaves (whose scores share the epoch's pot) are read from the publish
//! directory, or from the agreed root's `file://` leaves URI.

use crate::{
	account::{hex, parse_hex32},
	chain::{self, LedgerView, ModelView, RoundPhase, RoundView, Rpc, Signer, SpecView, TrainingPage},
	files::{self, LeavesFile, LEAVES_MAGIC},
	input::{Entry, Status},
	run,
};
use codec::Encode;
use openledger_core::{
	attribution::{features, scores::Payees},
	commitment::root_commitment_hash,
	ledger::{LedgerLeaf, LedgerRoot},
};
use serde_json::{json, Value};
use std::{
	collections::BTreeMap,
	path::PathBuf,
	time::Duration,
};

/// Options of `run`.
#[derive(clap::Args, Clone)]
pub struct RunArgs {
	/// The node's JSON-RPC endpoint.
	#[arg(long, default_value = "http://127.0.0.1:9944")]
	pub rpc: String,
	/// The attestor's secret URI (`//Charlie`, a mnemonic, or a 0x seed); it must be bonded and
	/// a member of the attestor set.
	#[arg(long)]
	pub suri: String,
	/// Models to follow (repeat the flag); by default every model with a spec.
	#[arg(long = "model")]
	pub models: Vec<u32>,
	/// Directory of contribution files, named by content hash (as for `compute`).
	#[arg(long)]
	pub content: PathBuf,
	/// An evaluation set file to use instead of the spec's `evaluation_uri` (its blake2-256
	/// must still be the spec's).
	#[arg(long)]
	pub evaluation: Option<PathBuf>,
	/// Where leaves files and round state are written.
	#[arg(long)]
	pub publish: PathBuf,
	/// The URI prefix under which the publish directory is served (default: `file://` and its
	/// absolute path).
	#[arg(long)]
	pub publish_uri: Option<String>,
	/// Stop after this many rounds it took part in were finalized (default: never).
	#[arg(long)]
	pub rounds: Option<u32>,
	/// How often to poll the node, in milliseconds.
	#[arg(long, default_value_t = 1_000)]
	pub poll_ms: u64,
	/// Worker threads (default: every core).
	#[arg(long)]
	pub threads: Option<usize>,
}

/// What the attestor did in one round, saved as `round-<model>-<round>.json`.
#[derive(Clone, Default)]
struct RoundState {
	root: Option<LedgerRoot>,
	salt: [u8; 32],
	leaves_uri: String,
	committed: bool,
	revealed: bool,
	finalize_sent: bool,
}

fn log(line: String) {
	eprintln!("[run] {line}");
}

fn random_salt() -> Result<[u8; 32], String> {
	use std::io::Read;
	let mut salt = [0u8; 32];
	std::fs::File::open("/dev/urandom")
		.and_then(|mut f| f.read_exact(&mut salt))
		.map_err(|e| format!("no randomness for the salt: {e}"))?;
	Ok(salt)
}

struct Follower {
	args: RunArgs,
	rpc: Rpc,
	/// `None` for `verify-round`, which only reads.
	signer: Option<Signer>,
	uri_base: String,
	states: BTreeMap<(u32, u32), RoundState>,
	finished: u32,
}

impl Follower {
	fn state_path(&self, model: u32, round: u32) -> PathBuf {
		self.args.publish.join(format!("round-{model}-{round}.json"))
	}

	fn save(&self, model: u32, round: u32, state: &RoundState) -> Result<(), String> {
		let root = state.root.map(|r| {
			json!({ "hash": hex(&r.hash), "leaves": r.leaves, "owed": r.owed.to_string(), "score": r.score.to_string() })
		});
		let value = json!({
			"root": root, "salt": hex(&state.salt), "leavesUri": state.leaves_uri,
			"committed": state.committed, "revealed": state.revealed, "finalizeSent": state.finalize_sent,
		});
		std::fs::write(self.state_path(model, round), format!("{value:#}\n"))
			.map_err(|e| format!("cannot save the round state: {e}"))
	}

	fn load(&self, model: u32, round: u32) -> Option<RoundState> {
		let text = std::fs::read_to_string(self.state_path(model, round)).ok()?;
		let v: Value = serde_json::from_str(&text).ok()?;
		let root = v.get("root").filter(|r| !r.is_null()).and_then(|r| {
			Some(LedgerRoot {
				hash: parse_hex32(r.get("hash")?.as_str()?).ok()?,
				leaves: r.get("leaves")?.as_u64()?,
				owed: r.get("owed")?.as_str()?.parse().ok()?,
				score: r.get("score")?.as_str()?.parse().ok()?,
			})
		});
		Some(RoundState {
			root,
			salt: parse_hex32(v.get("salt")?.as_str()?).ok()?,
			leaves_uri: v.get("leavesUri")?.as_str()?.to_string(),
			committed: v.get("committed")?.as_bool()?,
			revealed: v.get("revealed")?.as_bool()?,
			finalize_sent: v.get("finalizeSent")?.as_bool()?,
		})
	}

	fn models(&mut self, at: &chain::Hash) -> Result<Vec<u32>, String> {
		if !self.args.models.is_empty() {
			return Ok(self.args.models.clone());
		}
		let mut found = Vec::new();
		for model in 0u32.. {
			let view: Option<ModelView> = self.rpc.runtime_call("AttributionApi_model", &model.encode(), at)?;
			if view.is_none() {
				break;
			}
			let spec: Option<SpecView> = self.rpc.runtime_call("AttributionApi_model_spec", &model.encode(), at)?;
			if spec.is_some() {
				found.push(model);
			}
		}
		Ok(found)
	}

	fn evaluation(&self, spec: &SpecView) -> Result<Vec<features::Labelled>, String> {
		let path = match &self.args.evaluation {
			Some(path) => path.clone(),
			None => {
				let uri = String::from_utf8_lossy(&spec.evaluation_uri).to_string();
				PathBuf::from(uri.strip_prefix("file://").unwrap_or(&uri))
			},
		};
		let bytes = std::fs::read(&path)
			.map_err(|e| format!("cannot read the evaluation set {}: {e}", path.display()))?;
		if sp_crypto_hashing::blake2_256(&bytes) != spec.spec.evaluation_set {
			return Err(format!(
				"the evaluation set {} does not hash to the spec's {}",
				path.display(),
				hex(&spec.spec.evaluation_set)
			));
		}
		features::decode_evaluation_set(&spec.spec.format, &bytes)
			.map_err(|e| format!("the evaluation set is not valid in the spec's format: {e:?}"))
	}

	fn previous_leaves(&self, ledger: &Option<LedgerView>) -> Result<Vec<LedgerLeaf>, String> {
		let Some(ledger) = ledger else { return Ok(Vec::new()) };
		let own = self.args.publish.join(format!("{}.leaves", hex(&ledger.root.hash)));
		let uri = String::from_utf8_lossy(&ledger.leaves_uri).to_string();
		let path = if own.is_file() {
			own
		} else if let Some(path) = uri.strip_prefix("file://") {
			PathBuf::from(path)
		} else {
			return Err(format!(
				"the leaves of the root in force ({}) are at {uri}: download them into {}",
				hex(&ledger.root.hash),
				own.display()
			));
		};
		let file = files::read_leaves(&path)?;
		if file.root != ledger.root {
			return Err(format!("{} holds the leaves of another root", path.display()));
		}
		Ok(file.leaves)
	}

	/// Computes the round's root from the state at the block it opened.
	fn compute(&mut self, model: u32, round: u32, info: &RoundView) -> Result<RoundState, String> {
		let at = self.rpc.block_hash(info.opened_at)?;
		let spec: SpecView = self
			.rpc
			.runtime_call::<Option<SpecView>>("AttributionApi_model_spec", &model.encode(), &at)?
			.ok_or("the model has no spec")?;
		let queries = self.evaluation(&spec)?;
		let inflow: u128 = self
			.rpc
			.runtime_call::<Option<u128>>("AttributionApi_round_inflow", &(model, round).encode(), &at)?
			.ok_or("not a root round")?;
		let ledger: Option<LedgerView> =
			self.rpc.runtime_call("AttributionApi_model_ledger", &model.encode(), &at)?;
		let previous = self.previous_leaves(&ledger)?;
		let pot = inflow.saturating_sub(ledger.as_ref().map_or(0, |l| l.root.owed));

		let mut entries: Vec<Entry> = Vec::new();
		let mut start_after: Option<u64> = None;
		loop {
			let page: TrainingPage = self.rpc.runtime_call(
				"AttributionApi_training_items",
				&(model, start_after, 1_000u32).encode(),
				&at,
			)?;
			for item in page.items {
				entries.push(Entry {
					id: item.id,
					content_hash: item.content_hash,
					payees: Payees {
						contributor: item.contributor,
						curator: item.curator.unwrap_or(item.contributor),
						curation_fee_ppb: if item.curator.is_some() { item.curation_fee } else { 0 },
					},
				});
			}
			if entries.len() % 10_000 < 1_000 {
				log(format!("model {model} round {round}: {} training items read", entries.len()));
			}
			match page.next {
				Some(next) => start_after = Some(next),
				None => break,
			}
		}
		entries.sort_by_key(|e| e.id);
		log(format!(
			"model {model} round {round}: {} contributions, inflow {inflow}, pot {pot}, previous root {}",
			entries.len(),
			ledger.as_ref().map_or("none".into(), |l| hex(&l.root.hash))
		));
		let threads = self
			.args
			.threads
			.unwrap_or_else(|| std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1));
		let outcome =
			run::outcome_of(spec.spec, &queries, entries, &self.args.content, &previous, pot, threads)?;
		for (entry, status) in outcome.entries.iter().zip(&outcome.loaded.status) {
			if *status != Status::Included {
				log(format!("contribution {} ({}) left out: {}", entry.id, hex(&entry.content_hash), status.label()));
			}
		}
		let root = outcome.tree.root();
		let name = format!("{}.leaves", hex(&root.hash));
		files::write_leaves(
			&self.args.publish.join(&name),
			&LeavesFile {
				magic: LEAVES_MAGIC,
				spec_hash: spec.hash,
				root,
				leaves: outcome.tree.leaves().to_vec(),
			},
		)?;
		let summary = run::root_json(&outcome);
		std::fs::write(
			self.args.publish.join(format!("root-{model}-{round}.json")),
			format!("{summary:#}\n"),
		)
		.map_err(|e| format!("cannot write the root summary: {e}"))?;
		Ok(RoundState {
			root: Some(root),
			salt: random_salt()?,
			leaves_uri: format!("{}{name}", self.uri_base),
			..Default::default()
		})
	}

	fn step(&mut self) -> Result<(), String> {
		let (_, best) = self.rpc.best()?;
		for model in self.models(&best)? {
			let Some(view) = self.rpc.runtime_call::<Option<ModelView>>("AttributionApi_model", &model.encode(), &best)? else {
				continue;
			};
			// Rounds this attestor took part in that are now finalized.
			let finished: Vec<(u32, u32)> = self
				.states
				.keys()
				.filter(|(m, r)| *m == model && view.open_round != Some(*r))
				.copied()
				.collect();
			for key in finished {
				let Some(state) = self.states.remove(&key) else { continue };
				let ledger: Option<LedgerView> = self.rpc.runtime_call("AttributionApi_model_ledger", &model.encode(), &best)?;
				let agreed = ledger.filter(|l| l.round == key.1);
				let ours = state.root.map(|r| hex(&r.hash)).unwrap_or_default();
				match agreed {
					Some(l) if l.root == state.root.unwrap_or_default() => {
						log(format!("model {} round {} finalized: our root {ours} was agreed", key.0, key.1))
					},
					Some(l) => log(format!(
						"model {} round {} finalized: root {} was agreed, ours was {ours}",
						key.0,
						key.1,
						hex(&l.root.hash)
					)),
					None => log(format!("model {} round {} finalized without a quorum", key.0, key.1)),
				}
				self.finished += 1;
			}
			let Some(round) = view.open_round else { continue };
			let Some(info) = self.rpc.runtime_call::<Option<RoundView>>("AttributionApi_round", &(model, round).encode(), &best)? else {
				continue;
			};
			let mut state = match self.states.get(&(model, round)) {
				Some(state) => state.clone(),
				None => self.load(model, round).unwrap_or_default(),
			};
			match info.phase {
				RoundPhase::Commit if !state.committed => {
					state = self.compute(model, round, &info)?;
					let root = state.root.unwrap_or_default();
					let account = self.signer.as_ref().ok_or("no signer")?.account;
					let hash = root_commitment_hash(model, round, &root, &state.salt, &account);
					self.save(model, round, &state)?;
					let signer = self.signer.as_ref().ok_or("no signer")?;
					signer.submit(&mut self.rpc, &chain::commit_call(model, round, &hash))?;
					state.committed = true;
					log(format!("model {model} round {round}: committed to root {}", hex(&root.hash)));
				},
				RoundPhase::Reveal if state.committed && !state.revealed => {
					let root = state.root.unwrap_or_default();
					let call = chain::reveal_root_call(model, round, &root, state.leaves_uri.as_bytes(), &state.salt);
					self.signer.as_ref().ok_or("no signer")?.submit(&mut self.rpc, &call)?;
					state.revealed = true;
					log(format!("model {model} round {round}: revealed root {} ({})", hex(&root.hash), state.leaves_uri));
				},
				RoundPhase::Finalizable if state.committed && !state.finalize_sent => {
					self.signer.as_ref().ok_or("no signer")?.submit(&mut self.rpc, &chain::finalize_call(model, round))?;
					state.finalize_sent = true;
					log(format!("model {model} round {round}: finalize sent"));
				},
				_ => {},
			}
			if state.committed || state.root.is_some() {
				self.save(model, round, &state)?;
				self.states.insert((model, round), state);
			}
		}
		Ok(())
	}
}

/// Runs until `--rounds` rounds it took part in were finalized (or for ever).
pub fn run(args: &RunArgs) -> Result<(), String> {
	std::fs::create_dir_all(&args.publish)
		.map_err(|e| format!("cannot create {}: {e}", args.publish.display()))?;
	let signer = Signer::from_suri(&args.suri)?;
	let absolute = std::fs::canonicalize(&args.publish).unwrap_or_else(|_| args.publish.clone());
	let uri_base = args
		.publish_uri
		.clone()
		.unwrap_or_else(|| format!("file://{}/", absolute.display()));
	log(format!("attestor {} following {}", crate::account::ss58(&signer.account), args.rpc));
	let mut follower = Follower {
		rpc: Rpc::new(&args.rpc)?,
		args: args.clone(),
		signer: Some(signer),
		uri_base,
		states: BTreeMap::new(),
		finished: 0,
	};
	loop {
		if let Err(message) = follower.step() {
			// A node restart or a transient error: report and try again at the next poll.
			log(format!("error: {message}"));
		}
		if args.rounds.is_some_and(|rounds| follower.finished >= rounds) {
			log(format!("{} rounds finalized; stopping", follower.finished));
			return Ok(());
		}
		std::thread::sleep(Duration::from_millis(args.poll_ms));
	}
}

/// Options of `verify-round`.
#[derive(clap::Args, Clone)]
pub struct VerifyRoundArgs {
	/// The node's JSON-RPC endpoint.
	#[arg(long, default_value = "http://127.0.0.1:9944")]
	pub rpc: String,
	/// The model.
	#[arg(long)]
	pub model: u32,
	/// The finalized round whose root is in force.
	#[arg(long)]
	pub round: u32,
	/// Directory of contribution files, named by content hash.
	#[arg(long)]
	pub content: PathBuf,
	/// An evaluation set file to use instead of the spec's `evaluation_uri`.
	#[arg(long)]
	pub evaluation: Option<PathBuf>,
	/// Where the recomputed leaves and summary are written.
	#[arg(long, default_value = "verify")]
	pub out: PathBuf,
	/// Worker threads (default: every core).
	#[arg(long)]
	pub threads: Option<usize>,
}

/// Recomputes a finalized root round from the chain's own data (the state at the block it
/// opened) and says whether the agreed root matches, naming the first leaf that differs from
/// the published leaves if not. Exit 0 if it matches, 1 if not.
pub fn verify_round(a: &VerifyRoundArgs) -> Result<std::process::ExitCode, String> {
	std::fs::create_dir_all(&a.out).map_err(|e| format!("cannot create {}: {e}", a.out.display()))?;
	let args = RunArgs {
		rpc: a.rpc.clone(),
		suri: String::new(),
		models: vec![a.model],
		content: a.content.clone(),
		evaluation: a.evaluation.clone(),
		publish: a.out.clone(),
		publish_uri: None,
		rounds: None,
		poll_ms: 1_000,
		threads: a.threads,
	};
	let mut follower = Follower {
		rpc: Rpc::new(&a.rpc)?,
		args,
		signer: None,
		uri_base: String::new(),
		states: BTreeMap::new(),
		finished: 0,
	};
	let (model, round) = (a.model, a.round);
	let (_, best) = follower.rpc.best()?;
	let info: RoundView = follower
		.rpc
		.runtime_call::<Option<RoundView>>("AttributionApi_round", &(model, round).encode(), &best)?
		.ok_or_else(|| format!("model {model} has no round {round}"))?;
	if info.phase != RoundPhase::Finalized {
		return Err(format!("round {round} of model {model} is not finalized yet"));
	}
	let ledger: LedgerView = follower
		.rpc
		.runtime_call::<Option<LedgerView>>("AttributionApi_model_ledger", &model.encode(), &best)?
		.ok_or_else(|| format!("model {model} has no agreed root"))?;
	if ledger.round != round {
		return Err(format!(
			"the root in force is round {}'s: round {round} agreed on no root, or a later one replaced it",
			ledger.round
		));
	}
	let state = follower.compute(model, round, &info)?;
	let ours = state.root.unwrap_or_default();
	let summary: Value = std::fs::read_to_string(a.out.join(format!("root-{model}-{round}.json")))
		.ok()
		.and_then(|text| serde_json::from_str(&text).ok())
		.unwrap_or(Value::Null);
	let mut report = json!({
		"model": model,
		"round": round,
		"chainRoot": hex(&ledger.root.hash),
		"recomputedRoot": hex(&ours.hash),
		"matches": ours == ledger.root,
		"included": summary.get("included").cloned().unwrap_or(Value::Null),
		"leftOut": summary.get("leftOut").cloned().unwrap_or(Value::Null),
	});
	let uri = String::from_utf8_lossy(&ledger.leaves_uri).to_string();
	if let Some(path) = uri.strip_prefix("file://") {
		let published = files::read_leaves(std::path::Path::new(path))?;
		let recomputed = files::read_leaves(&a.out.join(format!("{}.leaves", hex(&ours.hash))))?;
		let first = recomputed
			.leaves
			.iter()
			.zip(&published.leaves)
			.position(|(x, y)| x != y)
			.or((recomputed.leaves.len() != published.leaves.len())
				.then(|| recomputed.leaves.len().min(published.leaves.len())));
		report["publishedLeavesMatch"] = json!(first.is_none());
		if let Some(i) = first {
			report["firstDifferingLeaf"] = json!({
				"index": i,
				"recomputed": recomputed.leaves.get(i).map(|l| json!({"account": hex(&l.account), "owed": l.owed.to_string(), "score": l.score.to_string()})),
				"published": published.leaves.get(i).map(|l| json!({"account": hex(&l.account), "owed": l.owed.to_string(), "score": l.score.to_string()})),
			});
		}
	}
	println!("{report:#}");
	Ok(if ours == ledger.root { std::process::ExitCode::SUCCESS } else { std::process::ExitCode::from(1) })
}
