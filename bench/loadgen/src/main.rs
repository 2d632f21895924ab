//! `loadgen`: hits each URL with N concurrent clients for a while and prints requests/s,
//! latency percentiles, bytes per response, the server's peak resident memory during the run
//! and, given a command that prints how many SQL statements the database has run so far, the
//! statements per request. Measures; asserts nothing.
//!
//! ```text
//! loadgen --base http://127.0.0.1:3950 --token JWT --pid 1234 --concurrency 16 --seconds 10 \
//!         "page 1=/vehicles" "search=/vehicles?q=abc"
//! ```

use anyhow::{Context, bail};
use clap::Parser;
use std::time::{Duration, Instant};

#[derive(Debug, Parser)]
struct Args {
    /// The server's address.
    #[arg(long)]
    base: String,
    /// A bearer token for every request.
    #[arg(long)]
    token: String,
    /// The server's process id, to sample its resident memory while each target runs.
    #[arg(long)]
    pid: Option<u32>,
    /// A shell command that prints the number of SQL statements the server has run so far
    /// (bench/all.sh sums `pg_stat_statements`); run before and after each target.
    #[arg(long)]
    statements_cmd: Option<String>,
    #[arg(long, default_value_t = 16)]
    concurrency: usize,
    #[arg(long, default_value_t = 10)]
    seconds: u64,
    /// `name=/path?query` pairs, measured one after the other.
    targets: Vec<String>,
}

/// What one target's run measured.
struct Run {
    requests: usize,
    failures: usize,
    elapsed: Duration,
    /// Sorted.
    latencies: Vec<Duration>,
    bytes: usize,
    /// The server's largest resident set seen while the target ran, in MiB.
    peak_rss_mib: Option<f64>,
}

impl Run {
    fn percentile(&self, p: f64) -> Duration {
        if self.latencies.is_empty() {
            return Duration::ZERO;
        }
        let rank = ((p / 100.0) * (self.latencies.len() - 1) as f64).round() as usize;
        self.latencies[rank.min(self.latencies.len() - 1)]
    }
}

async fn run(
    client: &reqwest::Client,
    url: &str,
    token: &str,
    concurrency: usize,
    for_how_long: Duration,
    pid: Option<u32>,
) -> Run {
    let started = Instant::now();
    let deadline = started + for_how_long;
    let sampler = tokio::spawn(async move {
        let mut peak: Option<f64> = None;
        while Instant::now() < deadline {
            if let Some(now) = pid.and_then(rss_mib) {
                peak = Some(peak.map_or(now, |p| p.max(now)));
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        peak
    });
    let workers: Vec<_> = (0..concurrency)
        .map(|_| {
            let (client, url, token) = (client.clone(), url.to_owned(), token.to_owned());
            tokio::spawn(async move {
                let (mut latencies, mut failures, mut bytes) = (Vec::new(), 0usize, 0usize);
                while Instant::now() < deadline {
                    let sent = Instant::now();
                    match client.get(&url).bearer_auth(&token).send().await {
                        Ok(res) if res.status().is_success() => match res.bytes().await {
                            Ok(body) => {
                                bytes += body.len();
                                latencies.push(sent.elapsed());
                            }
                            Err(_) => failures += 1,
                        },
                        _ => failures += 1,
                    }
                }
                (latencies, failures, bytes)
            })
        })
        .collect();
    let mut all = Run {
        requests: 0,
        failures: 0,
        elapsed: Duration::ZERO,
        latencies: Vec::new(),
        bytes: 0,
        peak_rss_mib: None,
    };
    for worker in workers {
        if let Ok((latencies, failures, bytes)) = worker.await {
            all.latencies.extend(latencies);
            all.failures += failures;
            all.bytes += bytes;
        }
    }
    all.elapsed = started.elapsed();
    all.requests = all.latencies.len();
    all.peak_rss_mib = sampler.await.ok().flatten();
    all.latencies.sort();
    all
}

fn rss_mib(pid: u32) -> Option<f64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let kb: f64 = status
        .lines()
        .find(|l| l.starts_with("VmRSS:"))?
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()?;
    Some(kb / 1024.0)
}

/// What `--statements-cmd` prints, as a number.
fn statements_so_far(cmd: &str) -> anyhow::Result<f64> {
    let out = std::process::Command::new("sh")
        .arg("-c")
        .arg(cmd)
        .output()?;
    let text = String::from_utf8_lossy(&out.stdout);
    text.trim()
        .parse()
        .with_context(|| format!("--statements-cmd printed {text:?}"))
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    if args.targets.is_empty() {
        bail!("name at least one target, as name=/path");
    }
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(args.concurrency)
        .build()?;
    println!(
        "{:<36} {:>7} {:>8} {:>8} {:>8} {:>9} {:>7} {:>6} {:>8}",
        "target",
        "req/s",
        "p50 ms",
        "p99 ms",
        "max ms",
        "bytes/req",
        "SQL/req",
        "errors",
        "peak RSS"
    );
    for target in &args.targets {
        let (name, path) = target.split_once('=').context("targets are name=/path")?;
        let url = format!("{}{path}", args.base.trim_end_matches('/'));
        let statements_before = match &args.statements_cmd {
            Some(cmd) => Some(statements_so_far(cmd)?),
            None => None,
        };
        // One request first: a broken target should fail loudly, not measure error pages.
        let probe = client.get(&url).bearer_auth(&args.token).send().await?;
        if !probe.status().is_success() {
            bail!("{name}: {url} answered {}", probe.status());
        }
        let r = run(
            &client,
            &url,
            &args.token,
            args.concurrency,
            Duration::from_secs(args.seconds),
            args.pid,
        )
        .await;
        // The probe and the failures ran their statements too.
        let sent = r.requests + r.failures + 1;
        let per_request_sql = match (&args.statements_cmd, statements_before) {
            (Some(cmd), Some(before)) => {
                format!("{:.1}", (statements_so_far(cmd)? - before) / sent as f64)
            }
            _ => "-".to_owned(),
        };
        let rate = r.requests as f64 / r.elapsed.as_secs_f64();
        let per_request = r.bytes.checked_div(r.requests).unwrap_or(0);
        let rss = r
            .peak_rss_mib
            .map_or_else(|| "-".to_owned(), |m| format!("{m:.0} MiB"));
        println!(
            "{name:<36} {rate:>7.0} {:>8.1} {:>8.1} {:>8.1} {per_request:>9} {per_request_sql:>7} {:>6} {rss:>8}",
            ms(r.percentile(50.0)),
            ms(r.percentile(99.0)),
            ms(r.latencies.last().copied().unwrap_or_default()),
            r.failures
        );
    }
    Ok(())
}
