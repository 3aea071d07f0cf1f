//! onrecord: finds record-keeping and security gaps in archived messaging exports.
//!
//! The pipeline (see `scan`) runs one way: discover → source → formats → rules →
//! register → report. Only `main.rs`, `progress` and the report writers touch the
//! terminal or files.

pub mod decision;
pub mod formats;
pub mod model;
pub mod register;
pub mod source;
pub mod text;
