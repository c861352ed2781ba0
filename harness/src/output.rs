//! Writing results safely: to standard output, or to a file through a temporary file with a
//! unique name beside it, renamed into place only when everything was written.
//!
//! A target that exists must be a regular file: a directory, a symbolic link, a device or a
//! pipe is refused, never replaced. `-` means standard output. A new file is created readable
//! by its owner only (findings are about victims); a replaced file keeps its permissions.

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use tempfile::NamedTempFile;

/// Where output goes.
#[derive(Debug)]
enum Sink {
    Stdout(io::Stdout),
    Temp(NamedTempFile, PathBuf),
}

impl Write for Sink {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self {
            Sink::Stdout(out) => out.write(buf),
            Sink::Temp(file, _) => file.write(buf),
        }
    }
    fn flush(&mut self) -> io::Result<()> {
        match self {
            Sink::Stdout(out) => out.flush(),
            Sink::Temp(file, _) => file.flush(),
        }
    }
}

/// An output being written. Nothing reaches the target file until [`Output::finish`]; if the
/// output is dropped unfinished, the temporary file is removed.
#[derive(Debug)]
pub struct Output {
    writer: BufWriter<Sink>,
}

/// Why the output could not be opened or finished, in plain words.
#[derive(Debug)]
pub struct OutputError(pub String);

impl std::fmt::Display for OutputError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl Output {
    /// Opens standard output (`None` or `-`) or a temporary file beside `target`.
    pub fn open(target: Option<&Path>) -> Result<Output, OutputError> {
        let sink = match target {
            None => Sink::Stdout(io::stdout()),
            Some(path) if path == Path::new("-") => Sink::Stdout(io::stdout()),
            Some(path) => {
                let shown = path.display();
                let existing = match std::fs::symlink_metadata(path) {
                    Ok(meta) if meta.file_type().is_file() => Some(meta.permissions()),
                    Ok(meta) => {
                        let kind = if meta.is_dir() {
                            "a directory"
                        } else if meta.file_type().is_symlink() {
                            "a symbolic link"
                        } else {
                            "not a regular file (a device, pipe or socket)"
                        };
                        return Err(OutputError(format!(
                            "{shown}: refusing to replace it: it is {kind}; only a regular file is replaced"
                        )));
                    }
                    Err(e) if e.kind() == io::ErrorKind::NotFound => None,
                    Err(e) => return Err(OutputError(format!("{shown}: {e}"))),
                };
                let dir = match path.parent() {
                    Some(dir) if !dir.as_os_str().is_empty() => dir,
                    _ => Path::new("."),
                };
                let name = path
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default();
                let temp = tempfile::Builder::new()
                    .prefix(&format!(".{name}."))
                    .suffix(".partial")
                    .tempfile_in(dir)
                    .map_err(|e| {
                        OutputError(format!(
                            "{}: cannot create a temporary file: {e}",
                            dir.display()
                        ))
                    })?;
                if let Some(permissions) = existing {
                    std::fs::set_permissions(temp.path(), permissions)
                        .map_err(|e| OutputError(format!("{shown}: {e}")))?;
                }
                Sink::Temp(temp, path.to_path_buf())
            }
        };
        Ok(Output {
            writer: BufWriter::new(sink),
        })
    }

    /// Ends one record: on standard output the record is written at once, so that a reader
    /// downstream sees each result as it comes; a file is written in large blocks and only
    /// appears, whole, at [`Output::finish`].
    pub fn end_record(&mut self) -> io::Result<()> {
        match self.writer.get_ref() {
            Sink::Stdout(_) => self.writer.flush(),
            Sink::Temp(..) => Ok(()),
        }
    }

    /// Writes everything buffered, and for a file, makes it durable and renames it over the
    /// target.
    pub fn finish(self) -> Result<(), OutputError> {
        let sink = self
            .writer
            .into_inner()
            .map_err(|e| OutputError(format!("cannot write the output: {}", e.error())))?;
        match sink {
            Sink::Stdout(mut out) => out
                .flush()
                .map_err(|e| OutputError(format!("cannot write the output: {e}"))),
            Sink::Temp(temp, target) => {
                let shown = target.display().to_string();
                temp.as_file()
                    .sync_all()
                    .map_err(|e| OutputError(format!("{shown}: cannot write: {e}")))?;
                // The target may have become something else since it was opened: check again.
                if let Ok(meta) = std::fs::symlink_metadata(&target)
                    && !meta.file_type().is_file()
                {
                    return Err(OutputError(format!(
                        "{shown}: refusing to replace it: it is no longer a regular file"
                    )));
                }
                let _: File = temp.persist(&target).map_err(|e| {
                    OutputError(format!("{shown}: cannot rename into place: {}", e.error))
                })?;
                Ok(())
            }
        }
    }
}

impl Write for Output {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.writer.write(buf)
    }
    fn flush(&mut self) -> io::Result<()> {
        self.writer.flush()
    }
}
