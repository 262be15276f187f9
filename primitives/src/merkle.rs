//! The sparse Merkle accumulator that commits to a datanet's accepted contributions.
//!
//! ## Design
//!
//! Each datanet has one fixed-depth binary Merkle tree of [`TREE_DEPTH`] levels, so it can hold
//! [`TREE_CAPACITY`] (2^24, about 16.7 million) leaves. Leaf `i` is the `i`-th contribution
//! accepted into the datanet; leaves are filled left to right and an index is never reused.
//!
//! - A **leaf** is [`leaf_hash`]`(contribution id, content hash)`:
//!   `blake2_256(LEAF_DOMAIN ++ SCALE(contribution id as u64) ++ content hash)`. The domain tag
//!   makes a leaf impossible to confuse with an inner node.
//! - An **inner node** is [`node_hash`]`(left, right) = blake2_256(left ++ right)`.
//! - An **empty** leaf is 32 zero bytes, and an empty subtree of height `h` hashes to
//!   `empty_node(h)` (the empty leaf hashed with itself `h` times). These defaults are
//!   precomputed, so an empty tree costs nothing to store: only non-empty nodes are stored, in a
//!   [`NodeStore`] keyed by `(level, index)`, with level 0 the leaves. The root (level
//!   [`TREE_DEPTH`]) is not stored there but kept in the [`MerkleAccumulator`].
//!
//! Appending a leaf or blanking one (revocation) rewrites the [`TREE_DEPTH`] nodes on the leaf's
//! path to the root: O(log capacity) hashes and storage accesses, whatever the number of leaves.
//! A node whose subtree becomes empty is removed, so a tree with no live leaves stores nothing.
//!
//! ## Why sparse and fixed-depth
//!
//! Contributors can revoke an accepted contribution, and a revoked contribution must not appear
//! in versions published afterwards. An append-only accumulator (a Merkle mountain range or a
//! frontier-only incremental tree) cannot forget a leaf without being rebuilt over all leaves.
//! In a sparse tree, revoking is just setting the leaf back to empty, with the same O(depth) cost
//! as an append. Leaf indices stay stable, so a contribution keeps its index (and proofs keep
//! their shape) across revocations of others.
//!
//! ## Proofs
//!
//! An inclusion proof is the [`TREE_DEPTH`] sibling hashes from the leaf up, each either stored
//! or the empty default for its level. [`verify_proof`] recomputes the root from the leaf, its
//! index (whose bits say left or right at every level) and the siblings.
//!
//! ## Test vectors (for client implementations)
//!
//! - `leaf_hash(42, 0x0707..07)` =
//!   `0xf1607750e4218c6c449eae6a1800c98e65db9d67f470b24bcc79c016918ab9c7`
//! - the root of a tree holding only that leaf, at index 0, is
//!   `0xf83becfb1e9713d9728a0e844bc65ba6808b28b5b9c9518302a614ae1c7dec0a`
//! - the root of an empty tree is
//!   `0xe874d48fea6903ed162c1010719fecf51d6ec6e15126a35e837d840b20b5502e`

use crate::{ContributionId, LeafIndex, H256};
use alloc::{collections::BTreeMap, vec::Vec};
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;

#[cfg(test)]
mod tests;

/// Number of levels below the root; level 0 holds the leaves.
pub const TREE_DEPTH: u8 = 24;

/// Number of levels including the root's, the length of the table of empty subtree hashes.
pub const TREE_LEVELS: usize = 25;

/// Leaves a tree can hold: 2^[`TREE_DEPTH`].
pub const TREE_CAPACITY: u32 = 16_777_216;

/// Domain tag prefixed to every leaf's hash preimage.
pub const LEAF_DOMAIN: &[u8] = b"openledger/datanet-leaf/v1";

/// `EMPTY_NODES[h]` is the hash of an empty subtree of height `h`: 32 zero bytes for `h = 0`, and
/// `blake2_256(EMPTY_NODES[h - 1] ++ EMPTY_NODES[h - 1])` above. Checked by a unit test.
#[rustfmt::skip]
const EMPTY_NODES: [[u8; 32]; TREE_LEVELS] = [
	// level 0 (the empty leaf)
	[
		0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
		0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
		0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
		0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	],
	// level 1
	[
		0x0e, 0xb9, 0x23, 0xb0, 0xcb, 0xd2, 0x4d, 0xf5,
		0x44, 0x01, 0xd9, 0x98, 0x53, 0x1f, 0xee, 0xad,
		0x35, 0xa4, 0x7a, 0x99, 0xf4, 0xde, 0xed, 0x20,
		0x5d, 0xe4, 0xaf, 0x81, 0x12, 0x0f, 0x97, 0x61,
	],
	// level 2
	[
		0x85, 0xc0, 0x9a, 0xf9, 0x29, 0x49, 0x2a, 0x87,
		0x1e, 0x4f, 0xae, 0x32, 0xd9, 0xd5, 0xc3, 0x6e,
		0x35, 0x24, 0x71, 0xcd, 0x65, 0x9b, 0xcd, 0xb6,
		0x1d, 0xe0, 0x8f, 0x17, 0x22, 0xac, 0xc3, 0xb1,
	],
	// level 3
	[
		0xb2, 0x2d, 0xf1, 0xa1, 0x26, 0xb5, 0xba, 0x4e,
		0x33, 0xc1, 0x6f, 0xd6, 0x15, 0x75, 0x07, 0x61,
		0x0e, 0x55, 0xff, 0xce, 0x20, 0xda, 0xe7, 0xac,
		0x44, 0xca, 0xe1, 0x68, 0xa4, 0x63, 0x61, 0x2a,
	],
	// level 4
	[
		0x20, 0x91, 0x55, 0xa2, 0x76, 0xca, 0x3c, 0x24,
		0x17, 0xe3, 0x87, 0x69, 0x71, 0xdd, 0x58, 0x7d,
		0xd6, 0x4e, 0xd9, 0xfc, 0xb8, 0xef, 0x1f, 0xd6,
		0xe7, 0x58, 0x9e, 0xf4, 0x25, 0x5c, 0x96, 0x7f,
	],
	// level 5
	[
		0x6f, 0x78, 0x89, 0xdd, 0xd7, 0x23, 0xce, 0x61,
		0x31, 0xff, 0x10, 0x5f, 0x41, 0x67, 0x26, 0x11,
		0x8e, 0x1c, 0xf7, 0x71, 0xb8, 0x12, 0x65, 0x25,
		0x3b, 0x5c, 0x59, 0xaa, 0x6f, 0x87, 0xc2, 0x4c,
	],
	// level 6
	[
		0x66, 0x59, 0xa5, 0x71, 0x6a, 0xcb, 0xaa, 0xa3,
		0x6b, 0x9f, 0x81, 0x15, 0x7f, 0x96, 0x87, 0xe0,
		0xce, 0x9e, 0x98, 0x51, 0x21, 0x81, 0x64, 0x90,
		0x04, 0x43, 0xde, 0x72, 0x87, 0xf8, 0x5f, 0xad,
	],
	// level 7
	[
		0x0f, 0x6e, 0x4e, 0x76, 0x8a, 0x8f, 0xec, 0xbf,
		0xd2, 0x86, 0x71, 0x2c, 0xa7, 0xc4, 0xde, 0x28,
		0x30, 0x82, 0x44, 0x8c, 0xcc, 0xbb, 0x71, 0xdb,
		0x1d, 0x47, 0xe9, 0x3f, 0x53, 0x27, 0x67, 0x7e,
	],
	// level 8
	[
		0x66, 0xc4, 0x27, 0x0c, 0x62, 0x5b, 0x9e, 0x96,
		0xb9, 0x34, 0xb3, 0xf5, 0x6d, 0x93, 0x01, 0xc4,
		0x4c, 0x82, 0x3d, 0x08, 0xb3, 0x42, 0xb2, 0xcd,
		0x95, 0xee, 0x24, 0x51, 0x93, 0x97, 0xc1, 0x4a,
	],
	// level 9
	[
		0x3d, 0xa3, 0x59, 0x61, 0x17, 0xe1, 0x6f, 0xfe,
		0x60, 0x91, 0xc1, 0x77, 0x36, 0x59, 0x0a, 0xc2,
		0x0a, 0x3c, 0xa9, 0xdc, 0xfc, 0xd2, 0x4e, 0xa5,
		0xee, 0xce, 0x12, 0xd5, 0x12, 0x06, 0xf3, 0x8e,
	],
	// level 10
	[
		0xfe, 0x4e, 0xde, 0x8d, 0x20, 0xb3, 0xef, 0x44,
		0x98, 0x3b, 0x3d, 0x70, 0x52, 0x9c, 0xca, 0x05,
		0x20, 0x65, 0xf3, 0x0c, 0xf1, 0x55, 0xda, 0x98,
		0xf3, 0x30, 0x96, 0xf6, 0x1e, 0x6f, 0x62, 0x7b,
	],
	// level 11
	[
		0xc7, 0x7f, 0x5d, 0x52, 0xcc, 0xc5, 0x12, 0xb1,
		0x86, 0xab, 0x85, 0x33, 0xcf, 0x2d, 0x81, 0x29,
		0xdd, 0x92, 0x7e, 0x78, 0xd0, 0x13, 0xee, 0x8a,
		0x1b, 0x3a, 0x84, 0x2e, 0xe9, 0xca, 0x5e, 0xe1,
	],
	// level 12
	[
		0x67, 0x4a, 0x4a, 0x9a, 0x64, 0x83, 0x0b, 0x69,
		0xd8, 0x45, 0x41, 0xc4, 0x6e, 0x50, 0xde, 0x10,
		0x90, 0xb8, 0xd3, 0x49, 0x8b, 0x4b, 0x65, 0x82,
		0x06, 0x03, 0xd0, 0xb9, 0x33, 0xf9, 0xb0, 0x1f,
	],
	// level 13
	[
		0x4c, 0x3e, 0x98, 0xbc, 0xae, 0x30, 0x5b, 0xf7,
		0x3e, 0x48, 0x61, 0xa6, 0x70, 0x7f, 0x6f, 0x07,
		0x4a, 0xe3, 0xe6, 0xc9, 0xf7, 0xde, 0x8d, 0xb2,
		0x83, 0x2a, 0xce, 0x43, 0x86, 0xf3, 0x5b, 0x33,
	],
	// level 14
	[
		0x76, 0xe1, 0x9e, 0x69, 0x2d, 0x91, 0xbb, 0x85,
		0x22, 0xcc, 0x5a, 0x03, 0xaa, 0x6b, 0xa3, 0xee,
		0x2d, 0x8d, 0xa5, 0x1c, 0x0e, 0x72, 0x86, 0xed,
		0x78, 0x5d, 0xfc, 0xdf, 0xc2, 0x13, 0xed, 0x45,
	],
	// level 15
	[
		0xa7, 0x6a, 0xe9, 0xfa, 0x1e, 0x56, 0x38, 0x2a,
		0xc7, 0x56, 0xda, 0xdd, 0x96, 0x34, 0x93, 0x52,
		0x3b, 0x8b, 0x41, 0x12, 0x0f, 0xc1, 0xf9, 0x87,
		0xb6, 0x39, 0xf7, 0x0c, 0x56, 0x58, 0xa7, 0x2a,
	],
	// level 16
	[
		0xb7, 0x66, 0x0d, 0xf2, 0x1e, 0x8a, 0x12, 0xda,
		0x44, 0x85, 0xfa, 0xab, 0x8d, 0x13, 0x76, 0x58,
		0x85, 0xf0, 0xff, 0xe5, 0x0d, 0x08, 0x31, 0x38,
		0xf8, 0x2c, 0x51, 0x7e, 0x1d, 0x65, 0x6c, 0xfe,
	],
	// level 17
	[
		0x6b, 0x01, 0x4a, 0x0c, 0xa5, 0xd1, 0x79, 0xa1,
		0x0d, 0xfa, 0xbd, 0xfa, 0x33, 0xe9, 0x44, 0x04,
		0x0d, 0x7b, 0xb5, 0x28, 0x80, 0xea, 0x83, 0xb7,
		0xd8, 0xa3, 0x18, 0x5d, 0xae, 0xa4, 0x48, 0x54,
	],
	// level 18
	[
		0x3c, 0xe6, 0x80, 0xd5, 0xce, 0x53, 0x8f, 0x37,
		0x77, 0xa7, 0x84, 0x92, 0xa8, 0xbd, 0xfc, 0xf5,
		0x50, 0xa9, 0xf2, 0x39, 0x0c, 0xa4, 0xbb, 0x9e,
		0x49, 0x17, 0xd7, 0xbd, 0x67, 0x54, 0x2b, 0x65,
	],
	// level 19
	[
		0x3c, 0x2a, 0x1e, 0xce, 0x2d, 0xe8, 0x4a, 0xed,
		0x35, 0x55, 0x18, 0x77, 0xd1, 0x6d, 0x68, 0x5c,
		0xbb, 0x1c, 0x30, 0x93, 0xb1, 0xbb, 0xe4, 0x52,
		0x0b, 0xe7, 0xfa, 0x6a, 0xc2, 0x95, 0x5b, 0x23,
	],
	// level 20
	[
		0x00, 0xde, 0x18, 0x21, 0x21, 0x25, 0xac, 0x61,
		0x54, 0x32, 0x13, 0x4d, 0x5c, 0x64, 0x25, 0xc7,
		0xfa, 0xdb, 0x22, 0x4d, 0xfa, 0x34, 0x50, 0x56,
		0x97, 0x88, 0xf8, 0xa0, 0x5c, 0xf2, 0xf3, 0xba,
	],
	// level 21
	[
		0x4d, 0x79, 0x4b, 0x34, 0xcc, 0x2e, 0xb2, 0x33,
		0xc1, 0x11, 0xe1, 0x2a, 0xc5, 0xbc, 0x7d, 0x7b,
		0x29, 0x00, 0x37, 0x73, 0x54, 0xc8, 0xfe, 0xf9,
		0x9d, 0x74, 0x25, 0x8b, 0xf5, 0x6e, 0x3b, 0xdc,
	],
	// level 22
	[
		0xf8, 0x16, 0x65, 0x79, 0xc9, 0x96, 0x07, 0x17,
		0x70, 0xd2, 0xe4, 0x23, 0x0f, 0xee, 0x7c, 0xfc,
		0x1d, 0x47, 0x28, 0xe4, 0x3a, 0x78, 0x96, 0xe4,
		0xd3, 0x19, 0x36, 0x09, 0xd2, 0x05, 0x27, 0x7c,
	],
	// level 23
	[
		0x66, 0x21, 0x1e, 0x0b, 0x26, 0xea, 0x34, 0xf0,
		0xc7, 0xa9, 0xff, 0xb1, 0x5d, 0x26, 0xce, 0xe9,
		0xa0, 0xf7, 0x1d, 0xcb, 0x04, 0xa6, 0xe6, 0xaf,
		0x91, 0x3a, 0x48, 0x9a, 0x59, 0x5f, 0x69, 0x15,
	],
	// level 24 (the root of an empty tree)
	[
		0xe8, 0x74, 0xd4, 0x8f, 0xea, 0x69, 0x03, 0xed,
		0x16, 0x2c, 0x10, 0x10, 0x71, 0x9f, 0xec, 0xf5,
		0x1d, 0x6e, 0xc6, 0xe1, 0x51, 0x26, 0xa3, 0x5e,
		0x83, 0x7d, 0x84, 0x0b, 0x20, 0xb5, 0x50, 0x2e,
	],
];

/// The hash of an empty subtree of height `level` (`level` 0 is an empty leaf, [`TREE_DEPTH`]
/// an empty tree's root).
pub fn empty_node(level: u8) -> H256 {
	EMPTY_NODES.get(usize::from(level)).map_or_else(H256::zero, |bytes| H256(*bytes))
}

/// The root of a tree with no live leaves.
pub fn empty_root() -> H256 {
	empty_node(TREE_DEPTH)
}

/// The leaf committing to an accepted contribution:
/// `blake2_256(LEAF_DOMAIN ++ SCALE(contribution) ++ content_hash)`.
pub fn leaf_hash(contribution: ContributionId, content_hash: &H256) -> H256 {
	let mut preimage = Vec::with_capacity(80);
	preimage.extend_from_slice(LEAF_DOMAIN);
	contribution.encode_to(&mut preimage);
	preimage.extend_from_slice(content_hash.as_bytes());
	H256(sp_io::hashing::blake2_256(&preimage))
}

/// An inner node: `blake2_256(left ++ right)`.
pub fn node_hash(left: &H256, right: &H256) -> H256 {
	let mut preimage = [0u8; 64];
	let (left_half, right_half) = preimage.split_at_mut(32);
	left_half.copy_from_slice(left.as_bytes());
	right_half.copy_from_slice(right.as_bytes());
	H256(sp_io::hashing::blake2_256(&preimage))
}

/// Where the non-empty nodes of one tree are kept: a storage map in the pallet, a `BTreeMap` in
/// tests. Level 0 holds the leaves; the root is not stored here.
pub trait NodeStore {
	/// The node at `(level, index)`, `None` if that subtree is empty.
	fn node(&self, level: u8, index: u32) -> Option<H256>;
	/// Stores a non-empty node, replacing any previous value.
	fn insert_node(&mut self, level: u8, index: u32, hash: H256);
	/// Forgets a node whose subtree became empty (a no-op if it was not stored).
	fn remove_node(&mut self, level: u8, index: u32);
}

impl NodeStore for BTreeMap<(u8, u32), H256> {
	fn node(&self, level: u8, index: u32) -> Option<H256> {
		self.get(&(level, index)).copied()
	}

	fn insert_node(&mut self, level: u8, index: u32, hash: H256) {
		self.insert((level, index), hash);
	}

	fn remove_node(&mut self, level: u8, index: u32) {
		self.remove(&(level, index));
	}
}

/// Why a tree operation was refused. Nothing was written when one is returned.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum TreeError {
	/// All [`TREE_CAPACITY`] leaf indices have been used.
	Full,
	/// The leaf to append is the empty-leaf marker (32 zero bytes), which no real hash is.
	EmptyLeaf,
	/// No live leaf at that index: it was never appended, or it was already removed.
	NotLive,
}

/// The state of one tree that is kept next to its owner's record: the root, the next free leaf
/// index and the number of live leaves. Together with the [`NodeStore`] it is the whole tree.
#[derive(Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct MerkleAccumulator {
	/// Root of the tree over all live leaves ([`empty_root`] when there are none).
	pub root: H256,
	/// Index the next appended leaf gets; every index below it has been used.
	pub next_index: LeafIndex,
	/// Leaves appended and not removed.
	pub live_count: u32,
}

impl Default for MerkleAccumulator {
	fn default() -> Self {
		Self::new()
	}
}

impl MerkleAccumulator {
	/// An empty tree.
	pub fn new() -> Self {
		Self { root: empty_root(), next_index: 0, live_count: 0 }
	}

	/// Appends `leaf` at the next free index, returns that index and updates the root.
	///
	/// Rewrites the [`TREE_DEPTH`] nodes on the leaf's path. Every index at or after
	/// `next_index` is empty, so right-hand siblings are known to be empty without a read.
	pub fn append<S: NodeStore>(
		&mut self,
		store: &mut S,
		leaf: H256,
	) -> Result<LeafIndex, TreeError> {
		if leaf == empty_node(0) {
			return Err(TreeError::EmptyLeaf);
		}
		let index = self.next_index;
		if index >= TREE_CAPACITY {
			return Err(TreeError::Full);
		}
		let next_index = index.checked_add(1).ok_or(TreeError::Full)?;
		let live_count = self.live_count.checked_add(1).ok_or(TreeError::Full)?;
		self.root = write_path(store, index, Some(leaf), true);
		self.next_index = next_index;
		self.live_count = live_count;
		Ok(index)
	}

	/// Blanks the live leaf at `index`, returns what it held and updates the root.
	///
	/// Rewrites the [`TREE_DEPTH`] nodes on the leaf's path, removing those whose subtree
	/// became empty.
	pub fn remove<S: NodeStore>(
		&mut self,
		store: &mut S,
		index: LeafIndex,
	) -> Result<H256, TreeError> {
		if index >= self.next_index {
			return Err(TreeError::NotLive);
		}
		let leaf = store.node(0, index).ok_or(TreeError::NotLive)?;
		let live_count = self.live_count.checked_sub(1).ok_or(TreeError::NotLive)?;
		self.root = write_path(store, index, None, false);
		self.live_count = live_count;
		Ok(leaf)
	}

	/// An inclusion proof of the live leaf at `index` against the current root, `None` if there
	/// is no live leaf there.
	pub fn prove<S: NodeStore>(&self, store: &S, index: LeafIndex) -> Option<MerkleProof> {
		if index >= self.next_index {
			return None;
		}
		let leaf = store.node(0, index)?;
		let mut siblings = Vec::with_capacity(usize::from(TREE_DEPTH));
		let mut position = index;
		for level in 0..TREE_DEPTH {
			siblings.push(store.node(level, position ^ 1).unwrap_or_else(|| empty_node(level)));
			position = position.wrapping_shr(1);
		}
		Some(MerkleProof { leaf_index: index, leaf, siblings, root: self.root })
	}
}

/// Sets the leaf at `index` to `leaf` (`None`: empty) and rewrites its path, returning the new
/// root. With `appending`, the caller guarantees that every leaf after `index` is empty.
fn write_path<S: NodeStore>(
	store: &mut S,
	index: LeafIndex,
	leaf: Option<H256>,
	appending: bool,
) -> H256 {
	let mut node = leaf;
	let mut position = index;
	for level in 0..TREE_DEPTH {
		match node {
			Some(hash) => store.insert_node(level, position, hash),
			None => store.remove_node(level, position),
		}
		let is_right_child = position & 1 == 1;
		let sibling = if appending && !is_right_child {
			None
		} else {
			store.node(level, position ^ 1)
		};
		node = parent(node, sibling, is_right_child, level);
		position = position.wrapping_shr(1);
	}
	node.unwrap_or_else(empty_root)
}

/// The parent of `node` and its `sibling` (both at `level`), `None` if both are empty.
fn parent(
	node: Option<H256>,
	sibling: Option<H256>,
	node_is_right: bool,
	level: u8,
) -> Option<H256> {
	if node.is_none() && sibling.is_none() {
		return None;
	}
	let node = node.unwrap_or_else(|| empty_node(level));
	let sibling = sibling.unwrap_or_else(|| empty_node(level));
	Some(if node_is_right { node_hash(&sibling, &node) } else { node_hash(&node, &sibling) })
}

/// Proof that `leaf` sits at `leaf_index` in a tree with root `root`.
#[derive(Encode, Decode, TypeInfo, Clone, PartialEq, Eq, Debug)]
pub struct MerkleProof {
	/// Position of the leaf.
	pub leaf_index: LeafIndex,
	/// The leaf: [`leaf_hash`] of the contribution id and content hash.
	pub leaf: H256,
	/// The [`TREE_DEPTH`] sibling hashes on the path from the leaf (first) to the root (last).
	pub siblings: Vec<H256>,
	/// The root the proof was built against.
	pub root: H256,
}

impl MerkleProof {
	/// Whether the proof is valid against its own `root`. Compare `root` with the root you trust
	/// (e.g. a published version's) as well.
	pub fn verify(&self) -> bool {
		verify_proof(&self.root, &self.leaf, self.leaf_index, &self.siblings)
	}
}

/// Whether `leaf` sits at `index` in the tree with `root`, given the [`TREE_DEPTH`] sibling hashes
/// from the leaf's level up. Always false for the empty leaf, an index beyond capacity or a
/// proof of the wrong length.
pub fn verify_proof(root: &H256, leaf: &H256, index: LeafIndex, siblings: &[H256]) -> bool {
	if *leaf == empty_node(0) ||
		index >= TREE_CAPACITY ||
		siblings.len() != usize::from(TREE_DEPTH)
	{
		return false;
	}
	let mut node = *leaf;
	let mut position = index;
	for sibling in siblings {
		node = if position & 1 == 1 {
			node_hash(sibling, &node)
		} else {
			node_hash(&node, sibling)
		};
		position = position.wrapping_shr(1);
	}
	node == *root
}

/// Builds a tree from scratch over `leaves` (index, leaf), returning its root and every
/// non-empty node below the root. O(leaves × depth).
///
/// The reference the incremental [`MerkleAccumulator`] is tested against, also used by the
/// pallet's `try_state` to re-check small trees. Empty leaves and indices beyond capacity are
/// ignored; for a repeated index the last leaf wins.
pub fn build_tree<I>(leaves: I) -> (H256, BTreeMap<(u8, u32), H256>)
where
	I: IntoIterator<Item = (LeafIndex, H256)>,
{
	let mut nodes = BTreeMap::new();
	let mut layer: BTreeMap<u32, H256> = leaves
		.into_iter()
		.filter(|(index, leaf)| *index < TREE_CAPACITY && *leaf != empty_node(0))
		.collect();
	for level in 0..TREE_DEPTH {
		let empty = empty_node(level);
		let mut parents = BTreeMap::new();
		for (&position, &hash) in &layer {
			nodes.insert((level, position), hash);
			let parent_position = position.wrapping_shr(1);
			if parents.contains_key(&parent_position) {
				continue;
			}
			let left = layer.get(&(position & !1)).copied().unwrap_or(empty);
			let right = layer.get(&(position | 1)).copied().unwrap_or(empty);
			parents.insert(parent_position, node_hash(&left, &right));
		}
		layer = parents;
	}
	let root = layer.get(&0).copied().unwrap_or_else(empty_root);
	(root, nodes)
}
