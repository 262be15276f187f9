//! `pallet_grandpa`: deterministic finality by a 2/3 supermajority of validators.

use crate::{Runtime, RuntimeEvent};
use frame_support::traits::ConstU32;
use sp_core::ConstU64;

impl pallet_grandpa::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type WeightInfo = ();
	type MaxAuthorities = ConstU32<32>;
	type MaxNominators = ConstU32<0>;
	type MaxSetIdSessionEntries = ConstU64<0>;
	// No equivocation reporting yet: there is no staking to slash.
	type KeyOwnerProof = sp_core::Void;
	type EquivocationReportSystem = ();
}
