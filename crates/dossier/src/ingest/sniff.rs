//! Recognising a file's format from its first bytes, never from its name.
//!
//! Scans arrive renamed, exported by phones and re-saved by office tools, so the
//! extension is only a hint: what decides is the magic number at the start of the file.

/// The formats dossier reads, as told by the file's magic bytes. Serialised by its
/// lower-case name (`jpeg`, `pdf`, ...) where it crosses a process boundary.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum FileFormat {
    Jpeg,
    Png,
    Tiff,
    Bmp,
    Webp,
    Pdf,
}

/// How far into a file a PDF header may start: the PDF reference lets readers accept
/// junk before `%PDF-` (some mail gateways prepend a line), and Acrobat looks at 1024.
const PDF_HEADER_WINDOW: usize = 1024;

/// Bytes [`FileFormat::sniff`] needs to see; reading this many is enough to decide.
pub(crate) const SNIFF_LEN: usize = PDF_HEADER_WINDOW + 5;

impl FileFormat {
    /// The format whose magic bytes start `bytes`, if any.
    pub fn sniff(bytes: &[u8]) -> Option<FileFormat> {
        if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
            Some(FileFormat::Jpeg)
        } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
            Some(FileFormat::Png)
        } else if bytes.starts_with(b"II*\0")
            || bytes.starts_with(b"MM\0*")
            || bytes.starts_with(b"II+\0")
            || bytes.starts_with(b"MM\0+")
        {
            // Classic TIFF (42) and BigTIFF (43), both byte orders.
            Some(FileFormat::Tiff)
        } else if bytes.starts_with(b"BM") && bytes.len() >= 26 && bmp_header_plausible(bytes) {
            Some(FileFormat::Bmp)
        } else if bytes.len() >= 12 && &bytes[0..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
            Some(FileFormat::Webp)
        } else if find(&bytes[..bytes.len().min(SNIFF_LEN)], b"%PDF-").is_some() {
            Some(FileFormat::Pdf)
        } else {
            None
        }
    }

    /// The format a file extension (lower case, no dot) claims, if it names one.
    pub fn from_extension(ext: &str) -> Option<FileFormat> {
        Some(match ext {
            "jpg" | "jpeg" | "jpe" | "jfif" => FileFormat::Jpeg,
            "png" => FileFormat::Png,
            "tif" | "tiff" => FileFormat::Tiff,
            "bmp" | "dib" => FileFormat::Bmp,
            "webp" => FileFormat::Webp,
            "pdf" => FileFormat::Pdf,
            _ => return None,
        })
    }

    /// "a JPEG image", "a PDF document", for messages.
    pub fn describe(self) -> &'static str {
        match self {
            FileFormat::Jpeg => "a JPEG image",
            FileFormat::Png => "a PNG image",
            FileFormat::Tiff => "a TIFF image",
            FileFormat::Bmp => "a BMP image",
            FileFormat::Webp => "a WebP image",
            FileFormat::Pdf => "a PDF document",
        }
    }

    /// Whether pages are numbered inside the file (PDF, TIFF); problems then name the page.
    pub fn is_multi_page(self) -> bool {
        matches!(self, FileFormat::Tiff | FileFormat::Pdf)
    }
}

/// Whether a file name's extension says it is meant as a document even when its bytes
/// are unreadable: an empty `scan.pdf` or an iPhone `photo.heic` must be reported, not
/// silently skipped like `notes.txt`.
pub(crate) fn is_document_extension(ext: &str) -> bool {
    FileFormat::from_extension(ext).is_some()
        || matches!(
            ext,
            "gif"
                | "heic"
                | "heif"
                | "jp2"
                | "jpx"
                | "j2k"
                | "avif"
                | "doc"
                | "docx"
                | "odt"
                | "rtf"
        )
}

/// "BM" also starts ordinary text ("BMW..."); require the header's reserved fields to be
/// zero and a known DIB header size.
fn bmp_header_plausible(bytes: &[u8]) -> bool {
    let reserved = &bytes[6..10];
    let dib = u32::from_le_bytes([bytes[14], bytes[15], bytes[16], bytes[17]]);
    reserved == [0, 0, 0, 0] && matches!(dib, 12 | 16 | 40 | 52 | 56 | 64 | 108 | 124)
}

/// Position of `needle` in `hay`.
pub(crate) fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() || hay.len() < needle.len() {
        return None;
    }
    hay.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffs_every_magic() {
        assert_eq!(
            FileFormat::sniff(b"\xFF\xD8\xFF\xE0rest"),
            Some(FileFormat::Jpeg)
        );
        assert_eq!(
            FileFormat::sniff(b"\x89PNG\r\n\x1a\nxx"),
            Some(FileFormat::Png)
        );
        assert_eq!(
            FileFormat::sniff(b"II*\0\x08\0\0\0"),
            Some(FileFormat::Tiff)
        );
        assert_eq!(
            FileFormat::sniff(b"MM\0*\0\0\0\x08"),
            Some(FileFormat::Tiff)
        );
        assert_eq!(
            FileFormat::sniff(b"RIFF\x10\0\0\0WEBPVP8 "),
            Some(FileFormat::Webp)
        );
        assert_eq!(FileFormat::sniff(b"%PDF-1.7\n"), Some(FileFormat::Pdf));
        let mut bmp = b"BM".to_vec();
        bmp.extend_from_slice(&[0; 12]);
        bmp.extend_from_slice(&40u32.to_le_bytes());
        bmp.extend_from_slice(&[0; 8]);
        assert_eq!(FileFormat::sniff(&bmp), Some(FileFormat::Bmp));
    }

    #[test]
    fn rejects_text_and_near_misses() {
        assert_eq!(FileFormat::sniff(b""), None);
        assert_eq!(FileFormat::sniff(b"hello world"), None);
        assert_eq!(FileFormat::sniff(b"BMW owners manual, page one"), None);
        assert_eq!(FileFormat::sniff(b"RIFF\x10\0\0\0WAVEfmt "), None);
        assert_eq!(FileFormat::sniff(b"\x89PN"), None);
    }

    #[test]
    fn pdf_header_may_follow_junk_within_the_window() {
        let mut bytes = vec![b' '; 100];
        bytes.extend_from_slice(b"%PDF-1.4");
        assert_eq!(FileFormat::sniff(&bytes), Some(FileFormat::Pdf));
        let mut far = vec![b' '; 5000];
        far.extend_from_slice(b"%PDF-1.4");
        assert_eq!(FileFormat::sniff(&far), None);
    }

    #[test]
    fn extensions() {
        assert_eq!(FileFormat::from_extension("jpeg"), Some(FileFormat::Jpeg));
        assert_eq!(FileFormat::from_extension("txt"), None);
        assert!(is_document_extension("heic"));
        assert!(!is_document_extension("json"));
    }
}
