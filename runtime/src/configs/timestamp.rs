//! `pallet_timestamp`: the block time inherent, which also drives Aura's slots.

use crate::{Aura, Runtime, SLOT_DURATION};

impl pallet_timestamp::Config for Runtime {
	type Moment = u64;
	type OnTimestampSet = Aura;
	/// Aura requires the minimum period to be half the slot duration.
	type MinimumPeriod = frame_support::traits::ConstU64<{ SLOT_DURATION / 2 }>;
	type WeightInfo = ();
}
