//! Workspace member names from the export's `users.json` (`org_users.json` on
//! Enterprise Grid), beside the channel folders: FORMATS.md §5.1.
//!
//! Every day file of an export needs the same list, so the last few lists read are
//! kept, keyed by the file's report path and a hash of its bytes (a changed file is
//! read again).

use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::io::Read;
use std::sync::{Arc, Mutex};

use serde::Deserialize;

use crate::formats::Input;

/// Largest users file read; a bigger one leaves user ids unresolved.
const MAX_BYTES: u64 = 64 * 1024 * 1024;

/// How many lists are kept between day files.
const KEPT: usize = 4;

static CACHE: Mutex<Vec<(String, u64, Arc<Users>)>> = Mutex::new(Vec::new());

/// User id → display name.
#[derive(Debug, Default)]
pub struct Users(HashMap<String, String>);

impl Users {
    /// The name of user `id`, if the list has one.
    pub fn get(&self, id: &str) -> Option<&str> {
        self.0.get(id).map(String::as_str)
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct RawProfile {
    real_name: Option<String>,
    display_name: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct RawUser {
    id: String,
    name: Option<String>,
    real_name: Option<String>,
    profile: Option<RawProfile>,
}

fn non_empty(s: Option<&String>) -> Option<&str> {
    s.map(|s| s.trim()).filter(|s| !s.is_empty())
}

impl RawUser {
    /// Real name, else display name, else the handle.
    fn display(&self) -> Option<&str> {
        let profile = self.profile.as_ref();
        non_empty(profile.and_then(|p| p.real_name.as_ref()))
            .or(non_empty(self.real_name.as_ref()))
            .or(non_empty(profile.and_then(|p| p.display_name.as_ref())))
            .or(non_empty(self.name.as_ref()))
    }
}

/// The users list of the export `day_file` belongs to, if one can be read.
pub fn for_day_file(day_file: &dyn Input) -> Option<Arc<Users>> {
    ["../users.json", "../org_users.json"]
        .iter()
        .find_map(|name| day_file.related(name))
        .and_then(|file| load(file.as_ref()))
}

fn load(file: &dyn Input) -> Option<Arc<Users>> {
    let mut bytes = Vec::new();
    file.with_bytes(&mut |r| {
        r.take(MAX_BYTES + 1).read_to_end(&mut bytes)?;
        Ok(())
    })
    .ok()?;
    if bytes.len() as u64 > MAX_BYTES {
        return None;
    }
    let mut hasher = DefaultHasher::new();
    bytes.hash(&mut hasher);
    let hash = hasher.finish();
    let mut cache = CACHE.lock().unwrap_or_else(|p| p.into_inner());
    if let Some((_, _, users)) = cache
        .iter()
        .find(|(path, h, _)| path == file.path() && *h == hash)
    {
        return Some(users.clone());
    }
    let raw: Vec<RawUser> = serde_json::from_slice(strip_bom(&bytes)).ok()?;
    let users = Arc::new(Users(
        raw.iter()
            .filter_map(|u| Some((u.id.clone(), u.display()?.to_owned())))
            .collect(),
    ));
    if cache.len() >= KEPT {
        cache.remove(0);
    }
    cache.push((file.path().to_owned(), hash, users.clone()));
    Some(users)
}

fn strip_bom(bytes: &[u8]) -> &[u8] {
    bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::MemoryInput;

    #[test]
    fn names_prefer_real_name() {
        let input = MemoryInput::new(
            "ws-test-users/users.json",
            br#"[{"id": "U1", "name": "jb", "profile": {"real_name": "Jo Bloggs", "display_name": "Jo"}},
                {"id": "U2", "name": "sam", "profile": {"real_name": "", "display_name": "Sam P"}},
                {"id": "U3", "name": "carol"}, {"id": "U4"}]"#
                .to_vec(),
        );
        let users = load(&input).unwrap();
        assert_eq!(users.get("U1"), Some("Jo Bloggs"));
        assert_eq!(users.get("U2"), Some("Sam P"));
        assert_eq!(users.get("U3"), Some("carol"));
        assert_eq!(users.get("U4"), None);
        assert!(load(&MemoryInput::new("x/users.json", b"{not json".to_vec())).is_none());
    }
}
