//! `fleetcore serve | migrate | seed | tenant create | user reset-password | healthcheck`.

use clap::Parser;

fn main() -> anyhow::Result<()> {
    let cli = server::config::Cli::parse();
    server::init_tracing(cli.log_format);
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?
        .block_on(server::run(cli))
}
