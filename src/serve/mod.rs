//! `congxa serve`: builds the sites into a preview folder (`<root>/target/congxa-preview/`, never
//! the publishing output) with the live-reload tag injected, serves it over HTTP (`http`),
//! watches `sites/`, `content/` and `themes/` (`watch`), rebuilds only the affected sites and
//! tells open pages through server-sent events: `reload` after a build, `status` with the
//! problems, which `live.js` shows as an overlay while the last good pages keep being served
//! (a failed site keeps its previous output: the writer guarantees it).

pub mod http;
pub mod watch;

use std::collections::BTreeMap;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use anyhow::{Context as _, Result};
use notify::Watcher as _;
use serde::Serialize;

use crate::build::{self, BuildOptions, BuildReport};
use crate::cli::ServeArgs;
use crate::dates;
use crate::diag::{Diagnostic, Diagnostics, Lang, Severity};
use crate::text;

use watch::Affected;

/// Quiet time that ends a batch of file events.
const DEBOUNCE: Duration = Duration::from_millis(200);
/// Longest a batch waits for quiet (an editor saving many files).
const MAX_BATCH: Duration = Duration::from_secs(2);

/// One problem as the overlay and `/__congxa/status` show it, in the chosen language.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Problem {
    /// `error` or `warning`.
    pub severity: &'static str,
    /// File relative to the project root, `/` separators.
    pub file: String,
    /// 1-based line, 0 when unknown.
    pub line: u32,
    /// 1-based column, 0 when unknown.
    pub column: u32,
    /// `file:line:column` as the terminal prints it.
    pub location: String,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub hint: Option<String>,
}

impl Problem {
    fn of(d: &Diagnostic, lang: Lang) -> Self {
        Problem {
            severity: if d.severity == Severity::Error {
                "error"
            } else {
                "warning"
            },
            file: d.span.file.display().to_string().replace('\\', "/"),
            line: d.span.line,
            column: d.span.column,
            location: d.span.to_string(),
            message: d.message.get(lang).to_owned(),
            hint: d.hint.as_ref().map(|h| h.get(lang).to_owned()),
        }
    }

    fn is_error(&self) -> bool {
        self.severity == "error"
    }
}

/// The site folder a problem belongs to (`sites/<folder>/…`), if any.
fn site_of(d: &Diagnostic) -> Option<String> {
    let mut c = d.span.file.components();
    match (c.next(), c.next()) {
        (Some(a), Some(b)) if a.as_os_str() == "sites" => {
            Some(b.as_os_str().to_string_lossy().into_owned())
        }
        _ => None,
    }
}

/// Problems of the last build of each site, and of the project (catalog, themes).
#[derive(Debug, Default)]
struct Problems {
    by_site: BTreeMap<String, Vec<Problem>>,
    project: Vec<Problem>,
}

impl Problems {
    /// Takes in a build of `sites` (empty: every site).
    fn update(&mut self, report: &BuildReport, sites: &[String], lang: Lang) {
        if sites.is_empty() {
            self.by_site.clear();
        } else {
            for s in sites {
                self.by_site.remove(s);
            }
        }
        self.project.clear();
        for d in report.diags.items() {
            match site_of(d) {
                // Problems of sites not in this build are only their site.yaml's, reported again
                // by every load: those kept from their own last build are current.
                Some(s) if sites.is_empty() || sites.contains(&s) => self
                    .by_site
                    .entry(s)
                    .or_default()
                    .push(Problem::of(d, lang)),
                Some(_) => {}
                None => self.project.push(Problem::of(d, lang)),
            }
        }
    }

    fn all(&self) -> Vec<Problem> {
        let mut v: Vec<Problem> = self
            .project
            .iter()
            .chain(self.by_site.values().flatten())
            .cloned()
            .collect();
        // Errors first, then by place.
        v.sort_by(|a, b| {
            (!a.is_error(), &a.file, a.line, a.column).cmp(&(
                !b.is_error(),
                &b.file,
                b.line,
                b.column,
            ))
        });
        v
    }
}

/// A server-sent event.
fn event(name: &str, data: &str) -> String {
    format!("event: {name}\ndata: {data}\n\n")
}

#[derive(Default)]
struct LiveState {
    problems: Vec<Problem>,
    generation: u64,
    clients: Vec<mpsc::Sender<String>>,
}

/// What open pages are told: the current problems and the event streams to tell.
pub struct Live {
    lang: Lang,
    state: Mutex<LiveState>,
}

impl Live {
    /// No problems, no listener.
    pub fn new(lang: Lang) -> Self {
        Live {
            lang,
            state: Mutex::new(LiveState::default()),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, LiveState> {
        self.state
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// The status as JSON: `full` lists warnings too (`/__congxa/status`); the event stream
    /// sends errors only (what the overlay shows) with the count of warnings.
    pub fn status_json(&self, full: bool) -> String {
        let st = self.lock();
        self.status_of(&st, full)
    }

    fn status_of(&self, st: &LiveState, full: bool) -> String {
        let errors = st.problems.iter().filter(|p| p.is_error()).count();
        let warnings = st.problems.len() - errors;
        let problems: Vec<&Problem> = st
            .problems
            .iter()
            .filter(|p| full || p.is_error())
            .collect();
        let vi = self.lang == Lang::Vi;
        let text = serde_json::json!({
            "heading": if vi { format!("Có {errors} lỗi khi dựng trang") } else { format!("The build has {errors} error{}", if errors == 1 { "" } else { "s" }) },
            "note": if vi {
                "Trang đang xem là bản dựng thành công gần nhất. Sửa từng lỗi dưới đây rồi lưu tệp: trang tự tải lại khi hết lỗi."
            } else {
                "You are seeing the last good build. Fix each problem below and save: the page reloads once they are gone."
            },
            "fix": if vi { "Cách sửa" } else { "Fix" },
            "hide": if vi { "Ẩn" } else { "Hide" },
        });
        serde_json::json!({
            "generation": st.generation,
            "errors": errors,
            "warnings": warnings,
            "lang": if vi { "vi" } else { "en" },
            "text": text,
            "problems": problems,
        })
        .to_string()
    }

    /// A new event stream: its receiver and the status to send first.
    pub fn subscribe(&self) -> (mpsc::Receiver<String>, String) {
        let (tx, rx) = mpsc::channel();
        let mut st = self.lock();
        st.clients.push(tx);
        let status = self.status_of(&st, false);
        (rx, status)
    }

    /// Publishes the problems after a build, then `reload` for the sites rebuilt (`all`: the
    /// directory page too) when any was.
    fn publish(&self, problems: Vec<Problem>, reload: Option<(&[String], bool)>) {
        let mut st = self.lock();
        st.problems = problems;
        st.generation += 1;
        let mut msgs = vec![event("status", &self.status_of(&st, false))];
        if let Some((sites, all)) = reload {
            msgs.push(event(
                "reload",
                &serde_json::json!({ "sites": sites, "all": all }).to_string(),
            ));
        }
        st.clients
            .retain(|c| msgs.iter().all(|m| c.send(m.clone()).is_ok()));
    }

    /// `/` when serving a selection of sites, or before any full build: links to each site.
    pub fn index_page(&self, dir: &Path, only: &[String]) -> String {
        let mut sites: Vec<String> = std::fs::read_dir(dir)
            .map(|rd| {
                rd.filter_map(std::result::Result::ok)
                    .filter(|e| e.path().join("index.html").is_file())
                    .map(|e| e.file_name().to_string_lossy().into_owned())
                    .collect()
            })
            .unwrap_or_default();
        if !only.is_empty() {
            sites.retain(|s| only.contains(s));
        }
        sites.sort();
        let items: String = sites
            .iter()
            .map(|s| format!("<li><a href=\"/{0}/\">{0}</a></li>", text::escape_xml(s)))
            .collect();
        let (title, none) = match self.lang {
            Lang::Vi => (
                "Xem trước các trang web",
                "<p>Chưa có trang web nào được dựng. Trang bản nháp (<code>draft: true</code>) và trang đang có lỗi không có ở đây.</p>",
            ),
            Lang::En => (
                "Preview of the sites",
                "<p>No site has been built yet. Drafts (<code>draft: true</code>) and sites with errors are not here.</p>",
            ),
        };
        let body = if sites.is_empty() {
            none.to_owned()
        } else {
            format!("<ul>{items}</ul>")
        };
        page(self.lang, title, &body)
    }

    /// Our own 404 page, for paths outside any built site.
    pub fn not_found_page(&self, site: Option<&str>) -> String {
        let s = site.map(text::escape_xml).unwrap_or_default();
        let body = match self.lang {
            Lang::Vi => format!(
                "<p>Không có trang này trong bản xem trước.</p><p>Nếu <code>{s}</code> là một trang web trong <code>sites/</code>, có thể nó đang là bản nháp (<code>draft: true</code> trong site.yaml: bản nháp không được dựng), hoặc đang có lỗi (xem cửa sổ lệnh).</p><p><a href=\"/\">Về danh sách trang web</a></p>"
            ),
            Lang::En => format!(
                "<p>There is no such page in the preview.</p><p>If <code>{s}</code> is a site in <code>sites/</code>, it may be a draft (<code>draft: true</code> in site.yaml: drafts are not built) or have errors (see the terminal).</p><p><a href=\"/\">All sites</a></p>"
            ),
        };
        page(
            self.lang,
            if self.lang == Lang::Vi {
                "Không tìm thấy trang"
            } else {
                "Page not found"
            },
            &body,
        )
    }
}

fn page(lang: Lang, title: &str, body: &str) -> String {
    let l = if lang == Lang::Vi { "vi" } else { "en" };
    format!(
        "<!DOCTYPE html>\n<html lang=\"{l}\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>{title}</title><link rel=\"stylesheet\" href=\"/__congxa/live.css\"></head><body class=\"congxa-page\"><main><h1>{title}</h1>{body}</main>{}</body></html>\n",
        http::SNIPPET
    )
}

/// Each site folder's theme, read from its site.yaml (`default` when not set), for [`watch::affected`].
fn site_themes(root: &Path) -> BTreeMap<String, String> {
    #[derive(serde::Deserialize)]
    struct ThemeOnly {
        #[serde(default)]
        theme: Option<String>,
    }
    let mut out = BTreeMap::new();
    let Ok(rd) = std::fs::read_dir(root.join("sites")) else {
        return out;
    };
    for e in rd.filter_map(std::result::Result::ok) {
        let file = e.path().join("site.yaml");
        let Ok(t) = crate::fsx::read_text(root, &file, &file) else {
            continue;
        };
        let theme = crate::yaml::parse::<ThemeOnly>(&t, &file, 1)
            .ok()
            .and_then(|t| t.theme)
            .unwrap_or_else(|| "default".to_owned());
        out.insert(e.file_name().to_string_lossy().into_owned(), theme);
    }
    out
}

/// The running preview.
struct Session {
    root: PathBuf,
    preview: PathBuf,
    only: Vec<String>,
    now: Option<String>,
    lang: Lang,
    problems: Problems,
    live: Arc<Live>,
}

fn clock_time() -> String {
    crate::dates::time_of_day_now()
}

impl Session {
    /// The sites a batch rebuilds; `Some(vec![])` is a full build, `None` nothing.
    fn selection(&self, a: &Affected) -> Option<Vec<String>> {
        if self.only.is_empty() {
            if a.all || a.directory {
                return Some(Vec::new());
            }
            let sites: Vec<String> = a
                .sites
                .iter()
                .filter(|s| self.root.join("sites").join(s).is_dir())
                .cloned()
                .collect();
            return (!sites.is_empty()).then_some(sites);
        }
        let sites: Vec<String> = self
            .only
            .iter()
            .filter(|s| a.all || a.sites.contains(*s))
            .cloned()
            .collect();
        (!sites.is_empty()).then_some(sites)
    }

    /// Builds `sites` (empty: all, or the `--site` selection) into the preview folder, prints
    /// the result and tells the pages. `Err` only for a usage error (unknown `--site`).
    fn build(&mut self, sites: Vec<String>, first: bool) -> Result<(), String> {
        let sites = if sites.is_empty() {
            self.only.clone()
        } else {
            sites
        };
        let now = match dates::clock(self.now.as_deref()) {
            Ok(n) => n,
            Err(m) => return Err(m.get(self.lang).to_owned()),
        };
        let opts = BuildOptions {
            root: self.root.clone(),
            out: self.preview.clone(),
            sites: sites.clone(),
            shard: None,
            now,
            write: true,
            inject: Some(http::SNIPPET.to_owned()),
            weights: false,
            // The clerk previews a scaffolded site before it is published.
            drafts: true,
            // The preview folder is the server's own: a deleted site leaves it at once.
            prune: true,
        };
        let started = Instant::now();
        let bar = crate::progress::ProgressBar::new(self.lang);
        let result = build::build(&opts, &|d, t| bar.update(d, t));
        bar.finish();
        let report = match result {
            Ok(r) => r,
            Err(build::UsageError(m)) => return Err(m.get(self.lang).to_owned()),
        };
        let secs = started.elapsed().as_secs_f64();
        let mut errors = Diagnostics::new();
        for d in report
            .diags
            .items()
            .iter()
            .filter(|d| d.severity == Severity::Error)
        {
            errors.push(d.clone());
        }
        if !errors.is_empty() {
            eprint!("{}", errors.render(self.lang));
        }
        eprintln!("{}", result_line(&report, first, secs, self.lang));
        self.problems.update(&report, &sites, self.lang);
        let reload =
            (!report.built.is_empty()).then_some((report.built.as_slice(), sites.is_empty()));
        self.live.publish(self.problems.all(), reload);
        Ok(())
    }
}

/// `[10:15:03] Đã dựng lại 1 trang web (xa-a) trong 0.42 giây: không có lỗi.`
fn result_line(r: &BuildReport, first: bool, secs: f64, lang: Lang) -> String {
    let (n, f, d) = (r.built.len(), r.failed.len(), r.drafts.len());
    let (e, w) = (r.diags.error_count(), r.diags.warning_count());
    let names = |v: &[String]| {
        if !v.is_empty() && v.len() <= 5 {
            format!(" ({})", v.join(", "))
        } else {
            String::new()
        }
    };
    let mut s = format!("[{}] ", clock_time());
    match lang {
        Lang::Vi => {
            s.push_str(&format!(
                "{} {n} trang web",
                if first {
                    "Đã dựng"
                } else {
                    "Đã dựng lại"
                }
            ));
            s.push_str(&names(&r.built));
            if r.skipped > 0 {
                s.push_str(&format!(", {} không đổi", r.skipped));
            }
            s.push_str(&format!(" trong {secs:.2} giây"));
            if f > 0 {
                s.push_str(&format!(
                    "; {f} trang web có lỗi, đang giữ bản cũ{}",
                    names(&r.failed)
                ));
            }
            if d > 0 {
                s.push_str(&format!(
                    "; {d} bản nháp không được dựng{}",
                    names(&r.drafts)
                ));
            }
            s.push_str(&match (e, w) {
                (0, 0) => ": không có lỗi.".to_owned(),
                (0, w) => format!(": không có lỗi, {w} cảnh báo (xem bằng `congxa check`)."),
                (e, w) => format!(": {e} lỗi, {w} cảnh báo."),
            });
        }
        Lang::En => {
            let plural = |k: usize| if k == 1 { "" } else { "s" };
            s.push_str(&format!(
                "{} {n} site{}",
                if first { "Built" } else { "Rebuilt" },
                plural(n)
            ));
            s.push_str(&names(&r.built));
            if r.skipped > 0 {
                s.push_str(&format!(", {} unchanged", r.skipped));
            }
            s.push_str(&format!(" in {secs:.2} s"));
            if f > 0 {
                s.push_str(&format!(
                    "; {f} site{} failed, previous pages kept{}",
                    plural(f),
                    names(&r.failed)
                ));
            }
            if d > 0 {
                s.push_str(&format!(
                    "; {d} draft{} not built{}",
                    plural(d),
                    names(&r.drafts)
                ));
            }
            s.push_str(&match (e, w) {
                (0, 0) => ": no errors.".to_owned(),
                (0, w) => format!(
                    ": no errors, {w} warning{} (see `congxa check`).",
                    plural(w)
                ),
                (e, w) => format!(": {e} error{}, {w} warning{}.", plural(e), plural(w)),
            });
        }
    }
    s
}

/// Runs `congxa serve` until interrupted. Returns 2 for a usage error (unknown `--site`).
pub fn run(args: &ServeArgs, lang: Lang) -> Result<u8> {
    let root = args
        .root
        .canonicalize()
        .with_context(|| format!("--root {}", args.root.display()))?;
    let preview = root.join("target").join("congxa-preview");
    std::fs::create_dir_all(&preview).with_context(|| format!("{}", preview.display()))?;
    let preview = preview
        .canonicalize()
        .with_context(|| format!("{}", preview.display()))?;
    let listener = TcpListener::bind((args.bind, args.port)).with_context(|| match lang {
        Lang::Vi => format!(
            "không mở được cổng {}:{} (đang có chương trình khác dùng? thử --port 0)",
            args.bind, args.port
        ),
        Lang::En => format!(
            "cannot listen on {}:{} (in use? try --port 0)",
            args.bind, args.port
        ),
    })?;
    let addr = listener.local_addr()?;
    let live = Arc::new(Live::new(lang));

    // Watching starts before the first build, so no change made meanwhile is lost.
    let (watcher, rx) = start_watcher(&root, lang);

    let mut session = Session {
        root,
        preview: preview.clone(),
        only: args.sites.clone(),
        now: args.now.clone(),
        lang,
        problems: Problems::default(),
        live: Arc::clone(&live),
    };
    if let Err(m) = session.build(Vec::new(), true) {
        eprintln!("{m}");
        return Ok(2);
    }
    http::spawn(
        listener,
        Arc::new(http::Server::new(preview, live, args.sites.clone())),
    );
    let url = format!("http://{addr}/");
    announce(&url, args, &session.only, lang);
    use std::io::Write as _;
    let _ = std::io::stdout().flush();

    while let Some(batch) = watch::next_batch(&rx, DEBOUNCE, MAX_BATCH) {
        let themes = if batch
            .iter()
            .any(|p| p.starts_with(session.root.join("themes")))
        {
            site_themes(&session.root)
        } else {
            BTreeMap::new()
        };
        let a = watch::affected(&session.root, &batch, &themes);
        let Some(sites) = session.selection(&a) else {
            continue;
        };
        let first = batch
            .first()
            .map(|p| {
                p.strip_prefix(&session.root)
                    .unwrap_or(p)
                    .display()
                    .to_string()
            })
            .unwrap_or_default();
        let more = batch.len().saturating_sub(1);
        match (lang, more) {
            (Lang::Vi, 0) => eprintln!("[{}] Thay đổi: {first}", clock_time()),
            (Lang::Vi, m) => eprintln!("[{}] Thay đổi: {first} và {m} tệp khác", clock_time()),
            (Lang::En, 0) => eprintln!("[{}] Changed: {first}", clock_time()),
            (Lang::En, m) => eprintln!("[{}] Changed: {first} and {m} more", clock_time()),
        }
        if let Err(m) = session.build(sites, false) {
            eprintln!("{m}");
        }
    }
    // The watcher is gone (it could not start): keep serving what was built.
    drop(watcher);
    loop {
        std::thread::park();
    }
}

/// The watcher of `sites/`, `content/` and `themes/` under `root`, and the channel of changed
/// paths it feeds; no watcher (with a message) when the system refuses one.
fn start_watcher(
    root: &Path,
    lang: Lang,
) -> (
    Option<notify::RecommendedWatcher>,
    mpsc::Receiver<Vec<PathBuf>>,
) {
    let (tx, rx) = mpsc::channel::<Vec<PathBuf>>();
    let watcher = notify::recommended_watcher(move |res: notify::Result<notify::Event>| {
        if let Ok(ev) = res
            && watch::is_change(&ev.kind)
            && !ev.paths.is_empty()
        {
            let _ = tx.send(ev.paths);
        }
    });
    let mut watcher = match watcher {
        Ok(w) => Some(w),
        Err(e) => {
            eprintln!("{}", no_watch(&e, lang));
            None
        }
    };
    if let Some(w) = watcher.as_mut() {
        for d in ["sites", "content", "themes"] {
            let p = root.join(d);
            if p.is_dir()
                && let Err(e) = w.watch(&p, notify::RecursiveMode::Recursive)
            {
                eprintln!("{}", no_watch(&e, lang));
            }
        }
    }
    (watcher, rx)
}

/// Prints where the preview is served (and a note when it is open to the network).
fn announce(url: &str, args: &ServeArgs, only: &[String], lang: Lang) {
    match lang {
        Lang::Vi => println!("Đang phục vụ tại {url} (bấm Ctrl+C để dừng)"),
        Lang::En => println!("Serving at {url} (press Ctrl+C to stop)"),
    }
    if !args.bind.is_loopback() {
        match lang {
            Lang::Vi => eprintln!(
                "Lưu ý: bản xem trước mở cho cả mạng nội bộ ({}), không chỉ máy này.",
                args.bind
            ),
            Lang::En => eprintln!(
                "Note: the preview is open to the network ({}), not only this computer.",
                args.bind
            ),
        }
    }
    for s in only.iter().take(10) {
        println!("  {url}{s}/");
    }
}

fn no_watch(e: &notify::Error, lang: Lang) -> String {
    match lang {
        Lang::Vi => format!(
            "Không theo dõi được thay đổi của tệp ({e}): trang vẫn được phục vụ nhưng không tự dựng lại; chạy lại `congxa serve` sau khi sửa."
        ),
        Lang::En => format!(
            "Cannot watch files ({e}): the preview is served but not rebuilt; restart `congxa serve` after editing."
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::{Msg, Span};

    #[test]
    fn problems_of_a_narrow_build_replace_only_its_sites() {
        let mut p = Problems::default();
        let mut r = BuildReport::default();
        r.diags.error(
            Span::at("sites/xa-a/content/a.md", 2, 1),
            Msg::new("sai", "wrong"),
        );
        r.diags.error(
            Span::at("sites/xa-b/content/b.md", 3, 1),
            Msg::new("sai", "wrong"),
        );
        p.update(&r, &[], Lang::Vi);
        assert_eq!(p.all().len(), 2);
        // xa-a fixed: a build of xa-a only clears xa-a's problem and keeps xa-b's.
        p.update(&BuildReport::default(), &["xa-a".to_owned()], Lang::Vi);
        let all = p.all();
        assert_eq!(all.len(), 1);
        assert_eq!(all[0].location, "sites/xa-b/content/b.md:3:1");
        assert_eq!(all[0].message, "sai");
    }

    #[test]
    fn status_lists_errors_for_the_overlay_and_everything_for_the_endpoint() {
        let live = Live::new(Lang::En);
        let e = Problem {
            severity: "error",
            file: "a.md".into(),
            line: 1,
            column: 2,
            location: "a.md:1:2".into(),
            message: "m".into(),
            hint: Some("h".into()),
        };
        let w = Problem {
            severity: "warning",
            ..e.clone()
        };
        let (rx, first) = live.subscribe();
        assert!(first.contains("\"errors\":0"), "{first}");
        live.publish(vec![e, w], None);
        let ev = rx.recv().unwrap();
        assert!(ev.starts_with("event: status\ndata: {"), "{ev}");
        let v: serde_json::Value =
            serde_json::from_str(ev.trim_end().trim_start_matches("event: status\ndata: "))
                .unwrap();
        assert_eq!(
            (
                v["errors"].as_u64(),
                v["warnings"].as_u64(),
                v["problems"].as_array().map(Vec::len)
            ),
            (Some(1), Some(1), Some(1))
        );
        let full: serde_json::Value = serde_json::from_str(&live.status_json(true)).unwrap();
        assert_eq!(full["problems"].as_array().map(Vec::len), Some(2));
        live.publish(Vec::new(), Some((&["xa-a".to_owned()], false)));
        assert!(rx.recv().unwrap().contains("\"errors\":0"));
        assert!(
            rx.recv()
                .unwrap()
                .starts_with("event: reload\ndata: {\"all\":false,\"sites\":[\"xa-a\"]}")
        );
    }
}
