//! Opening a file on disk to read it, safely: never blocking on a FIFO or device
//! that took a file's place after the walk.

use std::fs::{File, FileType, OpenOptions};
use std::io;
use std::os::unix::fs::{FileTypeExt, OpenOptionsExt};
use std::path::Path;

/// Opens a file to read without ever blocking, and refuses what is not a regular
/// file: a FIFO (or device) put in a file's place after the walk would otherwise
/// block the worker in `open` or `read` forever, and the run with it.
pub fn open_regular(path: &Path) -> io::Result<File> {
    let file = OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(path)?;
    // The handle's own type, not the path's: the path may change again.
    let kind = file.metadata()?.file_type();
    if !kind.is_file() {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!(
                "not a regular file: {} (it replaced the file after the walk); not read",
                describe_type(kind)
            ),
        ));
    }
    Ok(file)
}

fn describe_type(kind: FileType) -> &'static str {
    if kind.is_fifo() {
        "a named pipe (FIFO)"
    } else if kind.is_char_device() || kind.is_block_device() {
        "a device"
    } else if kind.is_socket() {
        "a socket"
    } else if kind.is_dir() {
        "a folder"
    } else {
        "a special file"
    }
}
