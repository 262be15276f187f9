//! `pallet_contributions`: the registry of signed contributions with deposits and lineage.
//!
//! Storage deposit: 0.0001 OPEN per byte a record occupies (about 0.06 OPEN per contribution),
//! held while the record exists. The datanet's own contribution deposit is held until review.

use crate::{configs::TreasuryAccount, Balances, Datanets, Runtime, RuntimeHoldReason, MICRO_OPEN};
use frame_support::{parameter_types, traits::ConstU32};

parameter_types! {
	pub const ContributionDepositPerByte: crate::Balance = 100 * MICRO_OPEN;
}

impl pallet_contributions::Config for Runtime {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type Datanets = Datanets;
	type TreasuryAccount = TreasuryAccount;
	type DepositPerByte = ContributionDepositPerByte;
	type MaxMetadataUriLength = ConstU32<256>;
	type MaxParents = ConstU32<16>;
	type MaxPageSize = ConstU32<100>;
	type WeightInfo = pallet_contributions::weights::SubstrateWeight<Runtime>;
}
