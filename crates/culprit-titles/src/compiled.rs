//! The compiled coder: what [`Coder::new`] derives from the catalog (the title index, its
//! normaliser's learned words, the per-title facts), saved beside the catalog so that a command
//! loads it instead of building it again.
//!
//! Building takes about 0.17 CPU-seconds over O*NET 29.2 (normalising 47,000 titles and the task
//! statements); a job that codes a few hundred distinct titles (a postings scan) spent more time
//! there than coding. Loading the saved file takes a small fraction of that.
//!
//! A saved coder is used only when its key matches: the fingerprint of this crate's source
//! (`build.rs`) and the catalog file's size and modification time. Anything else (another
//! version of culprit, a rebuilt catalog, an unreadable or truncated file) rebuilds it and
//! saves it again. The file is written to a temporary name and renamed, so a reader never sees
//! half of one.

use crate::index::TitleIndex;
use crate::{score, Coder, CoderOptions, OccInfo, Overrides, TitlesError};
use culprit_data::Catalog;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use std::sync::Arc;

const MAGIC: &[u8; 8] = b"CULPTIDX";

/// The fingerprint of this crate's source (see `build.rs`).
pub const SOURCE_KEY: &str = env!("CULPRIT_TITLES_SOURCE_KEY");

/// The compiled coder's file for a catalog file: beside it, `catalog-v3.bin` ->
/// `catalog-v3.titles.bin`.
pub fn compiled_path(catalog: &Path) -> PathBuf {
    catalog.with_extension("titles.bin")
}

/// The key a saved coder must carry to be used with `catalog` (the catalog file).
pub fn key_for(catalog: &Path) -> std::io::Result<String> {
    let md = std::fs::metadata(catalog)?;
    let mtime = md.modified()?.duration_since(std::time::UNIX_EPOCH).map(|d| d.as_nanos()).unwrap_or(0);
    Ok(format!("source {SOURCE_KEY}; catalog {} bytes, modified {mtime} ns", md.len()))
}

/// How [`Coder::open_compiled`] got its coder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Compiled {
    /// Loaded from the saved file.
    Loaded,
    /// Built, because of `reason`; `saved` is false when the file could not be written (the next
    /// run builds it again), with why.
    Built { reason: String, saved: Result<(), String> },
}

#[derive(Serialize)]
struct CoreRef<'a> {
    index: &'a TitleIndex,
    occupations: &'a [OccInfo],
    evidence: &'a [Arc<str>],
    n_socs: usize,
    managerial: &'a [bool],
    general_manager: &'a Option<score::Ranked>,
}

#[derive(Deserialize)]
struct Core {
    index: TitleIndex,
    occupations: Vec<OccInfo>,
    evidence: Vec<Arc<str>>,
    n_socs: usize,
    managerial: Vec<bool>,
    general_manager: Option<score::Ranked>,
}

impl Coder {
    /// [`Coder::new`] for the catalog read from `catalog_file`, with its compiled coder kept
    /// beside it ([`compiled_path`]).
    pub fn open_beside(cat: &Catalog, options: CoderOptions, catalog_file: &Path) -> Result<(Coder, Compiled), TitlesError> {
        match key_for(catalog_file) {
            Ok(key) => Coder::open_compiled(cat, options, &compiled_path(catalog_file), &key),
            Err(e) => {
                let why = format!("{}: {e}", catalog_file.display());
                Ok((Coder::new(cat, options)?, Compiled::Built { reason: why.clone(), saved: Err(why) }))
            }
        }
    }

    /// [`Coder::new`], loading what it derives from the catalog from `file` when that was saved
    /// under `key` (see [`key_for`]), else building it and saving it there.
    pub fn open_compiled(cat: &Catalog, options: CoderOptions, file: &Path, key: &str) -> Result<(Coder, Compiled), TitlesError> {
        let overrides = Overrides::of_options(&options, cat)?;
        let (coder, how) = match load(file, key, cat) {
            Ok(core) => (from_core(core, options), Compiled::Loaded),
            Err(reason) => {
                let coder = Coder::build(cat, options, &|_| false);
                let saved = coder.save(file, key).map_err(|e| e.to_string());
                (coder, Compiled::Built { reason, saved })
            }
        };
        Ok((coder.with_overrides(overrides), how))
    }

    /// Save what this coder derived from the catalog to `file`, under `key`.
    pub fn save(&self, file: &Path, key: &str) -> std::io::Result<()> {
        let core = CoreRef {
            index: &self.index,
            occupations: &self.occupations,
            evidence: &self.evidence,
            n_socs: self.n_socs,
            managerial: &self.managerial,
            general_manager: &self.general_manager,
        };
        let mut bytes = Vec::with_capacity(16 << 20);
        bytes.extend_from_slice(MAGIC);
        bytes.extend_from_slice(&(key.len() as u32).to_le_bytes());
        bytes.extend_from_slice(key.as_bytes());
        bincode::serialize_into(&mut bytes, &core).map_err(std::io::Error::other)?;
        let dir = file.parent().unwrap_or(Path::new("."));
        std::fs::create_dir_all(dir)?;
        // Unique per process and call: two processes, or two threads, may save at once.
        static SAVES: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
        let n = SAVES.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let tmp = dir.join(format!(".{}.{}.{n}.tmp", file.file_name().and_then(|n| n.to_str()).unwrap_or("titles"), std::process::id()));
        std::fs::write(&tmp, &bytes)?;
        std::fs::rename(&tmp, file).inspect_err(|_| {
            let _ = std::fs::remove_file(&tmp);
        })
    }
}

/// The saved core, or why it cannot be used.
fn load(file: &Path, key: &str, cat: &Catalog) -> Result<Core, String> {
    let bytes = match std::fs::read(file) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Err("not compiled yet".into()),
        Err(e) => return Err(format!("unreadable ({e})")),
    };
    if bytes.len() < 12 || &bytes[..8] != MAGIC {
        return Err("not a compiled title index".into());
    }
    let n = u32::from_le_bytes(bytes[8..12].try_into().expect("4 bytes")) as usize;
    if bytes.get(12..12 + n) != Some(key.as_bytes()) {
        return Err("compiled by another version of culprit or for another catalog".into());
    }
    let core: Core = bincode::deserialize(&bytes[12 + n..]).map_err(|e| format!("corrupt ({e})"))?;
    // The key names the catalog file; these guard against a key that matched by accident.
    if core.occupations.len() != cat.occupations.len() || core.evidence.len() != cat.titles.len() || core.n_socs != cat.socs.len() {
        return Err("compiled for a catalog of another size".into());
    }
    Ok(core)
}

fn from_core(c: Core, options: CoderOptions) -> Coder {
    Coder {
        index: c.index,
        occupations: c.occupations,
        evidence: c.evidence,
        n_socs: c.n_socs,
        overrides: Overrides::default(),
        options,
        managerial: c.managerial,
        general_manager: c.general_manager,
        industry_priors: Default::default(),
    }
}
