//! One page as read from `content/`: its front matter, its Markdown, and where its lines are.

use std::path::PathBuf;

use crate::content::Body;
use crate::content::FrontMatter;
use crate::support::diagnostic::{Diagnostic, LineIndex};

/// One Markdown file under `content/`.
#[derive(Debug, Clone)]
pub struct SourcePage {
    /// The path as the user would type it, relative to the site root (`content/guides/sleep.md`).
    pub path: PathBuf,
    /// The path under `content/`, with `/` separators (`guides/sleep.md`).
    pub rel_path: String,
    /// Boxed: the list of pages is then small, and the model takes each page's front matter
    /// apart without every page's being held twice while it is assembled.
    pub front: Box<FrontMatter>,
    /// The Markdown after the front matter: left in its file and read again when needed
    /// (see [`Body`]), so a site's Markdown is never all in memory.
    pub body: Body,
    /// Where the body still holds `attach-gen new`'s placeholder text (see
    /// [`crate::content::placeholder`]), found while the body is at hand.
    pub placeholder_at: Option<usize>,
    /// The line of the file on which `body` starts (1-based), so body positions map to file lines.
    pub body_line: usize,
    /// Likely mistakes in the front matter that do not stop the build.
    pub warnings: Vec<Diagnostic>,
}

impl SourcePage {
    /// A diagnostic placed at `line:column` of the body (1-based, relative to the body).
    pub fn diagnostic_in_body(&self, d: Diagnostic, line: usize, column: usize) -> Diagnostic {
        let mut d = d.in_file(&self.path).at(&self.body.text(), line, column);
        d.line = line + self.body_line - 1;
        d
    }

    /// A diagnostic placed at byte `offset` of the body; `lines` is the body's
    /// [`LineIndex`], built once for all of a page's diagnostics.
    pub fn diagnostic_at_offset(
        &self,
        lines: &LineIndex,
        d: Diagnostic,
        offset: usize,
    ) -> Diagnostic {
        let (line, column) = lines.line_col(offset);
        let mut d = d.in_file(&self.path);
        d.line = line + self.body_line - 1;
        d.column = column;
        if let Some(text) = lines.line(line) {
            d.set_source_line(text);
        }
        d
    }

    /// Each `(diagnostic, byte offset in the body)` placed there, the body read (from its
    /// file) and indexed once for all of them, and not at all when there are none.
    pub fn diagnostics_in_body(&self, found: Vec<(Diagnostic, usize)>) -> Vec<Diagnostic> {
        if found.is_empty() {
            return Vec::new();
        }
        let markdown = self.body.text();
        let lines = LineIndex::new(&markdown);
        found
            .into_iter()
            .map(|(d, offset)| self.diagnostic_at_offset(&lines, d, offset))
            .collect()
    }

    /// A diagnostic placed at the front matter key `key` (or the file's first line).
    pub fn diagnostic_at_key(&self, d: Diagnostic, key: &str) -> Diagnostic {
        let (line, text) = self
            .front
            .key_lines
            .get(key)
            .map_or((1, "---"), |k| (k.line, k.text));
        let mut d = d.in_file(&self.path);
        d.line = line;
        d.column = 1;
        d.set_source_line(text);
        d
    }

    /// [`SourcePage::diagnostic_at_key`] pointing at the key's value when it is on the key's
    /// line: for a value that is wrong (`reviewed: 2099-01-01`, a day after today), which is
    /// what the editor changes.
    pub fn diagnostic_at_key_value(&self, d: Diagnostic, key: &str) -> Diagnostic {
        let mut d = self.diagnostic_at_key(d, key);
        if let Some(column) = self
            .front
            .key_lines
            .get(key)
            .and_then(|k| crate::content::front_matter::value_column(k.text, key, 1))
        {
            d.column = column;
        }
        d
    }

    /// A diagnostic placed where `value` is written inside the front matter key `key` (an
    /// item of a list: `Wellbeeing` in `categories: [Wellbeeing]`), or at the key.
    pub fn diagnostic_at_value(&self, d: Diagnostic, key: &str, value: &str) -> Diagnostic {
        self.diagnostic_at_value_from(d, key, value, 0)
    }

    /// [`SourcePage::diagnostic_at_value`] looking first no higher than line `from` (1-based):
    /// the second of two list items written alike is placed at its own line.
    pub fn diagnostic_at_value_from(
        &self,
        d: Diagnostic,
        key: &str,
        value: &str,
        from: usize,
    ) -> Diagnostic {
        let lines = &self.front.key_lines;
        let found = lines
            .locate_from(key, value, from)
            .or_else(|| lines.locate(key, value));
        match found {
            Some(at) => {
                let mut d = d.in_file(&self.path);
                d.line = at.line;
                d.column = at.column;
                d.set_source_line(&at.text);
                d
            }
            None => self.diagnostic_at_key(d, key),
        }
    }
}
