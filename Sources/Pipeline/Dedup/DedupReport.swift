import Foundation
import RecordStore
import ThresherCore

/// The dedup report: JSON Lines, one line per cluster of two or more records, clusters in the order of their
/// canonical identifiers (by UTF-8 bytes):
/// `{"canonical": ID, "members": [ID, …], "evidence": [{"a": ID, "b": ID, "by": KIND, "score": S}, …]}`.
/// Members are sorted and include the canonical record; each piece of evidence names its pair with `a` before `b`,
/// evidence sorted by a, b and kind; scores are written with at most four decimals (1 for exact keys).
public enum DedupReport {
    /// The report's lines for `store`'s clusters and the evidence of `kinds`.
    public static func lines(store: any DuplicateClusterStoring, kinds: [EvidenceKind]) throws -> [String] {
        let clusters = try store.duplicateClusters()
        let evidence = try store.duplicateEvidence(kinds: kinds.map(\.rawValue))
        var seqs = Set<Int64>()
        for e in evidence {
            seqs.insert(e.a)
            seqs.insert(e.b)
        }
        let all = Array(seqs)
        var identifiers: [Int64: String] = [:]
        for start in stride(from: 0, to: all.count, by: 8_192) {
            identifiers.merge(try store.dedupIdentifiers(seqs: Array(all[start..<min(all.count, start + 8_192)]))) { a, _ in a }
        }
        var clusterOf: [String: Int] = [:]
        for (k, cluster) in clusters.enumerated() {
            for member in cluster.members { clusterOf[member] = k }
        }
        var byCluster = [[(a: String, b: String, kind: String, score: Double)]](repeating: [], count: clusters.count)
        for e in evidence {
            guard var a = identifiers[e.a], var b = identifiers[e.b], let k = clusterOf[a], clusterOf[b] == k else { continue }
            if b.utf8.lexicographicallyPrecedes(a.utf8) { swap(&a, &b) }
            byCluster[k].append((a, b, e.kind, e.score))
        }
        return clusters.enumerated().map { k, cluster in
            let items = byCluster[k].sorted {
                if $0.a != $1.a { return $0.a.utf8.lexicographicallyPrecedes($1.a.utf8) }
                if $0.b != $1.b { return $0.b.utf8.lexicographicallyPrecedes($1.b.utf8) }
                return $0.kind < $1.kind
            }
            let evidenceText = items.map { item in
                "{\"a\": \(quoted(item.a)), \"b\": \(quoted(item.b)), \"by\": \(quoted(item.kind)), \"score\": \(number(item.score))}"
            }.joined(separator: ", ")
            return "{\"canonical\": \(quoted(cluster.canonical)), \"members\": [\(cluster.members.map(quoted).joined(separator: ", "))], "
                + "\"evidence\": [\(evidenceText)]}"
        }
    }

    /// Writes the report to `path`.
    public static func write(store: any DuplicateClusterStoring, kinds: [EvidenceKind], to path: String) throws {
        let text = try lines(store: store, kinds: kinds).map { $0 + "\n" }.joined()
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw DedupError.cannotWriteReport(path: path, reason: (error as NSError).localizedDescription)
        }
    }

    static func quoted(_ text: String) -> String { JSONEscaping.quoted(text) }

    /// A score with at most four decimals, no trailing zeros ("1", "0.8571").
    static func number(_ value: Double) -> String {
        var text = String(format: "%.4f", value)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text
    }
}
