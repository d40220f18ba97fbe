//! Themes (`themes/<name>/`): Tera 2 templates (`templates/*.html`), static assets (`static/`,
//! published under `assets/` with a content hash in the name for cache-busting) and UI strings
//! (`i18n/<lang>.yaml`). Each theme in use is loaded once and shared by every site. The only
//! module besides `render` that knows Tera.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use tera::{Context, Tera};

use crate::diag::{Diagnostic, Diagnostics, Span};
use crate::fsx;
use crate::msg;
use crate::yaml;

/// Templates every theme must have.
pub const REQUIRED_TEMPLATES: [&str; 17] = [
    "search.html",
    "home.html",
    "page.html",
    "section.html",
    "404.html",
    "procedure.html",
    "procedures.html",
    "procedure_group.html",
    "directory.html",
    "list.html",
    "announcement.html",
    "event.html",
    "document.html",
    "officials.html",
    "organisation.html",
    "digital_team.html",
    "feedback.html",
];

/// A loaded theme.
pub struct Theme {
    /// Folder name.
    pub name: String,
    tera: Tera,
    /// Files to publish with every site: output path (`assets/style.1a2b3c4d.css`) and bytes.
    pub assets: Vec<(String, Vec<u8>)>,
    /// Output paths of the stylesheet and script by their source name (`style.css`).
    pub asset_paths: BTreeMap<String, String>,
    /// UI strings per language.
    pub i18n: BTreeMap<String, BTreeMap<String, String>>,
    /// Hash of every theme file, for fingerprints.
    pub digest: String,
    /// The templates under `procedure-parts/` (`procedure-parts/documents.html`), sorted: the
    /// parts of a procedure page made from its catalog entry alone, rendered once per entry.
    pub procedure_parts: Vec<String>,
}

/// A view converted once into the templates' own value, to be placed in the context of many
/// pages without being converted again: the templates' maps and lists are reference-counted,
/// so placing it (even flattened into another view) copies no text.
#[derive(Clone)]
pub struct Converted(tera::Value);

impl std::fmt::Debug for Converted {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Converted(..)")
    }
}

impl Converted {
    /// `view` converted, or the converter's message.
    pub fn of<T: serde::Serialize>(view: &T) -> Result<Converted, String> {
        tera::Value::try_from_serializable(view)
            .map(Converted)
            .map_err(|e| e.to_string())
    }

    /// This map with the fields of `extra` (a struct) added, theirs winning on a clash: the
    /// map's entries are copied, the values they hold are shared.
    pub fn with<T: serde::Serialize>(&self, extra: &T) -> Result<Converted, String> {
        let extra = tera::Value::try_from_serializable(extra).map_err(|e| e.to_string())?;
        match (self.0.as_map(), extra.into_map()) {
            (Some(base), Some(extra)) => {
                let mut map = base.clone();
                map.extend(extra);
                Ok(Converted(tera::Value::from(map)))
            }
            _ => Err("a view that is not a map cannot take more fields".to_owned()),
        }
    }
}

impl serde::Serialize for Converted {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(s)
    }
}

/// The folder of the templates a procedure page shares with every site listing its entry.
pub const PROCEDURE_PARTS: &str = "procedure-parts/";

impl std::fmt::Debug for Theme {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Theme")
            .field("name", &self.name)
            .finish_non_exhaustive()
    }
}

/// Loads `themes/<name>` under `root`. Every problem goes to `diags`; `None` if unusable.
pub fn load(root: &Path, name: &str, diags: &mut Diagnostics) -> Option<Theme> {
    let dir = root.join("themes").join(name);
    let rel_dir = fsx::rel(root, &dir);
    if !dir.is_dir() {
        diags.error_hint(
            Span::file(&rel_dir),
            msg!("không có giao diện `{name}`", "theme `{name}` not found"),
            msg!(
                "dùng `theme: default` hoặc tạo thư mục themes/{name}/.",
                "use `theme: default` or create themes/{name}/."
            ),
        );
        return None;
    }
    let mut hasher = crate::hash::Hasher::new();
    let tera = load_templates(root, name, &dir, &mut hasher, diags)?;
    let (assets, asset_paths) = load_assets(root, &dir, &mut hasher, diags);
    let i18n = load_i18n(root, &dir, &mut hasher, diags);
    let mut procedure_parts: Vec<String> = tera
        .get_template_names()
        .filter(|n| n.starts_with(PROCEDURE_PARTS))
        .map(str::to_owned)
        .collect();
    procedure_parts.sort();
    Some(Theme {
        name: name.to_owned(),
        procedure_parts,
        tera,
        assets,
        asset_paths,
        i18n,
        digest: hasher.hex(),
    })
}

/// The theme's Tera templates (every file of `templates/`), each one hashed into the digest;
/// `None` when they do not compile.
fn load_templates(
    root: &Path,
    name: &str,
    dir: &Path,
    hasher: &mut crate::hash::Hasher,
    diags: &mut Diagnostics,
) -> Option<Tera> {
    let rel_dir = fsx::rel(root, dir);
    let mut tera = Tera::new();
    let tpl_dir = dir.join("templates");
    let files = fsx::walk_files(root, &tpl_dir, diags);
    let mut sources = Vec::new();
    for (path, tname) in &files {
        let shown = fsx::rel(root, path);
        match fsx::read_text(root, path, &shown) {
            Ok(t) => {
                hasher.update(tname.as_bytes());
                hasher.update(t.as_bytes());
                sources.push((tname.clone(), t));
            }
            Err(d) => diags.push(d),
        }
    }
    if let Err(e) = tera.add_raw_templates(sources.iter().map(|(n, t)| (n.as_str(), t.as_str()))) {
        diags.push(tera_error(&rel_dir.join("templates"), &e));
        return None;
    }
    for t in REQUIRED_TEMPLATES {
        if !tera.contains_template(t) {
            diags.error(
                Span::file(rel_dir.join("templates").join(t)),
                msg!(
                    "giao diện `{name}` thiếu mẫu {t}",
                    "theme `{name}` lacks template {t}"
                ),
            );
        }
    }
    Some(tera)
}

/// Hashed output path and minified bytes of each theme file.
type Assets = Vec<(String, Vec<u8>)>;

/// The theme's `static/` files, minified and named by a hash of their bytes, and the map from
/// each source name to its hashed output path.
fn load_assets(
    root: &Path,
    dir: &Path,
    hasher: &mut crate::hash::Hasher,
    diags: &mut Diagnostics,
) -> (Assets, BTreeMap<String, String>) {
    let mut assets = Vec::new();
    let mut asset_paths = BTreeMap::new();
    let static_dir = dir.join("static");
    for (path, rel) in fsx::walk_files(root, &static_dir, diags) {
        let shown = fsx::rel(root, &path);
        let bytes = match fsx::read_bytes(root, &path, &shown, fsx::MAX_STATIC_BYTES) {
            Ok(b) => b,
            Err(d) => {
                diags.push(d);
                continue;
            }
        };
        hasher.update(rel.as_bytes());
        hasher.update(&bytes);
        let bytes = crate::minify::asset(&rel, bytes);
        let short = hex8(&bytes);
        let out = match rel.rsplit_once('.') {
            Some((stem, ext)) => format!("assets/{stem}.{short}.{ext}"),
            None => format!("assets/{rel}.{short}"),
        };
        asset_paths.insert(rel, out.clone());
        assets.push((out, bytes));
    }
    (assets, asset_paths)
}

/// The theme's UI strings per language (`i18n/<lang>.yaml`); every language must have every
/// key the Vietnamese strings have.
fn load_i18n(
    root: &Path,
    dir: &Path,
    hasher: &mut crate::hash::Hasher,
    diags: &mut Diagnostics,
) -> BTreeMap<String, BTreeMap<String, String>> {
    let rel_dir = fsx::rel(root, dir);
    let mut i18n = BTreeMap::new();
    let i18n_dir = dir.join("i18n");
    if let Ok(rd) = std::fs::read_dir(&i18n_dir) {
        let mut paths: Vec<PathBuf> = rd.filter_map(Result::ok).map(|e| e.path()).collect();
        paths.sort();
        for p in paths {
            let Some(lang) = p.file_stem().map(|s| s.to_string_lossy().into_owned()) else {
                continue;
            };
            if p.extension().is_none_or(|e| e != "yaml") {
                continue;
            }
            let shown = fsx::rel(root, &p);
            let parsed = fsx::read_text(root, &p, &shown).and_then(|t| {
                hasher.update(t.as_bytes());
                yaml::parse::<BTreeMap<String, String>>(&t, &shown, 1)
            });
            match parsed {
                Ok(m) => {
                    i18n.insert(lang, m);
                }
                Err(d) => diags.push(d),
            }
        }
    }
    if let Some(vi) = i18n.get("vi") {
        for (lang, strings) in &i18n {
            for key in vi.keys() {
                if !strings.contains_key(key) {
                    diags.error(
                        Span::file(rel_dir.join("i18n").join(format!("{lang}.yaml"))),
                        msg!("thiếu chuỗi giao diện `{key}`", "missing UI string `{key}`"),
                    );
                }
            }
        }
    }
    i18n
}

/// First 8 hex digits of the SHA-256 of `bytes`.
pub fn hex8(bytes: &[u8]) -> String {
    crate::hash::hex(&crate::hash::sha256(bytes)[..4])
}

fn tera_error(file: &Path, e: &tera::Error) -> Diagnostic {
    let mut text = e.to_string();
    let mut src = std::error::Error::source(e);
    while let Some(s) = src {
        text.push_str(&format!(": {s}"));
        src = s.source();
    }
    Diagnostic::error(
        Span::file(file),
        msg!("lỗi mẫu giao diện: {text}", "template error: {text}"),
    )
}

/// The part of the templates' context shared by many pages, converted once (`Theme::site_context`).
#[derive(Debug, Clone)]
pub struct SiteContext(Context);

impl Theme {
    fn template_file(&self, template: &str) -> PathBuf {
        PathBuf::from("themes")
            .join(&self.name)
            .join("templates")
            .join(template)
    }

    /// Converts `view` (a struct or map) for the template engine once, to be shared by the
    /// pages rendered with `render_in`. Maps and lists in it are reference-counted there, so
    /// each page gets it for the price of a few pointer copies.
    pub fn site_context<T: serde::Serialize>(&self, view: &T) -> Result<SiteContext, Diagnostic> {
        Context::from_serialize(view)
            .map(SiteContext)
            .map_err(|e| tera_error(&self.template_file("*"), &e))
    }

    /// Renders `template` with the keys of `shared` and of `view` (a struct or map) at the top
    /// level; `view`'s win on a clash. Errors name the template.
    pub fn render_in<T: serde::Serialize>(
        &self,
        template: &str,
        shared: &SiteContext,
        view: &T,
    ) -> Result<String, Diagnostic> {
        let file = self.template_file(template);
        let mut ctx = shared.0.clone();
        ctx.extend(Context::from_serialize(view).map_err(|e| tera_error(&file, &e))?);
        self.tera
            .render(template, &ctx)
            .map_err(|e| tera_error(&file, &e))
    }

    /// `view` converted for templates once (see [`Converted`]); an error names `template`,
    /// the one it is made for.
    pub fn convert<T: serde::Serialize>(
        &self,
        template: &str,
        view: &T,
    ) -> Result<Converted, Diagnostic> {
        tera::Value::try_from_serializable(view)
            .map(Converted)
            .map_err(|e| tera_error(&self.template_file(template), &e))
    }

    /// Renders every `procedure-parts/<name>.html` with `procedure` (the catalog's part of a
    /// procedure page), the UI strings `t`, `root` and `lang` only, by `<name>`. Anything else a
    /// part asks for is undefined, an error: a part cannot show a site's facts by mistake.
    pub fn render_parts<T: serde::Serialize>(
        &self,
        procedure: &T,
        t: &BTreeMap<String, String>,
        root: &str,
        lang: &str,
    ) -> Result<BTreeMap<String, String>, Diagnostic> {
        #[derive(serde::Serialize)]
        struct PartContext<'a, T> {
            procedure: &'a T,
            t: &'a BTreeMap<String, String>,
            root: &'a str,
            lang: &'a str,
        }
        let view = PartContext {
            procedure,
            t,
            root,
            lang,
        };
        let first = self.procedure_parts.first().map_or("", String::as_str);
        let ctx = Context::from_serialize(&view)
            .map_err(|e| tera_error(&self.template_file(first), &e))?;
        let mut out = BTreeMap::new();
        for template in &self.procedure_parts {
            let html = self
                .tera
                .render(template, &ctx)
                .map_err(|e| tera_error(&self.template_file(template), &e))?;
            let name = template
                .trim_start_matches(PROCEDURE_PARTS)
                .trim_end_matches(".html");
            out.insert(name.to_owned(), html);
        }
        Ok(out)
    }

    /// Renders `template` with a serializable context. Errors name the template.
    pub fn render<T: serde::Serialize>(
        &self,
        template: &str,
        view: &T,
    ) -> Result<String, Diagnostic> {
        let file = PathBuf::from("themes")
            .join(&self.name)
            .join("templates")
            .join(template);
        let ctx = Context::from_serialize(view).map_err(|e| tera_error(&file, &e))?;
        self.tera
            .render(template, &ctx)
            .map_err(|e| tera_error(&file, &e))
    }
}
