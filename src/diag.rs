//! The one place for problems: errors and warnings with `file:line:column`, a message and a fix
//! hint, in Vietnamese and English. Loading collects them all; `build` and `check` print them as
//! one numbered list so a clerk fixes everything in one pass.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// Language of user-facing messages (`--lang`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Lang {
    /// Vietnamese, the default: the people who read these are commune staff.
    #[default]
    Vi,
    /// English.
    En,
}

/// A message in both languages; chosen when printed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Msg {
    /// Vietnamese text.
    pub vi: String,
    /// English text.
    pub en: String,
}

impl Msg {
    /// A message from its two translations.
    pub fn new(vi: impl Into<String>, en: impl Into<String>) -> Self {
        Msg {
            vi: vi.into(),
            en: en.into(),
        }
    }

    /// The text in `lang`.
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Vi => &self.vi,
            Lang::En => &self.en,
        }
    }
}

/// `msg!("vi {x}", "en {x}")`: both translations formatted with the same arguments in scope.
#[macro_export]
macro_rules! msg {
    ($vi:expr, $en:expr $(,)?) => {
        $crate::diag::Msg::new(format!($vi), format!($en))
    };
    ($vi:expr, $en:expr, $($arg:expr),+ $(,)?) => {
        $crate::diag::Msg::new(format!($vi, $($arg),+), format!($en, $($arg),+))
    };
}

/// Error or warning. `check --strict` promotes warnings.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// Stops the site from being written.
    Error,
    /// Reported; the site is still written.
    Warning,
}

/// Where a problem is: a file relative to the project root, and a 1-based line and column.
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct Span {
    /// File, relative to the project root where possible.
    pub file: PathBuf,
    /// 1-based line, 0 when unknown.
    pub line: u32,
    /// 1-based column, 0 when unknown.
    pub column: u32,
}

impl Span {
    /// A whole file, no position.
    pub fn file(file: impl Into<PathBuf>) -> Self {
        Span {
            file: file.into(),
            line: 0,
            column: 0,
        }
    }

    /// A position in a file.
    pub fn at(file: impl Into<PathBuf>, line: u32, column: u32) -> Self {
        Span {
            file: file.into(),
            line,
            column,
        }
    }

    /// The position of byte `offset` in `text`, whose first line is line `first_line`.
    pub fn at_offset(file: impl Into<PathBuf>, text: &str, offset: usize, first_line: u32) -> Self {
        let (line, column) = line_col(text, offset);
        Span::at(file, line + first_line - 1, column)
    }
}

/// 1-based line and column (in characters) of byte `offset` in `text`.
pub fn line_col(text: &str, offset: usize) -> (u32, u32) {
    let offset = offset.min(text.len());
    let before = &text[..floor_char_boundary(text, offset)];
    let line = before.matches('\n').count() as u32 + 1;
    let col_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[col_start..].chars().count() as u32 + 1;
    (line, column)
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

impl std::fmt::Display for Span {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let file = self.file.display().to_string().replace('\\', "/");
        match (self.line, self.column) {
            (0, _) => write!(f, "{file}"),
            (l, 0) => write!(f, "{file}:{l}"),
            (l, c) => write!(f, "{file}:{l}:{c}"),
        }
    }
}

/// One problem.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// Where.
    pub span: Span,
    /// What is wrong.
    pub message: Msg,
    /// How to fix it.
    pub hint: Option<Msg>,
}

impl Diagnostic {
    /// An error.
    pub fn error(span: Span, message: Msg) -> Self {
        Diagnostic {
            severity: Severity::Error,
            span,
            message,
            hint: None,
        }
    }

    /// A warning.
    pub fn warning(span: Span, message: Msg) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            span,
            message,
            hint: None,
        }
    }

    /// Adds a fix hint.
    pub fn hint(mut self, hint: Msg) -> Self {
        self.hint = Some(hint);
        self
    }
}

/// Problems collected while loading and checking; sorted when reported.
#[derive(Clone, Debug, Default)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    /// Empty.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds one.
    pub fn push(&mut self, d: Diagnostic) {
        self.items.push(d);
    }

    /// Adds an error.
    pub fn error(&mut self, span: Span, message: Msg) {
        self.push(Diagnostic::error(span, message));
    }

    /// Adds an error with a hint.
    pub fn error_hint(&mut self, span: Span, message: Msg, hint: Msg) {
        self.push(Diagnostic::error(span, message).hint(hint));
    }

    /// Adds a warning.
    pub fn warning(&mut self, span: Span, message: Msg) {
        self.push(Diagnostic::warning(span, message));
    }

    /// Adds a warning with a hint.
    pub fn warning_hint(&mut self, span: Span, message: Msg, hint: Msg) {
        self.push(Diagnostic::warning(span, message).hint(hint));
    }

    /// Moves every problem of `other` in.
    pub fn extend(&mut self, other: Diagnostics) {
        self.items.extend(other.items);
    }

    /// Whether any error (not warning) was reported.
    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|d| d.severity == Severity::Error)
    }

    /// Number of errors.
    pub fn error_count(&self) -> usize {
        self.items
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count()
    }

    /// Number of warnings.
    pub fn warning_count(&self) -> usize {
        self.items.len() - self.error_count()
    }

    /// All problems.
    pub fn items(&self) -> &[Diagnostic] {
        &self.items
    }

    /// Whether nothing was reported.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Turns every warning into an error (`check --strict`).
    pub fn promote_warnings(&mut self) {
        for d in &mut self.items {
            d.severity = Severity::Error;
        }
    }

    /// Problems that concern files under `dir` (a site's folder).
    pub fn under(&self, dir: &Path) -> impl Iterator<Item = &Diagnostic> {
        self.items
            .iter()
            .filter(move |d| d.span.file.starts_with(dir))
    }

    /// Takes out the warnings about files under `dir` (the shared catalog, `content/`), for
    /// whoever maintains it: a commune's clerk cannot act on them, and one catalog gap would
    /// otherwise be a warning in every site's check. Errors stay: they fail the sites using it.
    pub fn take_warnings_under(&mut self, dir: &Path) -> Diagnostics {
        let (taken, kept) = std::mem::take(&mut self.items)
            .into_iter()
            .partition(|d| d.severity == Severity::Warning && d.span.file.starts_with(dir));
        self.items = kept;
        Diagnostics { items: taken }
    }

    /// Sorts by file, position, then severity, and drops exact duplicates, so output is stable.
    pub fn sort(&mut self) {
        self.items.sort_by(|a, b| {
            (&a.span, a.severity, &a.message.vi).cmp(&(&b.span, b.severity, &b.message.vi))
        });
        self.items.dedup();
    }

    /// The numbered list a clerk reads: `1. lỗi: file:line:col: message` then `   → hint`.
    /// A warning repeated word for word in more than `GROUP_AFTER` files (the same catalog
    /// gap copied into every commune of a province) is shown once, with the count and a few of
    /// the other files: thirteen thousand identical lines hide the one that matters. Errors are
    /// always listed one by one: each names a file to fix.
    pub fn render(&self, lang: Lang) -> String {
        const GROUP_AFTER: usize = 3;
        const EXAMPLES: usize = 3;
        let mut groups: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
        for (i, d) in self.items.iter().enumerate() {
            if d.severity == Severity::Warning {
                groups.entry(d.message.vi.as_str()).or_default().push(i);
            }
        }
        let mut out = String::new();
        let mut n = 0;
        for (i, d) in self.items.iter().enumerate() {
            let group = (d.severity == Severity::Warning)
                .then(|| &groups[d.message.vi.as_str()])
                .filter(|g| g.len() > GROUP_AFTER);
            if group.is_some_and(|g| g[0] != i) {
                continue;
            }
            n += 1;
            let label = match (d.severity, lang) {
                (Severity::Error, Lang::Vi) => "lỗi",
                (Severity::Warning, Lang::Vi) => "cảnh báo",
                (Severity::Error, Lang::En) => "error",
                (Severity::Warning, Lang::En) => "warning",
            };
            let _ = writeln!(out, "{}. {label}: {}: {}", n, d.span, d.message.get(lang));
            if let Some(h) = &d.hint {
                let how = if lang == Lang::Vi {
                    "Cách sửa"
                } else {
                    "Fix"
                };
                let _ = writeln!(out, "   → {how}: {}", h.get(lang));
            }
            if let Some(g) = group {
                let others: Vec<String> = g[1..]
                    .iter()
                    .take(EXAMPLES)
                    .map(|&j| self.items[j].span.file.display().to_string())
                    .collect();
                let more = g.len() - 1;
                let etc = if more > EXAMPLES { ", …" } else { "" };
                let list = others.join(", ");
                let _ = match lang {
                    Lang::Vi => {
                        writeln!(out, "   (+ {more} chỗ khác có cùng cảnh báo: {list}{etc})")
                    }
                    Lang::En => writeln!(
                        out,
                        "   (+ {more} other places with the same warning: {list}{etc})"
                    ),
                };
            }
        }
        out
    }
}

impl IntoIterator for Diagnostics {
    type Item = Diagnostic;
    type IntoIter = std::vec::IntoIter<Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.items.into_iter()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_characters_not_bytes() {
        let text = "một\nhai ba\nbốn";
        assert_eq!(line_col(text, 0), (1, 1));
        let idx = text.find("ba").unwrap_or(0);
        assert_eq!(line_col(text, idx), (2, 5));
        let idx = text.find("bốn").unwrap_or(0);
        assert_eq!(line_col(text, idx), (3, 1));
    }

    #[test]
    fn identical_warnings_in_many_files_are_grouped_errors_never() {
        let mut d = Diagnostics::new();
        for site in ["a", "b", "c", "d", "e"] {
            d.warning(
                Span::file(format!("sites/{site}/procedures.yaml")),
                Msg::new("chưa có lệ phí", "no fee"),
            );
            d.error(
                Span::file(format!("sites/{site}/site.yaml")),
                Msg::new("thiếu mã", "no code"),
            );
        }
        d.sort();
        let text = d.render(Lang::Vi);
        assert_eq!(text.matches("chưa có lệ phí").count(), 1, "{text}");
        assert!(
            text.contains("(+ 4 chỗ khác có cùng cảnh báo: sites/b/procedures.yaml, sites/c/procedures.yaml, sites/d/procedures.yaml, …)"),
            "{text}"
        );
        assert_eq!(text.matches("thiếu mã").count(), 5, "{text}");
        assert!(text.starts_with("1. ") && text.contains("\n6. "), "{text}");
        assert!(!text.contains("\n7. "), "numbered without gaps: {text}");
        assert_eq!(d.warning_count(), 5, "every warning still counted");
    }

    #[test]
    fn catalog_warnings_are_taken_out_catalog_errors_and_site_warnings_stay() {
        let mut d = Diagnostics::new();
        d.warning(
            Span::file("content/procedures/1.000656.yaml"),
            Msg::new("liên quan", "related"),
        );
        d.error(
            Span::file("content/procedures/1.000894.yaml"),
            Msg::new("sai", "wrong"),
        );
        d.warning(Span::file("sites/a/content/x.md"), Msg::new("cũ", "old"));
        let taken = d.take_warnings_under(Path::new("content"));
        assert_eq!(taken.warning_count(), 1);
        assert_eq!(taken.items()[0].message.vi, "liên quan");
        assert_eq!((d.error_count(), d.warning_count()), (1, 1));
    }

    #[test]
    fn render_is_numbered_with_hint() {
        let mut d = Diagnostics::new();
        d.warning(Span::at("b.md", 2, 1), Msg::new("cũ", "old"));
        d.error_hint(
            Span::at("a.yaml", 3, 5),
            Msg::new("sai", "wrong"),
            Msg::new("sửa đi", "fix it"),
        );
        d.sort();
        assert_eq!(
            d.render(Lang::Vi),
            "1. lỗi: a.yaml:3:5: sai\n   → Cách sửa: sửa đi\n2. cảnh báo: b.md:2:1: cũ\n"
        );
        assert_eq!(d.error_count(), 1);
        assert_eq!(d.warning_count(), 1);
    }
}
