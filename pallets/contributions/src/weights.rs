//! PLACEHOLDER weights for `pallet_contributions`, written by hand before the first benchmark run:
//! regenerate with `scripts/benchmark-pallets.sh contributions` and commit the result.
//!
//! The numbers below are estimates shaped like the datanets pallet's measured weights (same
//! machine class), with the storage reads and writes each call makes counted from the code.
//! Regenerate with `scripts/benchmark-pallets.sh`; never edit the generated file by hand.

#![cfg_attr(rustfmt, rustfmt_skip)]
#![allow(unused_parens)]
#![allow(unused_imports)]
#![allow(missing_docs)]
#![allow(clippy::unnecessary_cast)]

use frame_support::{traits::Get, weights::{Weight, constants::ParityDbWeight}};
use core::marker::PhantomData;

/// Weight functions needed for `pallet_contributions`.
pub trait WeightInfo {
	fn submit(u: u32, p: u32, ) -> Weight;
	fn submit_auto_accept(u: u32, p: u32, ) -> Weight;
	fn review_accept() -> Weight;
	fn review_reject() -> Weight;
	fn withdraw() -> Weight;
	fn revoke() -> Weight;
}

/// Weights for `pallet_contributions` using the runtime's database weights.
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	/// Storage: `Contributions::ContentIndex` (r:1 w:1)
	/// Storage: `Datanets::Datanet` (r:1 w:0), `Datanets::Allowlist` (r:1 w:0)
	/// Storage: `Contributions::Contribution` (r:`p` w:1), `Datanets::Datanet` (r:`p` w:0)
	/// Storage: `Contributions::NextContributionId` (r:1 w:1)
	/// Storage: `System::Account` (r:1 w:1), `Balances::Holds` (r:1 w:1)
	/// Storage: `Contributions::ByContributor` (r:0 w:1), `Contributions::ByDatanet` (r:0 w:1)
	/// The range of component `u` is `[0, 256]`.
	/// The range of component `p` is `[0, 16]`.
	fn submit(u: u32, p: u32, ) -> Weight {
		Weight::from_parts(90_000_000, 5_000)
			.saturating_add(Weight::from_parts(1_000, 0).saturating_mul(u.into()))
			.saturating_add(Weight::from_parts(15_000_000, 0).saturating_mul(p.into()))
			.saturating_add(T::DbWeight::get().reads(6_u64))
			.saturating_add(T::DbWeight::get().reads((2_u64).saturating_mul(p.into())))
			.saturating_add(T::DbWeight::get().writes(7_u64))
			.saturating_add(Weight::from_parts(0, 6_000).saturating_mul(p.into()))
	}
	/// As `submit`, plus the acceptance: `Datanets::Datanet` (w:1), `Datanets::TreeNodes`
	/// (r:24 w:24, an almost empty tree here; the worst case is added from the datanets
	/// pallet's `append_accepted` weight), `Contributions::Reputation` (r:1 w:1).
	/// The range of component `u` is `[0, 256]`.
	/// The range of component `p` is `[0, 16]`.
	fn submit_auto_accept(u: u32, p: u32, ) -> Weight {
		Weight::from_parts(130_000_000, 8_000)
			.saturating_add(Weight::from_parts(1_000, 0).saturating_mul(u.into()))
			.saturating_add(Weight::from_parts(15_000_000, 0).saturating_mul(p.into()))
			.saturating_add(T::DbWeight::get().reads(8_u64))
			.saturating_add(T::DbWeight::get().reads((2_u64).saturating_mul(p.into())))
			.saturating_add(T::DbWeight::get().writes(9_u64))
			.saturating_add(Weight::from_parts(0, 6_000).saturating_mul(p.into()))
	}
	/// Storage: `Contributions::Contribution` (r:1 w:1)
	/// Storage: `Datanets::Datanet` (r:1 w:1), `Datanets::Curators` (r:1 w:0)
	/// Storage: `System::Account` (r:1 w:1), `Balances::Holds` (r:1 w:1)
	/// Storage: `Contributions::Reputation` (r:1 w:1)
	fn review_accept() -> Weight {
		Weight::from_parts(100_000_000, 8_000)
			.saturating_add(T::DbWeight::get().reads(6_u64))
			.saturating_add(T::DbWeight::get().writes(5_u64))
	}
	/// Storage: `Contributions::Contribution` (r:1 w:1)
	/// Storage: `Datanets::Datanet` (r:1 w:0), `Datanets::Curators` (r:1 w:0)
	/// Storage: `System::Account` (r:2 w:2), `Balances::Holds` (r:1 w:1)
	/// Storage: `Contributions::Reputation` (r:1 w:1)
	fn review_reject() -> Weight {
		Weight::from_parts(110_000_000, 8_000)
			.saturating_add(T::DbWeight::get().reads(7_u64))
			.saturating_add(T::DbWeight::get().writes(5_u64))
	}
	/// Storage: `Contributions::Contribution` (r:1 w:1)
	/// Storage: `System::Account` (r:1 w:1), `Balances::Holds` (r:1 w:1)
	/// Storage: `Contributions::ContentIndex` (r:0 w:1)
	/// Storage: `Contributions::ByContributor` (r:0 w:1), `Contributions::ByDatanet` (r:0 w:1)
	fn withdraw() -> Weight {
		Weight::from_parts(80_000_000, 5_000)
			.saturating_add(T::DbWeight::get().reads(3_u64))
			.saturating_add(T::DbWeight::get().writes(6_u64))
	}
	/// Storage: `Contributions::Contribution` (r:1 w:1)
	/// Storage: `Datanets::Datanet` (r:1 w:1), `Datanets::TreeNodes` (r:25 w:24, counted in
	/// the datanets pallet's `remove_accepted` weight, added by the call)
	/// Storage: `Contributions::Reputation` (r:1 w:1)
	fn revoke() -> Weight {
		Weight::from_parts(60_000_000, 5_000)
			.saturating_add(T::DbWeight::get().reads(3_u64))
			.saturating_add(T::DbWeight::get().writes(3_u64))
	}
}

/// For tests and mocks: the same numbers with ParityDB's database weights.
impl WeightInfo for () {
	fn submit(u: u32, p: u32, ) -> Weight {
		Weight::from_parts(90_000_000, 5_000)
			.saturating_add(Weight::from_parts(1_000, 0).saturating_mul(u.into()))
			.saturating_add(Weight::from_parts(15_000_000, 0).saturating_mul(p.into()))
			.saturating_add(ParityDbWeight::get().reads(6_u64))
			.saturating_add(ParityDbWeight::get().reads((2_u64).saturating_mul(p.into())))
			.saturating_add(ParityDbWeight::get().writes(7_u64))
			.saturating_add(Weight::from_parts(0, 6_000).saturating_mul(p.into()))
	}
	fn submit_auto_accept(u: u32, p: u32, ) -> Weight {
		Weight::from_parts(130_000_000, 8_000)
			.saturating_add(Weight::from_parts(1_000, 0).saturating_mul(u.into()))
			.saturating_add(Weight::from_parts(15_000_000, 0).saturating_mul(p.into()))
			.saturating_add(ParityDbWeight::get().reads(8_u64))
			.saturating_add(ParityDbWeight::get().reads((2_u64).saturating_mul(p.into())))
			.saturating_add(ParityDbWeight::get().writes(9_u64))
			.saturating_add(Weight::from_parts(0, 6_000).saturating_mul(p.into()))
	}
	fn review_accept() -> Weight {
		Weight::from_parts(100_000_000, 8_000)
			.saturating_add(ParityDbWeight::get().reads(6_u64))
			.saturating_add(ParityDbWeight::get().writes(5_u64))
	}
	fn review_reject() -> Weight {
		Weight::from_parts(110_000_000, 8_000)
			.saturating_add(ParityDbWeight::get().reads(7_u64))
			.saturating_add(ParityDbWeight::get().writes(5_u64))
	}
	fn withdraw() -> Weight {
		Weight::from_parts(80_000_000, 5_000)
			.saturating_add(ParityDbWeight::get().reads(3_u64))
			.saturating_add(ParityDbWeight::get().writes(6_u64))
	}
	fn revoke() -> Weight {
		Weight::from_parts(60_000_000, 5_000)
			.saturating_add(ParityDbWeight::get().reads(3_u64))
			.saturating_add(ParityDbWeight::get().writes(3_u64))
	}
}
