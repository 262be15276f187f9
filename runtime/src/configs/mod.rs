//! Configuration of every pallet in the runtime, one file per pallet.
//!
//! Shared limits (block weight and length) are here because several pallets read them.

mod attribution;
mod aura;
mod balances;
mod contributions;
mod datanets;
mod grandpa;
mod identity;
mod rewards;
mod sudo;
mod system;
mod timestamp;
mod transaction_payment;
mod treasury;
mod utility;

pub use attribution::DEFAULT_ROUND_PHASE;
pub use system::{RuntimeBlockLength, RuntimeBlockWeights};
pub use treasury::{TreasuryAccount, TreasuryPalletId};
