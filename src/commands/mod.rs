//! The commands: `build`, `check`, `reviews`, `new` and `init` (scaffold), and `serve`. Each is a thin
//! layer over the [`pipeline`](crate::pipeline) (or, for `new` and `init`, over the files a
//! site starts from): what it was asked, and what it reports.

pub mod build;
pub mod check;
pub mod reviews;
pub mod scaffold;
pub mod serve;
pub mod translate;
