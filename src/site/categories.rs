//! Categories: site.yaml's, in its order with their introductions, then those only pages name,
//! alphabetically. Two spellings of one category (the same URL) are an error.

use std::collections::{HashMap, HashSet};

use crate::config::{CONFIG_FILE, Config};
use crate::content::SourcePage;
use crate::site::urls::{MAX_SEGMENT_BYTES, shown};
use crate::site::{Category, Page};
use crate::support::diagnostic::{Code, Diagnostic};
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
    let mut spellings = configured(config, errors);
    let (page_slugs, used) = named_by_pages(sources, &mut spellings, errors);
    let mut ordered: Vec<Category> = Vec::with_capacity(used.len());
    let mut position: HashMap<String, usize> = HashMap::new();
    for configured in &config.categories {
        let slug = slugify(&configured.name);
        if position.contains_key(&slug) || slug.is_empty() {
            continue;
        }
        if !used.contains(&slug) {
            warnings.push(
                Diagnostic::warning(
                    Code::EmptyCategory,
                    format!(
                        "no page is filed under `{}`, so it gets no page",
                        configured.name
                    ),
                )
                .in_file(CONFIG_FILE),
            );
            continue;
        }
        position.insert(slug.clone(), ordered.len());
        let mut listed = category(&configured.name, slug, configured.description.clone());
        listed.name_html = configured.name_html.clone();
        ordered.push(listed);
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
        url: format!("categories/{slug}/"),
        slug,
        description,
        pages: Vec::new(),
    }
}

/// The categories site.yaml lists, by slug.
fn configured(config: &Config, errors: &mut Vec<Diagnostic>) -> Spellings {
    let mut spellings = Spellings::new();
    for category in &config.categories {
        let slug = slugify(&category.name);
        if slug.is_empty() {
            errors.push(no_letters("category name", &category.name).in_file(CONFIG_FILE));
            continue;
        }
        if slug.len() > MAX_SEGMENT_BYTES {
            errors.push(config.at_key(too_long(&category.name, &slug), "categories"));
            continue;
        }
        if let Some((name, _)) = spellings.get(&slug) {
            errors.push(
                Diagnostic::error(
                    Code::Category,
                    format!(
                        "site.yaml lists the category `{}` twice (as `{name}` and `{}`)",
                        category.name, category.name
                    ),
                )
                .in_file(CONFIG_FILE),
            );
            continue;
        }
        spellings.insert(slug, (category.name.clone(), CONFIG_FILE.to_string()));
    }
    spellings
}

/// Each page's category slugs, and every slug some page uses. A spelling that differs from the
/// first one seen is an error.
fn named_by_pages(
    sources: &[SourcePage],
    spellings: &mut Spellings,
    errors: &mut Vec<Diagnostic>,
) -> (Vec<Vec<String>>, HashSet<String>) {
    let mut used: HashSet<String> = HashSet::new();
    let mut page_slugs: Vec<Vec<String>> = Vec::with_capacity(sources.len());
    for page in sources {
        let mut slugs = Vec::new();
        for name in &page.front.categories {
            let name = name.trim();
            let slug = slugify(name);
            let unusable = if slug.is_empty() {
                Some(no_letters("category", name))
            } else if slug.len() > MAX_SEGMENT_BYTES {
                Some(too_long(name, &slug))
            } else {
                None
            };
            if let Some(d) = unusable {
                errors.push(page.diagnostic_at_key(d, "categories"));
                continue;
            }
            match spellings.get(&slug) {
                Some((existing, place)) if existing != name => errors.push(page.diagnostic_at_key(
                    Diagnostic::error(Code::Category, format!("the category `{name}` is spelled `{existing}` in {place}; both would be categories/{slug}/"))
                        .with_hint(format!("write it as `{existing}` in both places")),
                    "categories",
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

/// The error for a category name without letters or digits (`what` is how the message names
/// it).
fn no_letters(what: &str, name: &str) -> Diagnostic {
    Diagnostic::error(
        Code::Category,
        format!("the {what} `{name}` has no letters or digits to make a URL from"),
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
