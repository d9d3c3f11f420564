//! What commands print: on standard output, or for a list that leaves the
//! application in an owner-only file. A closed pipe or a full disk is an
//! error said in words with an exit code, never a panic.

use std::io::{self, Write};
use std::path::Path;
use std::process::ExitCode;

use super::{fail, BAD_INPUT, FAILED, SAVED_NOT_PRINTED};
use crate::i18n::{Lang, Msg};

/// One line on stderr; a stderr that cannot be written is let be.
pub(crate) fn say(text: &str) {
    let _ = writeln!(io::stderr().lock(), "lobbydesk: {text}");
}

/// Write `text` to standard output and flush it: an error (not a panic) when
/// its reader went away or the disk is full.
pub(crate) fn write_out(text: &str) -> io::Result<()> {
    let mut out = io::stdout().lock();
    out.write_all(text.as_bytes())?;
    out.flush()
}

/// Why the output could not be written, in words.
pub(crate) fn output_error(lang: Lang, e: &io::Error) -> String {
    match e.kind() {
        io::ErrorKind::BrokenPipe => Msg::ErrOutputClosed.get(lang).to_string(),
        io::ErrorKind::StorageFull => Msg::ErrOutputFull.get(lang).to_string(),
        _ => Msg::ErrOutput.fill(lang, &[("e", e)]),
    }
}

/// Print `text` on standard output and exit 0; when it cannot be written,
/// say why and exit 1.
pub fn print(lang: Lang, text: &str) -> ExitCode {
    match write_out(text) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => fail(FAILED, &output_error(lang, &e)),
    }
}

/// A list that leaves the application: to `out` as a new file only its owner
/// may read (0600), never over an existing file (exit 2); without `out`, on
/// standard output. A file that could not be written whole is removed.
pub(crate) fn write_list(lang: Lang, out: Option<&Path>, text: &str) -> ExitCode {
    let Some(path) = out else {
        return print(lang, text);
    };
    let shown = path.display();
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = match options.open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
            return fail(BAD_INPUT, &Msg::ErrExists.fill(lang, &[("p", &shown)]));
        }
        Err(e) => {
            return fail(
                FAILED,
                &Msg::ErrOutFile.fill(lang, &[("p", &shown), ("e", &e)]),
            )
        }
    };
    match file
        .write_all(text.as_bytes())
        .and_then(|()| file.sync_all())
    {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            drop(file);
            let _ = std::fs::remove_file(path);
            fail(
                FAILED,
                &Msg::ErrOutFile.fill(lang, &[("p", &shown), ("e", &e)]),
            )
        }
    }
}

/// Print the confirmation of a change already saved; when it cannot be
/// written, say why and that the change was saved, and exit 4.
pub(crate) fn print_saved(lang: Lang, text: &str) -> ExitCode {
    match write_out(text) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            say(&output_error(lang, &e));
            fail(SAVED_NOT_PRINTED, Msg::SavedNotPrinted.get(lang))
        }
    }
}
