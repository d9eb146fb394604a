//! Answering a request for `serve`: the built file at the URL asked for, HTML with the
//! live-reload script, and the event stream.

use std::net::TcpStream;
use std::sync::atomic::AtomicBool;

use crate::commands::serve::http;
use crate::commands::serve::live_reload::{EVENTS_PATH, Shared, events, inject};
use crate::output::Files;

/// Answers one request.
pub fn respond(
    mut stream: TcpStream,
    request: &http::Request,
    guard: &http::Guard,
    shared: &Shared,
    stop: &AtomicBool,
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
            http::Response::text(405, "only GET and HEAD are supported\n"),
        );
        return;
    }
    let (path, query) = match request.target.split_once('?') {
        Some((path, query)) => (path, Some(query)),
        None => (request.target.as_str(), None),
    };
    if path == EVENTS_PATH {
        events(&mut stream, shared, stop);
        return;
    }
    let decoded = crate::support::urls::percent_decode(path);
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
    let rel = match lookup(&files, &decoded) {
        Lookup::Found(rel) => Some(rel),
        Lookup::Redirect(to) => {
            let location = match query {
                Some(q) => format!("{to}?{q}"),
                None => to,
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
    send(stream, http::Response::new(status, content_type, bytes));
}

enum Lookup {
    Found(String),
    /// A folder asked for without its trailing `/`: the page's relative links need it.
    Redirect(String),
    Missing,
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
        assert_eq!(content_type("a/b.CSS"), "text/css; charset=utf-8");
    }
}
