//! Command-line interface (clap derive). Parses arguments only; reads no files.

use std::net::IpAddr;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// congxa: static websites for Vietnam's communes and wards.
#[derive(Debug, Parser)]
#[command(name = "congxa", version, about)]
pub struct Cli {
    /// Language of messages: vi (default) or en.
    #[arg(long, global = true, value_enum, default_value = "vi")]
    pub lang: LangArg,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// Message language.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum LangArg {
    /// Tiếng Việt.
    Vi,
    /// English.
    En,
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the sites into the output folder.
    Build(BuildArgs),
    /// Validate everything and report problems, writing nothing.
    Check(CheckArgs),
    /// Preview the sites in a browser; rebuild and reload on every change.
    Serve(ServeArgs),
    /// Create a site, page, announcement, event or procedure entry from a template.
    New(NewArgs),
    /// Create the sites of every commune of a province (drafts).
    Init(InitArgs),
    /// Print the SMS, Zalo and loudspeaker texts of a site's announcements and events changed
    /// since a date, for one audience or hamlet or all.
    Broadcast(BroadcastArgs),
    /// The procedure catalog from the national portal's records: fetch, import, diff.
    Catalog(CatalogArgs),
}

/// `congxa catalog …`.
#[derive(Debug, Args)]
pub struct CatalogArgs {
    /// What to do.
    #[command(subcommand)]
    pub what: CatalogWhat,
    /// Project root (holds sites/, content/, themes/).
    #[arg(long, default_value = ".", global = true)]
    pub root: PathBuf,
}

/// What `congxa catalog` does.
#[derive(Debug, Subcommand)]
pub enum CatalogWhat {
    /// Download the portal's procedure records into a folder (resumable).
    Fetch(FetchArgs),
    /// Turn portal detail records (.json files, or folders of them) into the generated official
    /// layer, content/procedures/official/<code>.yaml.
    Import {
        /// Record files or folders.
        #[arg(required = true)]
        inputs: Vec<PathBuf>,
        /// Report what would change, write nothing.
        #[arg(long)]
        dry_run: bool,
    },
    /// Report, per procedure, what changed in the records since its plain-language text was
    /// checked.
    Diff {
        /// Folder of portal detail records.
        dir: PathBuf,
    },
}

/// `congxa catalog fetch`.
#[derive(Debug, Args)]
pub struct FetchArgs {
    /// Folder for the records: catalogue.json, details/<code>.json.
    #[arg(long)]
    pub out: PathBuf,
    /// Also fetch this province's own (SPECIFIC) procedures; two-digit code, e.g. 79.
    #[arg(long, value_name = "CODE")]
    pub province: Option<String>,
    /// At most this many requests a second.
    #[arg(long, default_value_t = 2.0)]
    pub rate: f64,
    /// Seconds allowed for one request.
    #[arg(long, default_value_t = 30.0)]
    pub timeout: f64,
    /// Retries of a request after a timeout, a 5xx or a 429.
    #[arg(long, default_value_t = 3)]
    pub retries: u32,
    /// Seconds to wait before the first retry (doubled at each next one).
    #[arg(long, default_value_t = 2.0)]
    pub retry_wait: f64,
    /// Download again the records already in the folder.
    #[arg(long)]
    pub refresh: bool,
    /// Address of the portal (a mirror, a test server).
    #[arg(long, default_value = crate::catalog::fetch::PORTAL)]
    pub base_url: String,
}

/// Options shared by build and check.
#[derive(Debug, Args)]
pub struct Selection {
    /// Project root (holds sites/, content/, themes/).
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// Only this site (folder name under sites/); repeatable.
    #[arg(long = "site", value_name = "SLUG")]
    pub sites: Vec<String>,
    /// Build the I-th of N deterministic parts, e.g. 2/4.
    #[arg(long, value_name = "I/N", value_parser = parse_shard)]
    pub shard: Option<(usize, usize)>,
    /// Build clock (RFC 3339); defaults to SOURCE_DATE_EPOCH, else now.
    #[arg(long, value_name = "RFC3339")]
    pub now: Option<String>,
}

/// `congxa build`.
#[derive(Debug, Args)]
pub struct BuildArgs {
    /// Sites and clock.
    #[command(flatten)]
    pub select: Selection,
    /// Output folder; each site goes to <out>/<folder>/. Never the project root or inside one of
    /// its source folders (sites/, content/, themes/, …): that is refused.
    #[arg(long, default_value = "public")]
    pub out: PathBuf,
    /// Write a per-page weight report (gzip bytes, tab-separated) to FILE and print the heaviest.
    #[arg(long, value_name = "FILE")]
    pub weights: Option<PathBuf>,
    /// Remove the output folders of sites whose folder is gone from sites/ (built here before);
    /// without it they are only reported.
    #[arg(long)]
    pub prune: bool,
}

/// `congxa check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Sites and clock.
    #[command(flatten)]
    pub select: Selection,
    /// Treat warnings as errors (for CI).
    #[arg(long)]
    pub strict: bool,
    /// Also list the warnings about the shared catalog (content/), for whoever maintains it;
    /// without it a site's check only counts them in one note.
    #[arg(long)]
    pub catalog: bool,
    /// Also report drift: what changed in these portal records (a folder) since the
    /// plain-language texts were checked (as `congxa catalog diff`); `--strict` fails on it.
    #[arg(long, value_name = "DIR")]
    pub records: Option<PathBuf>,
}

/// `congxa serve`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Project root (holds sites/, content/, themes/).
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// Only this site (folder name under sites/); repeatable.
    #[arg(long = "site", value_name = "SLUG")]
    pub sites: Vec<String>,
    /// Port to listen on; 0 picks a free one.
    #[arg(long, default_value_t = 1111)]
    pub port: u16,
    /// Address to listen on (the preview is for this computer only by default).
    #[arg(long, default_value = "127.0.0.1")]
    pub bind: IpAddr,
    /// Build clock (RFC 3339); defaults to SOURCE_DATE_EPOCH, else now (read at every rebuild).
    #[arg(long, value_name = "RFC3339")]
    pub now: Option<String>,
    /// Also serve the browser editor at /admin/ (this computer only: --bind must be loopback).
    #[arg(long)]
    pub edit: bool,
}

/// `congxa new …`.
#[derive(Debug, Args)]
pub struct NewArgs {
    /// What to create.
    #[command(subcommand)]
    pub what: NewWhat,
    /// Project root (holds sites/, content/, themes/).
    #[arg(long, default_value = ".", global = true)]
    pub root: PathBuf,
    /// Today's date comes from this clock (RFC 3339); defaults to SOURCE_DATE_EPOCH, else now.
    #[arg(long, value_name = "RFC3339", global = true)]
    pub now: Option<String>,
}

/// What `congxa new` creates.
#[derive(Debug, Subcommand)]
pub enum NewWhat {
    /// A site for a commune, from its official 5-digit code: sites/<slug>/ (a draft).
    Site {
        /// Official commune code, e.g. 26734.
        code: String,
    },
    /// A page: sites/<site>/content/<slug-of-title>.md.
    Page {
        /// Site folder under sites/.
        site: String,
        /// Title of the page.
        title: String,
    },
    /// An announcement: sites/<site>/content/thong-bao/<date>-<slug>.md.
    Announcement {
        /// Site folder under sites/.
        site: String,
        /// Title of the announcement.
        title: String,
    },
    /// An event: sites/<site>/content/su-kien/<slug>.md.
    Event {
        /// Site folder under sites/.
        site: String,
        /// Title of the event.
        title: String,
    },
    /// A local entry for a catalog procedure in sites/<site>/procedures.yaml.
    Procedure {
        /// Site folder under sites/.
        site: String,
        /// Procedure code of the catalog, e.g. 1.001193.
        code: String,
    },
}

/// `congxa init`.
#[derive(Debug, Args)]
pub struct InitArgs {
    /// Province: 2-digit code (79) or slug (ho-chi-minh).
    #[arg(long)]
    pub province: String,
    /// Project root (holds sites/, content/, themes/).
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// Today's date comes from this clock (RFC 3339); defaults to SOURCE_DATE_EPOCH, else now.
    #[arg(long, value_name = "RFC3339")]
    pub now: Option<String>,
}

/// `congxa broadcast`.
#[derive(Debug, Args)]
pub struct BroadcastArgs {
    /// Project root (holds sites/, content/, themes/).
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// Site folder under sites/.
    #[arg(long, value_name = "SLUG")]
    pub site: String,
    /// Items posted or updated on or after this day (YYYY-MM-DD).
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub since: String,
    /// Only items for this audience of site.yaml (and those for everyone).
    #[arg(long, value_name = "ID", conflicts_with = "hamlet")]
    pub audience: Option<String>,
    /// Only items for this hamlet of site.yaml (and those for everyone).
    #[arg(long, value_name = "ID")]
    pub hamlet: Option<String>,
    /// Output: text (to read), csv (for Excel), json.
    #[arg(long, value_enum, default_value = "text")]
    pub format: BroadcastFormat,
    /// Clock (RFC 3339) deciding what is still in force; defaults to SOURCE_DATE_EPOCH, else now.
    #[arg(long, value_name = "RFC3339")]
    pub now: Option<String>,
}

/// Output format of `congxa broadcast`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum BroadcastFormat {
    /// Each item with its SMS, Zalo and loudspeaker texts under headings.
    Text,
    /// CSV with a byte-order mark, as the list files.
    Csv,
    /// JSON, as the list files.
    Json,
}

fn parse_shard(s: &str) -> Result<(usize, usize), String> {
    let (i, n) = s.split_once('/').ok_or("expected I/N, e.g. 1/4")?;
    let i: usize = i.trim().parse().map_err(|_| "I must be a number")?;
    let n: usize = n.trim().parse().map_err(|_| "N must be a number")?;
    if n == 0 || i == 0 || i > n {
        return Err("need 1 <= I <= N".into());
    }
    Ok((i, n))
}
