//! `loadgen`: hits each URL with N concurrent clients for a while and prints requests/s,
//! latency percentiles and the server's resident memory. Measures; asserts nothing.
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
    /// The server's process id, to read its resident memory after each target.
    #[arg(long)]
    pid: Option<u32>,
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
) -> Run {
    let started = Instant::now();
    let deadline = started + for_how_long;
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
        "{:<28} {:>9} {:>9} {:>9} {:>9} {:>10} {:>8} {:>9}",
        "target", "req/s", "p50 ms", "p99 ms", "max ms", "bytes/req", "errors", "RSS MiB"
    );
    for target in &args.targets {
        let (name, path) = target.split_once('=').context("targets are name=/path")?;
        let url = format!("{}{path}", args.base.trim_end_matches('/'));
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
        )
        .await;
        let rate = r.requests as f64 / r.elapsed.as_secs_f64();
        let per_request = r.bytes.checked_div(r.requests).unwrap_or(0);
        let rss = args
            .pid
            .and_then(rss_mib)
            .map_or_else(|| "-".to_owned(), |m| format!("{m:.0}"));
        println!(
            "{name:<28} {rate:>9.0} {:>9.1} {:>9.1} {:>9.1} {per_request:>10} {:>8} {rss:>9}",
            ms(r.percentile(50.0)),
            ms(r.percentile(99.0)),
            ms(r.latencies.last().copied().unwrap_or_default()),
            r.failures
        );
    }
    Ok(())
}
