//! The `dossier-samples` binary: a thin CLI over [`dossier_samples::generate`].

use std::path::PathBuf;

use clap::Parser;
use dossier_samples::{generate, Command};

#[derive(Parser)]
#[command(
    name = "dossier-samples",
    about = "Renders fictional sample scans and packages for dossier"
)]
struct Cli {
    /// Folder of service schemas.
    #[arg(long, global = true, default_value = "schemas/services")]
    schemas: PathBuf,
    #[command(subcommand)]
    cmd: Command,
}

fn main() {
    let cli = Cli::parse();
    match generate(&cli.schemas, cli.cmd) {
        Ok(summary) => eprintln!("dossier-samples: {summary}"),
        Err(e) => {
            eprintln!("dossier-samples: {e:#}");
            std::process::exit(2);
        }
    }
}
