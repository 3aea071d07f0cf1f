//! Lenient serde types for one Telegram message: fields whose JSON type changed
//! between exporter versions (`from_id` integer → string, `text` string → array)
//! are read by small visitors that accept any shape rather than failing the file.

use std::fmt;

use serde::Deserialize;
use serde::de::{self, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

/// Any scalar as text: strings as-is, numbers and booleans printed; `null`,
/// arrays and objects give `None`.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Loose(pub Option<String>);

impl Loose {
    pub fn as_str(&self) -> Option<&str> {
        self.0.as_deref()
    }

    pub fn as_i64(&self) -> Option<i64> {
        self.0.as_deref()?.trim().parse().ok()
    }
}

impl<'de> Deserialize<'de> for Loose {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Loose;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("any JSON value")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Loose, E> {
                Ok(Loose(Some(v.to_owned())))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Loose, E> {
                Ok(Loose(Some(v)))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Loose, E> {
                Ok(Loose(Some(v.to_string())))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Loose, E> {
                Ok(Loose(Some(v.to_string())))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Loose, E> {
                Ok(Loose(Some(v.to_string())))
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Loose, E> {
                Ok(Loose(Some(v.to_string())))
            }
            fn visit_unit<E: de::Error>(self) -> Result<Loose, E> {
                Ok(Loose(None))
            }
            fn visit_none<E: de::Error>(self) -> Result<Loose, E> {
                Ok(Loose(None))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Loose, A::Error> {
                while seq.next_element::<IgnoredAny>()?.is_some() {}
                Ok(Loose(None))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Loose, A::Error> {
                while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
                Ok(Loose(None))
            }
        }
        d.deserialize_any(V)
    }
}

/// Telegram `text`: a string, or an array of strings and `{"type", "text"}` objects,
/// concatenated without separators (FORMATS.md §3.3). Also reads a lone object's
/// `text`, and numbers; `null` is empty.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct FlatText(pub String);

impl<'de> Deserialize<'de> for FlatText {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = FlatText;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a Telegram text string or array")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<FlatText, E> {
                Ok(FlatText(v.to_owned()))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<FlatText, E> {
                Ok(FlatText(v))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<FlatText, E> {
                Ok(FlatText(v.to_string()))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<FlatText, E> {
                Ok(FlatText(v.to_string()))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<FlatText, E> {
                Ok(FlatText(v.to_string()))
            }
            fn visit_bool<E: de::Error>(self, _: bool) -> Result<FlatText, E> {
                Ok(FlatText::default())
            }
            fn visit_unit<E: de::Error>(self) -> Result<FlatText, E> {
                Ok(FlatText::default())
            }
            fn visit_none<E: de::Error>(self) -> Result<FlatText, E> {
                Ok(FlatText::default())
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<FlatText, A::Error> {
                let mut text = String::new();
                while let Some(part) = seq.next_element::<FlatText>()? {
                    text.push_str(&part.0);
                }
                Ok(FlatText(text))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<FlatText, A::Error> {
                let mut text = String::new();
                while let Some(key) = map.next_key::<String>()? {
                    if key == "text" {
                        text = map.next_value::<FlatText>()?.0;
                    } else {
                        map.next_value::<IgnoredAny>()?;
                    }
                }
                Ok(FlatText(text))
            }
        }
        d.deserialize_any(V)
    }
}

/// A list read leniently: each element flattened as [`FlatText`] (so `null`
/// members become empty strings); anything but an array gives an empty list.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct TextList(pub Vec<String>);

impl<'de> Deserialize<'de> for TextList {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = TextList;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a list")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<TextList, A::Error> {
                let mut list = Vec::new();
                while let Some(item) = seq.next_element::<FlatText>()? {
                    list.push(item.0);
                }
                Ok(TextList(list))
            }
        }
        // Anything that is not an array is skipped whole.
        let value = Loose::deserialize_or_list(d, V)?;
        Ok(value.unwrap_or_default())
    }
}

impl Loose {
    /// Runs `seq_visitor` for arrays; any other value is consumed and gives `None`.
    fn deserialize_or_list<'de, D, V>(d: D, seq_visitor: V) -> Result<Option<V::Value>, D::Error>
    where
        D: Deserializer<'de>,
        V: Visitor<'de>,
    {
        struct Either<V>(V);
        impl<'de, V: Visitor<'de>> Visitor<'de> for Either<V> {
            type Value = Option<V::Value>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("any JSON value")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
                self.0.visit_seq(seq).map(Some)
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
                Ok(None)
            }
            fn visit_str<E: de::Error>(self, _: &str) -> Result<Self::Value, E> {
                Ok(None)
            }
            fn visit_i64<E: de::Error>(self, _: i64) -> Result<Self::Value, E> {
                Ok(None)
            }
            fn visit_u64<E: de::Error>(self, _: u64) -> Result<Self::Value, E> {
                Ok(None)
            }
            fn visit_f64<E: de::Error>(self, _: f64) -> Result<Self::Value, E> {
                Ok(None)
            }
            fn visit_bool<E: de::Error>(self, _: bool) -> Result<Self::Value, E> {
                Ok(None)
            }
            fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
                Ok(None)
            }
        }
        d.deserialize_any(Either(seq_visitor))
    }
}

/// A poll: its question and answer texts are content worth scanning.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Poll {
    pub question: FlatText,
    pub answers: TextList,
}

/// One element of a CHAT's `messages` array, with only the keys onrecord uses;
/// everything else (`text_entities`, `reactions`, buttons…) is skipped unread.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct RawMessage {
    pub id: Loose,
    #[serde(rename = "type")]
    pub kind: Loose,
    pub date: Loose,
    pub date_unixtime: Loose,
    pub edited: Loose,
    pub edited_unixtime: Loose,
    pub from: Loose,
    pub from_id: Loose,
    pub author: Loose,
    pub actor: Loose,
    pub actor_id: Loose,
    pub action: Loose,
    pub period: Loose,
    pub title: Loose,
    pub new_title: Loose,
    pub members: TextList,
    pub inviter: Loose,
    pub message_id: Loose,
    pub duration_seconds: Loose,
    pub duration: Loose,
    pub discard_reason: Loose,
    pub information_text: Loose,
    pub photo: Loose,
    pub file: Loose,
    pub file_name: Loose,
    pub self_destruct_period_seconds: Loose,
    pub text: FlatText,
    pub poll: Option<Poll>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_arrays_are_flattened_without_spaces() {
        let t: FlatText = serde_json::from_str(
            r#"["a ", {"type": "bold", "text": "b"}, "", {"type": "link", "text": "c"}]"#,
        )
        .unwrap();
        assert_eq!(t.0, "a bc");
    }

    #[test]
    fn loose_reads_numbers_and_null() {
        let l: Loose = serde_json::from_str("22222222").unwrap();
        assert_eq!(l.as_i64(), Some(22222222));
        let l: Loose = serde_json::from_str("null").unwrap();
        assert_eq!(l.0, None);
    }

    #[test]
    fn text_list_keeps_null_members_as_empty() {
        let l: TextList = serde_json::from_str(r#"["A", null]"#).unwrap();
        assert_eq!(l.0, vec!["A".to_string(), String::new()]);
        let l: TextList = serde_json::from_str(r#""not a list""#).unwrap();
        assert!(l.0.is_empty());
    }
}
