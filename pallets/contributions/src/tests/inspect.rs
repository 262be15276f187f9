//! `ContributionInspect`, as the attribution and rewards pallets use it.

use super::*;
use openledger_primitives::{ContributionInspect, ContributionStatus, ContributionSummary};

type Inspect = Contributions;
type BlockNumber = u64;

fn summary(id: ContributionId) -> Option<ContributionSummary<AccountId, BlockNumber>> {
	<Inspect as ContributionInspect<AccountId, BlockNumber>>::contribution(id)
}

/// (is_accepted, is_live, revoked_at) of `id`.
fn flags(id: ContributionId) -> (bool, bool, Option<BlockNumber>) {
	(
		<Inspect as ContributionInspect<AccountId, BlockNumber>>::is_accepted(id),
		<Inspect as ContributionInspect<AccountId, BlockNumber>>::is_live(id),
		<Inspect as ContributionInspect<AccountId, BlockNumber>>::revoked_at(id),
	)
}

#[test]
fn the_summary_reflects_the_record() {
	ExtBuilder::default().build_and_execute(|| {
		let datanet = create_datanet(ALICE);
		let id = submit(BOB, datanet, 1);
		assert_eq!(
			summary(id),
			Some(ContributionSummary {
				datanet,
				contributor: BOB,
				content_hash: content(1),
				kind: ContributionKind::Data,
				status: ContributionStatus::Pending,
			})
		);
		let contributor = <Inspect as ContributionInspect<AccountId, BlockNumber>>::contributor;
		let datanet_of = <Inspect as ContributionInspect<AccountId, BlockNumber>>::datanet_of;
		assert_eq!(contributor(id), Some(BOB));
		assert_eq!(datanet_of(id), Some(datanet));
		assert_eq!((summary(9), contributor(9), datanet_of(9)), (None, None, None));
	});
}

#[test]
fn accepted_live_and_revoked_follow_the_status() {
	ExtBuilder::default().build_and_execute(|| {
		let datanet = create_datanet(ALICE);
		let pending = submit(BOB, datanet, 1);
		let rejected = submit(BOB, datanet, 2);
		let live = submit(BOB, datanet, 3);
		let revoked = submit(BOB, datanet, 4);
		let withdrawn = submit(BOB, datanet, 5);
		reject(ALICE, rejected);
		accept(ALICE, live);
		accept(ALICE, revoked);
		System::set_block_number(6);
		assert_ok!(Contributions::revoke(RuntimeOrigin::signed(BOB), revoked));
		assert_ok!(Contributions::withdraw(RuntimeOrigin::signed(BOB), withdrawn));

		assert_eq!(flags(pending), (false, false, None));
		assert_eq!(flags(rejected), (false, false, None));
		assert_eq!(flags(live), (true, true, None));
		assert_eq!(flags(revoked), (true, false, Some(6)));
		assert_eq!(flags(withdrawn), (false, false, None));
		assert_eq!(summary(withdrawn), None);
	});
}
