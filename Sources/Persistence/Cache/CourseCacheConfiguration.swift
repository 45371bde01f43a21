/// TTLs and key namespace of the course cache-aside decorator.
public struct CourseCacheConfiguration: Sendable, Hashable {
    /// How long a course's details stay cached (default 5 min).
    public var detailTTL: Duration
    /// How long a listing page stays cached (default 1 min).
    public var listingTTL: Duration
    /// How long an updated or deleted course's key refuses refills (default 10 s): a read that fetched the old row
    /// before the write cannot put it back. A refill whose repository read took over half of this is skipped.
    public var invalidationGuard: Duration
    /// Prefix of every key (default `coursed:v3:`, v3 since entries hold rendered bodies: instances of an older
    /// release never read them), so several deployments can share one Redis.
    public var keyPrefix: String
    /// Listings whose text search is longer than this are not cached (default 200 characters).
    public var maxCachedSearchLength: Int

    /// A configuration with the defaults above.
    public init(
        detailTTL: Duration = .seconds(300),
        listingTTL: Duration = .seconds(60),
        invalidationGuard: Duration = .seconds(10),
        keyPrefix: String = "coursed:v3:",
        maxCachedSearchLength: Int = 200
    ) {
        self.detailTTL = detailTTL
        self.listingTTL = listingTTL
        self.invalidationGuard = invalidationGuard
        self.keyPrefix = keyPrefix
        self.maxCachedSearchLength = maxCachedSearchLength
    }
}
