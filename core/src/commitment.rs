//! The commitment an attestor posts in the commit phase of a scored attribution round.
//!
//! In a round, each attestor first posts only a hash of its scores (the **commitment**) and
//! later reveals the scores and a random salt; the chain recomputes the hash and refuses a
//! reveal that does not match. The runtime, the attestor, the CLI and the JavaScript client
//! must compute exactly the same bytes, so the preimage is fixed here:
//!
//! ```text
//! commitment = blake2_256(
//!     b"openledger/attribution-commit/v2"   32 ASCII bytes, no length prefix (domain tag)
//!  ++ SCALE(model: u32)                     4 bytes, little endian
//!  ++ SCALE(round: u32)                     4 bytes, little endian
//!  ++ SCALE(scores: Vec<(u64, u32)>)        compact length, then each pair: contribution id
//!                                           (u64 LE) and score (u32 LE), sorted by id
//!  ++ salt                                  32 raw bytes
//!  ++ SCALE(attestor)                       the account id; for the runtime's AccountId32,
//!                                           its 32 raw bytes (the public key)
//! )
//! ```
//!
//! Why each part is there:
//!
//! - the **domain tag** keeps a commitment from ever equalling another hash the protocol computes,
//!   and names the version (`v2`; `v1`, which had neither tag nor model nor round, is gone);
//! - the **model and round** make a commitment valid for one round of one model only: a commitment
//!   (and its later reveal) cannot be replayed in another round or model;
//! - the **salt** hides the scores until the reveal (a score list alone could be guessed);
//! - the **attestor** makes a copied commitment useless: another account posting the same hash can
//!   never reveal it.
//!
//! [`GOLDEN_COMMITMENT`] is the hash of [`golden_inputs`]; every implementation should check
//! that it reproduces it (the JavaScript client does in `tests/e2e/lib/attribution.js`).

use alloc::vec::Vec;
use codec::Encode;

/// The domain tag the preimage starts with (32 bytes, written raw).
pub const COMMITMENT_DOMAIN: &[u8; 32] = b"openledger/attribution-commit/v2";

/// The commitment for `scores` and `salt` of `attestor` in round `round` of model `model`
/// (see the module docs for the exact preimage).
///
/// `scores` should be strictly increasing by contribution id, as the chain accepts reveals only
/// in that order; the hash itself is computed over whatever it is given. `attestor` is encoded
/// with SCALE: pass the runtime's `AccountId32` (or its 32 raw bytes as `[u8; 32]`, which
/// encodes identically).
pub fn commitment_hash<AccountId: Encode + ?Sized>(
	model: u32,
	round: u32,
	scores: &[(u64, u32)],
	salt: &[u8; 32],
	attestor: &AccountId,
) -> [u8; 32] {
	sp_crypto_hashing::blake2_256(&commitment_preimage(model, round, scores, salt, attestor))
}

/// The bytes [`commitment_hash`] hashes (for clients that want to check their encoding step by
/// step).
pub fn commitment_preimage<AccountId: Encode + ?Sized>(
	model: u32,
	round: u32,
	scores: &[(u64, u32)],
	salt: &[u8; 32],
	attestor: &AccountId,
) -> Vec<u8> {
	let mut preimage = Vec::with_capacity(
		COMMITMENT_DOMAIN
			.len()
			.saturating_add(8)
			.saturating_add(scores.encoded_size())
			.saturating_add(salt.len())
			.saturating_add(attestor.encoded_size()),
	);
	preimage.extend_from_slice(COMMITMENT_DOMAIN);
	model.encode_to(&mut preimage);
	round.encode_to(&mut preimage);
	scores.encode_to(&mut preimage);
	preimage.extend_from_slice(salt);
	attestor.encode_to(&mut preimage);
	preimage
}

/// The domain tag of a root commitment (32 bytes, written raw).
pub const ROOT_COMMITMENT_DOMAIN: &[u8; 32] = b"openledger/attribution-root/v1\0\0";

/// The commitment an attestor posts in a **root round** (a model with a deterministic spec):
///
/// ```text
/// root commitment = blake2_256(
///     b"openledger/attribution-root/v1\0\0"  32 bytes (domain tag, two zero bytes of padding)
///  ++ SCALE(model: u32) ++ SCALE(round: u32)  4 + 4 bytes, little endian
///  ++ SCALE(root: LedgerRoot)                 hash (32) ++ le64(leaves) ++ le128(owed)
///                                              ++ le128(score): 72 bytes
///  ++ salt                                    32 raw bytes
///  ++ SCALE(attestor))                        32 bytes for AccountId32
/// ```
///
/// The leaves URI revealed with the root is not committed: copying where another attestor
/// published its leaves gains nothing, as the root itself must have been committed blind.
pub fn root_commitment_hash<AccountId: Encode + ?Sized>(
	model: u32,
	round: u32,
	root: &crate::ledger::LedgerRoot,
	salt: &[u8; 32],
	attestor: &AccountId,
) -> [u8; 32] {
	let mut preimage = Vec::with_capacity(
		ROOT_COMMITMENT_DOMAIN
			.len()
			.saturating_add(8)
			.saturating_add(root.encoded_size())
			.saturating_add(salt.len())
			.saturating_add(attestor.encoded_size()),
	);
	preimage.extend_from_slice(ROOT_COMMITMENT_DOMAIN);
	model.encode_to(&mut preimage);
	round.encode_to(&mut preimage);
	root.encode_to(&mut preimage);
	preimage.extend_from_slice(salt);
	attestor.encode_to(&mut preimage);
	sp_crypto_hashing::blake2_256(&preimage)
}

/// The inputs of [`commitment_hash`], in its order: model, round, scores, salt, attestor.
pub type GoldenInputs = (u32, u32, Vec<(u64, u32)>, [u8; 32], [u8; 32]);

/// The inputs of the golden test vector: model 7, round 3, scores `[(1, 100), (42, 7)]`, the
/// salt `0x00 01 02 … 1f`, and the attestor `//Alice`'s sr25519 public key
/// (`5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY`).
pub fn golden_inputs() -> GoldenInputs {
	let mut salt = [0u8; 32];
	for (byte, value) in salt.iter_mut().zip(0u8..) {
		*byte = value;
	}
	(7, 3, alloc::vec![(1, 100), (42, 7)], salt, ALICE)
}

/// `//Alice`'s sr25519 public key, the attestor of the golden vector.
const ALICE: [u8; 32] = [
	0xd4, 0x35, 0x93, 0xc7, 0x15, 0xfd, 0xd3, 0x1c, 0x61, 0x14, 0x1a, 0xbd, 0x04, 0xa9, 0x9f, 0xd6,
	0x82, 0x2c, 0x85, 0x58, 0x85, 0x4c, 0xcd, 0xe3, 0x9a, 0x56, 0x84, 0xe7, 0xa5, 0x6d, 0xa2, 0x7d,
];

/// `commitment_hash` of [`golden_inputs`], hex:
/// `0xdf4cb6559a6e2e7e59c74a560adf3fd561b5ea3e41024331d8be0d65ca035ca3`.
pub const GOLDEN_COMMITMENT: [u8; 32] = [
	0xdf, 0x4c, 0xb6, 0x55, 0x9a, 0x6e, 0x2e, 0x7e, 0x59, 0xc7, 0x4a, 0x56, 0x0a, 0xdf, 0x3f, 0xd5,
	0x61, 0xb5, 0xea, 0x3e, 0x41, 0x02, 0x43, 0x31, 0xd8, 0xbe, 0x0d, 0x65, 0xca, 0x03, 0x5c, 0xa3,
];

#[cfg(test)]
mod tests {
	#![allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::arithmetic_side_effects)]

	extern crate std;

	use super::*;
	use proptest::prelude::*;

	fn hex(bytes: &[u8]) -> alloc::string::String {
		bytes.iter().map(|byte| alloc::format!("{byte:02x}")).collect()
	}

	#[test]
	fn golden_vector() {
		let (model, round, scores, salt, attestor) = golden_inputs();
		let hash = commitment_hash(model, round, &scores, &salt, &attestor);
		// Printed so that other implementations can copy it (`cargo test -- --nocapture`).
		std::println!("golden commitment: 0x{}", hex(&hash));
		assert_eq!(hash, GOLDEN_COMMITMENT);
		assert_eq!(
			hex(&GOLDEN_COMMITMENT),
			"df4cb6559a6e2e7e59c74a560adf3fd561b5ea3e41024331d8be0d65ca035ca3"
		);
	}

	#[test]
	fn root_commitment_golden_vector() {
		let (model, round, _, salt, attestor) = golden_inputs();
		let root = crate::ledger::LedgerRoot { hash: [7u8; 32], leaves: 3, owed: 1_000, score: 42 };
		let hash = root_commitment_hash(model, round, &root, &salt, &attestor);
		std::println!("golden root commitment: 0x{}", hex(&hash));
		let mut expected = ROOT_COMMITMENT_DOMAIN.to_vec();
		expected.extend_from_slice(&7u32.to_le_bytes());
		expected.extend_from_slice(&3u32.to_le_bytes());
		expected.extend_from_slice(&[7u8; 32]);
		expected.extend_from_slice(&3u64.to_le_bytes());
		expected.extend_from_slice(&1_000u128.to_le_bytes());
		expected.extend_from_slice(&42u128.to_le_bytes());
		expected.extend_from_slice(&salt);
		expected.extend_from_slice(&attestor);
		assert_eq!(expected.len(), 32 + 8 + 72 + 32 + 32);
		assert_eq!(sp_crypto_hashing::blake2_256(&expected), hash);
		assert_eq!(hex(&hash), GOLDEN_ROOT_COMMITMENT_HEX);
		// Another round, model or root gives another commitment.
		assert_ne!(root_commitment_hash(model, round + 1, &root, &salt, &attestor), hash);
		assert_ne!(root_commitment_hash(model + 1, round, &root, &salt, &attestor), hash);
		let other = crate::ledger::LedgerRoot { owed: 1_001, ..root };
		assert_ne!(root_commitment_hash(model, round, &other, &salt, &attestor), hash);
	}

	const GOLDEN_ROOT_COMMITMENT_HEX: &str =
		"985ff9d161a10ac6642a57231d44ae80541eb67efc0d65f0c30e8b223e186a72";

	#[test]
	fn the_preimage_is_laid_out_as_documented() {
		let (model, round, scores, salt, attestor) = golden_inputs();
		let preimage = commitment_preimage(model, round, &scores, &salt, &attestor);
		let mut expected: Vec<u8> = b"openledger/attribution-commit/v2".to_vec();
		expected.extend_from_slice(&[7, 0, 0, 0]); // model, u32 LE
		expected.extend_from_slice(&[3, 0, 0, 0]); // round, u32 LE
		expected.push(2 << 2); // compact(2)
		expected.extend_from_slice(&[1, 0, 0, 0, 0, 0, 0, 0, 100, 0, 0, 0]); // (1, 100)
		expected.extend_from_slice(&[42, 0, 0, 0, 0, 0, 0, 0, 7, 0, 0, 0]); // (42, 7)
		expected.extend_from_slice(&salt);
		expected.extend_from_slice(&attestor);
		assert_eq!(preimage, expected);
		assert_eq!(preimage.len(), 32 + 4 + 4 + 1 + 24 + 32 + 32);
		assert_eq!(sp_crypto_hashing::blake2_256(&expected), GOLDEN_COMMITMENT);
	}

	#[test]
	fn a_bounded_or_owned_score_list_hashes_like_a_slice() {
		// The pallet hashes a `BoundedVec`, which encodes like a `Vec`, which encodes like a
		// slice: compact length, then the items.
		let (model, round, scores, salt, attestor) = golden_inputs();
		let owned: Vec<(u64, u32)> = scores.clone();
		assert_eq!(owned.encode(), scores.as_slice().encode());
		assert_eq!(commitment_hash(model, round, &owned, &salt, &attestor), GOLDEN_COMMITMENT);
	}

	proptest! {
		/// Changing any single input changes the commitment: the model, the round, the scores,
		/// the salt or the attestor.
		#[test]
		fn every_input_is_bound(
			model in any::<u32>(),
			round in any::<u32>(),
			scores in prop::collection::vec((any::<u64>(), any::<u32>()), 0..8),
			salt in any::<[u8; 32]>(),
			attestor in any::<[u8; 32]>(),
			bit in 0usize..8,
		) {
			let hash = commitment_hash(model, round, &scores, &salt, &attestor);
			prop_assert_ne!(hash, commitment_hash(model ^ 1, round, &scores, &salt, &attestor));
			prop_assert_ne!(hash, commitment_hash(model, round ^ 1, &scores, &salt, &attestor));
			if model != round {
				prop_assert_ne!(hash, commitment_hash(round, model, &scores, &salt, &attestor));
			}
			let mut other_scores = scores.clone();
			other_scores.push((0, 0));
			prop_assert_ne!(hash, commitment_hash(model, round, &other_scores, &salt, &attestor));
			let mut other_salt = salt;
			other_salt[bit] ^= 1;
			prop_assert_ne!(hash, commitment_hash(model, round, &scores, &other_salt, &attestor));
			let mut other_attestor = attestor;
			other_attestor[31 - bit] ^= 0x80;
			prop_assert_ne!(
				hash,
				commitment_hash(model, round, &scores, &salt, &other_attestor)
			);
		}
	}
}
