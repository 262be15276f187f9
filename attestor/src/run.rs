//! The subcommands.

use crate::{
	account::{self, hex},
	files::{self, LeavesFile, LEAVES_MAGIC},
	input::{self, Entry, Loaded, Status},
	Inputs,
};
use openledger_core::{
	attribution::{
		features::Labelled,
		knn_shapley::{accumulate_query, TrainingSet, Value, VALUE_SCALE},
		scores::{account_scores, next_leaves},
		spec::AttributionSpec,
	},
	ledger::{self, LedgerLeaf, LedgerTree},
};
use serde_json::json;
use std::{
	io::Write,
	path::Path,
	process::ExitCode,
	sync::atomic::{AtomicUsize, Ordering},
	time::{Duration, Instant},
};

/// Everything a computation produces.
pub struct Outcome {
	pub spec: AttributionSpec,
	pub entries: Vec<Entry>,
	pub loaded: Loaded,
	/// One value per included contribution, in the training set's order.
	pub values: Vec<Value>,
	pub tree: LedgerTree,
}

pub fn threads(inputs: &Inputs) -> usize {
	inputs
		.threads
		.unwrap_or_else(|| std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1))
		.max(1)
}

/// KNN-Shapley values over all queries, the queries split across `threads` threads (integer
/// sums, so the split does not change the result).
pub fn values(train: &TrainingSet, k: u32, queries: &[Labelled], threads: usize) -> Result<Vec<Value>, String> {
	let started = Instant::now();
	let done = AtomicUsize::new(0);
	let chunk = queries.len().div_ceil(threads).max(1);
	let partials: Vec<Result<Vec<Value>, String>> = std::thread::scope(|scope| {
		let done = &done;
		let handles: Vec<_> = queries
			.chunks(chunk)
			.map(|part| {
				scope.spawn(move || {
					let mut sums = vec![0 as Value; train.len()];
					let mut scratch = Vec::with_capacity(train.len());
					for (label, vector) in part {
						accumulate_query(train, k, *label, vector, &mut scratch, &mut sums)
							.map_err(|e| format!("{e:?}"))?;
						done.fetch_add(1, Ordering::Relaxed);
					}
					Ok(sums)
				})
			})
			.collect();
		// Progress on long work, from the scope's own thread.
		let mut last = Instant::now();
		while handles.iter().any(|h| !h.is_finished()) {
			std::thread::sleep(Duration::from_millis(200));
			if last.elapsed() >= Duration::from_secs(10) {
				last = Instant::now();
				let n = done.load(Ordering::Relaxed);
				let secs = started.elapsed().as_secs_f64();
				eprintln!(
					"[compute] {n}/{} queries, {secs:.0} s, about {:.0} s left",
					queries.len(),
					secs / n.max(1) as f64 * (queries.len() - n) as f64
				);
			}
		}
		handles
			.into_iter()
			.map(|h| h.join().unwrap_or_else(|_| Err("a worker thread panicked".into())))
			.collect()
	});
	let mut total = vec![0 as Value; train.len()];
	for part in partials {
		for (sum, v) in total.iter_mut().zip(part?) {
			*sum = sum.saturating_add(v);
		}
	}
	eprintln!(
		"[compute] {} queries × {} contributions in {:.1} s",
		queries.len(),
		train.len(),
		started.elapsed().as_secs_f64()
	);
	Ok(total)
}

/// Runs the whole computation in memory, from the command-line inputs.
pub fn outcome(inputs: &Inputs) -> Result<Outcome, String> {
	let (spec, queries) = input::spec(inputs)?;
	let entries = input::contributions(&inputs.contributions)?;
	let previous = match &inputs.previous {
		Some(path) => files::read_leaves(path)?.leaves,
		None => Vec::new(),
	};
	let threads = threads(inputs);
	outcome_of(spec, &queries, entries, &inputs.content, &previous, inputs.pot, threads)
}

/// Runs the whole computation in memory: `entries` (ascending ids) read from `content`, the
/// previous root's `previous` leaves sharing `pot`.
pub fn outcome_of(
	spec: AttributionSpec,
	queries: &[Labelled],
	entries: Vec<Entry>,
	content: &Path,
	previous: &[LedgerLeaf],
	pot: u128,
	threads: usize,
) -> Result<Outcome, String> {
	let started = Instant::now();
	let loaded = input::load(&entries, content, &spec.format, threads)?;
	let openledger_core::attribution::spec::AttributionMethod::KnnShapley { k } = spec.method;
	let values = values(&loaded.train, k, queries, threads)?;
	let included = entries.iter().zip(&loaded.status).filter(|(_, s)| **s == Status::Included);
	let scores = account_scores(included.map(|(e, _)| &e.payees).zip(values.iter().copied()));
	let leaves = next_leaves(previous, pot, &scores).map_err(|e| format!("{e:?}"))?;
	let tree = LedgerTree::build(leaves).map_err(|e| format!("{e:?}"))?;
	eprintln!(
		"[ledger] {} leaves, root {} in {:.1} s overall",
		tree.leaves().len(),
		hex(&tree.root().hash),
		started.elapsed().as_secs_f64()
	);
	Ok(Outcome { spec, entries, loaded, values, tree })
}

pub fn root_json(outcome: &Outcome) -> serde_json::Value {
	let root = outcome.tree.root();
	let left_out: Vec<_> = outcome
		.entries
		.iter()
		.zip(&outcome.loaded.status)
		.filter(|(_, s)| **s != Status::Included)
		.map(|(e, s)| json!({ "id": e.id, "contentHash": hex(&e.content_hash), "status": s.label() }))
		.collect();
	json!({
		"root": hex(&root.hash),
		"leaves": root.leaves,
		"owed": root.owed.to_string(),
		"score": root.score.to_string(),
		"specHash": hex(&outcome.spec.hash()),
		"evaluationSet": hex(&outcome.spec.evaluation_set),
		"evaluationQueries": outcome.spec.evaluation_queries,
		"contributions": outcome.entries.len(),
		"included": outcome.loaded.train.len(),
		"leftOut": left_out,
	})
}

pub fn compute(inputs: &Inputs, out: &Path) -> Result<(), String> {
	let outcome = outcome(inputs)?;
	std::fs::create_dir_all(out).map_err(|e| format!("cannot create {}: {e}", out.display()))?;
	// values.csv: every contribution, in id order; value in units of 1/VALUE_SCALE.
	let path = out.join("values.csv");
	let file = std::fs::File::create(&path).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
	let mut w = std::io::BufWriter::new(file);
	let io = |e: std::io::Error| format!("cannot write values.csv: {e}");
	writeln!(w, "id,content_hash,contributor,status,value").map_err(io)?;
	let mut values = outcome.values.iter();
	for (entry, status) in outcome.entries.iter().zip(&outcome.loaded.status) {
		let value = if *status == Status::Included { values.next().copied().unwrap_or(0) } else { 0 };
		writeln!(
			w,
			"{},{},{},{},{}",
			entry.id,
			hex(&entry.content_hash),
			account::ss58(&entry.payees.contributor),
			status.label(),
			value
		)
		.map_err(io)?;
	}
	w.flush().map_err(io)?;
	let root = outcome.tree.root();
	files::write_leaves(
		&out.join("leaves.scale"),
		&LeavesFile {
			magic: LEAVES_MAGIC,
			spec_hash: outcome.spec.hash(),
			root,
			leaves: outcome.tree.leaves().to_vec(),
		},
	)?;
	let summary = root_json(&outcome);
	std::fs::write(out.join("root.json"), format!("{summary:#}\n"))
		.map_err(|e| format!("cannot write root.json: {e}"))?;
	println!("{summary}");
	Ok(())
}

fn leaf_json(leaf: &LedgerLeaf) -> serde_json::Value {
	json!({
		"account": account::ss58(&leaf.account),
		"accountHex": hex(&leaf.account),
		"owed": leaf.owed.to_string(),
		"score": leaf.score.to_string(),
	})
}

pub fn verify(inputs: &Inputs, expected: &str, published: Option<&Path>) -> Result<ExitCode, String> {
	let expected = account::parse_hex32(expected)?;
	let outcome = outcome(inputs)?;
	let root = outcome.tree.root();
	let mut report = json!({
		"expectedRoot": hex(&expected),
		"recomputedRoot": hex(&root.hash),
		"matches": root.hash == expected,
		"included": outcome.loaded.train.len(),
		"leftOut": root_json(&outcome)["leftOut"].clone(),
	});
	if let Some(path) = published {
		let file = files::read_leaves(path)?;
		let ours = outcome.tree.leaves();
		let first = ours
			.iter()
			.zip(&file.leaves)
			.position(|(a, b)| a != b)
			.or((ours.len() != file.leaves.len()).then(|| ours.len().min(file.leaves.len())));
		report["publishedRoot"] = json!(hex(&file.root.hash));
		report["publishedLeavesMatch"] = json!(first.is_none());
		if let Some(i) = first {
			report["firstDifferingLeaf"] = json!({
				"index": i,
				"recomputed": ours.get(i).map(leaf_json),
				"published": file.leaves.get(i).map(leaf_json),
			});
		}
	}
	println!("{report:#}");
	Ok(if root.hash == expected { ExitCode::SUCCESS } else { ExitCode::from(1) })
}

pub fn prove(leaves: &Path, who: &str) -> Result<(), String> {
	let file = files::read_leaves(leaves)?;
	let account = account::parse_account(who)?;
	let tree = LedgerTree::build(file.leaves).map_err(|e| format!("the leaves file is invalid: {e:?}"))?;
	if tree.root() != file.root {
		return Err("the leaves file's root does not match its leaves".into());
	}
	let index = tree
		.position(&account)
		.ok_or_else(|| format!("{} has no leaf under this root (nothing owed, no score)", account::ss58(&account)))?;
	let proof = tree.proof(index).ok_or("no proof")?;
	let leaf = tree.leaves()[index];
	ledger::verify(&file.root, &leaf, &proof).map_err(|e| format!("the proof does not verify: {e:?}"))?;
	let out = json!({
		"root": hex(&file.root.hash),
		"leaf": leaf_json(&leaf),
		"proof": {
			"index": proof.index,
			"siblings": proof.siblings.iter().map(|s| json!({
				"hash": hex(&s.hash), "owed": s.owed.to_string(), "score": s.score.to_string(),
			})).collect::<Vec<_>>(),
		},
		"proofScale": hex(&codec::Encode::encode(&proof)),
	});
	println!("{out:#}");
	Ok(())
}

pub fn auc(values: &Path, flipped: &Path) -> Result<(), String> {
	let flipped_ids: std::collections::HashSet<u64> = std::fs::read_to_string(flipped)
		.map_err(|e| format!("cannot read {}: {e}", flipped.display()))?
		.lines()
		.filter_map(|l| l.trim().parse().ok())
		.collect();
	let text = std::fs::read_to_string(values).map_err(|e| format!("cannot read {}: {e}", values.display()))?;
	// (value, is flipped) of every included contribution.
	let mut items: Vec<(i128, bool)> = Vec::new();
	for line in text.lines().skip(1) {
		let f: Vec<&str> = line.split(',').collect();
		if f.len() == 5 && f[3] == "included" {
			let id: u64 = f[0].parse().map_err(|_| "bad id in values.csv")?;
			let v: i128 = f[4].parse().map_err(|_| "bad value in values.csv")?;
			items.push((v, flipped_ids.contains(&id)));
		}
	}
	// Mann-Whitney: AUC = P(value of a clean item > value of a flipped one), ties count half.
	items.sort_by_key(|(v, _)| *v);
	let (mut rank_sum_clean, mut i) = (0f64, 0usize);
	while i < items.len() {
		let j = items[i..].iter().position(|(v, _)| *v != items[i].0).map_or(items.len(), |p| i + p);
		let average_rank = (i + 1 + j) as f64 / 2.0;
		rank_sum_clean += average_rank * items[i..j].iter().filter(|(_, f)| !f).count() as f64;
		i = j;
	}
	let n_flipped = items.iter().filter(|(_, f)| *f).count() as f64;
	let n_clean = items.len() as f64 - n_flipped;
	let auc = (rank_sum_clean - n_clean * (n_clean + 1.0) / 2.0) / (n_clean * n_flipped);
	let bottom = items.iter().take(n_flipped as usize).filter(|(_, f)| *f).count() as f64;
	let negative = items.iter().filter(|(v, f)| *f && *v < 0).count() as f64;
	println!(
		"{}",
		json!({
			"contributions": items.len(),
			"flipped": n_flipped,
			"auc": auc,
			"flippedInBottom": bottom / n_flipped.max(1.0),
			"flippedWithNegativeValue": negative / n_flipped.max(1.0),
			"valueScale": VALUE_SCALE.to_string(),
		})
	);
	Ok(())
}
