//! `dossier-samples`: renders fictional, realistic sample scans and packages.

mod case;
mod render;

fn main() {
    eprintln!("dossier-samples: not implemented yet");
    std::process::exit(2);
}
