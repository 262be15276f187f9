//! `do_try_state` notices broken invariants (and holds after every other test).

use super::*;
use crate::{AccountPools, DirectLedger, Ledger};

/// Eve in the attestors' pool and Bob, Charlie and Alice in model 0's, with rewards pending.
fn populated() {
	let (bob, charlie) = standard_setup();
	finalize(0, &[(bob, 60), (charlie, 40)]);
	pay_inference(0, DAVE, FEE, &[]);
	assert_ok!(Rewards::do_try_state());
}

#[test]
fn broken_pool_records_are_noticed() {
	ExtBuilder::default().build_and_execute(|| {
		populated();
		let pool = PoolId::Model(0);
		let original = Pools::<Test>::get(pool).unwrap();
		for broken in [
			crate::PoolInfo { total_points: original.total_points + 1, ..original.clone() },
			crate::PoolInfo { members: original.members + 1, ..original.clone() },
			crate::PoolInfo { undistributed: original.undistributed + 1, ..original.clone() },
			crate::PoolInfo { remainder: original.remainder + 1, ..original.clone() },
		] {
			Pools::<Test>::insert(pool, broken);
			assert!(Rewards::do_try_state().is_err());
		}
		Pools::<Test>::insert(pool, original);
		assert_ok!(Rewards::do_try_state());
	});
}

#[test]
fn broken_member_records_and_lists_are_noticed() {
	ExtBuilder::default().build_and_execute(|| {
		populated();
		let pool = PoolId::Model(0);
		let original = PoolMembers::<Test>::get(pool, BOB).unwrap();

		PoolMembers::<Test>::insert(pool, BOB, crate::Member { pending: 1, ..original.clone() });
		assert!(Rewards::do_try_state().is_err(), "the ledger no longer balances");
		PoolMembers::<Test>::insert(pool, BOB, crate::Member { listed: false, ..original.clone() });
		assert!(Rewards::do_try_state().is_err(), "AccountPools lists an unlisted membership");
		PoolMembers::<Test>::insert(pool, BOB, original);
		assert_ok!(Rewards::do_try_state());

		AccountPools::<Test>::mutate(DAVE, |pools| pools.try_push(pool).unwrap());
		assert!(Rewards::do_try_state().is_err());
		AccountPools::<Test>::remove(DAVE);
		assert_ok!(Rewards::do_try_state());
	});
}

#[test]
fn an_unbacked_ledger_is_noticed() {
	ExtBuilder::default().build_and_execute(|| {
		populated();
		DirectLedger::<Test>::mutate(BOB, |owed| *owed += 1);
		assert!(Rewards::do_try_state().is_err());
		DirectLedger::<Test>::mutate(BOB, |owed| *owed -= 1);

		// Recording the extra unit as fees balances the ledger, but the pot does not hold it.
		DirectLedger::<Test>::mutate(BOB, |owed| *owed += 1);
		Ledger::<Test>::mutate(|ledger| ledger.fees_in += 1);
		assert!(Rewards::do_try_state().is_err());
		// Once the pot holds it, all is well.
		assert_ok!(<Balances as Mutate<AccountId>>::mint_into(&pot(), 1));
		assert_ok!(Rewards::do_try_state());
	});
}

#[test]
fn an_out_of_bounds_setting_is_noticed() {
	ExtBuilder::default().build_and_execute(|| {
		crate::FeeSplitStorage::<Test>::put(split(0, 20, 20, 60));
		assert!(Rewards::do_try_state().is_err());
		crate::FeeSplitStorage::<Test>::put(split(10, 20, 10, 60));
		crate::EmissionPerEra::<Test>::put(MAX_EMISSION + 1);
		assert!(Rewards::do_try_state().is_err());
		crate::EmissionPerEra::<Test>::put(0);
	});
}
