//! # OpenLedger protocol core
//!
//! The code every party to the protocol must agree on bit for bit: the runtime (native and
//! wasm), the `openledger-attestor`, the `openledger` CLI and the JavaScript client. It depends
//! only on SCALE (`parity-scale-codec`), `scale-info` and `sp-crypto-hashing`, so a binary that
//! uses it does not pull in FRAME, `sp-io` or the runtime.
//!
//! - [`attribution`]: deterministic attribution methods. [`attribution::knn_shapley`] is exact
//!   KNN-Shapley in integer arithmetic; [`attribution::features`] turns a contribution's bytes
//!   into the method's input; [`attribution::spec`] is what a model declares on chain.
//! - [`commitment`]: the commitment hash an attestor posts in a scored attribution round (domain
//!   tag, model, round, scores, salt, attestor), with a golden test vector.
//! - [`content`]: the commitment a contributor may post before registering content, so that
//!   the registration cannot be front-run.
//! - [`ledger`]: the attribution ledger, a Merkle sum tree over what each account is owed, whose
//!   root commits to every amount and to their total; one O(log n) proof per claim.
//!
//! Everything here is `no_std`, panic-free and deterministic.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub mod attribution;
pub mod commitment;
pub mod content;
pub mod ledger;
