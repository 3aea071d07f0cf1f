//! Rules: the recognisers and rule kinds that turn parsed messages into findings.

pub mod marking;
