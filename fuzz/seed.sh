#!/usr/bin/env bash
# Seeds the fuzz corpora in fuzz/corpus/<target>/ from the repository's fixtures and
# unit tests (issue 10, item 8). The corpora are generated, never checked in
# (.gitignore); running this again only adds files (names are content hashes).
#
#   fuzz/seed.sh            # all targets
#   fuzz/seed.sh mrz dates  # some
#
# Text targets (mrz, iin, dates, names, manifest) take what the repository's fixtures
# and tests already hold: MRZ lines quoted in the tests (each run of two and three
# consecutive lines is a zone), OCR texts, 12-digit numbers, date and name literals,
# package.toml files. The image and pdf seeds are made by the `make-seeds` helper of
# the fuzz crate (fuzz/seeds/make_seeds.rs) from the fixture scans, scaled below the
# targets' pixel limit and written in every format dossier reads; it is built by
# `cargo +nightly fuzz build` (this script builds it when missing).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
corpus="$here/corpus"
cd "$root"

targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(mrz iin dates names manifest image pdf)

# put TARGET: stores stdin as one seed named by its hash.
put() {
    local dir="$corpus/$1" tmp
    mkdir -p "$dir"
    tmp="$(mktemp "$dir/.seed.XXXXXX")"
    cat >"$tmp"
    if [ -s "$tmp" ]; then
        mv "$tmp" "$dir/$(sha1sum "$tmp" | cut -c1-40)"
    else
        rm -f "$tmp"
    fi
}

# Source files whose literals are seeds (tests beside the code and in tests/).
rust_sources() { find src tests -name '*.rs' | sort; }

seed_mrz() {
    # Quoted MRZ lines (28 to 46 characters of the MRZ alphabet with a filler), in file
    # order; consecutive pairs and triples make zones (and many near-zones).
    local f lines i n
    for f in $(rust_sources); do
        mapfile -t lines < <(grep -oE '"[A-Z0-9<]{28,46}"' "$f" | tr -d '"' | grep '<' || true)
        n=${#lines[@]}
        for ((i = 0; i < n; i++)); do
            printf '%s\n' "${lines[i]}" | put mrz
            ((i + 1 < n)) && printf '%s\n%s\n' "${lines[i]}" "${lines[i + 1]}" | put mrz
            ((i + 2 < n)) && printf '%s\n%s\n%s\n' "${lines[i]}" "${lines[i + 1]}" "${lines[i + 2]}" | put mrz
        done
    done
    # Free OCR text of passports (find_and_parse looks for the zone in it).
    for f in tests/data/classify/passport*.txt; do
        [ -f "$f" ] && head -c 4000 "$f" | put mrz
    done
    return 0
}

seed_iin() {
    grep -rhoE '(^|[^0-9])[0-9]{12}([^0-9]|$)' src/parse src/validate fixtures tests/data 2>/dev/null \
        | grep -oE '[0-9]{12}' | sort -u | head -200 \
        | while read -r n; do printf '%s' "$n" | put iin; done
    printf '%s' '85O312450123' | put iin
    return 0
}

# The dates target reads an as-of date from its first two bytes: 0x56B0 is about 2026.
asof() { printf '\x56\xb0'; }

seed_dates() {
    local f
    grep -ohE '"[^"]*[0-9]{2}[^"]*"' src/parse/dates.rs | tr -d '"' | sort -u \
        | while IFS= read -r d; do { asof; printf '%s' "$d"; } | put dates; done
    for f in fixtures/kinds/*.txt; do
        { asof; head -c 2000 "$f"; } | put dates
    done
    return 0
}

seed_names() {
    # compare("A", "B") pairs from the tests, and each declared surname / given names
    # against the fixture truth's.
    perl -ne 'while (/compare\("([^"]*)",\s*"([^"]*)"\)/g) { print "$1\n$2\0" }' src/parse/names.rs src/validate/*.rs src/validate/*/*.rs 2>/dev/null \
        | while IFS= read -r -d '' pair; do printf '%s' "$pair" | put names; done
    grep -ohE '"(surname|given_names)" *[:=] *"[^"]+"' fixtures/packages/*/truth.json fixtures/packages/*/package.toml \
        | sed -E 's/.*"([^"]+)"$/\1/' | sort -u | head -100 \
        | while IFS= read -r n; do printf '%s\n%s' "$n" "$n" | put names; done
    perl -ne 'while (/"([^"]*[\x{d0}\x{d1}\x{d2}\x{d3}][^"]*)"/g) { print "$1\0" }' src/parse/names.rs \
        | while IFS= read -r -d '' n; do printf '%s\n%s' "$n" "$n" | put names; done
    return 0
}

seed_manifest() {
    local f
    for f in fixtures/packages/*/package.toml; do put manifest <"$f"; done
    # Raw-string manifests in the tests.
    perl -0ne 'while (/r#"(.*?)"#/sg) { print "$1\0" }' src/manifest.rs \
        | while IFS= read -r -d '' t; do printf '%s' "$t" | put manifest; done
    return 0
}

make_seeds_bin() {
    local bin
    bin="$(find "$here/target" -path '*/release/make-seeds' -type f 2>/dev/null | head -1)"
    if [ -z "$bin" ]; then
        (cd "$here" && cargo +nightly fuzz build -a make-seeds >&2)
        bin="$(find "$here/target" -path '*/release/make-seeds' -type f | head -1)"
    fi
    printf '%s' "$bin"
}

seed_binary() {
    local tmp bin f
    tmp="$(mktemp -d)"
    mkdir -p "$tmp/image" "$tmp/pdf"
    bin="$(make_seeds_bin)"
    ASAN_OPTIONS=detect_leaks=0 "$bin" fixtures "$tmp/image" "$tmp/pdf" >&2
    for f in "$tmp"/image/*; do put image <"$f"; done
    for f in "$tmp"/pdf/*; do put pdf <"$f"; done
    rm -rf "$tmp"
    # Two real fixture files of each kind as they are (over the pixel limit: the header
    # check and the PDF structure are fuzzed on them).
    find fixtures -name '*.jpg' -size -80k | sort | head -2 | while read -r f; do put image <"$f"; done
    find fixtures -name '*.pdf' -size -100k | sort | head -2 | while read -r f; do put pdf <"$f"; done
}

binary_done=0
for t in "${targets[@]}"; do
    case "$t" in
        mrz) seed_mrz ;;
        iin) seed_iin ;;
        dates) seed_dates ;;
        names) seed_names ;;
        manifest) seed_manifest ;;
        image | pdf)
            if [ $binary_done = 0 ]; then
                seed_binary
                binary_done=1
            fi
            ;;
        *)
            echo "seed.sh: unknown target $t" >&2
            exit 2
            ;;
    esac
    echo "seed.sh: $t: $(find "$corpus/$t" -type f 2>/dev/null | wc -l) seeds" >&2
done
