//! Reading a force's export as a stream of records, in constant memory.
//!
//! | input | how it is read |
//! |---|---|
//! | `FILE.jsonl`, `FILE.ndjson`, `-` (standard input) | JSON Lines: one raw case per line |
//! | `FILE.jsonl.gz`, `FILE.ndjson.gz` | the same, gzip-compressed (several members allowed) |
//! | `FILE.pcs`, `FILE.pcs.gz` | a postcard stream: frames of a length and a case (below) |
//! | a directory | every `.json` and `.toml` case file under it (not `*.schema.json`), by path |
//!
//! **Postcard stream framing.** A stream is a sequence of frames and nothing else (no header):
//! each frame is the case's length in bytes as an unsigned LEB128 varint (the way postcard
//! writes a `u32`: 7 bits a byte, low bits first, the high bit set on every byte but the last;
//! at most 5 bytes), followed by exactly that many bytes: one raw case as `safeguard encode`
//! writes it. A frame longer than [`MAX_RECORD_BYTES`], a bad varint or a stream that ends inside
//! a frame is reported as a bad record and ends that input (after a broken length nothing
//! later can be trusted to start a frame); a frame whose bytes are not a valid case is reported
//! and the stream goes on with the next frame.
//!
//! A line (or a case file) longer than [`MAX_RECORD_BYTES`] is refused before it is parsed
//! (`too_large`, as `check --batch`); a blank line is no record and is counted apart.

use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use flate2::read::MultiGzDecoder;

/// The most bytes one record may hold (a line, a case file or a postcard frame): the input
/// layer's limit for one case.
pub const MAX_RECORD_BYTES: usize = crate::input::MAX_INPUT_BYTES;

/// What an input holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// JSON Lines.
    Jsonl,
    /// JSON Lines, gzip-compressed.
    JsonlGz,
    /// A postcard stream.
    Postcard,
    /// A postcard stream, gzip-compressed.
    PostcardGz,
    /// A directory of case files.
    Directory,
}

impl Kind {
    /// The kind a path names, by its extension, or `None` when it names none of them.
    pub fn of(path: &Path) -> Option<Kind> {
        if path == Path::new("-") {
            return Some(Kind::Jsonl);
        }
        if path.is_dir() {
            return Some(Kind::Directory);
        }
        let name = path.file_name()?.to_string_lossy().to_ascii_lowercase();
        [
            (".jsonl", Kind::Jsonl),
            (".ndjson", Kind::Jsonl),
            (".jsonl.gz", Kind::JsonlGz),
            (".ndjson.gz", Kind::JsonlGz),
            (".pcs", Kind::Postcard),
            (".pcs.gz", Kind::PostcardGz),
        ]
        .into_iter()
        .find(|(ext, _)| name.ends_with(ext))
        .map(|(_, kind)| kind)
    }
}

/// One record's bytes, as read.
#[derive(Debug)]
pub enum Payload {
    /// A JSON document (a line, or a `.json` file).
    Json(String),
    /// A TOML document (a `.toml` file).
    Toml(String),
    /// A postcard frame's bytes.
    Postcard(Vec<u8>),
    /// A blank line of JSON Lines: no record.
    Blank,
    /// The record could not be read: the stage (`read`, or `decode` for a record refused
    /// unread), a stable code and what was wrong.
    Unreadable(&'static str, &'static str, String),
}

/// One record and where it came from.
#[derive(Debug)]
pub struct Record {
    /// The input's position in the command line.
    pub input: usize,
    /// The 1-based line (JSON Lines), frame (postcard) or file (directory) number.
    pub number: u64,
    /// The file, for a directory's records.
    pub file: Option<PathBuf>,
    /// The bytes.
    pub payload: Payload,
}

fn open(path: &Path, gz: bool) -> io::Result<Box<dyn BufRead + Send>> {
    let raw: Box<dyn Read + Send> = if path == Path::new("-") {
        Box::new(io::stdin())
    } else {
        Box::new(File::open(path)?)
    };
    Ok(if gz {
        Box::new(BufReader::with_capacity(
            1 << 16,
            MultiGzDecoder::new(BufReader::new(raw)),
        ))
    } else {
        Box::new(BufReader::with_capacity(1 << 16, raw))
    })
}

/// Reads every record of one input, handing each to `sink` in order. Returns an error only
/// when the input cannot be opened or listed at all; a bad record is a [`Payload::Unreadable`].
pub fn each_record(
    input: usize,
    path: &Path,
    kind: Kind,
    sink: &mut dyn FnMut(Record),
) -> io::Result<()> {
    match kind {
        Kind::Jsonl | Kind::JsonlGz => lines(input, open(path, kind == Kind::JsonlGz)?, sink),
        Kind::Postcard | Kind::PostcardGz => {
            frames(input, open(path, kind == Kind::PostcardGz)?, sink)
        }
        Kind::Directory => directory(input, path, sink),
    }
}

fn lines(
    input: usize,
    mut reader: Box<dyn BufRead + Send>,
    sink: &mut dyn FnMut(Record),
) -> io::Result<()> {
    let mut number = 0u64;
    let mut buf = Vec::new();
    loop {
        buf.clear();
        let read = (&mut reader)
            .take(MAX_RECORD_BYTES as u64 + 1)
            .read_until(b'\n', &mut buf);
        number += 1;
        let payload = match read {
            Ok(0) => return Ok(()),
            Err(e) => {
                sink(Record {
                    input,
                    number,
                    file: None,
                    payload: Payload::Unreadable("read", "unreadable", format!("cannot read: {e}")),
                });
                return Ok(());
            }
            Ok(_) if buf.len() > MAX_RECORD_BYTES && buf.last() != Some(&b'\n') => {
                skip_line(&mut reader)?;
                Payload::Unreadable(
                    "decode",
                    "too_large",
                    format!(
                        "the line is longer than {MAX_RECORD_BYTES} bytes (the most read as one case); skipped unread"
                    ),
                )
            }
            Ok(_) => {
                if buf.last() == Some(&b'\n') {
                    buf.pop();
                    if buf.last() == Some(&b'\r') {
                        buf.pop();
                    }
                }
                let mut bytes = buf.as_slice();
                if number == 1 {
                    bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
                }
                // A blank line holds no record: counted apart, as `check --batch` does.
                if bytes.iter().all(u8::is_ascii_whitespace) {
                    Payload::Blank
                } else {
                    match std::str::from_utf8(bytes) {
                        Ok(text) => Payload::Json(text.to_owned()),
                        Err(e) => {
                            Payload::Unreadable("decode", "syntax", format!("not UTF-8: {e}"))
                        }
                    }
                }
            }
        };
        sink(Record {
            input,
            number,
            file: None,
            payload,
        });
    }
}

fn skip_line(reader: &mut Box<dyn BufRead + Send>) -> io::Result<()> {
    loop {
        let buf = reader.fill_buf()?;
        if buf.is_empty() {
            return Ok(());
        }
        if let Some(at) = buf.iter().position(|&b| b == b'\n') {
            reader.consume(at + 1);
            return Ok(());
        }
        let n = buf.len();
        reader.consume(n);
    }
}

/// Reads one LEB128 `u32`: `Ok(None)` at a clean end of the stream.
fn varint(reader: &mut Box<dyn BufRead + Send>) -> Result<Option<u32>, (&'static str, String)> {
    let mut value: u32 = 0;
    for i in 0..5 {
        let mut byte = [0u8; 1];
        match reader.read(&mut byte) {
            Ok(0) if i == 0 => return Ok(None),
            Ok(0) => {
                return Err((
                    "truncated",
                    "the stream ends inside a frame's length".into(),
                ));
            }
            Ok(_) => {}
            Err(e) => return Err(("unreadable", format!("cannot read: {e}"))),
        }
        let [b] = byte;
        if i == 4 && b > 0x0f {
            return Err((
                "bad_varint",
                "a frame's length is not a valid varint".into(),
            ));
        }
        value |= u32::from(b & 0x7f) << (7 * i);
        if b & 0x80 == 0 {
            return Ok(Some(value));
        }
    }
    Err((
        "bad_varint",
        "a frame's length is not a valid varint".into(),
    ))
}

fn frames(
    input: usize,
    mut reader: Box<dyn BufRead + Send>,
    sink: &mut dyn FnMut(Record),
) -> io::Result<()> {
    let mut number = 0u64;
    loop {
        number += 1;
        let stop = |code, message| Record {
            input,
            number,
            file: None,
            payload: Payload::Unreadable("read", code, message),
        };
        let len = match varint(&mut reader) {
            Ok(None) => return Ok(()),
            Ok(Some(len)) => len as usize,
            Err((code, message)) => {
                sink(stop(code, message));
                return Ok(());
            }
        };
        if len > MAX_RECORD_BYTES {
            sink(stop(
                "too_large",
                format!(
                    "a frame of {len} bytes is longer than {MAX_RECORD_BYTES}; the rest of the stream is not read"
                ),
            ));
            return Ok(());
        }
        let mut bytes = vec![0u8; len];
        if let Err(e) = reader.read_exact(&mut bytes) {
            let code = if e.kind() == io::ErrorKind::UnexpectedEof {
                "truncated"
            } else {
                "unreadable"
            };
            sink(stop(
                code,
                format!("the stream ends inside a frame of {len} bytes"),
            ));
            return Ok(());
        }
        sink(Record {
            input,
            number,
            file: None,
            payload: Payload::Postcard(bytes),
        });
    }
}

fn directory(input: usize, dir: &Path, sink: &mut dyn FnMut(Record)) -> io::Result<()> {
    let mut number = 0u64;
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.map_err(io::Error::other)?;
        let path = entry.path();
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy())
            .unwrap_or_default();
        let toml = name.ends_with(".toml");
        if !entry.file_type().is_file()
            || !(toml || name.ends_with(".json"))
            || name.ends_with(".schema.json")
        {
            continue;
        }
        number += 1;
        let payload = match entry.metadata() {
            Ok(meta) if meta.len() > MAX_RECORD_BYTES as u64 => Payload::Unreadable(
                "decode",
                "too_large",
                format!("the file is longer than {MAX_RECORD_BYTES} bytes"),
            ),
            _ => match std::fs::read_to_string(path) {
                Ok(text) if toml => Payload::Toml(text),
                Ok(text) => Payload::Json(text),
                Err(e) => Payload::Unreadable("read", "unreadable", format!("cannot read: {e}")),
            },
        };
        sink(Record {
            input,
            number,
            file: Some(path.to_path_buf()),
            payload,
        });
    }
    Ok(())
}

/// Appends one case to a postcard stream: its length as a LEB128 varint, then its bytes.
pub fn write_frame(out: &mut impl io::Write, case_bytes: &[u8]) -> io::Result<()> {
    let mut len = u32::try_from(case_bytes.len()).map_err(io::Error::other)?;
    loop {
        let byte = (len & 0x7f) as u8;
        len >>= 7;
        if len == 0 {
            out.write_all(&[byte])?;
            break;
        }
        out.write_all(&[byte | 0x80])?;
    }
    out.write_all(case_bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_all(bytes: Vec<u8>, kind: Kind) -> Vec<Record> {
        let reader: Box<dyn BufRead + Send> = Box::new(io::Cursor::new(bytes));
        let mut out = Vec::new();
        let mut sink = |r| out.push(r);
        match kind {
            Kind::Postcard => frames(0, reader, &mut sink).unwrap(),
            _ => lines(0, reader, &mut sink).unwrap(),
        }
        out
    }

    #[test]
    fn frames_round_trip_and_a_cut_stream_is_one_bad_record() {
        let mut stream = Vec::new();
        for len in [0usize, 1, 127, 128, 300] {
            write_frame(&mut stream, &vec![7u8; len]).unwrap();
        }
        let records = read_all(stream.clone(), Kind::Postcard);
        let lens: Vec<usize> = records
            .iter()
            .map(|r| match &r.payload {
                Payload::Postcard(b) => b.len(),
                other => panic!("{other:?}"),
            })
            .collect();
        assert_eq!(lens, [0, 1, 127, 128, 300]);
        stream.truncate(stream.len() - 1);
        let records = read_all(stream, Kind::Postcard);
        assert_eq!(records.len(), 5);
        assert!(matches!(
            records.last().unwrap().payload,
            Payload::Unreadable("read", "truncated", _)
        ));
    }

    #[test]
    fn lines_are_numbered_and_crlf_is_trimmed() {
        let records = read_all(b"\xEF\xBB\xBF{}\r\n \n{\"a\":1}".to_vec(), Kind::Jsonl);
        let texts: Vec<(u64, &str)> = records
            .iter()
            .map(|r| match &r.payload {
                Payload::Json(t) => (r.number, t.as_str()),
                Payload::Blank => (r.number, "(blank)"),
                other => panic!("{other:?}"),
            })
            .collect();
        assert_eq!(texts, [(1, "{}"), (2, "(blank)"), (3, "{\"a\":1}")]);
    }
}
