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

    /// The key of one listing page: `{<prefix>list}:page:<query>`. Its entry records the generation it was read
    /// under (one key per query, overwritten by each refill, instead of one per generation).
    func pageKey(_ query: CourseQuery) -> String {
        "\(listingTag):page:\(query.cacheKey)"
    }

    /// A stored generation: decimal digits.
    static func integer(_ bytes: [UInt8]) -> Int? {
        guard !bytes.isEmpty, bytes.count <= 18 else { return nil }
        var value = 0
        for byte in bytes {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            value = value * 10 + Int(byte - UInt8(ascii: "0"))
        }
        return value
    }

    /// The listing generation; a missing one (first use, or evicted) starts at a random value so that pages
    /// cached under an earlier run of the counter can never be read again.
    func currentGeneration() async throws -> Int {
        if let bytes = try await cache.get(generationKey), let value = Self.integer(bytes) { return value }
        let start = Int.random(in: 1_000_000...(1 << 40))
        if try await cache.add(generationKey, value: Array(String(start).utf8), ttl: .seconds(10 * 365 * 86_400)) {
            return start
        }
        guard let bytes = try await cache.get(generationKey), let value = Self.integer(bytes) else {
            throw CacheStoreError("listing generation is not an integer")
        }
        return value
    }

    /// Whether a repository read that started at `started` is recent enough to refill the cache: a slower read
    /// might have fetched a row older than a write whose tombstone has already expired.
    func refillAllowed(since started: Date) -> Bool {
        clock.now().timeIntervalSince(started) < configuration.invalidationGuard.seconds / 2
    }

    /// Stores an entry read from the repository; errors are counted, never thrown.
    ///
    /// Details use add-if-absent, so an invalidation tombstone wins over a refill; a page records the generation
    /// it was read under, which no write reuses, so it is simply stored.
    func fill(_ key: String, _ bytes: [UInt8], ttl: Duration, replace: Bool = false) async {
        do {
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
