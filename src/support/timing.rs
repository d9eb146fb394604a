//! How long each step of a build took, for profiling: with `ATTACH_GEN_TIMINGS=1` in the
//! environment every lap is printed to standard error (see docs/performance.md).

use std::time::Instant;

/// A stopwatch for the steps of a build.
pub struct Clock {
    since: Instant,
}

impl Clock {
    pub fn start() -> Clock {
        Clock {
            since: Instant::now(),
        }
    }

    /// Prints how long the step `name` took (since the start or the last lap) when timings are
    /// asked for, and starts timing the next step.
    pub fn lap(&mut self, name: &str) {
        static ON: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
        if *ON.get_or_init(|| std::env::var_os("ATTACH_GEN_TIMINGS").is_some()) {
            eprintln!(
                "{name:>24}: {:>7.1} ms",
                self.since.elapsed().as_secs_f64() * 1000.0
            );
        }
        self.since = Instant::now();
    }

    /// Starts timing the next step without printing the last (time spent elsewhere).
    pub fn restart(&mut self) {
        self.since = Instant::now();
    }
}
