//! Unit and property tests of the sparse Merkle accumulator.
//!
//! The incremental tree is checked against two independent references after every operation:
//! [`build_tree`] (sparse, from scratch over the live leaves) and a dense tree built here from
//! raw blake2 calls, which does not use the precomputed empty-subtree table.

#![allow(
	clippy::unwrap_used,
	clippy::indexing_slicing,
	clippy::arithmetic_side_effects,
	clippy::expect_used,
	clippy::panic
)]

use super::*;
use proptest::prelude::*;

type Store = BTreeMap<(u8, u32), H256>;

fn blake2(bytes: &[u8]) -> H256 {
	H256(sp_io::hashing::blake2_256(bytes))
}

fn pair(left: &H256, right: &H256) -> H256 {
	blake2(&[left.as_bytes(), right.as_bytes()].concat())
}

fn h256(hex: &str) -> H256 {
	let mut bytes = [0u8; 32];
	for (i, byte) in bytes.iter_mut().enumerate() {
		*byte = u8::from_str_radix(&hex[2 * i..2 * i + 2], 16).unwrap();
	}
	H256(bytes)
}

/// A distinct, non-empty leaf per `n`.
fn leaf(n: u64) -> H256 {
	leaf_hash(n, &blake2(&n.to_le_bytes()))
}

/// Reference root for trees whose live leaves all sit in the first 64 positions: hash the 64
/// leaves densely, then fold in empty right-hand subtrees up to the root.
fn dense_root(live: &BTreeMap<u32, H256>) -> H256 {
	assert!(live.keys().all(|index| *index < 64));
	let mut layer: Vec<H256> =
		(0..64u32).map(|i| live.get(&i).copied().unwrap_or_else(H256::zero)).collect();
	let mut empty = H256::zero();
	for _ in 0..6 {
		layer = layer.chunks(2).map(|two| pair(&two[0], &two[1])).collect();
		empty = pair(&empty, &empty);
	}
	let mut root = layer[0];
	for _ in 6..TREE_DEPTH {
		root = pair(&root, &empty);
		empty = pair(&empty, &empty);
	}
	root
}

fn assert_matches_rebuild(acc: &MerkleAccumulator, store: &Store, live: &BTreeMap<u32, H256>) {
	let (root, nodes) = build_tree(live.iter().map(|(index, leaf)| (*index, *leaf)));
	assert_eq!(acc.root, root);
	assert_eq!(store, &nodes, "only the non-empty nodes are stored");
	assert_eq!(acc.live_count as usize, live.len());
}

#[test]
fn constants_agree() {
	assert_eq!(TREE_CAPACITY, 1u32 << TREE_DEPTH);
	assert_eq!(TREE_LEVELS, usize::from(TREE_DEPTH) + 1);
}

#[test]
fn empty_subtree_table_matches_its_definition() {
	assert_eq!(empty_node(0), H256::zero());
	for level in 1..=TREE_DEPTH {
		let below = empty_node(level - 1);
		assert_eq!(empty_node(level), pair(&below, &below), "level {level}");
	}
	assert_eq!(empty_root(), empty_node(TREE_DEPTH));
}

#[test]
fn published_test_vectors_hold() {
	let content = H256([7u8; 32]);
	let leaf = leaf_hash(42, &content);
	assert_eq!(leaf, h256("f1607750e4218c6c449eae6a1800c98e65db9d67f470b24bcc79c016918ab9c7"));

	let mut store = Store::new();
	let mut acc = MerkleAccumulator::new();
	assert_eq!(acc.root, h256("e874d48fea6903ed162c1010719fecf51d6ec6e15126a35e837d840b20b5502e"));
	assert_eq!(acc.append(&mut store, leaf), Ok(0));
	assert_eq!(acc.root, h256("f83becfb1e9713d9728a0e844bc65ba6808b28b5b9c9518302a614ae1c7dec0a"));
}

#[test]
fn leaf_hash_is_domain_separated_from_nodes() {
	let content = H256([7u8; 32]);
	let mut plain = 42u64.to_le_bytes().to_vec();
	plain.extend_from_slice(content.as_bytes());
	assert_ne!(leaf_hash(42, &content), blake2(&plain));
	assert_ne!(leaf_hash(42, &content), leaf_hash(43, &content));
}

#[test]
fn empty_tree_has_the_empty_root_and_no_nodes() {
	let acc = MerkleAccumulator::default();
	assert_eq!(acc.root, empty_root());
	assert_eq!(build_tree(Vec::new()).0, empty_root());
	assert_eq!(acc.prove(&Store::new(), 0), None);
}

#[test]
fn removing_every_leaf_leaves_nothing_stored() {
	let mut store = Store::new();
	let mut acc = MerkleAccumulator::new();
	for n in 0..10 {
		acc.append(&mut store, leaf(n)).unwrap();
	}
	assert!(!store.is_empty());
	for index in [3, 0, 9, 5, 1, 2, 8, 4, 7, 6] {
		acc.remove(&mut store, index).unwrap();
	}
	assert!(store.is_empty());
	assert_eq!(acc, MerkleAccumulator { root: empty_root(), next_index: 10, live_count: 0 });
}

#[test]
fn refused_operations_change_nothing() {
	let mut store = Store::new();
	let mut acc = MerkleAccumulator::new();
	assert_eq!(acc.append(&mut store, H256::zero()), Err(TreeError::EmptyLeaf));
	acc.append(&mut store, leaf(1)).unwrap();
	let (before, stored) = (acc, store.clone());

	assert_eq!(acc.remove(&mut store, 1), Err(TreeError::NotLive), "never appended");
	acc.remove(&mut store, 0).unwrap();
	let (after_removal, stored_after_removal) = (acc, store.clone());
	assert_eq!(acc.remove(&mut store, 0), Err(TreeError::NotLive), "already removed");
	assert_eq!((acc, &store), (after_removal, &stored_after_removal));
	assert_ne!((after_removal, stored_after_removal), (before, stored));
}

#[test]
fn the_last_index_is_usable_and_then_the_tree_is_full() {
	let mut store = Store::new();
	let mut acc = MerkleAccumulator::new();
	acc.append(&mut store, leaf(0)).unwrap();
	// Pretend every index in between was used (and revoked).
	acc.next_index = TREE_CAPACITY - 1;
	assert_eq!(acc.append(&mut store, leaf(1)), Ok(TREE_CAPACITY - 1));
	assert_eq!(acc.append(&mut store, leaf(2)), Err(TreeError::Full));

	let proof = acc.prove(&store, TREE_CAPACITY - 1).unwrap();
	assert!(proof.verify());
	assert_eq!(acc.root, build_tree([(0, leaf(0)), (TREE_CAPACITY - 1, leaf(1))]).0);
}

#[test]
fn tampered_proofs_fail() {
	let mut store = Store::new();
	let mut acc = MerkleAccumulator::new();
	for n in 0..5 {
		acc.append(&mut store, leaf(n)).unwrap();
	}
	let proof = acc.prove(&store, 3).unwrap();
	assert!(proof.verify());
	assert_eq!(proof.siblings.len(), usize::from(TREE_DEPTH));

	let wrong_leaf = MerkleProof { leaf: leaf(99), ..proof.clone() };
	let wrong_index = MerkleProof { leaf_index: 2, ..proof.clone() };
	let mut wrong_sibling = proof.clone();
	wrong_sibling.siblings[7] = leaf(7);
	let mut too_short = proof.clone();
	too_short.siblings.pop();
	let beyond_capacity = MerkleProof { leaf_index: TREE_CAPACITY + 3, ..proof.clone() };
	let empty_leaf = MerkleProof { leaf: H256::zero(), ..proof.clone() };
	for bad in [wrong_leaf, wrong_index, wrong_sibling, too_short, beyond_capacity, empty_leaf] {
		assert!(!bad.verify(), "{bad:?}");
	}

	// An empty position cannot be "proved" present either.
	acc.remove(&mut store, 3).unwrap();
	assert_eq!(acc.prove(&store, 3), None);
	assert!(!verify_proof(&acc.root, &leaf(3), 3, &proof.siblings));
}

#[derive(Clone, Debug)]
enum Op {
	Append(u64),
	Remove(prop::sample::Index),
}

fn op() -> impl Strategy<Value = Op> {
	prop_oneof![
		3 => any::<u64>().prop_map(Op::Append),
		1 => any::<prop::sample::Index>().prop_map(Op::Remove),
	]
}

proptest! {
	#![proptest_config(ProptestConfig::with_cases(128))]

	/// After any sequence of appends and removals the incremental root equals both references,
	/// exactly the non-empty nodes are stored, and every live leaf has a valid proof.
	#[test]
	fn incremental_tree_equals_rebuilt_tree(ops in prop::collection::vec(op(), 0..60)) {
		let mut store = Store::new();
		let mut acc = MerkleAccumulator::new();
		let mut live = BTreeMap::new();
		let mut removed = Vec::new();
		for op in ops {
			match op {
				Op::Append(n) => {
					let index = acc.append(&mut store, leaf(n)).unwrap();
					prop_assert_eq!(index + 1, acc.next_index);
					live.insert(index, leaf(n));
				},
				Op::Remove(pick) => {
					if live.is_empty() {
						continue;
					}
					let index = *live.keys().nth(pick.index(live.len())).unwrap();
					let leaf = acc.remove(&mut store, index).unwrap();
					prop_assert_eq!(Some(leaf), live.remove(&index));
					removed.push(index);
				},
			}
			assert_matches_rebuild(&acc, &store, &live);
			prop_assert_eq!(acc.root, dense_root(&live));
		}
		for (index, leaf) in &live {
			let proof = acc.prove(&store, *index).unwrap();
			prop_assert_eq!(proof.leaf, *leaf);
			prop_assert!(verify_proof(&acc.root, leaf, *index, &proof.siblings));
		}
		for index in removed {
			prop_assert!(acc.prove(&store, index).is_none());
		}
	}

	/// Leaves spread over the whole index range (as after many revocations) behave the same.
	#[test]
	fn sparse_leaves_anywhere_in_range(
		indices in prop::collection::btree_set(0..TREE_CAPACITY, 1..24),
		keep in prop::collection::vec(any::<bool>(), 24),
	) {
		let mut store = Store::new();
		let mut acc = MerkleAccumulator::new();
		let mut live = BTreeMap::new();
		for index in &indices {
			// Indices below are used, those above are still empty: what `append` relies on.
			acc.next_index = *index;
			prop_assert_eq!(acc.append(&mut store, leaf(u64::from(*index))), Ok(*index));
			live.insert(*index, leaf(u64::from(*index)));
		}
		assert_matches_rebuild(&acc, &store, &live);
		for (index, leaf) in &live {
			prop_assert!(acc.prove(&store, *index).unwrap().verify());
			prop_assert_eq!(acc.prove(&store, *index).unwrap().leaf, *leaf);
		}
		for (index, keep) in indices.iter().zip(keep) {
			if !keep {
				acc.remove(&mut store, *index).unwrap();
				live.remove(index);
				assert_matches_rebuild(&acc, &store, &live);
			}
		}
		for index in indices.iter().filter(|index| live.contains_key(*index)) {
			acc.remove(&mut store, *index).unwrap();
		}
		prop_assert!(store.is_empty());
		prop_assert_eq!(acc.root, empty_root());
	}
}
