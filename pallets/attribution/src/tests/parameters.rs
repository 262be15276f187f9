//! Round parameters: genesis, `set_round_parameters` within bounds, and the snapshot in rounds.

use super::*;
use crate::{Error, Parameters, RoundParameters};
use frame_support::assert_noop;
use sp_runtime::DispatchError;

fn parameters(commit: u64, reveal: u64, slash: u32, threshold: u32) -> RoundParameters<u64> {
	RoundParameters {
		commit_phase: commit,
		reveal_phase: reveal,
		slash_fraction: Perbill::from_percent(slash),
		trust_threshold: Perbill::from_percent(threshold),
	}
}

#[test]
fn genesis_sets_the_parameters() {
	ExtBuilder::default().build_and_execute(|| {
		assert_eq!(
			Parameters::<Test>::get(),
			parameters(COMMIT_PHASE, REVEAL_PHASE, SLASH_PERCENT, THRESHOLD_PERCENT)
		);
	});
}

#[test]
fn root_sets_the_parameters_within_bounds() {
	ExtBuilder::default().build_and_execute(|| {
		let set = |origin: RuntimeOrigin, value: RoundParameters<u64>| {
			Attribution::set_round_parameters(origin, value)
		};
		let edges = parameters(MIN_PHASE, MAX_PHASE, 50, 100);
		assert_ok!(set(RuntimeOrigin::root(), edges));
		assert_eq!(Parameters::<Test>::get(), edges);
		System::assert_last_event(Event::<Test>::RoundParametersSet { parameters: edges }.into());

		assert_noop!(set(RuntimeOrigin::signed(ALICE), edges), DispatchError::BadOrigin);
		for out_of_bounds in [
			parameters(MIN_PHASE - 1, 5, 10, 50),
			parameters(MAX_PHASE + 1, 5, 10, 50),
			parameters(5, MIN_PHASE - 1, 10, 50),
			parameters(5, MAX_PHASE + 1, 10, 50),
			parameters(5, 5, 51, 50),
		] {
			assert_noop!(
				set(RuntimeOrigin::root(), out_of_bounds),
				Error::<Test>::ParameterOutOfBounds
			);
		}
	});
}

#[test]
fn rounds_keep_the_parameters_they_opened_with() {
	ExtBuilder::default().build_and_execute(|| {
		let model = setup().model;
		let round = open(model, 0);
		assert_ok!(Attribution::set_round_parameters(
			RuntimeOrigin::root(),
			parameters(20, 30, 25, 80)
		));
		let info = round_info(model, round);
		assert_eq!(info.reveal_from, 1 + COMMIT_PHASE);
		assert_eq!(info.finalize_from, 1 + COMMIT_PHASE + REVEAL_PHASE);
		assert_eq!(info.slash_fraction, Perbill::from_percent(SLASH_PERCENT));
		assert_eq!(info.trust_threshold, Perbill::from_percent(THRESHOLD_PERCENT));

		go_to_finalize(model, round);
		finalize(model, round);
		let now = System::block_number();
		let next = open(model, 0);
		let info = round_info(model, next);
		assert_eq!(info.reveal_from, now + 20);
		assert_eq!(info.finalize_from, now + 50);
		assert_eq!(info.slash_fraction, Perbill::from_percent(25));
		assert_eq!(info.trust_threshold, Perbill::from_percent(80));
	});
}
