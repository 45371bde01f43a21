# coursed container image: build with the Swift toolchain, run on slim Debian.
# No Docker engine runs on the project's build machines, so CI cannot build this image; it is kept minimal.
FROM swift:6.2-bookworm AS build
RUN apt-get update && apt-get install -y --no-install-recommends libpq-dev libhiredis-dev libcurl4-openssl-dev \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY Package.swift ./
RUN swift package resolve
COPY Sources ./Sources
COPY Tests ./Tests
RUN swift build -c release --product coursed --static-swift-stdlib \
    && mkdir /out && cp .build/release/coursed /out/ \
    && cp -r .build/release/*.resources /out/ 2>/dev/null || true

FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends \
      libpq5 libhiredis0.14 libcurl4 ca-certificates postgresql-client curl tzdata ffmpeg \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 1001 --home /app coursed
WORKDIR /app
COPY --from=build /out/ /app/
COPY environments ./environments
COPY migrations ./migrations
USER coursed
ENV APP_ENV=production HOST=0.0.0.0 PORT=8080
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=3s --retries=3 CMD curl -fsS http://127.0.0.1:8080/api/health/live || exit 1
ENTRYPOINT ["/app/coursed"]
CMD ["serve"]
