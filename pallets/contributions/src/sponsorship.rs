//! Sponsored contributors: accounts that hold no tokens submit to a datanet whose budget pays
//! their fees and deposits.
//!
//! A datanet's **budget** is the free balance of its budget account
//! ([`Config::BudgetAccount`]), funded by anyone with `fund_sponsorship` and drained only by the
//! owner with `withdraw_sponsorship_funds`. The owner (or a curator, if allowed) **sponsors** an
//! account with a [`SponsorQuota`] per [`Config::SponsorshipPeriod`]; the sponsorship gives the
//! account a provider reference, so that a brand-new key that never received a token can sign
//! (`CheckNonce` accepts accounts that exist), and holds a storage deposit from the budget for
//! it.
//!
//! The chain pays for a **sponsored call** from the budget:
//!
//! - `submit` to the datanet, by a sponsored account: the transaction fee (in the runtime's
//!   `OnChargeTransaction`), and both deposits (here, in `do_submit`, held on the budget
//!   account). Each one uses one contribution and its encoded length of the quota, *before*
//!   dispatch, so a failing submit still uses quota (its fee was paid): failures cannot drain a
//!   budget without bound.
//! - `withdraw` and `revoke` of a contribution made under a sponsorship, by its contributor,
//!   only when they will succeed (pending, resp. accepted): each can happen once per
//!   contribution, so they need no quota. Withdrawing consent must never need tokens.
//!
//! Everything else the account pays for itself. The runtime's transaction extension
//! (`CheckSponsorship`) asks [`Pallet::sponsored_call`] and [`Pallet::check_sponsored`] in the
//! transaction pool, so an unsponsored, over-quota or unfunded call is refused there with a
//! named reason ([`Refusal`]) before it costs anyone anything; its `prepare` calls
//! [`Pallet::use_quota`].

use crate::{pallet::*, types::*, BalanceOf, StorageTicketOf};
use frame_support::{
	ensure,
	storage::with_storage_layer,
	traits::{
		fungible::{Inspect, Mutate},
		tokens::{Fortitude, Preservation},
		Consideration, Footprint, Get,
	},
};
use frame_system::pallet_prelude::BlockNumberFor;
use openledger_primitives::{ContributionStatus, DatanetId, DatanetInspect};
use sp_runtime::{
	traits::{Convert, Saturating, Zero},
	DispatchError, DispatchResult,
};

/// Bytes an account's own record takes in `frame_system::Account` (key: 32 bytes of prefix, a
/// 16-byte hash and the 32-byte id; value: nonce, three reference counts and four balances),
/// paid by the sponsorship that makes the account exist.
pub const ACCOUNT_RECORD_BYTES: u64 = 32 + 16 + 32 + 4 + 3 * 4 + 4 * 16;

/// The fixed bytes of a sponsorship's key: 32 of prefix, a 16-byte and an 8-byte hash, and the
/// datanet id (the account id comes on top).
const SPONSORSHIP_KEY_BYTES: u64 = 32 + 16 + 8 + 4;

/// Why the transaction pool refuses a call that would be paid by a sponsorship, or that needs
/// one. The runtime's `CheckSponsorship` extension reports it as
/// `InvalidTransaction::Custom(refusal as u8)`.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[repr(u8)]
pub enum Refusal {
	/// The signer does not exist (holds no tokens) and is not sponsored by the datanet it
	/// submits to. Ask the datanet's owner to sponsor the account, or fund it.
	NotSponsored = 201,
	/// The sponsored account used all the contributions of its quota this period.
	QuotaExhausted = 202,
	/// The sponsored account used all the bytes of its quota this period (or this one
	/// transaction is larger than what is left).
	QuotaBytesExhausted = 203,
	/// The datanet's budget cannot pay this call's fee and deposits.
	BudgetExhausted = 204,
	/// A sponsored call carries a tip: tips are never paid from a sponsor's budget.
	TipNotSponsored = 205,
}

/// What kind of sponsored call it is.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum SponsoredCall {
	/// A `submit`: uses quota; the budget pays `deposits` on top of the fee.
	Submit {
		/// The datanet sponsoring it.
		datanet: DatanetId,
		/// Contribution deposit plus storage deposit it will hold.
		deposits: u128,
	},
	/// A `withdraw` or `revoke` of a sponsored contribution: the budget pays the fee only.
	Release {
		/// The datanet sponsoring it.
		datanet: DatanetId,
	},
}

impl SponsoredCall {
	/// The datanet whose budget pays.
	pub fn datanet(&self) -> DatanetId {
		match self {
			Self::Submit { datanet, .. } | Self::Release { datanet } => *datanet,
		}
	}
}

impl<T: Config> Pallet<T> {
	// ---- calls ----

	pub(crate) fn do_fund_sponsorship(
		who: T::AccountId,
		datanet: DatanetId,
		amount: BalanceOf<T>,
	) -> DispatchResult {
		ensure!(T::Datanets::exists(datanet), Error::<T>::UnknownDatanet);
		ensure!(!amount.is_zero(), Error::<T>::ZeroAmount);
		T::Currency::transfer(
			&who,
			&Self::budget_account(datanet),
			amount,
			Preservation::Preserve,
		)?;
		Self::deposit_event(Event::SponsorshipFunded { datanet, from: who, amount });
		Ok(())
	}

	pub(crate) fn do_withdraw_sponsorship_funds(
		who: T::AccountId,
		datanet: DatanetId,
		amount: BalanceOf<T>,
	) -> DispatchResult {
		Self::ensure_owner(datanet, &who)?;
		ensure!(!amount.is_zero(), Error::<T>::ZeroAmount);
		ensure!(amount <= Self::budget(datanet), Error::<T>::SponsorshipBudgetExhausted);
		T::Currency::transfer(
			&Self::budget_account(datanet),
			&who,
			amount,
			Preservation::Preserve,
		)?;
		Self::deposit_event(Event::SponsorshipFundsWithdrawn { datanet, to: who, amount });
		Ok(())
	}

	pub(crate) fn do_sponsor(
		who: T::AccountId,
		datanet: DatanetId,
		account: T::AccountId,
		quota: SponsorQuota,
	) -> DispatchResult {
		Self::ensure_may_sponsor(datanet, &who)?;
		with_storage_layer(|| -> DispatchResult {
			match Sponsorships::<T>::get(&account, datanet) {
				Some(mut entry) => {
					entry.quota = quota;
					entry.granted_by = who.clone();
					Sponsorships::<T>::insert(&account, datanet, entry);
				},
				None => {
					let storage_deposit =
						Self::budget_ticket(datanet, Self::sponsorship_footprint())?;
					frame_system::Pallet::<T>::inc_providers(&account);
					Sponsorships::<T>::insert(
						&account,
						datanet,
						Sponsorship::<T> {
							granted_by: who.clone(),
							quota,
							period_start: frame_system::Pallet::<T>::block_number(),
							used: SponsorQuota::default(),
							storage_deposit,
						},
					);
				},
			}
			Self::deposit_event(Event::AccountSponsored {
				datanet,
				account,
				granted_by: who,
				quota,
			});
			Ok(())
		})
	}

	pub(crate) fn do_end_sponsorship(
		who: T::AccountId,
		datanet: DatanetId,
		account: T::AccountId,
	) -> DispatchResult {
		let entry =
			Sponsorships::<T>::get(&account, datanet).ok_or(Error::<T>::UnknownSponsorship)?;
		if who != account {
			Self::ensure_may_sponsor(datanet, &who)?;
		}
		with_storage_layer(|| -> DispatchResult {
			entry.storage_deposit.drop(&Self::budget_account(datanet))?;
			Sponsorships::<T>::remove(&account, datanet);
			// The reference this sponsorship added. It can only fail if the account has
			// consumers and no other provider, which needs a hold or lock, hence tokens, hence
			// a provider from the balances pallet: unreachable; if it ever happened, the
			// reference would stay and the account keep existing, which costs nobody.
			if frame_system::Pallet::<T>::dec_providers(&account).is_err() {
				frame_support::defensive!("a sponsored account kept consumers without tokens");
			}
			Self::deposit_event(Event::SponsorshipEnded { datanet, account, by: who });
			Ok(())
		})
	}

	pub(crate) fn do_set_curators_may_sponsor(
		who: T::AccountId,
		datanet: DatanetId,
		allowed: bool,
	) -> DispatchResult {
		Self::ensure_owner(datanet, &who)?;
		with_storage_layer(|| -> DispatchResult {
			match (CuratorsMaySponsor::<T>::get(datanet), allowed) {
				(None, true) => {
					let ticket = Self::budget_ticket(datanet, Self::flag_footprint())?;
					CuratorsMaySponsor::<T>::insert(datanet, ticket);
				},
				(Some(ticket), false) => {
					ticket.drop(&Self::budget_account(datanet))?;
					CuratorsMaySponsor::<T>::remove(datanet);
				},
				// Already as asked.
				_ => {},
			}
			Self::deposit_event(Event::CuratorsMaySponsorSet { datanet, allowed });
			Ok(())
		})
	}

	// ---- what the transaction extension and the fee adapter ask ----

	/// Whether `call`, signed by `who`, is paid by a sponsorship, and by which datanet's budget.
	/// The fee adapter, the transaction extension and `do_submit` all decide with this one
	/// function, so they always agree.
	pub fn sponsored_call(who: &T::AccountId, call: &Call<T>) -> Option<SponsoredCall> {
		match call {
			Call::submit { datanet, metadata_uri, parents, .. } => {
				if !Sponsorships::<T>::contains_key(who, datanet) {
					return None;
				}
				let policy = T::Datanets::policy(*datanet)?;
				let review = if policy.review == openledger_primitives::ReviewMode::AutoAccept {
					Zero::zero()
				} else {
					policy.contribution_deposit
				};
				let storage = Self::storage_deposit_for(metadata_uri.len(), parents.len());
				let deposits = sp_runtime::SaturatedConversion::saturated_into::<u128>(
					review.saturating_add(storage),
				);
				Some(SponsoredCall::Submit { datanet: *datanet, deposits })
			},
			Call::withdraw { id } | Call::revoke { id } => {
				let record = Contribution::<T>::get(id)?;
				let will_succeed = record.sponsored
					&& &record.contributor == who
					&& match call {
						Call::withdraw { .. } => record.status.is_pending(),
						_ => matches!(record.status, ContributionStatus::Accepted { .. }),
					};
				will_succeed.then_some(SponsoredCall::Release { datanet: record.datanet })
			},
			_ => None,
		}
	}

	/// Whether `call` names a datanet a submit goes to (for the "not sponsored" refusal of
	/// accounts that do not exist).
	pub fn is_submit(call: &Call<T>) -> bool {
		matches!(call, Call::submit { .. })
	}

	/// Checks that a sponsored call of `len` encoded bytes may go: quota left for a submit,
	/// and a budget that can pay `fee` plus the deposits.
	pub fn check_sponsored(
		who: &T::AccountId,
		sponsored: &SponsoredCall,
		len: usize,
		fee: BalanceOf<T>,
	) -> Result<(), Refusal> {
		let mut need = fee;
		if let SponsoredCall::Submit { datanet, deposits } = sponsored {
			let entry = Sponsorships::<T>::get(who, datanet).ok_or(Refusal::NotSponsored)?;
			let used = Self::used_now(&entry);
			ensure!(used.contributions < entry.quota.contributions, Refusal::QuotaExhausted);
			let len = u32::try_from(len).unwrap_or(u32::MAX);
			ensure!(
				used.bytes.saturating_add(len) <= entry.quota.bytes,
				Refusal::QuotaBytesExhausted
			);
			need = need.saturating_add(sp_runtime::SaturatedConversion::saturated_into(*deposits));
		}
		ensure!(need <= Self::budget(sponsored.datanet()), Refusal::BudgetExhausted);
		Ok(())
	}

	/// Counts a sponsored submit of `len` bytes against `who`'s quota (before dispatch, so a
	/// failing submit counts too).
	pub fn use_quota(who: &T::AccountId, sponsored: &SponsoredCall, len: usize) {
		let SponsoredCall::Submit { datanet, .. } = sponsored else { return };
		Sponsorships::<T>::mutate(who, datanet, |entry| {
			if let Some(entry) = entry {
				let now = frame_system::Pallet::<T>::block_number();
				if Self::period_over(entry, now) {
					entry.period_start = now;
					entry.used = SponsorQuota::default();
				}
				let len = u32::try_from(len).unwrap_or(u32::MAX);
				entry.used.contributions = entry.used.contributions.saturating_add(1);
				entry.used.bytes = entry.used.bytes.saturating_add(len);
			}
		});
		SponsoredSubmit::<T>::put((who.clone(), *datanet));
	}

	/// Clears what [`Self::use_quota`] armed for the dispatch (the runtime's extension calls it
	/// after every transaction it armed, whether the submit took it or failed first).
	pub fn clear_sponsored_submit() {
		SponsoredSubmit::<T>::kill();
	}

	/// Records (as an event) that `datanet`'s budget paid `fee` for `account`'s call.
	pub fn note_sponsored_fee(datanet: DatanetId, account: T::AccountId, fee: BalanceOf<T>) {
		Self::deposit_event(Event::SponsoredFeePaid { datanet, account, fee });
	}

	// ---- helpers ----

	/// The account that holds `datanet`'s budget.
	pub fn budget_account(datanet: DatanetId) -> T::AccountId {
		T::BudgetAccount::convert(datanet)
	}

	/// What `datanet`'s budget can spend now: its budget account's free balance above the
	/// existential deposit.
	pub fn budget(datanet: DatanetId) -> BalanceOf<T> {
		T::Currency::reducible_balance(
			&Self::budget_account(datanet),
			Preservation::Preserve,
			Fortitude::Polite,
		)
	}

	/// Who holds the deposits of `record`: its datanet's budget account if it was sponsored,
	/// its contributor otherwise.
	pub(crate) fn depositor(record: &ContributionRecord<T>) -> T::AccountId {
		if record.sponsored {
			Self::budget_account(record.datanet)
		} else {
			record.contributor.clone()
		}
	}

	/// Holds a storage deposit for `footprint` from `datanet`'s budget, failing with
	/// `SponsorshipBudgetExhausted` if it cannot pay.
	fn budget_ticket(
		datanet: DatanetId,
		footprint: Footprint,
	) -> Result<StorageTicketOf<T>, DispatchError> {
		let price = crate::StoragePrice::<T>::convert(footprint);
		ensure!(price <= Self::budget(datanet), Error::<T>::SponsorshipBudgetExhausted);
		StorageTicketOf::<T>::new(&Self::budget_account(datanet), footprint)
	}

	/// What one sponsorship occupies: its entry (32 bytes of prefix, a 16-byte hash, the
	/// account id, an 8-byte hash and the datanet id, and its value) and the sponsored
	/// account's own record.
	pub(crate) fn sponsorship_footprint() -> Footprint {
		let account = u64::try_from(<T::AccountId as codec::MaxEncodedLen>::max_encoded_len())
			.unwrap_or(u64::MAX);
		let value = u64::try_from(<Sponsorship<T> as codec::MaxEncodedLen>::max_encoded_len())
			.unwrap_or(u64::MAX);
		let size = SPONSORSHIP_KEY_BYTES
			.saturating_add(account)
			.saturating_add(value)
			.saturating_add(ACCOUNT_RECORD_BYTES);
		Footprint { count: 1, size }
	}

	/// What a `CuratorsMaySponsor` entry occupies: 32 bytes of prefix, an 8-byte hash, the
	/// datanet id and the ticket.
	pub(crate) fn flag_footprint() -> Footprint {
		let ticket = u64::try_from(<StorageTicketOf<T> as codec::MaxEncodedLen>::max_encoded_len())
			.unwrap_or(u64::MAX);
		Footprint { count: 1, size: 48u64.saturating_add(ticket) }
	}

	/// What `entry` has used in the period in force at the current block.
	pub(crate) fn used_now(entry: &Sponsorship<T>) -> SponsorQuota {
		if Self::period_over(entry, frame_system::Pallet::<T>::block_number()) {
			SponsorQuota::default()
		} else {
			entry.used
		}
	}

	/// Whether `entry`'s period ended before block `now`.
	fn period_over(entry: &Sponsorship<T>, now: BlockNumberFor<T>) -> bool {
		now >= entry.period_start.saturating_add(T::SponsorshipPeriod::get())
	}

	/// The last block of `entry`'s current period (seen from the current block).
	pub(crate) fn period_end(entry: &Sponsorship<T>) -> BlockNumberFor<T> {
		let now = frame_system::Pallet::<T>::block_number();
		let start = if Self::period_over(entry, now) { now } else { entry.period_start };
		start.saturating_add(T::SponsorshipPeriod::get()).saturating_sub(1u32.into())
	}

	fn ensure_owner(datanet: DatanetId, who: &T::AccountId) -> DispatchResult {
		let owner = T::Datanets::owner(datanet).ok_or(Error::<T>::UnknownDatanet)?;
		ensure!(&owner == who, Error::<T>::NotDatanetOwner);
		Ok(())
	}

	fn ensure_may_sponsor(datanet: DatanetId, who: &T::AccountId) -> DispatchResult {
		let owner = T::Datanets::owner(datanet).ok_or(Error::<T>::UnknownDatanet)?;
		let allowed = &owner == who
			|| (CuratorsMaySponsor::<T>::contains_key(datanet)
				&& T::Datanets::is_curator(datanet, who));
		ensure!(allowed, Error::<T>::NotAllowedToSponsor);
		Ok(())
	}
}

/// [`Config::BudgetAccount`] for runtimes with 32-byte (or any SCALE) account ids: datanet
/// `d`'s budget is the keyless sub-account `("budget", d)` of the pallet id `P`, which no key
/// can sign for.
pub struct BudgetSubAccount<P>(core::marker::PhantomData<P>);
impl<P, AccountId> Convert<DatanetId, AccountId> for BudgetSubAccount<P>
where
	P: frame_support::traits::Get<frame_support::PalletId>,
	AccountId: codec::Encode + codec::Decode,
{
	fn convert(datanet: DatanetId) -> AccountId {
		sp_runtime::traits::AccountIdConversion::into_sub_account_truncating(
			&P::get(),
			(b"budget", datanet),
		)
	}
}

/// [`Config::BudgetAccount`] for test runtimes with integer account ids: datanet `d`'s budget
/// is account `BASE + d`.
pub struct BudgetAccountAt<const BASE: u64>;
impl<const BASE: u64> Convert<DatanetId, u64> for BudgetAccountAt<BASE> {
	fn convert(datanet: DatanetId) -> u64 {
		BASE.saturating_add(u64::from(datanet))
	}
}
