/// The knobs of video processing (`video.*` of the configuration).
public struct VideoProcessingSettings: Sendable, Equatable {
    /// How long a claim holds a job without renewal (`video.lease_seconds`, 60).
    public var leaseDuration: Duration
    /// How long one attempt may run before it is killed and failed (`video.max_runtime`, 2 h).
    public var maxRuntime: Duration
    /// The least time between two progress reports to the asset and its events (2 s).
    public var progressInterval: Duration
    /// Attempts and backoff.
    public var retry: VideoRetryPolicy

    public init(
        leaseDuration: Duration = .seconds(60), maxRuntime: Duration = .seconds(7200),
        progressInterval: Duration = .seconds(2), retry: VideoRetryPolicy = VideoRetryPolicy()
    ) {
        self.leaseDuration = leaseDuration
        self.maxRuntime = maxRuntime
        self.progressInterval = progressInterval
        self.retry = retry
    }

    /// How often the lease is renewed: a third of its length, so two renewals may fail before it runs out.
    public var renewInterval: Duration { leaseDuration / 3 }
}
