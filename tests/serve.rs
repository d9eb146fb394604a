//! `attach-gen serve`: the real binary on a free port, spoken to with a tiny HTTP client.
//! Every wait polls with a generous deadline; nothing depends on how fast the machine is.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::*;

const DEADLINE: Duration = Duration::from_secs(30);
/// The server-rendered error overlay (the reload script names the id too, differently).
const OVERLAY: &str = "<div id=\"attach-gen-errors\"";

/// The server process; killed when dropped, so a failing test never leaves it running.
struct Server {
    child: Child,
    port: u16,
    log: Arc<Mutex<String>>,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Server {
    /// Starts `attach-gen serve` on a free port and waits until it says it is serving.
    fn start(root: &Path, extra: &[&str]) -> Server {
        let port = free_port();
        let mut child = Command::new(env!("CARGO_BIN_EXE_attach-gen"))
            .args(["serve", "--port", &port.to_string(), "--root"])
            .arg(root)
            .args(extra)
            .env("NO_COLOR", "1")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start attach-gen serve");
        let stderr = child.stderr.take().expect("stderr is piped");
        let log = Arc::new(Mutex::new(String::new()));
        let sink = log.clone();
        std::thread::spawn(move || {
            let mut lines = BufReader::new(stderr);
            let mut line = String::new();
            while lines.read_line(&mut line).unwrap_or(0) > 0 {
                sink.lock().expect("log").push_str(&line);
                line.clear();
            }
        });
        let server = Server { child, port, log };
        server.wait_for_log("Serving the site at");
        server
    }

    fn log(&self) -> String {
        self.log.lock().expect("log").clone()
    }

    fn wait_for_log(&self, text: &str) {
        let started = Instant::now();
        while !self.log().contains(text) {
            assert!(
                started.elapsed() < DEADLINE,
                "the server never printed {text:?}; log:\n{}",
                self.log()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    fn get(&self, path: &str) -> Response {
        get(self.port, path)
    }

    /// Polls `path` until `ok` holds for the response; panics with the last one after the
    /// deadline.
    fn poll(&self, path: &str, what: &str, ok: impl Fn(&Response) -> bool) -> Response {
        let started = Instant::now();
        loop {
            let response = self.get(path);
            if ok(&response) {
                return response;
            }
            assert!(
                started.elapsed() < DEADLINE,
                "{what}: still not so after {DEADLINE:?}; last response {}:\n{}\nserver log:\n{}",
                response.status,
                response.body,
                self.log()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

/// A port nobody listens on (the listener is closed before the server binds it).
fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("find a free port")
}

#[derive(Debug)]
struct Response {
    status: u16,
    headers: String,
    body: String,
}

impl Response {
    fn header(&self, name: &str) -> Option<String> {
        self.headers.lines().find_map(|line| {
            let (key, value) = line.split_once(':')?;
            key.trim()
                .eq_ignore_ascii_case(name)
                .then(|| value.trim().to_string())
        })
    }
}

/// A minimal HTTP/1.1 GET (Connection: close, so the body ends with the connection).
fn get(port: u16, path: &str) -> Response {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect to the server");
    stream
        .set_read_timeout(Some(Duration::from_secs(20)))
        .expect("set a timeout");
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
    )
    .expect("send the request");
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).expect("read the response");
    let text = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    Response {
        status,
        headers: head.to_string(),
        body: body.to_string(),
    }
}

fn sample_site() -> Site {
    let site = Site::new();
    site.file(
        "site.yaml",
        "title: Served\nbase_url: https://example.test/site\n",
    )
    .page(
        "content/sleep.md",
        "title: Sleep well\ndescription: Rest.",
        "Sleep matters.\n",
    )
    .page(
        "content/guides/walk.md",
        "title: Walk outside\ndescription: Air.",
        "Go for a walk.\n",
    )
    .file("static/images/a.png", [0x89u8, b'P', b'N', b'G']);
    site
}

#[test]
fn serves_pages_static_files_and_404() {
    let site = sample_site();
    let server = Server::start(site.root(), &[]);

    let home = server.get("/");
    assert_eq!(home.status, 200, "{home:?}");
    assert!(home.body.contains("Sleep well"), "{}", home.body);
    assert_eq!(
        home.header("content-type").as_deref(),
        Some("text/html; charset=utf-8")
    );
    // The live-reload script is in served HTML, just before </body>.
    let script = home
        .body
        .find("/__attach-gen/events")
        .expect("script injected");
    assert!(script < home.body.rfind("</body>").unwrap_or(0));

    let page = server.get("/guides/walk/");
    assert_eq!(page.status, 200);
    assert!(page.body.contains("<h1>Walk outside</h1>"), "{}", page.body);

    let redirect = server.get("/guides/walk");
    assert_eq!(redirect.status, 301);
    assert_eq!(
        redirect.header("location").as_deref(),
        Some("/guides/walk/")
    );

    let css = server.get("/style.css");
    assert_eq!(css.status, 200);
    assert_eq!(
        css.header("content-type").as_deref(),
        Some("text/css; charset=utf-8")
    );
    assert!(!css.body.contains("__attach-gen"));
    let png = server.get("/images/a.png");
    assert_eq!(png.header("content-type").as_deref(), Some("image/png"));

    let missing = server.get("/no/such/page/");
    assert_eq!(missing.status, 404);
    assert!(missing.body.contains("__attach-gen/events"));

    // Nothing is written to disk.
    assert!(!site.exists("output"));
}

#[test]
fn a_changed_title_shows_up() {
    let site = sample_site();
    let server = Server::start(site.root(), &[]);
    server.poll("/sleep/", "first build", |r| r.body.contains("Sleep well"));
    site.page(
        "content/sleep.md",
        "title: Sleep better\ndescription: Rest.",
        "Sleep matters.\n",
    );
    server.poll("/sleep/", "the new title", |r| {
        r.body.contains("<h1>Sleep better</h1>")
    });
    server.poll("/", "the new title on the home page", |r| {
        r.body.contains("Sleep better")
    });
}

#[test]
fn broken_front_matter_shows_the_overlay_and_fixing_it_recovers() {
    let site = sample_site();
    let server = Server::start(site.root(), &[]);
    // Saved half-written: the front matter is cut off.
    site.file("content/sleep.md", "---\ntitle: Sleep <b>badly</b>\n");
    let broken = server.poll("/guides/walk/", "the error overlay", |r| {
        r.body.contains(OVERLAY)
    });
    // The last good build is still served underneath, other pages too.
    assert_eq!(broken.status, 200);
    assert!(broken.body.contains("<h1>Walk outside</h1>"));
    assert!(
        broken
            .body
            .contains("content/sleep.md:1:1: error: the front matter is never closed"),
        "{}",
        broken.body
    );
    let old = server.get("/sleep/");
    assert_eq!(old.status, 200);
    assert!(old.body.contains("<h1>Sleep well</h1>"));

    // Error text is escaped: the source line with `<b>` must not become markup.
    site.file(
        "content/sleep.md",
        "---\ntitle: Sleep\ntitel: <i>x</i>\n---\nText.\n",
    );
    let escaped = server.poll("/", "the new error", |r| r.body.contains("titel"));
    assert!(
        escaped.body.contains("unknown front matter key `titel`"),
        "{}",
        escaped.body
    );
    let overlay = &escaped.body[escaped.body.find(OVERLAY).unwrap_or(0)..];
    assert!(overlay.contains("titel: &lt;i&gt;x&lt;/i&gt;"), "{overlay}");
    assert!(!overlay.contains("<i>x</i>"));

    // An empty file (a save in progress) is an error too, not a crash.
    site.file("content/sleep.md", "");
    server.poll("/", "the empty-page error", |r| {
        r.body.contains("this page is empty")
    });

    site.page(
        "content/sleep.md",
        "title: Sleep fixed\ndescription: Rest.",
        "Sleep matters.\n",
    );
    let fixed = server.poll("/sleep/", "recovery", |r| {
        r.body.contains("<h1>Sleep fixed</h1>")
    });
    assert!(!fixed.body.contains(OVERLAY));
    assert!(server.child_is_running());
}

impl Server {
    fn child_is_running(&self) -> bool {
        // `try_wait` needs `&mut`; a request that succeeds shows the same.
        self.get("/").status == 200
    }
}

#[test]
fn reload_events_follow_rebuilds() {
    let site = sample_site();
    let server = Server::start(site.root(), &[]);
    let mut stream = TcpStream::connect(("127.0.0.1", server.port)).expect("connect");
    stream
        .set_read_timeout(Some(DEADLINE))
        .expect("set a timeout");
    write!(
        stream,
        "GET /__attach-gen/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
    )
    .expect("subscribe");
    let mut events = BufReader::new(stream);
    let mut next_event = |wanted: &str| {
        let mut line = String::new();
        loop {
            line.clear();
            let n = events.read_line(&mut line).expect("read the event stream");
            assert!(n > 0, "the event stream closed before `{wanted}`");
            if line.trim_end() == format!("event: {wanted}") {
                let mut data = String::new();
                events.read_line(&mut data).expect("read the data line");
                return data;
            }
        }
    };
    next_event("hello");
    site.file("content/sleep.md", "no front matter\n");
    let errors = next_event("errors");
    assert!(errors.contains("this page has no front matter"), "{errors}");
    site.page(
        "content/sleep.md",
        "title: Back\ndescription: Rest.",
        "Text.\n",
    );
    next_event("reload");
}

#[test]
fn a_port_in_use_is_a_clear_error() {
    let site = sample_site();
    let taken = TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = taken.local_addr().expect("address").port().to_string();
    let root = site.root().to_string_lossy().into_owned();
    let run = run_in(site.root(), &["serve", "--root", &root, "--port", &port]);
    run.assert_code(1);
    let error = &run.errors()[0];
    assert!(
        error.message.contains(&format!("port {port}")),
        "{}",
        run.stderr
    );
    assert!(error.message.contains("already in use"), "{}", run.stderr);
    assert!(
        error.hint.as_deref().unwrap_or_default().contains("--port"),
        "{}",
        run.stderr
    );
}

#[test]
fn not_a_site_is_a_usage_error() {
    let site = Site::bare();
    let root = site.root().to_string_lossy().into_owned();
    run_in(site.root(), &["serve", "--root", &root, "--port", "0"]).assert_code(2);
}

#[cfg(unix)]
#[test]
fn ctrl_c_stops_cleanly() {
    let site = sample_site();
    let mut server = Server::start(site.root(), &[]);
    let pid = server.child.id().to_string();
    let sent = Command::new("kill")
        .args(["-INT", &pid])
        .status()
        .expect("run kill");
    assert!(sent.success());
    let started = Instant::now();
    let status = loop {
        if let Some(status) = server.child.try_wait().expect("wait") {
            break status;
        }
        assert!(started.elapsed() < DEADLINE, "still running after SIGINT");
        std::thread::sleep(Duration::from_millis(20));
    };
    assert_eq!(status.code(), Some(0), "log:\n{}", server.log());
    assert!(server.log().contains("Stopped."));
}
