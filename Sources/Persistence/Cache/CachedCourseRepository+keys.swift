import CoreSupport
import CourseDomain
import Foundation

extension CachedCourseRepository {
    // Key layout (SPEC §8, Redis Cluster): every key has its own slot, so keys spread over the cluster, except
    // the listing's generation and pages, which one read uses together: they share the hash tag
    // `{<prefix>list}` and so one slot. Details carry no tag. Change keys only here.

    /// The key of a course's details: `<prefix>course:<id>`, no hash tag (details spread over the cluster).
    func detailKey(_ id: UUID) -> String {
        "\(configuration.keyPrefix)course:\(id.uuidString.lowercased())"
    }

    /// The hash tag shared by the listing generation and every listing page.
    var listingTag: String { "{\(configuration.keyPrefix)list}" }

    /// The key of the listing generation, bumped by every write: `{<prefix>list}:gen`.
    var generationKey: String { "\(listingTag):gen" }

    /// The key of one listing page in one generation: `{<prefix>list}:page:<generation>:<query>`.
    func listingKey(generation: Int, query: CourseQuery) -> String {
        "\(listingTag):page:\(generation):\(query.cacheKey)"
    }

    /// The listing generation; a missing one (first use, or evicted) starts at a random value so that pages
    /// cached under an earlier run of the counter can never be read again.
    func currentGeneration() async throws -> Int {
        if let bytes = try await cache.get(generationKey), let value = Int(String(decoding: bytes, as: UTF8.self)) {
            return value
        }
        let start = Int.random(in: 1_000_000...(1 << 40))
        if try await cache.add(generationKey, value: Array(String(start).utf8), ttl: .seconds(10 * 365 * 86_400)) {
            return start
        }
        guard let bytes = try await cache.get(generationKey), let value = Int(String(decoding: bytes, as: UTF8.self))
        else { throw CacheStoreError("listing generation is not an integer") }
        return value
    }

    /// Whether a repository read that started at `started` is recent enough to refill the cache: a slower read
    /// might have fetched a row older than a write whose tombstone has already expired.
    func refillAllowed(since started: Date) -> Bool {
        clock.now().timeIntervalSince(started) < configuration.invalidationGuard.seconds / 2
    }

    /// Stores a value read from the repository; errors are counted, never thrown.
    ///
    /// Details use add-if-absent, so an invalidation tombstone wins over a refill; pages live under a generation
    /// key that no write reuses, so they are simply stored.
    func fill(_ key: String, _ value: some CacheRecord, ttl: Duration, replace: Bool = false) async {
        do {
            let bytes = try codec.encode(value)
            if replace {
                try await cache.set(key, value: bytes, ttl: ttl)
            } else {
                _ = try await cache.add(key, value: bytes, ttl: ttl)
            }
        } catch {
            counters.error()
        }
    }
}
