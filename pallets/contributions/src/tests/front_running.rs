//! Issue 12, item 4: provenance could be front-run. A watcher of the transaction pool who sees
//! Bob's `submit` copies its content hash into its own `submit` (into its own auto-accepting
//! datanet, with a higher tip), is included first, and owns Bob's provenance for good.
//!
//! The plain `submit` stays first-come (one transaction, as fast as before). Content whose
//! provenance matters goes through `commit_content` (a salted hash that reveals nothing) and,
//! from the next block, `submit_committed`: a registration of the same hash by anyone else
//! included after the commitment is displaced. The watcher learns the hash only from the
//! reveal, so it can never be earlier than the commitment.

use super::*;
use crate::{ContentCommitments, Error};
use frame_support::assert_noop;
use openledger_primitives::ContributionStatus;

/// Bob's salt.
const SALT: [u8; 32] = [7u8; 32];

/// The commitment of `who` to `content_hash` with `salt`.
fn commitment(content_hash: ContentHash, who: AccountId, salt: [u8; 32]) -> H256 {
	H256(openledger_core::content::content_commitment(content_hash.as_fixed_bytes(), &who, &salt))
}

/// `who` reveals with `salt` and registers `content_hash` into `datanet`.
fn reveal(
	who: AccountId,
	datanet: DatanetId,
	content_hash: ContentHash,
	salt: [u8; 32],
) -> frame_support::dispatch::DispatchResult {
	Contributions::submit_committed(
		RuntimeOrigin::signed(who),
		datanet,
		content_hash,
		SIZE,
		ContributionKind::Data,
		URI.to_vec(),
		Vec::new(),
		Balance::MAX,
		Perbill::one(),
		salt,
	)
}

/// An auto-accepting datanet of `owner`.
fn auto_datanet(owner: AccountId) -> DatanetId {
	create_datanet_with(owner, auto_accept_policy(), license(true))
}

#[test]
fn a_plain_submit_stays_first_come_so_a_faster_copy_wins() {
	ExtBuilder::default().build_and_execute(|| {
		// The plain path is first-come: this is what commitments exist for.
		let bobs = create_datanet(ALICE);
		let eves = auto_datanet(EVE);
		let hash = content(1);
		let eve_id = NextContributionId::<Test>::get();
		assert_ok!(try_submit(EVE, eves, hash, Vec::new()));
		assert_noop!(try_submit(BOB, bobs, hash, Vec::new()), Error::<Test>::DuplicateContent);
		assert_eq!(record(eve_id).contributor, EVE);
	});
}

#[test]
fn attack_a_watcher_copies_a_committed_submit_and_is_displaced() {
	ExtBuilder::default().build_and_execute(|| {
		let bobs = create_datanet(ALICE);
		let eves = auto_datanet(EVE);
		let hash = content(1);
		// Block 1: Bob commits; nothing in the commitment tells anyone the hash.
		assert_ok!(Contributions::commit_content(
			RuntimeOrigin::signed(BOB),
			commitment(hash, BOB, SALT)
		));
		let committed = storage_held(BOB);
		assert_eq!(committed, Contributions::commitment_deposit());
		// Block 2: Eve sees Bob's reveal in the pool and gets her copy in first, accepted at
		// once into her own datanet.
		System::set_block_number(2);
		let eve_id = NextContributionId::<Test>::get();
		assert_ok!(try_submit(EVE, eves, hash, Vec::new()));
		assert!(record(eve_id).status.is_live());
		// Bob's reveal, in the same block, takes the hash back.
		let bob_id = NextContributionId::<Test>::get();
		assert_ok!(reveal(BOB, bobs, hash, SALT));
		assert_eq!(
			Contributions::api_contribution_by_content_hash(hash).map(|c| (c.id, c.contributor)),
			Some((bob_id, BOB))
		);
		// Eve's copy is revoked: out of her datanet's tree and of every later round.
		assert!(matches!(record(eve_id).status, ContributionStatus::Revoked { revoked_at: 2, .. }));
		assert_eq!(live_leaves(eves), 0);
		assert!(events().contains(&crate::Event::ContributionDisplaced {
			id: eve_id,
			datanet: eves,
			contributor: EVE,
			by: bob_id,
		}));
		// The commitment is consumed and its deposit released; the contribution's is held.
		assert!(!ContentCommitments::<Test>::contains_key(BOB, commitment(hash, BOB, SALT)));
		assert_eq!(storage_held(BOB), storage_deposit(URI_LEN, 0));
		// Eve keeps paying for her revoked record; she cannot take the hash back.
		assert_eq!(storage_held(EVE), storage_deposit(URI_LEN, 0));
		assert_noop!(try_submit(EVE, eves, hash, Vec::new()), Error::<Test>::DuplicateContent);
	});
}

#[test]
fn a_displaced_pending_copy_is_removed_and_its_deposits_released() {
	ExtBuilder::default().build_and_execute(|| {
		let curated = create_datanet(ALICE);
		let hash = content(2);
		assert_ok!(Contributions::commit_content(
			RuntimeOrigin::signed(BOB),
			commitment(hash, BOB, SALT)
		));
		System::set_block_number(5);
		let eve_id = NextContributionId::<Test>::get();
		assert_ok!(try_submit(EVE, curated, hash, Vec::new()));
		assert!(review_held(EVE) > 0);
		let bob_id = NextContributionId::<Test>::get();
		assert_ok!(reveal(BOB, curated, hash, SALT));
		assert!(crate::Contribution::<Test>::get(eve_id).is_none());
		assert_eq!((review_held(EVE), storage_held(EVE)), (0, 0));
		assert_eq!(free(EVE), INITIAL_BALANCE);
		assert!(record(bob_id).status.is_pending());
	});
}

#[test]
fn a_registration_before_or_in_the_commitments_block_keeps_the_hash() {
	ExtBuilder::default().build_and_execute(|| {
		let datanet = create_datanet(ALICE);
		let hash = content(3);
		// Eve registered in the commitment's block: she could not have seen the reveal.
		assert_ok!(try_submit(EVE, datanet, hash, Vec::new()));
		assert_ok!(Contributions::commit_content(
			RuntimeOrigin::signed(BOB),
			commitment(hash, BOB, SALT)
		));
		System::set_block_number(2);
		assert_noop!(reveal(BOB, datanet, hash, SALT), Error::<Test>::DuplicateContent);
		// Nor does a commitment displace its committer's own registration.
		let own = content(4);
		assert_ok!(Contributions::commit_content(
			RuntimeOrigin::signed(BOB),
			commitment(own, BOB, SALT)
		));
		System::set_block_number(3);
		assert_ok!(try_submit(BOB, datanet, own, Vec::new()));
		assert_noop!(reveal(BOB, datanet, own, SALT), Error::<Test>::DuplicateContent);
	});
}

#[test]
fn a_reveal_needs_the_committers_account_its_salt_a_later_block_and_the_period() {
	ExtBuilder::default().build_and_execute(|| {
		let datanet = create_datanet(ALICE);
		let hash = content(5);
		let bobs = commitment(hash, BOB, SALT);
		assert_ok!(Contributions::commit_content(RuntimeOrigin::signed(BOB), bobs));
		assert_noop!(
			Contributions::commit_content(RuntimeOrigin::signed(BOB), bobs),
			Error::<Test>::CommitmentExists
		);
		// Eve posting a copy of Bob's commitment gets nothing: it is hers, keyed to her, and
		// its preimage names Bob, so no salt reveals it for her.
		assert_ok!(Contributions::commit_content(RuntimeOrigin::signed(EVE), bobs));
		assert_noop!(reveal(BOB, datanet, hash, SALT), Error::<Test>::CommitmentTooRecent);
		System::set_block_number(2);
		assert_noop!(reveal(EVE, datanet, hash, SALT), Error::<Test>::UnknownCommitment);
		assert_noop!(reveal(BOB, datanet, hash, [8u8; 32]), Error::<Test>::UnknownCommitment);
		System::set_block_number(1 + COMMITMENT_PERIOD + 1);
		assert_noop!(reveal(BOB, datanet, hash, SALT), Error::<Test>::CommitmentExpired);
		// An expired commitment is cancelled for its deposit back; the plain path still works.
		assert_ok!(Contributions::cancel_commitment(RuntimeOrigin::signed(BOB), bobs));
		assert_ok!(Contributions::cancel_commitment(RuntimeOrigin::signed(EVE), bobs));
		assert_noop!(
			Contributions::cancel_commitment(RuntimeOrigin::signed(EVE), bobs),
			Error::<Test>::UnknownCommitment
		);
		assert_eq!((storage_held(BOB), storage_held(EVE)), (0, 0));
		assert_ok!(try_submit(BOB, datanet, hash, Vec::new()));
	});
}

#[test]
fn the_last_block_of_the_period_still_reveals() {
	ExtBuilder::default().build_and_execute(|| {
		let datanet = create_datanet_with(ALICE, auto_accept_policy(), license(true));
		let hash = content(6);
		assert_ok!(Contributions::commit_content(
			RuntimeOrigin::signed(BOB),
			commitment(hash, BOB, SALT)
		));
		System::set_block_number(1 + COMMITMENT_PERIOD);
		assert_ok!(reveal(BOB, datanet, hash, SALT));
	});
}

#[test]
fn a_failed_reveal_keeps_the_commitment_and_the_copy() {
	ExtBuilder::default().build_and_execute(|| {
		let datanet = create_datanet(ALICE);
		let eves = auto_datanet(EVE);
		let hash = content(7);
		let bobs = commitment(hash, BOB, SALT);
		assert_ok!(Contributions::commit_content(RuntimeOrigin::signed(BOB), bobs));
		System::set_block_number(2);
		let eve_id = NextContributionId::<Test>::get();
		assert_ok!(try_submit(EVE, eves, hash, Vec::new()));
		// Bob's limits refuse the datanet's deposit: nothing happens, not even the displacement.
		assert_noop!(
			Contributions::submit_committed(
				RuntimeOrigin::signed(BOB),
				datanet,
				hash,
				SIZE,
				ContributionKind::Data,
				URI.to_vec(),
				Vec::new(),
				0,
				Perbill::one(),
				SALT,
			),
			Error::<Test>::DepositAboveLimit
		);
		assert!(record(eve_id).status.is_live());
		assert!(ContentCommitments::<Test>::contains_key(BOB, bobs));
	});
}
