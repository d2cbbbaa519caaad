import Foundation

/// The five numbers and outliers of a box plot: type 7 quartiles, whiskers at the most extreme values within
/// 1.5 IQR of the box (Tukey's rule, as R's `boxplot` with `range = 1.5`), and the values beyond them.
public struct BoxSummary: Sendable, Equatable, Codable {
    /// One distinct value beyond a whisker and how many records hold it.
    public struct Outlier: Sendable, Equatable, Codable {
        public var value: Double
        public var count: Int

        /// An outlier value held by `count` records.
        public init(value: Double, count: Int) {
            self.value = value
            self.count = count
        }
    }

    public var count: Int
    public var firstQuartile: Double
    public var median: Double
    public var thirdQuartile: Double
    /// The smallest value ≥ Q1 − 1.5 IQR and the largest ≤ Q3 + 1.5 IQR.
    public var lowerWhisker: Double
    public var upperWhisker: Double
    /// Distinct values outside the whiskers, in increasing order (centroid means when not exact).
    public var outliers: [Outlier]
    /// False when computed from the t-digest (see `SeriesStatistics.exact`).
    public var exact: Bool

    /// A box summary from its parts.
    public init(count: Int, firstQuartile: Double, median: Double, thirdQuartile: Double, lowerWhisker: Double,
                upperWhisker: Double, outliers: [Outlier], exact: Bool) {
        self.count = count; self.firstQuartile = firstQuartile; self.median = median; self.thirdQuartile = thirdQuartile
        self.lowerWhisker = lowerWhisker; self.upperWhisker = upperWhisker; self.outliers = outliers; self.exact = exact
    }
}

/// Accumulates one numeric measurement over a group's records (one `add` per record) and gives its descriptive
/// statistics, quantiles, histogram, box-plot summary and QQ points.
///
/// Exact while the series has at most `distinctCap` distinct values: it keeps a value → count map, so memory grows
/// with the distinct values, not the records (completeness fractions and counts have few). Above the cap it
/// switches to a `TDigest` (quantiles, histogram, box and QQ become estimates, `exact: false`; count, min, max,
/// their records, mean and sd stay exact up to rounding). Non-finite values are ignored (counted in `ignored`).
/// Accumulators of parts of a group `merge` into the accumulator of the whole.
public struct SeriesAccumulator: Sendable {
    /// The default cap of distinct values kept exactly.
    public static let defaultDistinctCap = 65_536

    /// Above this many distinct values the accumulator switches to the t-digest.
    public let distinctCap: Int
    /// Values added (finite ones).
    public private(set) var count = 0
    /// Non-finite values passed to `add`, left out of everything.
    public private(set) var ignored = 0
    private var distinct: [Double: Int] = [:]
    /// Counts of the whole numbers 0 ..< `smallLimit` by value, kept apart from `distinct` (most series are small
    /// counts: a field's cardinality, a problem's, a language count); empty until one is added.
    private var small: [Int] = []
    /// The values of `small` with a count above zero.
    private var smallDistinct = 0
    private static let smallLimit = 256
    private var digest: TDigest?
    // Welford's running mean and sum of squared deviations, kept only once in digest mode.
    private var runningMean = 0.0
    private var runningM2 = 0.0
    private var minimum = Double.infinity
    private var maximum = -Double.infinity
    private var minimumRecord = ""
    private var maximumRecord = ""

    /// An empty accumulator keeping up to `distinctCap` distinct values exactly (at least 1).
    public init(distinctCap: Int = SeriesAccumulator.defaultDistinctCap) {
        self.distinctCap = Swift.max(1, distinctCap)
    }

    /// True while every statistic is exact (the distinct values fit under the cap).
    public var isExact: Bool { digest == nil }

    /// The number of distinct values kept (0 once the accumulator uses the t-digest).
    public var distinctCount: Int { distinct.count + smallDistinct }

    /// Adds the value of one record.
    public mutating func add(_ value: Double, record: String) {
        add(value, recordOf: { record })
    }

    /// `add(_:record:)` asking for the record's id only when the value reaches the minimum or the maximum (a group's
    /// accumulator passes its records' ids this way: most values need none).
    @inline(__always)
    mutating func add(_ value: Double, recordOf record: () -> String) {
        guard value.isFinite else {
            ignored += 1
            return
        }
        // +0 and −0 are one value.
        let value = value == 0 ? 0 : value
        count += 1
        track(value, record: record)
        if digest != nil {
            addToDigest(value, weight: 1)
            let delta = value - runningMean
            runningMean += delta / Double(count)
            runningM2 += delta * (value - runningMean)
        } else {
            if value >= 0, value < Double(Self.smallLimit), Double(Int(value)) == value {
                let index = Int(value)
                if small.isEmpty { small = Array(repeating: 0, count: Self.smallLimit) }
                if small[index] == 0 { smallDistinct += 1 }
                small[index] += 1
            } else {
                distinct[value, default: 0] += 1
            }
            if distinct.count + smallDistinct > distinctCap { switchToDigest() }
        }
    }

    /// Adds everything `other` accumulated, as if its values had been added to this one.
    public mutating func merge(_ other: SeriesAccumulator) {
        ignored += other.ignored
        guard other.count > 0 else { return }
        if other.minimum < minimum || (other.minimum == minimum && precedes(other.minimumRecord, minimumRecord)) {
            minimum = other.minimum
            minimumRecord = other.minimumRecord
        }
        if other.maximum > maximum || (other.maximum == maximum && precedes(other.maximumRecord, maximumRecord)) {
            maximum = other.maximum
            maximumRecord = other.maximumRecord
        }
        if digest == nil, other.digest == nil {
            count += other.count
            for (value, times) in other.distinct { distinct[value, default: 0] += times }
            if !other.small.isEmpty {
                if small.isEmpty { small = Array(repeating: 0, count: Self.smallLimit) }
                for (index, times) in other.small.enumerated() where times > 0 {
                    if small[index] == 0 { smallDistinct += 1 }
                    small[index] += times
                }
            }
            if distinct.count + smallDistinct > distinctCap { switchToDigest() }
            return
        }
        if digest == nil { switchToDigest() }
        let (otherMean, otherM2) = other.moments()
        let total = count + other.count
        let delta = otherMean - runningMean
        runningM2 += otherM2 + delta * delta * Double(count) * Double(other.count) / Double(total)
        runningMean += delta * Double(other.count) / Double(total)
        count = total
        if let otherDigest = other.digest {
            digest?.merge(otherDigest)
        } else {
            // In increasing order: a dictionary's own order changes from run to run, and the digest depends on it.
            let exact = other.exactDistinct()
            for index in exact.values.indices { addToDigest(exact.values[index], weight: Double(exact.counts[index])) }
        }
    }

    /// The group's statistics with a histogram of `bins` equal bins over [min, max] (one bin when min == max);
    /// nil when no value was added.
    public func statistics(bins: Int = 20) -> SeriesStatistics? {
        statistics(bins: bins, sortedDistinct())
    }

    /// The statistics, the QQ points (at most `qqLimit`, none when nil) and the box summary (when `box`), from one
    /// sort of the distinct values: what `statistics(bins:)`, `qq(limit:)` and `boxSummary()` give one by one.
    public func summary(bins: Int = 20, qqLimit: Int?, box: Bool) -> (statistics: SeriesStatistics, qq: [QQPoint], box: BoxSummary?)? {
        let sorted = sortedDistinct()
        guard let statistics = statistics(bins: bins, sorted) else { return nil }
        return (statistics, qqLimit.map { qq(limit: $0, sorted) } ?? [], box ? boxSummary(sorted) : nil)
    }

    private func statistics(bins: Int, _ sorted: Sorted) -> SeriesStatistics? {
        guard count > 0 else { return nil }
        let (mean, m2) = moments(sorted)
        let sd: Double? = count >= 2 ? (Swift.max(0, m2) / Double(count - 1)).squareRoot() : nil
        let se = sd.map { $0 / Double(count).squareRoot() }
        let cv: Double? = sd.flatMap { mean == 0 ? nil : $0 / mean }
        return SeriesStatistics(
            count: count, min: minimum, max: maximum, range: maximum - minimum, mean: mean,
            median: quantile(0.5, sorted) ?? minimum, firstQuartile: quantile(0.25, sorted) ?? minimum,
            thirdQuartile: quantile(0.75, sorted) ?? maximum, standardDeviation: sd, standardError: se,
            coefficientOfVariation: cv.flatMap { $0.isFinite ? $0 : nil }, minRecord: minimumRecord,
            maxRecord: maximumRecord, histogram: histogram(bins: bins, sorted), exact: isExact)
    }

    /// The quantile at `p` in [0, 1] by R's type 7 (numpy's `linear`); nil when empty.
    public func quantile(_ p: Double) -> Double? {
        quantile(p, sortedDistinct())
    }

    /// Points of a normal QQ plot: R's `ppoints` plotting positions of the ranks against the order statistics,
    /// thinned to at most `limit` ranks spread evenly from the first to the last.
    public func qq(limit: Int = 500) -> [QQPoint] {
        qq(limit: limit, sortedDistinct())
    }

    private func qq(limit: Int, _ sorted: Sorted) -> [QQPoint] {
        guard count > 0, limit > 0 else { return [] }
        let ranks: [Int]
        if count <= limit {
            ranks = Array(1...count)
        } else if limit == 1 {
            ranks = [(count + 1) / 2]
        } else {
            ranks = (0..<limit).map { 1 + Int((Double($0) * Double(count - 1) / Double(limit - 1)).rounded()) }
        }
        return ranks.map { rank in
            let theoretical = NormalQuantile.of(NormalQuantile.plottingPosition(rank: rank, of: count))
            let sample = orderStatistic(rank - 1, sorted)
            return QQPoint(theoretical: theoretical.isFinite ? theoretical : 0, sample: sample)
        }
    }

    /// The box-plot summary (whiskers at 1.5 IQR, outliers as distinct values with their counts); nil when empty.
    public func boxSummary() -> BoxSummary? {
        boxSummary(sortedDistinct())
    }

    private func boxSummary(_ sorted: Sorted) -> BoxSummary? {
        guard count > 0 else { return nil }
        let q1 = quantile(0.25, sorted) ?? minimum
        let median = quantile(0.5, sorted) ?? minimum
        let q3 = quantile(0.75, sorted) ?? maximum
        let iqr = q3 - q1
        let lowFence = q1 - 1.5 * iqr
        let highFence = q3 + 1.5 * iqr
        var lowerWhisker = q1
        var upperWhisker = q3
        var outliers: [BoxSummary.Outlier] = []
        var foundLower = false
        for index in sorted.values.indices {
            let value = sorted.values[index]
            let times = sorted.weights[index]
            if value < lowFence || value > highFence {
                outliers.append(.init(value: value, count: Int(times.rounded())))
            } else {
                if !foundLower { lowerWhisker = Swift.min(value, q1); foundLower = true }
                upperWhisker = Swift.max(value, q3)
            }
        }
        // The exact extremes replace the t-digest's centroid means at the ends.
        if minimum >= lowFence { lowerWhisker = Swift.min(lowerWhisker, minimum) }
        if maximum <= highFence { upperWhisker = Swift.max(upperWhisker, maximum) }
        return BoxSummary(count: count, firstQuartile: q1, median: median, thirdQuartile: q3, lowerWhisker: lowerWhisker,
                          upperWhisker: upperWhisker, outliers: outliers, exact: isExact)
    }

    /// The distinct values in increasing order with their counts (exact mode), or the t-digest's centroids.
    public func distinctValues() -> [(value: Double, count: Double)] {
        let sorted = sortedDistinct()
        return sorted.values.indices.map { (sorted.values[$0], sorted.weights[$0]) }
    }

    // MARK: - Internals

    private struct Sorted {
        var values: [Double]
        var weights: [Double]
        /// cumulative[i]: the number of values before values[i] (exact mode only).
        var cumulative: [Int]
    }

    private func sortedDistinct() -> Sorted {
        if let digest {
            let centroids = digest.centroids
            return Sorted(values: centroids.map(\.mean), weights: centroids.map(\.weight), cumulative: [])
        }
        let (values, counts) = exactDistinct()
        var weights: [Double] = []
        var cumulative: [Int] = []
        weights.reserveCapacity(values.count)
        cumulative.reserveCapacity(values.count)
        var soFar = 0
        for times in counts {
            cumulative.append(soFar)
            weights.append(Double(times))
            soFar += times
        }
        return Sorted(values: values, weights: weights, cumulative: cumulative)
    }

    /// The distinct values kept exactly (`distinct` and `small` together) in increasing order, with their counts.
    private func exactDistinct() -> (values: [Double], counts: [Int]) {
        // The map's pairs sorted once (the values are distinct: no ties to order), merged with the small counts.
        var others = Array(distinct)
        others.sort { $0.key < $1.key }
        var values: [Double] = []
        var counts: [Int] = []
        values.reserveCapacity(others.count + smallDistinct)
        counts.reserveCapacity(others.count + smallDistinct)
        var next = 0
        for (index, times) in small.enumerated() where times > 0 {
            let value = Double(index)
            while next < others.count, others[next].key < value {
                values.append(others[next].key)
                counts.append(others[next].value)
                next += 1
            }
            values.append(value)
            counts.append(times)
        }
        while next < others.count {
            values.append(others[next].key)
            counts.append(others[next].value)
            next += 1
        }
        return (values, counts)
    }

    /// The 0-based `k`th smallest value.
    private func orderStatistic(_ k: Int, _ sorted: Sorted) -> Double {
        if let digest {
            let p = count > 1 ? Double(k) / Double(count - 1) : 0.5
            return digest.quantile(p) ?? minimum
        }
        // The last distinct value whose first position is ≤ k.
        var low = 0
        var high = sorted.cumulative.count - 1
        guard high >= 0 else { return minimum }
        while low < high {
            let middle = (low + high + 1) / 2
            if sorted.cumulative[middle] <= k { low = middle } else { high = middle - 1 }
        }
        return sorted.values[low]
    }

    private func quantile(_ p: Double, _ sorted: Sorted) -> Double? {
        guard count > 0 else { return nil }
        let p = Swift.min(1, Swift.max(0, p.isFinite ? p : 0.5))
        if let digest {
            return digest.quantile(p).map { Swift.min(maximum, Swift.max(minimum, $0)) }
        }
        let h = Double(count - 1) * p
        let lower = Int(h.rounded(.down))
        let upper = Swift.min(count - 1, lower + 1)
        let low = orderStatistic(lower, sorted)
        let high = orderStatistic(upper, sorted)
        let fraction = h - Double(lower)
        return fraction == 0 || low == high ? low : low + fraction * (high - low)
    }

    /// Mean and sum of squared deviations: two compensated passes over the distinct values (exact mode, in
    /// increasing order so the result does not depend on the order of adding or merging), or Welford's.
    private func moments() -> (mean: Double, m2: Double) {
        guard digest == nil else { return (runningMean, runningM2) }
        return moments(sortedDistinct())
    }

    /// `moments()` from the sorted distinct values and their counts (exact mode).
    private func moments(_ sorted: Sorted) -> (mean: Double, m2: Double) {
        guard digest == nil else { return (runningMean, runningM2) }
        guard count > 0 else { return (0, 0) }
        let values = sorted.values
        let weights = sorted.weights
        var sum = 0.0
        var compensation = 0.0
        for index in values.indices {
            neumaierAdd(values[index] * weights[index], to: &sum, &compensation)
        }
        var mean = (sum + compensation) / Double(count)
        if mean < minimum { mean = minimum }
        if mean > maximum { mean = maximum }
        var squares = 0.0
        var squaresCompensation = 0.0
        var deviations = 0.0
        for index in values.indices {
            let value = values[index]
            let times = weights[index]
            let deviation = value - mean
            neumaierAdd(times * deviation * deviation, to: &squares, &squaresCompensation)
            deviations += times * deviation
        }
        let m2 = squares + squaresCompensation - deviations * deviations / Double(count)
        return (mean, Swift.max(0, m2))
    }

    private func neumaierAdd(_ value: Double, to sum: inout Double, _ compensation: inout Double) {
        let total = sum + value
        if abs(sum) >= abs(value) {
            compensation += (sum - total) + value
        } else {
            compensation += (value - total) + sum
        }
        sum = total
    }

    private func histogram(bins: Int, _ sorted: Sorted) -> Histogram {
        let lower = minimum
        let upper = maximum
        guard lower < upper else { return Histogram(lower: lower, upper: upper, counts: [count]) }
        let bins = Swift.max(1, bins)
        func edge(_ k: Int) -> Double { k == bins ? upper : lower + (upper - lower) * Double(k) / Double(bins) }
        var counts = [Int](repeating: 0, count: bins)
        if let digest {
            // Cumulative rounding of the estimated CDF at the edges: non-negative counts summing to `count`.
            var previous = 0
            for k in 1...bins {
                let share = k == bins ? 1 : (digest.cdf(edge(k)) ?? 1)
                let cumulative = Swift.max(previous, Swift.min(count, Int((share * Double(count)).rounded())))
                counts[k - 1] = cumulative - previous
                previous = cumulative
            }
            return Histogram(lower: lower, upper: upper, counts: counts)
        }
        for index in sorted.values.indices {
            let value = sorted.values[index]
            var bin = Swift.min(bins - 1, Swift.max(0, Int(((value - lower) / (upper - lower) * Double(bins)).rounded(.down))))
            while bin > 0, value < edge(bin) { bin -= 1 }
            while bin < bins - 1, value >= edge(bin + 1) { bin += 1 }
            counts[bin] += Int(sorted.weights[index])
        }
        return Histogram(lower: lower, upper: upper, counts: counts)
    }

    @inline(__always)
    private mutating func track(_ value: Double, record: () -> String) {
        if value <= minimum {
            let id = record()
            if value < minimum || precedes(id, minimumRecord) {
                minimum = value
                minimumRecord = id
            }
        }
        if value >= maximum {
            let id = record()
            if value > maximum || precedes(id, maximumRecord) {
                maximum = value
                maximumRecord = id
            }
        }
    }

    /// Byte order of identifiers (not Unicode's), for ties.
    private func precedes(_ a: String, _ b: String) -> Bool {
        // Native strings hand out their bytes: one memcmp instead of a byte-by-byte walk.
        let fast = a.utf8.withContiguousStorageIfAvailable { x in
            b.utf8.withContiguousStorageIfAvailable { y -> Bool in
                let common = Swift.min(x.count, y.count)
                if common > 0, let p = x.baseAddress, let q = y.baseAddress {
                    let order = memcmp(p, q, common)
                    if order != 0 { return order < 0 }
                }
                return x.count < y.count
            }
        }
        if let fast, let result = fast { return result }
        return a.utf8.lexicographicallyPrecedes(b.utf8)
    }

    private mutating func addToDigest(_ value: Double, weight: Double) {
        digest?.add(value, weight: weight)
    }

    private mutating func switchToDigest() {
        guard digest == nil else { return }
        let (mean, m2) = moments()
        runningMean = mean
        runningM2 = m2
        var sketch = TDigest()
        let (values, counts) = exactDistinct()
        for index in values.indices { sketch.add(values[index], weight: Double(counts[index])) }
        sketch.compress()
        digest = sketch
        distinct = [:]
        small = []
        smallDistinct = 0
    }
}
