//! onrecord: finds record-keeping and security gaps in archived messaging exports.
//!
//! The pipeline (see `scan`) runs one way: discover → examine (source, formats,
//! rules) → entry sinks (file cache, shard part, reporter) → settle → track →
//! write → publish; `docs/ARCHITECTURE.md` maps the stages to modules. Only
//! `main.rs`, `progress` and the report writers touch the terminal or files.

pub mod cache;
pub mod cli;
pub mod config;
pub mod dates;
pub mod decision;
pub mod discover;
pub mod examine;
pub mod formats;
pub mod interrupt;
pub mod jobs;
pub mod keys;
pub mod lock;
pub mod model;
pub mod ordered;
pub mod outcome;
pub mod part;
pub mod pipeline;
pub mod plan;
pub mod progress;
pub mod publish;
pub mod register;
pub mod report;
pub mod reporter;
pub mod review;
pub mod rules;
pub mod scan;
pub mod settle;
pub mod shard;
pub mod source;
pub mod state;
pub mod table;
pub mod text;
pub mod tomlread;
pub mod track;
