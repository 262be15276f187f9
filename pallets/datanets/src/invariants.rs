//! The pallet's invariants, checked by [`Pallet::do_try_state`]: in the `try_state` hook under
//! try-runtime, and after every unit test.
//!
//! This iterates all datanets, all accounts (to find leaked deposits) and, for small trees, all
//! their nodes: it is meant for try-runtime and tests, never for block execution.

use crate::{pallet::*, types::*, BalanceOf};
use alloc::{collections::BTreeMap, vec::Vec};
use frame_support::{
	ensure,
	traits::{fungible::InspectHold, Get},
};
use openledger_primitives::{
	merkle::{build_tree, empty_root, TREE_CAPACITY},
	DatanetId, LeafIndex, H256,
};
use sp_runtime::{traits::Zero, Saturating, TryRuntimeError};

/// Trees with at most this many live leaves are rebuilt from scratch and compared node by node.
pub const FULL_TREE_CHECK_LIMIT: u32 = 1_024;

impl<T: Config> Pallet<T> {
	/// Checks every invariant of the pallet (listed in the crate docs), returning the first
	/// violation found.
	pub fn do_try_state() -> Result<(), TryRuntimeError> {
		let next_id = NextDatanetId::<T>::get();
		let mut required_deposits: BTreeMap<T::AccountId, BalanceOf<T>> = BTreeMap::new();

		for (datanet, record) in Datanet::<T>::iter() {
			ensure!(datanet < next_id, "a datanet's id is not below NextDatanetId");
			ensure!(!record.name.is_empty(), "a datanet has an empty name");
			ensure!(
				record.pending_owner.as_ref() != Some(&record.owner),
				"a datanet is offered to its own owner"
			);
			let curators = Self::check_curators(datanet, &record)?;
			Self::check_allowlist(datanet, &record)?;
			Self::check_versions(datanet, &record)?;
			Self::check_tree(datanet, &record)?;

			let required = Self::current_deposit(&record, curators);
			let total = required_deposits.entry(record.owner.clone()).or_insert_with(Zero::zero);
			*total = total.saturating_add(required);
		}

		// Every held deposit belongs to a live datanet, and matches its footprint exactly.
		let reason: T::RuntimeHoldReason = HoldReason::DatanetDeposit.into();
		for account in frame_system::Account::<T>::iter_keys() {
			let held = T::Currency::balance_on_hold(&reason, &account);
			let required = required_deposits.get(&account).copied().unwrap_or_else(Zero::zero);
			ensure!(
				held == required,
				"an account's datanet deposit differs from its datanets' needs"
			);
		}
		for (owner, required) in &required_deposits {
			ensure!(
				T::Currency::balance_on_hold(&reason, owner) == *required,
				"a datanet owner's held deposit differs from its datanets' needs"
			);
		}

		// Sub-storage only exists for existing datanets.
		for datanet in Curators::<T>::iter_keys() {
			ensure!(Datanet::<T>::contains_key(datanet), "curators of a missing datanet");
		}
		for (datanet, _) in Allowlist::<T>::iter_keys() {
			ensure!(Datanet::<T>::contains_key(datanet), "allowlist entry of a missing datanet");
		}
		for (datanet, _) in Versions::<T>::iter_keys() {
			ensure!(Datanet::<T>::contains_key(datanet), "version of a missing datanet");
		}
		Ok(())
	}

	/// Curators are bounded (by type), distinct, exclude the owner, and are not stored empty.
	/// Returns their number.
	fn check_curators(
		datanet: DatanetId,
		record: &DatanetRecord<T>,
	) -> Result<u32, TryRuntimeError> {
		let curators = Curators::<T>::get(datanet);
		ensure!(
			Curators::<T>::contains_key(datanet) != curators.is_empty(),
			"an empty curator list is stored"
		);
		ensure!(!curators.contains(&record.owner), "the owner is also an appointed curator");
		for (position, curator) in curators.iter().enumerate() {
			ensure!(
				!curators.iter().skip(position.saturating_add(1)).any(|other| other == curator),
				"a curator is listed twice"
			);
		}
		Ok(Self::len_u32(curators.len()))
	}

	/// The allowlist counter equals the number of entries and respects the bound.
	fn check_allowlist(
		datanet: DatanetId,
		record: &DatanetRecord<T>,
	) -> Result<(), TryRuntimeError> {
		let entries = Allowlist::<T>::iter_key_prefix(datanet).count();
		ensure!(
			entries == record.allowlist_count as usize,
			"the allowlist counter differs from the number of entries"
		);
		ensure!(
			record.allowlist_count <= T::MaxAllowlistLength::get(),
			"the allowlist is longer than MaxAllowlistLength"
		);
		Ok(())
	}

	/// Versions are numbered 1..=latest without gaps and within the bound; leaf indices and
	/// blocks never decrease; consecutive versions differ; none is ahead of the tree.
	fn check_versions(
		datanet: DatanetId,
		record: &DatanetRecord<T>,
	) -> Result<(), TryRuntimeError> {
		let latest = record.latest_version;
		ensure!(latest <= T::MaxVersions::get(), "more versions than MaxVersions");
		ensure!(
			Versions::<T>::iter_key_prefix(datanet).count() == latest as usize,
			"stored versions are not exactly 1..=latest_version"
		);
		let mut previous: Option<DatanetVersion<_>> = None;
		for number in 1..=latest {
			let version =
				Versions::<T>::get(datanet, number).ok_or("a version below the latest is missing")?;
			ensure!(version.number == number, "a version is stored under another number");
			ensure!(version.count <= version.next_leaf_index, "a version counts unappended leaves");
			ensure!(
				version.next_leaf_index <= record.tree.next_index,
				"a version is ahead of the datanet's tree"
			);
			if let Some(previous) = previous {
				ensure!(
					previous.next_leaf_index <= version.next_leaf_index &&
						previous.block <= version.block,
					"versions go back in leaf index or block"
				);
				ensure!(previous.root != version.root, "two consecutive versions share a root");
			} else {
				ensure!(version.root != empty_root(), "the first version is empty");
			}
			previous = Some(version);
		}
		Ok(())
	}

	/// The tree's counters are consistent with its root and stored nodes; small trees are
	/// rebuilt from their leaves and compared node by node.
	fn check_tree(datanet: DatanetId, record: &DatanetRecord<T>) -> Result<(), TryRuntimeError> {
		let tree = record.tree;
		ensure!(tree.live_count <= tree.next_index, "more live leaves than leaves appended");
		ensure!(tree.next_index <= TREE_CAPACITY, "the tree is beyond its capacity");
		ensure!(
			(tree.live_count == 0) == (tree.root == empty_root()),
			"the root is empty exactly when no leaf is live"
		);
		if tree.live_count == 0 {
			ensure!(
				TreeNodes::<T>::iter_key_prefix((datanet,)).next().is_none(),
				"a tree with no live leaves still stores nodes"
			);
		} else if tree.live_count <= FULL_TREE_CHECK_LIMIT {
			let leaves: Vec<(LeafIndex, H256)> =
				TreeNodes::<T>::iter_prefix((datanet, 0u8)).collect();
			ensure!(
				leaves.len() == tree.live_count as usize,
				"the live count differs from the number of stored leaves"
			);
			ensure!(
				leaves.iter().all(|(index, _)| *index < tree.next_index),
				"a stored leaf is beyond the next leaf index"
			);
			let (root, nodes) = build_tree(leaves);
			ensure!(root == tree.root, "the root differs from the tree rebuilt from its leaves");
			let stored: BTreeMap<(u8, u32), H256> =
				TreeNodes::<T>::iter_prefix((datanet,)).collect();
			ensure!(
				stored == nodes,
				"the stored nodes differ from the tree rebuilt from its leaves"
			);
		}
		Ok(())
	}
}
