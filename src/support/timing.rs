//! How long each step of a build took, for profiling: with `ATTACH_GEN_TIMINGS=1` in the
//! environment every lap is printed to standard error (see docs/performance.md).

use std::time::Instant;

/// A stopwatch for the steps of a build.
pub struct Clock {
    since: Instant,
    /// The process's CPU time (all threads) at `since`, where the system tells and timings
    /// are asked for.
    cpu_since: Option<f64>,
}

impl Clock {
    pub fn start() -> Clock {
        Clock {
            since: Instant::now(),
            cpu_since: cpu_ms(),
        }
    }

    /// Prints how long the step `name` took (since the start or the last lap) when timings are
    /// asked for, and starts timing the next step.
    pub fn lap(&mut self, name: &str) {
        if timings_on() {
            // CPU time beside wall time shows which steps keep every core busy.
            let cpu = match (cpu_ms(), self.cpu_since) {
                (Some(now), Some(then)) => format!(", cpu {:>5.0} ms", now - then),
                _ => String::new(),
            };
            eprintln!(
                "{name:>24}: {:>7.1} ms{cpu}{}",
                self.since.elapsed().as_secs_f64() * 1000.0,
                memory()
            );
        }
        self.since = Instant::now();
        self.cpu_since = cpu_ms();
    }

    /// Starts timing the next step without printing the last (time spent elsewhere).
    pub fn restart(&mut self) {
        self.since = Instant::now();
        self.cpu_since = cpu_ms();
    }
}

/// Whether `ATTACH_GEN_TIMINGS` is set (read once).
fn timings_on() -> bool {
    static ON: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *ON.get_or_init(|| std::env::var_os("ATTACH_GEN_TIMINGS").is_some())
}

/// The process's user and system CPU time so far, in milliseconds, from `/proc/self/stat` on
/// Linux (in clock ticks, assumed the usual 100 a second: 10 ms steps), else `None`; `None`
/// without timings asked for, so a plain build never reads it.
fn cpu_ms() -> Option<f64> {
    if !timings_on() {
        return None;
    }
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // The command name, in parentheses, may hold spaces: fields are counted after it.
    let after_name = &stat[stat.rfind(')')? + 1..];
    let mut fields = after_name.split_whitespace().skip(11);
    let user: f64 = fields.next()?.parse().ok()?;
    let system: f64 = fields.next()?.parse().ok()?;
    Some((user + system) * 10.0)
}

/// The process's resident memory now and at its peak so far, where the system tells
/// (`/proc/self/status` on Linux): `  rss 120 MB, peak 140 MB`, or nothing.
fn memory() -> String {
    let Ok(status) = std::fs::read_to_string("/proc/self/status") else {
        return String::new();
    };
    let megabytes = |key: &str| {
        status
            .lines()
            .find_map(|line| line.strip_prefix(key))
            .and_then(|rest| {
                rest.trim()
                    .trim_end_matches("kB")
                    .trim()
                    .parse::<u64>()
                    .ok()
            })
            .map(|kb| kb / 1024)
    };
    match (megabytes("VmRSS:"), megabytes("VmHWM:")) {
        (Some(now), Some(peak)) => format!("  rss {now:>4} MB, peak {peak:>4} MB"),
        _ => String::new(),
    }
}
