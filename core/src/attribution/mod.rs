//! Deterministic attribution: how much each contribution is worth to a model, computed the same
//! way, bit for bit, by everyone who runs it.
//!
//! A model declares an [`spec::AttributionSpec`] on chain: the method ([`knn_shapley`]), how a
//! contribution's bytes become the method's input ([`features`]), and a commitment to the
//! evaluation set fixed before anyone could target it. Attestors run the method over the accepted
//! contributions of the model's training data, turn the values into per-account scores
//! ([`scores`]) and agree on the root of the [`crate::ledger`] tree that commits to them.

pub mod features;
pub mod knn_shapley;
pub mod scores;
pub mod spec;
