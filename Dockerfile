# syntax=docker/dockerfile:1
#
# A Maillon node in a container: built in a Rust image, run from a distroless image (glibc and
# CA certificates, no shell) as the unprivileged user 65532, data in /var/lib/maillon.
#
#   docker build -t maillon .
#   docker run -d --name maillon -p 127.0.0.1:8080:8080 -v maillon-data:/var/lib/maillon \
#     -e MAILLON_DOMAIN=rennes.example.coop maillon
#   docker exec -i maillon maillon admin account create alice --admin --password-stdin
#
# deploy/compose.yaml runs it with PostgreSQL; docs/admin-guide.md explains both.

ARG RUST_VERSION=1.95

FROM rust:${RUST_VERSION}-bookworm AS build
WORKDIR /src
# Everything `cargo build` reads: the manifest and lock file, the build script, the sources, and
# what the binary embeds at compile time (migrations, templates, translations, the stylesheet).
# federation-tests/ is only there because Cargo.toml declares it as a test target.
COPY Cargo.toml Cargo.lock build.rs ./
COPY src ./src
COPY migrations ./migrations
COPY templates ./templates
COPY locales ./locales
COPY static ./static
COPY federation-tests ./federation-tests
RUN --mount=type=cache,target=/usr/local/cargo/registry \
    --mount=type=cache,target=/src/target \
    cargo build --release --locked --bin maillon \
    && install -D -m 0755 target/release/maillon /out/maillon \
    && mkdir -p /out/data

FROM gcr.io/distroless/cc-debian12:nonroot
COPY --from=build /out/maillon /usr/local/bin/maillon
# A named volume mounted here starts with this owner, so the node can write its SQLite database.
COPY --from=build --chown=65532:65532 /out/data /var/lib/maillon
WORKDIR /var/lib/maillon
# Listen on every interface of the container; SQLite in the volume unless MAILLON_DATABASE_URL
# says otherwise. MAILLON_DOMAIN (the public name) must be given when the container starts.
ENV MAILLON_BIND=0.0.0.0:8080 \
    MAILLON_DATABASE_URL=sqlite:///var/lib/maillon/maillon.db \
    MAILLON_LOG_JSON=1 \
    RUST_LOG=info
EXPOSE 8080
VOLUME ["/var/lib/maillon"]
USER 65532:65532
# `maillon healthcheck` asks /healthz on MAILLON_BIND (no curl in this image).
HEALTHCHECK --interval=30s --timeout=10s --start-period=30s --retries=3 \
    CMD ["/usr/local/bin/maillon", "healthcheck"]
# SIGTERM (docker stop) stops accepting requests and lets deliveries in flight finish.
STOPSIGNAL SIGTERM
ENTRYPOINT ["/usr/local/bin/maillon"]
CMD ["serve"]
