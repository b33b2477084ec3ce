//! File names that are not UTF-8 or hold control characters: shown losslessly and
//! safely, two different names never look alike, and each file is still read from its
//! real path.

#![cfg(unix)]

use std::ffi::OsStr;
use std::io::Cursor;
use std::os::unix::ffi::OsStrExt;

use dossier::ingest::{discover, open, Limits};
use image::{ImageFormat, Luma};

fn png(shade: u8) -> Vec<u8> {
    let img = image::GrayImage::from_pixel(8, 8, Luma([shade]));
    let mut out = Vec::new();
    img.write_to(&mut Cursor::new(&mut out), ImageFormat::Png)
        .expect("encode png");
    out
}

#[test]
fn names_that_are_not_utf8_stay_distinct_and_are_opened_by_their_real_path() {
    let dir = tempfile::tempdir().expect("tempdir");
    let pkg = dir.path().join("pkg");
    std::fs::create_dir(&pkg).expect("mkdir");
    let names: [&[u8]; 4] = [
        b"scan_\xff.png",
        b"scan_\xfe.png",
        b"scan_\\xff.png",
        b"evil\n\x1b[2J.png",
    ];
    for (i, name) in names.iter().enumerate() {
        std::fs::write(pkg.join(OsStr::from_bytes(name)), png(i as u8 * 40)).expect("write");
    }
    let packages = discover(std::slice::from_ref(&pkg))
        .expect("discover")
        .packages;
    assert_eq!(packages.len(), 1);
    let files = &packages[0].files;
    let mut rels: Vec<&str> = files.iter().map(|f| f.rel.as_str()).collect();
    rels.sort_unstable();
    assert_eq!(
        rels,
        [
            "evil\\n\\x1b[2J.png",
            "scan_\\\\xff.png",
            "scan_\\xfe.png",
            "scan_\\xff.png"
        ]
    );
    let mut digests = std::collections::HashSet::new();
    for f in files {
        assert!(!f.rel.contains('\u{FFFD}') && !f.rel.chars().any(char::is_control));
        let opened = open(f, &Limits::default()).expect("opened by its real path");
        assert_eq!(opened.pages.len(), 1);
        digests.insert(opened.digest);
    }
    // Four different files were read, not one file four times.
    assert_eq!(digests.len(), 4);
}
