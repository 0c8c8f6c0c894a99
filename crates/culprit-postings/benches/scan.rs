//! Postings scanner throughput: GB/s of description text with one thread and with all threads,
//! beside ripgrep (`rg -c`) and a Python `re` baseline on the same corpus and the same forms.
//! `POSTINGS_BENCH_N` (default 200000) and `POSTINGS_BENCH_SEED` (default 42) set the corpus.
//! Run: cargo bench -p culprit-postings --bench scan

use culprit_postings::synth::{self, SynthConfig};
use culprit_postings::{Matcher, Taxonomy};
use rayon::prelude::*;
use std::io::Write;
use std::process::Command;
use std::time::Instant;

fn env(name: &str, default: u64) -> u64 {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

/// CPU seconds of this process (user + system), from /proc: on a shared machine the wall clock
/// also counts time spent waiting for a core.
fn cpu_seconds() -> f64 {
    let s = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let f: Vec<&str> = s.rsplit(')').next().unwrap_or("").split_whitespace().collect();
    let tick = |i: usize| f.get(i).and_then(|x| x.parse::<f64>().ok()).unwrap_or(0.0);
    (tick(11) + tick(12)) / 100.0
}

fn best<F: FnMut() -> u64>(runs: usize, mut f: F) -> (f64, u64) {
    let mut best = f64::INFINITY;
    let mut out = 0;
    for _ in 0..runs {
        let t = Instant::now();
        out = f();
        best = best.min(t.elapsed().as_secs_f64());
    }
    (best, out)
}

fn main() {
    let n = env("POSTINGS_BENCH_N", 200_000) as usize;
    let seed = env("POSTINGS_BENCH_SEED", 42);
    let tax = Taxonomy::builtin();
    let m = Matcher::new(&tax).expect("builtin taxonomy");
    let cfg = SynthConfig { n, seed, ..Default::default() };
    let t = Instant::now();
    let corpus: Vec<String> = synth::generate(&cfg).into_iter().map(|p| p.posting.description).collect();
    let bytes: u64 = corpus.iter().map(|d| d.len() as u64).sum();
    let gb = bytes as f64 / 1e9;
    println!("corpus: {n} postings, seed {seed}, {:.3} GB of description text (generated in {:.1} s)", gb, t.elapsed().as_secs_f64());
    let threads = rayon::current_num_threads();

    // Warm up, then the full per-posting scan (mentions, classes, contexts), as `postings scan` does.
    let _ = corpus.iter().take(1000).map(|d| m.scan(d).generic).sum::<u32>();
    let c0 = cpu_seconds();
    let (t1, hits1) = best(3, || corpus.iter().map(|d| m.scan(d).any() as u64).sum());
    let cpu1 = (cpu_seconds() - c0) / 3.0;
    let (tn, hitsn) = best(3, || corpus.par_iter().map(|d| m.scan(d).any() as u64).sum());
    assert_eq!(hits1, hitsn);
    println!("culprit scan, 1 thread:       {:7.3} s  {:6.2} GB/s  ({hits1} postings mention AI); per CPU second {:.2} GB/s", t1, gb / t1, gb / cpu1);
    if let Ok(l) = std::fs::read_to_string("/proc/loadavg") {
        println!("machine load average while measuring: {}", l.split_whitespace().take(3).collect::<Vec<_>>().join(" "));
    }
    println!("culprit scan, {threads} threads:      {:7.3} s  {:6.2} GB/s", tn, gb / tn);

    // The same text for the baselines: descriptions one per line (newlines folded to spaces).
    let dir = std::env::temp_dir().join(format!("culprit-postings-bench-{n}-{seed}"));
    std::fs::create_dir_all(&dir).unwrap();
    let txt = dir.join("descriptions.txt");
    {
        let mut w = std::io::BufWriter::new(std::fs::File::create(&txt).unwrap());
        for d in &corpus {
            w.write_all(d.replace(['\n', '\r'], " ").as_bytes()).unwrap();
            w.write_all(b"\n").unwrap();
        }
    }
    // Python's `re` with this alternation runs at a few MB/s: it gets the first postings only
    // (POSTINGS_BENCH_PY_N, default 10000), and its GB/s is computed on those.
    let py_n = (env("POSTINGS_BENCH_PY_N", 10_000) as usize).min(n);
    let py_gb = corpus[..py_n].iter().map(|d| d.len() as u64).sum::<u64>() as f64 / 1e9;
    let jsonl = dir.join("corpus.jsonl");
    synth::write_jsonl(&SynthConfig { n: py_n, ..cfg.clone() }, std::io::BufWriter::new(std::fs::File::create(&jsonl).unwrap())).unwrap();
    let re_file = dir.join("regex.txt");
    std::fs::write(&re_file, tax.baseline_regex()).unwrap();

    let rg = Command::new("rg").arg("--version").output().is_ok();
    let mut rg_s = None;
    if rg {
        let (s, lines) = best(2, || {
            let out = Command::new("rg").arg("-c").arg("-f").arg(&re_file).arg(&txt).output().expect("rg runs");
            String::from_utf8_lossy(&out.stdout).trim().parse().unwrap_or(0)
        });
        println!("ripgrep rg -c:                {:7.3} s  {:6.2} GB/s  ({lines} lines match)", s, gb / s);
        rg_s = Some(s);
    } else {
        println!("ripgrep: not installed (apt-get install -y ripgrep)");
    }
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/../../scripts/bench_postings_baseline.py");
    let mut py_s = None;
    match Command::new("python3").arg(script).arg(&jsonl).arg(&re_file).output() {
        Ok(out) if out.status.success() => {
            let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("baseline prints JSON");
            let s = v["regex_seconds"].as_f64().unwrap();
            println!(
                "python re.findall ({py_n} postings): {:7.3} s  {:6.4} GB/s  ({} postings match; JSON parse {:.1} s apart)",
                s,
                py_gb / s,
                v["postings_with_match"],
                v["parse_seconds"].as_f64().unwrap()
            );
            py_s = Some(py_gb / s);
        }
        Ok(out) => println!("python baseline failed: {}", String::from_utf8_lossy(&out.stderr)),
        Err(e) => println!("python3 not available: {e}"),
    }
    println!();
    println!("| measure | seconds | GB/s | vs culprit 1 thread |");
    println!("|---|---:|---:|---:|");
    println!("| culprit scan, 1 thread | {t1:.3} | {:.2} ({:.2} per CPU second) | 1.0x |", gb / t1, gb / cpu1);
    println!("| culprit scan, {threads} threads | {tn:.3} | {:.2} | {:.2}x faster |", gb / tn, t1 / tn);
    if let Some(s) = rg_s {
        println!("| ripgrep `rg -c` (1 file) | {s:.3} | {:.2} | culprit {:.2}x faster |", gb / s, s / t1);
    }
    if let Some(rate) = py_s {
        println!("| Python `re.findall` (first {py_n} postings) | {:.3} | {rate:.4} | culprit {:.0}x faster |", py_gb / rate, (gb / t1) / rate);
    }
}
