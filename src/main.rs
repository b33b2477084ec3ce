//! The `dossier` command: a thin clap layer over the library.

fn main() {
    eprintln!("dossier: not implemented yet");
    std::process::exit(2);
}
