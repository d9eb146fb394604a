//! The HTTP side of `serve`: a small HTTP/1.1 server on std's `TcpListener`, one thread and one
//! request per connection, with every limit a preview server open to a browser needs.
//!
//! Why not a server crate: `serve` needs GET and HEAD, a handful of headers and one long-lived
//! event stream. `tiny_http` (used before) reads a request's head without any limit, so a client
//! sending an endless header line grew the server's memory until it died; it offers no hook to
//! bound it. The async servers (hyper, axum) bring a runtime this single-user tool does not
//! need. So the head is read here, into a buffer of at most [`MAX_HEAD`] bytes, and parsed by
//! `httparse` (hyper's parser: no allocation, no dependencies).
//!
//! Limits: a request head larger than [`MAX_HEAD`] or with more than [`MAX_HEADERS`] headers
//! gets 431 and the connection is closed; a client has [`HEAD_TIMEOUT`] to send its head; at
//! most [`MAX_CONNECTIONS`] connections are served at once (the rest get 503), so neither
//! memory nor threads grow with what clients send.
//!
//! Who may ask is decided by [`Guard`]: the checks against other web sites reading the preview.

use std::io::{self, Read, Write};
use std::net::{IpAddr, Shutdown, SocketAddr, TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// The largest request head (request line and headers) read: browsers send 1 to 4 KB.
pub const MAX_HEAD: usize = 16 * 1024;
/// The most headers a request may have.
pub const MAX_HEADERS: usize = 64;
/// How long a client may take to send its whole request head, from when it connects.
pub const HEAD_TIMEOUT: Duration = Duration::from_secs(10);
/// Connections served at once (each open page holds one for its event stream).
pub const MAX_CONNECTIONS: usize = 128;

/// One request's method, target and the headers `serve` looks at.
#[derive(Debug, Clone, Default)]
pub struct Request {
    pub method: String,
    /// The request target as sent: `/guides/sleep/?x=1`.
    pub target: String,
    pub host: Option<String>,
    pub origin: Option<String>,
    /// `Sec-Fetch-Site` (`same-origin`, `same-site`, `cross-site`, `none`).
    pub fetch_site: Option<String>,
    /// `Sec-Fetch-Mode` (`navigate`, `cors`, `no-cors`, ...).
    pub fetch_mode: Option<String>,
}

/// A response to write: status, headers (besides the ones every response gets) and body.
pub struct Response {
    pub status: u16,
    pub headers: Vec<(&'static str, String)>,
    pub body: Vec<u8>,
}

impl Response {
    pub fn new(status: u16, content_type: &str, body: impl Into<Vec<u8>>) -> Response {
        Response {
            status,
            headers: vec![("Content-Type", content_type.to_string())],
            body: body.into(),
        }
    }

    pub fn text(status: u16, text: &str) -> Response {
        Response::new(status, "text/plain; charset=utf-8", text)
    }

    pub fn with_header(mut self, name: &'static str, value: impl Into<String>) -> Response {
        self.headers.push((name, value.into()));
        self
    }
}

/// Headers on every response: the preview is for this origin only. No
/// `Access-Control-Allow-Origin`, so other origins' scripts cannot read responses;
/// `Cross-Origin-Resource-Policy` stops other pages loading files (the search index, a script)
/// with `<script>` or `<img>`; `nosniff` stops a file being run as another type.
const COMMON_HEADERS: &str = "Cache-Control: no-store\r\nCross-Origin-Resource-Policy: same-origin\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n";

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        301 => "Moved Permanently",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        421 => "Misdirected Request",
        431 => "Request Header Fields Too Large",
        503 => "Service Unavailable",
        _ => "",
    }
}

/// Writes `response` (only its head for HEAD requests).
pub fn write_response(stream: &mut TcpStream, response: &Response, head_only: bool) {
    let mut head = format!(
        "HTTP/1.1 {} {}\r\nContent-Length: {}\r\n{COMMON_HEADERS}",
        response.status,
        reason(response.status),
        response.body.len()
    );
    for (name, value) in &response.headers {
        // Values come from this program (paths, types); a line break would split the header.
        let value: String = value.chars().filter(|c| !c.is_control()).collect();
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    let _ = stream.write_all(head.as_bytes());
    if !head_only {
        let _ = stream.write_all(&response.body);
    }
    let _ = stream.flush();
}

/// The head of an event stream (`text/event-stream`), followed by `first` (its first events).
pub fn event_stream_head(first: &str) -> String {
    format!("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n{COMMON_HEADERS}\r\n{first}")
}

/// Why a request head could not be read.
#[derive(Debug, PartialEq, Eq)]
pub enum Rejected {
    /// Too large, or too many headers: 431.
    TooLarge,
    /// Not HTTP: 400.
    Malformed,
    /// The client took longer than [`HEAD_TIMEOUT`], or went away.
    Gone,
}

/// Reads one request head from `stream`, never more than [`MAX_HEAD`] bytes.
pub fn read_request(stream: &mut impl Read) -> Result<Request, Rejected> {
    let mut buffer = vec![0u8; MAX_HEAD];
    let mut filled = 0;
    loop {
        let n = match stream.read(&mut buffer[filled..]) {
            Ok(0) => return Err(Rejected::Gone),
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(_) => return Err(Rejected::Gone),
        };
        filled += n;
        let mut headers = [httparse::EMPTY_HEADER; MAX_HEADERS];
        let mut parsed = httparse::Request::new(&mut headers);
        match parsed.parse(&buffer[..filled]) {
            Ok(httparse::Status::Complete(_)) => return request_from(&parsed),
            Ok(httparse::Status::Partial) if filled < MAX_HEAD => {}
            Ok(httparse::Status::Partial) | Err(httparse::Error::TooManyHeaders) => {
                return Err(Rejected::TooLarge);
            }
            Err(_) => return Err(Rejected::Malformed),
        }
    }
}

/// The request's fields; a request with two `Host` (or `Origin`) headers is malformed (400, as
/// HTTP/1.1 asks): which one a check reads must not be a guess.
fn request_from(parsed: &httparse::Request) -> Result<Request, Rejected> {
    for name in ["Host", "Origin"] {
        let count = parsed
            .headers
            .iter()
            .filter(|h| h.name.eq_ignore_ascii_case(name))
            .count();
        if count > 1 {
            return Err(Rejected::Malformed);
        }
    }
    let header = |name: &str| {
        parsed
            .headers
            .iter()
            .find(|h| h.name.eq_ignore_ascii_case(name))
            .map(|h| String::from_utf8_lossy(h.value).trim().to_string())
    };
    let target = parsed.path.unwrap_or_default();
    let (target, host) = match absolute_form(target) {
        Some((authority, path)) => (path, Some(authority.to_string())),
        None => (target.to_string(), header("Host")),
    };
    Ok(Request {
        method: parsed.method.unwrap_or_default().to_string(),
        target,
        host,
        origin: header("Origin"),
        fetch_site: header("Sec-Fetch-Site").map(|v| v.to_ascii_lowercase()),
        fetch_mode: header("Sec-Fetch-Mode").map(|v| v.to_ascii_lowercase()),
    })
}

/// A target in absolute form (`http://127.0.0.1:1111/a/?x`, as clients send to a proxy), split
/// into its authority and its path (`/a/?x`). HTTP/1.1 asks a server to accept it and to take
/// the host from it, not from `Host`, so the checks below read that one.
fn absolute_form(target: &str) -> Option<(&str, String)> {
    let scheme = target.get(..7)?;
    if !scheme.eq_ignore_ascii_case("http://") {
        return None;
    }
    let rest = &target[7..];
    let end = rest.find(['/', '?']).unwrap_or(rest.len());
    let (authority, path) = rest.split_at(end);
    let path = if path.starts_with('/') {
        path.to_string()
    } else {
        format!("/{path}")
    };
    Some((authority, path))
}

/// Who may read the preview: pages of the preview itself, and a person typing its address.
///
/// - The `Host` must name this computer: an IP address, `localhost` (or `*.localhost`), or the
///   computer's own name. A web site whose name is made to point at 127.0.0.1 (DNS
///   rebinding) sends its own name and is refused.
/// - A request whose `Origin` is not the preview's own (`http://<Host>`) is refused: another web
///   page's script fetching the event stream or a page.
/// - `Sec-Fetch-Site: cross-site` or `same-site` (another port of localhost is same-site) is
///   refused unless it is a navigation (a link followed to the preview, which shows the page to
///   the person, not to the other site).
pub struct Guard {
    machine_name: Option<String>,
}

impl Guard {
    pub fn new() -> Guard {
        Guard {
            machine_name: machine_name(),
        }
    }

    /// `None` when `request` may be answered; otherwise why not.
    pub fn refuse(&self, request: &Request) -> Option<&'static str> {
        let Some(host) = request.host.as_deref() else {
            return Some("the request has no Host header");
        };
        if !host_name(host).is_some_and(|name| self.is_this_computer(&name)) {
            return Some("the Host header names another site");
        }
        if let Some(origin) = request.origin.as_deref()
            && !origin.eq_ignore_ascii_case(&format!("http://{host}"))
        {
            return Some("the request comes from another site");
        }
        let navigation = request.fetch_mode.as_deref() == Some("navigate");
        if matches!(
            request.fetch_site.as_deref(),
            Some("cross-site" | "same-site")
        ) && !navigation
        {
            return Some("the request comes from another site");
        }
        None
    }

    fn is_this_computer(&self, name: &str) -> bool {
        let name = name.trim_end_matches('.').to_ascii_lowercase();
        let address = match name.strip_prefix('[') {
            Some(bracketed) => bracketed
                .strip_suffix(']')
                .is_some_and(|inside| inside.parse::<std::net::Ipv6Addr>().is_ok()),
            None => name.parse::<IpAddr>().is_ok(),
        };
        address
            || name == "localhost"
            || name.ends_with(".localhost")
            || self.machine_name.as_deref().is_some_and(|own| {
                name == own || name.strip_suffix(".local").is_some_and(|n| n == own)
            })
    }
}

impl Default for Guard {
    fn default() -> Self {
        Guard::new()
    }
}

/// `example.org:1111` → `example.org`; `[::1]:1111` → `[::1]`. `None` for a bracketed
/// address followed by anything but a port (`[::1]evil.example`) or never closed: such a
/// `Host` names no computer, so it must not pass for the address in its brackets.
fn host_name(host: &str) -> Option<String> {
    if let Some(rest) = host.strip_prefix('[') {
        let (inside, after) = rest.split_once(']')?;
        let port = |p: &str| p.bytes().all(|b| b.is_ascii_digit());
        if !after.is_empty() && !after.strip_prefix(':').is_some_and(port) {
            return None;
        }
        return Some(format!("[{inside}]"));
    }
    host.rsplit_once(':')
        .map_or(host, |(name, port)| {
            if port.chars().all(|c| c.is_ascii_digit()) {
                name
            } else {
                host
            }
        })
        .to_string()
        .into()
}

/// This computer's host name, lower-cased (from `HOSTNAME` or /etc/hostname; none elsewhere).
fn machine_name() -> Option<String> {
    std::env::var("HOSTNAME")
        .ok()
        .or_else(|| std::fs::read_to_string("/etc/hostname").ok())
        .map(|n| n.trim().to_ascii_lowercase())
        .filter(|n| !n.is_empty())
}

/// A listening socket and the loop that hands each connection to a thread.
pub struct Server {
    listener: TcpListener,
    address: SocketAddr,
}

impl Server {
    pub fn bind(interface: IpAddr, port: u16) -> io::Result<Server> {
        let listener = TcpListener::bind((interface, port))?;
        let address = listener.local_addr()?;
        Ok(Server { listener, address })
    }

    pub fn address(&self) -> SocketAddr {
        self.address
    }

    /// Accepts connections until `stop` is set, running `handle` on a thread for each (at most
    /// [`MAX_CONNECTIONS`] at once; the rest get 503).
    pub fn run(
        &self,
        stop: &Arc<AtomicBool>,
        handle: Arc<dyn Fn(TcpStream, Request) + Send + Sync>,
    ) {
        let open = Arc::new(AtomicUsize::new(0));
        let waker = self.wake_on_stop(stop.clone());
        for stream in self.listener.incoming() {
            if stop.load(Ordering::Relaxed) {
                break;
            }
            let Ok(mut stream) = stream else { continue };
            if open.fetch_add(1, Ordering::SeqCst) >= MAX_CONNECTIONS {
                open.fetch_sub(1, Ordering::SeqCst);
                write_response(
                    &mut stream,
                    &Response::text(503, "too many connections\n"),
                    false,
                );
                continue;
            }
            let open = open.clone();
            let handle = handle.clone();
            std::thread::spawn(move || {
                serve_connection(stream, &*handle);
                open.fetch_sub(1, Ordering::SeqCst);
            });
        }
        let _ = waker.join();
    }

    /// A thread that, once `stop` is set, connects to the listener so `accept` returns.
    fn wake_on_stop(&self, stop: Arc<AtomicBool>) -> std::thread::JoinHandle<()> {
        let mut address = self.address;
        if address.ip().is_unspecified() {
            address.set_ip(match address.ip() {
                IpAddr::V4(_) => IpAddr::from([127, 0, 0, 1]),
                IpAddr::V6(_) => IpAddr::from(std::net::Ipv6Addr::LOCALHOST),
            });
        }
        std::thread::spawn(move || {
            while !stop.load(Ordering::Relaxed) {
                std::thread::sleep(Duration::from_millis(50));
            }
            let _ = TcpStream::connect_timeout(&address, Duration::from_secs(1));
        })
    }
}

/// A stream whose reads must all be done by `deadline`: each read waits only for the time left,
/// so a client sending its request head a byte every few seconds is cut off too (a timeout per
/// read alone would let it hold a connection for hours).
struct ByDeadline<'a> {
    stream: &'a TcpStream,
    deadline: Instant,
}

impl Read for ByDeadline<'_> {
    fn read(&mut self, buffer: &mut [u8]) -> io::Result<usize> {
        let left = self.deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(io::ErrorKind::TimedOut.into());
        }
        self.stream.set_read_timeout(Some(left))?;
        (&*self.stream).read(buffer)
    }
}

/// Reads one request from `stream` and answers it with `handle`, or with the error status.
fn serve_connection(mut stream: TcpStream, handle: &(dyn Fn(TcpStream, Request) + Send + Sync)) {
    let _ = stream.set_write_timeout(Some(Duration::from_secs(30)));
    let head = read_request(&mut ByDeadline {
        stream: &stream,
        deadline: Instant::now() + HEAD_TIMEOUT,
    });
    let _ = stream.set_read_timeout(Some(HEAD_TIMEOUT));
    match head {
        Ok(request) => handle(stream, request),
        Err(Rejected::TooLarge) => {
            write_response(
                &mut stream,
                &Response::text(431, "the request's headers are too large\n"),
                false,
            );
            // Unread bytes would turn the close into a reset that can lose the response.
            let _ = stream.shutdown(Shutdown::Write);
        }
        Err(Rejected::Malformed) => {
            write_response(&mut stream, &Response::text(400, "bad request\n"), false);
        }
        Err(Rejected::Gone) => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(host: &str) -> Request {
        Request {
            method: "GET".into(),
            target: "/".into(),
            host: Some(host.into()),
            ..Request::default()
        }
    }

    #[test]
    fn reads_a_request_head() {
        let raw = b"GET /a/?x=1 HTTP/1.1\r\nHost: 127.0.0.1:1111\r\nOrigin: http://127.0.0.1:1111\r\n\r\n";
        let request = read_request(&mut &raw[..]).unwrap_or_default();
        assert_eq!(request.method, "GET");
        assert_eq!(request.target, "/a/?x=1");
        assert_eq!(request.host.as_deref(), Some("127.0.0.1:1111"));
        assert_eq!(request.origin.as_deref(), Some("http://127.0.0.1:1111"));
    }

    #[test]
    fn a_head_too_large_is_rejected_without_reading_it_all() {
        // An endless header line: the reader stops at MAX_HEAD.
        let mut endless = std::io::repeat(b'a');
        let mut head = b"GET / HTTP/1.1\r\nX: ".chain(&mut endless);
        assert_eq!(read_request(&mut head).err(), Some(Rejected::TooLarge));
        let many: String = (0..=MAX_HEADERS).map(|i| format!("X-{i}: 1\r\n")).collect();
        let raw = format!("GET / HTTP/1.1\r\n{many}\r\n");
        assert_eq!(
            read_request(&mut raw.as_bytes()).err(),
            Some(Rejected::TooLarge)
        );
        assert_eq!(
            read_request(&mut &b"\x16\x03\x01 hello\r\n\r\n"[..]).err(),
            Some(Rejected::Malformed)
        );
        for twice in [
            &b"GET / HTTP/1.1\r\nHost: 127.0.0.1:1111\r\nhost: evil.example\r\n\r\n"[..],
            &b"GET / HTTP/1.1\r\nHost: 127.0.0.1:1111\r\nOrigin: http://127.0.0.1:1111\r\nOrigin: https://evil.example\r\n\r\n"[..],
        ] {
            assert_eq!(
                read_request(&mut &twice[..]).err(),
                Some(Rejected::Malformed)
            );
        }
    }

    #[test]
    fn a_target_in_absolute_form_names_the_host() {
        let raw = b"GET http://127.0.0.1:1111/a/?x=1 HTTP/1.1\r\nHost: evil.example\r\n\r\n";
        let request = read_request(&mut &raw[..]).unwrap_or_default();
        assert_eq!(request.target, "/a/?x=1");
        assert_eq!(request.host.as_deref(), Some("127.0.0.1:1111"));
        let raw = b"GET HTTP://evil.example?q HTTP/1.1\r\nHost: 127.0.0.1:1111\r\n\r\n";
        let request = read_request(&mut &raw[..]).unwrap_or_default();
        assert_eq!(request.target, "/?q");
        assert_eq!(request.host.as_deref(), Some("evil.example"));
    }

    #[test]
    fn only_this_computer_and_this_origin_are_answered() {
        let guard = Guard {
            machine_name: Some("laptop".into()),
        };
        for host in [
            "127.0.0.1:1111",
            "localhost:1111",
            "[::1]:1111",
            "192.168.1.5:1111",
            "app.localhost:1111",
            "laptop:1111",
            "laptop.local:1111",
            "LOCALHOST",
        ] {
            assert_eq!(guard.refuse(&request(host)), None, "{host}");
        }
        for host in [
            "evil.example:1111",
            "evil.example",
            "127.0.0.1.evil.example",
            // Text after a bracketed address is no port: not this computer's name.
            "[::1]evil.example",
            "[::1].evil.example:1111",
            "[::1]:1111.evil.example",
            "[::1",
            "[[::1]]",
        ] {
            assert!(guard.refuse(&request(host)).is_some(), "{host}");
        }
        assert!(guard.refuse(&Request::default()).is_some());

        let mut cross = request("127.0.0.1:1111");
        cross.origin = Some("https://evil.example".into());
        assert!(guard.refuse(&cross).is_some());
        cross.origin = Some("http://127.0.0.1:1111".into());
        assert_eq!(guard.refuse(&cross), None);

        let mut script = request("127.0.0.1:1111");
        script.fetch_site = Some("cross-site".into());
        script.fetch_mode = Some("no-cors".into());
        assert!(guard.refuse(&script).is_some());
        script.fetch_mode = Some("navigate".into());
        assert_eq!(
            guard.refuse(&script),
            None,
            "a link followed to the preview"
        );
    }
}
