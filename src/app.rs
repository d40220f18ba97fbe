//! Runs a parsed command: builds options (clock, selection), calls `build` (with the progress
//! bar), prints the numbered problem list and the one-line summary; hands `serve` to
//! `serve::run` and `new`/`init` to `scaffold`, printing what they created. Returns the exit code.

use std::time::Instant;

use anyhow::{Context as _, Result};
use time::OffsetDateTime;

use crate::dates;
use crate::progress::ProgressBar;

use crate::build::{self, BuildOptions, BuildReport};
use crate::cli::{Command, InitArgs, NewArgs, NewWhat, Selection};
use crate::diag::Lang;
use crate::scaffold::{self, PageKind, ScaffoldError};

/// [`clock`] for a command run in `lang`: its message as the (usage) error.
fn clock_for(now: Option<&str>, lang: Lang) -> Result<OffsetDateTime> {
    dates::clock(now).map_err(|m| anyhow::anyhow!("{}", m.get(lang)))
}

fn options(
    sel: &Selection,
    out: std::path::PathBuf,
    write: bool,
    lang: Lang,
) -> Result<BuildOptions> {
    Ok(BuildOptions {
        root: sel.root.clone(),
        out,
        sites: sel.sites.clone(),
        shard: sel.shard,
        now: clock_for(sel.now.as_deref(), lang)?,
        write,
        inject: None,
        // `check` reports pages over the weight budget.
        weights: !write,
        drafts: false,
        prune: false,
    })
}

/// Runs `cmd`; returns the process exit code.
pub fn run(cmd: Command, lang: Lang) -> Result<u8> {
    match cmd {
        Command::Build(a) => {
            let mut opts = options(&a.select, a.out.clone(), true, lang)?;
            opts.weights = a.weights.is_some();
            opts.prune = a.prune;
            // SIGTERM/SIGINT stop writing at a safe point; SIGXFSZ becomes a reported error.
            crate::output::install_signal_handlers().context("signal handlers")?;
            let code = run_build(&opts, (false, false), a.weights.as_deref(), lang)?;
            Ok(match crate::output::stop_signal() {
                Some(sig) => u8::try_from(128 + sig).unwrap_or(1),
                None => code,
            })
        }
        Command::Check(a) => {
            let drift = a
                .records
                .as_deref()
                .map_or(0, |dir| check_records(&a.select.root, dir, a.strict, lang));
            let code = run_build(
                &options(&a.select, std::path::PathBuf::new(), false, lang)?,
                (a.strict, a.catalog),
                None,
                lang,
            )?;
            Ok(code.max(drift))
        }
        Command::Serve(a) => crate::serve::run(&a, lang),
        Command::New(a) => run_new(&a, lang),
        Command::Init(a) => run_init(&a, lang),
        Command::Catalog(a) => match &a.what {
            crate::cli::CatalogWhat::Fetch(f) => run_fetch(f, lang),
            _ => Ok(run_catalog(&a, lang)),
        },
        Command::Broadcast(a) => {
            let now = clock_for(a.now.as_deref(), lang)?;
            Ok(crate::broadcast::run(&a, now, lang))
        }
    }
}

/// `congxa catalog fetch`: every record that failed is listed, then the summary; exit 1 when any did.
fn run_fetch(a: &crate::cli::FetchArgs, lang: Lang) -> Result<u8> {
    use crate::catalog::fetch;
    let secs = |s: f64, name: &str| {
        if s.is_finite() && (0.0..=86_400.0).contains(&s) {
            Ok(std::time::Duration::from_secs_f64(s))
        } else {
            Err(crate::msg!(
                "`--{name}` phải là số giây từ 0 đến 86400.",
                "`--{name}` must be a number of seconds from 0 to 86400."
            ))
        }
    };
    let province_ok = a
        .province
        .as_deref()
        .is_none_or(|p| p.len() == 2 && p.bytes().all(|b| b.is_ascii_digit()));
    let opts = (|| {
        if !province_ok {
            return Err(crate::msg!(
                "`--province` là mã tỉnh hai chữ số, ví dụ `--province 79`.",
                "`--province` is a two-digit province code, e.g. `--province 79`."
            ));
        }
        if !(a.rate.is_finite() && a.rate > 0.0 && a.rate <= 100.0) {
            return Err(crate::msg!(
                "`--rate` phải lớn hơn 0 và không quá 100 (yêu cầu mỗi giây).",
                "`--rate` must be above 0 and at most 100 (requests a second)."
            ));
        }
        Ok(fetch::FetchOptions {
            base: a.base_url.trim_end_matches('/').to_owned(),
            out: a.out.clone(),
            province: a.province.clone(),
            rate: a.rate,
            timeout: secs(a.timeout, "timeout")?,
            retries: a.retries,
            retry_wait: secs(a.retry_wait, "retry-wait")?,
            refresh: a.refresh,
        })
    })();
    let opts = match opts {
        Ok(o) => o,
        Err(m) => {
            eprintln!("{}", m.get(lang));
            return Ok(2);
        }
    };
    let bar = ProgressBar::labelled(
        lang,
        "Đang tải {wide_bar} {pos}/{len} bản ghi, còn {eta}",
        "Fetching {wide_bar} {pos}/{len} records, {eta} left",
    );
    let result = fetch::fetch(&opts, &|done, total| bar.update(done, total));
    bar.finish();
    let report = match result {
        Ok(r) => r,
        Err(fetch::FetchFailed(d)) => {
            let mut diags = crate::diag::Diagnostics::new();
            diags.push(d);
            eprint!("{}", diags.render(lang));
            return Ok(1);
        }
    };
    if !report.diags.is_empty() {
        eprint!("{}", report.diags.render(lang));
    }
    eprintln!("{}", fetch::summary(&report, &opts.out).get(lang));
    Ok(u8::from(report.diags.has_errors()))
}

/// `(strict, catalog)`: `check --strict`, `check --catalog`.
fn run_build(
    opts: &BuildOptions,
    (strict, catalog): (bool, bool),
    weights: Option<&std::path::Path>,
    lang: Lang,
) -> Result<u8> {
    let started = Instant::now();
    let bar = ProgressBar::new(lang);
    let result = build::build(opts, &|done, total| bar.update(done, total));
    bar.finish();
    let mut report = match result {
        Ok(r) => r,
        Err(build::UsageError(m)) => {
            eprintln!("{}", m.get(lang));
            return Ok(2);
        }
    };
    let shared = if catalog {
        crate::diag::Diagnostics::new()
    } else {
        report
            .diags
            .take_warnings_under(std::path::Path::new("content"))
    };
    if strict {
        report.diags.promote_warnings();
    }
    if !report.diags.is_empty() {
        eprint!("{}", report.diags.render(lang));
    }
    if !shared.is_empty() {
        let n = shared.warning_count();
        let note = crate::msg!(
            "Ghi chú: danh mục thủ tục dùng chung (content/) có {n} cảnh báo cho người duy trì danh mục, không phải việc của trang xã; người duy trì xem bằng `congxa check --catalog`.",
            "Note: the shared catalog (content/) has {n} warnings for whoever maintains it, not for the sites; they are listed by `congxa check --catalog`."
        );
        eprintln!("{}", note.get(lang));
    }
    if let Some(path) = weights {
        std::fs::write(path, crate::weight::report_tsv(&report.weights))
            .with_context(|| format!("{}", path.display()))?;
        let max_html = report.weights.iter().map(|w| w.html_gz).max().unwrap_or(0);
        let max_total = report.weights.iter().map(|w| w.total_gz).max().unwrap_or(0);
        let over = report.weights.iter().filter(|w| !w.within_budget()).count();
        let line = match lang {
            Lang::Vi => format!(
                "Dung lượng (gzip): {} trang đo; HTML lớn nhất {:.1} KB (ngân sách 14), HTML+CSS+JS lớn nhất {:.1} KB (ngân sách 50); {over} trang vượt; báo cáo: {}",
                report.weights.len(),
                max_html as f64 / 1024.0,
                max_total as f64 / 1024.0,
                path.display()
            ),
            Lang::En => format!(
                "Weight (gzip): {} pages measured; heaviest HTML {:.1} KB (budget 14), heaviest HTML+CSS+JS {:.1} KB (budget 50); {over} over budget; report: {}",
                report.weights.len(),
                max_html as f64 / 1024.0,
                max_total as f64 / 1024.0,
                path.display()
            ),
        };
        eprintln!("{line}");
    }
    eprintln!(
        "{}",
        summary(&report, opts.write, started.elapsed().as_secs_f64(), lang)
    );
    // Every printed error fails the run, whether or not a site failed with it (two sites with
    // one code, a theme problem): a script or CI job must not take a broken state for done.
    let failed = !report.failed.is_empty() || report.diags.has_errors();
    Ok(u8::from(failed))
}

/// Today in Vietnam by the build clock (`--now`, `SOURCE_DATE_EPOCH`, or now).
pub fn today(now: Option<&str>, lang: Lang) -> Result<time::Date> {
    Ok(dates::vn_date(clock_for(now, lang)?))
}

fn scaffold_failed(e: &ScaffoldError, lang: Lang) -> u8 {
    let label = if lang == Lang::Vi { "lỗi" } else { "error" };
    eprintln!("{label}: {}", e.message.get(lang));
    if let Some(h) = &e.hint {
        let how = if lang == Lang::Vi {
            "Cách sửa"
        } else {
            "Fix"
        };
        eprintln!("   → {how}: {}", h.get(lang));
    }
    if e.usage { 2 } else { 1 }
}

fn shown(p: &std::path::Path) -> String {
    p.display().to_string().replace('\\', "/")
}

fn run_new(a: &NewArgs, lang: Lang) -> Result<u8> {
    let today = today(a.now.as_deref(), lang)?;
    let vi = lang == Lang::Vi;
    let file = |kind: PageKind, site: &str, title: &str| -> Result<u8> {
        match scaffold::new_page(&a.root, site, title, kind, today) {
            Ok(rel) => {
                let url = crate::content::url_of(
                    rel.strip_prefix(std::path::Path::new("sites").join(site).join("content"))
                        .map(shown)
                        .unwrap_or_default()
                        .as_str(),
                )
                .0;
                if vi {
                    println!(
                        "Đã tạo {}\nSửa nội dung trong tệp đó; xem trước bằng `congxa serve --site {site}` (trang /{site}/{url}).",
                        shown(&rel)
                    );
                } else {
                    println!(
                        "Created {}\nEdit its text; preview with `congxa serve --site {site}` (page /{site}/{url}).",
                        shown(&rel)
                    );
                }
                Ok(0)
            }
            Err(e) => Ok(scaffold_failed(&e, lang)),
        }
    };
    match &a.what {
        NewWhat::Site { code } => match scaffold::new_site(&a.root, code, today) {
            Ok(s) => {
                print_site(&s, lang);
                let f = &s.folder;
                if vi {
                    println!(
                        "Trang đang là bản nháp (draft: true), chưa được đăng. Việc tiếp theo:\n  1. điền địa chỉ, số điện thoại (hoặc thư điện tử) và địa chỉ trang (`base_url`) do tỉnh cấp trong sites/{f}/site.yaml;\n  2. viết mọi chỗ `[Cần điền…]` trong sites/{f}/content/ và xem trước bằng `congxa serve --site {f}`;\n  3. đổi `draft: true` thành `draft: false`, rồi chạy `congxa check --site {f}`."
                    );
                } else {
                    println!(
                        "The site is a draft (draft: true) and is not published. Next:\n  1. fill in the address, a phone number (or e-mail) and the site address the province gave (`base_url`) in sites/{f}/site.yaml;\n  2. write every `[Cần điền…]` in sites/{f}/content/ and preview with `congxa serve --site {f}`;\n  3. change `draft: true` to `draft: false`, then run `congxa check --site {f}`."
                    );
                }
                Ok(0)
            }
            Err(e) => Ok(scaffold_failed(&e, lang)),
        },
        NewWhat::Page { site, title } => file(PageKind::Page, site, title),
        NewWhat::Announcement { site, title } => file(PageKind::Announcement, site, title),
        NewWhat::Event { site, title } => file(PageKind::Event, site, title),
        NewWhat::Procedure { site, code } => match scaffold::new_procedure(&a.root, site, code) {
            Ok(rel) => {
                if vi {
                    println!(
                        "Đã thêm mục `{code}` vào {}: điền mức lệ phí, nơi nộp, cán bộ phụ trách rồi chạy `congxa check --site {site}`.",
                        shown(&rel)
                    );
                } else {
                    println!(
                        "Added an entry for `{code}` to {}: fill in the fees, place and official, then run `congxa check --site {site}`.",
                        shown(&rel)
                    );
                }
                Ok(0)
            }
            Err(e) => Ok(scaffold_failed(&e, lang)),
        },
    }
}

fn print_site(s: &scaffold::SiteCreated, lang: Lang) {
    let c = &s.commune;
    match lang {
        Lang::Vi => println!(
            "Đã tạo trang {} (mã {}, {}) ở sites/{}/:",
            c.name, c.code, c.province_name, s.folder
        ),
        Lang::En => println!(
            "Created the site of {} (code {}, {}) in sites/{}/:",
            c.name, c.code, c.province_name, s.folder
        ),
    }
    for f in &s.files {
        println!("  {}", shown(f));
    }
}

/// `congxa catalog import|diff`: 0 when clean, 1 on errors (or drift, for diff).
fn run_catalog(a: &crate::cli::CatalogArgs, lang: Lang) -> u8 {
    use crate::catalog::{diff, import};
    use crate::cli::CatalogWhat;
    match &a.what {
        CatalogWhat::Import { inputs, dry_run } => {
            let r = import::import(&a.root, inputs, *dry_run);
            if !r.diags.is_empty() {
                eprint!("{}", r.diags.render(lang));
            }
            print!("{}", import::summary(&r, *dry_run, lang));
            u8::from(r.diags.has_errors())
        }
        CatalogWhat::Diff { dir } => {
            let (text, diags, drift) = diff::run(&a.root, dir);
            if !diags.is_empty() {
                eprint!("{}", diags.render(lang));
            }
            print!("{}", text.get(lang));
            u8::from(diags.has_errors() || drift)
        }
        // Handled by `run_fetch`, which needs no project.
        CatalogWhat::Fetch(_) => 2,
    }
}

/// `check --records DIR`: drift as warnings (errors with `--strict`); 1 when that fails.
fn check_records(root: &std::path::Path, dir: &std::path::Path, strict: bool, lang: Lang) -> u8 {
    let mut diags = crate::diag::Diagnostics::new();
    let drifts = crate::catalog::diff::drift(root, dir, &mut diags);
    crate::catalog::diff::as_warnings(&drifts, &mut diags);
    if strict {
        diags.promote_warnings();
    }
    if !diags.is_empty() {
        eprint!("{}", diags.render(lang));
    }
    u8::from(diags.has_errors())
}

fn run_init(a: &InitArgs, lang: Lang) -> Result<u8> {
    let today = today(a.now.as_deref(), lang)?;
    match scaffold::init_province(&a.root, &a.province, today) {
        Ok(r) => {
            for s in &r.created {
                println!(
                    "  sites/{}/  {} ({})",
                    s.folder, s.commune.name, s.commune.code
                );
            }
            let (n, kept) = (r.created.len(), r.existing.len());
            match lang {
                Lang::Vi => println!(
                    "{}: đã tạo {n} trang (bản nháp, draft: true); {kept} xã, phường đã có trang từ trước, giữ nguyên.\nMỗi trang: điền địa chỉ, số điện thoại, `base_url` trong site.yaml và mọi chỗ `[Cần điền…]` trong content/, rồi đổi thành draft: false.",
                    r.province
                ),
                Lang::En => println!(
                    "{}: created {n} sites (drafts, draft: true); {kept} communes already had a site, left as they were.\nFor each: fill in the address, phone and `base_url` in site.yaml and every `[Cần điền…]` in content/, then set draft: false.",
                    r.province
                ),
            }
            Ok(0)
        }
        Err(e) => Ok(scaffold_failed(&e, lang)),
    }
}

fn summary(r: &BuildReport, wrote: bool, secs: f64, lang: Lang) -> String {
    let (e, w) = (r.diags.error_count(), r.diags.warning_count());
    let s = &r.stats;
    let (ok, failed, drafts, pages) = (r.built.len(), r.failed.len(), r.drafts.len(), r.pages);
    match (lang, wrote) {
        (Lang::Vi, true) => format!(
            "Xong: {ok} trang web dựng ({} không đổi, bỏ qua), {failed} lỗi, {drafts} bản nháp bỏ qua; {pages} trang HTML; ghi {} tệp, {} không đổi, xóa {}; {e} lỗi, {w} cảnh báo; {secs:.2} giây.",
            r.skipped, s.written, s.unchanged, s.removed
        ),
        (Lang::Vi, false) => format!(
            "Kiểm tra: {ok} trang web hợp lệ, {failed} có lỗi, {drafts} bản nháp; {pages} trang HTML; {e} lỗi, {w} cảnh báo; {secs:.2} giây."
        ),
        (Lang::En, true) => format!(
            "Done: {ok} sites built ({} unchanged, skipped), {failed} failed, {drafts} drafts skipped; {pages} HTML pages; {} files written, {} unchanged, {} removed; {e} errors, {w} warnings; {secs:.2} s.",
            r.skipped, s.written, s.unchanged, s.removed
        ),
        (Lang::En, false) => format!(
            "Check: {ok} sites valid, {failed} with errors, {drafts} drafts; {pages} HTML pages; {e} errors, {w} warnings; {secs:.2} s."
        ),
    }
}
