//! Planning on top of an estimate: 一省双供 supply scenarios, agreed volumes, cycle
//! tracking, 结余留用 (retained fund savings), sensitivity, and the configuration that
//! gathers them.

pub mod config;
pub mod cycle;
pub mod retention;
pub mod sensitivity;
pub mod supply;
pub mod volume;
