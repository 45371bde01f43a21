import Foundation

/// Fixed logarithmic latency buckets: bucket 0 holds `[0, 100 µs)`, each next bucket is 20 % wider than the
/// last, and the final bucket holds everything from about 2 minutes up. A quantile read from them is within
/// one bucket (<= 20 %) of the truth, and interpolated inside it as Prometheus' `histogram_quantile` does.
enum LatencyBuckets {
    static let minimumSeconds = 0.000_1
    static let growth = 1.2
    static let logGrowth = Foundation.log(growth)
    /// Number of finite-width buckets after bucket 0; the bucket after them is the overflow.
    static let finiteCount = Int((Foundation.log(120.0 / minimumSeconds) / logGrowth).rounded(.up))
    static let count = finiteCount + 2

    /// The bucket index of a latency in seconds.
    static func index(seconds: Double) -> Int {
        guard seconds >= minimumSeconds else { return 0 }
        let raw = Int(Foundation.log(seconds / minimumSeconds) / logGrowth) + 1
        return min(raw, count - 1)
    }

    /// Lower bound of bucket `index`, in seconds.
    static func lowerBound(_ index: Int) -> Double {
        index == 0 ? 0 : minimumSeconds * Foundation.pow(growth, Double(index - 1))
    }

    /// Upper bound of bucket `index`, in seconds (the overflow bucket reports its lower bound).
    static func upperBound(_ index: Int) -> Double {
        index >= count - 1 ? lowerBound(index) : minimumSeconds * Foundation.pow(growth, Double(index))
    }

    /// The `q` quantile (0...1) of bucketed counts, interpolated linearly inside the bucket, in seconds.
    static func quantile(_ q: Double, counts: [Int]) -> Double? {
        let total = counts.reduce(0, +)
        guard total > 0, q.isFinite else { return nil }
        let rank = Swift.max(0, Swift.min(1, q)) * Double(total)
        var cumulative = 0
        for (index, bucketCount) in counts.enumerated() where bucketCount > 0 {
            let before = cumulative
            cumulative += bucketCount
            guard Double(cumulative) >= rank else { continue }
            let lower = lowerBound(index)
            let upper = upperBound(index)
            if index == count - 1 { return lower }
            let fraction = (rank - Double(before)) / Double(bucketCount)
            return lower + (upper - lower) * fraction
        }
        return upperBound(count - 1)
    }
}
