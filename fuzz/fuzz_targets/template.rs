//! One template of the default theme replaced by the fuzzer's bytes, loaded as a theme and
//! rendered for a small site the way a build does: every page, listing, the bibliography and
//! the 404 page. Which template is replaced is chosen by the first byte (`page.html`,
//! `base.html`, `index.html` or `summary.html`). Load and render errors are fine; a panic
//! (also one attach-gen catches inside Tera and reports), a hang (a template that runs away
//! past the limits) or a runaway allocation is a finding (see scripts/fuzz).

#![no_main]

use std::collections::HashSet;
use std::path::PathBuf;
use std::sync::OnceLock;

use attach_gen::bibliography::{self, CitationStyle, Library};
use attach_gen::config::{self, Config};
use attach_gen::content::{SourcePage, parse_page};
use attach_gen::output::Discard;
use attach_gen::render::{self, StaticFiles};
use attach_gen::{pipeline, site};
use libfuzzer_sys::fuzz_target;

/// Where the site lives, and what is loaded once.
struct Setup {
    root: PathBuf,
    config: Config,
    library: Library,
    style: CitationStyle,
    pages: Vec<SourcePage>,
}

const TEMPLATES: [&str; 4] = ["page.html", "base.html", "index.html", "summary.html"];

fn setup() -> &'static Setup {
    static SETUP: OnceLock<Setup> = OnceLock::new();
    SETUP.get_or_init(|| {
        let base = if std::path::Path::new("/dev/shm").is_dir() {
            PathBuf::from("/dev/shm")
        } else {
            std::env::temp_dir()
        };
        let root = base.join(format!("attach-gen-fuzz-template-{}", std::process::id()));
        std::fs::create_dir_all(root.join("templates")).expect("temp dir");
        let config = config::parse(
            &root,
            "title: Fuzz\nbase_url: https://example.test/f\ncategories:\n  - name: Wellbeing\n    description: About it.\npaginate_by: 2\n",
        )
        .unwrap_or_else(|e| panic!("config: {e:?}"));
        let style = CitationStyle::load(&config).unwrap_or_else(|e| panic!("style: {e:?}"));
        let pages = [
            ("a.md", "---\ntitle: Sleep <b>&</b> rest\ndescription: Why \"rest\" helps.\ncategories: [Wellbeing, Rest]\ndate: 2024-02-29\nweight: 1\nextra: {note: '<i>x</i>', list: [1, 2]}\n---\n## One\n\n## Two\n\n## Three {#three .x}\n\nText[^n] with a [link](b.md).\n\n[^n]: A note.\n"),
            ("b.md", "---\ntitle: Whānau\ncategories: [Wellbeing]\nreferences: [A free text reference.]\n---\nBody.\n"),
            ("c/d.md", "---\ntitle: Deep\n---\n"),
        ]
        .into_iter()
        .map(|(rel, text)| {
            parse_page(
                &PathBuf::from("content").join(rel),
                rel.to_string(),
                text.as_bytes().to_vec(),
            )
            .unwrap_or_else(|e| panic!("page: {e:?}"))
        })
        .collect();
        Setup {
            root,
            config,
            library: bibliography::Library::default(),
            style,
            pages,
        }
    })
}

fuzz_target!(|data: &[u8]| {
    let Some((&which, text)) = data.split_first() else {
        return;
    };
    let setup = setup();
    let name = TEMPLATES[usize::from(which) % TEMPLATES.len()];
    let path = setup.root.join("templates").join(name);
    if std::fs::write(&path, text).is_err() {
        return;
    }
    let loaded = render::load_theme(&setup.config);
    let _ = std::fs::remove_file(&path);
    let theme = match loaded {
        Ok(theme) => theme,
        Err(errors) => {
            for d in errors {
                let _ = d.render();
            }
            return;
        }
    };
    let statics = StaticFiles::gather(&setup.config.root, &theme);
    let names: HashSet<String> = statics.files.keys().cloned().collect();
    let static_paths = std::collections::HashMap::new();
    let body_words = site::BodyWords::default();
    let Ok(today) = attach_gen::content::Date::parse("2026-03-01") else {
        return;
    };
    let input = site::Input {
        config: setup.config.clone(),
        pages: setup.pages.clone(),
        drafts_left_out: &[],
        unreadable: &[],
        content_files: &[],
        theme: site::ThemeNames {
            static_files: &names,
            ids: &theme.ids,
            static_paths: &static_paths,
            body_words: &body_words,
        },
        library: &setup.library,
        style: &setup.style,
        glossary: None,
        today,
    };
    let Ok(site) = site::build(input, None) else {
        return;
    };
    if let Err(errors) = pipeline::write_site(&site, &theme, &statics, &Discard, &|_| {}) {
        for d in errors {
            // attach-gen catches a panic inside Tera and reports it; for the fuzzer it is
            // still a finding.
            assert!(
                !d.message.contains("crashed the template engine"),
                "{}",
                d.render()
            );
        }
    }
});
