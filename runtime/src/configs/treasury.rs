//! The treasury pot: an account derived from a `PalletId` that collects transaction fees,
//! rejection slashes and the treasury's share of inference fees. Nobody holds its key; root
//! (sudo today) moves funds out with `balances.forceTransfer`.

use crate::AccountId;
use frame_support::{parameter_types, PalletId};
use sp_runtime::traits::AccountIdConversion;

parameter_types! {
	pub const TreasuryPalletId: PalletId = PalletId(*b"ol/trsry");
	pub TreasuryAccount: AccountId = TreasuryPalletId::get().into_account_truncating();
}
