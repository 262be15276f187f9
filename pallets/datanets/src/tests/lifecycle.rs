//! `create`, `update_metadata`, `set_policy`, `close` and `dissolve`.

use super::*;
use crate::{Curators, Datanet, DatanetStatus, Error};
use frame_support::assert_noop;
use openledger_primitives::{merkle::empty_root, Admission, DatanetPolicy};
use sp_runtime::{DispatchError, Perbill, TokenError};

#[test]
fn create_stores_the_datanet_and_holds_its_deposit() {
	ExtBuilder::default().build_and_execute(|| {
		System::set_block_number(7);
		assert_ok!(Datanets::create(
			RuntimeOrigin::signed(ALICE),
			NAME.to_vec(),
			URI.to_vec(),
			policy(),
			license(Some("https://cc.org/by")),
		));

		let deposit = expected_deposit(META_BYTES + 17, 0, 0);
		let stored = record(0);
		assert_eq!(stored.owner, ALICE);
		assert_eq!(stored.pending_owner, None);
		assert_eq!(stored.name.to_vec(), NAME.to_vec());
		assert_eq!(stored.metadata_uri.to_vec(), URI.to_vec());
		assert_eq!(stored.policy, policy());
		let license_uri = stored.license.uri.as_ref().map(|uri| uri.to_vec());
		assert_eq!(license_uri, Some(b"https://cc.org/by".to_vec()));
		assert_eq!(stored.status, DatanetStatus::Open);
		assert_eq!(stored.created_at, 7);
		assert_eq!(stored.tree.root, empty_root());
		assert_eq!((stored.tree.live_count, stored.tree.next_index), (0, 0));
		assert_eq!((stored.latest_version, stored.allowlist_count), (0, 0));
		assert_eq!(NextDatanetId::<Test>::get(), 1);
		assert_eq!(held(ALICE), deposit);
		assert_eq!(Balances::free_balance(ALICE), INITIAL_BALANCE - deposit);
		System::assert_last_event(
			Event::<Test>::Created { datanet: 0, owner: ALICE, deposit }.into(),
		);
	});
}

#[test]
fn ids_count_up_and_each_datanet_has_its_own_deposit() {
	ExtBuilder::default().build_and_execute(|| {
		assert_eq!(create_datanet(ALICE), 0);
		assert_eq!(create_datanet(BOB), 1);
		assert_eq!(create_datanet(ALICE), 2);
		assert_eq!(held(ALICE), 2 * expected_deposit(META_BYTES, 0, 0));
		assert_eq!(held(BOB), expected_deposit(META_BYTES, 0, 0));
	});
}

#[test]
fn create_rejects_invalid_input() {
	ExtBuilder::default().build_and_execute(|| {
		let create = |name: &[u8], uri: &[u8], policy, license| {
			let origin = RuntimeOrigin::signed(ALICE);
			Datanets::create(origin, name.to_vec(), uri.to_vec(), policy, license)
		};
		assert_noop!(create(b"", URI, policy(), license(None)), Error::<Test>::EmptyName);
		assert_noop!(
			create(&[b'n'; 17], URI, policy(), license(None)),
			Error::<Test>::NameTooLong
		);
		assert_noop!(
			create(NAME, &[b'u'; 33], policy(), license(None)),
			Error::<Test>::MetadataUriTooLong
		);
		assert_noop!(
			create(NAME, URI, policy(), license(Some("https://example.org/licence"))),
			Error::<Test>::LicenseUriTooLong
		);
		let greedy = DatanetPolicy { curation_fee: Perbill::from_percent(51), ..policy() };
		assert_noop!(create(NAME, URI, greedy, license(None)), Error::<Test>::CurationFeeTooHigh);
		let useless = DatanetPolicy { max_contribution_size: 0, ..policy() };
		assert_noop!(
			create(NAME, URI, useless, license(None)),
			Error::<Test>::ZeroContributionSizeLimit
		);
		// At the limits everything is accepted.
		let limits = DatanetPolicy { curation_fee: Perbill::from_percent(50), ..policy() };
		let longest_uri = "l".repeat(24);
		assert_ok!(create(&[b'n'; 16], &[b'u'; 32], limits, license(Some(&longest_uri))));
	});
}

#[test]
fn the_contribution_deposit_is_bounded_so_that_someone_can_pay_it() {
	ExtBuilder::default().build_and_execute(|| {
		let max = DEPOSIT_BASE * 1_000;
		assert_eq!(Datanets::contribution_deposit_limit(), max);
		let create = |policy| {
			let origin = RuntimeOrigin::signed(ALICE);
			Datanets::create(origin, NAME.to_vec(), URI.to_vec(), policy, license(None))
		};
		// A deposit no account could ever hold would make every submission fail.
		for unpayable in [max + 1, Balance::MAX] {
			let policy = DatanetPolicy { contribution_deposit: unpayable, ..policy() };
			assert_noop!(create(policy), Error::<Test>::ContributionDepositTooHigh);
		}
		let datanet = create_datanet(ALICE);
		let unpayable = DatanetPolicy { contribution_deposit: Balance::MAX, ..policy() };
		assert_noop!(
			Datanets::set_policy(RuntimeOrigin::signed(ALICE), datanet, unpayable),
			Error::<Test>::ContributionDepositTooHigh
		);
		// The bound itself is allowed, by both calls.
		let at_the_bound = DatanetPolicy { contribution_deposit: max, ..policy() };
		assert_ok!(create(at_the_bound));
		assert_ok!(Datanets::set_policy(RuntimeOrigin::signed(ALICE), datanet, at_the_bound));
	});
}

#[test]
fn create_fails_without_funds_for_the_deposit() {
	ExtBuilder::default().build_and_execute(|| {
		assert_noop!(
			Datanets::create(
				RuntimeOrigin::signed(PAUPER),
				NAME.to_vec(),
				URI.to_vec(),
				policy(),
				license(None),
			),
			TokenError::FundsUnavailable
		);
	});
}

#[test]
fn create_fails_when_ids_are_exhausted() {
	ExtBuilder::default().build_and_execute(|| {
		NextDatanetId::<Test>::put(DatanetId::MAX);
		assert_noop!(
			Datanets::create(
				RuntimeOrigin::signed(ALICE),
				NAME.to_vec(),
				URI.to_vec(),
				policy(),
				license(None),
			),
			Error::<Test>::DatanetIdsExhausted
		);
	});
}

#[test]
fn update_metadata_replaces_strings_and_reprices_the_deposit() {
	ExtBuilder::default().build_and_execute(|| {
		let datanet = create_datanet(ALICE);
		let longer = b"medical-qa-v2".to_vec();
		assert_ok!(Datanets::update_metadata(
			RuntimeOrigin::signed(ALICE),
			datanet,
			longer.clone(),
			b"ipfs://bafy".to_vec(),
		));
		assert_eq!(record(datanet).name.to_vec(), longer);
		assert_eq!(held(ALICE), expected_deposit(13 + 11, 0, 0));
		System::assert_has_event(Event::<Test>::MetadataUpdated { datanet }.into());
		System::assert_has_event(
			Event::<Test>::DepositUpdated {
				datanet,
				owner: ALICE,
				deposit: expected_deposit(24, 0, 0),
			}
			.into(),
		);

		// Shorter metadata releases deposit; closed datanets may still be described.
		assert_ok!(Datanets::close(RuntimeOrigin::signed(ALICE), datanet));
		assert_ok!(Datanets::update_metadata(
			RuntimeOrigin::signed(ALICE),
			datanet,
			b"m".to_vec(),
			Vec::new(),
		));
		assert_eq!(held(ALICE), expected_deposit(1, 0, 0));
		assert_eq!(Balances::free_balance(ALICE), INITIAL_BALANCE - expected_deposit(1, 0, 0));
	});
}

#[test]
fn update_metadata_errors() {
	ExtBuilder::default().build_and_execute(|| {
		let datanet = create_datanet(ALICE);
		let update = |who, datanet, name: &[u8], uri: &[u8]| {
			let origin = RuntimeOrigin::signed(who);
			Datanets::update_metadata(origin, datanet, name.to_vec(), uri.to_vec())
		};
		assert_noop!(update(ALICE, 9, NAME, URI), Error::<Test>::UnknownDatanet);
		assert_noop!(update(BOB, datanet, NAME, URI), Error::<Test>::NotOwner);
		assert_noop!(update(ALICE, datanet, b"", URI), Error::<Test>::EmptyName);
		assert_noop!(update(ALICE, datanet, &[b'n'; 17], URI), Error::<Test>::NameTooLong);
		assert_noop!(
			update(ALICE, datanet, NAME, &[b'u'; 33]),
			Error::<Test>::MetadataUriTooLong
		);
		drain(ALICE);
		assert_noop!(update(ALICE, datanet, &[b'n'; 16], URI), TokenError::FundsUnavailable);
	});
}

#[test]
fn set_policy_replaces_the_policy_of_an_open_datanet() {
	ExtBuilder::default().build_and_execute(|| {
		let datanet = create_datanet(ALICE);
		let new_policy = DatanetPolicy { contribution_deposit: 99, ..allowlist_policy() };
		assert_ok!(Datanets::set_policy(RuntimeOrigin::signed(ALICE), datanet, new_policy));
		assert_eq!(record(datanet).policy, new_policy);
		assert_eq!(record(datanet).policy.admission, Admission::Allowlist);
		System::assert_last_event(
			Event::<Test>::PolicyChanged { datanet, policy: new_policy }.into(),
		);
	});
}

#[test]
fn set_policy_errors() {
	ExtBuilder::default().build_and_execute(|| {
		let datanet = create_datanet(ALICE);
		let set = |who, datanet, policy| {
			Datanets::set_policy(RuntimeOrigin::signed(who), datanet, policy)
		};
		assert_noop!(set(ALICE, 9, policy()), Error::<Test>::UnknownDatanet);
		assert_noop!(set(BOB, datanet, policy()), Error::<Test>::NotOwner);
		let greedy = DatanetPolicy { curation_fee: Perbill::from_percent(60), ..policy() };
		assert_noop!(set(ALICE, datanet, greedy), Error::<Test>::CurationFeeTooHigh);
		let useless = DatanetPolicy { max_contribution_size: 0, ..policy() };
		assert_noop!(set(ALICE, datanet, useless), Error::<Test>::ZeroContributionSizeLimit);
		assert_ok!(Datanets::close(RuntimeOrigin::signed(ALICE), datanet));
		assert_noop!(set(ALICE, datanet, policy()), Error::<Test>::DatanetClosed);
	});
}

#[test]
fn close_is_final_and_owner_only() {
	ExtBuilder::default().build_and_execute(|| {
		let datanet = create_datanet(ALICE);
		assert_noop!(
			Datanets::close(RuntimeOrigin::signed(ALICE), 9),
			Error::<Test>::UnknownDatanet
		);
		assert_noop!(Datanets::close(RuntimeOrigin::signed(BOB), datanet), Error::<Test>::NotOwner);
		assert_ok!(Datanets::close(RuntimeOrigin::signed(ALICE), datanet));
		assert_eq!(record(datanet).status, DatanetStatus::Closed);
		System::assert_last_event(Event::<Test>::Closed { datanet }.into());
		assert_noop!(
			Datanets::close(RuntimeOrigin::signed(ALICE), datanet),
			Error::<Test>::AlreadyClosed
		);
	});
}

#[test]
fn dissolve_removes_the_datanet_and_releases_the_whole_deposit() {
	ExtBuilder::default().build_and_execute(|| {
		let datanet = create_datanet(ALICE);
		assert_ok!(Datanets::add_curator(RuntimeOrigin::signed(ALICE), datanet, BOB));
		assert_ok!(Datanets::add_to_allowlist(RuntimeOrigin::signed(ALICE), datanet, CHARLIE));
		// A contribution that was accepted and then revoked leaves nothing behind.
		let leaf = accept(datanet, 1);
		revoke(datanet, leaf);
		assert_ok!(Datanets::close(RuntimeOrigin::signed(ALICE), datanet));
		assert_ok!(Datanets::remove_from_allowlist(
			RuntimeOrigin::signed(ALICE),
			datanet,
			CHARLIE
		));
		let deposit = expected_deposit(META_BYTES, 1, 0);
		assert_eq!(held(ALICE), deposit);

		assert_ok!(Datanets::dissolve(RuntimeOrigin::signed(ALICE), datanet));
		assert!(!Datanet::<Test>::contains_key(datanet));
		assert!(!Curators::<Test>::contains_key(datanet));
		assert_eq!(held(ALICE), 0);
		assert_eq!(Balances::free_balance(ALICE), INITIAL_BALANCE);
		System::assert_last_event(
			Event::<Test>::Dissolved { datanet, owner: ALICE, deposit_released: deposit }.into(),
		);
		// Ids are never reused.
		assert_eq!(create_datanet(ALICE), datanet + 1);
	});
}

#[test]
fn dissolve_says_what_to_remove_first() {
	ExtBuilder::default().build_and_execute(|| {
		let datanet = create_datanet(ALICE);
		let dissolve = |who| Datanets::dissolve(RuntimeOrigin::signed(who), datanet);
		assert_noop!(
			Datanets::dissolve(RuntimeOrigin::signed(ALICE), 9),
			Error::<Test>::UnknownDatanet
		);
		assert_noop!(dissolve(BOB), Error::<Test>::NotOwner);
		assert_noop!(dissolve(ALICE), Error::<Test>::NotClosed);

		assert_ok!(Datanets::add_to_allowlist(RuntimeOrigin::signed(ALICE), datanet, CHARLIE));
		let leaf = accept(datanet, 1);
		assert_ok!(Datanets::close(RuntimeOrigin::signed(ALICE), datanet));
		assert_noop!(dissolve(ALICE), Error::<Test>::AllowlistNotEmpty);

		assert_ok!(Datanets::remove_from_allowlist(
			RuntimeOrigin::signed(CHARLIE),
			datanet,
			CHARLIE
		));
		assert_noop!(dissolve(ALICE), Error::<Test>::HasLiveContributions);

		assert_ok!(Datanets::publish_version(RuntimeOrigin::signed(ALICE), datanet));
		revoke(datanet, leaf);
		assert_noop!(dissolve(ALICE), Error::<Test>::HasPublishedVersions);
	});
}

#[test]
fn calls_need_a_signed_origin() {
	ExtBuilder::default().build_and_execute(|| {
		let datanet = create_datanet(ALICE);
		let unsigned = RuntimeOrigin::none();
		assert_noop!(
			Datanets::create(unsigned, NAME.to_vec(), URI.to_vec(), policy(), license(None)),
			DispatchError::BadOrigin
		);
		assert_noop!(Datanets::close(RuntimeOrigin::root(), datanet), DispatchError::BadOrigin);
	});
}
