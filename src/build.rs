//! Orchestration: select sites (`--site`, `--shard`), then per site load → render → write, in
//! parallel with rayon (the one place it is used), so memory holds a few sites at a time, not
//! the country. Project-level files (directory page, sitemap index, root robots.txt,
//! redirects at former slugs) are written by full builds and by shard 1.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;
use time::OffsetDateTime;

use crate::diag::{Diagnostics, Span};
use crate::fingerprint::Fingerprint;
use crate::msg;
use crate::outfile::Output;
use crate::output::{self, WriteStats};
use crate::project::{self, Project};
use crate::render::{self, RenderInput};
use crate::text;
use crate::theme::{self, Theme};
use crate::view::{DirectoryProvince, DirectorySite, DirectoryView};

/// What to build.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// Project root.
    pub root: PathBuf,
    /// Output folder.
    pub out: PathBuf,
    /// Only these site folders (empty: all).
    pub sites: Vec<String>,
    /// `(i, n)`: the i-th (1-based) of n shards.
    pub shard: Option<(usize, usize)>,
    /// Build clock.
    pub now: OffsetDateTime,
    /// Write output (false for `check`).
    pub write: bool,
    /// Preview only (`serve`): HTML inserted before `</body>` of every page, e.g. the live-reload
    /// script tag. Never set for a publishing build.
    pub inject: Option<String>,
    /// Measure each page's gzip weight (report in `BuildReport::weights`, warnings over budget).
    pub weights: bool,
    /// Preview only (`serve`): build draft sites too. Never set for a publishing build.
    pub drafts: bool,
    /// Remove output folders of sites whose source folder is gone (`build --prune`).
    pub prune: bool,
}

/// What happened.
#[derive(Debug, Default)]
pub struct BuildReport {
    /// Every problem.
    pub diags: Diagnostics,
    /// Sites rendered (and written, unless checking).
    pub built: Vec<String>,
    /// Sites that failed (kept their previous output).
    pub failed: Vec<String>,
    /// Draft sites skipped.
    pub drafts: Vec<String>,
    /// HTML pages rendered.
    pub pages: usize,
    /// File counts.
    pub stats: WriteStats,
    /// Page weights, when measured.
    pub weights: Vec<crate::weight::PageWeight>,
    /// Sites whose fingerprint showed nothing to do (counted in `built` too).
    pub skipped: usize,
}

/// A usage error (exit code 2): an unknown `--site`, a bad `--shard`.
#[derive(Debug)]
pub struct UsageError(pub crate::diag::Msg);

/// Progress callback: (sites done, sites total).
pub type Progress<'a> = &'a (dyn Fn(usize, usize) + Sync);

/// Builds (or checks) the selected sites.
pub fn build(opts: &BuildOptions, progress: Progress<'_>) -> Result<BuildReport, UsageError> {
    if !opts.root.join("sites").is_dir() {
        return Err(not_a_project(opts));
    }
    // Before anything is read or written: `--out sites` would take the sources for old output.
    if opts.write {
        output::check_out(&opts.root, &opts.out).map_err(UsageError)?;
    }
    let project = Project::load(&opts.root);
    let selected = select(&project, opts)?;
    let full = opts.sites.is_empty() && opts.shard.is_none_or(|(i, _)| i == 1);
    let mut report = BuildReport {
        diags: project_diags(&project, &selected, full),
        ..BuildReport::default()
    };
    let project_broken =
        project.diags.items().iter().any(|d| {
            d.severity == crate::diag::Severity::Error && !d.span.file.starts_with("sites")
        });

    let themes = load_themes(opts, &project, &selected, &mut report.diags);
    let shared = if opts.write {
        crate::fingerprint::shared_digest(&opts.root)
    } else {
        String::new()
    };
    let dest = match opts.write.then(|| output::Dest::new(&opts.root, &opts.out)) {
        Some(Err(e)) => {
            report.diags.error_hint(
                Span::file(&opts.out),
                e.message(),
                msg!(
                    "kiểm tra đường dẫn --out, quyền ghi và dung lượng đĩa.",
                    "check the --out path, write permission and disk space."
                ),
            );
            report.diags.sort();
            report.failed = selected;
            return Ok(report);
        }
        Some(Ok(d)) => Some(d),
        None => None,
    };
    let parts = render::shared::SharedParts::default();
    let run = Run {
        project: &project,
        themes: &themes,
        opts,
        dest: dest.as_ref(),
        project_broken,
        shared: &shared,
        parts: &parts,
    };
    let done = AtomicUsize::new(0);
    let total = selected.len();
    let results: Vec<SiteResult> = selected
        .par_iter()
        .map(|folder| {
            let r = guarded(folder, || build_one(&run, folder));
            progress(done.fetch_add(1, Ordering::Relaxed) + 1, total);
            r
        })
        .collect();
    tally(&mut report, results);
    if output::stopping() {
        report.diags.error_hint(
            Span::file(&opts.out),
            msg!(
                "bản dựng bị dừng giữa chừng (tín hiệu {}); các tệp tạm đã được xóa, mỗi tệp đã đăng là bản cũ hoặc bản mới",
                "the build was stopped (signal {}); temp files were removed, each published file is its old or its new version",
                output::stop_signal().unwrap_or(0)
            ),
            msg!("chạy lại `congxa build` để hoàn tất.", "run `congxa build` again to finish."),
        );
    }
    let dest = dest.filter(|_| !output::stopping());
    // Project-level files list every site: with a site failing they would drop it, and with
    // any other error (two sites with one code, a theme problem) they would be written from a
    // state known to be wrong, so the previous ones are kept until a run has no error at all.
    if let (Some(dest), true, true, false) = (
        &dest,
        full,
        report.failed.is_empty(),
        report.diags.has_errors(),
    ) {
        write_root(opts, &project, &themes, dest, &mut report);
    }
    if let (Some(dest), true) = (&dest, full) {
        orphans(opts, dest, &mut report);
    }
    report.diags.sort();
    Ok(report)
}

/// Themes in use, loaded once each. A theme with an error is not used: its sites keep their
/// previous output rather than be published with a file of it refused or missing.
fn load_themes(
    opts: &BuildOptions,
    project: &Project,
    selected: &[String],
    diags: &mut Diagnostics,
) -> BTreeMap<String, Option<Theme>> {
    let mut themes: BTreeMap<String, Option<Theme>> = BTreeMap::new();
    for f in selected {
        if let Some(c) = project.sites.get(f) {
            themes.entry(c.theme.clone()).or_insert_with(|| {
                let mut d = Diagnostics::new();
                let t = theme::load(&opts.root, &c.theme, &mut d).filter(|_| !d.has_errors());
                diags.extend(d);
                t
            });
        }
    }
    themes
}

/// Adds each site's result to the report.
fn tally(report: &mut BuildReport, results: Vec<SiteResult>) {
    for r in results {
        report.diags.extend(r.diags);
        report.stats += r.stats;
        report.pages += r.pages;
        report.weights.extend(r.weights);
        match r.status {
            Status::Built => report.built.push(r.folder),
            Status::Skipped => {
                report.skipped += 1;
                report.built.push(r.folder);
            }
            Status::Failed => report.failed.push(r.folder),
            Status::Draft => report.drafts.push(r.folder),
        }
    }
}

/// Writes the project-level files (directory page, sitemap index, root robots.txt).
fn write_root(
    opts: &BuildOptions,
    project: &Project,
    themes: &BTreeMap<String, Option<Theme>>,
    dest: &output::Dest,
    report: &mut BuildReport,
) {
    // The directory page uses the default theme when in use, else the first theme in use.
    let in_use = themes
        .get("default")
        .or_else(|| themes.values().next())
        .and_then(Option::as_ref);
    let loaded;
    let th = match in_use {
        Some(t) => Some(t),
        None => {
            let name = project
                .sites
                .values()
                .next()
                .map_or("default", |c| c.theme.as_str());
            loaded = theme::load(&opts.root, name, &mut Diagnostics::new());
            loaded.as_ref()
        }
    };
    let files = root_files(project, th, &mut report.diags);
    match output::write_project_files(dest, &files) {
        Ok(w) => {
            report.stats += w.stats;
            report_kept(&opts.out, &w.kept, &mut report.diags);
        }
        Err(e) => report.diags.error_hint(
            Span::file(&opts.out),
            prefixed("không ghi được tệp chung của dự án: ", "cannot write the project files: ", e.message()),
            msg!("kiểm tra quyền ghi và dung lượng đĩa; các tệp chung đã đăng trước đó được giữ nguyên.", "check write permission and disk space; the project files published before were kept."),
        ),
    }
}

/// The project's problems this run reports, and so fails on: all of them when it writes the
/// project-level files (a broken `site.yaml` anywhere blocks them); otherwise those of the
/// catalog and of the selected sites, so `--site a` or another shard does not fail on site b.
fn project_diags(project: &Project, selected: &[String], full: bool) -> Diagnostics {
    let mut out = Diagnostics::new();
    for d in project.diags.items() {
        let other_site = d
            .span
            .file
            .strip_prefix("sites")
            .ok()
            .and_then(|r| r.components().next())
            .is_some_and(|c| !selected.iter().any(|s| c.as_os_str() == s.as_str()));
        if full || !other_site {
            out.push(d.clone());
        }
    }
    out
}

/// Output folders of sites built here before whose folder is gone from `sites/` (deleted or
/// renamed): still published, so reported, and removed only on `--prune`. A site whose
/// `site.yaml` is broken still has its folder, so it is never taken for one.
fn orphans(opts: &BuildOptions, dest: &output::Dest, report: &mut BuildReport) {
    for folder in crate::fingerprint::built_folders(&opts.root, &opts.out) {
        if opts.root.join("sites").join(&folder).is_dir() {
            continue;
        }
        let shown = opts.out.join(&folder);
        if !opts.prune {
            report.diags.warning_hint(
                Span::file(&shown),
                msg!(
                    "thư mục này thuộc trang web không còn trong sites/ (đã xóa hoặc đổi tên) nhưng vẫn đang được đăng",
                    "this folder belongs to a site no longer in sites/ (deleted or renamed) but is still published"
                ),
                msg!(
                    "nếu trang web đã thôi hoạt động, chạy `congxa build --prune` để gỡ thư mục này khỏi bản đăng.",
                    "if the site is retired, run `congxa build --prune` to remove this folder from the output."
                ),
            );
            continue;
        }
        match output::remove_site(dest, &folder) {
            Ok(Some(w)) => {
                report.stats += w.stats;
                report_kept(&shown, &w.kept, &mut report.diags);
                crate::fingerprint::forget_folder(&opts.root, &opts.out, &folder);
            }
            Ok(None) => report.diags.warning_hint(
                Span::file(&shown),
                msg!(
                    "không gỡ thư mục này: không có danh sách tệp congxa đã ghi ({}), nên congxa không chứng minh được các tệp trong đó do mình tạo",
                    "this folder was not removed: there is no list of the files congxa wrote ({}), so congxa cannot prove it created them",
                    dest.manifest_path(&folder).display()
                ),
                msg!("thư mục được dựng bởi một phiên bản congxa cũ: kiểm tra rồi tự xóa thư mục này.", "it was built by an older congxa: check it, then delete the folder by hand."),
            ),
            Err(e) => report.diags.error(
                Span::file(&shown),
                prefixed("không gỡ được: ", "cannot remove: ", e.message()),
            ),
        }
    }
}

fn prefixed(vi: &str, en: &str, m: crate::diag::Msg) -> crate::diag::Msg {
    crate::diag::Msg::new(format!("{vi}{}", m.vi), format!("{en}{}", m.en))
}

/// Warns about the files in `dir` that congxa did not write and so left in place.
fn report_kept(dir: &std::path::Path, kept: &[String], diags: &mut Diagnostics) {
    let Some(first) = kept.first() else {
        return;
    };
    let n = kept.len();
    let list: Vec<&str> = kept.iter().take(5).map(String::as_str).collect();
    let list = list.join(", ");
    let more = if n > 5 { ", …" } else { "" };
    diags.warning_hint(
        Span::file(dir.join(first)),
        msg!(
            "{n} tệp này không do congxa tạo, được giữ nguyên: {list}{more}",
            "{n} file(s) here were not written by congxa and were kept: {list}{more}"
        ),
        msg!(
            "tệp của bạn (CNAME, .well-known/…, tệp xác minh) cứ để đó; nếu là tệp thừa của một bản dựng cũ, hãy tự xóa.",
            "files of your own (CNAME, .well-known/…, verification files) can stay; if they are leftovers of an old build, delete them by hand."
        ),
    );
}

enum Status {
    Built,
    Skipped,
    Failed,
    Draft,
}

struct SiteResult {
    folder: String,
    status: Status,
    diags: Diagnostics,
    stats: WriteStats,
    pages: usize,
    weights: Vec<crate::weight::PageWeight>,
}

impl SiteResult {
    fn new(folder: &str, status: Status, diags: Diagnostics) -> SiteResult {
        SiteResult {
            folder: folder.to_owned(),
            status,
            diags,
            stats: WriteStats::default(),
            pages: 0,
            weights: Vec::new(),
        }
    }
}

/// Runs one site's work so that a panic in it (a bug, or a decoder choking on a hostile file)
/// fails that site, not the run: the other sites still build, and the panic's message becomes
/// an error naming the site. The default panic hook still prints its line (`panicked at
/// file:line`) above the report, which is what a bug report needs. A failed allocation is not
/// a panic (it aborts the process): the read and image budgets exist so that none happens.
fn guarded(folder: &str, work: impl FnOnce() -> SiteResult) -> SiteResult {
    let payload = match std::panic::catch_unwind(std::panic::AssertUnwindSafe(work)) {
        Ok(r) => return r,
        Err(payload) => payload,
    };
    let what = payload
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "?".to_owned());
    let mut diags = Diagnostics::new();
    diags.error_hint(
        Span::file(std::path::Path::new("sites").join(folder)),
        msg!(
            "lỗi nội bộ của congxa khi dựng trang web này ({what}); trang này không dựng xong, các trang khác vẫn được dựng",
            "congxa failed internally while building this site ({what}); this site was not finished, the other sites were built"
        ),
        msg!(
            "đây là lỗi của chương trình, không phải của bạn: gửi thông báo này (cả dòng `panicked at` phía trên) cho bộ phận kỹ thuật; trong lúc chờ, bỏ tệp vừa thêm hoặc sửa rồi dựng lại.",
            "this is a bug in congxa, not your mistake: send this message (with the `panicked at` line above) to the technical team; meanwhile, remove the file you last added or changed and build again."
        ),
    );
    SiteResult {
        folder: folder.to_owned(),
        status: Status::Failed,
        diags,
        stats: WriteStats::default(),
        pages: 0,
        weights: Vec::new(),
    }
}

/// What every site's build in one run shares.
struct Run<'a> {
    project: &'a Project,
    themes: &'a BTreeMap<String, Option<Theme>>,
    opts: &'a BuildOptions,
    dest: Option<&'a output::Dest>,
    /// A project-level error: sites are checked but none is written.
    project_broken: bool,
    /// Digest of what every site's fingerprint shares (catalog, binary).
    shared: &'a str,
    /// Procedure-page parts rendered once for every site of the run.
    parts: &'a render::shared::SharedParts,
}

/// One site: load → plan → render → write, unless its fingerprint shows nothing to do.
fn build_one(run: &Run<'_>, folder: &str) -> SiteResult {
    let opts = run.opts;
    let mut diags = Diagnostics::new();
    let done = |status, diags| SiteResult::new(folder, status, diags);
    if output::stopping() {
        // SIGTERM or SIGINT: the sites not started yet are left as they are (reported once).
        return done(Status::Failed, diags);
    }
    let Some(cfg) = run.project.sites.get(folder) else {
        // Its site.yaml problems are already in the project's diagnostics.
        return done(Status::Failed, diags);
    };
    if cfg.draft && !opts.drafts {
        return done(Status::Draft, diags);
    }
    let Some(theme) = run.themes.get(&cfg.theme).and_then(Option::as_ref) else {
        return done(Status::Failed, diags);
    };
    // Unchanged inputs and no clock-dependent change due: the published files are current.
    let fingerprint = opts.write.then(|| {
        let options = format!("{:?}|{}", opts.inject, opts.weights);
        Fingerprint::take(
            &opts.root,
            &opts.out,
            folder,
            &cfg.dir,
            &[run.shared, &theme.digest, &options],
        )
    });
    // Placeholders in site.yaml fail the site; its pages are still checked for the rest.
    diags.extend(cfg.placeholders.clone());
    if !run.project_broken
        && cfg.placeholders.is_empty()
        && fingerprint
            .as_ref()
            .is_some_and(|f| f.unchanged(&opts.out, folder, opts.now))
    {
        // The site folder is as the last build left it; its redirects may hold temp leftovers.
        if let Some(dest) = run.dest {
            let _ = output::clean_redirects(dest, folder, &cfg.former_slugs);
        }
        return done(Status::Skipped, diags);
    }
    let site = project::load_site(run.project, cfg, opts.now, &mut diags);
    let outputs = site_outputs(run, &site, theme, &mut diags);
    let pages = outputs.iter().filter(|o| o.path.ends_with(".html")).count();
    let weights = if opts.weights {
        measure(folder, &site, &outputs, &mut diags)
    } else {
        Vec::new()
    };
    let mut result = done(Status::Failed, diags);
    result.pages = pages;
    result.weights = weights;
    if result.diags.has_errors() || run.project_broken {
        return result;
    }
    let Some(dest) = run.dest else {
        result.status = Status::Built;
        return result;
    };
    write_one(dest, &site, &outputs, fingerprint.as_ref(), opts, result)
}

/// Plans and renders a site, with the preview's snippet or the service worker.
fn site_outputs(
    run: &Run<'_>,
    site: &project::Site,
    theme: &Theme,
    diags: &mut Diagnostics,
) -> Vec<Output> {
    let (opts, parts) = (run.opts, run.parts);
    let plan = crate::plan::plan(site, theme, opts.now);
    crate::plan::check_collisions(site, &plan, diags);
    let input = RenderInput {
        site,
        theme,
        now: opts.now,
        parts,
    };
    let mut outputs = render::render(&plan, &input, diags);
    if let Some(snippet) = &opts.inject {
        for o in outputs.iter_mut().filter(|o| o.path.ends_with(".html")) {
            inject_before_body_end(&mut o.bytes, snippet);
        }
    }
    // The preview server's pages must not install a worker that would outlive the preview.
    // A site's static/ cannot hold a `.js` file, so nothing else writes this path.
    if opts.inject.is_none() {
        let worker = crate::offline::worker(&outputs, theme);
        outputs.push(worker);
    }
    outputs
}

/// Each page's gzip weight, with a warning for each over budget.
fn measure(
    folder: &str,
    site: &project::Site,
    outputs: &[Output],
    diags: &mut Diagnostics,
) -> Vec<crate::weight::PageWeight> {
    let weights = crate::weight::measure(folder, outputs);
    for w in weights.iter().filter(|w| !w.within_budget()) {
        let (h, t) = (w.html_gz / 1024, w.total_gz / 1024);
        diags.warning_hint(
            Span::file(site.config.rel_dir.clone()),
            msg!("trang `{}` nặng quá ngân sách: HTML {h} KB (tối đa 14), tổng {t} KB (tối đa 50) sau nén gzip", "page `{}` is over budget: HTML {h} KB (max 14), total {t} KB (max 50) gzipped", w.path),
            msg!("chia trang thành nhiều trang nhỏ hơn; bỏ bảng hoặc danh sách quá dài.", "split the page; shorten very long tables or lists."),
        );
    }
    weights
}

/// Writes a site with its redirects at former slugs and records its fingerprint.
fn write_one(
    dest: &output::Dest,
    site: &project::Site,
    outputs: &[Output],
    fingerprint: Option<&Fingerprint>,
    opts: &BuildOptions,
    mut result: SiteResult,
) -> SiteResult {
    let cfg = &site.config;
    let folder = cfg.folder.as_str();
    let redirects: Vec<Output> = cfg
        .former_slugs
        .iter()
        .map(|former| Output {
            path: format!("{former}/index.html"),
            bytes: redirect_page(former, folder, &cfg.base_url.url).into_bytes(),
        })
        .collect();
    match output::write_site(dest, folder, outputs, &redirects) {
        Ok(w) => {
            if let Some(f) = fingerprint {
                // Files kept in the folder are part of the state the next build compares.
                let paths: Vec<&str> = outputs
                    .iter()
                    .map(|o| o.path.as_str())
                    .chain(w.kept.iter().map(String::as_str))
                    .collect();
                f.record(&opts.out, folder, &paths, opts.now, site.next_change);
            }
            report_kept(&opts.out.join(folder), &w.kept, &mut result.diags);
            result.status = Status::Built;
            result.stats = w.stats;
        }
        Err(e) => {
            if let Some(f) = fingerprint {
                f.forget();
            }
            if !e.is_stop() {
                result.diags.error_hint(
                    Span::file(cfg.rel_dir.clone()),
                    prefixed("không ghi được trang ra thư mục đầu ra: ", "cannot write the site to the output folder: ", e.message()),
                    msg!("giải phóng chỗ trên ổ đĩa hoặc sửa quyền ghi rồi chạy lại; mỗi tệp đã đăng trước đó vẫn còn nguyên (bản cũ, hoặc bản mới nếu đã kịp ghi).", "free disk space or fix write permission, then run again; every file published before is still whole (its old version, or its new one if it was written)."),
                );
            }
        }
    }
    result
}

/// Inserts `snippet` before the last `</body>` (or at the end when there is none).
fn inject_before_body_end(bytes: &mut Vec<u8>, snippet: &str) {
    let at = bytes
        .windows(7)
        .rposition(|w| w.eq_ignore_ascii_case(b"</body>"))
        .unwrap_or(bytes.len());
    bytes.splice(at..at, snippet.bytes());
}

/// A page at a former slug that sends visitors on to the site's new folder.
fn redirect_page(former: &str, folder: &str, base_url: &str) -> String {
    let _ = former;
    let target = format!("../{folder}/");
    format!(
        "<!DOCTYPE html>\n<html lang=\"vi\"><head><meta charset=\"utf-8\">\
<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; base-uri 'none'; form-action 'none'\">\
<title>Đã chuyển địa chỉ</title>\
<meta http-equiv=\"refresh\" content=\"0; url={target}\"><link rel=\"canonical\" href=\"{}\">\
<meta name=\"robots\" content=\"noindex\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"></head>\
<body><main><h1>Trang đã chuyển địa chỉ</h1><p><a href=\"{target}\">Mời bạn sang trang mới</a>.</p></main></body></html>\n",
        text::escape_xml(base_url)
    )
}

/// `--root` pointing at a folder that is not a congxa project (no `sites/` folder): a usage
/// error, before anything is read or written.
fn not_a_project(opts: &BuildOptions) -> UsageError {
    let root = opts.root.display();
    UsageError(msg!(
        "không có thư mục sites/ trong `{root}`: đây không phải thư mục dự án congxa. Chỉ đúng thư mục bằng --root, hoặc tạo dự án mới bằng `congxa init`.",
        "no sites/ folder in `{root}`: this is not a congxa project folder. Point --root at the right folder, or create a project with `congxa init`."
    ))
}

/// The sites this run builds.
fn select(project: &Project, opts: &BuildOptions) -> Result<Vec<String>, UsageError> {
    let mut all: Vec<String> = project
        .sites
        .keys()
        .cloned()
        .chain(project.broken.iter().cloned())
        .collect();
    all.sort();
    all.dedup();
    let mut chosen = if opts.sites.is_empty() {
        all.clone()
    } else {
        let mut v = Vec::new();
        for s in &opts.sites {
            if !all.contains(s) {
                return Err(UsageError(
                    match text::closest(s, all.iter().map(String::as_str)) {
                        Some(c) => msg!(
                            "không có trang `{s}` trong sites/; có phải ý bạn là `{c}`?",
                            "no site `{s}` in sites/; did you mean `{c}`?"
                        ),
                        None => msg!(
                            "không có trang `{s}` trong sites/",
                            "no site `{s}` in sites/"
                        ),
                    },
                ));
            }
            v.push(s.clone());
        }
        v.sort();
        v.dedup();
        v
    };
    if let Some((i, n)) = opts.shard {
        if n == 0 || i == 0 || i > n {
            return Err(UsageError(msg!(
                "--shard phải có dạng I/N với 1 ≤ I ≤ N",
                "--shard must be I/N with 1 ≤ I ≤ N"
            )));
        }
        let weights: Vec<(String, usize, String)> = chosen
            .iter()
            .map(|f| {
                let code = project
                    .sites
                    .get(f)
                    .map(|c| c.commune.code.clone())
                    .unwrap_or_else(|| f.clone());
                (f.clone(), project.source_file_count(f), code)
            })
            .collect();
        let assignment = shard_assign(&weights, n);
        chosen = chosen
            .into_iter()
            .zip(assignment)
            .filter(|(_, s)| *s == i - 1)
            .map(|(f, _)| f)
            .collect();
    }
    Ok(chosen)
}

/// Longest-first greedy assignment of weighted items to `n` shards: heaviest first (ties by
/// code), each to the currently lightest shard (ties by lower index). Deterministic.
/// Returns the shard index of each item, in input order.
pub fn shard_assign(items: &[(String, usize, String)], n: usize) -> Vec<usize> {
    let mut order: Vec<usize> = (0..items.len()).collect();
    order.sort_by(|&a, &b| {
        items[b]
            .1
            .cmp(&items[a].1)
            .then_with(|| items[a].2.cmp(&items[b].2))
    });
    let mut load = vec![0usize; n];
    let mut out = vec![0; items.len()];
    for idx in order {
        let (s, _) = load
            .iter()
            .enumerate()
            .min_by_key(|(i, l)| (**l, *i))
            .unwrap_or((0, &0));
        load[s] += items[idx].1.max(1);
        out[idx] = s;
    }
    out
}

/// Directory page of all sites, sitemap index and root robots.txt.
fn root_files(project: &Project, theme: Option<&Theme>, diags: &mut Diagnostics) -> Vec<Output> {
    let mut files = Vec::new();
    let reg = crate::communes::registry();
    let mut provinces: BTreeMap<String, Vec<DirectorySite>> = BTreeMap::new();
    let mut sitemaps = Vec::new();
    for c in project.sites.values().filter(|c| !c.draft) {
        let formers: Vec<String> = reg
            .formers(&c.commune.code)
            .iter()
            .map(|f| format!("{} ({})", f.name, f.district_name))
            .collect();
        let search = text::fold(&format!(
            "{} {} {}",
            c.commune.name,
            c.commune.province_name,
            formers.join(" ")
        ));
        provinces
            .entry(c.commune.province_name.clone())
            .or_default()
            .push(DirectorySite {
                name: c.commune.name.clone(),
                url: format!("{}/", c.folder),
                formers,
                search,
            });
        sitemaps.push(format!("{}sitemap.xml", c.base_url.url));
    }
    let mut provs: Vec<DirectoryProvince> = provinces
        .into_iter()
        .map(|(name, mut sites)| {
            sites.sort_by(|a, b| text::collate(&a.name, &b.name));
            DirectoryProvince { name, sites }
        })
        .collect();
    provs.sort_by(|a, b| text::collate(&a.name, &b.name));
    let count = provs.iter().map(|p| p.sites.len()).sum();
    if let Some(th) = theme {
        let view = DirectoryView {
            t: th.i18n.get("vi").cloned().unwrap_or_default(),
            css: th.asset_paths.get("style.css").cloned().unwrap_or_default(),
            js: th.asset_paths.get("app.js").cloned().unwrap_or_default(),
            provinces: provs,
            count,
        };
        match th.render("directory.html", &view) {
            Ok(html) => files.push(Output {
                path: "index.html".into(),
                bytes: html.into_bytes(),
            }),
            Err(d) => diags.push(d),
        }
        for (path, bytes) in &th.assets {
            files.push(Output {
                path: path.clone(),
                bytes: bytes.clone(),
            });
        }
    }
    files.push(Output {
        path: "sitemap.xml".into(),
        bytes: crate::render::sitemap_index(&sitemaps).into_bytes(),
    });
    files.push(Output {
        path: "robots.txt".into(),
        bytes: b"User-agent: *\nAllow: /\n".to_vec(),
    });
    // Browsers and crawlers ask for it at the root of the host, above every site's folder.
    files.push(Output {
        path: "favicon.ico".into(),
        bytes: crate::images::favicon_ico(),
    });
    files
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn panic_in_a_site_fails_that_site_with_its_message() {
        let r = guarded("xa-thu", || panic!("index {} out of range", 7));
        assert!(matches!(r.status, Status::Failed));
        assert_eq!(r.folder, "xa-thu");
        let d = &r.diags.items()[0];
        assert_eq!(d.severity, crate::diag::Severity::Error);
        assert_eq!(d.span.file, std::path::Path::new("sites/xa-thu"));
        assert!(
            d.message.vi.contains("(index 7 out of range)"),
            "{}",
            d.message.vi
        );
        assert!(d.message.en.contains("(index 7 out of range)"));
        // A `&'static str` payload too, and a normal result passes through unchanged.
        let r = guarded("xa-hai", || panic!("boom"));
        assert!(r.diags.items()[0].message.en.contains("(boom)"));
        let ok = guarded("xa-ba", || SiteResult {
            folder: "xa-ba".into(),
            status: Status::Built,
            diags: Diagnostics::new(),
            stats: WriteStats::default(),
            pages: 3,
            weights: Vec::new(),
        });
        assert!(matches!(ok.status, Status::Built) && ok.pages == 3 && ok.diags.is_empty());
    }

    #[test]
    fn shards_are_balanced_longest_first() {
        let items: Vec<(String, usize, String)> = [
            ("a", 10, "1"),
            ("b", 7, "2"),
            ("c", 5, "3"),
            ("d", 4, "4"),
            ("e", 3, "5"),
        ]
        .iter()
        .map(|(f, w, c)| ((*f).to_owned(), *w, (*c).to_owned()))
        .collect();
        let a = shard_assign(&items, 2);
        // 10 → 0; 7 → 1; 5 → 1 (12); 4 → 0 (14); 3 → 1 (15).
        assert_eq!(a, vec![0, 1, 1, 0, 1]);
        assert_eq!(shard_assign(&items, 2), a, "deterministic");
    }
}
