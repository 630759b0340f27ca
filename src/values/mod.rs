//! The exact values everything else is made of: money (exact, with the one rounding
//! rule), numbers as people type them, pack sizes read from specifications, item names
//! and kinds, and a cell's text read as an option's value.

pub mod bytes;
pub mod cells;
pub mod item;
pub mod money;
pub mod month;
pub mod number;
pub mod pack;
