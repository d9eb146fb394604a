pub mod config;
pub mod content;
pub mod diagnostic;
pub mod slug;
pub mod yaml;
