//! `openledger-attestor`: computes a model's attribution the way the chain defines it, and lets
//! anyone check a round.
//!
//! - `compute`: runs the model's attribution spec over its contributions and writes the
//!   per-contribution values, the ledger leaves and the root an attestor commits to.
//! - `verify`: recomputes and says whether a root (from the chain, or a published leaves file)
//!   matches, naming the first leaf that differs if not.
//! - `prove`: the claim proof of an account from a published leaves file.
//! - `run`: follows a node and takes part in root rounds (see [`follow`]).
//! - `verify-round`: recomputes a finalized round from the chain's own data and checks its root.
//! - `gen-dataset`: writes a synthetic labelled dataset (with a share of labels flipped) in the
//!   raw format, for benchmarks and tests.
//! - `auc`: how well the values single out the flipped items (detection AUC).
//!
//! The maths and encodings come from `openledger-core`, the same code the runtime runs.

// Off-chain tool: an out-of-range index is a bug that ends the process with a message, not a
// chain halt, so the runtime's indexing and arithmetic lints are relaxed here. `unwrap` and
// `expect` stay denied: user input errors are reported, never panicked on.
#![allow(clippy::indexing_slicing, clippy::arithmetic_side_effects)]

mod account;
mod chain;
mod dataset;
mod files;
mod follow;
mod input;
mod run;

use clap::{Args, Parser, Subcommand};
use std::{path::PathBuf, process::ExitCode};

#[derive(Parser)]
#[command(name = "openledger-attestor", version, about)]
struct Cli {
	#[command(subcommand)]
	command: Command,
}

/// The inputs of a computation: the spec, the evaluation set, the contributions and their bytes.
#[derive(Args, Clone)]
pub struct Inputs {
	/// Neighbours of the KNN-Shapley method (the spec's `k`).
	#[arg(long)]
	pub k: u32,
	/// Input format of contributions and queries: `raw` (label + i8 vector) or `text`.
	#[arg(long, default_value = "raw")]
	pub format: String,
	/// Vector dimension of the format.
	#[arg(long)]
	pub dims: u16,
	/// The evaluation set file (u32-length-prefixed records in the format).
	#[arg(long)]
	pub evaluation: PathBuf,
	/// Contributions, CSV: `id,content_hash,contributor,curator,curation_fee_ppb` (hex or SS58
	/// accounts, 0x-hex hashes), one per line, ids ascending; a first line starting with `id` is
	/// skipped.
	#[arg(long)]
	pub contributions: PathBuf,
	/// Directory holding each contribution's file, named by its content hash in hex (with or
	/// without 0x), either directly or under a two-hex-digit subdirectory (`ab/abcd…`).
	#[arg(long)]
	pub content: PathBuf,
	/// The previous root's leaves file, whose scores share `--pot` (omit for a model's first root).
	#[arg(long)]
	pub previous: Option<PathBuf>,
	/// The contributor pot the model earned in the epoch the previous root started.
	#[arg(long, default_value_t = 0)]
	pub pot: u128,
	/// Worker threads (default: every core).
	#[arg(long)]
	pub threads: Option<usize>,
}

#[derive(Subcommand)]
enum Command {
	/// Compute the attribution: values per contribution, ledger leaves and root.
	Compute {
		#[command(flatten)]
		inputs: Inputs,
		/// Output directory: values.csv, leaves.scale, root.json.
		#[arg(long)]
		out: PathBuf,
	},
	/// Recompute and compare with a root (and a published leaves file, if given).
	Verify {
		#[command(flatten)]
		inputs: Inputs,
		/// The root hash to check (0x-hex), e.g. from the chain.
		#[arg(long)]
		root: String,
		/// A published leaves file to compare leaf by leaf.
		#[arg(long)]
		leaves: Option<PathBuf>,
	},
	/// Print the claim proof of an account from a leaves file, as JSON.
	Prove {
		/// The leaves file.
		#[arg(long)]
		leaves: PathBuf,
		/// The account (SS58 or 0x-hex).
		#[arg(long)]
		account: String,
	},
	/// Follow a node and take part in the root rounds of models with a spec: compute, commit,
	/// reveal, publish the leaves, finalize.
	Run(follow::RunArgs),
	/// Recompute a finalized round from the chain's own data and check the agreed root (exit 1
	/// and the first differing leaf if it does not match).
	VerifyRound(follow::VerifyRoundArgs),
	/// Write a synthetic dataset: content files, contributions CSV, evaluation set.
	GenDataset(dataset::Params),
	/// Detection AUC of flipped labels: the probability that a flipped contribution's value is
	/// below a clean one's (ties count half).
	Auc {
		/// values.csv from `compute`.
		#[arg(long)]
		values: PathBuf,
		/// File listing the flipped contribution ids, one per line (from `gen-dataset`).
		#[arg(long)]
		flipped: PathBuf,
	},
}

fn main() -> ExitCode {
	let cli = Cli::parse();
	let result = match cli.command {
		Command::Compute { inputs, out } => run::compute(&inputs, &out).map(|_| ExitCode::SUCCESS),
		Command::Verify { inputs, root, leaves } => run::verify(&inputs, &root, leaves.as_deref()),
		Command::Prove { leaves, account } => run::prove(&leaves, &account).map(|_| ExitCode::SUCCESS),
		Command::Run(args) => follow::run(&args).map(|_| ExitCode::SUCCESS),
		Command::VerifyRound(args) => follow::verify_round(&args),
		Command::GenDataset(params) => dataset::generate(&params).map(|_| ExitCode::SUCCESS),
		Command::Auc { values, flipped } => run::auc(&values, &flipped).map(|_| ExitCode::SUCCESS),
	};
	match result {
		Ok(code) => code,
		Err(message) => {
			eprintln!("error: {message}");
			ExitCode::from(2)
		},
	}
}
