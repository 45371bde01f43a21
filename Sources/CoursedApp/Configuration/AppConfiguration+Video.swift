extension AppConfiguration {
    /// `video.*` (SPEC §15): the processing queue and its workers.
    public struct Video: Sendable {
        /// `video.workers` (`VIDEO_WORKERS`): workers inside `serve`; 0 where dedicated `coursed worker`s run.
        public var workers = 1
        /// `video.lease_seconds`: how long a claim holds a job without renewal.
        public var leaseSeconds = 60
        /// `video.max_attempts`: attempts of a job in all.
        public var maxAttempts = 3
        /// `video.max_runtime` (seconds): an attempt running longer is killed and failed.
        public var maxRuntimeSeconds = 7200
        /// `video.poll_interval_ms`: how long an idle worker waits before looking for work again.
        public var pollIntervalMilliseconds = 1000
        /// `video.drain_timeout` (`VIDEO_DRAIN_TIMEOUT_SECONDS`): after SIGTERM, how long a job in hand may run on
        /// before it is stopped and released (default: the shutdown timeout less 5 s).
        public var drainTimeoutSeconds = 25
        /// `video.ffmpeg`, `video.ffprobe` (`FFMPEG_PATH`, `FFPROBE_PATH`): the tools, by path or name on PATH.
        public var ffmpeg = "ffmpeg"
        public var ffprobe = "ffprobe"
        /// `video.scratch_dir` (`VIDEO_SCRATCH_DIR`): where attempts work; the system's temporary directory by default.
        public var scratchDirectory: String?
    }
}
