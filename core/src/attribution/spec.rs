//! What a model declares about how its attribution is computed.
//!
//! The spec is fixed at registration and stored on chain with its [`AttributionSpec::hash`]; the
//! runtime API returns it in full. Everything a second implementation needs is in it and in the
//! module docs of [`super::knn_shapley`], [`super::features`], [`super::scores`] and
//! [`crate::ledger`].

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;

/// Domain tag of [`AttributionSpec::hash`].
pub const SPEC_DOMAIN: &[u8] = b"openledger/attribution-spec/v1";

/// The deterministic method.
#[derive(
	Clone, Copy, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo,
)]
pub enum AttributionMethod {
	/// Exact KNN-Shapley ([`super::knn_shapley`]) with `k` neighbours, summed over the
	/// evaluation set's queries.
	KnnShapley {
		/// Number of neighbours, at least 1.
		k: u32,
	},
}

/// How a contribution's bytes become the method's input ([`super::features`]).
#[derive(
	Clone, Copy, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo,
)]
pub enum InputFormat {
	/// A little-endian `u16` label followed by `dims` signed bytes.
	RawI8 {
		/// Vector dimension.
		dims: u16,
	},
	/// A decimal label line followed by text, feature-hashed into `dims` dimensions.
	HashedText {
		/// Vector dimension.
		dims: u16,
	},
}

impl InputFormat {
	/// The vector dimension.
	pub fn dims(&self) -> u16 {
		match self {
			Self::RawI8 { dims } | Self::HashedText { dims } => *dims,
		}
	}
}

/// A model's attribution spec.
///
/// Rule for contributions whose bytes an attestor cannot obtain, whose bytes do not hash to the
/// registered content hash, or that are malformed in the spec's format: they are **left out**
/// of the training set (as if never contributed) and score zero. Malformed bytes are a
/// deterministic fact anyone can check; missing bytes rely on the data being available to the
/// honest majority of bonded stake, which is the chain's assumption (docs/SECURITY.md).
#[derive(
	Clone, Copy, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo,
)]
pub struct AttributionSpec {
	/// The method and its parameters.
	pub method: AttributionMethod,
	/// The input format of contributions and of the evaluation set's records.
	pub format: InputFormat,
	/// blake2-256 of the evaluation set file ([`super::features::decode_evaluation_set`]),
	/// committed before contributors can see the set.
	pub evaluation_set: [u8; 32],
	/// Number of queries in the evaluation set.
	pub evaluation_queries: u32,
}

impl AttributionSpec {
	/// `blake2_256(SPEC_DOMAIN ++ SCALE(spec))`, the identifier the chain stores.
	pub fn hash(&self) -> [u8; 32] {
		let mut preimage = SPEC_DOMAIN.to_vec();
		self.encode_to(&mut preimage);
		sp_crypto_hashing::blake2_256(&preimage)
	}

	/// Whether the parameters are usable: `k >= 1`, `1 <= dims <= MAX_DIMS`, at least one query.
	pub fn is_well_formed(&self) -> bool {
		let AttributionMethod::KnnShapley { k } = self.method;
		let dims = usize::from(self.format.dims());
		k >= 1 &&
			(1..=super::knn_shapley::MAX_DIMS).contains(&dims) &&
			self.evaluation_queries >= 1
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	/// Golden vector: the SCALE encoding and hash of a spec, for client implementations.
	#[test]
	fn spec_encoding_and_hash_golden_vector() {
		let spec = AttributionSpec {
			method: AttributionMethod::KnnShapley { k: 5 },
			format: InputFormat::RawI8 { dims: 64 },
			evaluation_set: [7; 32],
			evaluation_queries: 1000,
		};
		let encoded = spec.encode();
		assert_eq!(
			encoded,
			[
				&[0u8, 5, 0, 0, 0][..],
				&[0, 64, 0][..],
				&[7; 32][..],
				&1000u32.to_le_bytes()[..]
			]
			.concat()
		);
		assert_eq!(hex(&spec.hash()), SPEC_GOLDEN_HASH);
		assert!(spec.is_well_formed());
		assert!(!AttributionSpec { method: AttributionMethod::KnnShapley { k: 0 }, ..spec }
			.is_well_formed());
		assert!(!AttributionSpec { evaluation_queries: 0, ..spec }.is_well_formed());
	}
	const SPEC_GOLDEN_HASH: &str =
		"64309628d5d8494701cb8ee9c5a327ab0bc1e75266398c23708c677acfdd8b57";

	pub(crate) fn hex(bytes: &[u8]) -> alloc::string::String {
		bytes.iter().map(|b| alloc::format!("{b:02x}")).collect()
	}
}
