//! az400: daily AZ-400 exam practice in the terminal.
//!
//! The engine ([`bank`], [`sampler`], [`session`], [`scoring`], [`history`]) is pure and knows
//! nothing of the terminal; time is passed in. The [`cli`] and the terminal UI sit on top.

#![warn(missing_docs)]

pub mod attempt;
pub mod bank;
pub mod checksum;
pub mod cli;
pub mod config;
pub mod export;
pub mod focus;
pub mod history;
pub mod manual;
pub mod marks;
pub mod memory;
pub mod practice;
pub mod readiness;
pub mod response;
pub mod sampler;
pub mod scoring;
pub mod session;
pub mod tui;
pub mod untrusted;
