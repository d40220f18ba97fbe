//! The `congxa` binary: parse arguments, run the library, print problems and the summary, set
//! the exit code (0 ok, 1 a site failed or check found errors, 2 usage error). No logic here.

use std::process::ExitCode;

use clap::Parser;
use congxa::cli::{Cli, LangArg};
use congxa::diag::Lang;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let lang = match cli.lang {
        LangArg::Vi => Lang::Vi,
        LangArg::En => Lang::En,
    };
    match congxa::app::run(cli.command, lang) {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            eprintln!("{e:#}");
            ExitCode::from(2)
        }
    }
}
