//! A TOML key tree with source spans, used to report every unknown key of a file at
//! once (serde's `deny_unknown_fields` stops at the first), and a probe that reads the
//! field names of a serde struct so the allowed keys are never listed twice.

use std::cell::Cell;
use std::fmt;
use std::ops::Range;

use serde::de::{self, Deserialize, DeserializeOwned, Deserializer, MapAccess, SeqAccess, Visitor};
use toml::Spanned;

/// One node of a parsed TOML document: only the shape and the spans, no values
/// beyond strings (which the audit needs to pick a rule's parameters).
#[derive(Debug)]
pub(crate) enum Node {
    /// A string (its text) or any other scalar (`None`).
    Scalar(Option<String>),
    Array(Vec<Spanned<Node>>),
    Table(Vec<(Spanned<String>, Spanned<Node>)>),
}

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Node;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a TOML value")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Node, E> {
                Ok(Node::Scalar(Some(v.to_string())))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Node, E> {
                Ok(Node::Scalar(Some(v)))
            }
            fn visit_bool<E: de::Error>(self, _: bool) -> Result<Node, E> {
                Ok(Node::Scalar(None))
            }
            fn visit_i64<E: de::Error>(self, _: i64) -> Result<Node, E> {
                Ok(Node::Scalar(None))
            }
            fn visit_u64<E: de::Error>(self, _: u64) -> Result<Node, E> {
                Ok(Node::Scalar(None))
            }
            fn visit_f64<E: de::Error>(self, _: f64) -> Result<Node, E> {
                Ok(Node::Scalar(None))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Node, A::Error> {
                let mut items = Vec::new();
                while let Some(item) = seq.next_element::<Spanned<Node>>()? {
                    items.push(item);
                }
                Ok(Node::Array(items))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Node, A::Error> {
                let mut entries = Vec::new();
                while let Some(key) = map.next_key::<Spanned<String>>()? {
                    let value = map.next_value::<Spanned<Node>>()?;
                    entries.push((key, value));
                }
                Ok(Node::Table(entries))
            }
        }
        d.deserialize_any(V)
    }
}

/// The top-level table of a document, or `None` when the tree cannot be built (a
/// syntax error, reported by the typed parse, or a bare TOML date, which the key tree
/// cannot hold; the typed parse then still rejects the first unknown key).
pub(crate) fn parse_tree(text: &str) -> Option<Vec<(Spanned<String>, Spanned<Node>)>> {
    match toml::from_str::<Node>(text) {
        Ok(Node::Table(entries)) => Some(entries),
        _ => None,
    }
}

/// Looks a key up in a table.
pub(crate) fn get<'a>(
    table: &'a [(Spanned<String>, Spanned<Node>)],
    key: &str,
) -> Option<&'a Spanned<Node>> {
    table
        .iter()
        .find(|(k, _)| k.get_ref() == key)
        .map(|(_, v)| v)
}

/// The tables of an array of tables (`[[require]]`), or of a single table.
pub(crate) fn tables(node: &Node) -> Vec<&[(Spanned<String>, Spanned<Node>)]> {
    match node {
        Node::Table(t) => vec![t.as_slice()],
        Node::Array(items) => items
            .iter()
            .filter_map(|i| match i.get_ref() {
                Node::Table(t) => Some(t.as_slice()),
                _ => None,
            })
            .collect(),
        Node::Scalar(_) => Vec::new(),
    }
}

/// Keys of `table` that are not in `allowed`, with their spans.
pub(crate) fn unknown_keys(
    table: &[(Spanned<String>, Spanned<Node>)],
    allowed: &[&str],
) -> Vec<(String, Range<usize>)> {
    table
        .iter()
        .filter(|(k, _)| !allowed.contains(&k.get_ref().as_str()))
        .map(|(k, _)| (k.get_ref().clone(), k.span()))
        .collect()
}

/// Every unknown key of a file made of `[[item]]` tables (`File` holds the list under
/// `item`, `Item` is one table), as errors naming the file and line. Empty when the text
/// does not parse: serde then reports the syntax error.
pub(crate) fn unknown_keys_of_list<File: DeserializeOwned, Item: DeserializeOwned>(
    file: &std::path::Path,
    text: &str,
    item: &str,
) -> Vec<super::LocatedError> {
    let Some(top) = parse_tree(text) else {
        return Vec::new();
    };
    let at = |offset: usize, m: String| super::LocatedError::at_offset(file, text, offset, m);
    let allowed = fields_of::<File>();
    let mut errors: Vec<_> = unknown_keys(&top, allowed)
        .into_iter()
        .map(|(key, span)| {
            at(
                span.start,
                format!("unknown key `{key}`, expected {}", one_of(allowed)),
            )
        })
        .collect();
    if let Some(list) = get(&top, item) {
        let allowed = fields_of::<Item>();
        for table in tables(list.get_ref()) {
            for (key, span) in unknown_keys(table, allowed) {
                errors.push(at(
                    span.start,
                    format!(
                        "unknown key `{key}` in [[{item}]], expected {}",
                        one_of(allowed)
                    ),
                ));
            }
        }
    }
    errors
}

/// Formats the allowed keys for an error message: "`a`, `b` or `c`".
pub(crate) fn one_of(allowed: &[&str]) -> String {
    let quoted: Vec<String> = allowed.iter().map(|a| format!("`{a}`")).collect();
    match quoted.split_last() {
        None => String::from("nothing"),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
    }
}

/// The field names serde expects for struct `T` (as renamed), read by asking `T` to
/// deserialize itself from a probe that records the names and stops.
pub(crate) fn fields_of<T: DeserializeOwned>() -> &'static [&'static str] {
    let found: Cell<&'static [&'static str]> = Cell::new(&[]);
    let _ = T::deserialize(Probe(&found));
    found.get()
}

struct Probe<'a>(&'a Cell<&'static [&'static str]>);

#[derive(Debug)]
struct Stop;

impl fmt::Display for Stop {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("probe")
    }
}

impl std::error::Error for Stop {}

impl de::Error for Stop {
    fn custom<T: fmt::Display>(_: T) -> Self {
        Stop
    }
}

impl<'de> Deserializer<'de> for Probe<'_> {
    type Error = Stop;

    fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Stop> {
        Err(Stop)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        fields: &'static [&'static str],
        _visitor: V,
    ) -> Result<V::Value, Stop> {
        self.0.set(fields);
        Err(Stop)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes
        byte_buf option unit unit_struct newtype_struct seq tuple tuple_struct map
        enum identifier ignored_any
    }
}

/// A date written either as a quoted string (`"2026-03-10"`) or as a bare TOML date
/// (`2026-03-10`); holds the text, checked later so the error can point at it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct DateText(pub String);

impl<'de> Deserialize<'de> for DateText {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = DateText;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a date such as \"2026-03-10\"")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<DateText, E> {
                Ok(DateText(v.to_string()))
            }
            // A bare TOML date arrives as a one-entry map holding its text.
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<DateText, A::Error> {
                match map.next_key::<String>()? {
                    Some(_) => Ok(DateText(map.next_value::<String>()?)),
                    None => Err(de::Error::custom("expected a date")),
                }
            }
        }
        d.deserialize_any(V)
    }
}

impl DateText {
    /// Parses an ISO 8601 calendar date (`YYYY-MM-DD`).
    pub(crate) fn parse(&self) -> Result<chrono::NaiveDate, String> {
        let s = self.0.trim();
        if s.len() != 10 {
            return Err(format!("`{s}` is not a date of the form YYYY-MM-DD"));
        }
        chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d")
            .map_err(|_| format!("`{s}` is not a valid date of the form YYYY-MM-DD"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Deserialize)]
    #[allow(dead_code)]
    struct Sample {
        a: String,
        #[serde(rename = "bee")]
        b: u32,
    }

    #[test]
    fn probe_reads_renamed_fields() {
        assert_eq!(fields_of::<Sample>(), &["a", "bee"]);
    }

    #[test]
    fn tree_reports_unknown_keys_of_every_entry() {
        let text = "id = \"x\"\n[[require]]\nkind = \"a\"\nwhn = 1\n[[require]]\nkindd = \"b\"\n";
        let top = parse_tree(text).unwrap();
        let req = get(&top, "require").unwrap();
        let bad: Vec<_> = tables(req.get_ref())
            .into_iter()
            .flat_map(|t| unknown_keys(t, &["kind"]))
            .collect();
        assert_eq!(bad.len(), 2);
        assert_eq!(&text[bad[0].1.clone()], "whn");
        assert_eq!(&text[bad[1].1.clone()], "kindd");
    }

    #[test]
    fn bare_dates_do_not_build_a_tree_but_parse_as_date_text() {
        assert!(parse_tree("d = 2026-03-10\n").is_none());
        #[derive(serde::Deserialize)]
        struct D {
            d: Spanned<DateText>,
        }
        let d: D = toml::from_str("d = 2026-03-10\n").unwrap();
        assert_eq!(d.d.get_ref().parse().unwrap().to_string(), "2026-03-10");
        let d: D = toml::from_str("d = \"2026-02-30\"\n").unwrap();
        assert!(d.d.get_ref().parse().is_err());
    }
}
