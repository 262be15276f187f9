//! Reading a computation's inputs: the contributions list, their bytes, the evaluation set.

use crate::{account, Inputs};
use openledger_core::attribution::{
	features::{self, FormatError, Labelled},
	knn_shapley::TrainingSet,
	scores::Payees,
	spec::{AttributionMethod, AttributionSpec, InputFormat},
};
use std::{
	path::{Path, PathBuf},
	time::Instant,
};

/// One contribution of the model's training data.
#[derive(Clone, Debug)]
pub struct Entry {
	pub id: u64,
	pub content_hash: [u8; 32],
	pub payees: Payees,
}

/// Whether a contribution's bytes entered the computation, and if not why.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
	/// Read, hash checked, decoded: part of the training set.
	Included,
	/// No file named by its content hash in the content directory: left out (spec rule).
	Missing,
	/// The file's blake2-256 is not the registered content hash: left out.
	HashMismatch,
	/// The bytes are not valid in the spec's format: left out.
	Malformed(FormatError),
}

impl Status {
	pub fn label(&self) -> String {
		match self {
			Self::Included => "included".into(),
			Self::Missing => "missing".into(),
			Self::HashMismatch => "hash-mismatch".into(),
			Self::Malformed(e) => format!("malformed:{e:?}"),
		}
	}
}

/// The spec and the decoded evaluation set, from the command-line flags and the set's file.
pub fn spec(inputs: &Inputs) -> Result<(AttributionSpec, Vec<Labelled>), String> {
	let format = match inputs.format.as_str() {
		"raw" => InputFormat::RawI8 { dims: inputs.dims },
		"text" => InputFormat::HashedText { dims: inputs.dims },
		other => return Err(format!("unknown format `{other}` (use raw or text)")),
	};
	let bytes = std::fs::read(&inputs.evaluation)
		.map_err(|e| format!("cannot read the evaluation set {}: {e}", inputs.evaluation.display()))?;
	let queries = features::decode_evaluation_set(&format, &bytes)
		.map_err(|e| format!("the evaluation set is not valid in the format: {e:?}"))?;
	let spec = AttributionSpec {
		method: AttributionMethod::KnnShapley { k: inputs.k },
		format,
		evaluation_set: sp_crypto_hashing::blake2_256(&bytes),
		evaluation_queries: u32::try_from(queries.len()).map_err(|_| "too many queries")?,
	};
	if !spec.is_well_formed() {
		return Err("the spec is not usable: k, dims and the query count must be at least 1, dims at most 4096".into());
	}
	Ok((spec, queries))
}

/// Reads the contributions CSV (`id,content_hash,contributor,curator,curation_fee_ppb`).
pub fn contributions(path: &Path) -> Result<Vec<Entry>, String> {
	let text = std::fs::read_to_string(path)
		.map_err(|e| format!("cannot read {}: {e}", path.display()))?;
	let mut entries: Vec<Entry> = Vec::new();
	for (number, line) in text.lines().enumerate() {
		let line = line.trim();
		if line.is_empty() || (number == 0 && line.starts_with("id")) {
			continue;
		}
		let at = |what: &str| format!("{}:{}: {what}", path.display(), number + 1);
		let fields: Vec<&str> = line.split(',').map(str::trim).collect();
		let [id, hash, contributor, curator, fee] = fields[..] else {
			return Err(at("expected 5 fields: id,content_hash,contributor,curator,curation_fee_ppb"));
		};
		let id: u64 = id.parse().map_err(|_| at("id is not a number"))?;
		if entries.last().is_some_and(|last| last.id >= id) {
			return Err(at("ids must be strictly ascending"));
		}
		entries.push(Entry {
			id,
			content_hash: account::parse_hex32(hash).map_err(|e| at(&e))?,
			payees: Payees {
				contributor: account::parse_account(contributor).map_err(|e| at(&e))?,
				curator: account::parse_account(curator).map_err(|e| at(&e))?,
				curation_fee_ppb: fee.parse().map_err(|_| at("curation fee is not a number"))?,
			},
		});
	}
	Ok(entries)
}

fn content_path(dir: &Path, hash: &[u8; 32]) -> Option<PathBuf> {
	let hex = account::hex(hash);
	let bare = &hex[2..];
	[dir.join(&bare[..2]).join(bare), dir.join(bare), dir.join(&hex)]
		.into_iter()
		.find(|p| p.is_file())
}

fn load_one(dir: &Path, format: &InputFormat, entry: &Entry) -> (Status, Option<Labelled>) {
	let Some(path) = content_path(dir, &entry.content_hash) else {
		return (Status::Missing, None);
	};
	let Ok(bytes) = std::fs::read(&path) else {
		return (Status::Missing, None);
	};
	if sp_crypto_hashing::blake2_256(&bytes) != entry.content_hash {
		return (Status::HashMismatch, None);
	}
	match features::decode(format, &bytes) {
		Ok(item) => (Status::Included, Some(item)),
		Err(e) => (Status::Malformed(e), None),
	}
}

/// The training set (included contributions, in id order) and every contribution's status.
pub struct Loaded {
	pub train: TrainingSet,
	pub status: Vec<Status>,
}

/// Reads, checks and decodes every contribution's bytes, on `threads` threads.
pub fn load(
	entries: &[Entry],
	dir: &Path,
	format: &InputFormat,
	threads: usize,
) -> Result<Loaded, String> {
	let started = Instant::now();
	let chunk = entries.len().div_ceil(threads.max(1)).max(1);
	let parts: Vec<Vec<(Status, Option<Labelled>)>> = std::thread::scope(|scope| {
		let handles: Vec<_> = entries
			.chunks(chunk)
			.map(|part| scope.spawn(move || part.iter().map(|e| load_one(dir, format, e)).collect()))
			.collect();
		handles.into_iter().map(|h| h.join().unwrap_or_default()).collect()
	});
	let dims = usize::from(format.dims());
	let mut train = TrainingSet::with_capacity(dims, entries.len()).map_err(|e| format!("{e:?}"))?;
	let mut status = Vec::with_capacity(entries.len());
	for (entry, (s, item)) in entries.iter().zip(parts.into_iter().flatten()) {
		if let Some((label, vector)) = item {
			train.push(entry.id, label, &vector).map_err(|e| format!("contribution {}: {e:?}", entry.id))?;
		}
		status.push(s);
	}
	if status.len() != entries.len() {
		return Err("a loader thread failed".into());
	}
	let included = status.iter().filter(|s| **s == Status::Included).count();
	eprintln!(
		"[load] {} contributions: {} included, {} left out, in {:.1} s",
		entries.len(),
		included,
		entries.len() - included,
		started.elapsed().as_secs_f64()
	);
	Ok(Loaded { train, status })
}
