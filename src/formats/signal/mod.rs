//! Signal text exports (FORMATS.md §2): [`markdown`] reads signal-export's `chat.md`
//! (Signal Desktop), [`text`] reads signalbackup-tools' `--exporttxt` files (Signal
//! Android backups). Old Signal Android plaintext backups are SMS Backup & Restore
//! XML and are read by `sms_xml`.

pub mod markdown;
pub mod text;

/// Strips trailing spaces (signal-export ends bodies with a Markdown hard break of
/// two spaces) and joins body lines, dropping blank lines at either end.
fn join_body(lines: &[String]) -> String {
    let mut text = String::new();
    for line in lines {
        if !text.is_empty() || !line.trim().is_empty() {
            if !text.is_empty() {
                text.push('\n');
            }
            text.push_str(line.trim_end_matches(' '));
        }
    }
    text.truncate(text.trim_end().len());
    text
}
