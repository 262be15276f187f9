//! `do_try_state` notices broken invariants (and holds after every other test).

use super::*;
use crate::{ByDatanet, ContentIndex};
use frame_support::traits::fungible::MutateHold;

#[test]
fn a_leaked_deposit_is_noticed() {
	ExtBuilder::default().build_and_execute(|| {
		let datanet = create_datanet(ALICE);
		submit(BOB, datanet, 1);
		assert_ok!(Contributions::do_try_state());

		for reason in [HoldReason::ContributionDeposit, HoldReason::StorageDeposit] {
			let reason = RuntimeHoldReason::Contributions(reason);
			// Too much held from a contributor, or anything held from someone else.
			for who in [BOB, CHARLIE] {
				assert_ok!(Balances::hold(&reason, &who, 1));
				assert!(Contributions::do_try_state().is_err());
				assert_ok!(Balances::release(
					&reason,
					&who,
					1,
					frame_support::traits::tokens::Precision::Exact
				));
				assert_ok!(Contributions::do_try_state());
			}
		}
	});
}

#[test]
fn broken_indices_are_noticed() {
	ExtBuilder::default().build_and_execute(|| {
		let datanet = create_datanet(ALICE);
		let id = submit(BOB, datanet, 1);

		ByDatanet::<Test>::remove(datanet, id);
		assert!(Contributions::do_try_state().is_err());
		ByDatanet::<Test>::insert(datanet, id, ());

		// A stale state entry (the contribution is pending, not accepted) and a missing one.
		let accepted = (datanet, crate::ContributionState::Accepted);
		crate::ByDatanetState::<Test>::insert(accepted, id, ());
		assert!(Contributions::do_try_state().is_err());
		crate::ByDatanetState::<Test>::remove(accepted, id);
		let pending = (datanet, crate::ContributionState::Pending);
		crate::ByDatanetState::<Test>::remove(pending, id);
		assert!(Contributions::do_try_state().is_err());
		crate::ByDatanetState::<Test>::insert(pending, id, ());

		ContentIndex::<Test>::insert(content(2), id);
		assert!(Contributions::do_try_state().is_err());
		ContentIndex::<Test>::remove(content(2));

		crate::Reputation::<Test>::insert(datanet, BOB, openledger_primitives::ReputationCounts {
			accepted: 1,
			rejected: 0,
			revoked: 0,
		});
		assert!(Contributions::do_try_state().is_err());
		crate::Reputation::<Test>::remove(datanet, BOB);

		assert_ok!(Contributions::do_try_state());
	});
}
