//! Model ledgers and `claim_by_proof`: the attacks first (someone else's leaf, forged amounts,
//! double claims, a root owing more than arrived), then where a ledger model's fees go, who is
//! paid, the errors, the hooks, the runtime API and the invariants. Trees are real
//! [`LedgerTree`]s.

use super::*;
use crate::{Error, Ledger, LedgerAccount, LedgerClaimed, ModelLedgers, ProofSiblings};
use frame_support::{assert_noop, traits::Get, weights::RuntimeDbWeight};
use openledger_core::ledger::{LedgerProof, LedgerTree};
use openledger_primitives::{ledger_account, LedgerLeaf, LedgerRoot};
use sp_runtime::{DispatchError, DispatchResult};

/// The ledger model of these tests.
pub(super) const MODEL: ModelId = 0;

/// What the attribution pallet does when it registers a model with a spec.
pub(super) fn open_ledger(model: ModelId) {
	<Rewards as RewardSink<AccountId, Balance>>::ledger_opened(model);
}

/// What the attribution pallet does when a root round of `model` agrees on `root`.
pub(super) fn accept(model: ModelId, root: &LedgerRoot) {
	<Rewards as RewardSink<AccountId, Balance>>::ledger_root_accepted(model, root);
}

/// The ledger's inflow, as the attribution pallet reads it.
fn inflow(model: ModelId) -> Balance {
	<Rewards as RewardSink<AccountId, Balance>>::ledger_inflow(model)
}

/// The tree over `(account, owed, score)` leaves, in whatever order.
pub(super) fn tree(leaves: &[(AccountId, u128, u128)]) -> LedgerTree {
	let mut leaves: Vec<LedgerLeaf> = leaves
		.iter()
		.map(|(who, owed, score)| LedgerLeaf {
			account: ledger_account(who).unwrap(),
			owed: *owed,
			score: *score,
		})
		.collect();
	leaves.sort_by_key(|leaf| leaf.account);
	LedgerTree::build(leaves).unwrap()
}

/// `who`'s leaf and proof in `tree`.
pub(super) fn leaf_and_proof(tree: &LedgerTree, who: AccountId) -> (LedgerLeaf, LedgerProof) {
	let index = tree.position(&ledger_account(&who).unwrap()).unwrap();
	(tree.leaves()[index], tree.proof(index).unwrap())
}

/// `claim_by_proof` signed by `caller` for `who`, with exactly the given leaf values and proof.
pub(super) fn claim_with(
	caller: AccountId,
	who: AccountId,
	owed: Balance,
	score: u128,
	proof: &LedgerProof,
) -> DispatchResult {
	let siblings = ProofSiblings::try_from(proof.siblings.clone()).unwrap();
	Rewards::claim_by_proof(
		RuntimeOrigin::signed(caller),
		MODEL,
		who,
		owed,
		score,
		proof.index,
		siblings,
	)
}

/// `who` claims from [`MODEL`]'s ledger with its own leaf and proof in `tree`.
pub(super) fn claim(who: AccountId, tree: &LedgerTree) -> DispatchResult {
	let (leaf, proof) = leaf_and_proof(tree, who);
	claim_with(who, who, leaf.owed, leaf.score, &proof)
}

/// The ledger of [`MODEL`].
fn ledger() -> LedgerAccount<Balance> {
	ModelLedgers::<Test>::get(MODEL).unwrap()
}

/// Attestors bonded, [`MODEL`]'s ledger opened, and `fees` inferences of [`FEE`] paid: the
/// ledger received `fees × FEE_CONTRIBUTORS`.
fn ledger_with_fees(fees: u32) {
	standard_setup();
	open_ledger(MODEL);
	for _ in 0..fees {
		pay_inference(MODEL, DAVE, FEE, &[]);
	}
	assert_eq!(inflow(MODEL), u128::from(fees) * FEE_CONTRIBUTORS);
}

/// Bob owed 600 M, Charlie 400 M (1 000 M in all: less than one fee's contributor share).
fn first_tree() -> LedgerTree {
	tree(&[(BOB, 600_000_000, 60), (CHARLIE, 400_000_000, 40)])
}

#[test]
fn a_proof_of_another_accounts_leaf_pays_nothing() {
	ExtBuilder::default().build_and_execute(|| {
		ledger_with_fees(1);
		let tree = first_tree();
		accept(MODEL, &tree.root());
		let (bob_leaf, bob_proof) = leaf_and_proof(&tree, BOB);

		// Charlie presents Bob's leaf as his own: the leaf is rebuilt from Charlie's account.
		assert_noop!(
			claim_with(CHARLIE, CHARLIE, bob_leaf.owed, bob_leaf.score, &bob_proof),
			Error::<Test>::InvalidProof
		);
		// Nor does Bob's amount fit Charlie's position.
		let (_, charlie_proof) = leaf_and_proof(&tree, CHARLIE);
		assert_noop!(
			claim_with(CHARLIE, CHARLIE, bob_leaf.owed, bob_leaf.score, &charlie_proof),
			Error::<Test>::InvalidProof
		);
		// Presented for Bob, Bob's leaf verifies, and pays Bob, not Charlie.
		let (bob, charlie) = (free(BOB), free(CHARLIE));
		assert_ok!(claim_with(CHARLIE, BOB, bob_leaf.owed, bob_leaf.score, &bob_proof));
		assert_eq!((free(BOB), free(CHARLIE)), (bob + bob_leaf.owed, charlie));
		assert_eq!(LedgerClaimed::<Test>::get(MODEL, CHARLIE), 0);
	});
}

#[test]
fn a_forged_leaf_or_proof_fails() {
	ExtBuilder::default().build_and_execute(|| {
		ledger_with_fees(1);
		let tree = first_tree();
		accept(MODEL, &tree.root());
		let (leaf, proof) = leaf_and_proof(&tree, BOB);

		for (owed, score) in
			[(leaf.owed + 1, leaf.score), (leaf.owed - 1, leaf.score), (leaf.owed, leaf.score + 1)]
		{
			assert_noop!(claim_with(BOB, BOB, owed, score, &proof), Error::<Test>::InvalidProof);
		}
		let forged_proofs = [
			LedgerProof { index: proof.index ^ 1, ..proof.clone() },
			LedgerProof { index: 2, ..proof.clone() },
			LedgerProof { index: proof.index, siblings: Vec::new() },
			LedgerProof {
				index: proof.index,
				siblings: [proof.siblings.clone(), proof.siblings.clone()].concat(),
			},
		];
		for forged in &forged_proofs {
			assert_noop!(
				claim_with(BOB, BOB, leaf.owed, leaf.score, forged),
				Error::<Test>::InvalidProof
			);
		}
		// A sibling that claims to owe less (to make room for a larger leaf) changes the hash.
		let mut siblings = proof.siblings.clone();
		siblings[0].owed -= 1;
		let forged = LedgerProof { siblings, ..proof };
		assert_noop!(
			claim_with(BOB, BOB, leaf.owed + 1, leaf.score, &forged),
			Error::<Test>::InvalidProof
		);
	});
}

#[test]
fn claiming_twice_pays_only_what_a_newer_root_added() {
	ExtBuilder::default().build_and_execute(|| {
		ledger_with_fees(1);
		let first = first_tree();
		accept(MODEL, &first.root());
		let before = free(BOB);
		assert_ok!(claim(BOB, &first));
		assert_eq!(free(BOB), before + 600_000_000);
		assert_noop!(claim(BOB, &first), Error::<Test>::NothingToClaim);

		// A second fee, and a new root owing Bob 900 M in total.
		pay_inference(MODEL, DAVE, FEE, &[]);
		let second = tree(&[(BOB, 900_000_000, 50), (CHARLIE, 700_000_000, 50)]);
		accept(MODEL, &second.root());
		// The old proof no longer verifies.
		assert_noop!(claim(BOB, &first), Error::<Test>::InvalidProof);
		assert_ok!(claim(BOB, &second));
		assert_eq!(free(BOB), before + 900_000_000);
		System::assert_last_event(
			Event::<Test>::LedgerClaimed {
				model: MODEL,
				who: BOB,
				amount: 300_000_000,
				owed: 900_000_000,
			}
			.into(),
		);
		assert_noop!(claim(BOB, &second), Error::<Test>::NothingToClaim);

		// Charlie never claimed under the first root: he gets his whole cumulative amount.
		assert_ok!(claim(CHARLIE, &second));
		assert_eq!(LedgerClaimed::<Test>::get(MODEL, CHARLIE), 700_000_000);
		assert_eq!(ledger().claimed, 1_600_000_000);
	});
}

#[test]
fn a_root_owing_more_than_arrived_cannot_pay_more_than_the_inflow() {
	ExtBuilder::default().build_and_execute(|| {
		ledger_with_fees(1);
		// 2 000 M owed in total, but only FEE_CONTRIBUTORS (1 171.875 M) arrived. The
		// attribution pallet refuses such a root; accept it anyway, as a bug there would.
		let greedy = tree(&[(BOB, 1_000_000_000, 1), (CHARLIE, 1_000_000_000, 1)]);
		assert!(greedy.root().owed > FEE_CONTRIBUTORS);
		accept(MODEL, &greedy.root());

		assert_ok!(claim(BOB, &greedy));
		let charlie = free(CHARLIE);
		assert_ok!(claim(CHARLIE, &greedy));
		let rest = FEE_CONTRIBUTORS - 1_000_000_000;
		assert_eq!(free(CHARLIE), charlie + rest, "capped by what the ledger still held");
		System::assert_last_event(
			Event::<Test>::LedgerClaimed {
				model: MODEL,
				who: CHARLIE,
				amount: rest,
				owed: 1_000_000_000,
			}
			.into(),
		);
		assert_eq!((ledger().claimed, ledger().inflow), (FEE_CONTRIBUTORS, FEE_CONTRIBUTORS));
		assert_noop!(claim(CHARLIE, &greedy), Error::<Test>::NothingToClaim);
		// The pot still holds what everyone else is owed; only the root breaks an invariant.
		assert_eq!(free(pot()), ED + 2 * FEE_TENTH + FEE_TENTH);
		assert_eq!(
			Rewards::do_try_state(),
			Err("a ledger's root owes more than the ledger received".into())
		);

		// Once enough arrives, Charlie is paid the rest of his leaf, and no more.
		pay_inference(MODEL, DAVE, FEE, &[]);
		assert_ok!(Rewards::do_try_state());
		assert_ok!(claim(CHARLIE, &greedy));
		assert_eq!(free(CHARLIE), charlie + 1_000_000_000);
		assert_noop!(claim(CHARLIE, &greedy), Error::<Test>::NothingToClaim);
	});
}

#[test]
fn fees_of_a_ledger_model_go_to_its_ledger_and_receipts_are_still_paid_directly() {
	ExtBuilder::default().build_and_execute(|| {
		let (bob, charlie) = standard_setup();
		// The model's pool even has points: the ledger takes precedence.
		finalize(MODEL, &[(bob, 1)]);
		open_ledger(MODEL);
		let half = FEE_CONTRIBUTORS / 2;
		pay_inference(MODEL, DAVE, FEE, &[(charlie, Perbill::from_percent(50))]);

		assert_eq!(inflow(MODEL), half);
		assert_eq!(free(TREASURY), ED + FEE_TENTH, "only the treasury's share");
		assert_eq!(Pools::<Test>::get(PoolId::Model(MODEL)).unwrap().undistributed, 0);
		assert_eq!(owed(BOB, PoolId::Model(MODEL)), 0);
		// The receipt's attribution: Charlie, less Alice's 10% curation fee.
		assert_eq!(owed(CHARLIE, PoolId::Direct), half - half / 10);
		assert_eq!(owed(ALICE, PoolId::Direct), half / 10);
		assert_eq!(owed(EVE, PoolId::Attestors(0)), FEE_TENTH);
		assert_eq!(owed(DAVE, PoolId::Direct), 2 * FEE_TENTH);
		System::assert_last_event(
			Event::<Test>::FeeDistributed {
				model: MODEL,
				fee: FEE,
				treasury: FEE_TENTH,
				model_owner: 2 * FEE_TENTH,
				attestors: FEE_TENTH,
				attributed: half,
				model_pool: 0,
				ledger: half,
				emission: 0,
			}
			.into(),
		);
		assert_eq!(Ledger::<Test>::get().fees_in, FEE);
		assert_eq!(free(pot()), ED + FEE - FEE_TENTH);

		// Other models keep their pools.
		pay_inference(1, DAVE, FEE, &[]);
		assert_eq!(inflow(1), 0);
		assert!(ModelLedgers::<Test>::get(1).is_none());
	});
}

#[test]
fn the_ledger_conserves_value() {
	ExtBuilder::default().build_and_execute(|| {
		ledger_with_fees(2);
		let tree = tree(&[(BOB, 1_500_000_000, 1), (CHARLIE, 500_000_000, 1), (NOBODY, 7, 1)]);
		accept(MODEL, &tree.root());
		assert_ok!(claim(BOB, &tree));
		assert_ok!(claim(NOBODY, &tree));

		let totals = Ledger::<Test>::get();
		let held = ledger().inflow - ledger().claimed;
		assert_eq!(totals.paid_out, ledger().claimed);
		assert_eq!(ledger().claimed, 1_500_000_007);
		assert_eq!(
			totals.fees_in,
			totals.paid_out +
				totals.to_treasury + held +
				owed(DAVE, PoolId::Direct) +
				owed(EVE, PoolId::Attestors(0))
		);
		assert_eq!(free(pot()), ED + totals.fees_in - totals.paid_out - totals.to_treasury);
		// And `do_try_state` (run after every test) checks the same identity exactly.
	});
}

#[test]
fn a_relayer_claiming_for_who_pays_who() {
	ExtBuilder::default().build_and_execute(|| {
		ledger_with_fees(1);
		// NOBODY holds no tokens at all; Ferdie relays the claim for it.
		let tree = tree(&[(BOB, 600_000_000, 1), (NOBODY, 500_000_000, 1)]);
		accept(MODEL, &tree.root());
		let (leaf, proof) = leaf_and_proof(&tree, NOBODY);
		let relayer = free(FERDIE);
		assert_ok!(claim_with(FERDIE, NOBODY, leaf.owed, leaf.score, &proof));
		assert_eq!(free(NOBODY), 500_000_000);
		assert_eq!(free(FERDIE), relayer);
		assert_eq!(LedgerClaimed::<Test>::get(MODEL, NOBODY), 500_000_000);
		assert_eq!(LedgerClaimed::<Test>::get(MODEL, FERDIE), 0);
		System::assert_last_event(
			Event::<Test>::LedgerClaimed {
				model: MODEL,
				who: NOBODY,
				amount: 500_000_000,
				owed: 500_000_000,
			}
			.into(),
		);
	});
}

#[test]
fn a_model_without_a_ledger_is_refused() {
	ExtBuilder::default().build_and_execute(|| {
		let (bob, _) = standard_setup();
		finalize(MODEL, &[(bob, 1)]);
		pay_inference(MODEL, DAVE, FEE, &[]);
		let tree = first_tree();
		// A root for an unknown model is ignored (and is a bug in the caller).
		#[cfg(not(debug_assertions))]
		accept(MODEL, &tree.root());
		assert!(ModelLedgers::<Test>::get(MODEL).is_none());
		assert_noop!(claim(BOB, &tree), Error::<Test>::NotALedgerModel);
	});
}

#[test]
#[cfg(debug_assertions)]
#[should_panic(expected = "Defensive failure")]
fn a_root_for_a_model_without_a_ledger_is_a_defensive_failure() {
	ExtBuilder::default().build().execute_with(|| accept(MODEL, &first_tree().root()));
}

#[test]
fn a_ledger_without_a_root_is_refused() {
	ExtBuilder::default().build_and_execute(|| {
		ledger_with_fees(1);
		assert_eq!(ledger().root, None);
		assert_noop!(claim(BOB, &first_tree()), Error::<Test>::NoLedgerRoot);
	});
}

#[test]
fn an_unsigned_claim_is_refused() {
	ExtBuilder::default().build_and_execute(|| {
		ledger_with_fees(1);
		accept(MODEL, &first_tree().root());
		let (leaf, proof) = leaf_and_proof(&first_tree(), BOB);
		assert_noop!(
			Rewards::claim_by_proof(
				RuntimeOrigin::none(),
				MODEL,
				BOB,
				leaf.owed,
				leaf.score,
				proof.index,
				ProofSiblings::try_from(proof.siblings).unwrap(),
			),
			DispatchError::BadOrigin
		);
	});
}

#[test]
fn the_ledger_hooks() {
	ExtBuilder::default().build_and_execute(|| {
		assert_eq!(inflow(MODEL), 0);
		ledger_with_fees(1);
		// Opening again keeps what the ledger holds.
		open_ledger(MODEL);
		assert_eq!(ledger().inflow, FEE_CONTRIBUTORS);
		let root = first_tree().root();
		accept(MODEL, &root);
		assert_eq!(ledger().root, Some(root));
		let db: RuntimeDbWeight = <Test as frame_system::Config>::DbWeight::get();
		assert_eq!(
			<Rewards as RewardSink<AccountId, Balance>>::ledger_hook_weight(),
			db.reads_writes(1, 1)
		);
	});
}

#[test]
fn the_runtime_api_shows_ledgers_and_claims() {
	ExtBuilder::default().build_and_execute(|| {
		assert_eq!(Rewards::api_ledger(MODEL), None);
		ledger_with_fees(1);
		let tree = first_tree();
		accept(MODEL, &tree.root());
		assert_ok!(claim(BOB, &tree));
		assert_eq!(
			Rewards::api_ledger(MODEL),
			Some(LedgerAccount {
				inflow: FEE_CONTRIBUTORS,
				claimed: 600_000_000,
				root: Some(tree.root()),
			})
		);
		assert_eq!(Rewards::api_ledger_claimed(MODEL, BOB), 600_000_000);
		assert_eq!(Rewards::api_ledger_claimed(MODEL, CHARLIE), 0);
	});
}

#[test]
fn broken_ledgers_are_noticed() {
	ExtBuilder::default().build_and_execute(|| {
		ledger_with_fees(1);
		let tree = first_tree();
		accept(MODEL, &tree.root());
		assert_ok!(claim(BOB, &tree));
		assert_ok!(Rewards::do_try_state());
		let original = ledger();

		for (broken, why) in [
			(LedgerAccount { inflow: original.inflow + 1, ..original }, "the value ledger"),
			(LedgerAccount { claimed: original.claimed + 1, ..original }, "claims"),
			(
				LedgerAccount { inflow: 500_000_000, claimed: 500_000_000, ..original },
				"more than it received",
			),
		] {
			ModelLedgers::<Test>::insert(MODEL, broken);
			assert!(Rewards::do_try_state().is_err(), "{why}");
		}
		ModelLedgers::<Test>::insert(MODEL, original);
		assert_ok!(Rewards::do_try_state());

		LedgerClaimed::<Test>::insert(MODEL, CHARLIE, 0);
		assert!(Rewards::do_try_state().is_err(), "a zero claim entry");
		LedgerClaimed::<Test>::remove(MODEL, CHARLIE);
		LedgerClaimed::<Test>::insert(7, CHARLIE, 1);
		assert!(Rewards::do_try_state().is_err(), "a claim of a model without a ledger");
		LedgerClaimed::<Test>::remove(7, CHARLIE);
		assert_ok!(Rewards::do_try_state());
	});
}
