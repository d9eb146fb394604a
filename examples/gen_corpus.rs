//! Generates a benchmark corpus: N resource pages in attach-gen's format and, optionally, the
//! same pages in Hugo's format with equivalent minimal layouts. Deterministic from `--seed`.
//!
//! cargo run --release --example gen_corpus -- --pages 10000 --out /dev/shm/corpus [--hugo]
//!     [--citations 3]   (0 to 3 citations a page, chosen at random; the default)
//!     [--exact]         (exactly --citations citations on every page)
//!     [--seed 1]
//!     [--glossary 200]  (a glossary of N te reo Māori-like terms, `whānau` among them, named
//!                        in site.yaml; the pages are the same with or without it)
//!     [--category-skew] (as real sites have it: "Mental Health" on 80% of pages, "Wellbeing"
//!                       on 40%, the other ten on 5% each; otherwise 1–4 of the 12 at random)
//!     [--features]      (the whole feature set: a help box on every page, site.yaml
//!                       `languages:` with a te reo Māori version of every tenth page, a photo
//!                       wider than `images.max_width` on every twentieth page (ten photos, so
//!                       resized copies are made once and then come from the cache), and a
//!                       200-term glossary unless --glossary says otherwise; the Hugo site gets
//!                       the same languages, translations and photos)

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

const CATEGORIES: [&str; 12] = [
    "For Family / Whānau",
    "Mental Health",
    "Wellbeing",
    "For Myself",
    "Grief & Loss",
    "Māori Wellbeing",
    "Sleep / Rest",
    "Anxiety & Stress",
    "Relationships",
    "Parenting / Tamariki",
    "Work & Study",
    "Ōtautahi Services",
];

const WORDS: &[&str] = &[
    "attachment",
    "whānau",
    "support",
    "wellbeing",
    "sleep",
    "routine",
    "comfort",
    "listening",
    "stress",
    "anxiety",
    "calm",
    "breathing",
    "connection",
    "trust",
    "repair",
    "feelings",
    "children",
    "parents",
    "friends",
    "community",
    "health",
    "balance",
    "rest",
    "movement",
    "outside",
    "kindness",
    "patience",
    "habits",
    "change",
    "growth",
    "safety",
    "care",
    "time",
    "help",
    "talk",
    "notice",
    "gentle",
    "steady",
    "daily",
    "small",
    "practice",
    "moment",
    "body",
    "mind",
];

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        // xorshift64*: small, fast and deterministic; quality is ample for filler text.
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn word(&mut self) -> &'static str {
        WORDS[self.below(WORDS.len())]
    }
}

struct Args {
    pages: usize,
    seed: u64,
    citations: usize,
    out: PathBuf,
    hugo: bool,
    exact: bool,
    glossary: usize,
    skew: bool,
    features: bool,
}

fn parse_args() -> Result<Args, String> {
    let mut args = Args {
        pages: 1000,
        seed: 1,
        citations: 3,
        out: PathBuf::from("corpus"),
        hugo: false,
        exact: false,
        glossary: 0,
        skew: false,
        features: false,
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let mut value = || it.next().ok_or_else(|| format!("{flag} needs a value"));
        match flag.as_str() {
            "--pages" => args.pages = value()?.parse().map_err(|e| format!("--pages: {e}"))?,
            "--seed" => args.seed = value()?.parse().map_err(|e| format!("--seed: {e}"))?,
            "--citations" => {
                args.citations = value()?.parse().map_err(|e| format!("--citations: {e}"))?
            }
            "--out" => args.out = PathBuf::from(value()?),
            "--hugo" => args.hugo = true,
            "--exact" => args.exact = true,
            "--glossary" => {
                args.glossary = value()?.parse().map_err(|e| format!("--glossary: {e}"))?
            }
            "--category-skew" => args.skew = true,
            "--features" => args.features = true,
            other => return Err(format!("unknown argument {other}")),
        }
    }
    if args.features && args.glossary == 0 {
        args.glossary = 200;
    }
    Ok(args)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args = parse_args()?;
    let mut rng = Rng(args.seed.max(1).wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
    let attach = args.out.join("attach-gen");
    let hugo = args.out.join("hugo");
    if attach.exists() {
        fs::remove_dir_all(&attach)?;
    }
    write_attach_skeleton(&attach)?;
    if args.glossary > 0 {
        write_glossary(&attach, args.glossary)?;
    }
    if args.hugo {
        if hugo.exists() {
            fs::remove_dir_all(&hugo)?;
        }
        write_hugo_skeleton(&hugo)?;
    }
    if args.features {
        write_features(&attach, args.hugo.then_some(hugo.as_path()))?;
    }
    for n in 0..args.pages {
        let page = make_page(&mut rng, n, &args);
        write(
            &attach.join(format!("content/section-{}/page-{n}.md", n % 20)),
            &page.attach,
        )?;
        if args.hugo {
            write(
                &hugo.join(format!("content/section-{}/page-{n}.md", n % 20)),
                &page.hugo,
            )?;
        }
        // Every tenth page has a te reo Māori version: the same text under another title (a
        // benchmark measures the work, not the words).
        if args.features && n % 10 == 0 {
            let translated = page.attach.replacen("title: \"", "title: \"Te reo: ", 1);
            write(
                &attach.join(format!("content/section-{}/page-{n}.mi.md", n % 20)),
                &translated,
            )?;
            if args.hugo {
                write(
                    &hugo.join(format!("content/section-{}/page-{n}.mi.md", n % 20)),
                    &translated,
                )?;
            }
        }
    }
    println!("wrote {} pages to {}", args.pages, args.out.display());
    Ok(())
}

struct Page {
    attach: String,
    hugo: String,
}

fn make_page(rng: &mut Rng, n: usize, args: &Args) -> Page {
    let (max_citations, exact) = (args.citations, args.exact);
    let title = format!("{} and {} {n}", capitalise(rng.word()), rng.word());
    let categories = if args.skew {
        skewed_categories(rng)
    } else {
        even_categories(rng)
    };
    let date = format!(
        "20{:02}-{:02}-{:02}",
        15 + rng.below(10),
        1 + rng.below(12),
        1 + rng.below(28)
    );
    let mut body = String::with_capacity(7000);
    let citations = if exact || max_citations == 0 {
        max_citations
    } else {
        rng.below(max_citations + 1)
    };
    let mut cited = 0;
    while body.len() < 6000 {
        let _ = writeln!(body, "## {} {}\n", capitalise(rng.word()), rng.word());
        for _ in 0..3 {
            let mut sentence = String::new();
            for w in 0..40 + rng.below(30) {
                if w > 0 {
                    sentence.push(' ');
                }
                match rng.below(40) {
                    0 => {
                        let _ = write!(sentence, "*{}*", rng.word());
                    }
                    1 => {
                        let _ = write!(sentence, "**{}**", rng.word());
                    }
                    _ => sentence.push_str(rng.word()),
                }
            }
            if cited < citations && rng.below(3) == 0 {
                let key = rng.below(50);
                if rng.below(2) == 0 {
                    let _ = write!(sentence, " [@work{key}, p. {}]", 1 + rng.below(300));
                } else {
                    let _ = write!(sentence, " [@work{key}]");
                }
                cited += 1;
            }
            let _ = writeln!(body, "{}.\n", capitalise(&sentence));
        }
        let _ = writeln!(
            body,
            "1. {}\n2. {}\n3. {}\n",
            rng.word(),
            rng.word(),
            rng.word()
        );
    }
    while cited < citations {
        let _ = writeln!(body, "See [@work{}].\n", rng.below(50));
        cited += 1;
    }
    if args.features && n % 20 == 5 {
        let _ = writeln!(
            body,
            "![A quiet path between trees, photo {}](/images/photo-{}.jpg)\n",
            n % 10,
            n % 10
        );
    }
    let yaml_categories: Vec<String> = categories.iter().map(|c| format!("\"{c}\"")).collect();
    let front = format!(
        "---\ntitle: \"{title}\"\ndescription: \"A short guide about {}.\"\ncategories: [{}]\ndate: {date}\n---\n\n",
        rng.word(),
        yaml_categories.join(", ")
    );
    // Hugo has no citation support: the same text, citations left as written.
    Page {
        attach: format!("{front}{body}"),
        hugo: format!("{front}{body}"),
    }
}

/// 1–4 of the 12 categories, each equally likely.
fn even_categories(rng: &mut Rng) -> Vec<&'static str> {
    let mut categories: Vec<&str> = Vec::new();
    for _ in 0..1 + rng.below(4) {
        let c = CATEGORIES[rng.below(CATEGORIES.len())];
        if !categories.contains(&c) {
            categories.push(c);
        }
    }
    categories
}

/// "Mental Health" on 80% of pages, "Wellbeing" on 40%, each other category on 5%; at least one.
fn skewed_categories(rng: &mut Rng) -> Vec<&'static str> {
    let mut categories: Vec<&str> = CATEGORIES
        .iter()
        .filter(|c| {
            let percent = match **c {
                "Mental Health" => 80,
                "Wellbeing" => 40,
                _ => 5,
            };
            rng.below(100) < percent
        })
        .copied()
        .collect();
    if categories.is_empty() {
        categories.push(CATEGORIES[rng.below(CATEGORIES.len())]);
    }
    categories
}

fn capitalise(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn write(path: &Path, text: &str) -> std::io::Result<()> {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent)?;
    }
    fs::write(path, text)
}

fn write_attach_skeleton(root: &Path) -> std::io::Result<()> {
    write(
        &root.join("site.yaml"),
        "title: Benchmark\ndescription: A generated site.\nbase_url: https://example.org\nlanguage: en-NZ\ntheme: bench\nbibliography: [refs.bib]\n",
    )?;
    let mut bib = String::new();
    for k in 0..50 {
        let _ = writeln!(
            bib,
            "@book{{work{k},\n  author = {{Author{k}, Alex and Writer{}, Sam}},\n  title = {{The Book of Things Number {k}: A Study}},\n  publisher = {{Publisher {k}}},\n  year = {{{}}},\n}}\n",
            k % 7,
            1980 + k % 40
        );
    }
    write(&root.join("refs.bib"), &bib)?;
    let t = root.join("themes/bench/templates");
    write(
        &t.join("base.html"),
        "<!DOCTYPE html><html lang=\"{{ site.language }}\"><head><meta charset=\"utf-8\"><title>{% block title %}{{ site.title }}{% endblock title %}</title></head><body>{% block main %}{% endblock main %}</body></html>\n",
    )?;
    write(
        &t.join("page.html"),
        "{% extends \"base.html\" %}{% block title %}{{ page.title }}{% endblock title %}{% block main %}<h1>{{ page.title }}</h1><p>{% for c in page.categories %}<a href=\"{{ root }}{{ c.url }}\">{{ c.name }}</a> {% endfor %}</p>{{ page.content | safe }}{% if page.references %}<h2>References</h2><ul>{% for r in page.references %}<li id=\"{{ r.id }}\">{{ r.html | safe }}</li>{% endfor %}</ul>{% endif %}{% endblock main %}\n",
    )?;
    write(
        &t.join("index.html"),
        "{% extends \"base.html\" %}{% block main %}<ul>{% for p in pages %}<li><a href=\"{{ root }}{{ p.url }}\">{{ p.title }}</a></li>{% endfor %}</ul>{% endblock main %}\n",
    )?;
    write(
        &t.join("category.html"),
        "{% extends \"base.html\" %}{% block main %}<h1>{{ category.name }}</h1><ul>{% for p in pages %}<li><a href=\"{{ root }}{{ p.url }}\">{{ p.title }}</a></li>{% endfor %}</ul>{% endblock main %}\n",
    )?;
    write(
        &t.join("categories.html"),
        "{% extends \"base.html\" %}{% block main %}<ul>{% for c in categories %}<li><a href=\"{{ root }}{{ c.url }}\">{{ c.name }}</a> ({{ c.count }})</li>{% endfor %}</ul>{% endblock main %}\n",
    )?;
    write(
        &t.join("bibliography.html"),
        "{% extends \"base.html\" %}{% block main %}<ul>{% for w in works %}<li id=\"{{ w.key }}\">{{ w.html | safe }}</li>{% endfor %}</ul>{% endblock main %}\n",
    )?;
    write(
        &t.join("glossary.html"),
        "{% extends \"base.html\" %}{% block main %}<dl>{% for t in terms %}<dt id=\"{{ t.id }}\" lang=\"{{ t.lang }}\">{{ t.term }}</dt><dd>{{ t.meaning }} {% for p in t.used_in %}<a href=\"{{ root }}{{ p.url }}\">{{ p.name }}</a> {% endfor %}</dd>{% endfor %}</dl>{% endblock main %}\n",
    )?;
    write(
        &t.join("404.html"),
        "{% extends \"base.html\" %}{% block main %}Not found{% endblock main %}\n",
    )?;
    Ok(())
}

/// `glossary.yaml` with `terms` terms (`whānau`, which the pages use, then made-up words of
/// te reo syllables), and its line in site.yaml.
fn write_glossary(root: &Path, terms: usize) -> std::io::Result<()> {
    const SYLLABLES: [&str; 12] = [
        "ka", "ko", "ma", "ta", "whe", "ngu", "ri", "pā", "to", "hi", "wai", "rū",
    ];
    let mut yaml = String::from("whānau: {lang: mi, meaning: extended family}\n");
    for n in 1..terms {
        let word: String = [n % 12, n / 12 % 12, n / 144 % 12]
            .iter()
            .map(|&s| SYLLABLES[s])
            .collect();
        let _ = writeln!(yaml, "{word}{n}: {{lang: mi, meaning: generated term {n}}}");
    }
    write(&root.join("glossary.yaml"), &yaml)?;
    let config = fs::read_to_string(root.join("site.yaml"))?;
    write(
        &root.join("site.yaml"),
        &format!("{config}glossary: glossary.yaml\n"),
    )
}

/// The rest of the feature set (see `--features`): help box and languages in site.yaml (and
/// the Hugo site's languages), the photos in `static/images/`, and the bench theme printing the
/// help box and each page's versions.
fn write_features(root: &Path, hugo: Option<&Path>) -> Result<(), Box<dyn std::error::Error>> {
    let config = fs::read_to_string(root.join("site.yaml"))?;
    let config = config.replace("language: en-NZ\n", "");
    write(
        &root.join("site.yaml"),
        &format!(
            "{config}languages:\n  - {{code: en-NZ, name: English}}\n  - {{code: mi, name: Te reo Māori, prefix: mi/}}\nhelp:\n  title: Need help now?\n  text: Free support, any time.\n  contacts:\n    - {{name: Helpline, phone: \"0800 111 222\", sms: \"1234\"}}\n    - {{name: Emergency, phone: \"111\"}}\n"
        ),
    )?;
    for n in 0..10u32 {
        let photo = image::RgbImage::from_fn(2000, 1200, |x, y| {
            image::Rgb([(x / 8 + n * 20) as u8, (y / 5) as u8, ((x + y) / 13) as u8])
        });
        let path = root.join(format!("static/images/photo-{n}.jpg"));
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent)?;
        }
        photo.save(&path)?;
        if let Some(hugo) = hugo {
            let copy = hugo.join(format!("static/images/photo-{n}.jpg"));
            if let Some(parent) = copy.parent() {
                fs::create_dir_all(parent)?;
            }
            fs::copy(&path, copy)?;
        }
    }
    let t = root.join("themes/bench/templates");
    let base = fs::read_to_string(t.join("base.html"))?;
    write(
        &t.join("base.html"),
        &base.replace(
            "<body>",
            "<body>{% if site.help %}<aside id=\"help\"><h2>{{ site.help.title }}</h2>{% for c in site.help.contacts %}<a href=\"tel:{{ c.phone }}\">{{ c.name }}</a> {% endfor %}</aside>{% endif %}{% if translations %}<nav>{% for t in translations %}<a href=\"{{ root }}{{ t.url }}\" hreflang=\"{{ t.code }}\">{{ t.name }}</a> {% endfor %}</nav>{% endif %}",
        ),
    )?;
    if let Some(hugo) = hugo {
        let config = fs::read_to_string(hugo.join("config.toml"))?;
        write(
            &hugo.join("config.toml"),
            &format!(
                "defaultContentLanguage = \"en\"\n{config}[languages.en]\nweight = 1\nlanguageName = \"English\"\n[languages.mi]\nweight = 2\nlanguageName = \"Te reo Māori\"\n[params.help]\ntitle = \"Need help now?\"\n"
            ),
        )?;
        let baseof = hugo.join("layouts/_default/baseof.html");
        let text = fs::read_to_string(&baseof)?;
        write(
            &baseof,
            &text.replace(
                "<body>",
                "<body><aside id=\"help\"><h2>{{ .Site.Params.help.title }}</h2><a href=\"tel:0800111222\">Helpline</a> <a href=\"tel:111\">Emergency</a></aside>{{ if .IsTranslated }}<nav>{{ range .AllTranslations }}<a href=\"{{ .RelPermalink }}\" hreflang=\"{{ .Language.Lang }}\">{{ .Language.LanguageName }}</a> {{ end }}</nav>{{ end }}",
            ),
        )?;
    }
    Ok(())
}

fn write_hugo_skeleton(root: &Path) -> std::io::Result<()> {
    write(
        &root.join("config.toml"),
        "baseURL = \"https://example.org/\"\nlanguageCode = \"en-nz\"\ntitle = \"Benchmark\"\nrelativeURLs = true\n[taxonomies]\ncategory = \"categories\"\n",
    )?;
    let l = root.join("layouts");
    write(
        &l.join("_default/baseof.html"),
        "<!DOCTYPE html><html lang=\"{{ .Site.LanguageCode }}\"><head><meta charset=\"utf-8\"><title>{{ .Title }}</title></head><body>{{ block \"main\" . }}{{ end }}</body></html>\n",
    )?;
    write(
        &l.join("_default/single.html"),
        "{{ define \"main\" }}<h1>{{ .Title }}</h1><p>{{ range .Params.categories }}<a href=\"{{ \"categories/\" | relURL }}{{ . | urlize }}/\">{{ . }}</a> {{ end }}</p>{{ .Content }}{{ end }}\n",
    )?;
    write(
        &l.join("_default/list.html"),
        "{{ define \"main\" }}<h1>{{ .Title }}</h1><ul>{{ range .Pages }}<li><a href=\"{{ .RelPermalink }}\">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}\n",
    )?;
    write(
        &l.join("_default/terms.html"),
        "{{ define \"main\" }}<ul>{{ range .Data.Terms.Alphabetical }}<li><a href=\"{{ .Page.RelPermalink }}\">{{ .Page.Title }}</a> ({{ .Count }})</li>{{ end }}</ul>{{ end }}\n",
    )?;
    write(
        &l.join("index.html"),
        "{{ define \"main\" }}<ul>{{ range .Site.RegularPages }}<li><a href=\"{{ .RelPermalink }}\">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}\n",
    )?;
    Ok(())
}
