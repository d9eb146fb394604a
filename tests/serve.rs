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
    /// Starts `attach-gen serve --root <root>` on a free port and waits until it says it is
    /// serving.
    fn start(root: &Path, extra: &[&str]) -> Server {
        let root = root.to_string_lossy().into_owned();
        let mut args = vec!["--root", root.as_str()];
        args.extend_from_slice(extra);
        Server::start_in(Path::new(&root), &args)
    }

    /// Starts `attach-gen serve --port <free> <args>` in the folder `cwd`, as a user does
    /// (`cd site && attach-gen serve`), and waits until it says it is serving.
    fn start_in(cwd: &Path, args: &[&str]) -> Server {
        // Another process (a parallel test run) may take the free port before the server
        // binds it: then it says so, and it is started again on another.
        for _ in 0..4 {
            if let Some(server) = Server::try_start_in(cwd, args) {
                return server;
            }
        }
        Server::try_start_in(cwd, args).expect("a free port for attach-gen serve")
    }

    /// [`Self::start_in`] once: `None` when the port was taken before the server bound it.
    fn try_start_in(cwd: &Path, args: &[&str]) -> Option<Server> {
        let port = free_port();
        let mut child = Command::new(env!("CARGO_BIN_EXE_attach-gen"))
            .env_remove("GITHUB_ACTIONS")
            .args(["serve", "--port", &port.to_string()])
            .args(args)
            .current_dir(cwd)
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
        let started = Instant::now();
        loop {
            let log = server.log();
            if log.contains("Serving the site at") {
                return Some(server);
            }
            if log.contains("is already in use") {
                return None;
            }
            assert!(
                started.elapsed() < DEADLINE,
                "the server never printed \"Serving the site at\"; log:\n{log}"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
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
    request(
        port,
        &format!("GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n"),
    )
}

/// Sends `raw` as the request and reads the whole response.
fn request(port: u16, raw: &str) -> Response {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect to the server");
    stream
        .set_read_timeout(Some(Duration::from_secs(20)))
        .expect("set a timeout");
    stream.write_all(raw.as_bytes()).expect("send the request");
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

/// The text of the header search box's label on the page `body`.
fn search_label(body: &str) -> String {
    let page = scraper::Html::parse_document(body);
    let label = scraper::Selector::parse("form.search-box label").unwrap();
    page.select(&label)
        .next()
        .map(|l| l.text().collect::<String>())
        .unwrap_or_default()
}

/// The site's own theme words (`i18n/en.yaml`) are read again when they change, made,
/// changed or deleted while `serve` runs, as the theme's templates are.
#[test]
fn the_site_s_own_theme_words_rebuild_when_they_change() {
    let site = sample_site();
    let server = Server::start(site.root(), &[]);
    server.poll("/sleep/", "first build", |r| r.body.contains("Sleep well"));
    assert_eq!(
        search_label(&server.get("/sleep/").body),
        "Search resources"
    );
    site.file("i18n/en.yaml", "search_label: Find a guide\n");
    server.poll("/sleep/", "the site's own words", |r| {
        search_label(&r.body) == "Find a guide"
    });
    site.file("i18n/en.yaml", "search_label: Look for a guide\n");
    server.poll("/sleep/", "the changed words", |r| {
        search_label(&r.body) == "Look for a guide"
    });
    std::fs::remove_file(site.path("i18n/en.yaml")).unwrap();
    server.poll("/sleep/", "the theme's words again", |r| {
        search_label(&r.body) == "Search resources"
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

#[test]
fn site_yaml_moved_away_while_serving_says_to_put_it_back() {
    // Said "this folder holds no site.yaml, so it is not a site", with the help to run
    // `attach-gen init`, which would have written a new site over the editor's.
    let site = sample_site();
    let server = Server::start(site.root(), &[]);
    server.poll("/sleep/", "first build", |r| r.body.contains("Sleep well"));
    std::fs::rename(site.path("site.yaml"), site.path("site.yaml.old")).expect("moved away");
    let gone = server.poll("/sleep/", "the error overlay", |r| r.body.contains(OVERLAY));
    assert!(gone.body.contains("<h1>Sleep well</h1>"), "{}", gone.body);
    assert!(
        gone.body
            .contains("site.yaml is gone from the site&#39;s folder")
            && gone.body.contains("put it back"),
        "{}",
        gone.body
    );
    assert!(!gone.body.contains("attach-gen init"), "{}", gone.body);
    server.wait_for_log("site.yaml is gone from the site's folder");
    std::fs::rename(site.path("site.yaml.old"), site.path("site.yaml")).expect("put back");
    let back = server.poll("/sleep/", "recovery", |r| !r.body.contains(OVERLAY));
    assert!(back.body.contains("<h1>Sleep well</h1>"));
}

#[test]
fn content_moved_away_while_serving_is_an_error_and_the_last_good_site_stays() {
    // Rebuilt a site of no pages, served in place of the editor's, with only a warning.
    let site = sample_site();
    let server = Server::start_in(site.root(), &[]);
    server.poll("/sleep/", "first build", |r| r.body.contains("Sleep well"));
    std::fs::rename(site.path("content"), site.path("content-away")).expect("moved away");
    let gone = server.poll("/sleep/", "the error overlay", |r| r.body.contains(OVERLAY));
    assert_eq!(gone.status, 200);
    assert!(gone.body.contains("<h1>Sleep well</h1>"), "{}", gone.body);
    assert!(
        gone.body
            .contains("content/ is gone from the site&#39;s folder")
            && gone.body.contains("put it back"),
        "{}",
        gone.body
    );
    server.wait_for_log("content/ is gone from the site's folder");
    server.wait_for_log("still serving the last good build");
    std::fs::rename(site.path("content-away"), site.path("content")).expect("put back");
    let back = server.poll("/sleep/", "recovery", |r| !r.body.contains(OVERLAY));
    assert!(back.body.contains("<h1>Sleep well</h1>"));

    // Deleted (not moved) is the same error; made again, the site is back.
    let copy = site.path("content-copy");
    copy_dir(&site.path("content"), &copy);
    std::fs::remove_dir_all(site.path("content")).expect("remove");
    let gone = server.poll("/sleep/", "the error overlay", |r| r.body.contains(OVERLAY));
    assert!(gone.body.contains("<h1>Sleep well</h1>"), "{}", gone.body);
    copy_dir(&copy, &site.path("content"));
    let back = server.poll("/sleep/", "recovery", |r| !r.body.contains(OVERLAY));
    assert!(back.body.contains("<h1>Sleep well</h1>"));
}

#[test]
fn a_first_build_that_fails_does_not_promise_a_last_good_build() {
    let site = sample_site();
    site.file(
        "content/sleep.md",
        "---\ntitle: Sleep\ntitel: x\n---\nText.\n",
    );
    let server = Server::start(site.root(), &[]);
    let broken = server.poll("/sleep/", "the error page", |r| r.body.contains(OVERLAY));
    assert_eq!(broken.status, 503);
    assert!(broken.body.contains("unknown front matter key `titel`"));
    assert!(
        broken.body.contains("The site could not be built: 1 error"),
        "{}",
        broken.body
    );
    assert!(broken.body.contains("The site has not been built yet"));
    // Neither the page nor its script (which redraws the box after the next failed save)
    // speaks of a last good build when there is none.
    let overlay = &broken.body[broken.body.find(OVERLAY).unwrap_or(0)..];
    let box_end = overlay.find("</div>").unwrap_or(overlay.len());
    assert!(!overlay[..box_end].contains("last good build"), "{overlay}");
    assert!(broken.body.contains("data.built ?"));

    site.page(
        "content/sleep.md",
        "title: Sleep fixed\ndescription: Rest.",
        "Sleep matters.\n",
    );
    let fixed = server.poll("/sleep/", "recovery", |r| r.status == 200);
    assert!(fixed.body.contains("<h1>Sleep fixed</h1>"));
    assert!(!fixed.body.contains(OVERLAY));
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
        "GET /__attach-gen/events HTTP/1.1\r\nHost: 127.0.0.1:{}\r\n\r\n",
        server.port
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

#[test]
fn a_port_or_interface_that_cannot_be_one_says_what_to_give() {
    let site = sample_site();
    let huge = "9".repeat(5000);

    for (args, words) in [
        (
            &["--port", "abc"][..],
            "`abc` is not a port number: give a number from 1 to 65535",
        ),
        (&["--port", "80000"], "80000 is too high for a port"),
        (
            &["--port", "65536"],
            "65536 is too high for a port: ports run from 1 to 65535",
        ),
        (
            &["--port", "99999999999999999999"],
            "99999999999999999999 is too high for a port: ports run from 1 to 65535",
        ),
        (
            &["--port", huge.as_str()],
            "999999999999999999999999… is too high for a port",
        ),
        (
            &["--port=-5"],
            "-5 is below 0, which no port is: ports run from 1 to 65535",
        ),
        (&["--port", "-5"], "-5 is below 0, which no port is"),
        (&["--port", "1.5"], "`1.5` is not a port number"),
        (
            &["--interface", "my-laptop"],
            "`my-laptop` is not an IP address: use 127.0.0.1 (or localhost)",
        ),
    ] {
        let mut all = vec!["serve"];
        all.extend_from_slice(args);
        let run = run_in(site.root(), &all);
        run.assert_code(2);
        assert!(run.stderr.contains(words), "{args:?}: {}", run.stderr);
    }
}

#[test]
fn localhost_is_taken_as_the_interface_127_0_0_1() {
    let site = sample_site();
    let server = Server::start_in(site.root(), &["--interface", "localhost"]);
    let response = get(server.port, "/");
    assert_eq!(response.status, 200);
    assert!(
        server.log().contains("http://127.0.0.1:"),
        "{}",
        server.log()
    );
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

// ---------------------------------------------------------------------------------------------
// Started the way the README says: from the site's folder

#[test]
fn serve_started_in_the_site_folder_rebuilds_when_a_page_changes() {
    let site = sample_site();
    // `cd site && attach-gen serve`: no --root at all.
    let server = Server::start_in(site.root(), &[]);
    server.poll("/sleep/", "first build", |r| r.body.contains("Sleep well"));
    site.page(
        "content/sleep.md",
        "title: Sleep from the site folder\ndescription: Rest.",
        "Sleep matters.\n",
    );
    server.poll("/sleep/", "the rebuilt page", |r| {
        r.body.contains("<h1>Sleep from the site folder</h1>")
    });
    server.wait_for_log("content/sleep.md changed: rebuilt");
    // A new page in a new folder is picked up too.
    site.page("content/new/fresh.md", "title: Fresh", "New.\n");
    server.poll("/new/fresh/", "a page in a new folder", |r| r.status == 200);
    assert!(!site.exists("output"));
}

#[test]
fn folders_deleted_and_made_again_are_still_watched() {
    // Restoring content/ from a copy (or `rsync --delete`, or a script that makes static/
    // again) left serve watching the deleted folder: later saves were never rebuilt.
    let site = sample_site();
    let server = Server::start_in(site.root(), &[]);
    server.poll("/sleep/", "first build", |r| r.body.contains("Sleep well"));
    for folder in ["content", "static"] {
        let path = site.path(folder);
        let copy = site.path(&format!("{folder}-copy"));
        let _ = std::fs::create_dir_all(&path);
        copy_dir(&path, &copy);
        std::fs::remove_dir_all(&path).expect("remove");
        copy_dir(&copy, &path);
    }
    server.poll("/sleep/", "the page after content/ came back", |r| {
        r.status == 200 && r.body.contains("Sleep well")
    });
    site.page(
        "content/sleep.md",
        "title: Sleep after the restore\ndescription: Rest.",
        "Sleep matters.\n",
    );
    server.poll("/sleep/", "a save in the folder made again", |r| {
        r.body.contains("<h1>Sleep after the restore</h1>")
    });
    site.page("content/brand-new.md", "title: Brand new", "New.\n");
    server.poll("/brand-new/", "a new page in it", |r| r.status == 200);
    site.file("static/late.txt", "late\n");
    server.poll("/late.txt", "a new static file", |r| r.status == 200);
}

#[test]
fn folders_moved_away_and_back_are_still_watched() {
    // `mv content content.old && mv content.old content` (a script swapping folders, a
    // `git stash` of a whole folder) renames the folder, with the same inode: serve rebuilt
    // once, then never saw a save in it again.
    let site = sample_site();
    let server = Server::start_in(site.root(), &[]);
    server.poll("/sleep/", "first build", |r| r.body.contains("Sleep well"));
    for folder in ["content", "static"] {
        let _ = std::fs::create_dir_all(site.path(folder));
        let away = site.path(&format!("{folder}-away"));
        std::fs::rename(site.path(folder), &away).expect("move away");
        std::thread::sleep(std::time::Duration::from_millis(300));
        std::fs::rename(&away, site.path(folder)).expect("move back");
    }
    server.poll("/sleep/", "the page after content/ came back", |r| {
        r.status == 200 && r.body.contains("Sleep well")
    });
    site.page(
        "content/sleep.md",
        "title: Sleep after the move\ndescription: Rest.",
        "Sleep matters.\n",
    );
    server.poll("/sleep/", "a save in the folder moved back", |r| {
        r.body.contains("<h1>Sleep after the move</h1>")
    });
    site.file("static/late.txt", "late\n");
    server.poll("/late.txt", "a new static file", |r| r.status == 200);
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in std::fs::read_dir(from).expect("read_dir").flatten() {
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

#[test]
fn serve_with_a_relative_root_rebuilds_when_a_page_changes() {
    let site = sample_site();
    let parent = site.root().parent().expect("a parent folder");
    let name = site
        .root()
        .file_name()
        .expect("a name")
        .to_string_lossy()
        .into_owned();
    let server = Server::start_in(parent, &["--root", &name]);
    server.poll("/sleep/", "first build", |r| r.body.contains("Sleep well"));
    site.page(
        "content/sleep.md",
        "title: Sleep, relative\ndescription: Rest.",
        "Sleep matters.\n",
    );
    server.poll("/sleep/", "the rebuilt page", |r| {
        r.body.contains("<h1>Sleep, relative</h1>")
    });
    server.wait_for_log("content/sleep.md changed: rebuilt");
}

// ---------------------------------------------------------------------------------------------
// Only the preview's own pages may read it

#[test]
fn other_sites_cannot_read_the_preview_or_its_event_stream() {
    let site = sample_site();
    let server = Server::start(site.root(), &[]);
    let port = server.port;
    let ask = |path: &str, headers: &str| {
        request(
            port,
            &format!("GET {path} HTTP/1.1\r\n{headers}Connection: close\r\n\r\n"),
        )
    };
    // The preview's own page, and its event stream, carry no CORS grant.
    let own = ask("/", &format!("Host: localhost:{port}\r\n"));
    assert_eq!(own.status, 200);
    assert_eq!(own.header("access-control-allow-origin"), None);
    assert_eq!(
        own.header("cross-origin-resource-policy").as_deref(),
        Some("same-origin")
    );
    let same_origin = format!("Host: 127.0.0.1:{port}\r\nOrigin: http://127.0.0.1:{port}\r\n");
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    stream
        .set_read_timeout(Some(DEADLINE))
        .expect("set a timeout");
    write!(
        stream,
        "GET /__attach-gen/events HTTP/1.1\r\n{same_origin}\r\n"
    )
    .expect("send");
    let mut head = String::new();
    let mut reader = BufReader::new(stream);
    while reader.read_line(&mut head).expect("read") > 2 {}
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    assert!(
        !head
            .to_ascii_lowercase()
            .contains("access-control-allow-origin"),
        "{head}"
    );

    // A script on another web site: its Origin, or its fetch metadata, gives it away.
    for (headers, what) in [
        (
            format!("Host: 127.0.0.1:{port}\r\nOrigin: https://evil.example\r\n"),
            "another origin",
        ),
        (
            format!("Host: 127.0.0.1:{port}\r\nOrigin: http://localhost:3000\r\n"),
            "another local port",
        ),
        (
            format!(
                "Host: 127.0.0.1:{port}\r\nSec-Fetch-Site: cross-site\r\nSec-Fetch-Mode: no-cors\r\n"
            ),
            "a <script> tag on another site",
        ),
        // DNS rebinding: evil.example made to point at 127.0.0.1.
        (
            format!("Host: evil.example:{port}\r\n"),
            "another host name",
        ),
        (String::new(), "no Host at all"),
        // An address in brackets with a name after it is not that address.
        (
            format!("Host: [::1]evil.example:{port}\r\n"),
            "a bracketed address with a name after it",
        ),
    ] {
        for path in ["/__attach-gen/events", "/", "/search-index.js"] {
            let refused = ask(path, &headers);
            assert_eq!(refused.status, 403, "{what} {path}: {refused:?}");
            assert!(!refused.body.contains("Sleep"), "{what} {path}");
        }
    }
    // Following a link from another site to the preview shows the page (to the person).
    let followed = ask(
        "/sleep/",
        &format!(
            "Host: 127.0.0.1:{port}\r\nSec-Fetch-Site: cross-site\r\nSec-Fetch-Mode: navigate\r\n"
        ),
    );
    assert_eq!(followed.status, 200);
}

/// Requests a browser, curl or a hostile client may send, answered as HTTP asks.
#[test]
fn odd_requests_get_well_formed_answers() {
    let site = sample_site();
    site.file("static/Notes #1/index.html", "<p>notes</p>")
        .file("static/wh\u{101}nau/index.html", "<p>whanau</p>")
        .file("static/50%/index.html", "<p>half</p>");
    let server = Server::start(site.root(), &[]);
    let port = server.port;

    // A folder asked for without its `/`: the redirect is the same folder, encoded as a URL
    // (ASCII only, `#` and `%` escaped), and following it finds the page.
    for (asked, location, body) in [
        ("/Notes%20%231", "/Notes%20%231/", "notes"),
        ("/wh%C4%81nau", "/wh%C4%81nau/", "whanau"),
        ("/50%25?x=%C4%81", "/50%25/?x=%C4%81", "half"),
    ] {
        let redirect = server.get(asked);
        assert_eq!(redirect.status, 301, "{asked}: {redirect:?}");
        assert_eq!(redirect.header("location").as_deref(), Some(location));
        let followed = server.get(location);
        assert_eq!(followed.status, 200, "{location}: {followed:?}");
        assert!(
            followed.body.contains(body),
            "{location}: {}",
            followed.body
        );
    }
    let raw = request(
        port,
        &format!("GET /wh\u{101}nau?\u{101} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n"),
    );
    assert_eq!(
        raw.header("location").as_deref(),
        Some("/wh%C4%81nau/?%C4%81")
    );

    // 405 says which methods there are.
    for method in ["POST", "OPTIONS", "DELETE"] {
        let refused = request(
            port,
            &format!("{method} / HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Length: 0\r\n\r\n"),
        );
        assert_eq!(refused.status, 405, "{method}");
        assert_eq!(refused.header("allow").as_deref(), Some("GET, HEAD"));
    }

    // HEAD of the event stream: its head, no events, and the connection closed at once.
    let started = Instant::now();
    let head = request(
        port,
        &format!("HEAD /__attach-gen/events HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n"),
    );
    assert_eq!(head.status, 200);
    assert_eq!(head.body, "", "a HEAD response has no body");
    assert!(started.elapsed() < Duration::from_secs(5));

    // A target in absolute form, as sent to a proxy: answered, its host checked, not `Host`.
    let absolute = request(
        port,
        &format!(
            "GET http://127.0.0.1:{port}/guides/walk/ HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n"
        ),
    );
    assert_eq!(absolute.status, 200, "{absolute:?}");
    assert!(absolute.body.contains("Walk outside"));
    let elsewhere = request(
        port,
        &format!("GET http://evil.example/guides/walk/ HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n"),
    );
    assert_eq!(elsewhere.status, 403, "{elsewhere:?}");

    // Two Host (or Origin) headers: which one the checks read would be a guess (400).
    for twice in [
        format!("Host: 127.0.0.1:{port}\r\nHost: evil.example\r\n"),
        format!("Host: evil.example\r\nHost: 127.0.0.1:{port}\r\n"),
        format!(
            "Host: 127.0.0.1:{port}\r\nOrigin: http://127.0.0.1:{port}\r\nOrigin: https://evil.example\r\n"
        ),
    ] {
        let refused = request(port, &format!("GET / HTTP/1.1\r\n{twice}\r\n"));
        assert_eq!(refused.status, 400, "{twice}");
        assert!(!refused.body.contains("Sleep"));
    }
}

/// A `/` sent encoded (`%2F`) is no folder separator to the browser: the page is redirected to
/// its own address, so its relative links resolve from its folder; `\\`, `..` and a `%`
/// encoded twice find nothing.
#[test]
fn an_encoded_slash_is_redirected_to_the_page_s_own_address() {
    let site = sample_site();
    let server = Server::start(site.root(), &[]);
    for (asked, location) in [
        ("/guides%2fwalk%2f", "/guides/walk/"),
        ("/guides%2Fwalk", "/guides/walk/"),
        ("/guides/walk%2F?x=1", "/guides/walk/?x=1"),
        ("/guides/walk%2findex.html", "/guides/walk/index.html"),
    ] {
        let redirect = server.get(asked);
        assert_eq!(redirect.status, 301, "{asked}: {redirect:?}");
        assert_eq!(
            redirect.header("location").as_deref(),
            Some(location),
            "{asked}"
        );
        let followed = server.get(location);
        assert_eq!(followed.status, 200, "{location}: {followed:?}");
        assert!(followed.body.contains("Walk outside"), "{location}");
    }
    for asked in [
        "/guides%5cwalk/",
        "/guides%5Cwalk%5C",
        "/guides/walk/%2e%2e/walk/",
        "/guides/%2E%2E%2fguides/walk/",
        "/guides%252fwalk%252f",
        "/%2e%2e%2f%2e%2e%2fetc/passwd",
    ] {
        let missing = server.get(asked);
        assert_eq!(missing.status, 404, "{asked}: {missing:?}");
        assert!(!missing.body.contains("Walk outside"), "{asked}");
        assert!(!missing.body.contains("root:"), "{asked}");
    }
}

/// `--interface 0.0.0.0`, to try the site on a phone: its links lead back to this server, not
/// to `0.0.0.0` (which, on the phone, is the phone).
#[test]
fn a_site_served_on_every_interface_links_to_the_address_asked_for() {
    let site = sample_site();
    let server = Server::start(site.root(), &["--interface", "0.0.0.0"]);
    let port = server.port;
    // The address printed (and opened with --open) is one every browser opens.
    server.wait_for_log("Other computers on the network reach it");
    assert!(
        server
            .log()
            .contains(&format!("Serving the site at http://127.0.0.1:{port}/ ")),
        "{}",
        server.log()
    );
    let from_phone = |path: &str| {
        request(
            port,
            &format!("GET {path} HTTP/1.1\r\nHost: 192.0.2.7:{port}\r\n\r\n"),
        )
    };
    let missing = from_phone("/no/such/page/");
    assert_eq!(missing.status, 404);
    assert!(
        missing
            .body
            .contains(&format!("href=\"http://192.0.2.7:{port}/\"")),
        "{}",
        missing.body
    );
    let feed = from_phone("/sitemap.xml");
    assert_eq!(feed.status, 200);
    assert!(
        feed.body
            .contains(&format!("http://192.0.2.7:{port}/sleep/")),
        "{}",
        feed.body
    );
    for response in [missing, feed, from_phone("/sleep/")] {
        assert!(!response.body.contains("0.0.0.0"), "{}", response.body);
    }
    // This computer's own address works as before.
    let home = server.get("/");
    assert!(
        home.body.contains(&format!("http://127.0.0.1:{port}/")),
        "{}",
        home.body
    );
}

/// The server process's resident memory, in KiB (Linux).
#[cfg(target_os = "linux")]
fn resident_kib(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .expect("read /proc status")
        .lines()
        .find_map(|line| line.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .expect("VmRSS")
}

#[cfg(target_os = "linux")]
#[test]
fn a_huge_request_header_is_cut_off_and_memory_stays_bounded() {
    let site = sample_site();
    let server = Server::start(site.root(), &[]);
    server.poll("/", "first build", |r| r.status == 200);
    let before = resident_kib(server.child.id());
    // Several clients each try to send a 100 MB header line at once.
    let senders: Vec<_> = (0..4)
        .map(|_| {
            let port = server.port;
            std::thread::spawn(move || {
                let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect");
                stream
                    .set_read_timeout(Some(Duration::from_secs(20)))
                    .expect("timeout");
                let chunk = vec![b'a'; 1 << 20];
                let mut sent = 0usize;
                let _ = stream.write_all(
                    format!("GET / HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nX-Big: ").as_bytes(),
                );
                // The server stops reading (and answers) long before 100 MB.
                while sent < 100 << 20 && stream.write_all(&chunk).is_ok() {
                    sent += chunk.len();
                }
                let mut answer = Vec::new();
                let _ = stream.read_to_end(&mut answer);
                (sent, String::from_utf8_lossy(&answer).into_owned())
            })
        })
        .collect();
    for sender in senders {
        let (sent, answer) = sender.join().expect("sender");
        assert!(sent < 100 << 20, "the server read a 100 MB header");
        assert!(
            answer.is_empty() || answer.starts_with("HTTP/1.1 431"),
            "{answer}"
        );
    }
    let after = resident_kib(server.child.id());
    assert!(
        after < before + 16 * 1024,
        "memory grew from {before} KiB to {after} KiB"
    );
    // And it still serves.
    assert_eq!(server.get("/").status, 200);
}

/// A site that gives every command something to report: a warning from site.yaml, the theme,
/// a page's front matter, a page's body, the bibliography, a category and a static file.
fn site_with_warnings() -> Site {
    let site = Site::new();
    site.file(
        "site.yaml",
        "title: Driven\nbase_url: https://example.test/driven\nbibliography: [refs.bib]\n\
         categories:\n  - name: Nobody\n  - name: Rest\nextra:\n  tags:\n    - a\n     - b\n",
    )
    .file(
        "refs.bib",
        "@book{cited2020, author = {Cited, Ann}, title = {Cited}, year = {2020}, publisher = {P}}\n\
         @book{never2021, author = {Never, Ned}, title = {Never}, year = {2021}, publisher = {P}}\n",
    )
    .file(
        "templates/404.html",
        "<!doctype html><html lang=\"en\"><head><title>Lost</title></head><body>{{ site.title | safe }}</body></html>\n",
    )
    .file("static/robots.txt", "User-agent: *\n")
    .file("static/images/a.png", TINY_PNG)
    .page(
        "content/sleep.md",
        "title: Sleep well\ndescription: Rest.\ncategories: [Rest]\ndate: 2024-05-01\nupdated: 2024-04-01",
        "Sleep matters [@cited2020].\n\n![](../images/a.png \"decorative\")\n",
    )
    .page(
        "content/walk.md",
        "title: Walk outside\ndescription: Air.\ncategories: [Rest]",
        "Go for a walk.\n",
    );
    site
}

/// (file, line, column, message) of each finding, sorted: what two commands are compared by.
fn places(found: Vec<Reported>) -> Vec<(String, usize, usize, String)> {
    let mut places: Vec<_> = found
        .into_iter()
        .map(|r| (r.file, r.line, r.column, r.message))
        .collect();
    places.sort();
    places
}

/// `check --format json`'s findings of one severity, as [`places`].
fn check_findings(site: &Site, severity: &str) -> (i32, Vec<(String, usize, usize, String)>) {
    let run = run_in(site.root(), &["check", "--format", "json"]);
    let findings: serde_json::Value =
        serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}: {}", run.stdout));
    let found = findings
        .as_array()
        .into_iter()
        .flatten()
        .filter(|f| f["severity"] == severity)
        .map(|f| Reported {
            file: f["file"].as_str().unwrap_or_default().to_string(),
            line: f["line"].as_u64().unwrap_or(0) as usize,
            column: f["column"].as_u64().unwrap_or(0) as usize,
            message: f["message"].as_str().unwrap_or_default().to_string(),
            hint: None,
        })
        .collect();
    (run.code, places(found))
}

/// The number in `text` just before `word` (`"... in 12 ms: 2 pages."` → 2 for `pages`).
fn count_before(text: &str, word: &str) -> Option<usize> {
    let at = text.find(&format!(" {word}"))?;
    text[..at].rsplit(' ').next()?.parse().ok()
}

#[test]
fn build_serve_and_check_run_one_driver_and_see_the_same_site() {
    let site = site_with_warnings();
    let built = run_in(site.root(), &["build"]);
    built.assert_ok();
    let build_warnings = places(built.warnings());
    let codes_seen = [
        "site.yaml",          // a YAML warning
        "templates/404.html", // `| safe` on plain text
        "content/sleep.md",   // updated before date, missing alt text
        "static/robots.txt",  // replaced by the generated file
    ];
    for file in codes_seen {
        assert!(
            build_warnings.iter().any(|w| w.0 == file),
            "no warning about {file}: {build_warnings:#?}"
        );
    }
    assert!(
        build_warnings
            .iter()
            .any(|w| w.3.contains("no page cites 1 work"))
    );
    assert!(
        build_warnings
            .iter()
            .any(|w| w.3.contains("no page is filed under `Nobody`"))
    );
    // Each warning once (the theme's used to be reported twice).
    let mut unique = build_warnings.clone();
    unique.dedup();
    assert_eq!(unique, build_warnings);

    let (check_code, check_warnings) = check_findings(&site, "warning");
    assert_eq!(check_code, 0);
    assert_eq!(
        check_warnings, build_warnings,
        "check saw other warnings than build"
    );

    let server = Server::start_in(site.root(), &[]);
    server.wait_for_log("Built in");
    let log = server.log();
    let served = Run {
        code: 0,
        stdout: String::new(),
        stderr: log.clone(),
    };
    assert_eq!(
        places(served.warnings()),
        build_warnings,
        "serve saw other warnings:\n{log}"
    );

    let check_run = run_in(site.root(), &["check"]);
    let pages = [
        count_before(&built.stdout, "pages"),
        count_before(&check_run.stdout, "pages"),
        count_before(&log, "pages."),
    ];
    assert_eq!(
        pages,
        [Some(2); 3],
        "{}\n{}\n{log}",
        built.stdout,
        check_run.stdout
    );

    // serve has every file build wrote.
    let output = site.path("output");
    for file in files_under(&output) {
        let rel = file
            .strip_prefix(&output)
            .map(|p| p.to_string_lossy().replace('\\', "/"))
            .unwrap_or_default();
        if rel == ".attach-gen-output" {
            continue;
        }
        let path = format!("/{}", rel.strip_suffix("index.html").unwrap_or(&rel));
        let response = server.get(&path);
        assert_eq!(response.status, 200, "{path} is built but not served");
    }
}

#[test]
fn build_serve_and_check_report_the_same_errors() {
    let site = site_with_warnings();
    site.page(
        "content/broken.md",
        "title: Broken\ndescription: Bad links.\ncategories: [Rest]",
        "See [a page](missing.md) and [@cietd2020].\n",
    );
    let built = run_in(site.root(), &["build"]);
    built.assert_code(1);
    let build_errors = places(built.errors());
    assert_eq!(build_errors.len(), 2, "{build_errors:#?}");
    let build_warnings = places(built.warnings());

    let (check_code, check_errors) = check_findings(&site, "error");
    assert_eq!(check_code, 1);
    assert_eq!(
        check_errors, build_errors,
        "check saw other errors than build"
    );
    let (_, check_warnings) = check_findings(&site, "warning");
    assert_eq!(
        check_warnings, build_warnings,
        "check saw other warnings than build"
    );

    let server = Server::start_in(site.root(), &[]);
    server.wait_for_log("Build failed with 2 errors");
    let served = Run {
        code: 1,
        stdout: String::new(),
        stderr: server.log(),
    };
    assert_eq!(places(served.errors()), build_errors, "{}", server.log());
    assert_eq!(
        places(served.warnings()),
        build_warnings,
        "{}",
        server.log()
    );
}

/// A client that sends its request head a line a second (slowloris) is cut off once the head
/// has taken 10 seconds in all: the limit was per read, so such a client held its connection
/// (one of 128) for as long as it kept sending.
#[test]
fn a_request_head_sent_slowly_is_cut_off_after_ten_seconds_in_all() {
    use std::io::{Read, Write};
    let site = sample_site();
    let server = Server::start(site.root(), &[]);
    let mut stream = TcpStream::connect(("127.0.0.1", server.port)).expect("connect");
    let started = std::time::Instant::now();
    let _ = stream.write_all(b"GET / HTTP/1.1\r\n");
    let mut closed_after = None;
    for n in 0..25 {
        std::thread::sleep(std::time::Duration::from_secs(1));
        if stream
            .write_all(format!("X-Slow-{n}: 1\r\n").as_bytes())
            .is_err()
        {
            closed_after = Some(started.elapsed());
            break;
        }
        // A closed connection reads as the end (or a reset) at once.
        let _ = stream.set_read_timeout(Some(std::time::Duration::from_millis(10)));
        let mut byte = [0u8; 1];
        match stream.read(&mut byte) {
            Ok(0) => {
                closed_after = Some(started.elapsed());
                break;
            }
            Err(e)
                if e.kind() != std::io::ErrorKind::WouldBlock
                    && e.kind() != std::io::ErrorKind::TimedOut =>
            {
                closed_after = Some(started.elapsed());
                break;
            }
            _ => {}
        }
    }
    let closed_after = closed_after.expect("the slow client was never cut off");
    assert!(
        closed_after >= std::time::Duration::from_secs(9),
        "cut off too soon: {closed_after:?}"
    );
}

/// `new` writes a draft: `serve` leaves it out, and its log says so and what shows it.
#[test]
fn serve_says_how_many_drafts_it_left_out() {
    let site = sample_site();
    site.page(
        "content/half-written.md",
        "title: Half written\ndescription: Not yet.\ndraft: true",
        "Soon.\n",
    );
    let server = Server::start(site.root(), &[]);
    server.wait_for_log("(1 draft left out; serve --drafts shows it).");
    assert_eq!(server.get("/half-written/").status, 404);
    drop(server);
    let drafts = Server::start(site.root(), &["--drafts"]);
    assert_eq!(drafts.get("/half-written/").status, 200);
}
