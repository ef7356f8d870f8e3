//! Reading list files from disk and handing them to the right reader.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use ce2_lists::ftm::{self, DeltaOutput};
use ce2_lists::ofac_csv::OfacCsvSet;
use ce2_lists::{
    detect, eu_fsf, eu_journal, ofac_advanced, ofac_part, text, uk, un, Format, InputFile,
    OfacPart, ReadError, ReadOutput,
};
use sha2::{Digest, Sha256};

use crate::commands::{exit, fail, Failure};

/// A file's bytes, or exit code 3 naming the file.
pub fn read_bytes(path: &Path) -> Result<Vec<u8>, Failure> {
    std::fs::read(path).map_err(|e| {
        fail(
            exit::INPUT,
            anyhow::anyhow!("cannot read {}: {e}", path.display()),
        )
    })
}

/// The largest list file ce2 reads (the OFAC advanced XML, the largest real list, is ~120 MB).
pub const MAX_FILE: u64 = 1 << 30;

/// One file read from disk.
pub struct LoadedFile {
    /// Where it was read from.
    pub path: PathBuf,
    /// Its bytes.
    pub data: Vec<u8>,
}

impl LoadedFile {
    fn name(&self) -> String {
        self.path.display().to_string()
    }
}

/// Files that together make one version of one list.
pub struct Input {
    /// Their format.
    pub format: Format,
    /// The files, the main one first.
    pub files: Vec<LoadedFile>,
}

/// What a reader made of the input.
pub enum Parsed {
    /// A whole list.
    Full(ReadOutput),
    /// Changes to a list.
    Delta(DeltaOutput),
}

/// Why input files could not be read.
#[derive(Debug)]
pub enum InputError {
    /// A file could not be opened or read.
    Io(String),
    /// A file is larger than [`MAX_FILE`].
    TooLarge(String),
    /// The format could not be told.
    Unknown(String),
    /// The files do not make one list.
    Mixed(String),
    /// A reader refused the file.
    Read(ReadError),
}

impl std::fmt::Display for InputError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            InputError::Io(m)
            | InputError::TooLarge(m)
            | InputError::Unknown(m)
            | InputError::Mixed(m) => f.write_str(m),
            InputError::Read(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for InputError {}

fn read_file(path: &Path) -> Result<LoadedFile, InputError> {
    let meta = std::fs::metadata(path)
        .map_err(|e| InputError::Io(format!("{}: cannot read: {e}", path.display())))?;
    if meta.len() > MAX_FILE {
        return Err(InputError::TooLarge(format!(
            "{}: {} bytes is more than the limit of {} bytes for one list file; nothing was read",
            path.display(),
            meta.len(),
            MAX_FILE
        )));
    }
    let data = std::fs::read(path)
        .map_err(|e| InputError::Io(format!("{}: cannot read: {e}", path.display())))?;
    Ok(LoadedFile {
        path: path.to_path_buf(),
        data,
    })
}

/// Read the files named on the command line (a folder stands for the files in it) and tell
/// their format, unless one is given.
pub fn load(paths: &[PathBuf], format: Option<Format>) -> Result<Input, InputError> {
    let mut files = Vec::new();
    for path in paths {
        if path.is_dir() {
            let mut entries: Vec<PathBuf> = std::fs::read_dir(path)
                .map_err(|e| {
                    InputError::Io(format!("{}: cannot read folder: {e}", path.display()))
                })?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.is_file())
                .collect();
            entries.sort();
            for p in entries {
                files.push(read_file(&p)?);
            }
        } else {
            files.push(read_file(path)?);
        }
    }
    if files.is_empty() {
        return Err(InputError::Io("no input files".to_string()));
    }
    let format = match format {
        Some(f) => f,
        None => {
            let mut found = None;
            for f in &files {
                let d = detect(&f.data).ok_or_else(|| {
                    if f.data.is_empty() {
                        InputError::Read(ReadError::Empty { file: f.name() })
                    } else {
                        InputError::Unknown(format!(
                            "{}: not a list format ce2 reads (it looks like {}); name one with --format",
                            f.name(),
                            text::sniff(&f.data)
                        ))
                    }
                })?;
                match found {
                    None => found = Some(d),
                    Some(prev) if prev == d => {}
                    Some(prev) => {
                        return Err(InputError::Mixed(format!(
                            "{} is {} but an earlier file is {}: ingest one list at a time",
                            f.name(),
                            d.description(),
                            prev.description()
                        )))
                    }
                }
            }
            found.ok_or_else(|| InputError::Io("no input files".to_string()))?
        }
    };
    if format != Format::OfacCsv && files.len() > 1 {
        return Err(InputError::Mixed(format!(
            "{} is one file; {} were given",
            format.description(),
            files.len()
        )));
    }
    Ok(Input { format, files })
}

/// The SHA-256 that names a version's source: of the file itself, or, for a set of files in
/// their fixed order (OFAC: sdn, add, alt, comments), of their hex digests one per line. The
/// same files give the same hash whether they were ingested by hand or downloaded.
fn set_sha256<'a>(files: impl IntoIterator<Item = &'a [u8]>) -> String {
    let files: Vec<&[u8]> = files.into_iter().collect();
    if let [one] = files.as_slice() {
        return hex::encode(Sha256::digest(one));
    }
    let mut joined = String::new();
    for f in files {
        let _ = writeln!(joined, "{}", hex::encode(Sha256::digest(f)));
    }
    hex::encode(Sha256::digest(joined.as_bytes()))
}

impl Input {
    /// The SHA-256 of the input: of the file, or of the set's files in their fixed order.
    pub fn sha256(&self) -> String {
        let mut parts: Vec<(u8, &[u8])> = self
            .files
            .iter()
            .map(|f| {
                let rank = match ofac_part(&f.data) {
                    Some(OfacPart::Sdn) => 0,
                    Some(OfacPart::Addresses) => 1,
                    Some(OfacPart::Aliases) => 2,
                    Some(OfacPart::Comments) => 3,
                    None => 4,
                };
                (rank, f.data.as_slice())
            })
            .collect();
        parts.sort_by_key(|(rank, _)| *rank);
        set_sha256(parts.into_iter().map(|(_, data)| data))
    }

    /// The total size in bytes.
    pub fn size(&self) -> u64 {
        self.files.iter().map(|f| f.data.len() as u64).sum()
    }

    /// Where the input came from, for the version record.
    pub fn source(&self) -> String {
        self.files
            .iter()
            .map(LoadedFile::name)
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// Run the reader. `dataset` names the dataset for FtM files (which do not name one).
    pub fn parse(&self, dataset: Option<&str>) -> Result<Parsed, InputError> {
        let name = self.files[0].name();
        let first = InputFile::new(&name, &self.files[0].data);
        let ftm_dataset = dataset.map(str::to_string).unwrap_or_else(|| {
            self.files[0]
                .path
                .file_stem()
                .map(|s| {
                    s.to_string_lossy()
                        .split('.')
                        .next()
                        .unwrap_or("ftm")
                        .to_string()
                })
                .unwrap_or_else(|| "ftm".to_string())
        });
        let out = match self.format {
            Format::UnXml => un::read(&first),
            Format::UkCsv => uk::read(&first),
            Format::OfacAdvancedXml => ofac_advanced::read(&first),
            Format::EuFsfXml => eu_fsf::read_xml(&first),
            Format::EuFsfCsv => eu_fsf::read_csv(&first),
            Format::EuJournalCsv => eu_journal::read(&first),
            Format::Ftm => ftm::read_entities(&first, &ftm_dataset),
            Format::FtmDelta => {
                return ftm::read_delta(&first, &ftm_dataset)
                    .map(Parsed::Delta)
                    .map_err(InputError::Read)
            }
            Format::OfacCsv => return self.parse_ofac().map(Parsed::Full),
        };
        let mut out = out.map_err(InputError::Read)?;
        if let Some(d) = dataset {
            out.meta.dataset = d.to_string();
        }
        Ok(Parsed::Full(out))
    }

    fn parse_ofac(&self) -> Result<ReadOutput, InputError> {
        let names: Vec<String> = self.files.iter().map(LoadedFile::name).collect();
        let mut sdn = None;
        let mut add = None;
        let mut alt = None;
        let mut comments = None;
        for (f, name) in self.files.iter().zip(&names) {
            let input = InputFile::new(name, &f.data);
            // The publisher's file names say which part a file is; failing those, its columns.
            let by_name = f
                .path
                .file_name()
                .map(|n| n.to_string_lossy().to_lowercase())
                .and_then(|n| match n.as_str() {
                    "sdn.csv" => Some(OfacPart::Sdn),
                    "add.csv" => Some(OfacPart::Addresses),
                    "alt.csv" => Some(OfacPart::Aliases),
                    "sdn_comments.csv" => Some(OfacPart::Comments),
                    _ => None,
                });
            let slot = match by_name.or_else(|| ofac_part(&f.data)) {
                Some(OfacPart::Addresses) => &mut add,
                Some(OfacPart::Aliases) => &mut alt,
                Some(OfacPart::Comments) => &mut comments,
                // sdn.csv, or a file that is recognisable as none of the parts: the reader
                // judges its content and says what is wrong with it.
                Some(OfacPart::Sdn) | None => &mut sdn,
            };
            if slot.is_some() {
                return Err(InputError::Mixed(format!(
                    "{name}: a second file of the same kind in one OFAC set"
                )));
            }
            *slot = Some(input);
        }
        let sdn = sdn.ok_or_else(|| {
            InputError::Read(ReadError::Missing {
                file: names.join(", "),
                message: "an OFAC CSV set needs sdn.csv".to_string(),
            })
        })?;
        ce2_lists::ofac_csv::read(&OfacCsvSet {
            sdn,
            add,
            alt,
            comments,
        })
        .map_err(InputError::Read)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(name: &str, data: &[u8]) -> LoadedFile {
        LoadedFile {
            path: PathBuf::from(name),
            data: data.to_vec(),
        }
    }

    #[test]
    fn a_set_has_one_hash_whatever_order_its_files_come_in() {
        let sdn: &[u8] = b"1,\"A\",-0- ,\"DPRK\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \n";
        let alt: &[u8] = b"1,2,\"aka\",\"B\",-0- \n";
        let given = |files: Vec<LoadedFile>| {
            Input {
                format: Format::OfacCsv,
                files,
            }
            .sha256()
        };
        let a = given(vec![file("sdn.csv", sdn), file("alt.csv", alt)]);
        let b = given(vec![file("alt.csv", alt), file("sdn.csv", sdn)]);
        assert_eq!(a, b);
        // The files in the set's fixed order, as a publisher serves them.
        assert_eq!(a, set_sha256([sdn, alt]));
        // One file is hashed as itself.
        assert_eq!(set_sha256([sdn]), hex::encode(Sha256::digest(sdn)));
    }
}
