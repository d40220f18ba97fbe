//! Command-line interface (clap derive). Parses arguments only; reads no files.

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
    /// Output folder; each site goes to <out>/<folder>/.
    #[arg(long, default_value = "public")]
    pub out: PathBuf,
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
