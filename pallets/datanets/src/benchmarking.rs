//! Benchmarks of every call of the datanets pallet, each in its worst case, plus the two tree
//! operations other pallets trigger (`append_accepted`, `remove_accepted`).

use super::*;
use crate::Pallet as Datanets;
use alloc::{vec, vec::Vec};
use frame_benchmarking::v2::*;
use frame_support::traits::fungible::{Inspect, Mutate};
use frame_system::RawOrigin;
use openledger_primitives::{
	merkle::{TREE_CAPACITY, TREE_DEPTH},
	Admission, DatanetId, DatanetPolicy, License, ReviewMode, H256,
};
use sp_runtime::{DispatchError, Perbill, Saturating};

const SEED: u32 = 0;

/// The largest deposit any datanet can need, with every string and list at its maximum.
fn max_deposit<T: Config>() -> BalanceOf<T> {
	let metadata_bytes = u64::from(T::MaxNameLength::get())
		.saturating_add(u64::from(T::MaxMetadataUriLength::get()))
		.saturating_add(u64::from(T::MaxLicenseUriLength::get()));
	Datanets::<T>::price(Datanets::<T>::footprint(
		metadata_bytes,
		T::MaxCurators::get(),
		T::MaxAllowlistLength::get(),
	))
}

/// Gives `who` enough to hold the largest deposit several times over.
fn fund<T: Config>(who: &T::AccountId) {
	let amount = T::Currency::minimum_balance()
		.saturating_add(max_deposit::<T>())
		.saturating_mul(4u32.into());
	let _ = T::Currency::set_balance(who, amount);
}

fn funded_account<T: Config>(name: &'static str, index: u32) -> T::AccountId {
	let who = account(name, index, SEED);
	fund::<T>(&who);
	who
}

fn policy<T: Config>(admission: Admission) -> PolicyOf<T> {
	DatanetPolicy {
		admission,
		review: ReviewMode::Curated,
		contribution_deposit: 1u32.into(),
		rejection_slash: Perbill::from_percent(10),
		curation_fee: Perbill::from_parts(0),
		max_contribution_size: 1_048_576,
	}
}

fn license(uri_len: u32) -> License<Vec<u8>> {
	License {
		may_train: true,
		commercial_use: true,
		attribution_required: true,
		derivatives_allowed: true,
		uri: Some(vec![b'l'; uri_len as usize]),
	}
}

/// Creates an open datanet with one-byte metadata owned by `owner` (funding it first).
pub(crate) fn create_datanet_for<T: Config>(
	owner: &T::AccountId,
	policy: PolicyOf<T>,
) -> Result<DatanetId, DispatchError> {
	fund::<T>(owner);
	Datanets::<T>::do_create(owner.clone(), vec![b'n'], Vec::new(), policy, license(0))
}

/// Appoints `MaxCurators` curators to `datanet` (its owner signing) and returns the last.
pub(crate) fn fill_curators_of<T: Config>(datanet: DatanetId) -> Result<T::AccountId, DispatchError> {
	let owner = Datanets::<T>::record(datanet)?.owner;
	let mut last = None;
	for index in 0..T::MaxCurators::get() {
		let curator: T::AccountId = account("curator", index, 7);
		Datanets::<T>::do_add_curator(owner.clone(), datanet, curator.clone())?;
		last = Some(curator);
	}
	last.ok_or(DispatchError::Other("MaxCurators is zero"))
}

/// A datanet owned by a funded account, with `curators` appointed curators.
/// A datanet, its owner and its curators.
type WithCurators<T> = (
	DatanetId,
	<T as frame_system::Config>::AccountId,
	Vec<<T as frame_system::Config>::AccountId>,
);

fn datanet_with_curators<T: Config>(curators: u32) -> Result<WithCurators<T>, BenchmarkError> {
	let owner = funded_account::<T>("owner", 0);
	let datanet = create_datanet_for::<T>(&owner, policy::<T>(Admission::Allowlist))?;
	let mut appointed = Vec::new();
	for index in 0..curators {
		let curator = funded_account::<T>("curator", index);
		Datanets::<T>::do_add_curator(owner.clone(), datanet, curator.clone())?;
		appointed.push(curator);
	}
	Ok((datanet, owner, appointed))
}

/// Fills the tree so that the leaf at the last index has a non-empty sibling at every level:
/// one leaf at the start of each left-hand sibling subtree of its path, appended in increasing
/// index order. Leaves the next free index at `TREE_CAPACITY - 1`.
fn fill_left_siblings_of_last_leaf<T: Config>(datanet: DatanetId) -> Result<(), BenchmarkError> {
	for level in (0..TREE_DEPTH).rev() {
		let subtree_leaves = 1u32.checked_shl(u32::from(level).saturating_add(1)).unwrap_or(0);
		let index = TREE_CAPACITY.saturating_sub(subtree_leaves);
		Datanet::<T>::mutate(datanet, |record| {
			if let Some(record) = record {
				record.tree.next_index = index;
			}
		});
		Datanets::<T>::do_append_accepted(datanet, index.into(), H256::repeat_byte(1))?;
	}
	Ok(())
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn create(
		n: Linear<1, { T::MaxNameLength::get() }>,
		u: Linear<0, { T::MaxMetadataUriLength::get() }>,
		l: Linear<0, { T::MaxLicenseUriLength::get() }>,
	) -> Result<(), BenchmarkError> {
		let caller: T::AccountId = whitelisted_caller();
		fund::<T>(&caller);
		let datanet = NextDatanetId::<T>::get();

		#[extrinsic_call]
		_(
			RawOrigin::Signed(caller.clone()),
			vec![b'n'; n as usize],
			vec![b'u'; u as usize],
			policy::<T>(Admission::Allowlist),
			license(l),
		);

		let record = Datanet::<T>::get(datanet).ok_or("datanet not created")?;
		assert_eq!(record.owner, caller);
		Ok(())
	}

	#[benchmark]
	fn update_metadata(
		n: Linear<1, { T::MaxNameLength::get() }>,
		u: Linear<0, { T::MaxMetadataUriLength::get() }>,
	) -> Result<(), BenchmarkError> {
		// Growing from one-byte metadata: more deposit is held.
		let (datanet, owner, _) = datanet_with_curators::<T>(0)?;

		#[extrinsic_call]
		_(RawOrigin::Signed(owner), datanet, vec![b'n'; n as usize], vec![b'u'; u as usize]);

		let record = Datanet::<T>::get(datanet).ok_or("datanet missing")?;
		assert_eq!(record.name.len(), n as usize);
		Ok(())
	}

	#[benchmark]
	fn set_policy() -> Result<(), BenchmarkError> {
		let (datanet, owner, _) = datanet_with_curators::<T>(0)?;
		let new_policy = policy::<T>(Admission::Open);

		#[extrinsic_call]
		_(RawOrigin::Signed(owner), datanet, new_policy);

		let record = Datanet::<T>::get(datanet).ok_or("datanet missing")?;
		assert_eq!(record.policy, new_policy);
		Ok(())
	}

	#[benchmark]
	fn add_curator(
		c: Linear<0, { T::MaxCurators::get().saturating_sub(1) }>,
	) -> Result<(), BenchmarkError> {
		let (datanet, owner, _) = datanet_with_curators::<T>(c)?;
		let curator = funded_account::<T>("new curator", 0);
		let lookup = T::Lookup::unlookup(curator.clone());

		#[extrinsic_call]
		_(RawOrigin::Signed(owner), datanet, lookup);

		assert!(Curators::<T>::get(datanet).contains(&curator));
		Ok(())
	}

	#[benchmark]
	fn remove_curator(c: Linear<1, { T::MaxCurators::get() }>) -> Result<(), BenchmarkError> {
		let (datanet, owner, appointed) = datanet_with_curators::<T>(c)?;
		let curator = appointed.last().cloned().ok_or("no curator")?;
		let lookup = T::Lookup::unlookup(curator.clone());

		#[extrinsic_call]
		_(RawOrigin::Signed(owner), datanet, lookup);

		assert!(!Curators::<T>::get(datanet).contains(&curator));
		Ok(())
	}

	#[benchmark]
	fn add_to_allowlist() -> Result<(), BenchmarkError> {
		let (datanet, owner, _) = datanet_with_curators::<T>(T::MaxCurators::get())?;
		let account = account::<T::AccountId>("member", 0, SEED);
		let lookup = T::Lookup::unlookup(account.clone());

		#[extrinsic_call]
		_(RawOrigin::Signed(owner), datanet, lookup);

		assert!(Allowlist::<T>::contains_key(datanet, &account));
		Ok(())
	}

	#[benchmark]
	fn remove_from_allowlist() -> Result<(), BenchmarkError> {
		let (datanet, owner, _) = datanet_with_curators::<T>(T::MaxCurators::get())?;
		let account = account::<T::AccountId>("member", 0, SEED);
		Datanets::<T>::do_add_to_allowlist(owner.clone(), datanet, account.clone())?;
		let lookup = T::Lookup::unlookup(account.clone());

		#[extrinsic_call]
		_(RawOrigin::Signed(owner), datanet, lookup);

		assert!(!Allowlist::<T>::contains_key(datanet, &account));
		Ok(())
	}

	#[benchmark]
	fn transfer_ownership() -> Result<(), BenchmarkError> {
		let (datanet, owner, _) = datanet_with_curators::<T>(0)?;
		let new_owner = account::<T::AccountId>("new owner", 0, SEED);
		let lookup = T::Lookup::unlookup(new_owner.clone());

		#[extrinsic_call]
		_(RawOrigin::Signed(owner), datanet, lookup);

		let record = Datanet::<T>::get(datanet).ok_or("datanet missing")?;
		assert_eq!(record.pending_owner, Some(new_owner));
		Ok(())
	}

	#[benchmark]
	fn accept_ownership(c: Linear<1, { T::MaxCurators::get() }>) -> Result<(), BenchmarkError> {
		// The new owner is one of `c` curators, whose seat is freed.
		let (datanet, owner, appointed) = datanet_with_curators::<T>(c)?;
		let new_owner = appointed.last().cloned().ok_or("no curator")?;
		Datanets::<T>::do_transfer_ownership(owner, datanet, new_owner.clone())?;

		#[extrinsic_call]
		_(RawOrigin::Signed(new_owner.clone()), datanet);

		let record = Datanet::<T>::get(datanet).ok_or("datanet missing")?;
		assert_eq!(record.owner, new_owner);
		Ok(())
	}

	#[benchmark]
	fn close() -> Result<(), BenchmarkError> {
		let (datanet, owner, _) = datanet_with_curators::<T>(0)?;

		#[extrinsic_call]
		_(RawOrigin::Signed(owner), datanet);

		let record = Datanet::<T>::get(datanet).ok_or("datanet missing")?;
		assert_eq!(record.status, DatanetStatus::Closed);
		Ok(())
	}

	#[benchmark]
	fn dissolve() -> Result<(), BenchmarkError> {
		let (datanet, owner, _) = datanet_with_curators::<T>(T::MaxCurators::get())?;
		Datanets::<T>::do_close(owner.clone(), datanet)?;

		#[extrinsic_call]
		_(RawOrigin::Signed(owner), datanet);

		assert!(!Datanet::<T>::contains_key(datanet));
		assert!(!Curators::<T>::contains_key(datanet));
		Ok(())
	}

	#[benchmark]
	fn publish_version() -> Result<(), BenchmarkError> {
		// Published by the last of the most curators, after an earlier version if allowed.
		let (datanet, _, appointed) = datanet_with_curators::<T>(T::MaxCurators::get())?;
		let curator = appointed.last().cloned().ok_or("no curator")?;
		if T::MaxVersions::get() > 1 {
			Datanets::<T>::do_append_accepted(datanet, 0, H256::repeat_byte(1))?;
			Datanets::<T>::do_publish_version(curator.clone(), datanet)?;
		}
		Datanets::<T>::do_append_accepted(datanet, 1, H256::repeat_byte(2))?;

		#[extrinsic_call]
		_(RawOrigin::Signed(curator), datanet);

		let record = Datanet::<T>::get(datanet).ok_or("datanet missing")?;
		assert!(Versions::<T>::contains_key(datanet, record.latest_version));
		assert!(record.latest_version > 0);
		Ok(())
	}

	#[benchmark]
	fn append_accepted() -> Result<(), BenchmarkError> {
		let (datanet, _, _) = datanet_with_curators::<T>(0)?;
		fill_left_siblings_of_last_leaf::<T>(datanet)?;
		let last = TREE_CAPACITY.saturating_sub(1);

		#[block]
		{
			Datanets::<T>::do_append_accepted(datanet, last.into(), H256::repeat_byte(2))?;
		}

		let record = Datanet::<T>::get(datanet).ok_or("datanet missing")?;
		assert_eq!(record.tree.next_index, TREE_CAPACITY);
		Ok(())
	}

	#[benchmark]
	fn remove_accepted() -> Result<(), BenchmarkError> {
		let (datanet, _, _) = datanet_with_curators::<T>(0)?;
		fill_left_siblings_of_last_leaf::<T>(datanet)?;
		let last = TREE_CAPACITY.saturating_sub(1);
		Datanets::<T>::do_append_accepted(datanet, last.into(), H256::repeat_byte(2))?;

		#[block]
		{
			Datanets::<T>::do_remove_accepted(datanet, last)?;
		}

		assert!(TreeNodes::<T>::get((datanet, 0u8, last)).is_none());
		Ok(())
	}

	impl_benchmark_test_suite!(
		Datanets,
		crate::mock::ExtBuilder::default().build(),
		crate::mock::Test
	);
}
