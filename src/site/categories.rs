//! Categories: site.yaml's, in its order with their introductions, then those only pages name,
//! alphabetically. Two spellings of one category (the same URL) are an error. When site.yaml
//! lists categories (and `categories_open` is not set), the list is closed: a page's category
//! must be one of them, or one of their `aliases`.

use crate::support::hash::{HashMap, HashSet};

use crate::config::Language;
use crate::config::{CONFIG_FILE, Config};
use crate::content::SourcePage;
use crate::site::translations::listed_in;
use crate::site::urls::{MAX_SEGMENT_BYTES, shown};
use crate::site::{Category, CategoryInLanguage, Page};
use crate::support::diagnostic::{Code, Diagnostic, closest};
use crate::support::slug::{slugify, sort_key};

/// slug → (the name as first written, where it was first written).
type Spellings = HashMap<String, (String, String)>;

/// Categories in site.yaml's order, then alphabetically (without their pages yet: see
/// [`fill`]); and each page's category indices, in the order the page lists them.
pub fn collect(
    config: &Config,
    sources: &[SourcePage],
    errors: &mut Vec<Diagnostic>,
    warnings: &mut Vec<Diagnostic>,
) -> (Vec<Category>, Vec<Vec<usize>>) {
    let mut listed = configured(config, errors);
    let (page_slugs, used) = named_by_pages(sources, &mut listed, errors);
    let spellings = &listed.spellings;
    let mut ordered: Vec<Category> = Vec::with_capacity(used.len());
    let mut position: HashMap<String, usize> = HashMap::default();
    // A category listed twice is an error of its own: its second listing gets no other word.
    let mut seen: HashSet<String> = HashSet::default();
    // Categories are listed in order, so each is looked for from the line the last one found
    // stands on: thousands of unused ones are placed in one pass over site.yaml, not one each.
    let mut from = 0;
    for configured in &config.categories {
        let slug = slugify(&configured.name);
        if slug.is_empty() || !seen.insert(slug.clone()) {
            continue;
        }
        if !used.contains(&slug) {
            let d = config.at_value_from(
                Diagnostic::warning(
                    Code::EmptyCategory,
                    format!(
                        "no page is filed under `{}`, so it gets no page",
                        configured.name
                    ),
                )
                .with_hint("file a page under it, or take it out of `categories`"),
                "categories",
                &configured.name,
                from,
            );
            from = from.max(d.line);
            warnings.push(d);
            continue;
        }
        position.insert(slug.clone(), ordered.len());
        let url_slug = listed.url_slug(&slug).to_string();
        let mut category = category(&configured.name, url_slug, configured.description.clone());
        category.name_html = configured.name_html.clone();
        category.description_html = configured.description_html.clone();
        category.names = configured.names.clone();
        ordered.push(category);
    }
    let mut rest: Vec<&String> = used
        .iter()
        .filter(|slug| !position.contains_key(*slug))
        .collect();
    rest.sort_by_cached_key(|slug| (sort_key(&spellings[*slug].0), (*slug).clone()));
    for slug in rest {
        position.insert(slug.clone(), ordered.len());
        ordered.push(category(&spellings[slug].0, slug.clone(), None));
    }
    let page_categories = page_slugs
        .into_iter()
        .map(|slugs| {
            slugs
                .iter()
                .filter_map(|slug| position.get(slug).copied())
                .collect()
        })
        .collect();
    (ordered, page_categories)
}

fn category(name: &str, slug: String, description: Option<String>) -> Category {
    Category {
        name: name.to_string(),
        name_html: None,
        names: Vec::new(),
        url: format!("categories/{slug}/"),
        slug,
        description,
        description_html: None,
        pages: Vec::new(),
        languages: Vec::new(),
    }
}

/// What site.yaml says about categories. Categories are known by the slug of their name (the
/// key); a listed one may have another URL part (`slug:`) and other names (`aliases:`).
#[derive(Default)]
struct Listed {
    /// Every category's key → its name as first written, and where.
    spellings: Spellings,
    /// The key of each alias → the key of its category.
    aliases: HashMap<String, String>,
    /// Keys → URL parts that differ from them.
    url_slugs: HashMap<String, String>,
    /// URL parts taken by a `slug:`, → the key of their category.
    taken: HashMap<String, String>,
    /// Whether pages may only use the listed categories.
    closed: bool,
    /// The names and aliases, for "did you mean": (as written, the category's name).
    names: Vec<(String, String)>,
}

impl Listed {
    fn url_slug<'a>(&'a self, key: &'a str) -> &'a str {
        self.url_slugs.get(key).map_or(key, String::as_str)
    }
}

/// The categories site.yaml lists.
fn configured(config: &Config, errors: &mut Vec<Diagnostic>) -> Listed {
    let mut listed = Listed {
        closed: !config.categories_open && !config.categories.is_empty(),
        ..Listed::default()
    };
    let spellings = &mut listed.spellings;
    for category in &config.categories {
        let slug = slugify(&category.name);
        if slug.is_empty() {
            let d = if category.name.trim().is_empty() {
                Diagnostic::error(Code::Category, "a category in site.yaml has an empty name")
                    .with_hint("name it, or take it out of `categories`")
            } else {
                no_letters("category name", &category.name)
            };
            // An empty name is found as written, `name: ""`.
            let written = if category.name.trim().is_empty() {
                "name: \"\""
            } else {
                category.name.as_str()
            };
            errors.push(config.at_value(d, "categories", written));
            continue;
        }
        if slug.len() > MAX_SEGMENT_BYTES {
            errors.push(config.at_value(
                too_long(&category.name, &slug),
                "categories",
                &category.name,
            ));
            continue;
        }
        if let Some((name, _)) = spellings.get(&slug) {
            let d = Diagnostic::error(
                Code::Category,
                format!(
                    "site.yaml lists the category `{}` twice (as `{name}` and `{}`)",
                    category.name, category.name
                ),
            )
            .with_hint("take one of them out: pages file under either spelling");
            // At the second, below the first (the one kept).
            let first = config
                .key_lines
                .locate("categories", name)
                .map_or(0, |at| at.line + 1);
            errors.push(config.at_value_from(d, "categories", &category.name, first));
            continue;
        }
        spellings.insert(
            slug.clone(),
            (category.name.clone(), CONFIG_FILE.to_string()),
        );
        listed
            .names
            .push((category.name.clone(), category.name.clone()));
    }
    for category in &config.categories {
        let key = slugify(&category.name);
        if !listed.spellings.contains_key(&key) {
            continue;
        }
        for alias in &category.aliases {
            alias_of(config, &mut listed, alias, &key, &category.name, errors);
        }
        if let Some(slug) = &category.slug {
            own_slug(config, &mut listed, slug, &key, &category.name, errors);
        }
    }
    listed
}

/// Takes `alias` as another name of the category `name` (whose key is `key`).
fn alias_of(
    config: &Config,
    listed: &mut Listed,
    alias: &str,
    key: &str,
    name: &str,
    errors: &mut Vec<Diagnostic>,
) {
    let alias_key = slugify(alias);
    let taken_by = listed
        .spellings
        .get(&alias_key)
        .map(|(other, _)| other.clone())
        .or_else(|| {
            listed
                .aliases
                .get(&alias_key)
                .map(|k| listed.spellings[k].0.clone())
        });
    if alias_key.is_empty() {
        let d = Diagnostic::error(
            Code::Category,
            format!(
                "`{alias}`, another name of the category `{name}` (an alias, or its name in another language), has no letters or digits to make a URL from"
            ),
        )
        .with_hint("write it with letters or digits, or take it out");
        errors.push(config.at_value(d, "categories", alias));
    } else if let Some(other) = taken_by {
        errors.push(
            config.at_value(
                Diagnostic::error(
                    Code::Category,
                    format!("the alias `{alias}` of `{name}` is already a name of `{other}`"),
                )
                .with_hint("a name may lead to one category only: take it out of one of them"),
                "categories",
                alias,
            ),
        );
    } else {
        listed.aliases.insert(alias_key, key.to_string());
        listed.names.push((alias.to_string(), name.to_string()));
    }
}

/// Places `d` at the `slug: ...` line of the category `name` in site.yaml: the value alone may
/// also be in the name's line above it (`name: Whānau`, `slug: Whānau`), and another category
/// may have the same `slug:` line above (two categories with one slug).
fn at_slug(config: &Config, d: Diagnostic, slug: &str, name: &str) -> Diagnostic {
    let name_at = config.key_lines.locate("categories", name);
    let from = name_at.as_ref().map_or(0, |at| at.line);
    // Past the name when on its line: categories written on one line (`[{name: A, slug: a},
    // {name: B, slug: a}]`) were each placed at the first `slug: a`.
    let past_name = |written: &str| {
        let at = name_at.as_ref()?;
        let after = (at.line, at.column + name.chars().count().max(1) - 1);
        let found = config
            .key_lines
            .locate_after("categories", written, after)?;
        (found.line == at.line).then_some(found)
    };
    let slug_at = |written: &str| {
        past_name(written).or_else(|| config.key_lines.locate_from("categories", written, from))
    };
    let at = [
        format!("slug: {slug}"),
        format!("slug: \"{slug}\""),
        format!("slug: '{slug}'"),
    ]
    .iter()
    .find_map(|written| {
        // At the value, past `slug: ` and any opening quote; only where it was found (placed
        // at the key, the column was moved off the key too).
        let mut at = slug_at(written)?;
        at.column += written.find(slug).unwrap_or(0);
        Some(at)
    });
    match at {
        Some(at) => config.at_located(d, "categories", Some(at)),
        None => config.at_value_from(d, "categories", slug, from),
    }
}

/// Takes `slug` as the URL part of the category `name` (whose key is `key`).
fn own_slug(
    config: &Config,
    listed: &mut Listed,
    slug: &str,
    key: &str,
    name: &str,
    errors: &mut Vec<Diagnostic>,
) {
    let usable = slugify(slug);
    if usable.is_empty() || usable != slug || usable.len() > MAX_SEGMENT_BYTES {
        // An empty slug made the category's page `categories/index.html`, the overview's.
        let message = if slug.trim().is_empty() {
            format!("the `slug` of `{name}` is empty")
        } else {
            format!(
                "the `slug` of `{name}`, `{}`, cannot be a URL part",
                shown(slug)
            )
        };
        errors.push(at_slug(
            config,
            Diagnostic::error(Code::BadSlug, message).with_hint(
                if usable.is_empty() || usable.len() > MAX_SEGMENT_BYTES {
                    "use lowercase letters, digits and hyphens, as in `family-whanau`".to_string()
                } else {
                    format!("write it as `{usable}`")
                },
            ),
            slug,
            name,
        ));
        return;
    }
    let clash = listed.taken.get(&usable).cloned().or_else(|| {
        (usable != key && listed.spellings.contains_key(&usable)).then(|| usable.clone())
    });
    if let Some(other) = clash {
        let other = listed.spellings[&other].0.clone();
        errors.push(at_slug(
            config,
            Diagnostic::error(
                Code::Category,
                format!("`{name}` and `{other}` would both be categories/{usable}/"),
            )
            .with_hint("give one of them another `slug`"),
            slug,
            name,
        ));
        return;
    }
    listed.taken.insert(usable.clone(), key.to_string());
    listed.url_slugs.insert(key.to_string(), usable);
}

/// Each page's category slugs, and every slug some page uses. A spelling that differs from the
/// first one seen is an error.
fn named_by_pages(
    sources: &[SourcePage],
    listed: &mut Listed,
    errors: &mut Vec<Diagnostic>,
) -> (Vec<Vec<String>>, HashSet<String>) {
    let mut used: HashSet<String> = HashSet::default();
    let mut page_slugs: Vec<Vec<String>> = Vec::with_capacity(sources.len());
    // Each name's slug, made once: a site's pages name the same few categories again and
    // again.
    let mut slug_of: HashMap<&str, String> = HashMap::default();
    for page in sources {
        let mut slugs = Vec::new();
        for name in &page.front.categories {
            let name = name.trim();
            let slug = slug_of.entry(name).or_insert_with(|| slugify(name)).clone();
            let unusable = if slug.is_empty() {
                Some(no_letters("category", name))
            } else if slug.len() > MAX_SEGMENT_BYTES {
                Some(too_long(name, &slug))
            } else {
                None
            };
            if let Some(d) = unusable {
                errors.push(page.diagnostic_at_value(d, "categories", name));
                continue;
            }
            if let Some(key) = listed.aliases.get(&slug) {
                let key = key.clone();
                used.insert(key.clone());
                if !slugs.contains(&key) {
                    slugs.push(key);
                }
                continue;
            }
            if listed.closed && !listed.spellings.contains_key(&slug) {
                errors.push(page.diagnostic_at_value(
                    not_listed(name, &listed.names),
                    "categories",
                    name,
                ));
                continue;
            }
            if let Some(owner) = listed.taken.get(&slug).filter(|owner| **owner != slug) {
                let other = &listed.spellings[owner].0;
                errors.push(page.diagnostic_at_value(
                    Diagnostic::error(Code::Category, format!("the category `{name}` would be categories/{slug}/, which site.yaml gives to `{other}`"))
                        .with_hint(format!("file the page under `{other}`, or give `{other}` another `slug` in site.yaml")),
                    "categories",
                    name,
                ));
                continue;
            }
            let spellings = &mut listed.spellings;
            match spellings.get(&slug) {
                Some((existing, place)) if existing != name => errors.push(page.diagnostic_at_value(
                    Diagnostic::error(Code::Category, format!("the category `{name}` is spelled `{existing}` in {place}; both would be categories/{slug}/"))
                        .with_hint(format!("write it as `{existing}` in both places")),
                    "categories",
                    name,
                )),
                Some(_) => {}
                None => {
                    spellings.insert(slug.clone(), (name.to_string(), page.path.display().to_string()));
                }
            }
            if !slugs.contains(&slug) {
                slugs.push(slug.clone());
            }
            used.insert(slug);
        }
        page_slugs.push(slugs);
    }
    (page_slugs, used)
}

/// `name` as a page should write it (`attach-gen new --category`): the listed category's own
/// name when it is one of site.yaml's names or aliases (`wellbeing` → `Wellbeing`), as given
/// when the list is open, and an error with the nearest name when the list is closed.
pub fn listed_name(config: &Config, name: &str) -> Result<String, Diagnostic> {
    let listed = configured(config, &mut Vec::new());
    let key = slugify(name);
    let key = listed.aliases.get(&key).unwrap_or(&key);
    match listed.spellings.get(key) {
        Some((written, _)) if !config.categories.is_empty() => Ok(written.clone()),
        _ if !listed.closed => Ok(name.to_string()),
        _ => Err(not_listed(name, &listed.names)),
    }
}

/// The error for a category site.yaml does not list, when its list is closed; `names` are the
/// listed names and aliases, each with its category's name.
fn not_listed(name: &str, names: &[(String, String)]) -> Diagnostic {
    // Else a name holding it as whole words, macrons aside: `Whanau` → "For Family / Whānau".
    let words = format!("-{}-", slugify(name));
    let near = closest(name, names.iter().map(|(written, _)| written.as_str()))
        .and_then(|written| names.iter().find(|(w, _)| w == written))
        .or_else(|| {
            names
                .iter()
                .find(|(w, _)| words != "--" && format!("-{}-", slugify(w)).contains(&words))
        })
        .map(|(_, category)| category.as_str());
    let add = "to start a new category, add it to `categories` in site.yaml";
    Diagnostic::error(
        Code::Category,
        format!("`{name}` is not one of the categories site.yaml lists"),
    )
    .with_hint(match near {
        Some(category) => format!("did you mean `{category}`? ({add})"),
        None => format!("{add}, or set `categories_open: true` to let pages make their own"),
    })
}

/// The error for a category name without letters or digits (`what` is how the message names
/// it).
fn no_letters(what: &str, name: &str) -> Diagnostic {
    Diagnostic::error(
        Code::Category,
        format!("the {what} `{name}` has no letters or digits to make a URL from"),
    )
    // Categories are told apart by their URL, so site.yaml's `slug:` cannot stand in.
    .with_hint(
        "name the category with a word (`Questions` rather than `???`): its URL, categories/<name>/, is made from the name's letters and digits",
    )
}

fn too_long(name: &str, slug: &str) -> Diagnostic {
    Diagnostic::error(
        Code::Category,
        format!(
            "the category `{}` makes a URL part {} bytes long (categories/{}/), more than the {MAX_SEGMENT_BYTES} a folder name may have",
            shown(name),
            slug.len(),
            shown(slug)
        ),
    )
    .with_hint("give the category a shorter name")
}

/// Gives each category its pages (indices into `pages`, which are newest first): weighted pages
/// first, lowest first, then newest first.
pub fn fill(categories: &mut [Category], pages: &[Page]) {
    for (index, page) in pages.iter().enumerate() {
        for &category in &page.categories {
            categories[category].pages.push(index);
        }
    }
    for category in categories {
        // Pages are already newest first; a stable sort puts weighted pages ahead, lowest first.
        category
            .pages
            .sort_by_key(|&p| (pages[p].weight.is_none(), pages[p].weight));
    }
}

/// On a site with `languages`, each category's listing in each of them: its own pages, each
/// once, in that language where it has a version in it. A category walks its own pages (and
/// their few versions), never the site's.
pub fn per_language(categories: &mut [Category], pages: &[Page], languages: &[Language]) {
    for category in categories {
        category.languages = languages
            .iter()
            .enumerate()
            .map(|(index, language)| {
                // The default language's name is the category's own (with its spans).
                let named = (index > 0)
                    .then(|| category.name_in(&language.code))
                    .flatten();
                CategoryInLanguage {
                    url: format!("{}{}", language.prefix, category.url),
                    name: named.unwrap_or(&category.name).to_string(),
                    untranslated: named.is_none(),
                    pages: category
                        .pages
                        .iter()
                        .copied()
                        .filter(|&p| listed_in(pages, p, index))
                        .collect(),
                }
            })
            .collect();
    }
}
