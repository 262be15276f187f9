//! `attribution_finalized` and `attestors_finalized`: points change only after settling.

use super::*;
use crate::{AccountPools, DirectLedger};

#[test]
fn finalized_scores_become_points_split_by_curation_fee() {
	ExtBuilder::default().build_and_execute(|| {
		let (bob, charlie) = standard_setup();
		finalize(0, &[(bob, 60), (charlie, 40)]);

		let pool = PoolId::Model(0);
		assert_eq!(points_of(BOB, pool), 54 * PPS);
		assert_eq!(points_of(CHARLIE, pool), 36 * PPS);
		assert_eq!(points_of(ALICE, pool), 10 * PPS, "the curation fee of both");
		assert_eq!(total_points(pool), 100 * PPS);
		System::assert_last_event(
			Event::<Test>::ModelPointsReplaced { model: 0, members: 3, total_points: 100 * PPS }
				.into(),
		);
		for who in [ALICE, BOB, CHARLIE] {
			assert_eq!(AccountPools::<Test>::get(who).into_inner(), vec![pool]);
		}
	});
}

#[test]
fn an_account_in_several_roles_gets_its_points_added_up() {
	ExtBuilder::default().build_and_execute(|| {
		let datanet = create_datanet(ALICE, 10);
		let own = contribute(ALICE, datanet, 1);
		finalize(0, &[(own, 5)]);
		assert_eq!(points_of(ALICE, PoolId::Model(0)), 5 * PPS);
		assert_eq!(Pools::<Test>::get(PoolId::Model(0)).unwrap().members, 1);
	});
}

#[test]
fn revoked_and_unknown_contributions_get_no_points() {
	ExtBuilder::default().build_and_execute(|| {
		let (bob, charlie) = standard_setup();
		revoke(BOB, bob);
		finalize(0, &[(bob, 60), (charlie, 40), (999, 10)]);
		assert_eq!(points_of(BOB, PoolId::Model(0)), 0);
		assert_eq!(total_points(PoolId::Model(0)), 40 * PPS);
	});
}

#[test]
fn a_new_attribution_settles_the_old_one_first() {
	ExtBuilder::default().build_and_execute(|| {
		let (bob, charlie) = standard_setup();
		let pool = PoolId::Model(0);
		finalize(0, &[(bob, 60), (charlie, 40)]);
		pay_inference(0, DAVE, FEE, &[]);

		// Bob is left out of the next round: what he earned moves to his direct ledger.
		finalize(0, &[(charlie, 1)]);
		assert_eq!(points_of(BOB, pool), 0);
		assert!(!PoolMembers::<Test>::contains_key(pool, BOB));
		assert!(AccountPools::<Test>::get(BOB).is_empty());
		assert_eq!(DirectLedger::<Test>::get(BOB), 632_812_500);
		assert_eq!(owed(BOB, PoolId::Direct), 632_812_500);

		// Charlie and Alice keep what they earned, and earn by their new points from now on.
		pay_inference(0, DAVE, FEE, &[]);
		assert_eq!(owed(CHARLIE, pool), 421_875_000 + FEE_CONTRIBUTORS / 10 * 9);
		assert_eq!(owed(ALICE, pool), 117_187_500 + FEE_CONTRIBUTORS / 10);
		assert_eq!(owed(BOB, pool), 0);
	});
}

#[test]
fn an_empty_attribution_empties_the_pool() {
	ExtBuilder::default().build_and_execute(|| {
		let (bob, _) = standard_setup();
		finalize(0, &[(bob, 1)]);
		pay_inference(0, DAVE, FEE, &[]);
		finalize(0, &[]);
		let info = Pools::<Test>::get(PoolId::Model(0)).unwrap();
		assert_eq!((info.members, info.total_points, info.undistributed), (0, 0, 0));
		assert_eq!(owed(BOB, PoolId::Direct) + owed(ALICE, PoolId::Direct), FEE_CONTRIBUTORS);
	});
}

#[test]
fn a_model_pool_never_exceeds_its_bound() {
	ExtBuilder::default().build_and_execute(|| {
		let datanet = create_datanet(ALICE, 10);
		let consensus: Vec<(ContributionId, Score)> = (0..MAX_MODEL_MEMBERS as u64 + 1)
			.map(|n| {
				let who = 20 + n;
				assert_ok!(<Balances as Mutate<AccountId>>::mint_into(&who, 1_000_000));
				(contribute(who, datanet, n), 1)
			})
			.collect();
		finalize(0, &consensus);
		let info = Pools::<Test>::get(PoolId::Model(0)).unwrap();
		assert_eq!(info.members, MAX_MODEL_MEMBERS);
	});
}

#[test]
fn a_rounds_attestors_are_the_model_attestors_points() {
	ExtBuilder::default().build_and_execute(|| {
		attest(0, &[(EVE, 100), (FERDIE, 300)]);
		assert_eq!(total_points(PoolId::Attestors(0)), 400);
		System::assert_last_event(
			Event::<Test>::AttestorsReplaced { model: 0, members: 2, total_points: 400 }.into(),
		);
		pay_inference(0, DAVE, FEE, &[]);
		assert_eq!(owed(EVE, PoolId::Attestors(0)), FEE_TENTH / 4);
		assert_eq!(owed(FERDIE, PoolId::Attestors(0)), FEE_TENTH / 4 * 3);
		// Another model's fees pay its own attestors (none yet: the treasury).
		let treasury = free(TREASURY);
		pay_inference(1, DAVE, FEE, &[]);
		assert_eq!(owed(EVE, PoolId::Attestors(0)), FEE_TENTH / 4);
		assert_eq!(free(TREASURY), treasury + 2 * FEE_TENTH + FEE_CONTRIBUTORS);
	});
}

#[test]
fn a_new_round_settles_the_attestors_first() {
	ExtBuilder::default().build_and_execute(|| {
		attest(0, &[(EVE, 100), (FERDIE, 300)]);
		pay_inference(0, DAVE, FEE, &[]);
		// The next round weighs Eve 700: the first fee was earned with 100 of 400 points, the
		// second with 700 of 1 000.
		attest(0, &[(EVE, 700), (FERDIE, 300)]);
		let eve = PoolMembers::<Test>::get(PoolId::Attestors(0), EVE).unwrap();
		assert_eq!(eve.pending, FEE_TENTH / 4);
		pay_inference(0, DAVE, FEE, &[]);
		assert_eq!(owed(EVE, PoolId::Attestors(0)), FEE_TENTH / 4 + 136_718_750);
		assert_eq!(owed(FERDIE, PoolId::Attestors(0)), FEE_TENTH / 4 * 3 + 58_593_750);
		// An account named twice adds up; zero weights are left out.
		attest(0, &[(EVE, 100), (EVE, 200), (FERDIE, 0)]);
		assert_eq!(total_points(PoolId::Attestors(0)), 300);
		assert!(!PoolMembers::<Test>::contains_key(PoolId::Attestors(0), FERDIE));
	});
}

#[test]
fn an_attestor_left_out_of_the_next_round_keeps_its_reward() {
	ExtBuilder::default().build_and_execute(|| {
		attest(0, &[(EVE, 100)]);
		pay_inference(0, DAVE, FEE, &[]);
		attest(0, &[]);
		assert!(!PoolMembers::<Test>::contains_key(PoolId::Attestors(0), EVE));
		assert!(AccountPools::<Test>::get(EVE).is_empty());
		assert_eq!(owed(EVE, PoolId::Direct), FEE_TENTH);
		assert_eq!(total_points(PoolId::Attestors(0)), 0);
		// With no attestors, the next attestors' share goes to the treasury.
		let treasury = free(TREASURY);
		pay_inference(0, DAVE, FEE, &[]);
		assert_eq!(free(TREASURY), treasury + 2 * FEE_TENTH + FEE_CONTRIBUTORS);
	});
}

#[test]
fn a_models_attestors_pool_is_bounded() {
	ExtBuilder::default().build_and_execute(|| {
		let many: Vec<(AccountId, Balance)> = (0..10).map(|n| (1_000 + n, 10)).collect();
		attest(0, &many);
		let info = Pools::<Test>::get(PoolId::Attestors(0)).unwrap();
		assert_eq!(info.members, MAX_MODEL_ATTESTORS);
	});
}

#[test]
fn an_account_with_a_full_list_joins_unlisted() {
	ExtBuilder::default().build_and_execute(|| {
		let (bob, _) = standard_setup();
		for model in 0..MAX_POOLS {
			finalize(model, &[(bob, 1)]);
		}
		assert_eq!(AccountPools::<Test>::get(BOB).len() as u32, MAX_POOLS);
		finalize(MAX_POOLS, &[(bob, 1)]);
		let extra = PoolId::Model(MAX_POOLS);
		System::assert_has_event(Event::<Test>::PoolNotListed { who: BOB, pool: extra }.into());
		let member = PoolMembers::<Test>::get(extra, BOB).unwrap();
		assert!(!member.listed);

		pay_inference(MAX_POOLS, DAVE, FEE, &[]);
		let expected = FEE_CONTRIBUTORS / 10 * 9;
		assert_eq!(owed(BOB, extra), expected);
		assert!(Rewards::api_pending(BOB).iter().all(|(pool, _)| *pool != extra));
		assert_ok!(Rewards::claim(RuntimeOrigin::signed(BOB), extra));

		// Leaving a listed pool makes room, but an unlisted membership stays unlisted.
		finalize(0, &[]);
		assert_eq!(AccountPools::<Test>::get(BOB).len() as u32, MAX_POOLS - 1);
		assert!(!PoolMembers::<Test>::get(extra, BOB).unwrap().listed);
	});
}
