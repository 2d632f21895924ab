# Production image: built by `docker compose build` (not runnable on our development machines).
FROM rust:1.95-bookworm AS build
RUN rustup target add wasm32-unknown-unknown \
 && cargo install cargo-leptos --version 0.3.10 --locked --features no_downloads \
 && cargo install wasm-bindgen-cli --version 0.2.130 \
 && apt-get update && apt-get install -y --no-install-recommends nodejs npm
WORKDIR /src
COPY . .
RUN cd end2end && npm ci --no-audit --no-fund \
 && cd .. && PATH="/src/end2end/node_modules/.bin:$PATH" SQLX_OFFLINE=true cargo leptos build --release

FROM debian:bookworm-slim
# FleetCore runs as a user of its own, never root.
RUN useradd --system --uid 10001 --home-dir /app --shell /usr/sbin/nologin fleetcore
COPY --from=build /src/target/release/fleetcore /usr/local/bin/fleetcore
# The names of the hashed js, wasm and css: the server reads them beside its binary.
COPY --from=build /src/target/release/hash.txt /usr/local/bin/hash.txt
COPY --from=build /src/target/site /app/site
WORKDIR /app
USER fleetcore
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=5s --retries=3 CMD ["fleetcore", "healthcheck", "--addr", "127.0.0.1:3000"]
CMD ["fleetcore", "serve"]
