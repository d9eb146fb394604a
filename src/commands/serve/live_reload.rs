//! Live reload for `serve`: what is served now, and telling open pages when it changed.
//!
//! Pages get a small script (injected into HTML responses only, before `</body>`) that listens
//! to server-sent events on [`EVENTS_PATH`] and reloads the page after a rebuild that changed
//! it. When a rebuild fails the last good build is still served, and every HTML page shows the
//! errors (file, line, message, hint; HTML-escaped) in an overlay. The next good rebuild
//! reloads the page without it.

use std::collections::HashMap;
use std::io::Write as _;
use std::net::TcpStream;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

use crate::commands::build::BuildFailure;
use crate::commands::serve::builder::Built;
use crate::commands::serve::{Log, http};
use crate::output::Files;
use crate::support::diagnostic::{self, Diagnostic};

/// The server-sent events stream of build results.
pub const EVENTS_PATH: &str = "/__attach-gen/events";

/// The state every request reads.
pub struct State {
    /// The last good build.
    pub files: Arc<Files>,
    /// The errors of the latest build; empty when it succeeded.
    pub errors: Vec<String>,
    /// How many errors those are: more than `errors` when a page had more than are shown.
    pub error_count: usize,
    /// Bumped whenever what is served changes.
    pub generation: u64,
    /// The warnings of the latest good build, as printed (printed again only when they change).
    warnings: Vec<String>,
    /// What each recent generation changed: output paths of HTML files, or `None` for
    /// "anything" (a stylesheet, the errors shown, ...). Pages reload only when theirs changed.
    history: Vec<(u64, Option<Vec<String>>)>,
}

impl State {
    /// Records a new generation.
    fn bump(&mut self, changed: Option<Vec<String>>) {
        self.generation += 1;
        self.history.push((self.generation, changed));
        if self.history.len() > 32 {
            self.history.remove(0);
        }
    }

    /// Every output path changed after generation `seen`; `None` when anything may have.
    fn changed_since(&self, seen: u64) -> Option<Vec<String>> {
        let oldest = self.history.first().map_or(u64::MAX, |(g, _)| *g);
        if seen + 1 < oldest {
            return None;
        }
        let mut all = Vec::new();
        for (generation, changed) in &self.history {
            if *generation > seen {
                all.extend(changed.as_ref()?.iter().cloned());
            }
        }
        all.sort();
        all.dedup();
        Some(all)
    }
}

/// The state, and the signal that it changed.
pub type Shared = Arc<(Mutex<State>, Condvar)>;

/// The state before the first build.
pub fn shared() -> Shared {
    Arc::new((
        Mutex::new(State {
            files: Arc::new(HashMap::new()),
            errors: Vec::new(),
            error_count: 0,
            generation: 0,
            warnings: Vec::new(),
            history: Vec::new(),
        }),
        Condvar::new(),
    ))
}

/// The output paths whose bytes differ between two builds (added and removed ones too);
/// `None` when a file other than an HTML page changed, since any page may show it.
fn changed_files(old: &Files, new: &Files) -> Option<Vec<String>> {
    let mut changed: Vec<String> = new
        .iter()
        .filter(|(path, bytes)| old.get(*path) != Some(*bytes))
        .map(|(path, _)| path.clone())
        .chain(old.keys().filter(|path| !new.contains_key(*path)).cloned())
        .collect();
    if changed.iter().any(|path| !path.ends_with(".html")) {
        return None;
    }
    changed.sort();
    Some(changed)
}

/// Serves the changed pages of a build that is still rendering the rest, and reloads them.
/// Returns whether any page changed.
pub fn publish_early(shared: &Shared, pages: Files) -> bool {
    let (lock, wake) = &**shared;
    let mut state = lock.lock().unwrap_or_else(|e| e.into_inner());
    if !state.errors.is_empty() {
        // The overlay goes only once the whole site builds again.
        return false;
    }
    let changed: Vec<String> = pages
        .iter()
        .filter(|(path, bytes)| state.files.get(*path) != Some(*bytes))
        .map(|(path, _)| path.clone())
        .collect();
    if changed.is_empty() {
        return false;
    }
    let mut files: Files = (*state.files).clone();
    files.extend(pages);
    state.files = Arc::new(files);
    state.bump(Some(changed));
    drop(state);
    wake.notify_all();
    true
}

/// Stores a build's result and tells the open pages it changed.
pub fn publish(
    shared: &Shared,
    log: &Arc<dyn Log>,
    result: Result<Built, BuildFailure>,
    started: Instant,
    what: &str,
    early_ms: Option<u128>,
) {
    let elapsed = started.elapsed().as_millis();
    let (lock, wake) = &**shared;
    let mut state = lock.lock().unwrap_or_else(|e| e.into_inner());
    match result {
        Ok(built) => {
            let changed = if state.errors.is_empty() {
                changed_files(&state.files, &built.files)
            } else {
                None
            };
            state.files = Arc::new(built.files);
            state.errors.clear();
            state.error_count = 0;
            let warnings: Vec<String> = built.warnings.iter().map(Diagnostic::render).collect();
            let new_warnings = warnings != state.warnings;
            state.warnings = warnings;
            let count = changed.as_ref().map(Vec::len);
            if count != Some(0) {
                state.bump(changed);
            }
            drop(state);
            wake.notify_all();
            if new_warnings {
                log.diagnostics(&built.warnings);
            }
            let early = early_ms
                .map(|ms| format!(" (the changed page reloaded after {ms} ms)"))
                .unwrap_or_default();
            // A page just started with `attach-gen new` is a draft: say where it went.
            let drafts = match built.drafts_left_out {
                0 => String::new(),
                1 => " (1 draft left out; serve --drafts shows it)".to_string(),
                n => format!(" ({n} drafts left out; serve --drafts shows them)"),
            };
            log.info(&format!(
                "{what} in {elapsed} ms{early}: {} page{}{drafts}.",
                built.pages,
                if built.pages == 1 { "" } else { "s" }
            ));
        }
        Err(failure) => {
            let nothing_built = state.files.is_empty();
            let count = diagnostic::count(&failure.errors);
            state.errors = failure.errors.iter().map(Diagnostic::render).collect();
            state.error_count = count.max(1);
            if state.errors.is_empty() {
                state.errors.push("the site could not be built".into());
            }
            state.bump(None);
            drop(state);
            wake.notify_all();
            log.diagnostics(&failure.warnings);
            log.diagnostics(&failure.errors);
            log.info(&format!(
                "Build failed with {count} error{} in {elapsed} ms; {}",
                if count == 1 { "" } else { "s" },
                if nothing_built {
                    "the browser shows them until they are fixed."
                } else {
                    "still serving the last good build."
                }
            ));
        }
    }
}

/// The HTML page with the live-reload script (and the error overlay, when the latest build
/// failed) put before its last `</body>`.
/// `page` is the output path served, so the page knows whether a rebuild changed it.
/// `errors` are the latest build's errors as shown, `error_count` how many there are in all,
/// `built` whether a good build is served underneath (not when the first build failed).
pub fn inject(
    html: &[u8],
    generation: u64,
    (errors, error_count, built): (&[String], usize, bool),
    page: &str,
) -> String {
    let html = String::from_utf8_lossy(html);
    let mut extra = String::new();
    if !errors.is_empty() {
        extra.push_str(&overlay_html(errors, error_count.max(errors.len()), built));
    }
    let page = serde_json::to_string(page)
        .unwrap_or_else(|_| "\"\"".into())
        .replace('<', "\\u003c");
    extra.push_str(
        &RELOAD_SCRIPT
            .replace("GENERATION", &generation.to_string())
            .replace("PAGE", &page),
    );
    let position = html
        .to_ascii_lowercase()
        .rfind("</body>")
        .unwrap_or(html.len());
    let mut out = String::with_capacity(html.len() + extra.len());
    out.push_str(&html[..position]);
    out.push_str(&extra);
    out.push_str(&html[position..]);
    out
}

/// What the overlay says under its title: the last good build is shown underneath, or (when
/// the first build failed) nothing is yet.
fn overlay_note(count: usize, built: bool) -> String {
    format!(
        "Fix {} and save: this page reloads by itself. {}",
        if count == 1 { "it" } else { "them" },
        if built {
            "Until then you see the last good build."
        } else {
            "The site has not been built yet: it shows here once the errors are fixed."
        }
    )
}

/// The overlay listing a failed build's errors, every character of them escaped.
fn overlay_html(errors: &[String], count: usize, built: bool) -> String {
    let mut out = String::from(
        "<div id=\"attach-gen-errors\" role=\"alert\" style=\"position:fixed;inset:1rem;z-index:2147483647;overflow:auto;background:#fff5f5;color:#1a1a1a;border:3px solid #b00020;border-radius:8px;padding:1rem 1.5rem;font:15px/1.5 system-ui,sans-serif;box-shadow:0 4px 24px rgba(0,0,0,.3)\">",
    );
    out.push_str(&format!(
        "<button type=\"button\" onclick=\"this.parentNode.remove()\" style=\"float:right;font-size:1rem\" aria-label=\"Hide\">Hide</button><h2 style=\"margin-top:0;color:#b00020\">The site could not be {}: {} error{}</h2><p>{}</p>",
        if built { "rebuilt" } else { "built" },
        count,
        if count == 1 { "" } else { "s" },
        overlay_note(count, built)
    ));
    for error in errors {
        out.push_str("<pre class=\"attach-gen-error\" style=\"white-space:pre-wrap;background:#fff;border:1px solid #e0b4b4;padding:.75rem;font:14px/1.4 ui-monospace,monospace\">");
        crate::support::escape::html(error, &mut out);
        out.push_str("</pre>");
    }
    out.push_str("</div>");
    out
}

/// Reloads the page when a rebuild changed it (or changed a stylesheet or the like); shows the
/// errors (as text, never as HTML) when one fails; reloads after a reconnect if a build
/// happened meanwhile.
const RELOAD_SCRIPT: &str = r#"<script>
(function () {
  var generation = GENERATION, page = PAGE;
  var events = new EventSource("/__attach-gen/events");
  events.addEventListener("hello", function (e) {
    if (Number(e.data) !== generation) location.reload();
  });
  events.addEventListener("reload", function (e) {
    var data = JSON.parse(e.data);
    if (!data.paths || data.paths.indexOf(page) >= 0 || document.getElementById("attach-gen-errors")) {
      location.reload();
    } else {
      generation = data.generation;
    }
  });
  events.addEventListener("errors", function (e) {
    var data = JSON.parse(e.data);
    generation = data.generation;
    var old = document.getElementById("attach-gen-errors");
    if (old) old.remove();
    var box = document.createElement("div");
    box.id = "attach-gen-errors";
    box.setAttribute("role", "alert");
    box.style.cssText = "position:fixed;inset:1rem;z-index:2147483647;overflow:auto;background:#fff5f5;color:#1a1a1a;border:3px solid #b00020;border-radius:8px;padding:1rem 1.5rem;font:15px/1.5 system-ui,sans-serif;box-shadow:0 4px 24px rgba(0,0,0,.3)";
    var hide = document.createElement("button");
    hide.type = "button";
    hide.textContent = "Hide";
    hide.style.cssText = "float:right;font-size:1rem";
    hide.onclick = function () { box.remove(); };
    var title = document.createElement("h2");
    title.style.cssText = "margin-top:0;color:#b00020";
    var n = Math.max(data.count || 0, data.errors.length);
    title.textContent = "The site could not be " + (data.built ? "rebuilt: " : "built: ") + n + (n === 1 ? " error" : " errors");
    var note = document.createElement("p");
    note.textContent = "Fix " + (n === 1 ? "it" : "them") + " and save: this page reloads by itself. " + (data.built ? "Until then you see the last good build." : "The site has not been built yet: it shows here once the errors are fixed.");
    box.append(hide, title, note);
    data.errors.forEach(function (text) {
      var pre = document.createElement("pre");
      pre.className = "attach-gen-error";
      pre.style.cssText = "white-space:pre-wrap;background:#fff;border:1px solid #e0b4b4;padding:.75rem;font:14px/1.4 ui-monospace,monospace";
      pre.textContent = text;
      box.append(pre);
    });
    document.body.append(box);
  });
})();
</script>
"#;

/// A server-sent events stream: `hello` with the current generation, then `reload` after each
/// change to what is served (JSON: the generation and the output paths changed, or `null` for
/// "reload every page") and `errors` (JSON: generation and the errors as text) after each
/// failed rebuild.
pub fn events(writer: &mut TcpStream, shared: &Shared, stop: &AtomicBool) {
    let (lock, wake) = &**shared;
    let mut seen = lock.lock().unwrap_or_else(|e| e.into_inner()).generation;
    let head = http::event_stream_head(&format!("retry: 500\nevent: hello\ndata: {seen}\n\n"));
    if writer
        .write_all(head.as_bytes())
        .and_then(|_| writer.flush())
        .is_err()
    {
        return;
    }
    let mut last_write = Instant::now();
    loop {
        let message = {
            let mut state = lock.lock().unwrap_or_else(|e| e.into_inner());
            while state.generation == seen && !stop.load(Ordering::Relaxed) {
                let (next, timeout) = wake
                    .wait_timeout(state, Duration::from_secs(1))
                    .unwrap_or_else(|e| e.into_inner());
                state = next;
                if timeout.timed_out() && last_write.elapsed() >= Duration::from_secs(15) {
                    break;
                }
            }
            if stop.load(Ordering::Relaxed) {
                return;
            }
            if state.generation == seen {
                ": keep-alive\n\n".to_string()
            } else {
                let changed = state.changed_since(seen);
                seen = state.generation;
                if state.errors.is_empty() {
                    let data = serde_json::json!({ "generation": seen, "paths": changed });
                    format!("event: reload\ndata: {data}\n\n")
                } else {
                    let data = serde_json::json!({ "generation": seen, "errors": state.errors, "count": state.error_count, "built": !state.files.is_empty() });
                    format!("event: errors\ndata: {data}\n\n")
                }
            }
        };
        if writer
            .write_all(message.as_bytes())
            .and_then(|_| writer.flush())
            .is_err()
        {
            return;
        }
        last_write = Instant::now();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn injects_before_the_last_body_end() {
        let html = inject(b"<p></body> x</BODY>", 7, (&[], 0, true), "a/index.html");
        assert!(html.starts_with("<p></body> x<script>"));
        assert!(html.contains("var generation = 7, page = \"a/index.html\";"));
        assert!(html.ends_with("</BODY>"));
    }

    #[test]
    fn overlay_escapes_errors() {
        let html = overlay_html(
            &["a.md:1:1: error: <script>alert('x')</script> & \"".into()],
            1,
            true,
        );
        assert!(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;"));
        assert!(!html.contains("<script>alert"));
    }

    #[test]
    fn only_changed_pages_reload() {
        let file = |text: &str| -> Arc<[u8]> { Arc::from(text.as_bytes()) };
        let old: Files = [("a/index.html", "a"), ("b/index.html", "b")]
            .into_iter()
            .map(|(p, t)| (p.to_string(), file(t)))
            .collect();
        let mut new = old.clone();
        new.insert("a/index.html".into(), file("A"));
        assert_eq!(
            changed_files(&old, &new),
            Some(vec!["a/index.html".to_string()])
        );
        new.insert("style.css".into(), file("x"));
        assert_eq!(changed_files(&old, &new), None);

        let mut state = State {
            files: Arc::new(old),
            errors: Vec::new(),
            error_count: 0,
            generation: 0,
            warnings: Vec::new(),
            history: Vec::new(),
        };
        state.bump(Some(vec!["a/index.html".into()]));
        state.bump(Some(vec!["b/index.html".into()]));
        assert_eq!(
            state.changed_since(1),
            Some(vec!["b/index.html".to_string()])
        );
        assert_eq!(state.changed_since(0).map(|c| c.len()), Some(2));
        state.bump(None);
        assert_eq!(state.changed_since(1), None);
    }
}
