//! `pallet_transaction_payment`: fees by weight and length, paid into the treasury pot.
//!
//! Pricing: one second of reference execution costs 100 OPEN, one byte 0.00001 OPEN, so a
//! balance transfer (about 0.63 ms of weight including the per-transaction base, and 150 bytes)
//! costs about 0.064 OPEN (measured by `tests/e2e/foundation.test.js`). A fee multiplier
//! rises when blocks are more than a quarter full, which makes sustained spam expensive.

use crate::{Balance, Runtime, RuntimeEvent, MICRO_OPEN};
use frame_support::{parameter_types, weights::ConstantMultiplier};
use pallet_transaction_payment::{Multiplier, TargetedFeeAdjustment};
use sp_runtime::{traits::Bounded, FixedPointNumber, Perquintill};

parameter_types! {
	/// Fee per picosecond of reference execution: 100 OPEN per second.
	pub const FeePerRefTimeUnit: Balance = 100_000_000;
	/// Fee per byte of transaction: 0.00001 OPEN.
	pub const TransactionByteFee: Balance = 10 * MICRO_OPEN;
	pub const OperationalFeeMultiplier: u8 = 5;
	/// Blocks a quarter full keep the fee multiplier steady.
	pub const TargetBlockFullness: Perquintill = Perquintill::from_percent(25);
	pub AdjustmentVariable: Multiplier = Multiplier::saturating_from_rational(3, 100_000);
	pub MinimumMultiplier: Multiplier = Multiplier::saturating_from_rational(1, 1u128);
	pub MaximumMultiplier: Multiplier = Bounded::max_value();
}

impl pallet_transaction_payment::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	/// Fees and tips go to the treasury pot; a sponsored call's fee is paid by its datanet's
	/// sponsorship budget (see `crate::sponsorship`).
	type OnChargeTransaction = crate::sponsorship::SponsoredFees;
	type OperationalFeeMultiplier = OperationalFeeMultiplier;
	type WeightToFee = ConstantMultiplier<Balance, FeePerRefTimeUnit>;
	type LengthToFee = ConstantMultiplier<Balance, TransactionByteFee>;
	type FeeMultiplierUpdate = TargetedFeeAdjustment<
		Self,
		TargetBlockFullness,
		AdjustmentVariable,
		MinimumMultiplier,
		MaximumMultiplier,
	>;
	type WeightInfo = pallet_transaction_payment::weights::SubstrateWeight<Runtime>;
}

impl pallet_skip_feeless_payment::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
}
