//! The DataFusion engine (embedded) and a local Ballista cluster (a scheduler and two executors
//! on 127.0.0.1) give the same results as the Rust scanner on the same synthetic corpus.

use culprit_postings::synth::{self, SynthConfig};
use culprit_postings::{scan_files, Matcher, PostingRow, ScanOptions, Taxonomy, TitleTable};
use culprit_postings_engine::{run_scan, EngineError, Target};
use std::path::PathBuf;
use std::time::{Duration, Instant};

fn corpus(dir: &std::path::Path, n: usize) -> PathBuf {
    let p = dir.join("corpus.jsonl");
    synth::write_jsonl(&SynthConfig { n, seed: 21, ..Default::default() }, std::fs::File::create(&p).unwrap()).unwrap();
    p
}

fn rust_scan(paths: &[PathBuf], coder: &TitleTable) -> (Vec<PostingRow>, culprit_postings::Aggregates) {
    let m = Matcher::new(&Taxonomy::builtin()).unwrap();
    let mut rows = Vec::new();
    let out = scan_files(paths, &m, coder, &ScanOptions::default(), |r| {
        rows.extend_from_slice(r);
        Ok(())
    })
    .unwrap();
    (rows, out.aggregates)
}

fn engine_scan(target: &Target, paths: &[PathBuf], coder: &TitleTable) -> Result<(Vec<PostingRow>, culprit_postings_engine::EngineOutcome), EngineError> {
    let mut rows = Vec::new();
    let out = run_scan(target, &Taxonomy::builtin(), paths, coder, &ScanOptions::default(), |r| {
        rows.extend_from_slice(r);
        Ok(())
    })?;
    // Partitions may finish in any order: compare as sets.
    rows.sort_by(|a, b| a.id.cmp(&b.id));
    Ok((rows, out))
}

#[test]
fn embedded_datafusion_equals_the_rust_scanner() {
    let dir = tempfile::tempdir().unwrap();
    let paths = vec![corpus(dir.path(), 20_000)];
    let coder = TitleTable::new(synth::title_rows());
    let (mut rows, agg) = rust_scan(&paths, &coder);
    rows.sort_by(|a, b| a.id.cmp(&b.id));
    let (erows, out) = engine_scan(&Target::Embedded, &paths, &coder).unwrap();
    assert_eq!(erows.len(), 20_000);
    assert_eq!(rows, erows);
    assert_eq!(agg, out.aggregates);
    assert_eq!(out.files[0].rows_scanned, 20_000);
}

#[test]
fn missing_columns_and_files_are_reported_by_the_engine() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("x.csv");
    std::fs::write(&csv, "id,title\n1,Cook\n").unwrap();
    let missing = dir.path().join("nope.parquet");
    let (_, out) = engine_scan(&Target::Embedded, &[csv, missing], &TitleTable::default()).unwrap();
    let a = out.files[0].aborted.as_deref().unwrap();
    assert!(a.contains("--map description="), "{a}");
    assert!(out.files[1].aborted.as_deref().unwrap().contains("no such file"));
}

#[cfg(feature = "cluster")]
mod cluster {
    use super::*;
    use culprit_postings_engine::cluster;

    fn free_port() -> u16 {
        std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
    }

    #[test]
    fn a_cluster_that_is_down_fails_fast_naming_the_url() {
        let url = format!("df://127.0.0.1:{}", free_port());
        let t = Instant::now();
        let target = Target::Cluster { url: url.clone(), job_timeout: Duration::from_secs(60) };
        let err = engine_scan(&target, &[PathBuf::from("x.jsonl")], &TitleTable::default()).err().unwrap();
        assert!(t.elapsed() < Duration::from_secs(15));
        let msg = err.to_string();
        assert!(msg.contains(&url) && msg.contains("culprit cluster scheduler"), "{msg}");
    }

    /// A scheduler and `executors` executors on 127.0.0.1, in this process, on their own runtime
    /// (they stop with it). Returns the runtime and the scheduler's URL.
    fn local_cluster(executors: usize, dir: &std::path::Path) -> (tokio::runtime::Runtime, String) {
        let sched = free_port();
        let url = format!("df://127.0.0.1:{sched}");
        let tax = Taxonomy::builtin();
        let rt = tokio::runtime::Builder::new_multi_thread().enable_all().build().unwrap();
        let t2 = tax.clone();
        rt.spawn(async move { cluster::run_scheduler(format!("127.0.0.1:{sched}").parse().unwrap(), &t2).await });
        wait_for_port(sched);
        for i in 0..executors {
            let (t, u) = (tax.clone(), url.clone());
            let port = free_port();
            let wd = dir.join(format!("executor{i}"));
            std::fs::create_dir_all(&wd).unwrap();
            rt.spawn(async move { cluster::run_executor(&u, format!("127.0.0.1:{port}").parse().unwrap(), 1, &t, Some(wd.display().to_string())).await });
            wait_for_port(port);
        }
        (rt, url)
    }

    fn wait_for_port(port: u16) {
        let t = Instant::now();
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(t.elapsed() < Duration::from_secs(30), "port {port} never opened");
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    #[test]
    fn a_scheduler_without_executors_times_out_naming_the_fix() {
        let dir = tempfile::tempdir().unwrap();
        let (rt, url) = local_cluster(0, dir.path());
        let t = Instant::now();
        let target = Target::Cluster { url: url.clone(), job_timeout: Duration::from_secs(2) };
        let err = engine_scan(&target, &[corpus(dir.path(), 10)], &TitleTable::default()).err().expect("no executor: an error");
        assert!(t.elapsed() < Duration::from_secs(30));
        let msg = err.to_string();
        assert!(msg.contains("within 2 s") && msg.contains("culprit cluster executor"), "{msg}");
        rt.shutdown_timeout(Duration::from_secs(2));
    }

    /// The sockets this process listens on, from /proc/net/tcp and tcp6 (by the inodes of its
    /// open file descriptors).
    #[cfg(target_os = "linux")]
    fn listening_sockets() -> Vec<std::net::SocketAddr> {
        use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
        let ours: std::collections::HashSet<String> = std::fs::read_dir("/proc/self/fd")
            .unwrap()
            .filter_map(|e| std::fs::read_link(e.ok()?.path()).ok())
            .filter_map(|l| l.to_str()?.strip_prefix("socket:[")?.strip_suffix(']').map(str::to_string))
            .collect();
        let mut out = Vec::new();
        for table in ["/proc/net/tcp", "/proc/net/tcp6"] {
            let Ok(text) = std::fs::read_to_string(table) else { continue };
            for line in text.lines().skip(1) {
                let f: Vec<&str> = line.split_whitespace().collect();
                // local address, state (0A: listening), inode
                if f.len() < 10 || f[3] != "0A" || !ours.contains(f[9]) {
                    continue;
                }
                let (addr, port) = f[1].split_once(':').unwrap();
                // The kernel prints each 32-bit word of the address in host byte order.
                let bytes: Vec<u8> = (0..addr.len() / 8).flat_map(|i| u32::from_str_radix(&addr[i * 8..i * 8 + 8], 16).unwrap().to_ne_bytes()).collect();
                let ip = match bytes.len() {
                    4 => IpAddr::V4(Ipv4Addr::from(<[u8; 4]>::try_from(bytes).unwrap())),
                    _ => IpAddr::V6(Ipv6Addr::from(<[u8; 16]>::try_from(bytes).unwrap())),
                };
                out.push(SocketAddr::new(ip, u16::from_str_radix(port, 16).unwrap()));
            }
        }
        out
    }

    /// Ballista has no authentication: a scheduler and an executor bound to loopback open no
    /// listening socket anywhere else (flight, gRPC, or any port a Ballista release might add).
    #[cfg(target_os = "linux")]
    #[test]
    fn a_loopback_cluster_listens_on_loopback_only() {
        let dir = tempfile::tempdir().unwrap();
        let (rt, url) = local_cluster(1, dir.path());
        // Give every server a moment to open its sockets (the gRPC port comes after the flight one).
        std::thread::sleep(Duration::from_millis(500));
        let sockets = listening_sockets();
        let sched: u16 = url.rsplit(':').next().unwrap().parse().unwrap();
        assert!(sockets.iter().any(|s| s.port() == sched), "the scheduler's port {sched} is not among {sockets:?}");
        let beyond: Vec<_> = sockets.iter().filter(|s| !s.ip().is_loopback()).collect();
        assert!(beyond.is_empty(), "listening beyond loopback: {beyond:?}");
        rt.shutdown_timeout(Duration::from_secs(2));
    }

    /// The JSON Lines reader travels from the scheduler to the executors in DataFusion's own
    /// protobuf plan (since DataFusion 55; on 44 it needed a codec of culprit's, and this test
    /// hung without it). CULPRIT_CLUSTER_TEST_N sets the corpus size.
    #[test]
    fn a_local_cluster_of_two_executors_equals_embedded() {
        let dir = tempfile::tempdir().unwrap();
        let n: usize = std::env::var("CULPRIT_CLUSTER_TEST_N").ok().and_then(|v| v.parse().ok()).unwrap_or(20_000);
        let paths = vec![corpus(dir.path(), n)];
        let coder = TitleTable::new(synth::title_rows());
        let (rt, url) = local_cluster(2, dir.path());
        let t = Instant::now();
        let target = Target::Cluster { url, job_timeout: Duration::from_secs(600) };
        let (crows, cout) = engine_scan(&target, &paths, &coder).expect("cluster scan");
        let cluster_s = t.elapsed().as_secs_f64();
        let t = Instant::now();
        let (erows, eout) = engine_scan(&Target::Embedded, &paths, &coder).unwrap();
        let embedded_s = t.elapsed().as_secs_f64();
        eprintln!("{n} postings: cluster {cluster_s:.1} s, embedded {embedded_s:.1} s");
        assert_eq!(crows.len(), n);
        assert_eq!(crows, erows);
        assert_eq!(cout.aggregates, eout.aggregates);
        rt.shutdown_timeout(Duration::from_secs(2));
    }
}
