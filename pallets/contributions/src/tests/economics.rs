//! Issue 12, item 6: a datanet's owner could change the contribution deposit and the rejection
//! slash (up to 100%) between a contributor's signing of `submit` and its inclusion, for
//! example by watching the transaction pool. `submit` now carries the contributor's limits;
//! above either, it fails and holds nothing. (The slash in force at submission is stored with
//! the contribution and is the one a rejection applies.)

use super::*;
use crate::Error;
use frame_support::assert_noop;
use openledger_primitives::{ContributionStatus, ReviewMode};

/// Bob's submission, signed for the deposit and slash `policy()` shows.
fn submit_with_limits(datanet: DatanetId, n: u8, max_deposit: Balance, max_slash: Perbill) -> DispatchResultWithPostInfo {
	Contributions::submit(
		RuntimeOrigin::signed(BOB),
		datanet,
		H256::repeat_byte(n),
		10,
		ContributionKind::Data,
		URI.to_vec(),
		Vec::new(),
		max_deposit,
		max_slash,
	)
}

#[test]
fn attack_the_owner_raises_deposit_and_slash_under_a_pending_submit() {
	ExtBuilder::default().build_and_execute(|| {
		let datanet = create_datanet(ALICE);
		let (deposit, slash) = (policy().contribution_deposit, policy().rejection_slash);

		// Bob signs for what he sees; the owner front-runs him with a harsher policy.
		let harsh = DatanetPolicy {
			contribution_deposit: 10 * deposit,
			rejection_slash: Perbill::one(),
			..policy()
		};
		assert_ok!(Datanets::set_policy(RuntimeOrigin::signed(ALICE), datanet, harsh));
		assert_noop!(submit_with_limits(datanet, 1, deposit, slash), Error::<Test>::DepositAboveLimit);
		let dearer_only = DatanetPolicy { rejection_slash: Perbill::one(), ..policy() };
		assert_ok!(Datanets::set_policy(RuntimeOrigin::signed(ALICE), datanet, dearer_only));
		assert_noop!(submit_with_limits(datanet, 1, deposit, slash), Error::<Test>::SlashAboveLimit);
		assert_eq!((review_held(BOB), storage_held(BOB)), (0, 0), "nothing held");

		// Within his limits it goes through, and the slash it was submitted under is kept.
		assert_ok!(Datanets::set_policy(RuntimeOrigin::signed(ALICE), datanet, policy()));
		let id = NextContributionId::<Test>::get();
		assert_ok!(submit_with_limits(datanet, 1, deposit, slash));
		assert_eq!(record(id).rejection_slash, slash);
		assert_ok!(Datanets::set_policy(RuntimeOrigin::signed(ALICE), datanet, dearer_only));
		assert_eq!(record(id).rejection_slash, slash, "a later policy does not touch it");
	});
}

#[test]
fn an_auto_accepting_datanet_never_slashes_so_the_slash_limit_does_not_apply() {
	ExtBuilder::default().build_and_execute(|| {
		let auto = DatanetPolicy {
			review: ReviewMode::AutoAccept,
			rejection_slash: Perbill::one(),
			..policy()
		};
		let datanet = create_datanet_with(ALICE, auto, license(true));
		assert_ok!(submit_with_limits(datanet, 2, 0, Perbill::zero()));
	});
}

/// Issue 12, item 4 (in part): a curator who rejected content blocked its hash chain-wide for
/// good, so nobody could ever register that content in any other datanet.
#[test]
fn attack_a_rejection_blocks_the_content_everywhere() {
	ExtBuilder::default().build_and_execute(|| {
		let strict = create_datanet(ALICE);
		let other = create_datanet(CHARLIE);
		let id = NextContributionId::<Test>::get();
		assert_ok!(submit_with_limits(strict, 9, Balance::MAX, Perbill::one()));
		assert_ok!(Contributions::review(RuntimeOrigin::signed(ALICE), id, Verdict::Reject));
		// The rejected record stays, but the hash is free: Bob may take his content elsewhere.
		assert!(matches!(record(id).status, ContributionStatus::Rejected { .. }));
		let again = NextContributionId::<Test>::get();
		assert_ok!(submit_with_limits(other, 9, Balance::MAX, Perbill::one()));
		assert_eq!(
			Contributions::api_contribution_by_content_hash(H256::repeat_byte(9)).map(|c| c.id),
			Some(again)
		);
	});
}
