import Foundation

/// A merging t-digest (Dunning & Ertl, "Computing extremely accurate quantiles using t-digests", 2019): a
/// mergeable sketch of a distribution in at most about `compression` weighted centroids, with the k₁ (arcsine)
/// scale function, so centroids are small in the tails and quantiles there are most accurate. Used by
/// `SeriesAccumulator` above its cap of distinct values; its measured error is in docs/REPORTS.md.
public struct TDigest: Sendable {
    /// δ: the bound on the number of centroids after compression (about δ/2 in practice).
    public let compression: Double
    private var means: [Double] = []
    private var weights: [Double] = []
    private var bufferMeans: [Double] = []
    private var bufferWeights: [Double] = []
    /// The total weight added (the number of values, for unit weights).
    public private(set) var totalWeight: Double = 0
    /// The smallest and largest value added (exact); +inf/−inf while empty.
    public private(set) var min: Double = .infinity
    public private(set) var max: Double = -.infinity

    /// An empty digest with compression δ (at least 20).
    public init(compression: Double = 500) {
        self.compression = Swift.max(20, compression)
    }

    /// Adds `value` with `weight` (> 0); non-finite values and weights are ignored.
    public mutating func add(_ value: Double, weight: Double = 1) {
        guard value.isFinite, weight.isFinite, weight > 0 else { return }
        bufferMeans.append(value)
        bufferWeights.append(weight)
        totalWeight += weight
        if value < min { min = value }
        if value > max { max = value }
        if bufferMeans.count >= Int(compression) * 5 { compress() }
    }

    /// Adds every centroid of `other` (digests merge without going back to the values).
    public mutating func merge(_ other: TDigest) {
        var other = other
        other.compress()
        for index in other.means.indices { add(other.means[index], weight: other.weights[index]) }
        compress()
    }

    /// The centroids (mean, weight) in increasing order of mean.
    public var centroids: [(mean: Double, weight: Double)] {
        var copy = self
        copy.compress()
        return copy.means.indices.map { (copy.means[$0], copy.weights[$0]) }
    }

    /// Merges the buffer into the centroids, keeping each centroid within one unit of the scale function.
    public mutating func compress() {
        guard !bufferMeans.isEmpty else { return }
        var pairs: [(Double, Double)] = []
        pairs.reserveCapacity(means.count + bufferMeans.count)
        for index in means.indices { pairs.append((means[index], weights[index])) }
        for index in bufferMeans.indices { pairs.append((bufferMeans[index], bufferWeights[index])) }
        bufferMeans.removeAll(keepingCapacity: true)
        bufferWeights.removeAll(keepingCapacity: true)
        pairs.sort { $0.0 < $1.0 }
        var newMeans: [Double] = []
        var newWeights: [Double] = []
        let total = totalWeight
        var soFar = 0.0
        var currentMean = pairs[0].0
        var currentWeight = pairs[0].1
        var limit = total * inverseScale(scale(0) + 1)
        for pair in pairs.dropFirst() {
            if soFar + currentWeight + pair.1 <= limit {
                currentWeight += pair.1
                currentMean += (pair.0 - currentMean) * pair.1 / currentWeight
            } else {
                newMeans.append(currentMean)
                newWeights.append(currentWeight)
                soFar += currentWeight
                limit = total * inverseScale(scale(soFar / total) + 1)
                currentMean = pair.0
                currentWeight = pair.1
            }
        }
        newMeans.append(currentMean)
        newWeights.append(currentWeight)
        means = newMeans
        weights = newWeights
    }

    /// k₁(q) = δ/(2π) · asin(2q − 1).
    private func scale(_ q: Double) -> Double {
        compression / (2 * Double.pi) * asin(Swift.min(1, Swift.max(-1, 2 * q - 1)))
    }

    /// The inverse of k₁, clamped to [0, 1].
    private func inverseScale(_ k: Double) -> Double {
        let angle = Swift.min(Double.pi / 2, Swift.max(-Double.pi / 2, k * 2 * Double.pi / compression))
        return (sin(angle) + 1) / 2
    }

    /// The knots (rank, value) the quantile and CDF interpolate between: (0, min), each centroid at the middle of
    /// its weight, (total, max).
    private func knots() -> (ranks: [Double], values: [Double]) {
        var copy = self
        copy.compress()
        var ranks: [Double] = [0]
        var values: [Double] = [min]
        var soFar = 0.0
        for index in copy.means.indices {
            let rank = soFar + copy.weights[index] / 2
            if rank > ranks[ranks.count - 1] {
                ranks.append(rank)
                values.append(Swift.min(max, Swift.max(min, copy.means[index])))
            }
            soFar += copy.weights[index]
        }
        ranks.append(totalWeight)
        values.append(max)
        return (ranks, values)
    }

    /// The estimated quantile at `q` in [0, 1] (clamped); nil when empty.
    public func quantile(_ q: Double) -> Double? {
        guard totalWeight > 0 else { return nil }
        if min == max { return min }
        let target = Swift.min(1, Swift.max(0, q.isFinite ? q : 0.5)) * totalWeight
        let (ranks, values) = knots()
        var upper = 1
        while upper < ranks.count - 1, ranks[upper] < target { upper += 1 }
        let lower = upper - 1
        let span = ranks[upper] - ranks[lower]
        guard span > 0 else { return values[upper] }
        return values[lower] + (target - ranks[lower]) / span * (values[upper] - values[lower])
    }

    /// The estimated share of values ≤ `x` (0 below the minimum, 1 at and above the maximum); nil when empty.
    public func cdf(_ x: Double) -> Double? {
        guard totalWeight > 0 else { return nil }
        if x < min { return 0 }
        if x >= max { return 1 }
        let (ranks, values) = knots()
        var upper = 1
        while upper < values.count - 1, values[upper] <= x { upper += 1 }
        let lower = upper - 1
        let span = values[upper] - values[lower]
        let rank = span > 0 ? ranks[lower] + (x - values[lower]) / span * (ranks[upper] - ranks[lower]) : ranks[upper]
        return Swift.min(1, Swift.max(0, rank / totalWeight))
    }
}
