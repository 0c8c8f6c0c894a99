//! A scan-only driver for profiling the matcher (perf stat / perf record) and for comparing its
//! per-posting output before and after a change. The synthetic corpus is generated once and
//! cached in the temp directory, so that a run is the scan and little else.
//!
//!     cargo run --release -p culprit-postings --example scan_profile -- scan 5     # 5 passes, 1 thread
//!     cargo run --release -p culprit-postings --example scan_profile -- scan-synth 5  # the corpus as the bench holds it
//!     cargo run --release -p culprit-postings --example scan_profile -- dump out.txt
//!
//! Env: POSTINGS_BENCH_N (default 200000), POSTINGS_BENCH_SEED (default 42). Cycles per byte:
//! (cycles of `scan K` - cycles of `scan 0`) / (K x the corpus bytes printed).

use culprit_postings::synth::{self, SynthConfig};
use culprit_postings::{Matcher, Taxonomy};
use std::io::{Read, Write};

fn env(name: &str, default: u64) -> u64 {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

fn corpus(n: usize, seed: u64) -> Vec<String> {
    let path = std::env::temp_dir().join(format!("culprit-scan-profile-{n}-{seed}.bin"));
    if let Ok(mut f) = std::fs::File::open(&path) {
        let mut buf = Vec::new();
        f.read_to_end(&mut buf).unwrap();
        let mut out = Vec::with_capacity(n);
        let mut i = 0;
        while i < buf.len() {
            let len = u64::from_le_bytes(buf[i..i + 8].try_into().unwrap()) as usize;
            out.push(String::from_utf8(buf[i + 8..i + 8 + len].to_vec()).unwrap());
            i += 8 + len;
        }
        return out;
    }
    let cfg = SynthConfig { n, seed, ..Default::default() };
    let c: Vec<String> = synth::generate(&cfg).into_iter().map(|p| p.posting.description).collect();
    let mut w = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
    for d in &c {
        w.write_all(&(d.len() as u64).to_le_bytes()).unwrap();
        w.write_all(d.as_bytes()).unwrap();
    }
    c
}

/// Nanoseconds this thread has run on a CPU (/proc/thread-self/schedstat), 0 if unreadable.
fn cpu_ns() -> u64 {
    std::fs::read_to_string("/proc/thread-self/schedstat").ok().and_then(|s| s.split_whitespace().next()?.parse().ok()).unwrap_or(0)
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let n = env("POSTINGS_BENCH_N", 200_000) as usize;
    let seed = env("POSTINGS_BENCH_SEED", 42);
    let m = Matcher::new(&Taxonomy::builtin()).expect("builtin taxonomy");
    // `scan-synth`: the corpus as the benchmark holds it (strings allocated by the generator, so
    // spread over the heap), not read back from the cache file into consecutive allocations.
    let c = if args.get(1).map(String::as_str) == Some("scan-synth") {
        synth::generate(&SynthConfig { n, seed, ..Default::default() }).into_iter().map(|p| p.posting.description).collect()
    } else {
        corpus(n, seed)
    };
    let bytes: usize = c.iter().map(|d| d.len()).sum();
    match args.get(1).map(String::as_str) {
        Some("dump") => {
            let mut w = std::io::BufWriter::new(std::fs::File::create(&args[2]).unwrap());
            for (i, d) in c.iter().enumerate() {
                let s = m.scan(d);
                write!(w, "{i} {} {} {} {:?}", s.generic, s.specific, s.tool, s.context).unwrap();
                for x in &s.mentions {
                    write!(w, " {}:{}-{}:{:?}", x.term, x.start, x.end, x.context).unwrap();
                }
                writeln!(w).unwrap();
            }
        }
        _ => {
            let k: usize = args.get(2).and_then(|v| v.parse().ok()).unwrap_or(5);
            let t = std::time::Instant::now();
            let c0 = cpu_ns();
            let mut hits = 0u64;
            for _ in 0..k {
                hits += c.iter().map(|d| m.scan(d).any() as u64).sum::<u64>();
            }
            let s = t.elapsed().as_secs_f64();
            let cpu = (cpu_ns() - c0) as f64 / 1e9;
            let gb = (bytes * k) as f64 / 1e9;
            let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
            eprintln!(
                "{n} postings, {bytes} bytes, {k} passes, {hits} hits: {s:.3} s wall ({:.3} GB/s), {cpu:.3} CPU s ({:.3} GB per CPU second); load {}",
                gb / s,
                gb / cpu,
                load.split_whitespace().take(3).collect::<Vec<_>>().join(" ")
            );
        }
    }
}
