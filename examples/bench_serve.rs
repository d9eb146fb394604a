//! Measures `attach-gen serve`'s save → reload-signal time: starts the server on a site,
//! listens to its server-sent events, changes one page's title on disk, and times how long
//! until the `reload` event arrives. Prints every run and the median.
//!
//! ```text
//! scripts/bench-serve            (generates a 1,000-page site and runs this)
//! cargo run --release --example bench_serve -- --bin target/release/attach-gen --site DIR [--runs 15] [--port 18765]
//! ```

use std::io::{BufRead, BufReader, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn main() {
    let mut bin = PathBuf::from("target/release/attach-gen");
    let mut site: Option<PathBuf> = None;
    let mut runs = 15usize;
    let mut port = 18765u16;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = || {
            args.next()
                .unwrap_or_else(|| fail(&format!("{arg} needs a value")))
        };
        match arg.as_str() {
            "--bin" => bin = PathBuf::from(value()),
            "--site" => site = Some(PathBuf::from(value())),
            "--runs" => runs = value().parse().unwrap_or_else(|_| fail("--runs: a number")),
            "--port" => port = value().parse().unwrap_or_else(|_| fail("--port: a number")),
            other => fail(&format!("unknown argument {other}")),
        }
    }
    let site = site.unwrap_or_else(|| fail("--site DIR is required"));
    let page = first_page(&site.join("content")).unwrap_or_else(|| fail("the site has no pages"));
    let original = std::fs::read_to_string(&page).unwrap_or_else(|e| fail(&e.to_string()));

    let child = Command::new(&bin)
        .args(["serve", "--port", &port.to_string(), "--root"])
        .arg(&site)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| fail(&format!("cannot start {}: {e}", bin.display())));
    let mut server = Server(child);
    let stderr = server.0.stderr.take().unwrap_or_else(|| fail("no stderr"));
    let mut log = BufReader::new(stderr);
    let mut line = String::new();
    let started = Instant::now();
    loop {
        line.clear();
        if log.read_line(&mut line).unwrap_or(0) == 0 {
            fail("the server stopped before it was ready");
        }
        if line.starts_with("Built") {
            eprint!("first build: {line}");
        }
        if line.contains("Serving the site at") {
            break;
        }
        if started.elapsed() > Duration::from_secs(120) {
            fail("the server did not start within 2 minutes");
        }
    }
    // Keep reading the server's log so it never blocks on a full pipe; show rebuild lines.
    std::thread::spawn(move || {
        let mut line = String::new();
        while log.read_line(&mut line).unwrap_or(0) > 0 {
            if line.contains("rebuilt") || line.contains("failed") {
                eprint!("  server: {line}");
            }
            line.clear();
        }
    });

    let stream = TcpStream::connect(("127.0.0.1", port)).unwrap_or_else(|e| fail(&e.to_string()));
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap_or_else(|e| fail(&e.to_string()));
    let mut writer = stream.try_clone().unwrap_or_else(|e| fail(&e.to_string()));
    write!(
        writer,
        "GET /__attach-gen/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n"
    )
    .unwrap_or_else(|e| fail(&e.to_string()));
    let mut events = BufReader::new(stream);
    wait_for(&mut events, "event: hello");

    let mut times = Vec::new();
    for run in 0..runs {
        drain(&mut events);
        let changed = original.replacen("title: ", &format!("title: Run {run} "), 1);
        let saved = Instant::now();
        std::fs::write(&page, changed).unwrap_or_else(|e| fail(&e.to_string()));
        wait_for(&mut events, "event: reload");
        let ms = saved.elapsed().as_secs_f64() * 1000.0;
        println!("run {:>2}: {ms:6.1} ms", run + 1);
        times.push(ms);
        // Let the rest of the site finish rebuilding so runs do not overlap.
        std::thread::sleep(Duration::from_millis(500));
    }
    let _ = std::fs::write(&page, &original);
    times.sort_by(|a, b| a.total_cmp(b));
    let median = times[times.len() / 2];
    println!(
        "save → reload event, {} runs on {}: median {median:.1} ms, min {:.1} ms, max {:.1} ms",
        times.len(),
        site.display(),
        times[0],
        times[times.len() - 1]
    );
    drop(server);
}

/// Reads whatever the server sent since the last run (the reload of the rest of the site
/// follows the changed page's), so the next run waits for its own event.
fn drain(events: &mut BufReader<TcpStream>) {
    let _ = events
        .get_ref()
        .set_read_timeout(Some(Duration::from_millis(20)));
    let mut line = String::new();
    while events.read_line(&mut line).is_ok_and(|n| n > 0) {
        line.clear();
    }
    let _ = events
        .get_ref()
        .set_read_timeout(Some(Duration::from_secs(30)));
}

fn wait_for(events: &mut BufReader<TcpStream>, wanted: &str) {
    let mut line = String::new();
    loop {
        line.clear();
        match events.read_line(&mut line) {
            Ok(0) => fail("the event stream closed"),
            Ok(_) if line.trim_end() == wanted => return,
            Ok(_) => {}
            Err(e) => fail(&format!("waiting for `{wanted}`: {e}")),
        }
    }
}

fn first_page(dir: &Path) -> Option<PathBuf> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .ok()?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .collect();
    entries.sort();
    for path in &entries {
        if path.extension().is_some_and(|e| e == "md") {
            return Some(path.clone());
        }
    }
    entries
        .iter()
        .filter(|p| p.is_dir())
        .find_map(|p| first_page(p))
}

fn fail(message: &str) -> ! {
    eprintln!("bench_serve: {message}");
    std::process::exit(1)
}
