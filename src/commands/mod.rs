//! The commands besides `build`: `check`, `new` and `init` (scaffold), and `serve`.

pub mod check;
pub mod scaffold;
pub mod serve;
