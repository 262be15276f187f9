//! The `api_*` functions behind `RewardsApi`.

use super::*;
use openledger_primitives::FeeSplit;

#[test]
fn pending_lists_the_listed_pools_then_the_direct_ledger() {
	ExtBuilder::default().build_and_execute(|| {
		let datanet = create_datanet(ALICE, 10);
		let own = contribute(EVE, datanet, 1);
		attest(0, &[(EVE, 100)]);
		finalize(0, &[(own, 1)]);
		pay_inference(0, EVE, FEE, &[]);

		let pending = Rewards::api_pending(EVE);
		assert_eq!(
			pending,
			vec![
				(PoolId::Attestors(0), FEE_TENTH),
				(PoolId::Model(0), FEE_CONTRIBUTORS / 10 * 9),
				(PoolId::Direct, 2 * FEE_TENTH),
			]
		);
		assert_eq!(
			Rewards::api_pending_total(EVE),
			FEE_TENTH + FEE_CONTRIBUTORS / 10 * 9 + 2 * FEE_TENTH
		);
		assert_eq!(Rewards::api_pending_in(EVE, PoolId::Model(0)), FEE_CONTRIBUTORS / 10 * 9);
		assert_eq!(Rewards::api_pending_in(EVE, PoolId::Model(5)), 0);
		// Nothing owed: just the (empty) direct ledger.
		assert_eq!(Rewards::api_pending(BOB), vec![(PoolId::Direct, 0)]);
		assert_eq!(Rewards::api_pending_total(BOB), 0);
	});
}

#[test]
fn pool_fee_split_and_pot() {
	ExtBuilder::default().build_and_execute(|| {
		assert_eq!(Rewards::api_pool(PoolId::Attestors(0)), None);
		attest(0, &[(EVE, 100)]);
		pay_inference(0, DAVE, FEE, &[]);
		let pool = Rewards::api_pool(PoolId::Attestors(0)).unwrap();
		assert_eq!((pool.total_points, pool.members, pool.undistributed), (100, 1, FEE_TENTH));

		assert_eq!(Rewards::api_fee_split(), FeeSplit::default());
		assert_eq!(Rewards::api_pot(), (pot(), ED + 3 * FEE_TENTH));
		assert_eq!(Rewards::pot(), pot());
	});
}
