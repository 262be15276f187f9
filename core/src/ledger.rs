//! The attribution ledger: a Merkle sum tree over what each account is owed and scored.
//!
//! An attribution round agrees on one [`LedgerRoot`]; the leaves themselves stay off chain (the
//! attestors publish them), and a claim carries one [`LedgerProof`] of `O(log n)` nodes. Every
//! node carries the sums of its subtree, so the root commits to the totals: a proof that
//! verifies shows that its leaf is part of a tree whose amounts add up, with checked additions
//! all the way, to the declared totals. A root whose owed total the chain has checked against
//! the model's pool can therefore never pay out more than the pool received, however its leaves
//! were made.
//!
//! ## Layout (what a second implementation must match)
//!
//! - **Leaves** are [`LedgerLeaf`]s `(account, owed, score)`, sorted by `account` in strictly
//!   ascending byte order (one leaf per account; accounts with nothing owed and no score have
//!   none). `owed` is the cumulative amount the account is owed by the model's pool, `score` its
//!   share of the epoch that the root starts (see [`crate::attribution::scores`]).
//! - **Leaf hash**: `blake2_256(LEAF_DOMAIN ++ account ++ le128(owed) ++ le128(score))`, with
//!   `le128` the 16-byte little-endian encoding (the same bytes as SCALE).
//! - **Inner node** over a left and a right node: sums `owed = l.owed + r.owed` and
//!   `score = l.score + r.score` (an overflow makes the tree invalid), hash
//!   `blake2_256(NODE_DOMAIN ++ l.hash ++ r.hash ++ le128(owed) ++ le128(score))`.
//! - **Shape**: level 0 is the leaves in order. Level `l + 1` pairs the nodes of level `l` left
//!   to right; when a level has an odd number of nodes, the last one is carried up unchanged (no
//!   duplication, so no leaf can be counted twice). The top is the single node of the last level.
//! - **Root hash**: `blake2_256(ROOT_DOMAIN ++ top.hash ++ le64(leaf count) ++ le128(owed total)
//!   ++ le128(score total))`; for an empty tree, `top.hash` is 32 zero bytes and the totals 0.
//! - **Proof** of leaf `i`: its index and, from the bottom up, the sibling (hash and sums) at
//!   every level where the path has one (levels where the path's node is carried up have none).
//!   The index and the leaf count say, level by level, whether the sibling is left or right or
//!   absent.
//!
//! Test vectors are in the tests at the bottom of this file (`golden_vectors`).

use alloc::vec::Vec;
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;

/// An account id's 32 bytes (sr25519 / ed25519 public key, or any `AccountId32`).
pub type AccountBytes = [u8; 32];

/// Domain tag of leaf hashes.
pub const LEAF_DOMAIN: &[u8] = b"openledger/ledger-leaf/v1";
/// Domain tag of inner node hashes.
pub const NODE_DOMAIN: &[u8] = b"openledger/ledger-node/v1";
/// Domain tag of the root hash.
pub const ROOT_DOMAIN: &[u8] = b"openledger/ledger-root/v1";
/// Longest proof accepted: enough for 2^40 leaves.
pub const MAX_PROOF_NODES: u32 = 40;

/// What one account is owed and scored under a root.
#[derive(
	Clone, Copy, Debug, Default, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo,
)]
pub struct LedgerLeaf {
	/// The account.
	pub account: AccountBytes,
	/// Cumulative amount owed to the account by the model's pool, over every closed epoch.
	pub owed: u128,
	/// The account's score in the epoch the root starts.
	pub score: u128,
}

/// A node of the tree, or a sibling in a proof: its hash and the sums of its subtree.
#[derive(
	Clone, Copy, Debug, Default, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo,
)]
pub struct LedgerNode {
	/// The node's hash.
	pub hash: [u8; 32],
	/// Sum of `owed` below the node.
	pub owed: u128,
	/// Sum of `score` below the node.
	pub score: u128,
}

/// What the chain stores of a root: its hash, leaf count and totals (which the hash commits to).
#[derive(
	Clone, Copy, Debug, Default, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo,
)]
pub struct LedgerRoot {
	/// The root hash.
	pub hash: [u8; 32],
	/// Number of leaves.
	pub leaves: u64,
	/// Sum of every leaf's `owed`.
	pub owed: u128,
	/// Sum of every leaf's `score`.
	pub score: u128,
}

/// The proof that a leaf is in a tree.
#[derive(Clone, Debug, Default, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo)]
pub struct LedgerProof {
	/// The leaf's position, from 0.
	pub index: u64,
	/// Siblings from the bottom up, at the levels where the path has one.
	pub siblings: Vec<LedgerNode>,
}

/// Why a tree could not be built or a proof did not verify.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LedgerError {
	/// Leaves must be sorted by account, strictly ascending.
	LeavesNotSorted,
	/// A sum exceeded `u128`.
	Overflow,
	/// The proof's index is not below the root's leaf count.
	IndexOutOfRange,
	/// The proof has more or fewer siblings than its index and the leaf count require.
	WrongProofLength,
	/// The recomputed root differs from the root.
	RootMismatch,
}

fn hash_parts(parts: &[&[u8]]) -> [u8; 32] {
	let mut preimage = Vec::with_capacity(parts.iter().map(|p| p.len()).sum());
	for part in parts {
		preimage.extend_from_slice(part);
	}
	sp_crypto_hashing::blake2_256(&preimage)
}

impl LedgerLeaf {
	/// The leaf's node (level 0).
	pub fn node(&self) -> LedgerNode {
		LedgerNode {
			hash: hash_parts(&[
				LEAF_DOMAIN,
				&self.account,
				&self.owed.to_le_bytes(),
				&self.score.to_le_bytes(),
			]),
			owed: self.owed,
			score: self.score,
		}
	}
}

impl LedgerNode {
	/// The parent of `self` (left) and `right`, or `None` if a sum overflows.
	pub fn parent(&self, right: &LedgerNode) -> Option<LedgerNode> {
		let owed = self.owed.checked_add(right.owed)?;
		let score = self.score.checked_add(right.score)?;
		Some(LedgerNode {
			hash: hash_parts(&[
				NODE_DOMAIN,
				&self.hash,
				&right.hash,
				&owed.to_le_bytes(),
				&score.to_le_bytes(),
			]),
			owed,
			score,
		})
	}
}

impl LedgerRoot {
	/// The root over `top` (the tree's single top node, `None` for an empty tree).
	pub fn from_top(top: Option<&LedgerNode>, leaves: u64) -> Self {
		let top = top.copied().unwrap_or_default();
		Self {
			hash: hash_parts(&[
				ROOT_DOMAIN,
				&top.hash,
				&leaves.to_le_bytes(),
				&top.owed.to_le_bytes(),
				&top.score.to_le_bytes(),
			]),
			leaves,
			owed: top.owed,
			score: top.score,
		}
	}
}

/// A whole tree, kept in memory by attestors and provers (about 64 bytes per node, two nodes
/// per leaf).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LedgerTree {
	leaves: Vec<LedgerLeaf>,
	levels: Vec<Vec<LedgerNode>>,
}

impl LedgerTree {
	/// Builds the tree over `leaves` (sorted by account, strictly ascending).
	pub fn build(leaves: Vec<LedgerLeaf>) -> Result<Self, LedgerError> {
		if leaves.windows(2).any(|pair| matches!(pair, [a, b] if a.account >= b.account)) {
			return Err(LedgerError::LeavesNotSorted);
		}
		let mut levels = Vec::new();
		let mut level: Vec<LedgerNode> = leaves.iter().map(LedgerLeaf::node).collect();
		while level.len() > 1 {
			let next = level
				.chunks(2)
				.map(|pair| match pair {
					[left, right] => left.parent(right).ok_or(LedgerError::Overflow),
					[single] => Ok(*single),
					_ => Err(LedgerError::Overflow),
				})
				.collect::<Result<Vec<_>, _>>()?;
			levels.push(level);
			level = next;
		}
		levels.push(level);
		Ok(Self { leaves, levels })
	}

	/// The root.
	pub fn root(&self) -> LedgerRoot {
		let top = self.levels.last().and_then(|level| level.first());
		LedgerRoot::from_top(top, self.leaves.len() as u64)
	}

	/// The leaves, in order.
	pub fn leaves(&self) -> &[LedgerLeaf] {
		&self.leaves
	}

	/// The index of `account`'s leaf, if it has one.
	pub fn position(&self, account: &AccountBytes) -> Option<usize> {
		self.leaves.binary_search_by(|leaf| leaf.account.cmp(account)).ok()
	}

	/// The proof of the leaf at `index`.
	pub fn proof(&self, index: usize) -> Option<LedgerProof> {
		if index >= self.leaves.len() {
			return None;
		}
		let mut siblings = Vec::new();
		let mut position = index;
		for level in &self.levels {
			if level.len() <= 1 {
				break;
			}
			if let Some(sibling) = level.get(position ^ 1) {
				siblings.push(*sibling);
			}
			position /= 2;
		}
		Some(LedgerProof { index: index as u64, siblings })
	}
}

/// Checks that `leaf` is at `proof.index` in the tree whose root is `root`.
pub fn verify(root: &LedgerRoot, leaf: &LedgerLeaf, proof: &LedgerProof) -> Result<(), LedgerError> {
	if proof.index >= root.leaves {
		return Err(LedgerError::IndexOutOfRange);
	}
	if proof.siblings.len() > MAX_PROOF_NODES as usize {
		return Err(LedgerError::WrongProofLength);
	}
	let mut node = leaf.node();
	let mut position = proof.index;
	let mut width = root.leaves;
	let mut siblings = proof.siblings.iter();
	while width > 1 {
		let sibling_position = position ^ 1;
		if sibling_position < width {
			let sibling = siblings.next().ok_or(LedgerError::WrongProofLength)?;
			node = if position.is_multiple_of(2) { node.parent(sibling) } else { sibling.parent(&node) }
				.ok_or(LedgerError::Overflow)?;
		}
		position /= 2;
		width = width.div_ceil(2);
	}
	if siblings.next().is_some() {
		return Err(LedgerError::WrongProofLength);
	}
	if LedgerRoot::from_top(Some(&node), root.leaves) == *root {
		Ok(())
	} else {
		Err(LedgerError::RootMismatch)
	}
}

#[cfg(test)]
mod tests;
