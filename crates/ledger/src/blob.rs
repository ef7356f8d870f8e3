//! Files stored by content: `blobs/sha256/ab/abcdef…`, written once, read-only, never altered.
//!
//! A file is streamed into a temporary file in the same folder while it is hashed, flushed to
//! disk, then renamed into place: a reader never sees half a file, and a killed process leaves
//! at most a temporary file, removed the next time the store is opened. Reading a file back
//! hashes it again; a file whose bytes no longer give its name is never served as genuine.

use std::fs::{self, File, OpenOptions};
use std::io::{self, BufReader, Read, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::error::{Error, Result};

/// The hash algorithm of every digest this build writes. It is written with every digest
/// (`sha256:…`), so that another algorithm can be added without ambiguity.
pub const ALGORITHM: &str = "sha256";

/// The size of the buffer files are streamed through: memory stays flat whatever their size.
const CHUNK: usize = 1 << 20;

/// A digest with its algorithm, written `sha256:<64 lowercase hex>`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Digest256(pub [u8; 32]);

impl Digest256 {
    /// The hex digits alone.
    pub fn hex(&self) -> String {
        hex::encode(self.0)
    }

    /// Read `sha256:<hex>` (or 64 hex digits alone, taken as SHA-256).
    pub fn parse(text: &str) -> Result<Digest256> {
        let t = text.trim();
        let hexpart = match t.split_once(':') {
            Some((alg, rest)) if alg.eq_ignore_ascii_case(ALGORITHM) => rest,
            Some((alg, _)) => {
                return Err(Error::Invalid(format!(
                    "hash algorithm {alg:?} is not supported; this ledger uses {ALGORITHM}"
                )))
            }
            None => t,
        };
        let mut out = [0u8; 32];
        hex::decode_to_slice(hexpart, &mut out).map_err(|_| {
            Error::Invalid(format!(
                "{text:?} is not a SHA-256 digest (64 hex digits, optionally after \"sha256:\")"
            ))
        })?;
        Ok(Digest256(out))
    }
}

impl std::fmt::Display for Digest256 {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{ALGORITHM}:{}", self.hex())
    }
}

impl TryFrom<String> for Digest256 {
    type Error = Error;
    fn try_from(s: String) -> Result<Digest256> {
        Digest256::parse(&s)
    }
}

impl From<Digest256> for String {
    fn from(d: Digest256) -> String {
        d.to_string()
    }
}

/// A stored file: its digest and its size in bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stored {
    /// The SHA-256 of the bytes.
    pub digest: Digest256,
    /// The number of bytes.
    pub size: u64,
}

/// What a check of a stored file found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BlobState {
    /// The bytes give the digest they are stored under.
    Sound,
    /// No file is stored under this digest.
    Missing,
    /// The file's bytes give another digest: it was changed or substituted.
    Corrupted {
        /// The digest the bytes give now.
        found: Digest256,
    },
}

/// The folder of stored files.
#[derive(Debug, Clone)]
pub struct Blobs {
    root: PathBuf,
}

impl Blobs {
    /// Open (create) the folder and remove temporary files a killed writer left behind.
    pub fn open(root: &Path) -> Result<Blobs> {
        let blobs = Blobs {
            root: root.to_path_buf(),
        };
        fs::create_dir_all(blobs.tmp_dir()).map_err(|e| Error::io(&blobs.tmp_dir(), e))?;
        fs::create_dir_all(root.join(ALGORITHM)).map_err(|e| Error::io(root, e))?;
        if let Ok(entries) = fs::read_dir(blobs.tmp_dir()) {
            for entry in entries.flatten() {
                let _ = fs::remove_file(entry.path());
            }
        }
        Ok(blobs)
    }

    fn tmp_dir(&self) -> PathBuf {
        self.root.join("tmp")
    }

    /// Where the file with this digest is kept.
    pub fn path(&self, digest: &Digest256) -> PathBuf {
        let hex = digest.hex();
        self.root.join(ALGORITHM).join(&hex[..2]).join(hex)
    }

    /// Store what `reader` yields, hashing it on the way; memory stays flat. When `expect` is
    /// given (the hash taken at capture), bytes that hash otherwise are refused and nothing is
    /// kept.
    pub fn put(&self, reader: &mut dyn Read, expect: Option<&Digest256>) -> Result<Stored> {
        let tmp_path = self.tmp_dir().join(format!("incoming-{}", random_hex()?));
        let mut tmp = OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp_path)
            .map_err(|e| Error::io(&tmp_path, e))?;
        let result = (|| {
            let (digest, size) = stream_into(reader, &mut tmp, &tmp_path)?;
            if let Some(want) = expect {
                if *want != digest {
                    return Err(Error::CaptureHashMismatch {
                        recorded: want.to_string(),
                        found: digest.to_string(),
                    });
                }
            }
            tmp.sync_all().map_err(|e| Error::io(&tmp_path, e))?;
            Ok(Stored { digest, size })
        })();
        drop(tmp);
        let stored = match result {
            Ok(s) => s,
            Err(e) => {
                let _ = fs::remove_file(&tmp_path);
                return Err(e);
            }
        };
        let dest = self.path(&stored.digest);
        if dest.exists() && self.check(&stored.digest)? == BlobState::Sound {
            // The same bytes are already kept: one copy serves both.
            let _ = fs::remove_file(&tmp_path);
            return Ok(stored);
        }
        let parent = dest.parent().expect("a blob path has a parent");
        fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
        if dest.exists() {
            // A damaged copy is replaced by the sound one just received.
            let mut perms = fs::metadata(&dest)
                .map_err(|e| Error::io(&dest, e))?
                .permissions();
            #[allow(clippy::permissions_set_readonly_false)]
            perms.set_readonly(false);
            let _ = fs::set_permissions(&dest, perms);
        }
        let mut perms = fs::metadata(&tmp_path)
            .map_err(|e| Error::io(&tmp_path, e))?
            .permissions();
        perms.set_readonly(true);
        fs::set_permissions(&tmp_path, perms).map_err(|e| Error::io(&tmp_path, e))?;
        fs::rename(&tmp_path, &dest).map_err(|e| Error::io(&dest, e))?;
        if let Ok(dir) = File::open(parent) {
            let _ = dir.sync_all();
        }
        Ok(stored)
    }

    /// Hash the stored file again and say whether it is still what it was.
    pub fn check(&self, digest: &Digest256) -> Result<BlobState> {
        let path = self.path(digest);
        let file = match File::open(&path) {
            Ok(f) => f,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(BlobState::Missing),
            Err(e) => return Err(Error::io(&path, e)),
        };
        let (found, _) = hash_reader(&mut BufReader::with_capacity(CHUNK, file))
            .map_err(|e| Error::io(&path, e))?;
        Ok(if found == *digest {
            BlobState::Sound
        } else {
            BlobState::Corrupted { found }
        })
    }

    /// Copy the stored file to `out`, but only if its bytes still give its digest. A damaged
    /// file is reported as such and nothing is written: `out` is written to a temporary file
    /// next to it and renamed only after the copy hashed right.
    ///
    /// A destination that is not a regular file (a device, a FIFO) cannot be replaced and is
    /// never renamed over: the stored file is hashed first, and only a sound one is streamed
    /// into it, hashed again on the way.
    pub fn copy_verified(&self, digest: &Digest256, out: &Path) -> Result<u64> {
        let path = self.path(digest);
        let mut src = match File::open(&path) {
            Ok(f) => f,
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                return Err(Error::BlobMissing(digest.to_string()))
            }
            Err(e) => return Err(Error::io(&path, e)),
        };
        let special = fs::metadata(out).is_ok_and(|m| !m.is_file());
        if special {
            if let BlobState::Corrupted { found } = self.check(digest)? {
                return Err(Error::BlobCorrupted {
                    digest: digest.to_string(),
                    found: found.to_string(),
                });
            }
            let mut dst = fs::OpenOptions::new()
                .write(true)
                .open(out)
                .map_err(|e| Error::io(out, e))?;
            let mut hashing = HashingWriter {
                inner: &mut dst,
                hasher: Sha256::new(),
            };
            let size = io::copy(&mut src, &mut hashing).map_err(|e| Error::io(out, e))?;
            let found = Digest256(hashing.hasher.finalize().into());
            if found != *digest {
                return Err(Error::BlobCorrupted {
                    digest: digest.to_string(),
                    found: found.to_string(),
                });
            }
            return Ok(size);
        }
        let tmp_out = out.with_file_name(format!(
            ".{}.partial",
            out.file_name().and_then(|n| n.to_str()).unwrap_or("copy")
        ));
        let mut dst = File::create(&tmp_out).map_err(|e| Error::io(&tmp_out, e))?;
        let copied = (|| {
            let mut hasher = Sha256::new();
            let mut buf = vec![0u8; CHUNK];
            let mut size = 0u64;
            loop {
                let n = match src.read(&mut buf) {
                    Ok(0) => break,
                    Ok(n) => n,
                    Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                    Err(e) => return Err(Error::io(&path, e)),
                };
                hasher.update(&buf[..n]);
                dst.write_all(&buf[..n])
                    .map_err(|e| Error::io(&tmp_out, e))?;
                size += n as u64;
            }
            let found = Digest256(hasher.finalize().into());
            if found != *digest {
                return Err(Error::BlobCorrupted {
                    digest: digest.to_string(),
                    found: found.to_string(),
                });
            }
            dst.sync_all().map_err(|e| Error::io(&tmp_out, e))?;
            Ok(size)
        })();
        drop(dst);
        match copied {
            Ok(size) => {
                fs::rename(&tmp_out, out).map_err(|e| Error::io(out, e))?;
                Ok(size)
            }
            Err(e) => {
                let _ = fs::remove_file(&tmp_out);
                Err(e)
            }
        }
    }
}

/// A writer that hashes what passes through it.
struct HashingWriter<W> {
    inner: W,
    hasher: Sha256,
}

impl<W: Write> Write for HashingWriter<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.hasher.update(&buf[..n]);
        Ok(n)
    }
    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

/// How many bytes are written between two flushes to disk while a file streams in.
const FLUSH_EVERY: u64 = 64 << 20;

/// Copy `reader` into `out`, hashing on the way, with the three kinds of work overlapped: this
/// thread reads and writes, one thread hashes, one flushes what was written to disk so that
/// the final `sync_all` has little left to do. At most four chunks are in flight: memory stays
/// flat whatever the size.
fn stream_into(reader: &mut dyn Read, out: &mut File, out_path: &Path) -> Result<(Digest256, u64)> {
    use std::sync::mpsc;
    let flusher = out.try_clone().map_err(|e| Error::io(out_path, e))?;
    std::thread::scope(|scope| {
        let (to_hash, hash_rx) = mpsc::sync_channel::<(Vec<u8>, usize)>(4);
        let (free_tx, free_rx) = mpsc::channel::<Vec<u8>>();
        let (flush_tx, flush_rx) = mpsc::channel::<()>();
        let hashing = scope.spawn(move || {
            let mut hasher = Sha256::new();
            for (buf, n) in hash_rx {
                hasher.update(&buf[..n]);
                let _ = free_tx.send(buf);
            }
            Digest256(hasher.finalize().into())
        });
        let flushing = scope.spawn(move || {
            for () in flush_rx {
                // A failure here is seen again by the final sync_all, which is checked.
                let _ = flusher.sync_data();
            }
        });
        let mut size = 0u64;
        let mut since_flush = 0u64;
        let mut allocated = 0;
        let outcome = loop {
            let mut buf = match free_rx.try_recv() {
                Ok(b) => b,
                Err(_) if allocated < 6 => {
                    allocated += 1;
                    vec![0u8; CHUNK]
                }
                Err(_) => match free_rx.recv() {
                    Ok(b) => b,
                    Err(_) => break Err(Error::Read("the hashing thread stopped".into())),
                },
            };
            let n = match reader.read(&mut buf) {
                Ok(0) => break Ok(()),
                Ok(n) => n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => break Err(Error::Read(e.to_string())),
            };
            if let Err(e) = out.write_all(&buf[..n]) {
                break Err(Error::io(out_path, e));
            }
            size += n as u64;
            since_flush += n as u64;
            if since_flush >= FLUSH_EVERY {
                since_flush = 0;
                let _ = flush_tx.send(());
            }
            if to_hash.send((buf, n)).is_err() {
                break Err(Error::Read("the hashing thread stopped".into()));
            }
        };
        drop(to_hash);
        drop(flush_tx);
        let digest = hashing.join().expect("hashing does not panic");
        flushing.join().expect("flushing does not panic");
        outcome.map(|()| (digest, size))
    })
}

/// Hash what a reader yields: its SHA-256 and its length.
pub fn hash_reader(reader: &mut dyn Read) -> io::Result<(Digest256, u64)> {
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; CHUNK];
    let mut size = 0u64;
    loop {
        let n = match reader.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        hasher.update(&buf[..n]);
        size += n as u64;
    }
    Ok((Digest256(hasher.finalize().into()), size))
}

/// Hash a file on disk.
pub fn hash_file(path: &Path) -> Result<(Digest256, u64)> {
    let mut file = File::open(path).map_err(|e| Error::io(path, e))?;
    hash_reader(&mut file).map_err(|e| Error::io(path, e))
}

pub(crate) fn random_bytes<const N: usize>() -> Result<[u8; N]> {
    let mut out = [0u8; N];
    getrandom::fill(&mut out)
        .map_err(|e| Error::Invalid(format!("the system gave no random bytes: {e}")))?;
    Ok(out)
}

fn random_hex() -> Result<String> {
    Ok(hex::encode(random_bytes::<8>()?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stores_by_content_and_refuses_a_damaged_copy() {
        let dir = tempfile::tempdir().unwrap();
        let blobs = Blobs::open(dir.path()).unwrap();
        let stored = blobs.put(&mut &b"hello"[..], None).unwrap();
        assert_eq!(
            stored.digest.hex(),
            "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824"
        );
        assert_eq!(stored.size, 5);
        assert_eq!(blobs.check(&stored.digest).unwrap(), BlobState::Sound);
        // The same bytes again: one copy.
        assert_eq!(blobs.put(&mut &b"hello"[..], None).unwrap(), stored);

        // A wrong capture hash: refused, nothing kept.
        let wrong = Digest256([7; 32]);
        let err = blobs.put(&mut &b"other"[..], Some(&wrong)).unwrap_err();
        assert!(matches!(err, Error::CaptureHashMismatch { .. }), "{err}");
        assert_eq!(fs::read_dir(blobs.tmp_dir()).unwrap().count(), 0);

        // Substitute the stored bytes: reported, and never copied out as genuine.
        let path = blobs.path(&stored.digest);
        let mut perms = fs::metadata(&path).unwrap().permissions();
        #[allow(clippy::permissions_set_readonly_false)]
        perms.set_readonly(false);
        fs::set_permissions(&path, perms).unwrap();
        fs::write(&path, b"jello").unwrap();
        assert!(matches!(
            blobs.check(&stored.digest).unwrap(),
            BlobState::Corrupted { .. }
        ));
        let out = dir.path().join("out.txt");
        let err = blobs.copy_verified(&stored.digest, &out).unwrap_err();
        assert!(matches!(err, Error::BlobCorrupted { .. }), "{err}");
        assert!(!out.exists());
        assert_eq!(
            fs::read_dir(dir.path())
                .unwrap()
                .filter(|e| e
                    .as_ref()
                    .unwrap()
                    .file_name()
                    .to_string_lossy()
                    .contains("partial"))
                .count(),
            0
        );
        // Receiving the genuine bytes again repairs the copy.
        blobs.put(&mut &b"hello"[..], None).unwrap();
        assert_eq!(blobs.copy_verified(&stored.digest, &out).unwrap(), 5);
        assert_eq!(fs::read(&out).unwrap(), b"hello");
        assert_eq!(
            blobs.check(&Digest256([1; 32])).unwrap(),
            BlobState::Missing
        );
    }

    #[test]
    fn digests_carry_their_algorithm() {
        let d = Digest256::parse(
            "SHA256:2CF24DBA5FB0A30E26E83B2AC5B9E29E1B161E5C1FA7425E73043362938B9824",
        )
        .unwrap();
        assert_eq!(
            d.to_string(),
            "sha256:2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824"
        );
        assert!(Digest256::parse("md5:abcd").is_err());
        assert!(Digest256::parse("sha256:abcd").is_err());
        assert!(Digest256::parse("").is_err());
    }
}
