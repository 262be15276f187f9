// Tests use plain arithmetic on small, known values (clippy.toml allows the rest in tests).
#![allow(clippy::arithmetic_side_effects)]

use super::*;
use proptest::prelude::*;

fn hex(bytes: &[u8]) -> String {
	bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn leaves(n: usize) -> Vec<LedgerLeaf> {
	(0..n)
		.map(|i| {
			let mut account = [0u8; 32];
			account[..8].copy_from_slice(&(i as u64).to_be_bytes());
			LedgerLeaf { account, owed: (i as u128) * 10, score: (i as u128 % 3) + 1 }
		})
		.collect()
}

#[test]
fn every_proof_verifies_for_every_tree_shape() {
	for n in 0..=33 {
		let tree = LedgerTree::build(leaves(n)).unwrap();
		let root = tree.root();
		assert_eq!(root.leaves, n as u64);
		assert_eq!(root.owed, (0..n as u128).map(|i| i * 10).sum::<u128>());
		let depth = if n <= 1 { 0 } else { (n as f64).log2().ceil() as usize };
		for (i, leaf) in tree.leaves().iter().enumerate() {
			let proof = tree.proof(i).unwrap();
			assert!(proof.siblings.len() <= depth, "n={n} i={i}");
			assert_eq!(verify(&root, leaf, &proof), Ok(()), "n={n} i={i}");
			assert_eq!(tree.position(&leaf.account), Some(i));
		}
		assert_eq!(tree.proof(n), None);
	}
}

#[test]
fn forged_leaves_and_proofs_are_refused() {
	let tree = LedgerTree::build(leaves(5)).unwrap();
	let root = tree.root();
	let leaf = tree.leaves()[2];
	let proof = tree.proof(2).unwrap();
	let richer = LedgerLeaf { owed: leaf.owed + 1, ..leaf };
	assert_eq!(verify(&root, &richer, &proof), Err(LedgerError::RootMismatch));
	let moved = LedgerProof { index: 3, ..proof.clone() };
	assert_eq!(verify(&root, &leaf, &moved), Err(LedgerError::RootMismatch));
	let outside = LedgerProof { index: 5, ..proof.clone() };
	assert_eq!(verify(&root, &leaf, &outside), Err(LedgerError::IndexOutOfRange));
	let mut short = proof.clone();
	short.siblings.pop();
	assert_eq!(verify(&root, &leaf, &short), Err(LedgerError::WrongProofLength));
	let mut long = proof.clone();
	long.siblings.push(LedgerNode::default());
	assert_eq!(verify(&root, &leaf, &long), Err(LedgerError::WrongProofLength));
	// A root that declares other totals than its tree does not verify anything.
	let inflated = LedgerRoot { owed: root.owed + 1, ..root };
	assert_eq!(verify(&inflated, &leaf, &proof), Err(LedgerError::RootMismatch));
	// A sibling that claims a smaller sum (to hide value) changes the hash chain.
	let mut hidden = proof.clone();
	hidden.siblings[0].owed = 0;
	assert_eq!(verify(&root, &leaf, &hidden), Err(LedgerError::RootMismatch));
}

#[test]
fn unsorted_duplicate_and_overflowing_leaves_make_no_tree() {
	let mut l = leaves(3);
	l.swap(0, 1);
	assert_eq!(LedgerTree::build(l), Err(LedgerError::LeavesNotSorted));
	let mut l = leaves(3);
	l[2].account = l[1].account;
	assert_eq!(LedgerTree::build(l), Err(LedgerError::LeavesNotSorted));
	let mut l = leaves(2);
	l[0].owed = u128::MAX;
	l[1].owed = 1;
	assert_eq!(LedgerTree::build(l), Err(LedgerError::Overflow));
}

/// Test vectors for client implementations (the JavaScript client checks the same ones).
#[test]
fn golden_vectors() {
	let empty = LedgerTree::build(vec![]).unwrap().root();
	let one = LedgerLeaf { account: [1; 32], owed: 5, score: 7 };
	let two = LedgerLeaf { account: [2; 32], owed: 0, score: 3 };
	let three = LedgerLeaf { account: [3; 32], owed: 11, score: 0 };
	let tree = LedgerTree::build(vec![one, two, three]).unwrap();
	let root = tree.root();
	let proof = tree.proof(2).unwrap();
	let printed = format!(
		"empty {}\nleaf1 {}\nroot3 {} owed {} score {}\nproof2 {}",
		hex(&empty.hash),
		hex(&one.node().hash),
		hex(&root.hash),
		root.owed,
		root.score,
		hex(&proof.encode()),
	);
	println!("{printed}");
	assert_eq!(printed, GOLDEN);
}
const GOLDEN: &str = "empty 2afdc849bf3fc171470123c09260486210e50a3e24db4c0a3e2c013544573bab
leaf1 ffc5726cda28bc97dbd7c815aea2a835fcb8a947df0c937fa53bf09e5b4312e6
root3 3b49838d5b41b6fa99ef950210521b91962495950cadea83dfb542b3fe7d7ceb owed 16 score 10
proof2 020000000000000004f1047bd2533605c69f9d0db927754cb7435797d5e11d767c9d4f40b602e157c3050000000000000000000000000000000a000000000000000000000000000000";

proptest! {
	#[test]
	fn proofs_verify_and_totals_add_up(
		amounts in proptest::collection::vec((any::<u64>(), any::<u64>()), 0..200),
	) {
		let l: Vec<LedgerLeaf> = amounts.iter().enumerate().map(|(i, (o, s))| {
			let mut account = [0xAB; 32];
			account[24..].copy_from_slice(&(i as u64).to_be_bytes());
			LedgerLeaf { account, owed: *o as u128, score: *s as u128 }
		}).collect();
		let tree = LedgerTree::build(l.clone()).unwrap();
		let root = tree.root();
		prop_assert_eq!(root.owed, l.iter().map(|x| x.owed).sum::<u128>());
		prop_assert_eq!(root.score, l.iter().map(|x| x.score).sum::<u128>());
		for (i, leaf) in l.iter().enumerate() {
			let proof = tree.proof(i).unwrap();
			prop_assert!(proof.encode().len() <= 1 + 8 + 64 * 8 + 1);
			prop_assert_eq!(verify(&root, leaf, &proof), Ok(()));
		}
	}
}
