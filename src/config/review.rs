//! The settings behind trustworthy health information: when pages are due for review
//! (`review:`), who reviews them (`people:`) and how plain their language must be
//! (`readability:`).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// `review:`: when a page is due for review again, and what happens when it is.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReviewConfig {
    /// `next_review` defaults to `reviewed` plus this many months.
    #[serde(default = "default_interval", deserialize_with = "interval_months")]
    pub interval_months: u32,
    /// A page due within this many days gets a note.
    #[serde(default = "default_warn_days", deserialize_with = "warn_days")]
    pub warn_days: u32,
    /// A page without `reviewed` is an error.
    #[serde(default)]
    pub require: bool,
    /// Publish the review report as a page for staff (`reviews/`), left out of search, the
    /// sitemap and the feeds.
    #[serde(default)]
    pub publish_report: bool,
}

fn default_interval() -> u32 {
    24
}

fn default_warn_days() -> u32 {
    60
}

impl Default for ReviewConfig {
    fn default() -> Self {
        ReviewConfig {
            interval_months: default_interval(),
            warn_days: default_warn_days(),
            require: false,
            publish_report: false,
        }
    }
}

/// The longest review interval taken (100 years): longer is surely a typo.
pub const MAX_INTERVAL_MONTHS: u32 = 1200;

/// What `review.warn_days` may be: 0 (a note only on the day) to ten years.
pub const WARN_DAYS: std::ops::RangeInclusive<u32> = 0..=3650;

/// What `readability.max_sentence_words` may be.
pub const MAX_SENTENCE_WORDS: std::ops::RangeInclusive<usize> = 5..=500;

fn interval_months<'de, D: serde::Deserializer<'de>>(d: D) -> Result<u32, D::Error> {
    crate::support::yaml::whole_number_in(d, "interval_months", 1..=MAX_INTERVAL_MONTHS)
}

fn warn_days<'de, D: serde::Deserializer<'de>>(d: D) -> Result<u32, D::Error> {
    crate::support::yaml::whole_number_in(d, "warn_days", WARN_DAYS)
}

fn max_sentence_words<'de, D: serde::Deserializer<'de>>(d: D) -> Result<usize, D::Error> {
    crate::support::yaml::whole_number_in(d, "max_sentence_words", MAX_SENTENCE_WORDS)
}

/// One reviewer, declared once under `people:` and named by id in `reviewed_by`.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Person {
    pub name: String,
    #[serde(default)]
    pub role: Option<String>,
    #[serde(default)]
    pub credentials: Option<String>,
    #[serde(default)]
    pub url: Option<String>,
}

/// `people:`, by id, in id order.
pub type People = BTreeMap<String, Person>;

/// `readability:`: the limits `check` warns above.
#[derive(Debug, Clone, Copy, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ReadabilityConfig {
    /// The highest Flesch–Kincaid grade a page may have (a page's front matter may raise it).
    #[serde(default = "default_max_grade")]
    pub max_grade: f64,
    /// The most words a sentence may have.
    #[serde(
        default = "default_max_sentence_words",
        deserialize_with = "max_sentence_words"
    )]
    pub max_sentence_words: usize,
}

fn default_max_grade() -> f64 {
    9.0
}

fn default_max_sentence_words() -> usize {
    35
}

impl Default for ReadabilityConfig {
    fn default() -> Self {
        ReadabilityConfig {
            max_grade: default_max_grade(),
            max_sentence_words: default_max_sentence_words(),
        }
    }
}

/// Checks `review:` once read: an interval of 1 to [`MAX_INTERVAL_MONTHS`] months.
pub fn check_review(review: &ReviewConfig) -> Result<(), String> {
    if !(1..=MAX_INTERVAL_MONTHS).contains(&review.interval_months) {
        return Err(format!(
            "`interval_months` must be a whole number from 1 to {MAX_INTERVAL_MONTHS}"
        ));
    }
    Ok(())
}

/// What is wrong in `people:`, each as (the person's id, the value to show the error at, or
/// `None` for the id's own line, and the message): every person has a name, and a `url` that
/// would not run a script and names a site. Every person's problems, not only the first's.
pub fn people_problems(people: &People) -> Vec<(String, Option<String>, String)> {
    let mut problems = Vec::new();
    for (id, person) in people {
        if person.name.trim().is_empty() {
            problems.push((id.clone(), None, format!("`{id}` has an empty `name`")));
        }
        let Some(url) = person.url.as_deref() else {
            continue;
        };
        let near = Some(url.trim().to_string());
        if let Some(scheme) = crate::support::urls::script_scheme(url) {
            problems.push((
                id.clone(),
                near,
                format!(
                    "the `url` of `{id}` is a `{scheme}` URL, which would run a script when clicked"
                ),
            ));
        } else if let Some(problem) = crate::support::urls::web_address_problem(url.trim()) {
            problems.push((
                id.clone(),
                near,
                format!("the `url` of `{id}` is {problem}, so it leads nowhere"),
            ));
        }
    }
    problems
}

/// Checks `readability:`: a grade from 0 to 30, a sentence length from 5 to 500.
pub fn check_readability(readability: &ReadabilityConfig) -> Result<(), String> {
    if !(0.0..=30.0).contains(&readability.max_grade) {
        return Err("`max_grade` must be a number from 0 to 30".into());
    }
    if !MAX_SENTENCE_WORDS.contains(&readability.max_sentence_words) {
        return Err("`max_sentence_words` must be a whole number from 5 to 500".into());
    }
    Ok(())
}
