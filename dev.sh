#!/usr/bin/env bash
# Set-up and everyday commands for dossier on a Debian machine with the Rust toolchain.
#
#   ./dev.sh demo   install what is missing, build, check the bundled sample packages
#   ./dev.sh test   install what is missing, then rustfmt, clippy and the whole test suite
#   ./dev.sh deps   only install what is missing
#   ./dev.sh slurm  the Slurm deployment on a one-node cluster of this machine (as root;
#                   it writes /etc/slurm/slurm.conf and starts daemons: for CI)
#
# Idempotent: packages already installed are not touched, and nothing is downloaded
# except Debian packages and crates.
set -euo pipefail
cd "$(dirname "$0")"

# Tesseract with the languages dossier reads, the C toolchain the bindings need, and the
# fonts the sample generator renders with.
PACKAGES=(
  tesseract-ocr libtesseract-dev libleptonica-dev
  tesseract-ocr-eng tesseract-ocr-rus tesseract-ocr-kaz tesseract-ocr-osd
  clang pkg-config
  fonts-ocr-b fonts-dejavu-core
  # Sample generator faces (Kazakh Cyrillic; fonts-liberation 1.x lacks it): dossier-samples.
  fonts-liberation2 fonts-freefont-ttf fonts-paratype
  # The HTML report's test opens the page in a real browser, headless (tests/nightly.rs).
  chromium
)

# A one-node Slurm cluster for deploy/slurm/ci-test.sh (CI only).
SLURM_PACKAGES=(slurmctld slurmd slurm-client munge)

# The as-of date the bundled fixtures were generated for (expiry dates are relative to it).
FIXTURES_AS_OF=2026-12-01

deps() {
  install_packages "${PACKAGES[@]}"
  command -v cargo >/dev/null || { echo "cargo not found: install the Rust toolchain (rustup) first" >&2; exit 2; }
}

install_packages() {
  local missing=()
  for p in "$@"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed"; then
      missing+=("$p")
    fi
  done
  if [ ${#missing[@]} -gt 0 ]; then
    echo "installing: ${missing[*]}" >&2
    local sudo=()
    [ "$(id -u)" -eq 0 ] || sudo=(sudo)
    "${sudo[@]}" apt-get update -qq
    DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
}

demo() {
  deps
  cargo build --release --locked --bin dossier
  echo "== dossier check fixtures/packages --as-of $FIXTURES_AS_OF" >&2
  local code=0
  ./target/release/dossier check fixtures/packages --as-of "$FIXTURES_AS_OF" || code=$?
  # 1 means some sample packages fail or need review, which several are built to do.
  if [ "$code" -gt 1 ]; then exit "$code"; fi
  echo "(exit code $code: 0 all pass, 1 some package fails or needs review)" >&2
}

test_all() {
  deps
  cargo fmt --all --check
  cargo clippy --locked --workspace --all-targets -- -D warnings
  cargo test --locked --workspace --all-targets
}

slurm() {
  deps
  install_packages "${SLURM_PACKAGES[@]}"
  cargo build --locked --bin dossier
  # It configures and starts a local Slurm: root's work.
  local sudo=()
  [ "$(id -u)" -eq 0 ] || sudo=(sudo)
  "${sudo[@]}" deploy/slurm/ci-test.sh target/debug/dossier
}

case "${1:-}" in
  demo) demo ;;
  test) test_all ;;
  deps) deps ;;
  slurm) slurm ;;
  *) echo "usage: ./dev.sh demo|test|deps|slurm" >&2; exit 2 ;;
esac
