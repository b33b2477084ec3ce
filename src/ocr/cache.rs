//! On-disk cache of OCR results, so a re-run over unchanged scans does no OCR at all.
//!
//! One JSON file per page, named by a SHA-256 of the key (file digest, page, engine id
//! and [`PREPROCESS_VERSION`](super::PREPROCESS_VERSION)), in two-level fan-out folders.
//! The texts are personal data (passports), so folders are created 0700 and entries
//! 0600. Writes go to a temporary file in the same folder and are renamed into place,
//! so a reader never sees half an entry; an entry that does not parse (or belongs to
//! another key) is a miss, never an error.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::PREPROCESS_VERSION;
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
    /// The entry's name: a hash over every part of the key and the preprocessing
    /// version, so bumping [`PREPROCESS_VERSION`] invalidates old entries.
    fn hash(&self) -> String {
        let mut h = Sha256::new();
        for part in [
            self.file_digest.as_str(),
            &self.page.to_string(),
            self.engine.as_str(),
            &PREPROCESS_VERSION.to_string(),
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
    preprocess_version: u32,
    page: PageText,
}

/// The OCR cache in one folder.
#[derive(Debug, Clone)]
pub struct OcrCache {
    dir: PathBuf,
}

impl OcrCache {
    /// Opens (creating when needed, mode 0700) the cache folder `dir`.
    pub fn open(dir: &Path) -> io::Result<Self> {
        create_private_dir(dir)?;
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
        (entry.key == *key && entry.preprocess_version == PREPROCESS_VERSION).then_some(entry.page)
    }

    /// Stores `page` under `key`, atomically, readable by the owner only.
    pub fn put(&self, key: &CacheKey, page: &PageText) -> io::Result<()> {
        let path = self.path(key);
        let parent = path.parent().unwrap_or(&self.dir);
        create_private_dir(parent)?;
        let entry = Entry {
            key: key.clone(),
            preprocess_version: PREPROCESS_VERSION,
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

fn create_private_dir(dir: &Path) -> io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::{DirBuilderExt, PermissionsExt};
        fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(dir)?;
        // A folder that already existed keeps its mode; tighten ours.
        let mode = fs::metadata(dir)?.permissions().mode();
        if mode & 0o077 != 0 {
            fs::set_permissions(dir, fs::Permissions::from_mode(0o700))?;
        }
        Ok(())
    }
    #[cfg(not(unix))]
    {
        fs::create_dir_all(dir)
    }
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
}
