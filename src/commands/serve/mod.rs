//! `attach-gen serve`: the site built into memory, served over HTTP on loopback, rebuilt when a
//! source changes, with open pages reloading by themselves.
//!
//! - [`builder`]: the site is built by the same [`pipeline`](crate::pipeline) as `build`, into
//!   a map from output path to bytes; nothing is written to disk. The configuration,
//!   bibliography, citation style and theme are kept between rebuilds and loaded again only
//!   when site.yaml, a bibliography or style file, or a template changes. A rebuild reports
//!   what `build` would.
//! - [`watch`]: the folders that make the site are watched, and changes debounced.
//! - [`http`]: synchronous, bounded (request heads, connections, time), and answering only this
//!   computer's own pages (Host, Origin and fetch-metadata checks; no CORS); [`respond`] finds
//!   the file for a URL.
//! - [`live_reload`]: open pages reload after a rebuild that changed them, and show a failed
//!   rebuild's errors in an overlay.
//!
//! The site's folder is resolved once, at start (`.` becomes `/home/me/site`): the watcher
//! reports absolute, resolved paths, which are compared with it.

pub mod builder;
pub mod http;
pub mod live_reload;
pub mod respond;
pub mod watch;

use std::net::IpAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

use crate::commands::build::BuildFailure;
use crate::config::CONFIG_FILE;
use crate::support::diagnostic::{Code, Diagnostic};
use builder::Builder;
use live_reload::{Shared, publish, publish_early};
use watch::Watcher;

pub use live_reload::EVENTS_PATH;
pub use watch::QUIET;

/// What `attach-gen serve` was asked to do.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub root: PathBuf,
    pub port: u16,
    pub interface: IpAddr,
    pub drafts: bool,
}

/// Messages for the person running the server.
pub trait Log: Send + Sync {
    fn info(&self, text: &str);
    /// A failed build's errors (and warnings), to print as diagnostics.
    fn diagnostics(&self, diagnostics: &[Diagnostic]);
}

/// Why the server could not start.
#[derive(Debug)]
pub enum ServeError {
    /// The address is taken (another server, or another `attach-gen serve`).
    PortInUse { interface: IpAddr, port: u16 },
    /// Any other failure to listen.
    Listen(String),
    /// The site could not be loaded at all (no site.yaml): nothing to serve.
    NotASite(Vec<Diagnostic>),
}

impl ServeError {
    /// The errors to print: the site's, or one saying why the server could not listen.
    pub fn diagnostics(&self) -> Vec<Diagnostic> {
        match self {
            ServeError::PortInUse { interface, port } => vec![
                Diagnostic::error(
                    Code::Serve,
                    format!("port {port} on {interface} is already in use (another server, or another attach-gen serve?)"),
                )
                .with_hint(format!(
                    "stop the other server, or pick another port: attach-gen serve --port {}",
                    port.saturating_add(1).max(1024)
                )),
            ],
            ServeError::Listen(why) => vec![Diagnostic::error(
                Code::Serve,
                format!("cannot start the server: {why}"),
            )],
            ServeError::NotASite(errors) => errors.clone(),
        }
    }
}

/// Runs the server until `stop` is set. Returns once the listener is closed.
pub fn serve(
    options: &ServeOptions,
    stop: Arc<AtomicBool>,
    log: Arc<dyn Log>,
    on_ready: &dyn Fn(&str),
) -> Result<(), ServeError> {
    if !options.root.join(CONFIG_FILE).is_file() {
        let errors = crate::pipeline::load_config(&options.root, None, options.drafts)
            .err()
            .map(|errors| BuildFailure::from_diagnostics(errors).errors)
            .unwrap_or_default();
        return Err(ServeError::NotASite(errors));
    }
    let (server, address) = listen(options)?;

    // The first build, before anything is served.
    let mut builder = Builder::new(options, address.clone());
    let started = Instant::now();
    let first = builder.build(Default::default(), &[], &mut |_| {});
    let shared = live_reload::shared();
    publish(&shared, &log, first, started, "Built", None);
    let mut watcher = Watcher::start(&*log);
    watcher.watch_all(builder.root(), &builder.config_files());
    on_ready(&format!(
        "{}/",
        address_to_open(&address, options.interface)
    ));

    let rebuilds = (shared.clone(), log, stop.clone());
    std::thread::spawn(move || rebuild_on_changes(builder, watcher, rebuilds));
    let guard = http::Guard::new();
    let handler_shared = shared.clone();
    let handler_stop = stop.clone();
    let any_interface = options.interface.is_unspecified().then_some(address);
    server.run(
        &stop,
        Arc::new(move |stream, request| {
            respond::respond(
                stream,
                &request,
                &guard,
                &handler_shared,
                &handler_stop,
                any_interface.as_deref(),
            )
        }),
    );
    // Wake the event streams so they end.
    shared.1.notify_all();
    Ok(())
}

/// The listener, and the address it is reachable at (`http://127.0.0.1:1111`).
fn listen(options: &ServeOptions) -> Result<(http::Server, String), ServeError> {
    let server = http::Server::bind(options.interface, options.port).map_err(|e| {
        if e.kind() == std::io::ErrorKind::AddrInUse {
            ServeError::PortInUse {
                interface: options.interface,
                port: options.port,
            }
        } else {
            ServeError::Listen(format!(
                "cannot listen on {}:{}: {e}",
                options.interface, options.port
            ))
        }
    })?;
    let port = server.address().port();
    let host = match options.interface {
        IpAddr::V6(ip) => format!("[{ip}]"),
        IpAddr::V4(ip) => ip.to_string(),
    };
    Ok((server, format!("http://{host}:{port}")))
}

/// The address to print and open: on every interface (`0.0.0.0`, `::`), which some browsers
/// refuse to open and which is no address on Windows, this computer's own
/// (`http://127.0.0.1:1111`).
fn address_to_open(address: &str, interface: IpAddr) -> String {
    match interface {
        IpAddr::V4(ip) if ip.is_unspecified() => address.replacen("0.0.0.0", "127.0.0.1", 1),
        IpAddr::V6(ip) if ip.is_unspecified() => address.replacen("[::]", "[::1]", 1),
        _ => address.to_string(),
    }
}

/// Rebuilds after every change until `stop` is set, publishing each result.
fn rebuild_on_changes(
    mut builder: Builder,
    mut watcher: Watcher,
    (shared, log, stop): (Shared, Arc<dyn Log>, Arc<AtomicBool>),
) {
    while !stop.load(Ordering::Relaxed) {
        let root = builder.root().to_path_buf();
        let Some((changes, paths)) = watcher.next_changes(&root, &builder.config_files(), &stop)
        else {
            continue;
        };
        // Before the build reads them: a folder made (or made again) since the last build is
        // watched from now on, so a change made while the build runs is not missed.
        watcher.watch_all(&root, &builder.config_files());
        let started = Instant::now();
        let mut early_ms = None;
        let result = builder.build(changes, &paths, &mut |files| {
            if publish_early(&shared, files) {
                early_ms = Some(started.elapsed().as_millis());
            }
        });
        let what = watch::describe(&root, &paths);
        publish(
            &shared,
            &log,
            result,
            started,
            &format!("{what}: rebuilt"),
            early_ms,
        );
        // The build may have read a new site.yaml that names other files to watch.
        watcher.watch_all(&root, &builder.config_files());
    }
}
