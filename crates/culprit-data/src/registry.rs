//! The registry of upstream sources (`sources.toml`): where each file comes from, its hash and
//! licence, and where it is found on this machine (mirror, `../shared/data`, or download cache).

use crate::error::{DataError, Result};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::io::Read;
use std::path::{Path, PathBuf};

/// The registry shipped with culprit, compiled in so that an installed binary knows its sources.
pub const BUILTIN_REGISTRY: &str = include_str!("../../../sources.toml");

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Source {
    pub id: String,
    pub publisher: String,
    pub title: String,
    pub version: String,
    pub url: String,
    /// The file's place inside the mirror and inside the cache.
    pub path: String,
    pub sha256: String,
    pub licence: String,
    pub citation: String,
    /// False for files with no byte-identical public download.
    #[serde(default = "yes")]
    pub fetch: bool,
    #[serde(default)]
    pub note: Option<String>,
}

fn yes() -> bool {
    true
}

#[derive(Debug, Clone, Deserialize)]
struct RegistryFile {
    source: Vec<Source>,
}

#[derive(Debug, Clone)]
pub struct Registry {
    pub sources: Vec<Source>,
    /// Folders searched for mirror files, in order, before the cache.
    pub mirrors: Vec<PathBuf>,
    pub cache: PathBuf,
}

/// Where a source was found, and whether its bytes are the registered ones.
#[derive(Debug, Clone, Serialize)]
pub struct SourceStatus {
    pub id: String,
    pub path: String,
    pub found: Option<PathBuf>,
    pub location: &'static str,
    pub verified: Option<bool>,
    pub actual_sha256: Option<String>,
    pub licence: String,
}

impl Registry {
    /// The built-in registry with the default search path (see [`default_mirrors`]).
    pub fn builtin() -> Result<Self> {
        Self::from_toml(BUILTIN_REGISTRY, default_mirrors(), default_cache())
    }

    pub fn from_toml(text: &str, mirrors: Vec<PathBuf>, cache: PathBuf) -> Result<Self> {
        let file: RegistryFile = toml::from_str(text).map_err(|e| DataError::Registry(e.to_string()))?;
        let mut seen = std::collections::HashSet::new();
        for s in &file.source {
            if !seen.insert(s.id.clone()) {
                return Err(DataError::Registry(format!("duplicate source id `{}`", s.id)));
            }
            if s.sha256.len() != 64 || !s.sha256.bytes().all(|b| b.is_ascii_hexdigit()) {
                return Err(DataError::Registry(format!("source `{}`: sha256 must be 64 hex digits", s.id)));
            }
        }
        Ok(Registry { sources: file.source, mirrors, cache })
    }

    pub fn source(&self, id: &str) -> Result<&Source> {
        self.sources
            .iter()
            .find(|s| s.id == id)
            .ok_or_else(|| DataError::Registry(format!("no source with id `{id}` in the registry")))
    }

    /// Candidate places for a source, in search order, with a label for each.
    fn candidates(&self, s: &Source) -> Vec<(PathBuf, &'static str)> {
        let mut v: Vec<(PathBuf, &'static str)> = self.mirrors.iter().map(|m| (m.join(&s.path), "mirror")).collect();
        v.push((self.cache.join(&s.path), "cache"));
        v
    }

    /// The path of a source's file, or a `Missing` error listing every place looked at.
    pub fn locate(&self, id: &str) -> Result<PathBuf> {
        let s = self.source(id)?;
        let cands = self.candidates(s);
        for (p, _) in &cands {
            if p.is_file() {
                return Ok(p.clone());
            }
        }
        Err(DataError::Missing {
            id: s.id.clone(),
            path: s.path.clone(),
            looked: cands.iter().map(|(p, _)| format!("    {}", p.display())).collect::<Vec<_>>().join("\n"),
        })
    }

    /// Locate a source and check its sha256.
    pub fn locate_verified(&self, id: &str) -> Result<PathBuf> {
        let p = self.locate(id)?;
        let s = self.source(id)?;
        let actual = sha256_file(&p)?;
        if actual != s.sha256 {
            return Err(DataError::HashMismatch { id: id.into(), path: p, expected: s.sha256.clone(), actual });
        }
        Ok(p)
    }

    pub fn status(&self, verify: bool) -> Vec<SourceStatus> {
        self.sources
            .iter()
            .map(|s| {
                let found = self.candidates(s).into_iter().find(|(p, _)| p.is_file());
                let (verified, actual) = match (&found, verify) {
                    (Some((p, _)), true) => match sha256_file(p) {
                        Ok(h) => (Some(h == s.sha256), Some(h)),
                        Err(_) => (Some(false), None),
                    },
                    _ => (None, None),
                };
                SourceStatus {
                    id: s.id.clone(),
                    path: s.path.clone(),
                    location: found.as_ref().map(|(_, l)| *l).unwrap_or("missing"),
                    found: found.map(|(p, _)| p),
                    verified,
                    actual_sha256: actual,
                    licence: s.licence.clone(),
                }
            })
            .collect()
    }

    /// Download every missing source into the cache and verify it. Returns the ids fetched.
    /// Fails fast when offline: the first failed download stops the run with the URL and the fix.
    pub fn fetch_missing(&self, mut progress: impl FnMut(&Source)) -> Result<Vec<String>> {
        let mut fetched = Vec::new();
        for s in &self.sources {
            if self.locate(&s.id).is_ok() {
                continue;
            }
            if !s.fetch {
                return Err(DataError::NotFetchable {
                    id: s.id.clone(),
                    path: s.path.clone(),
                    note: s.note.clone().unwrap_or_else(|| "no public download".into()),
                });
            }
            progress(s);
            let dest = self.cache.join(&s.path);
            download(s, &dest, &self.cache)?;
            fetched.push(s.id.clone());
        }
        Ok(fetched)
    }
}

fn download(s: &Source, dest: &Path, cache: &Path) -> Result<()> {
    let fail = |reason: String| DataError::Fetch {
        id: s.id.clone(),
        url: s.url.clone(),
        path: s.path.clone(),
        cache: cache.display().to_string(),
        reason,
    };
    let agent = ureq::AgentBuilder::new()
        .timeout_connect(std::time::Duration::from_secs(10))
        .timeout_read(std::time::Duration::from_secs(120))
        .build();
    let resp = agent.get(&s.url).call().map_err(|e| fail(e.to_string()))?;
    let mut bytes = Vec::new();
    resp.into_reader().take(2 << 30).read_to_end(&mut bytes).map_err(|e| fail(e.to_string()))?;
    let actual = hex::encode(Sha256::digest(&bytes));
    if actual != s.sha256 {
        return Err(DataError::HashMismatch { id: s.id.clone(), path: dest.into(), expected: s.sha256.clone(), actual });
    }
    if let Some(parent) = dest.parent() {
        std::fs::create_dir_all(parent).map_err(|e| DataError::io(parent, e))?;
    }
    // Write then rename, so that an interrupted download never leaves a half file in the cache.
    let tmp = dest.with_extension("partial");
    std::fs::write(&tmp, &bytes).map_err(|e| DataError::io(&tmp, e))?;
    std::fs::rename(&tmp, dest).map_err(|e| DataError::io(dest, e))?;
    Ok(())
}

pub fn sha256_file(path: &Path) -> Result<String> {
    let mut f = std::fs::File::open(path).map_err(|e| DataError::io(path, e))?;
    let mut h = Sha256::new();
    let mut buf = vec![0u8; 1 << 16];
    loop {
        let n = f.read(&mut buf).map_err(|e| DataError::io(path, e))?;
        if n == 0 {
            break;
        }
        h.update(&buf[..n]);
    }
    Ok(hex::encode(h.finalize()))
}

/// For integration tests that need the real data: the built-in registry when the mirror is
/// found. When it is not, tests skip (saying so), except under `CI=true`, where a missing mirror
/// is a failure: CI always has it.
pub fn registry_for_tests() -> Option<Registry> {
    let reg = Registry::builtin().expect("the built-in registry parses");
    if reg.locate("gpts_labels").is_ok() {
        return Some(reg);
    }
    if std::env::var("CI").as_deref() == Ok("true") {
        panic!("the data mirror is missing (looked in {:?} and {:?}); CI must have it", reg.mirrors, reg.cache);
    }
    eprintln!("skipping: no data mirror (set CULPRIT_MIRROR)");
    None
}

impl Registry {
    /// The mirror folder the sources are read from, if they are read from one (not the cache).
    pub fn mirror_dir(&self) -> Option<PathBuf> {
        let s = self.source("gpts_labels").ok()?;
        self.mirrors.iter().find(|m| m.join(&s.path).is_file()).cloned()
    }
}

/// `$CULPRIT_MIRROR`, then `shared/data` beside the repository: looked for above the current
/// folder, above the executable, and above the source tree culprit was built from.
pub fn default_mirrors() -> Vec<PathBuf> {
    let mut v = Vec::new();
    if let Some(m) = std::env::var_os("CULPRIT_MIRROR") {
        v.push(PathBuf::from(m));
    }
    let mut starts: Vec<PathBuf> = Vec::new();
    if let Ok(cwd) = std::env::current_dir() {
        starts.push(cwd);
    }
    if let Ok(exe) = std::env::current_exe() {
        if let Some(d) = exe.parent() {
            starts.push(d.to_path_buf());
        }
    }
    starts.push(PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../..")));
    for start in starts {
        for dir in start.ancestors() {
            let cand = dir.join("..").join("shared").join("data");
            if cand.is_dir() {
                let cand = cand.canonicalize().unwrap_or(cand);
                if !v.contains(&cand) {
                    v.push(cand);
                }
                break;
            }
        }
    }
    v
}

/// `$CULPRIT_CACHE`, else `$XDG_CACHE_HOME/culprit`, else `~/.cache/culprit`.
pub fn default_cache() -> PathBuf {
    if let Some(c) = std::env::var_os("CULPRIT_CACHE") {
        return PathBuf::from(c);
    }
    if let Some(x) = std::env::var_os("XDG_CACHE_HOME") {
        return PathBuf::from(x).join("culprit");
    }
    if let Some(h) = std::env::var_os("HOME") {
        return PathBuf::from(h).join(".cache").join("culprit");
    }
    std::env::temp_dir().join("culprit-cache")
}

#[cfg(test)]
mod tests {
    use super::*;

    const ONE: &str = r#"
[[source]]
id = "x"
publisher = "p"
title = "t"
version = "1"
url = "http://127.0.0.1:9/x.txt"
path = "d/x.txt"
sha256 = "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824"
licence = "CC0"
citation = "c"
"#;

    #[test]
    fn builtin_registry_parses_and_has_unique_ids() {
        let r = Registry::from_toml(BUILTIN_REGISTRY, vec![], PathBuf::from("/nonexistent")).unwrap();
        assert!(r.sources.len() >= 10);
        assert!(r.source("gpts_labels").is_ok());
    }

    #[test]
    fn finds_in_mirror_then_verifies_hash() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("d")).unwrap();
        std::fs::write(dir.path().join("d/x.txt"), "hello").unwrap();
        let r = Registry::from_toml(ONE, vec![dir.path().into()], dir.path().join("cache")).unwrap();
        assert_eq!(r.locate_verified("x").unwrap(), dir.path().join("d/x.txt"));
        std::fs::write(dir.path().join("d/x.txt"), "hellO").unwrap();
        let e = r.locate_verified("x").unwrap_err().to_string();
        assert!(e.contains("expected 2cf24dba") && e.contains("found"), "{e}");
        let st = r.status(true);
        assert_eq!(st[0].verified, Some(false));
    }

    #[test]
    fn missing_source_lists_places_and_fix() {
        let r = Registry::from_toml(ONE, vec![PathBuf::from("/no/such")], PathBuf::from("/no/cache")).unwrap();
        let e = r.locate("x").unwrap_err().to_string();
        assert!(e.contains("/no/such/d/x.txt") && e.contains("/no/cache/d/x.txt") && e.contains("CULPRIT_MIRROR"), "{e}");
    }

    #[test]
    fn fetch_fails_fast_naming_the_url() {
        let dir = tempfile::tempdir().unwrap();
        let r = Registry::from_toml(ONE, vec![], dir.path().join("cache")).unwrap();
        let t = std::time::Instant::now();
        let e = r.fetch_missing(|_| {}).unwrap_err().to_string();
        assert!(e.contains("http://127.0.0.1:9/x.txt") && e.contains("CULPRIT_MIRROR"), "{e}");
        assert!(t.elapsed().as_secs() < 15);
        assert!(!dir.path().join("cache/d/x.txt").exists());
    }

    #[test]
    fn bad_registry_is_refused() {
        let bad = ONE.replace("2cf24dba", "zz");
        assert!(Registry::from_toml(&bad, vec![], PathBuf::new()).is_err());
        let dup = format!("{ONE}{ONE}");
        assert!(Registry::from_toml(&dup, vec![], PathBuf::new()).unwrap_err().to_string().contains("duplicate"));
    }
}
