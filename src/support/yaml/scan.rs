//! One linear pass over YAML text, before the YAML library reads it, for what the library
//! finds only slowly or explains badly:
//!
//! - flow collections (`[`, `{`) nested deeper than the library allows: libyaml's scanner
//!   re-examines every open level at every token, so 200 KB of `[` takes over a minute before
//!   its depth limit is checked. Here the text is refused at the first bracket past the limit;
//! - a `[`, `{` or quote that is never closed, at the line where it was opened (the library
//!   reports the end of the text, or a later line);
//! - a line that continues the text of the line above although it looks like a list item
//!   (`   - b` under `  - a` makes the one item `a - b`);
//! - explicit tags (`!!binary`, `!custom`), which the library takes off a value without a word.
//!
//! It follows YAML's rules only as far as these need: which `[`, `{` and quotes open something
//! (not those inside text, quotes, comments or block scalars). Where it cannot tell, it counts a
//! bracket rather than skip it, so that no input reaches the library nested deeper than the
//! limit.

/// The deepest nesting of flow collections accepted: the YAML library's own limit.
pub const MAX_DEPTH: usize = 128;

/// A place in the text: 1-based line and column (in characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

/// What the pass found.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Findings {
    /// The first `[` or `{` past [`MAX_DEPTH`] levels (the pass stops there).
    pub too_deep: Option<Position>,
    /// The innermost `[` or `{` still open at the end, with the bracket.
    pub unclosed_flow: Option<(Position, char)>,
    /// A quote still open at the end, with the quote character.
    pub unclosed_quote: Option<(Position, char)>,
    /// Lines that start with `- ` but continue the plain text of the line above (where the
    /// `-` stands).
    pub swallowed_items: Vec<Position>,
    /// The explicit tags (`!!str`, `!!binary`, `!custom`) where they stand, as written.
    pub tags: Vec<(Position, String)>,
}

/// Where the pass is between lines.
enum Carry {
    /// Block context, at the start of a line.
    Block,
    /// Inside a block scalar (`|`, `>`) whose parent node is at column `parent`; `content` is
    /// the indentation of its first line, once seen.
    BlockScalar {
        parent: usize,
        content: Option<usize>,
    },
    /// After a plain scalar that ended a line: a following line indented more than `parent`
    /// continues it.
    PlainContinues { parent: usize },
}

/// Scans `text`; linear in its length.
pub fn scan(text: &str) -> Findings {
    let mut scanner = Scanner::default();
    for (index, line) in text.split('\n').enumerate() {
        let line = line.strip_suffix('\r').unwrap_or(line);
        let chars: Vec<char> = line.chars().collect();
        scanner.line = index + 1;
        if !scanner.line_start(&chars) {
            continue;
        }
        scanner.tokens(&chars);
        if scanner.findings.too_deep.is_some() {
            return scanner.findings;
        }
    }
    if let Some((position, quote)) = scanner.quote {
        scanner.findings.unclosed_quote = Some((position, quote));
    }
    scanner.findings.unclosed_flow = scanner.flow.last().copied();
    scanner.findings
}

#[derive(Default)]
struct Scanner {
    findings: Findings,
    /// The open flow collections: where each opened and with which bracket.
    flow: Vec<(Position, char)>,
    /// An open quoted scalar: where it opened and its quote.
    quote: Option<(Position, char)>,
    carry: Option<Carry>,
    /// At the start of a node (where a quote, bracket or `|` opens something).
    node_start: bool,
    /// The column (0-based) of the collection the current block node belongs to.
    parent: usize,
    line: usize,
}

impl Scanner {
    fn at(&self, column: usize) -> Position {
        Position {
            line: self.line,
            column: column + 1,
        }
    }

    /// Deals with what the previous lines left open that makes this line (or its start)
    /// something else than tokens; false when the whole line is taken care of.
    fn line_start(&mut self, chars: &[char]) -> bool {
        if self.quote.is_some() || !self.flow.is_empty() {
            return true;
        }
        let indent = chars.iter().take_while(|c| **c == ' ').count();
        let blank = chars[indent..].iter().all(|c| c.is_whitespace());
        match self.carry.take().unwrap_or(Carry::Block) {
            Carry::BlockScalar { parent, content } => {
                let content = content.or((!blank).then_some(indent));
                if blank || content.is_some_and(|content| content > parent && indent >= content) {
                    self.carry = Some(Carry::BlockScalar { parent, content });
                    return false;
                }
            }
            Carry::PlainContinues { parent } => {
                if blank {
                    self.carry = Some(Carry::PlainContinues { parent });
                    return false;
                }
                if indent > parent && chars[indent] != '#' {
                    if chars[indent] == '-' && chars.get(indent + 1).is_none_or(|c| *c == ' ') {
                        self.findings.swallowed_items.push(self.at(indent));
                    }
                    self.carry = Some(Carry::PlainContinues { parent });
                    return false;
                }
            }
            Carry::Block => {}
        }
        self.node_start = true;
        self.parent = indent;
        true
    }

    /// Reads the tokens of one line (or of what is left of it after an open quote).
    fn tokens(&mut self, chars: &[char]) {
        let mut i = 0;
        if let Some((_, quote)) = self.quote {
            match quoted_end(chars, 0, quote) {
                Some(end) => {
                    self.quote = None;
                    self.node_start = false;
                    i = end + 1;
                }
                None => return,
            }
        }
        while i < chars.len() {
            let c = chars[i];
            let next = chars.get(i + 1).copied();
            let separated = next.is_none_or(|n| n == ' ' || n == '\t');
            let after_space = i == 0 || chars[i - 1] == ' ' || chars[i - 1] == '\t';
            let in_flow = !self.flow.is_empty();
            match c {
                ' ' | '\t' => i += 1,
                '#' if after_space => return,
                '[' | '{' if in_flow || self.node_start => {
                    if self.flow.len() == MAX_DEPTH {
                        self.findings.too_deep = Some(self.at(i));
                        return;
                    }
                    self.flow.push((self.at(i), c));
                    self.node_start = true;
                    i += 1;
                }
                ']' | '}' if in_flow => {
                    self.flow.pop();
                    self.node_start = false;
                    i += 1;
                }
                ',' if in_flow => {
                    self.node_start = true;
                    i += 1;
                }
                '-' | '?' if !in_flow && self.node_start && separated => {
                    if c == '-' {
                        self.parent = i;
                    }
                    i += 1;
                }
                '?' if in_flow && separated => i += 1,
                ':' if separated || (in_flow && next.is_some_and(|n| ",[]{}".contains(n))) => {
                    self.node_start = true;
                    i += 1;
                }
                '"' | '\'' if self.node_start => match quoted_end(chars, i + 1, c) {
                    Some(end) => {
                        self.node_start = false;
                        i = end + 1;
                        // JSON style, `{"a":1}`: a `:` right after a quoted key.
                        if chars.get(i) == Some(&':') {
                            self.node_start = true;
                            i += 1;
                        }
                    }
                    None => {
                        self.quote = Some((self.at(i), c));
                        return;
                    }
                },
                '&' | '!' | '*' if self.node_start => {
                    let start = i;
                    i = token_end(chars, i, in_flow);
                    if c == '!' {
                        let tag = chars[start..i].iter().collect();
                        self.findings.tags.push((self.at(start), tag));
                    }
                    self.node_start = c != '*';
                }
                '|' | '>' if !in_flow && self.node_start => {
                    self.carry = Some(Carry::BlockScalar {
                        parent: self.parent,
                        content: None,
                    });
                    return;
                }
                _ => {
                    let start = i;
                    i = self.plain_end(chars, i, in_flow);
                    // A comment ends a plain scalar for good; only one that runs to the end of
                    // its line may go on in the next.
                    if !in_flow && i < chars.len() && chars[i] == '#' {
                        return;
                    }
                    if !in_flow && i >= chars.len() {
                        self.carry = Some(Carry::PlainContinues {
                            parent: self.parent,
                        });
                    } else if !in_flow && chars[i] == ':' {
                        // A key: its value belongs to a map at the key's column.
                        self.parent = start;
                    }
                    self.node_start = false;
                }
            }
        }
    }

    /// Where the plain scalar starting at `i` ends: at `: ` (or `:` at the end of the line),
    /// ` #`, the end of the line, and in a flow collection also at `,`, `[`, `]`, `{`, `}`.
    fn plain_end(&self, chars: &[char], mut i: usize, in_flow: bool) -> usize {
        while i < chars.len() {
            let c = chars[i];
            let next = chars.get(i + 1).copied();
            if c == ':'
                && next.is_none_or(|n| n == ' ' || n == '\t' || (in_flow && ",[]{}".contains(n)))
            {
                return i;
            }
            if c == '#' && i > 0 && (chars[i - 1] == ' ' || chars[i - 1] == '\t') {
                return i;
            }
            if in_flow && ",[]{}".contains(c) {
                return i;
            }
            i += 1;
        }
        i
    }
}

/// The index of the quote that closes a quoted scalar whose text starts at `from`, on this
/// line; `None` when the line ends first.
fn quoted_end(chars: &[char], from: usize, quote: char) -> Option<usize> {
    let mut i = from;
    while i < chars.len() {
        let c = chars[i];
        if quote == '"' && c == '\\' {
            i += 2;
            continue;
        }
        if c == quote {
            if quote == '\'' && chars.get(i + 1) == Some(&'\'') {
                i += 2;
                continue;
            }
            return Some(i);
        }
        i += 1;
    }
    None
}

/// The end of an anchor, alias or tag token starting at `i`.
fn token_end(chars: &[char], mut i: usize, in_flow: bool) -> usize {
    i += 1;
    while i < chars.len() && !chars[i].is_whitespace() && !(in_flow && ",[]{}".contains(chars[i])) {
        i += 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(line: usize, column: usize) -> Position {
        Position { line, column }
    }

    #[test]
    fn deep_flow_nesting_stops_at_the_limit() {
        let text = format!("title: T\nextra: {}\n", "[".repeat(200_000));
        assert_eq!(scan(&text).too_deep, Some(at(2, 8 + MAX_DEPTH)));
        let text = format!("extra: {}", "[{".repeat(100));
        assert_eq!(scan(&text).too_deep, Some(at(1, 8 + MAX_DEPTH)));
        let fine = format!(
            "extra: {}{}\n",
            "[".repeat(MAX_DEPTH),
            "]".repeat(MAX_DEPTH)
        );
        assert_eq!(scan(&fine), Findings::default());
    }

    #[test]
    fn brackets_in_text_quotes_comments_and_block_scalars_do_not_count() {
        let brackets = "[".repeat(300);
        for text in [
            format!("title: a {brackets}\n"),
            format!("title: \"{brackets}\"\n"),
            format!("title: '{brackets}'\n"),
            format!("title: T # {brackets}\n"),
            format!("# {brackets}\ntitle: T\n"),
            format!("title: |\n  {brackets}\n  more\nnext: 1\n"),
            format!("title: >-\n    {brackets}\n\n    {brackets}\n"),
            format!("title: T\n  {brackets}\n"),
            format!("title: \"a\n  {brackets}\"\n"),
            format!("list: [\"{brackets}\", '{brackets}', a b]\n"),
        ] {
            let found = scan(&text);
            assert_eq!(found.too_deep, None, "{text}");
            assert_eq!(found.unclosed_flow, None, "{text}");
            assert_eq!(found.unclosed_quote, None, "{text}");
        }
    }

    #[test]
    fn brackets_that_open_collections_count_wherever_they_stand() {
        let brackets = "[".repeat(MAX_DEPTH + 1);
        for text in [
            format!("a: {brackets}"),
            format!("- {brackets}"),
            format!("- a: {brackets}"),
            format!("a: &x {brackets}"),
            format!("a: !!seq {brackets}"),
            format!("\"a\": {brackets}"),
            // A plain scalar in a list, then a comma: the brackets after it open lists.
            format!("a: [x\n \", {brackets}"),
            // A block scalar ends where the indentation drops to its parent's.
            format!("- key: |\n  {brackets}"),
            // A plain scalar's continuation must be indented more than its key.
            format!("- key: value\n  {brackets}"),
            format!("{{\"a\":{brackets}"),
        ] {
            assert!(scan(&text).too_deep.is_some(), "{text}");
        }
    }

    #[test]
    fn unclosed_brackets_and_quotes_are_placed_where_they_open() {
        let found = scan("title: A\ncategories: [a, b\ndate: 2024-01-01\n");
        assert_eq!(found.unclosed_flow, Some((at(2, 13), '[')));
        let found = scan("title: A\nextra: {a: [1, 2], b: 3\n");
        assert_eq!(found.unclosed_flow, Some((at(2, 8), '{')));
        let found = scan("title: \"Sleep\ndescription: x\n");
        assert_eq!(found.unclosed_quote, Some((at(1, 8), '"')));
        let found = scan("title: 'It''s\n");
        assert_eq!(found.unclosed_quote, Some((at(1, 8), '\'')));
        assert_eq!(
            scan("title: It's fine\nb: \"a\\\"b\"\n"),
            Findings::default()
        );
    }

    #[test]
    fn tags_are_found_where_they_tag_a_value() {
        let found = scan(
            "a: !!binary aGk=\nb:\n  - !custom x\nc: [!!str 1, !x {d: 1}]\n\
             e: a !notag\nf: \"!quoted\"\ng: x # !comment\nh: |\n  !block\n",
        );
        let tags: Vec<(Position, &str)> = found
            .tags
            .iter()
            .map(|(at, tag)| (*at, tag.as_str()))
            .collect();
        assert_eq!(
            tags,
            [
                (at(1, 4), "!!binary"),
                (at(3, 5), "!custom"),
                (at(4, 5), "!!str"),
                (at(4, 14), "!x"),
            ]
        );
    }

    #[test]
    fn list_items_swallowed_by_the_line_above_are_found() {
        let found = scan("categories:\n  - a\n   - b\n  - c\n");
        assert_eq!(found.swallowed_items, [at(3, 4)]);
        assert_eq!(scan("categories:\n  - a\n  - b\n").swallowed_items, []);
        assert_eq!(
            scan("title: A\n  - not a list\n").swallowed_items,
            [at(2, 3)]
        );
        // After a comment the text does not go on: the next line is read for itself.
        let brackets = "[".repeat(MAX_DEPTH + 1);
        assert!(
            scan(&format!("a: x # note\n  {brackets}"))
                .too_deep
                .is_some()
        );
    }
}
