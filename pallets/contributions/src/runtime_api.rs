//! The runtime API clients use to read contributions (`api.call.contributionsApi.*` in
//! polkadot.js), and the `api_*` functions of the pallet that the runtime's implementation calls.
//!
//! The runtime implements it as:
//!
//! ```ignore
//! impl pallet_contributions::runtime_api::ContributionsApi<Block, AccountId, Balance>
//! 	for Runtime
//! {
//! 	fn contribution(id: ContributionId) -> Option<ContributionInfo<AccountId, Balance>> {
//! 		Contributions::api_contribution(id)
//! 	}
//! 	fn contribution_by_content_hash(
//! 		content_hash: H256,
//! 	) -> Option<ContributionInfo<AccountId, Balance>> {
//! 		Contributions::api_contribution_by_content_hash(content_hash)
//! 	}
//! 	fn contributions_by_contributor(
//! 		contributor: AccountId,
//! 		start_after: Option<ContributionId>,
//! 		limit: u32,
//! 	) -> Vec<ContributionInfo<AccountId, Balance>> {
//! 		Contributions::api_contributions_by_contributor(contributor, start_after, limit)
//! 	}
//! 	fn contributions_by_datanet(
//! 		datanet: DatanetId,
//! 		state: Option<ContributionState>,
//! 		start_after: Option<ContributionId>,
//! 		limit: u32,
//! 	) -> Vec<ContributionInfo<AccountId, Balance>> {
//! 		Contributions::api_contributions_by_datanet(datanet, state, start_after, limit)
//! 	}
//! 	fn reputation(datanet: DatanetId, contributor: AccountId) -> ReputationCounts {
//! 		Contributions::api_reputation(datanet, contributor)
//! 	}
//! }
//! ```

use crate::{pallet::*, types::*, BalanceOf};
use alloc::vec::Vec;
use codec::Codec;
use frame_support::traits::Get;
use openledger_primitives::{ContentHash, ContributionId, DatanetId, ReputationCounts};
use sp_runtime::{SaturatedConversion, Saturating};

sp_api::decl_runtime_apis! {
	/// Read access to the contribution registry for wallets, dApps and indexers.
	///
	/// Paging: the `contributions_by_*` methods return at most `min(limit, MaxPageSize)`
	/// contributions, in storage order (not by id). Pass `None` as `start_after` for the first
	/// page and the id of the last contribution of a page for the next one; a page shorter than
	/// `min(limit, MaxPageSize)` is the last. `MaxPageSize` is a constant of the pallet's
	/// metadata (`api.consts.contributions.maxPageSize`).
	pub trait ContributionsApi<AccountId, Balance>
	where
		AccountId: Codec,
		Balance: Codec,
	{
		/// Everything about a contribution (datanet, contributor, content hash, size, kind,
		/// metadata URI, parents, status, deposits), `None` if no contribution has this id.
		fn contribution(id: ContributionId) -> Option<ContributionInfo<AccountId, Balance>>;

		/// The contribution registered under a content hash, `None` if the hash is not
		/// registered (it may then be submitted).
		fn contribution_by_content_hash(
			content_hash: ContentHash,
		) -> Option<ContributionInfo<AccountId, Balance>>;

		/// A page of the contributions an account submitted (see the paging rules above).
		fn contributions_by_contributor(
			contributor: AccountId,
			start_after: Option<ContributionId>,
			limit: u32,
		) -> Vec<ContributionInfo<AccountId, Balance>>;

		/// A page of the contributions submitted to a datanet (see the paging rules above); with
		/// a `state`, only those in that state (`Pending`, `Accepted`, `Rejected`, `Revoked`).
		/// Pass the same `state` for every page.
		fn contributions_by_datanet(
			datanet: DatanetId,
			state: Option<ContributionState>,
			start_after: Option<ContributionId>,
			limit: u32,
		) -> Vec<ContributionInfo<AccountId, Balance>>;

		/// How many of `contributor`'s contributions to `datanet` were accepted, rejected and
		/// revoked (all zero if none).
		fn reputation(datanet: DatanetId, contributor: AccountId) -> ReputationCounts;
	}

	/// Sponsorships: whether an account is sponsored, by which datanets, and what is left of
	/// its quota; and what a datanet's sponsorship budget can still spend.
	pub trait SponsorshipApi<AccountId, Balance>
	where
		AccountId: Codec,
		Balance: Codec,
	{
		/// `account`'s sponsorship by `datanet`, `None` if it has none.
		fn sponsorship(
			account: AccountId,
			datanet: DatanetId,
		) -> Option<SponsorshipInfo<AccountId, Balance>>;

		/// A page of `account`'s sponsorships, at most `min(limit, MaxPageSize)`; pass the
		/// datanet of the last one for the next page.
		fn sponsorships(
			account: AccountId,
			start_after: Option<DatanetId>,
			limit: u32,
		) -> Vec<SponsorshipInfo<AccountId, Balance>>;

		/// What `datanet`'s sponsorship budget can spend now (its free balance above the
		/// existential deposit).
		fn sponsorship_budget(datanet: DatanetId) -> Balance;
	}
}

impl<T: Config> Pallet<T> {
	/// See [`ContributionsApi::contribution`].
	pub fn api_contribution(
		id: ContributionId,
	) -> Option<ContributionInfo<T::AccountId, BalanceOf<T>>> {
		Contribution::<T>::get(id).map(|record| Self::info(id, record))
	}

	/// See [`ContributionsApi::contribution_by_content_hash`].
	pub fn api_contribution_by_content_hash(
		content_hash: ContentHash,
	) -> Option<ContributionInfo<T::AccountId, BalanceOf<T>>> {
		ContentIndex::<T>::get(content_hash).and_then(Self::api_contribution)
	}

	/// See [`ContributionsApi::contributions_by_contributor`]. Reads at most `MaxPageSize`
	/// records.
	pub fn api_contributions_by_contributor(
		contributor: T::AccountId,
		start_after: Option<ContributionId>,
		limit: u32,
	) -> Vec<ContributionInfo<T::AccountId, BalanceOf<T>>> {
		let ids = match start_after {
			None => ByContributor::<T>::iter_key_prefix(&contributor),
			Some(last) => ByContributor::<T>::iter_key_prefix_from(
				&contributor,
				ByContributor::<T>::hashed_key_for(&contributor, last),
			),
		};
		ids.take(Self::page_size(limit)).filter_map(Self::api_contribution).collect()
	}

	/// See [`ContributionsApi::contributions_by_datanet`]. Reads at most `MaxPageSize` records.
	pub fn api_contributions_by_datanet(
		datanet: DatanetId,
		state: Option<ContributionState>,
		start_after: Option<ContributionId>,
		limit: u32,
	) -> Vec<ContributionInfo<T::AccountId, BalanceOf<T>>> {
		let take = Self::page_size(limit);
		let Some(state) = state else {
			let ids = match start_after {
				None => ByDatanet::<T>::iter_key_prefix(datanet),
				Some(last) => ByDatanet::<T>::iter_key_prefix_from(
					datanet,
					ByDatanet::<T>::hashed_key_for(datanet, last),
				),
			};
			return ids.take(take).filter_map(Self::api_contribution).collect();
		};
		let prefix = (datanet, state);
		let ids = match start_after {
			None => ByDatanetState::<T>::iter_key_prefix(prefix),
			Some(last) => ByDatanetState::<T>::iter_key_prefix_from(
				prefix,
				ByDatanetState::<T>::hashed_key_for(prefix, last),
			),
		};
		ids.take(take).filter_map(Self::api_contribution).collect()
	}

	/// See [`ContributionsApi::reputation`].
	pub fn api_reputation(datanet: DatanetId, contributor: T::AccountId) -> ReputationCounts {
		Reputation::<T>::get(datanet, contributor)
	}

	/// `limit` capped at `MaxPageSize`.
	fn page_size(limit: u32) -> usize {
		limit.min(T::MaxPageSize::get()) as usize
	}

	/// The runtime API's view of a record.
	fn info(
		id: ContributionId,
		record: ContributionRecord<T>,
	) -> ContributionInfo<T::AccountId, BalanceOf<T>> {
		let storage_deposit = Self::ticket_amount(&record.storage_deposit);
		let held = storage_deposit.saturating_add(Self::held_review_deposit(&record));
		ContributionInfo {
			id,
			datanet: record.datanet,
			contributor: record.contributor,
			content_hash: record.content_hash,
			size_bytes: record.size_bytes,
			kind: record.kind,
			metadata_uri: record.metadata_uri.into_inner(),
			parents: record.parents.into_inner(),
			status: record.status.map_block(|block| block.saturated_into::<u32>()),
			submitted_at: record.submitted_at.saturated_into(),
			review_deposit: record.review_deposit,
			rejection_slash: record.rejection_slash,
			storage_deposit,
			held,
			sponsored: record.sponsored,
		}
	}

	/// See [`SponsorshipApi::sponsorship`].
	pub fn api_sponsorship(
		account: T::AccountId,
		datanet: DatanetId,
	) -> Option<SponsorshipInfo<T::AccountId, BalanceOf<T>>> {
		Sponsorships::<T>::get(&account, datanet).map(|entry| Self::sponsorship_info(datanet, entry))
	}

	/// See [`SponsorshipApi::sponsorships`]. Reads at most `MaxPageSize` entries.
	pub fn api_sponsorships(
		account: T::AccountId,
		start_after: Option<DatanetId>,
		limit: u32,
	) -> Vec<SponsorshipInfo<T::AccountId, BalanceOf<T>>> {
		let entries = match start_after {
			None => Sponsorships::<T>::iter_prefix(&account),
			Some(last) => Sponsorships::<T>::iter_prefix_from(
				&account,
				Sponsorships::<T>::hashed_key_for(&account, last),
			),
		};
		entries
			.take(Self::page_size(limit))
			.map(|(datanet, entry)| Self::sponsorship_info(datanet, entry))
			.collect()
	}

	/// See [`SponsorshipApi::sponsorship_budget`].
	pub fn api_sponsorship_budget(datanet: DatanetId) -> BalanceOf<T> {
		Self::budget(datanet)
	}

	fn sponsorship_info(
		datanet: DatanetId,
		entry: Sponsorship<T>,
	) -> SponsorshipInfo<T::AccountId, BalanceOf<T>> {
		let used = Self::used_now(&entry);
		SponsorshipInfo {
			datanet,
			granted_by: entry.granted_by.clone(),
			quota: entry.quota,
			remaining: SponsorQuota {
				contributions: entry.quota.contributions.saturating_sub(used.contributions),
				bytes: entry.quota.bytes.saturating_sub(used.bytes),
			},
			period_ends_at: Self::period_end(&entry).saturated_into(),
			budget: Self::budget(datanet),
		}
	}
}
