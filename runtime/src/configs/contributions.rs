//! `pallet_contributions`: the registry of signed contributions with deposits and lineage.
//!
//! Storage deposit: 0.0001 OPEN per byte a record occupies (about 0.08 OPEN per contribution,
//! two tree nodes included), held while the record exists. The datanet's own contribution deposit is held until review.
//! A content commitment (front-running protection) can be revealed for an hour.
//! Sponsorship quotas run per day; datanet `d`'s budget is the keyless sub-account
//! `("budget", d)` of the pallet id `ol/contr`.

use crate::{
	configs::TreasuryAccount, BlockNumber, Balances, Datanets, Runtime, RuntimeHoldReason, DAYS,
	HOURS, MICRO_OPEN,
};
use frame_support::{parameter_types, traits::ConstU32, PalletId};

parameter_types! {
	pub const ContributionDepositPerByte: crate::Balance = 100 * MICRO_OPEN;
	/// A content commitment gives its committer an hour to register the content.
	pub const ContentCommitmentPeriod: BlockNumber = HOURS;
	/// A sponsored account's quota is whole again every day.
	pub const SponsorshipPeriod: BlockNumber = DAYS;
	/// Parent of the datanets' sponsorship budget accounts.
	pub const ContributionsPalletId: PalletId = PalletId(*b"ol/contr");
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
	type CommitmentPeriod = ContentCommitmentPeriod;
	type BudgetAccount = pallet_contributions::sponsorship::BudgetSubAccount<ContributionsPalletId>;
	type SponsorshipPeriod = SponsorshipPeriod;
	type WeightInfo = pallet_contributions::weights::SubstrateWeight<Runtime>;
}
