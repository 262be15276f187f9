//! Issue 12, item 6: a datanet's owner could raise the curation fee (up to 50% of everything
//! its contributors' accepted work earns) at once, for example right before a large payout.
//! A raised fee now applies only `CurationFeeDelay` blocks later, visible in the runtime API;
//! a lower one applies at once. (The contribution deposit and rejection slash are guarded by
//! the contributor's own limits in `submit`, see the contributions pallet.)

use super::*;
use openledger_primitives::DatanetPolicy;
use sp_runtime::Perbill;

#[test]
fn attack_a_raised_curation_fee_applies_at_once() {
	ExtBuilder::default().build_and_execute(|| {
		let datanet = create_datanet(ALICE);
		let before = policy().curation_fee;
		let greedy = DatanetPolicy { curation_fee: Perbill::from_percent(50), ..policy() };
		System::set_block_number(5);
		assert_ok!(Datanets::set_policy(RuntimeOrigin::signed(ALICE), datanet, greedy));

		// The attack: the owner takes 50% of what contributions earn from the next block on.
		// Now everything else in the policy applies, the fee stays until the delay is over.
		let from = 5 + CURATION_FEE_DELAY;
		System::assert_last_event(
			Event::<Test>::CurationFeeScheduled {
				datanet,
				fee: Perbill::from_percent(50),
				from,
			}
			.into(),
		);
		assert_eq!(Datanets::policy(datanet).unwrap().curation_fee, before);
		let info = Datanets::api_datanet(datanet).unwrap();
		assert_eq!(info.policy.curation_fee, before);
		assert_eq!(info.scheduled_curation_fee, Some((Perbill::from_percent(50), from as u32)));
		System::set_block_number(from - 1);
		assert_eq!(Datanets::policy(datanet).unwrap().curation_fee, before);

		// From `from` on it is in force, and no longer shown as scheduled.
		System::set_block_number(from);
		assert_eq!(Datanets::policy(datanet).unwrap().curation_fee, Perbill::from_percent(50));
		let info = Datanets::api_datanet(datanet).unwrap();
		assert_eq!((info.policy.curation_fee, info.scheduled_curation_fee), (Perbill::from_percent(50), None));
	});
}

#[test]
fn a_lower_curation_fee_applies_at_once_and_cancels_a_scheduled_one() {
	ExtBuilder::default().build_and_execute(|| {
		let datanet = create_datanet(ALICE);
		let raised = DatanetPolicy { curation_fee: Perbill::from_percent(40), ..policy() };
		assert_ok!(Datanets::set_policy(RuntimeOrigin::signed(ALICE), datanet, raised));
		let lower = DatanetPolicy { curation_fee: Perbill::from_percent(1), ..policy() };
		assert_ok!(Datanets::set_policy(RuntimeOrigin::signed(ALICE), datanet, lower));
		assert_eq!(Datanets::policy(datanet).unwrap().curation_fee, Perbill::from_percent(1));
		assert_eq!(Datanets::api_datanet(datanet).unwrap().scheduled_curation_fee, None);
		System::set_block_number(1 + CURATION_FEE_DELAY);
		assert_eq!(Datanets::policy(datanet).unwrap().curation_fee, Perbill::from_percent(1));
	});
}
