//! Property test: random sequences of fees, agreed roots and claims by proof (by the accounts
//! themselves or by relayers) never let a ledger pay more than it received or an account more
//! than its leaf, and conserve value exactly; `do_try_state` holds after every step.

use super::{
	ledger::{accept, claim_with, leaf_and_proof, open_ledger, tree, MODEL},
	*,
};
use crate::{Error, Ledger, LedgerClaimed, ModelLedgers};
use openledger_core::ledger::LedgerTree;
use openledger_primitives::ledger_account;
use proptest::prelude::*;

/// Accounts owed by the ledger (NOBODY holds no tokens) and relaying claims.
const ACCOUNTS: [AccountId; 6] = [BOB, CHARLIE, EVE, FERDIE, NOBODY, ALICE];

#[derive(Clone, Debug)]
enum Op {
	/// An inference of the ledger model, `percent` of the contributors' share attributed by
	/// the receipt to Bob's contribution.
	Fee { fee: Balance, percent: u32 },
	/// A round agrees on a root over `(account index, owed)`, scaled down to the inflow if it
	/// owes more in total (as the attribution pallet requires).
	Root { owed: Vec<(usize, u128)> },
	/// `relayer` claims for `who` with its leaf under the current root.
	Claim { who: usize, relayer: usize },
}

fn op() -> impl Strategy<Value = Op> {
	prop_oneof![
		3 => (prop_oneof![0u128..20, 0u128..10_000_000_000], 0u32..=100)
			.prop_map(|(fee, percent)| Op::Fee { fee, percent }),
		2 => prop::collection::vec((0usize..6, 0u128..2_000_000_000), 1..6)
			.prop_map(|owed| Op::Root { owed }),
		4 => (0usize..6, 0usize..6).prop_map(|(who, relayer)| Op::Claim { who, relayer }),
	]
}

/// The leaves of a root over `owed` (one per account, the last amount wins), owing at most
/// `inflow` in total.
fn root_tree(owed: &[(usize, u128)], inflow: Balance) -> LedgerTree {
	let mut amounts = [None; ACCOUNTS.len()];
	for (index, amount) in owed {
		amounts[*index] = Some(*amount);
	}
	let total: u128 = amounts.iter().flatten().sum();
	let leaves: Vec<(AccountId, u128, u128)> = ACCOUNTS
		.iter()
		.zip(amounts)
		.filter_map(|(who, amount)| amount.map(|amount| (*who, amount)))
		.map(|(who, amount)| {
			let owed = if total > inflow { amount * inflow / total } else { amount };
			(who, owed, amount % 7)
		})
		.collect();
	tree(&leaves)
}

/// Applies `op`; `current` is the tree of the root in force.
fn apply(op: Op, bob_contribution: ContributionId, current: &mut Option<LedgerTree>) {
	match op {
		Op::Fee { fee, percent } => {
			let attribution = (bob_contribution, Perbill::from_percent(percent));
			pay_inference(MODEL, DAVE, fee, &[attribution]);
		},
		Op::Root { owed } => {
			let tree = root_tree(&owed, ledger().inflow);
			accept(MODEL, &tree.root());
			*current = Some(tree);
		},
		Op::Claim { who, relayer } => {
			let (who, relayer) = (ACCOUNTS[who], ACCOUNTS[relayer]);
			let Some(tree) = current else { return };
			if tree.position(&ledger_account(&who).unwrap()).is_none() {
				return;
			}
			let (leaf, proof) = leaf_and_proof(tree, who);
			let before = LedgerClaimed::<Test>::get(MODEL, who);
			let held = ledger().inflow - ledger().claimed;
			let due = leaf.owed.saturating_sub(before).min(held);
			let (balance, relayer_balance) = (free(who), free(relayer));
			let result = claim_with(relayer, who, leaf.owed, leaf.score, &proof);
			if due == 0 {
				assert_eq!(result, Err(Error::<Test>::NothingToClaim.into()));
			} else {
				assert_ok!(result);
				assert_eq!(free(who), balance + due, "paid what the leaf added, capped");
				if relayer != who {
					assert_eq!(free(relayer), relayer_balance, "the relayer is not paid");
				}
			}
			assert!(LedgerClaimed::<Test>::get(MODEL, who) <= leaf.owed.max(before));
		},
	}
}

/// The ledger of [`MODEL`].
fn ledger() -> crate::LedgerAccount<Balance> {
	ModelLedgers::<Test>::get(MODEL).unwrap()
}

/// The ledger paid out what its claim events say, at most its inflow; the pot holds exactly
/// what it took in and did not pay out.
fn check(fees_paid: Balance) {
	let claimed: Balance = events()
		.into_iter()
		.filter_map(|event| match event {
			Event::LedgerClaimed { amount, .. } => Some(amount),
			_ => None,
		})
		.sum();
	assert_eq!(claimed, ledger().claimed);
	assert!(ledger().claimed <= ledger().inflow);
	let totals = Ledger::<Test>::get();
	assert_eq!((totals.fees_in, totals.paid_out), (fees_paid, claimed));
	assert_eq!(free(pot()), ED + fees_paid - claimed - totals.to_treasury);
}

proptest! {
	#![proptest_config(ProptestConfig::with_cases(64))]

	#[test]
	fn random_ledger_sequences_never_overpay(ops in prop::collection::vec(op(), 1..40)) {
		ExtBuilder::default().build_and_execute(|| {
			let (bob_contribution, _) = standard_setup();
			open_ledger(MODEL);
			let mut current = None;
			let mut fees_paid = 0u128;
			for op in ops {
				if let Op::Fee { fee, .. } = &op {
					fees_paid += fee;
				}
				apply(op, bob_contribution, &mut current);
				Rewards::do_try_state().expect("the invariants hold after every step");
				check(fees_paid);
			}
		});
	}
}
