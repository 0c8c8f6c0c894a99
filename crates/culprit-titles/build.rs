//! A fingerprint of this crate's source, for the compiled title index (`src/compiled.rs`): a
//! saved index is used only by the code that built it, so a change to normalisation or to the
//! index cannot meet an index built by the code before it.

use std::path::Path;

fn main() {
    let mut files = Vec::new();
    collect(Path::new("src"), &mut files);
    files.sort();
    // FNV-1a over each file's path and bytes.
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut eat = |b: &[u8]| {
        for &x in b {
            h ^= x as u64;
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    };
    for f in &files {
        eat(f.to_string_lossy().as_bytes());
        eat(&std::fs::read(f).expect("read a source file"));
    }
    eat(env!("CARGO_PKG_VERSION").as_bytes());
    println!("cargo:rustc-env=CULPRIT_TITLES_SOURCE_KEY={h:016x}");
    println!("cargo:rerun-if-changed=src");
}

fn collect(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for e in std::fs::read_dir(dir).expect("read src").flatten() {
        let p = e.path();
        if p.is_dir() {
            collect(&p, out);
        } else {
            out.push(p);
        }
    }
}
