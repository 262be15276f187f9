//! Model ledgers: the contributor share of a model with a deterministic attribution spec,
//! paid by Merkle proof against the roots its attestors agree on.
//!
//! A ledger model's contributors are not members of a points pool. Instead:
//!
//! 1. When the model is registered, the attribution pallet opens its [`LedgerAccount`]
//!    (`RewardSink::ledger_opened`). From then on, the contributor share of its fees that the
//!    receipts do not attribute is added to the ledger's `inflow` (event `FeeDistributed`,
//!    field `ledger`), never to its pool or the treasury.
//! 2. A root round computes, for the inflow at its opening, a Merkle sum tree
//!    ([`openledger_core::ledger`]) of leaves `(account, owed, score)`, `owed` being what the
//!    account is owed in total over every root so far. The attribution pallet refuses a root
//!    owing more in total than that inflow or less than the root in force, and hands the
//!    agreed root to this pallet (`RewardSink::ledger_root_accepted`).
//! 3. Anyone calls [`Pallet::claim_by_proof`] with an account's leaf (`owed`, `score`), its
//!    index and its proof's siblings, which `openledger-attestor prove` prints from the
//!    published leaves file. The pallet rebuilds the leaf from the account
//!    ([`openledger_primitives::ledger_account`]: its 32 bytes), verifies the proof against the
//!    root in force ([`openledger_core::ledger::verify`]), and pays the account `owed` less what
//!    it claimed from the ledger before ([`LedgerClaimed`]). The money always goes to the
//!    account, whoever signs, so a relayer may claim for a contributor without tokens.
//!
//! Whatever roots are accepted, a ledger never pays more than it received: every claim is
//! capped by `inflow − claimed`, so a root owing too much would only make the last claimants
//! wait for more fees. The attribution pallet's check of each root against the inflow is the
//! first wall, the cap the second. A claim costs one hash per proof node, `O(log n)` for `n`
//! leaves, at most [`MAX_PROOF_NODES`] = 40.

use crate::{functions::to_u128, pallet::*, types::*, BalanceOf};
use frame_support::{defensive, ensure, storage::with_storage_layer, BoundedVec};
use openledger_core::ledger::{verify, LedgerNode, LedgerProof, MAX_PROOF_NODES};
use openledger_primitives::{ledger_account, LedgerLeaf, LedgerRoot, ModelId};
use sp_runtime::{
	traits::{CheckedAdd, ConstU32, Zero},
	DispatchError, SaturatedConversion, Saturating,
};

/// The siblings of a ledger proof, as `claim_by_proof` takes them.
pub type ProofSiblings = BoundedVec<LedgerNode, ConstU32<{ MAX_PROOF_NODES }>>;

impl<T: Config> Pallet<T> {
	/// Pays `who` what the leaf `(who, owed, score)` of `model`'s current root owes it beyond
	/// what it claimed already, capped by what the ledger still holds. Returns the amount.
	pub(crate) fn do_claim_by_proof(
		model: ModelId,
		who: T::AccountId,
		owed: BalanceOf<T>,
		score: u128,
		index: u64,
		siblings: ProofSiblings,
	) -> Result<BalanceOf<T>, DispatchError> {
		let ProvenClaim { mut ledger, owed, claimed_before, amount } =
			Self::proven_claim(model, &who, owed, score, index, &siblings)?;
		ensure!(!amount.is_zero(), Error::<T>::NothingToClaim);
		// Neither sum can saturate: they stay at most `owed` and at most `inflow`.
		let claimed_after = claimed_before.saturating_add(amount);
		ledger.claimed = ledger.claimed.saturating_add(amount);

		with_storage_layer(|| -> Result<BalanceOf<T>, DispatchError> {
			Self::pay(&who, amount)?;
			LedgerClaimed::<T>::insert(model, &who, claimed_after);
			ModelLedgers::<T>::insert(model, ledger);
			Self::deposit_event(Event::LedgerClaimed { model, who, amount, owed });
			Ok(amount)
		})
	}

	/// Verifies `who`'s leaf against `model`'s current ledger root and works out what a claim
	/// by proof would pay now, without writing anything (`claim_by_proof`, and its
	/// `feeless_if`).
	pub(crate) fn proven_claim(
		model: ModelId,
		who: &T::AccountId,
		owed: BalanceOf<T>,
		score: u128,
		index: u64,
		siblings: &ProofSiblings,
	) -> Result<ProvenClaim<T>, DispatchError> {
		let ledger = ModelLedgers::<T>::get(model).ok_or(Error::<T>::NotALedgerModel)?;
		let root = ledger.root.ok_or(Error::<T>::NoLedgerRoot)?;
		let account = ledger_account(who).ok_or(Error::<T>::AccountNotRepresentable)?;
		let leaf = LedgerLeaf { account, owed: to_u128::<T>(owed), score };
		let proof = LedgerProof { index, siblings: siblings.to_vec() };
		verify(&root, &leaf, &proof).map_err(|_| Error::<T>::InvalidProof)?;

		// What the verified leaf owes (the same as `owed` for any balance type that fits u128).
		let owed: BalanceOf<T> = leaf.owed.saturated_into();
		let claimed_before = LedgerClaimed::<T>::get(model, who);
		let held = ledger.inflow.saturating_sub(ledger.claimed);
		let amount = owed.saturating_sub(claimed_before).min(held);
		Ok(ProvenClaim { ledger, owed, claimed_before, amount })
	}

	/// Adds `amount` to `model`'s ledger's inflow. `None` if the model has no ledger; otherwise
	/// what could not be added (all of it should the inflow overflow), for the caller to route
	/// elsewhere.
	pub(crate) fn accrue_into_ledger(model: ModelId, amount: BalanceOf<T>) -> Option<BalanceOf<T>> {
		let mut ledger = ModelLedgers::<T>::get(model)?;
		if amount.is_zero() {
			return Some(amount);
		}
		let Some(inflow) = ledger.inflow.checked_add(&amount) else { return Some(amount) };
		ledger.inflow = inflow;
		ModelLedgers::<T>::insert(model, ledger);
		Some(Zero::zero())
	}

	/// Opens `model`'s ledger (empty, without a root) unless it has one.
	pub(crate) fn open_ledger(model: ModelId) {
		if !ModelLedgers::<T>::contains_key(model) {
			ModelLedgers::<T>::insert(model, LedgerAccount::default());
		}
	}

	/// Makes `root` the root `model`'s claims are verified against. The attribution pallet only
	/// agrees on roots for models whose ledger it opened, so a model without one is a bug
	/// there: the root is ignored.
	pub(crate) fn accept_ledger_root(model: ModelId, root: &LedgerRoot) {
		ModelLedgers::<T>::mutate_exists(model, |ledger| match ledger {
			Some(ledger) => ledger.root = Some(*root),
			None => {
				defensive!("a ledger root was accepted for a model without a ledger");
			},
		});
	}
}

/// What a verified claim by proof would pay, with what it needs to record it.
pub(crate) struct ProvenClaim<T: Config> {
	/// The model's ledger as it is now.
	pub ledger: LedgerAccount<BalanceOf<T>>,
	/// What the verified leaf owes in all.
	pub owed: BalanceOf<T>,
	/// What `who` claimed from this ledger before.
	pub claimed_before: BalanceOf<T>,
	/// What the claim pays: `owed − claimed_before`, at most what the ledger still holds.
	pub amount: BalanceOf<T>,
}
