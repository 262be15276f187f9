//! Weights for `pallet_datanets`.
//!
//! PLACEHOLDER: these numbers are estimates written by hand so that the pallet charges plausible
//! fees before its first benchmark run. They are NOT measured. Regenerate this file with
//! `scripts/benchmark-pallets.sh` (the node's `benchmark pallet` over `benchmarking.rs`) on the
//! reference machine, and never edit it by hand afterwards.
//!
//! Component names: `n` name bytes, `u` metadata URI bytes, `l` licence URI bytes, `c` appointed
//! curators. `append_accepted` and `remove_accepted` are not calls: the contributions pallet
//! adds them to its own weights through `DatanetInspect::{append,remove}_accepted_weight`.

#![cfg_attr(rustfmt, rustfmt_skip)]
#![allow(unused_parens)]
#![allow(unused_imports)]
#![allow(missing_docs)]

use frame_support::{traits::Get, weights::{Weight, constants::RocksDbWeight}};
use core::marker::PhantomData;

/// Weight functions needed for `pallet_datanets`.
pub trait WeightInfo {
	fn create(n: u32, u: u32, l: u32, ) -> Weight;
	fn update_metadata(n: u32, u: u32, ) -> Weight;
	fn set_policy() -> Weight;
	fn add_curator(c: u32, ) -> Weight;
	fn remove_curator(c: u32, ) -> Weight;
	fn add_to_allowlist() -> Weight;
	fn remove_from_allowlist() -> Weight;
	fn transfer_ownership() -> Weight;
	fn accept_ownership(c: u32, ) -> Weight;
	fn close() -> Weight;
	fn dissolve() -> Weight;
	fn publish_version() -> Weight;
	fn append_accepted() -> Weight;
	fn remove_accepted() -> Weight;
}

/// Weights for `pallet_datanets` using the Substrate node and recommended hardware.
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	/// Storage: `Datanets::NextDatanetId`, `Balances::Holds`, `System::Account` (r), `Datanets::Datanet` (w)
	fn create(n: u32, u: u32, l: u32, ) -> Weight {
		Weight::from_parts(45_000_000, 3_600)
			.saturating_add(Weight::from_parts(1_500, 0).saturating_mul(n.into()))
			.saturating_add(Weight::from_parts(1_500, 0).saturating_mul(u.into()))
			.saturating_add(Weight::from_parts(1_500, 0).saturating_mul(l.into()))
			.saturating_add(T::DbWeight::get().reads(3_u64))
			.saturating_add(T::DbWeight::get().writes(4_u64))
	}
	/// Storage: `Datanets::Datanet`, `Datanets::Curators`, `Balances::Holds`, `System::Account`
	fn update_metadata(n: u32, u: u32, ) -> Weight {
		Weight::from_parts(40_000_000, 4_200)
			.saturating_add(Weight::from_parts(1_500, 0).saturating_mul(n.into()))
			.saturating_add(Weight::from_parts(1_500, 0).saturating_mul(u.into()))
			.saturating_add(T::DbWeight::get().reads(4_u64))
			.saturating_add(T::DbWeight::get().writes(3_u64))
	}
	/// Storage: `Datanets::Datanet`
	fn set_policy() -> Weight {
		Weight::from_parts(18_000_000, 1_700)
			.saturating_add(T::DbWeight::get().reads(1_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	/// Storage: `Datanets::Datanet`, `Datanets::Curators`, `Balances::Holds`, `System::Account`
	fn add_curator(c: u32, ) -> Weight {
		Weight::from_parts(42_000_000, 4_200)
			.saturating_add(Weight::from_parts(60_000, 0).saturating_mul(c.into()))
			.saturating_add(Weight::from_parts(0, 32).saturating_mul(c.into()))
			.saturating_add(T::DbWeight::get().reads(4_u64))
			.saturating_add(T::DbWeight::get().writes(4_u64))
	}
	/// Storage: `Datanets::Datanet`, `Datanets::Curators`, `Balances::Holds`, `System::Account`
	fn remove_curator(c: u32, ) -> Weight {
		Weight::from_parts(40_000_000, 4_200)
			.saturating_add(Weight::from_parts(60_000, 0).saturating_mul(c.into()))
			.saturating_add(Weight::from_parts(0, 32).saturating_mul(c.into()))
			.saturating_add(T::DbWeight::get().reads(4_u64))
			.saturating_add(T::DbWeight::get().writes(4_u64))
	}
	/// Storage: `Datanets::Datanet`, `Datanets::Allowlist`, `Datanets::Curators`, `Balances::Holds`, `System::Account`
	fn add_to_allowlist() -> Weight {
		Weight::from_parts(48_000_000, 4_200)
			.saturating_add(T::DbWeight::get().reads(5_u64))
			.saturating_add(T::DbWeight::get().writes(4_u64))
	}
	/// Storage: `Datanets::Datanet`, `Datanets::Allowlist`, `Datanets::Curators`, `Balances::Holds`, `System::Account`
	fn remove_from_allowlist() -> Weight {
		Weight::from_parts(46_000_000, 4_200)
			.saturating_add(T::DbWeight::get().reads(5_u64))
			.saturating_add(T::DbWeight::get().writes(4_u64))
	}
	/// Storage: `Datanets::Datanet`
	fn transfer_ownership() -> Weight {
		Weight::from_parts(18_000_000, 1_700)
			.saturating_add(T::DbWeight::get().reads(1_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	/// Storage: `Datanets::Datanet`, `Datanets::Curators`, `Balances::Holds` (2), `System::Account` (2)
	fn accept_ownership(c: u32, ) -> Weight {
		Weight::from_parts(70_000_000, 6_500)
			.saturating_add(Weight::from_parts(60_000, 0).saturating_mul(c.into()))
			.saturating_add(Weight::from_parts(0, 32).saturating_mul(c.into()))
			.saturating_add(T::DbWeight::get().reads(6_u64))
			.saturating_add(T::DbWeight::get().writes(6_u64))
	}
	/// Storage: `Datanets::Datanet`
	fn close() -> Weight {
		Weight::from_parts(17_000_000, 1_700)
			.saturating_add(T::DbWeight::get().reads(1_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	/// Storage: `Datanets::Datanet`, `Datanets::Curators`, `Balances::Holds`, `System::Account`
	fn dissolve() -> Weight {
		Weight::from_parts(45_000_000, 4_200)
			.saturating_add(T::DbWeight::get().reads(4_u64))
			.saturating_add(T::DbWeight::get().writes(4_u64))
	}
	/// Storage: `Datanets::Datanet`, `Datanets::Curators`, `Datanets::Versions`
	fn publish_version() -> Weight {
		Weight::from_parts(25_000_000, 3_500)
			.saturating_add(T::DbWeight::get().reads(3_u64))
			.saturating_add(T::DbWeight::get().writes(2_u64))
	}
	/// Storage: `Datanets::Datanet`, `Datanets::TreeNodes` (24)
	fn append_accepted() -> Weight {
		Weight::from_parts(160_000_000, 2_500)
			.saturating_add(T::DbWeight::get().reads(25_u64))
			.saturating_add(T::DbWeight::get().writes(25_u64))
	}
	/// Storage: `Datanets::Datanet`, `Datanets::TreeNodes` (25)
	fn remove_accepted() -> Weight {
		Weight::from_parts(170_000_000, 2_600)
			.saturating_add(T::DbWeight::get().reads(26_u64))
			.saturating_add(T::DbWeight::get().writes(25_u64))
	}
}

// For backwards compatibility and tests.
impl WeightInfo for () {
	/// Storage: `Datanets::NextDatanetId`, `Balances::Holds`, `System::Account` (r), `Datanets::Datanet` (w)
	fn create(n: u32, u: u32, l: u32, ) -> Weight {
		Weight::from_parts(45_000_000, 3_600)
			.saturating_add(Weight::from_parts(1_500, 0).saturating_mul(n.into()))
			.saturating_add(Weight::from_parts(1_500, 0).saturating_mul(u.into()))
			.saturating_add(Weight::from_parts(1_500, 0).saturating_mul(l.into()))
			.saturating_add(RocksDbWeight::get().reads(3_u64))
			.saturating_add(RocksDbWeight::get().writes(4_u64))
	}
	/// Storage: `Datanets::Datanet`, `Datanets::Curators`, `Balances::Holds`, `System::Account`
	fn update_metadata(n: u32, u: u32, ) -> Weight {
		Weight::from_parts(40_000_000, 4_200)
			.saturating_add(Weight::from_parts(1_500, 0).saturating_mul(n.into()))
			.saturating_add(Weight::from_parts(1_500, 0).saturating_mul(u.into()))
			.saturating_add(RocksDbWeight::get().reads(4_u64))
			.saturating_add(RocksDbWeight::get().writes(3_u64))
	}
	/// Storage: `Datanets::Datanet`
	fn set_policy() -> Weight {
		Weight::from_parts(18_000_000, 1_700)
			.saturating_add(RocksDbWeight::get().reads(1_u64))
			.saturating_add(RocksDbWeight::get().writes(1_u64))
	}
	/// Storage: `Datanets::Datanet`, `Datanets::Curators`, `Balances::Holds`, `System::Account`
	fn add_curator(c: u32, ) -> Weight {
		Weight::from_parts(42_000_000, 4_200)
			.saturating_add(Weight::from_parts(60_000, 0).saturating_mul(c.into()))
			.saturating_add(Weight::from_parts(0, 32).saturating_mul(c.into()))
			.saturating_add(RocksDbWeight::get().reads(4_u64))
			.saturating_add(RocksDbWeight::get().writes(4_u64))
	}
	/// Storage: `Datanets::Datanet`, `Datanets::Curators`, `Balances::Holds`, `System::Account`
	fn remove_curator(c: u32, ) -> Weight {
		Weight::from_parts(40_000_000, 4_200)
			.saturating_add(Weight::from_parts(60_000, 0).saturating_mul(c.into()))
			.saturating_add(Weight::from_parts(0, 32).saturating_mul(c.into()))
			.saturating_add(RocksDbWeight::get().reads(4_u64))
			.saturating_add(RocksDbWeight::get().writes(4_u64))
	}
	/// Storage: `Datanets::Datanet`, `Datanets::Allowlist`, `Datanets::Curators`, `Balances::Holds`, `System::Account`
	fn add_to_allowlist() -> Weight {
		Weight::from_parts(48_000_000, 4_200)
			.saturating_add(RocksDbWeight::get().reads(5_u64))
			.saturating_add(RocksDbWeight::get().writes(4_u64))
	}
	/// Storage: `Datanets::Datanet`, `Datanets::Allowlist`, `Datanets::Curators`, `Balances::Holds`, `System::Account`
	fn remove_from_allowlist() -> Weight {
		Weight::from_parts(46_000_000, 4_200)
			.saturating_add(RocksDbWeight::get().reads(5_u64))
			.saturating_add(RocksDbWeight::get().writes(4_u64))
	}
	/// Storage: `Datanets::Datanet`
	fn transfer_ownership() -> Weight {
		Weight::from_parts(18_000_000, 1_700)
			.saturating_add(RocksDbWeight::get().reads(1_u64))
			.saturating_add(RocksDbWeight::get().writes(1_u64))
	}
	/// Storage: `Datanets::Datanet`, `Datanets::Curators`, `Balances::Holds` (2), `System::Account` (2)
	fn accept_ownership(c: u32, ) -> Weight {
		Weight::from_parts(70_000_000, 6_500)
			.saturating_add(Weight::from_parts(60_000, 0).saturating_mul(c.into()))
			.saturating_add(Weight::from_parts(0, 32).saturating_mul(c.into()))
			.saturating_add(RocksDbWeight::get().reads(6_u64))
			.saturating_add(RocksDbWeight::get().writes(6_u64))
	}
	/// Storage: `Datanets::Datanet`
	fn close() -> Weight {
		Weight::from_parts(17_000_000, 1_700)
			.saturating_add(RocksDbWeight::get().reads(1_u64))
			.saturating_add(RocksDbWeight::get().writes(1_u64))
	}
	/// Storage: `Datanets::Datanet`, `Datanets::Curators`, `Balances::Holds`, `System::Account`
	fn dissolve() -> Weight {
		Weight::from_parts(45_000_000, 4_200)
			.saturating_add(RocksDbWeight::get().reads(4_u64))
			.saturating_add(RocksDbWeight::get().writes(4_u64))
	}
	/// Storage: `Datanets::Datanet`, `Datanets::Curators`, `Datanets::Versions`
	fn publish_version() -> Weight {
		Weight::from_parts(25_000_000, 3_500)
			.saturating_add(RocksDbWeight::get().reads(3_u64))
			.saturating_add(RocksDbWeight::get().writes(2_u64))
	}
	/// Storage: `Datanets::Datanet`, `Datanets::TreeNodes` (24)
	fn append_accepted() -> Weight {
		Weight::from_parts(160_000_000, 2_500)
			.saturating_add(RocksDbWeight::get().reads(25_u64))
			.saturating_add(RocksDbWeight::get().writes(25_u64))
	}
	/// Storage: `Datanets::Datanet`, `Datanets::TreeNodes` (25)
	fn remove_accepted() -> Weight {
		Weight::from_parts(170_000_000, 2_600)
			.saturating_add(RocksDbWeight::get().reads(26_u64))
			.saturating_add(RocksDbWeight::get().writes(25_u64))
	}
}
