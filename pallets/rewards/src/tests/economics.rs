//! Attacks on the economics of rewards (issue 12), each performed here against the pallet: each
//! test failed before the change that closes it.
//!
//! 1. Emission went to whoever was in a model's pool when `settle_emission` was called, not to
//!    those who earned the era's fees: a finalize timed at the era's end (or any points change
//!    before anyone settled) collected the whole era's emission.

use super::*;
use crate::Ledger;

/// What `who` is owed by model 0's pool and directly.
fn owed_by_model(who: AccountId) -> Balance {
	owed(who, PoolId::Model(0)) + owed(who, PoolId::Direct)
}

#[test]
fn attack_joining_a_pool_at_the_era_end_collects_nothing_of_its_emission() {
	ExtBuilder::default().emission(3_906_250).build_and_execute(|| {
		let (bob, charlie) = standard_setup();
		// All of era 0, Bob's contribution is model 0's attribution and earns its fees.
		finalize(0, &[(bob, 1)]);
		for _ in 0..4 {
			pay_inference(0, DAVE, FEE, &[]);
		}
		let minted = Ledger::<Test>::get().emission_in;
		assert!(minted > 0, "era 0 minted emission");
		let bob_owed = owed_by_model(BOB);
		let alice_owed = owed_by_model(ALICE);

		// The attack: at the last block of era 0, Charlie's contribution replaces Bob's as the
		// attribution, and the era's emission is settled once it is over.
		System::set_block_number(ERA_LENGTH - 1);
		finalize(0, &[(charlie, 1)]);
		go_to_era(1);

		// Charlie earned none of era 0's fees, and gets none of its emission; Bob (and Alice,
		// the datanet's curator) keep everything era 0 paid them, emission included.
		assert_eq!(owed_by_model(CHARLIE), 0);
		assert_eq!(owed_by_model(BOB) + owed_by_model(ALICE), bob_owed + alice_owed);
		assert_eq!(bob_owed + alice_owed, 4 * FEE_CONTRIBUTORS + minted);
		// Nor does any later fee pay Charlie era 0's emission.
		pay_inference(0, DAVE, FEE, &[]);
		let era_one = crate::EmissionEra::<Test>::get().unwrap();
		assert_eq!(era_one.era, 1);
		assert_eq!(Ledger::<Test>::get().emission_in, minted + era_one.minted);
	});
}
