extension ConfigurationValues {
    /// Reads `video.*` (SPEC §15).
    mutating func applyVideo(to config: inout AppConfiguration) throws {
        config.video.workers = try integer("video.workers", env: "VIDEO_WORKERS", default: 1, range: 0...64)
        config.video.leaseSeconds = try integer(
            "video.lease_seconds", env: "VIDEO_LEASE_SECONDS", default: 60, range: 3...3600)
        config.video.maxAttempts = try integer("video.max_attempts", default: 3, range: 1...20)
        config.video.maxRuntimeSeconds = try integer("video.max_runtime", default: 7200, range: 1...86_400)
        config.video.pollIntervalMilliseconds = try integer(
            "video.poll_interval_ms", env: "VIDEO_POLL_INTERVAL_MS", default: 1000, range: 10...60_000)
        let drainDefault = max(1, config.server.shutdownTimeoutSeconds - 5)
        config.video.drainTimeoutSeconds = try integer(
            "video.drain_timeout", env: "VIDEO_DRAIN_TIMEOUT_SECONDS", default: drainDefault, range: 0...3600)
        config.video.ffmpeg = try text("video.ffmpeg", env: "FFMPEG_PATH") ?? "ffmpeg"
        config.video.ffprobe = try text("video.ffprobe", env: "FFPROBE_PATH") ?? "ffprobe"
        config.video.scratchDirectory = try text("video.scratch_dir", env: "VIDEO_SCRATCH_DIR")
    }
}
