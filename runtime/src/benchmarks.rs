//! The pallets `benchmark pallet` measures. Our own pallets are added here as they land.

frame_benchmarking::define_benchmarks!(
	[frame_system, SystemBench::<Runtime>]
	[pallet_balances, Balances]
	[pallet_timestamp, Timestamp]
	[pallet_sudo, Sudo]
	[pallet_utility, Utility]
	[pallet_identity, Identity]
	[pallet_datanets, Datanets]
	[pallet_contributions, Contributions]
	[pallet_attribution, Attribution]
	[pallet_rewards, Rewards]
);

pub use crate::{
	Attribution, Balances, Contributions, Datanets, Identity, Rewards, Runtime, Sudo, Timestamp,
	Utility,
};

impl frame_system_benchmarking::Config for Runtime {}
