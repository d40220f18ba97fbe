//! Runs a parsed command: builds options (clock, selection), calls `build`, prints the numbered
//! problem list and the one-line summary. Returns the exit code.

use std::io::IsTerminal as _;
use std::time::Instant;

use anyhow::{Context as _, Result};
use time::OffsetDateTime;

use crate::build::{self, BuildOptions, BuildReport};
use crate::cli::{Command, Selection};
use crate::diag::Lang;

/// The build clock: `--now`, else `SOURCE_DATE_EPOCH`, else the system clock.
pub fn clock(now: Option<&str>) -> Result<OffsetDateTime> {
    if let Some(s) = now {
        return OffsetDateTime::parse(s, &time::format_description::well_known::Rfc3339)
            .with_context(|| format!("--now `{s}`: expected RFC 3339, e.g. 2026-11-23T08:00:00+07:00"));
    }
    if let Ok(epoch) = std::env::var("SOURCE_DATE_EPOCH") {
        let secs: i64 = epoch.trim().parse().with_context(|| format!("SOURCE_DATE_EPOCH `{epoch}` is not a number"))?;
        return OffsetDateTime::from_unix_timestamp(secs).context("SOURCE_DATE_EPOCH out of range");
    }
    Ok(OffsetDateTime::now_utc())
}

fn options(sel: &Selection, out: std::path::PathBuf, write: bool) -> Result<BuildOptions> {
    Ok(BuildOptions {
        root: sel.root.clone(),
        out,
        sites: sel.sites.clone(),
        shard: sel.shard,
        now: clock(sel.now.as_deref())?,
        write,
        minify: true,
        inject: None,
        // `check` reports pages over the weight budget.
        weights: !write,
    })
}

/// Runs `cmd`; returns the process exit code.
pub fn run(cmd: Command, lang: Lang) -> Result<u8> {
    let started = Instant::now();
    let (opts, strict) = match &cmd {
        Command::Build(a) => (options(&a.select, a.out.clone(), true)?, false),
        Command::Check(a) => (options(&a.select, std::path::PathBuf::new(), false)?, a.strict),
    };
    let tty = std::io::stderr().is_terminal();
    let progress = move |done: usize, total: usize| {
        if tty && total > 1 {
            eprint!("\r[{done}/{total}]");
            if done == total {
                eprint!("\r            \r");
            }
        }
    };
    let mut report = match build::build(&opts, &progress) {
        Ok(r) => r,
        Err(build::UsageError(m)) => {
            eprintln!("{}", m.get(lang));
            return Ok(2);
        }
    };
    if strict {
        report.diags.promote_warnings();
    }
    if !report.diags.is_empty() {
        eprint!("{}", report.diags.render(lang));
    }
    eprintln!("{}", summary(&report, opts.write, started.elapsed().as_secs_f64(), lang));
    let failed = !report.failed.is_empty() || (strict && report.diags.has_errors()) || (!opts.write && report.diags.has_errors());
    Ok(u8::from(failed))
}

fn summary(r: &BuildReport, wrote: bool, secs: f64, lang: Lang) -> String {
    let (e, w) = (r.diags.error_count(), r.diags.warning_count());
    let s = &r.stats;
    let (ok, failed, drafts, pages) = (r.built.len(), r.failed.len(), r.drafts.len(), r.pages);
    match (lang, wrote) {
        (Lang::Vi, true) => format!(
            "Xong: {ok} trang web dựng, {failed} lỗi, {drafts} bản nháp bỏ qua; {pages} trang HTML; ghi {} tệp, {} không đổi, xóa {}; {e} lỗi, {w} cảnh báo; {secs:.2} giây.",
            s.written, s.unchanged, s.removed
        ),
        (Lang::Vi, false) => format!("Kiểm tra: {ok} trang web hợp lệ, {failed} có lỗi, {drafts} bản nháp; {pages} trang HTML; {e} lỗi, {w} cảnh báo; {secs:.2} giây."),
        (Lang::En, true) => format!(
            "Done: {ok} sites built, {failed} failed, {drafts} drafts skipped; {pages} HTML pages; {} files written, {} unchanged, {} removed; {e} errors, {w} warnings; {secs:.2} s.",
            s.written, s.unchanged, s.removed
        ),
        (Lang::En, false) => format!("Check: {ok} sites valid, {failed} with errors, {drafts} drafts; {pages} HTML pages; {e} errors, {w} warnings; {secs:.2} s."),
    }
}
