//! Bytes → text: BOM, HTTP `charset`, `<meta charset>`, then validity and a detector.

use encoding_rs::{Encoding, UTF_8};
use std::borrow::Cow;

/// Where the encoding used came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum EncodingSource {
    Bom,
    HttpHeader,
    Meta,
    /// No declaration, or a declaration the bytes contradict: valid UTF-8 or chardetng's guess.
    Detected,
}

#[derive(Debug)]
pub struct Decoded<'a> {
    /// The page's own bytes when they were UTF-8 already, else the decoded copy.
    pub text: Cow<'a, str>,
    pub encoding: &'static str,
    pub source: EncodingSource,
}

/// How far into the page a `<meta charset>` is looked for (browsers use 1024 bytes; real pages put
/// long scripts first, so we look further).
const META_SCAN: usize = 16 * 1024;

/// True when the bytes look like a binary file rather than text: NUL bytes or many control bytes
/// near the start (UTF-16 pages carry a BOM and are decoded before this check).
pub fn looks_binary(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(8192)];
    if head.is_empty() {
        return false;
    }
    let nul = head.iter().filter(|&&b| b == 0).count();
    let control = head
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0c))
        .count();
    nul > 0 || control * 20 > head.len()
}

/// The charset named by an HTTP `Content-Type` value or a `<meta>` content attribute.
pub fn charset_param(content_type: &str) -> Option<&str> {
    let lower = content_type.to_ascii_lowercase();
    let at = lower.find("charset")?;
    let rest = content_type[at + 7..]
        .trim_start()
        .strip_prefix('=')?
        .trim_start();
    let rest = rest.trim_start_matches(['"', '\'']);
    let end = rest
        .find(|c: char| c == ';' || c == '"' || c == '\'' || c.is_whitespace())
        .unwrap_or(rest.len());
    (end > 0).then(|| &rest[..end])
}

/// The encoding a `<meta charset=…>` or `<meta http-equiv=content-type content=…>` declares.
fn meta_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(META_SCAN)];
    let lower: Vec<u8> = head.iter().map(u8::to_ascii_lowercase).collect();
    let mut from = 0;
    while let Some(pos) = find(&lower[from..], b"<meta") {
        let start = from + pos;
        let end = lower[start..]
            .iter()
            .position(|&b| b == b'>')
            .map_or(lower.len(), |e| start + e);
        let tag = String::from_utf8_lossy(&head[start..end]);
        if let Some(label) = charset_param(&tag) {
            if let Some(enc) = Encoding::for_label(label.as_bytes()) {
                // A page that says UTF-16 in a meta tag is not UTF-16 (it was readable as ASCII).
                if enc == encoding_rs::UTF_16LE || enc == encoding_rs::UTF_16BE {
                    return Some(UTF_8);
                }
                return Some(enc);
            }
        }
        from = end.max(start + 1);
    }
    None
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    memchr::memmem::find(hay, needle)
}

/// Decodes a page. Order: BOM; then a declared charset (HTTP header, then `<meta>`) unless the
/// bytes contradict it (declared UTF-8 but invalid; declared a legacy charset but the bytes are
/// valid UTF-8 with multi-byte characters — a common misdeclaration); then valid UTF-8;
/// then chardetng's guess. Never fails; malformed sequences become U+FFFD.
pub fn decode<'a>(bytes: &'a [u8], http_charset: Option<&str>) -> Decoded<'a> {
    if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        let (text, _) = enc.decode_without_bom_handling(&bytes[bom_len..]);
        return Decoded {
            text,
            encoding: enc.name(),
            source: EncodingSource::Bom,
        };
    }
    let utf8 = std::str::from_utf8(bytes).ok();
    let utf8_ok = utf8.is_some();
    let has_multibyte = !bytes.is_ascii();
    let declared = http_charset
        .and_then(|l| Encoding::for_label(l.trim().as_bytes()))
        .map(|e| (e, EncodingSource::HttpHeader))
        .or_else(|| meta_charset(bytes).map(|e| (e, EncodingSource::Meta)));
    if let Some((enc, source)) = declared {
        let contradicted = if enc == UTF_8 {
            !utf8_ok
        } else {
            // Legacy text with bytes ≥ 0x80 is almost never valid UTF-8 by chance.
            utf8_ok && has_multibyte
        };
        if !contradicted {
            let text = match utf8 {
                Some(text) if enc == UTF_8 => Cow::Borrowed(text),
                _ => enc.decode_without_bom_handling(bytes).0,
            };
            return Decoded {
                text,
                encoding: enc.name(),
                source,
            };
        }
    }
    if let Some(text) = utf8 {
        return Decoded {
            text: Cow::Borrowed(text),
            encoding: UTF_8.name(),
            source: EncodingSource::Detected,
        };
    }
    let mut detector = chardetng::EncodingDetector::new();
    detector.feed(&bytes[..bytes.len().min(1 << 20)], bytes.len() <= 1 << 20);
    let enc = detector.guess(None, true);
    let (text, _) = enc.decode_without_bom_handling(bytes);
    Decoded {
        text,
        encoding: enc.name(),
        source: EncodingSource::Detected,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn declared_charsets_are_honoured_in_order() {
        let latin = b"<meta charset=\"iso-8859-1\"><p>caf\xe9</p>";
        let d = decode(latin, None);
        assert_eq!(
            (d.encoding, d.source),
            ("windows-1252", EncodingSource::Meta)
        );
        assert!(d.text.contains("café"));
        let d = decode(b"<p>caf\xe9</p>", Some("windows-1252"));
        assert_eq!(d.source, EncodingSource::HttpHeader);
        assert!(d.text.contains("café"));
        let http_equiv =
            b"<meta http-equiv='Content-Type' content='text/html; charset=koi8-r'><p>\xf0\xd2</p>";
        assert_eq!(decode(http_equiv, None).encoding, "KOI8-R");
    }

    #[test]
    fn bom_wins_and_utf16_is_read() {
        let mut bytes = vec![0xff, 0xfe];
        for u in "<p>hi</p>".encode_utf16() {
            bytes.extend(u.to_le_bytes());
        }
        let d = decode(&bytes, Some("iso-8859-1"));
        assert_eq!((&*d.text, d.source), ("<p>hi</p>", EncodingSource::Bom));
    }

    #[test]
    fn a_wrong_declaration_is_overruled_by_the_bytes() {
        // Declared Latin-1, actually UTF-8.
        let d = decode("<meta charset=latin1><p>café</p>".as_bytes(), None);
        assert_eq!(d.source, EncodingSource::Detected);
        assert!(d.text.contains("café"));
        // Declared UTF-8, actually Windows-1252.
        let d = decode(
            b"<meta charset=utf-8><p>Der B\xe4r l\xe4uft \xfcber die Stra\xdfe</p>",
            None,
        );
        assert_eq!(d.source, EncodingSource::Detected);
        assert!(d.text.contains("Bär läuft über die Straße"), "{}", d.text);
    }

    #[test]
    fn binary_is_recognised() {
        assert!(looks_binary(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"));
        assert!(!looks_binary(b"<html><body>plain</body></html>"));
        assert_eq!(charset_param("text/html; charset=\"UTF-8\""), Some("UTF-8"));
        assert_eq!(charset_param("text/html"), None);
    }
}
