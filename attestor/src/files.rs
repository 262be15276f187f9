//! The files an attestor publishes: `leaves.scale` (the ledger leaves behind a root, from which
//! anyone can build a claim proof), `values.csv` (every contribution's value) and `root.json`.

use codec::{Decode, Encode};
use openledger_core::ledger::{LedgerLeaf, LedgerRoot};
use std::path::Path;

/// First bytes of a leaves file.
pub const LEAVES_MAGIC: [u8; 8] = *b"OLLEDG01";

/// A published leaves file: SCALE of `(magic, spec hash, root, leaves)`.
#[derive(Encode, Decode, Debug, Clone, PartialEq, Eq)]
pub struct LeavesFile {
	pub magic: [u8; 8],
	pub spec_hash: [u8; 32],
	pub root: LedgerRoot,
	pub leaves: Vec<LedgerLeaf>,
}

pub fn write_leaves(path: &Path, file: &LeavesFile) -> Result<(), String> {
	std::fs::write(path, file.encode()).map_err(|e| format!("cannot write {}: {e}", path.display()))
}

pub fn read_leaves(path: &Path) -> Result<LeavesFile, String> {
	let bytes =
		std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
	let file = LeavesFile::decode(&mut &bytes[..])
		.map_err(|e| format!("{} is not a leaves file: {e}", path.display()))?;
	if file.magic != LEAVES_MAGIC {
		return Err(format!("{} is not a leaves file (wrong magic)", path.display()));
	}
	Ok(file)
}
