//! The `api_*` functions behind the `DatanetsApi` runtime API.

use super::*;
use crate::{runtime_api::MAX_VERSIONS_PAGE, DatanetInfo, DatanetStatus, Error, Versions};
use openledger_primitives::merkle::verify_proof;

#[test]
fn datanet_info_describes_the_datanet() {
	ExtBuilder::default().build_and_execute(|| {
		assert_eq!(Datanets::api_datanet(0), None);
		let datanet = create_datanet(ALICE);
		assert_ok!(Datanets::add_curator(RuntimeOrigin::signed(ALICE), datanet, BOB));
		assert_ok!(Datanets::add_to_allowlist(RuntimeOrigin::signed(ALICE), datanet, CHARLIE));
		assert_ok!(Datanets::transfer_ownership(RuntimeOrigin::signed(ALICE), datanet, DAVE));
		accept(datanet, 1);
		accept(datanet, 2);
		revoke(datanet, 0);
		assert_ok!(Datanets::publish_version(RuntimeOrigin::signed(BOB), datanet));

		assert_eq!(
			Datanets::api_datanet(datanet),
			Some(DatanetInfo {
				id: datanet,
				owner: ALICE,
				pending_owner: Some(DAVE),
				name: NAME.to_vec(),
				metadata_uri: URI.to_vec(),
				policy: policy(),
				license: license(None),
				status: DatanetStatus::Open,
				created_at: 1,
				root: record(datanet).tree.root,
				live_count: 1,
				next_leaf_index: 2,
				latest_version: 1,
				curator_count: 1,
				allowlist_count: 1,
				deposit: expected_deposit(META_BYTES, 1, 1),
				scheduled_curation_fee: None,
			})
		);
		assert_eq!(Datanets::api_datanet(datanet).unwrap().deposit, held(ALICE));
	});
}

#[test]
fn versions_are_paged() {
	ExtBuilder::default().build_and_execute(|| {
		assert!(Datanets::api_versions(0, 1, 10).is_empty());
		let datanet = create_datanet(ALICE);
		for n in 0..3 {
			accept(datanet, n);
			System::set_block_number(10 + n);
			assert_ok!(Datanets::publish_version(RuntimeOrigin::signed(ALICE), datanet));
		}
		let numbers = |start, limit| -> Vec<u32> {
			Datanets::api_versions(datanet, start, limit).iter().map(|v| v.number).collect()
		};
		assert_eq!(numbers(0, 10), vec![1, 2, 3], "start 0 means the first version");
		assert_eq!(numbers(1, 2), vec![1, 2]);
		assert_eq!(numbers(3, 2), vec![3]);
		assert_eq!(numbers(4, 2), Vec::<u32>::new());
		assert_eq!(numbers(2, 0), Vec::<u32>::new());
		assert_eq!(numbers(u32::MAX, u32::MAX), Vec::<u32>::new());
		assert_eq!(numbers(1, u32::MAX).len(), 3);
		const { assert!(MAX_VERSIONS_PAGE >= 3) };

		let version_2 = Datanets::api_versions(datanet, 2, 1)[0];
		assert_eq!((version_2.count, version_2.next_leaf_index, version_2.block), (2, 2, 11));
	});
}

#[test]
fn curators_lists_the_owner_first() {
	ExtBuilder::default().build_and_execute(|| {
		assert_eq!(Datanets::api_curators(0), None);
		let datanet = create_datanet(ALICE);
		assert_eq!(Datanets::api_curators(datanet), Some(vec![ALICE]));
		assert_ok!(Datanets::add_curator(RuntimeOrigin::signed(ALICE), datanet, CHARLIE));
		assert_ok!(Datanets::add_curator(RuntimeOrigin::signed(ALICE), datanet, BOB));
		assert_eq!(Datanets::api_curators(datanet), Some(vec![ALICE, CHARLIE, BOB]));
	});
}

#[test]
fn inclusion_proofs_verify_against_the_published_root() {
	ExtBuilder::default().build_and_execute(|| {
		let datanet = create_datanet(ALICE);
		for n in 0..5 {
			accept(datanet, n);
		}
		revoke(datanet, 3);
		assert_ok!(Datanets::publish_version(RuntimeOrigin::signed(ALICE), datanet));
		let version_root = Versions::<Test>::get(datanet, 1).unwrap().root;

		for leaf_index in [0, 1, 2, 4] {
			let proof = Datanets::api_inclusion_proof(datanet, leaf_index).unwrap();
			assert_eq!(proof.root, version_root);
			assert_eq!(proof.leaf_index, leaf_index);
			assert!(proof.verify());
			assert!(verify_proof(&version_root, &proof.leaf, leaf_index, &proof.siblings));
		}
		assert_eq!(Datanets::api_inclusion_proof(datanet, 3), None, "revoked");
		assert_eq!(Datanets::api_inclusion_proof(datanet, 5), None, "never appended");
		assert_eq!(Datanets::api_inclusion_proof(9, 0), None, "unknown datanet");
	});
}

#[test]
fn check_admission_explains_refusals() {
	ExtBuilder::default().build_and_execute(|| {
		let datanet = create_datanet_with(ALICE, allowlist_policy());
		assert_eq!(Datanets::api_check_admission(datanet, ALICE, 10), Ok(()));
		assert_eq!(
			Datanets::api_check_admission(datanet, EVE, 10),
			Err(Error::<Test>::NotOnAllowlist.into())
		);
		assert_eq!(
			Datanets::api_check_admission(9, EVE, 10),
			Err(Error::<Test>::UnknownDatanet.into())
		);
	});
}
