//! The commitment a contributor may post before registering content, so that nobody who sees
//! the registration waiting in the transaction pool can take its provenance.
//!
//! A plain `contributions.submit` names the content hash in the open: a watcher of the pool can
//! copy the hash into its own `submit` with a higher tip and be first. A contributor who wants
//! to rule that out posts `contributions.commit_content(commitment)` first, waits one block, and
//! registers with `contributions.submit_committed(..., salt)`. The chain recomputes the
//! commitment from the revealed content hash, the signer and the salt; a registration of the
//! same hash by anyone else that was included *after* the commitment is displaced. A watcher
//! learns the hash only from the reveal, which comes after the commitment, so it can never be
//! earlier.
//!
//! ```text
//! content commitment = blake2_256(
//!     b"openledger/content-commitment/v1"  32 ASCII bytes, no length prefix (domain tag)
//!  ++ content_hash                          32 raw bytes (blake2-256 of the content)
//!  ++ SCALE(contributor)                    the account id; for the runtime's AccountId32,
//!                                           its 32 raw bytes (the public key)
//!  ++ salt                                  32 raw bytes, random, kept until the reveal
//! )
//! ```
//!
//! The **contributor** in the preimage makes a copied commitment useless (another account
//! posting the same bytes could never reveal it), the **salt** keeps the content hash from
//! being guessed from the commitment (a hash of public content could be), and the **domain tag**
//! keeps it apart from every other hash the protocol computes.

use codec::Encode;

/// The domain tag the preimage starts with (32 bytes, written raw).
pub const CONTENT_COMMITMENT_DOMAIN: &[u8; 32] = b"openledger/content-commitment/v1";

/// The commitment to `content_hash` of `contributor` with `salt` (see the module docs).
pub fn content_commitment<AccountId: Encode + ?Sized>(
	content_hash: &[u8; 32],
	contributor: &AccountId,
	salt: &[u8; 32],
) -> [u8; 32] {
	let mut preimage = alloc::vec::Vec::with_capacity(
		CONTENT_COMMITMENT_DOMAIN
			.len()
			.saturating_add(content_hash.len())
			.saturating_add(contributor.encoded_size())
			.saturating_add(salt.len()),
	);
	preimage.extend_from_slice(CONTENT_COMMITMENT_DOMAIN);
	preimage.extend_from_slice(content_hash);
	contributor.encode_to(&mut preimage);
	preimage.extend_from_slice(salt);
	sp_crypto_hashing::blake2_256(&preimage)
}

#[cfg(test)]
mod tests {
	#![allow(clippy::unwrap_used, clippy::indexing_slicing)]

	use super::*;

	/// The golden vector other implementations check against: content hash `0x11 × 32`,
	/// `//Alice`'s public key, salt `0x00 01 … 1f`.
	#[test]
	fn golden_vector_and_preimage() {
		let (_, _, _, salt, alice) = crate::commitment::golden_inputs();
		let content = [0x11u8; 32];
		let hash = content_commitment(&content, &alice, &salt);
		let mut preimage = CONTENT_COMMITMENT_DOMAIN.to_vec();
		preimage.extend_from_slice(&content);
		preimage.extend_from_slice(&alice);
		preimage.extend_from_slice(&salt);
		assert_eq!(preimage.len(), 128);
		assert_eq!(sp_crypto_hashing::blake2_256(&preimage), hash);
		// Another account, salt or content commits to something else.
		assert_ne!(content_commitment(&content, &[0u8; 32], &salt), hash);
		assert_ne!(content_commitment(&content, &alice, &[0u8; 32]), hash);
		assert_ne!(content_commitment(&[0x12u8; 32], &alice, &salt), hash);
	}
}
