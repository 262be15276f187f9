//! `pallet_rewards`: splits inference fees, keeps reward-per-point pools with O(1) claims, and
//! pays the optional emission.
//!
//! The pot is an account derived from the `PalletId`; the attribution pallet pays inference fees
//! straight into it. Emission is zero at genesis; root may set up to 1,000 OPEN per era (1 day).

use crate::{
	configs::{
		attribution::{MAX_COMMITS_PER_ROUND, MAX_SCORES_PER_REVEAL},
		TreasuryAccount,
	},
	AccountId, Balances, Contributions, Datanets, Runtime, DAYS, OPEN,
};
use frame_support::{parameter_types, traits::ConstU32, PalletId};
use openledger_primitives::{FeeSplit, FeeSplitBounds};
use sp_runtime::Perbill;

parameter_types! {
	pub const RewardsPalletId: PalletId = PalletId(*b"ol/rwrds");
	pub const EraLength: crate::BlockNumber = DAYS;
	pub const MaxEmissionPerEra: crate::Balance = 1_000 * OPEN;
	/// A claim paying at least 0.01 OPEN (ten existential deposits) costs its caller no fee.
	pub const MinFreeClaim: crate::Balance = 10 * crate::MILLI_OPEN;
	/// The hard bounds of root's fee split: the treasury takes 0–20%, the model owner and the
	/// attestors at most 40% each, and contributors never less than 40%.
	pub RewardsFeeSplitBounds: FeeSplitBounds = FeeSplitBounds {
		min: FeeSplit {
			treasury: Perbill::zero(),
			model_owner: Perbill::zero(),
			attestors: Perbill::zero(),
			contributors: Perbill::from_percent(40),
		},
		max: FeeSplit {
			treasury: Perbill::from_percent(20),
			model_owner: Perbill::from_percent(40),
			attestors: Perbill::from_percent(40),
			contributors: Perbill::one(),
		},
	};
}

impl pallet_rewards::Config for Runtime {
	type Currency = Balances;
	type Contributions = Contributions;
	type Datanets = Datanets;
	type PalletId = RewardsPalletId;
	type TreasuryAccount = TreasuryAccount;
	type FeeSplitBounds = RewardsFeeSplitBounds;
	type MaxPoolsPerAccount = ConstU32<64>;
	/// A model's attribution names at most `2 × MAX_SCORES_PER_REVEAL` contributions (only
	/// those scored above zero by more than half of the stake), each giving points to its
	/// contributor and its datanet's owner.
	type MaxModelPoolMembers = ConstU32<{ 4 * MAX_SCORES_PER_REVEAL }>;
	type MaxAttestorsPerModel = ConstU32<{ MAX_COMMITS_PER_ROUND }>;
	type EraLength = EraLength;
	type MaxEmissionPerEra = MaxEmissionPerEra;
	/// Root today; issue 16 moves this to the council.
	type AdminOrigin = frame_system::EnsureRoot<AccountId>;
	type MinFreeClaim = MinFreeClaim;
	type WeightInfo = pallet_rewards::weights::SubstrateWeight<Runtime>;
}
