//! `dossier-samples`: renders fictional, realistic sample scans and packages.

fn main() {
    eprintln!("dossier-samples: not implemented yet");
    std::process::exit(2);
}
