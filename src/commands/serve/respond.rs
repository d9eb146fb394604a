//! Answering a request for `serve`: the built file at the URL asked for, HTML with the
//! live-reload script, and the event stream.

use std::io::Write;
use std::net::TcpStream;
use std::sync::atomic::AtomicBool;

use crate::commands::serve::http;
use crate::commands::serve::live_reload::{EVENTS_PATH, Shared, events, inject};
use crate::output::Files;
use crate::support::urls::{ascii_path, encode_path};

/// Answers one request. `any_interface` is the address the site was built for when the server
/// listens on every interface (`http://0.0.0.0:1111`): see [`for_host`].
pub fn respond(
    mut stream: TcpStream,
    request: &http::Request,
    guard: &http::Guard,
    shared: &Shared,
    stop: &AtomicBool,
    any_interface: Option<&str>,
) {
    let head_only = request.method == "HEAD";
    let send = |mut stream: TcpStream, response: http::Response| {
        http::write_response(&mut stream, &response, head_only);
    };
    if let Some(why) = guard.refuse(request) {
        send(
            stream,
            http::Response::text(
                403,
                &format!("refused: {why}; this preview answers only its own pages\n"),
            ),
        );
        return;
    }
    if !matches!(request.method.as_str(), "GET" | "HEAD") {
        send(
            stream,
            http::Response::text(405, "only GET and HEAD are supported\n")
                .with_header("Allow", "GET, HEAD"),
        );
        return;
    }
    let (path, query) = match request.target.split_once('?') {
        Some((path, query)) => (path, Some(query)),
        None => (request.target.as_str(), None),
    };
    if path == EVENTS_PATH {
        if head_only {
            // A HEAD response has no body: the stream's head alone, and the connection closed.
            let _ = stream.write_all(http::event_stream_head("").as_bytes());
        } else {
            events(&mut stream, shared, stop);
        }
        return;
    }
    let (files, errors, error_count, generation) = {
        let state = shared.0.lock().unwrap_or_else(|e| e.into_inner());
        (
            state.files.clone(),
            state.errors.clone(),
            state.error_count,
            state.generation,
        )
    };
    let errors = (errors.as_slice(), error_count, !files.is_empty());
    let rel = match lookup_target(&files, path) {
        Lookup::Found(rel) => Some(rel),
        Lookup::Redirect(to) => {
            // `to` is decoded: encoded again, a folder named `Notes #1` or `whānau` is one URL
            // in a header that holds only ASCII, not `/Notes ` with a fragment.
            let path = ascii_path(&encode_path(&to)).into_owned();
            let location = match query {
                Some(q) => format!("{path}?{}", ascii_path(q)),
                None => path,
            };
            send(
                stream,
                http::Response::text(301, "").with_header("Location", location),
            );
            return;
        }
        Lookup::Missing => None,
    };
    let html = "text/html; charset=utf-8";
    let (status, content_type, bytes) = match (&rel, rel.as_ref().and_then(|r| files.get(r))) {
        (Some(rel), Some(bytes)) => {
            let content_type = content_type(rel);
            if content_type == html {
                (200, html, inject(bytes, generation, errors, rel).into_bytes())
            } else {
                (200, content_type, bytes.to_vec())
            }
        }
        _ => match files.get("404.html") {
            Some(page) => (
                404,
                html,
                inject(page, generation, errors, "404.html").into_bytes(),
            ),
            // The first build failed: nothing to show but the errors.
            None if files.is_empty() => (
                503,
                html,
                inject(
                    b"<!doctype html><html><head><meta charset=\"utf-8\"><title>attach-gen</title></head><body><p>The site has not been built yet.</p></body></html>",
                    generation,
                    errors,
                    "",
                )
                .into_bytes(),
            ),
            None => (404, "text/plain; charset=utf-8", b"Not found\n".to_vec()),
        },
    };
    let bytes = match (any_interface, request.host.as_deref()) {
        (Some(built_for), Some(host)) => for_host(bytes, content_type, built_for, host),
        _ => bytes,
    };
    send(stream, http::Response::new(status, content_type, bytes));
}

/// A text file of a site served on every interface (`--interface 0.0.0.0`), with the address
/// it was built for (`http://0.0.0.0:1111`, which no other computer can open: a phone would
/// look for the site on itself) replaced by the one the browser asked for
/// (`http://192.168.1.5:1111`), so absolute links (the 404 page's, feeds', canonical ones) lead
/// back to this server. A `Host` that is not plainly a name or address is left alone.
fn for_host(bytes: Vec<u8>, content_type: &str, built_for: &str, host: &str) -> Vec<u8> {
    let plain = !host.is_empty()
        && host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']'));
    let text = content_type.starts_with("text/")
        || content_type.starts_with("application/")
            && ["xml", "json"].iter().any(|t| content_type.contains(t));
    if !plain || !text {
        return bytes;
    }
    match String::from_utf8(bytes) {
        Ok(text) => text
            .replace(built_for, &format!("http://{host}"))
            .into_bytes(),
        Err(e) => e.into_bytes(),
    }
}

enum Lookup {
    Found(String),
    /// A folder asked for without its trailing `/`: the page's relative links need it.
    Redirect(String),
    Missing,
}

/// Finds the file for a URL path as sent, percent-encoded. A `/` sent as `%2F` is no folder
/// separator to the browser: `/categories%2F` is the file `categories%2F` in the site's top
/// folder to it, so the page found there would resolve its relative links from `/`. Such a
/// request is redirected to the page's own address (`/categories/`), as a folder asked for
/// without its `/` is; what it does not find is missing (404), as anything else is. `%5C` is a
/// `\`, never a separator, and `%2E%2E` a `..`, which finds nothing: see [`lookup`].
fn lookup_target(files: &Files, path: &str) -> Lookup {
    let decoded = crate::support::urls::percent_decode(path);
    let found = lookup(files, &decoded);
    if decoded.matches('/').count() == path.matches('/').count() {
        return found;
    }
    match found {
        Lookup::Found(_) => Lookup::Redirect(format!("/{}", decoded.trim_start_matches('/'))),
        other => other,
    }
}

/// Finds the file for a decoded URL path: `/` and `/guides/sleep/` are folders holding
/// `index.html`.
fn lookup(files: &Files, path: &str) -> Lookup {
    let trimmed = path.trim_start_matches('/');
    if trimmed.split('/').any(|s| s == ".." || s == ".") {
        return Lookup::Missing;
    }
    if trimmed.is_empty() || trimmed.ends_with('/') {
        let index = format!("{trimmed}index.html");
        return if files.contains_key(&index) {
            Lookup::Found(index)
        } else {
            Lookup::Missing
        };
    }
    if files.contains_key(trimmed) {
        return Lookup::Found(trimmed.to_string());
    }
    if files.contains_key(&format!("{trimmed}/index.html")) {
        return Lookup::Redirect(format!("/{trimmed}/"));
    }
    Lookup::Missing
}

/// The `Content-Type` for a file, by its extension.
pub fn content_type(path: &str) -> &'static str {
    let ext = path
        .rsplit_once('.')
        .map(|(_, ext)| ext.to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" | "map" => "application/json",
        "xml" => "application/xml",
        "atom" => "application/atom+xml",
        "txt" | "md" => "text/plain; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "woff" => "font/woff",
        "woff2" => "font/woff2",
        "ttf" => "font/ttf",
        "otf" => "font/otf",
        "pdf" => "application/pdf",
        "mp3" => "audio/mpeg",
        "ogg" => "audio/ogg",
        "wav" => "audio/wav",
        "mp4" => "video/mp4",
        "webm" => "video/webm",
        "wasm" => "application/wasm",
        "zip" => "application/zip",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    #[test]
    fn looks_up_folders_and_redirects() {
        let mut files = Files::new();
        for path in ["index.html", "guides/sleep/index.html", "style.css"] {
            files.insert(path.to_string(), Arc::from(&b""[..]));
        }
        assert!(matches!(lookup(&files, "/"), Lookup::Found(f) if f == "index.html"));
        assert!(
            matches!(lookup(&files, "/guides/sleep/"), Lookup::Found(f) if f == "guides/sleep/index.html")
        );
        assert!(
            matches!(lookup(&files, "/guides/sleep"), Lookup::Redirect(to) if to == "/guides/sleep/")
        );
        assert!(matches!(lookup(&files, "/style.css"), Lookup::Found(_)));
        assert!(matches!(lookup(&files, "/../etc/passwd"), Lookup::Missing));
        assert!(matches!(lookup(&files, "/nope"), Lookup::Missing));
        // A `/` sent encoded is redirected to the page's own address; `\`, `..` and a `%`
        // encoded twice find nothing.
        for (asked, to) in [
            ("/guides%2fsleep%2F", "/guides/sleep/"),
            ("/guides%2Fsleep", "/guides/sleep/"),
            ("/guides/sleep%2findex.html", "/guides/sleep/index.html"),
        ] {
            assert!(
                matches!(lookup_target(&files, asked), Lookup::Redirect(t) if t == to),
                "{asked}"
            );
        }
        for asked in [
            "/guides%5csleep/",
            "/guides/sleep/%2e%2e/sleep/",
            "/guides%252fsleep/",
            "/%2e%2e%2fetc/passwd",
        ] {
            assert!(
                matches!(lookup_target(&files, asked), Lookup::Missing),
                "{asked}"
            );
        }
        assert!(matches!(
            lookup_target(&files, "/guides/sleep/"),
            Lookup::Found(_)
        ));
        assert_eq!(content_type("a/b.CSS"), "text/css; charset=utf-8");
    }

    #[test]
    fn a_site_served_on_every_interface_links_to_the_address_asked_for() {
        let page = b"<a href=\"http://0.0.0.0:1111/sleep/\">".to_vec();
        let built = "http://0.0.0.0:1111";
        let html = "text/html; charset=utf-8";
        assert_eq!(
            for_host(page.clone(), html, built, "192.168.1.5:1111"),
            b"<a href=\"http://192.168.1.5:1111/sleep/\">"
        );
        assert_eq!(
            for_host(
                page.clone(),
                "application/atom+xml",
                built,
                "laptop.local:1111"
            ),
            b"<a href=\"http://laptop.local:1111/sleep/\">"
        );
        // Not text, or a Host that is more than a name: as built.
        assert_eq!(for_host(page.clone(), "image/png", built, "a:1"), page);
        assert_eq!(for_host(page.clone(), html, built, "[::1]\"><x>"), page);
    }
}
