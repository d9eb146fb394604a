//! What frames every page besides the help box: the site's `logo:`, the footer's links
//! (`footer.links:`, for privacy, contact and the like) and the `favicon:`. A footer link that
//! would run a script is an error at its line.

use serde::{Deserialize, Serialize};

use crate::config::Config;
use crate::support::diagnostic::{Code, Diagnostic};
use crate::support::text::nfc;

/// `logo:`: an image of the site (a path under the output, from `static/`) and its alt text.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Logo {
    pub src: String,
    /// Empty when the logo only repeats the site's name, which is printed beside it.
    pub alt: String,
}

/// `footer:`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Footer {
    #[serde(default)]
    pub links: Vec<FooterLink>,
}

/// An item of `footer.links`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct FooterLink {
    pub name: String,
    /// `name` as HTML, when it has language spans (or glossary terms).
    #[serde(default, skip_deserializing, skip_serializing_if = "Option::is_none")]
    pub name_html: Option<String>,
    /// A page of the site (`privacy/`, site-relative) or an absolute address.
    pub url: String,
    /// Set when read: whether `url` is an address of its own (`https:`, `mailto:`, `tel:`),
    /// written as it is, rather than site-relative.
    #[serde(default, skip_deserializing)]
    pub external: bool,
    /// `url` as site.yaml writes it (`about us/`, before it is encoded as `about%20us/`), for
    /// messages about it and to find it in the file; not a template field.
    #[serde(skip)]
    pub written: String,
}

/// The theme's favicon, used when site.yaml names none.
pub const DEFAULT_FAVICON: &str = "favicon.svg";

/// Reads `logo:`.
pub fn logo(field: &crate::support::yaml::Field) -> Result<Option<Logo>, String> {
    let parsed = field.parse::<Option<Logo>>().map_err(|message| {
        // The one a logo is most often written without: say what to put there.
        if message.contains("missing field `alt`") {
            format!(
                "{message}: add `alt: \"\"` when the logo only repeats the site's name (it is printed beside it), else `alt:` with the words the logo shows"
            )
        } else {
            message
        }
    })?;
    Ok(parsed.map(|logo| Logo {
        src: logo.src.trim().trim_start_matches('/').to_string(),
        alt: nfc(&logo.alt),
    }))
}

/// Reads `footer:`; a link that would run a script is an error at its line.
pub fn footer(
    field: &crate::support::yaml::Field,
    config: &Config,
) -> Result<Footer, Vec<Diagnostic>> {
    let footer = field
        .parse::<Option<Footer>>()
        .map_err(|message| {
            vec![config.at_key(
                Diagnostic::error(Code::Config, format!("`footer`: {message}")),
                "footer",
            )]
        })?
        .unwrap_or_default();
    let mut errors = Vec::new();
    let links = footer
        .links
        .into_iter()
        .map(|link| {
            if let Some(scheme) = crate::support::urls::script_scheme(&link.url) {
                errors.push(config.at_value(
                    Diagnostic::error(
                        Code::UnsafeLink,
                        format!("the footer link `{}` is a `{scheme}` URL, which would run a script when clicked", link.name),
                    )
                    .with_hint("link to a page of the site (`privacy/`) or to an https:// address"),
                    "footer",
                    &link.url,
                ));
            }
            if let Some(problem) = crate::support::urls::web_address_problem(link.url.trim()) {
                errors.push(config.at_value(
                    Diagnostic::error(
                        Code::Config,
                        format!("the footer link `{}` is to `{}`, {problem}, so it leads nowhere", link.name, link.url),
                    )
                    .with_hint("write the whole address, `https://example.org/privacy`, or a page of the site (`privacy/`)"),
                    "footer",
                    &link.url,
                ));
            }
            // An empty name is a link with no text; an empty address led to the home page.
            for (what, value, hint) in [
                ("name", &link.name, "write the words the link shows, such as `Privacy`"),
                ("url", &link.url, "write the page it leads to (`privacy/`) or an https:// address"),
            ] {
                if value.trim().is_empty() {
                    let shown = if what == "name" { &link.url } else { &link.name };
                    errors.push(config.at_value(
                        Diagnostic::error(
                            Code::Config,
                            format!("a footer link (`{}`) has an empty `{what}`", shown.trim()),
                        )
                        .with_hint(hint),
                        "footer",
                        shown,
                    ));
                }
            }
            // Encoded for the `href` (`files/our leaflet.pdf` as `files/our%20leaflet.pdf`).
            let url = &crate::support::urls::encode_href(link.url.trim());
            // A scheme (`https:`, `mailto:`) or `//host` makes an address of its own; a path
            // holding a `:` (`events/2024:summer/`) is still the site's (the help box's `url`
            // tells them apart the same way).
            let external = crate::support::urls::has_scheme(url) || url.starts_with("//");
            FooterLink {
                name: nfc(&link.name),
                name_html: None,
                url: if external { url.to_string() } else { url.trim_start_matches('/').to_string() },
                external,
                written: link.url.clone(),
            }
        })
        .collect();
    if errors.is_empty() {
        Ok(Footer { links })
    } else {
        Err(errors)
    }
}
