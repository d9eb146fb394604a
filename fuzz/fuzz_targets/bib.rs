//! A bibliography file, as bytes, read and formatted the way a build does: as CSL-JSON when it
//! starts with `[` or `{`, as RIS when it has a `TY  - ` tag, as BibTeX (with its `@string`
//! macros, crossrefs, LaTeX and dates) when it starts with `@` or `%`, else as YAML (CSL YAML
//! or Hayagriva YAML, as the reader tells them apart), then every work cited once with a locator, once all together and once narratively,
//! told apart as on one page, and listed, in APA. Any panic, hang or runaway allocation is a
//! finding (fuzz/bib.dict holds the tokens).

#![no_main]

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::OnceLock;

use attach_gen::bibliography::{self, CitationStyle};
use attach_gen::citation::{Citation, CiteItem, Locator};
use attach_gen::config::{self, Config};
use libfuzzer_sys::fuzz_target;

struct Setup {
    root: PathBuf,
    bib: Config,
    yaml: Config,
    json: Config,
    ris: Config,
    style: CitationStyle,
}

fn setup() -> &'static Setup {
    static SETUP: OnceLock<Setup> = OnceLock::new();
    SETUP.get_or_init(|| {
        let root = std::env::temp_dir().join(format!("attach-gen-fuzz-bib-{}", std::process::id()));
        std::fs::create_dir_all(&root).expect("temp dir");
        let parse = |file: &str| {
            config::parse(&root, &format!("title: T\nbibliography: [{file}]\n"))
                .unwrap_or_else(|e| panic!("config: {e:?}"))
        };
        let bib = parse("refs.bib");
        let yaml = parse("refs.yaml");
        let json = parse("refs.json");
        let ris = parse("refs.ris");
        let style = CitationStyle::load(&bib).unwrap_or_else(|e| panic!("style: {e:?}"));
        Setup {
            root,
            bib,
            yaml,
            json,
            ris,
            style,
        }
    })
}

fuzz_target!(|data: &[u8]| {
    let setup = setup();
    let start = data.iter().find(|b| !b.is_ascii_whitespace());
    let (config, file) = match start {
        Some(b'[' | b'{') => (&setup.json, "refs.json"),
        _ if data.windows(6).any(|w| w == b"TY  - ") => (&setup.ris, "refs.ris"),
        Some(b'@' | b'%') => (&setup.bib, "refs.bib"),
        _ => (&setup.yaml, "refs.yaml"),
    };
    if std::fs::write(setup.root.join(file), data).is_err() {
        return;
    }
    let (library, problems) = bibliography::load(config);
    if problems.iter().any(|d| d.is_error()) {
        return;
    }
    let mut keys: Vec<String> = library.keys().into_iter().collect();
    keys.sort();
    keys.truncate(50);
    let item = |key: &String, locator: bool| CiteItem {
        key: key.clone(),
        prefix: None,
        locator: locator.then(|| Locator {
            kind: "page",
            value: "4".into(),
        }),
        suffix: None,
        suppress_author: false,
        form: Default::default(),
    };
    let mut citations: Vec<Citation> = keys
        .iter()
        .map(|key| Citation {
            items: vec![item(key, true)],
            narrative: false,
        })
        .collect();
    citations.push(Citation {
        items: keys.iter().map(|key| item(key, false)).collect(),
        narrative: false,
    });
    if let Some(first) = keys.first() {
        citations.push(Citation {
            items: vec![item(first, false)],
            narrative: true,
        });
    }
    let cited_by: BTreeMap<&str, Vec<usize>> =
        keys.iter().map(|key| (key.as_str(), vec![0])).collect();
    // Each work told apart from the others as on one page, then everything formatted.
    bibliography::distinguish_page(&library, &setup.style, &mut citations, &[]);
    let refs: Vec<&Citation> = citations.iter().collect();
    let _ = bibliography::format(&library, &setup.style, &refs, &cited_by, true);
});
