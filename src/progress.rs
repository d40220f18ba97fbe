//! The only indicatif import: the progress bar of long builds, shared by `build`/`check` (in
//! `app`) and `serve`'s rebuilds, so neither command module calls the other.

use std::io::IsTerminal as _;

use crate::diag::Lang;

/// The progress bar of long builds, on stderr; hidden when stderr is not a terminal (CI logs,
/// pipes) and for a single site.
pub struct ProgressBar {
    bar: indicatif::ProgressBar,
}

impl ProgressBar {
    /// A bar with its label in `lang`; nothing is drawn until a build of two sites or more reports.
    pub fn new(lang: Lang) -> Self {
        let bar = if std::io::stderr().is_terminal() {
            indicatif::ProgressBar::with_draw_target(None, indicatif::ProgressDrawTarget::stderr())
        } else {
            indicatif::ProgressBar::hidden()
        };
        let template = match lang {
            Lang::Vi => "Đang dựng {wide_bar} {pos}/{len} trang web, còn {eta}",
            Lang::En => "Building {wide_bar} {pos}/{len} sites, {eta} left",
        };
        bar.set_style(
            indicatif::ProgressStyle::with_template(template)
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar())
                .progress_chars("█▌ "),
        );
        ProgressBar { bar }
    }

    /// `done` of `total` sites built.
    pub fn update(&self, done: usize, total: usize) {
        if total > 1 {
            self.bar.set_length(total as u64);
            self.bar.set_position(done as u64);
        }
    }

    /// Removes the bar, leaving the terminal as it was.
    pub fn finish(&self) {
        self.bar.finish_and_clear();
    }
}
