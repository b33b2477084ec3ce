//! On-disk cache of OCR results, so a re-run over unchanged scans does no OCR at all.
//!
//! One JSON file per page, named by a SHA-256 of the key (file digest, page, engine id
//! and the stages' versions, [`cache_version`](super::cache_version)), in two-level
//! fan-out folders.
//! The texts are personal data (passports), so folders are created 0700 and entries
//! 0600. Writes go to a temporary file in the same folder and are renamed into place,
//! so a reader never sees half an entry; an entry that does not parse (or belongs to
//! another key) is a miss, never an error.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::cache_version;
use crate::model::PageText;

/// What a cached page is keyed by.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct CacheKey {
    /// SHA-256 (hex) of the file's bytes.
    pub file_digest: String,
    /// 1-based page number.
    pub page: u32,
    /// The engine's [`id`](super::OcrEngine::id), plus any reading options that change
    /// the result (see [`ReadOptions::cache_tag`](super::ReadOptions::cache_tag)).
    pub engine: String,
}

impl CacheKey {
    /// The entry's name: a hash over every part of the key and the stages' versions, so
    /// bumping any of them ([`cache_version`]) invalidates old entries.
    fn hash(&self) -> String {
        let mut h = Sha256::new();
        for part in [
            self.file_digest.as_str(),
            &self.page.to_string(),
            self.engine.as_str(),
            &cache_version(),
        ] {
            h.update((part.len() as u64).to_le_bytes());
            h.update(part.as_bytes());
        }
        h.finalize().iter().map(|b| format!("{b:02x}")).collect()
    }
}

/// A stored entry: the key is kept beside the page so a hash collision or a file
/// copied between caches can never return another page's text.
#[derive(Serialize, Deserialize)]
struct Entry {
    key: CacheKey,
    /// [`cache_version`] when the entry was written.
    version: String,
    page: PageText,
}

/// The OCR cache in one folder.
#[derive(Debug, Clone)]
pub struct OcrCache {
    dir: PathBuf,
}

impl OcrCache {
    /// Opens the cache folder `dir`, creating it (mode 0700) when it does not exist.
    ///
    /// The mode of a folder that already exists is never changed: dossier did not
    /// create it, and it may be shared on purpose. Such a folder is used when only its
    /// owner can write to it (the entries themselves are 0600, their folders 0700); a
    /// folder other users can write to is refused, since anyone could plant a forged
    /// page text there.
    pub fn open(dir: &Path) -> io::Result<Self> {
        match fs::metadata(dir) {
            Ok(meta) if !meta.is_dir() => {
                return Err(io::Error::other("it is not a folder"));
            }
            Ok(meta) => check_not_shared(&meta)?,
            Err(e) if e.kind() == io::ErrorKind::NotFound => create_private_dir(dir)?,
            Err(e) => return Err(e),
        }
        Ok(OcrCache {
            dir: dir.to_path_buf(),
        })
    }

    /// The per-user default: `~/.cache/dossier/ocr` on Linux (the platform cache dir).
    pub fn default_dir() -> Option<PathBuf> {
        directories::ProjectDirs::from("", "", "dossier").map(|d| d.cache_dir().join("ocr"))
    }

    /// The folder this cache lives in.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    fn path(&self, key: &CacheKey) -> PathBuf {
        let h = key.hash();
        self.dir.join(&h[..2]).join(format!("{h}.json"))
    }

    /// The cached page for `key`, or `None` (missing, unreadable or corrupt entry).
    pub fn get(&self, key: &CacheKey) -> Option<PageText> {
        let bytes = fs::read(self.path(key)).ok()?;
        let entry: Entry = serde_json::from_slice(&bytes).ok()?;
        (entry.key == *key && entry.version == cache_version()).then_some(entry.page)
    }

    /// Stores `page` under `key`, atomically, readable by the owner only.
    pub fn put(&self, key: &CacheKey, page: &PageText) -> io::Result<()> {
        let path = self.path(key);
        let parent = path.parent().unwrap_or(&self.dir);
        create_private_dir(parent)?;
        let entry = Entry {
            key: key.clone(),
            version: cache_version(),
            page: page.clone(),
        };
        let json = serde_json::to_vec(&entry).map_err(io::Error::other)?;
        // tempfile creates the file 0600 on Unix.
        let mut tmp = tempfile::NamedTempFile::new_in(parent)?;
        tmp.write_all(&json)?;
        tmp.as_file().sync_data()?;
        tmp.persist(&path).map_err(|e| e.error)?;
        Ok(())
    }
}

/// Creates `dir` and any missing parents with mode 0700. Folders that already exist
/// keep their mode.
fn create_private_dir(dir: &Path) -> io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(dir)
    }
    #[cfg(not(unix))]
    {
        fs::create_dir_all(dir)
    }
}

/// Refuses a folder that users other than its owner can write to.
fn check_not_shared(meta: &fs::Metadata) -> io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        if meta.permissions().mode() & 0o022 != 0 {
            return Err(io::Error::other(
                "other users can write to this folder; give a folder of your own \
                 (dossier does not change the permissions of a folder it did not create)",
            ));
        }
    }
    #[cfg(not(unix))]
    let _ = meta;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{PageRef, TextSource};

    fn key() -> CacheKey {
        CacheKey {
            file_digest: "ab".repeat(32),
            page: 2,
            engine: "test-engine".into(),
        }
    }

    fn page() -> PageText {
        PageText {
            page: PageRef {
                file: "p.png".into(),
                page: 2,
            },
            source: TextSource::Ocr,
            width: 10,
            height: 20,
            rotation: 90,
            skew: 0.0,
            words: Vec::new(),
            text: "hello".into(),
            confidence: 91.0,
            mrz: None,
            tones: None,
        }
    }

    #[test]
    fn corrupt_entry_is_a_miss() {
        let dir = tempfile::tempdir().unwrap();
        let cache = OcrCache::open(dir.path()).unwrap();
        cache.put(&key(), &page()).unwrap();
        assert_eq!(cache.get(&key()), Some(page()));
        fs::write(cache.path(&key()), b"{not json").unwrap();
        assert_eq!(cache.get(&key()), None);
    }

    #[test]
    fn an_entry_of_other_stage_versions_is_a_miss() {
        let dir = tempfile::tempdir().unwrap();
        let cache = OcrCache::open(dir.path()).unwrap();
        cache.put(&key(), &page()).unwrap();
        // The same entry as an older dossier wrote it, under the same name.
        let text = fs::read_to_string(cache.path(&key())).unwrap();
        let now = format!("\"version\":\"{}\"", cache_version());
        assert!(text.contains(&now), "{text}");
        fs::write(
            cache.path(&key()),
            text.replace(&now, "\"version\":\"pre9-mrz0-parse1\""),
        )
        .unwrap();
        assert_eq!(cache.get(&key()), None);
        // Each stage's version is in the key.
        let v = cache_version();
        for part in [
            format!("pre{}", crate::ocr::PREPROCESS_VERSION),
            format!("mrz{}", crate::ocr::mrz::READER_VERSION),
            format!("parse{}", crate::parse::mrz::PARSER_VERSION),
        ] {
            assert!(v.contains(&part), "{v} lacks {part}");
        }
    }

    #[cfg(unix)]
    #[test]
    fn entries_are_private() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("c");
        let cache = OcrCache::open(&root).unwrap();
        cache.put(&key(), &page()).unwrap();
        let p = cache.path(&key());
        let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&p), 0o600);
        assert_eq!(mode(p.parent().unwrap()), 0o700);
        assert_eq!(mode(&root), 0o700);
    }

    #[cfg(unix)]
    #[test]
    fn an_existing_folder_keeps_its_mode() {
        use std::os::unix::fs::PermissionsExt;
        let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o777;
        let dir = tempfile::tempdir().unwrap();
        // A readable, owner-only-writable folder is used as it is.
        let team = dir.path().join("team");
        fs::create_dir(&team).unwrap();
        fs::set_permissions(&team, fs::Permissions::from_mode(0o755)).unwrap();
        let cache = OcrCache::open(&team).unwrap();
        cache.put(&key(), &page()).unwrap();
        assert_eq!(cache.get(&key()), Some(page()));
        assert_eq!(mode(&team), 0o755);
        assert_eq!(mode(&cache.path(&key())), 0o600);
        // A folder others can write to is refused, and left as it was.
        let shared = dir.path().join("shared");
        fs::create_dir(&shared).unwrap();
        fs::set_permissions(&shared, fs::Permissions::from_mode(0o1777)).unwrap();
        let err = OcrCache::open(&shared).unwrap_err().to_string();
        assert!(
            err.starts_with("other users can write to this folder"),
            "{err}"
        );
        assert_eq!(
            fs::metadata(&shared).unwrap().permissions().mode() & 0o7777,
            0o1777
        );
        assert_eq!(fs::read_dir(&shared).unwrap().count(), 0);
        // A file is not a cache folder.
        let file = dir.path().join("file");
        fs::write(&file, b"x").unwrap();
        assert!(OcrCache::open(&file).is_err());
    }
}
