import Foundation
import JSONPath

/// A JSON tree that keeps member order and the exact text of scalars (escapes included).
public indirect enum RawJSON: Sendable {
    case scalar(String)
    case array([RawJSON])
    case object([(key: String, value: RawJSON)])

    /// Converts a parsed value, keeping member order and scalar text as in the input.
    public init(_ doc: JSONDocument, _ node: JSONNode) {
        switch doc.kind(node) {
        case .array: self = .array(doc.elements(node).map { RawJSON(doc, $0) })
        case .object: self = .object(doc.members(node).map { (RawJSON.quote($0.name), RawJSON(doc, $0.value)) })
        default: self = .scalar(doc.json(node))
        }
    }

    /// A member name as a JSON string literal.
    public static func quote(_ s: String) -> String {
        var out = "\""
        for c in s.unicodeScalars {
            switch c {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case _ where c.value < 0x20: out += "\\u00" + (c.value < 16 ? "0" : "") + String(c.value, radix: 16)
            default: out.unicodeScalars.append(c)
            }
        }
        return out + "\""
    }

    public func write(to out: inout [UInt8]) {
        switch self {
        case .scalar(let s): out.append(contentsOf: s.utf8)
        case .array(let items):
            out.append(UInt8(ascii: "["))
            for (k, item) in items.enumerated() {
                if k > 0 { out.append(UInt8(ascii: ",")) }
                item.write(to: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let members):
            out.append(UInt8(ascii: "{"))
            for (k, m) in members.enumerated() {
                if k > 0 { out.append(UInt8(ascii: ",")) }
                out.append(contentsOf: m.key.utf8)
                out.append(UInt8(ascii: ":"))
                m.value.write(to: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    public var bytes: [UInt8] {
        var out: [UInt8] = []
        write(to: &out)
        return out
    }

    /// The tree with every array cut to at most `limit` items.
    public func trimmed(_ limit: Int) -> RawJSON {
        switch self {
        case .scalar: return self
        case .array(let items): return .array(items.prefix(limit).map { $0.trimmed(limit) })
        case .object(let members): return .object(members.map { ($0.key, $0.value.trimmed(limit)) })
        }
    }

    public subscript(key: String) -> RawJSON? {
        guard case .object(let members) = self else { return nil }
        return members.first { $0.key == key }?.value
    }

    public var items: [RawJSON] {
        if case .array(let a) = self { return a }
        return []
    }
}


/// SplitMix64: small, fast, deterministic.
public struct SplitMix64: Sendable {
    public var state: UInt64
    public init(state: UInt64) { self.state = state }
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    public mutating func below(_ n: Int) -> Int { Int(next() % UInt64(max(n, 1))) }
    public mutating func chance(_ p: Double) -> Bool { Double(next() >> 11) / Double(1 << 53) < p }
    public mutating func uniform() -> Double { Double(next() >> 11) / Double(1 << 53) }
}

/// Makes realistic EDM "OAI-PMH JSON" records (2–40 KB) from a few real seed records, deterministically.
///
/// Each record starts from a seed; its provider proxy loses and gains fields, swaps literal values for
/// values (in other languages) seen in other seeds, and the record gets a random set of contextual
/// entities (places, time spans, concepts, agents) drawn from all seeds until it reaches a target size
/// drawn log-uniformly between 2 and 40 KB.
public struct CorpusGenerator: Sendable {
    public let seeds: [RawJSON]
    /// Values seen for each provider-proxy property across all seeds.
    var proxyValues: [String: [RawJSON]] = [:]
    var proxyKeys: [String] = []
    /// Contextual entities by class.
    var entities: [(key: String, value: RawJSON, size: Int)] = []
    static let contextualClasses = ["\"edm:Place\"", "\"edm:TimeSpan\"", "\"skos:Concept\"", "\"edm:Agent\""]
    static let languages = ["en", "de", "fr", "it", "es", "nl", "pl", "sv", "hu", "el", "ru", "ja", "zh", "fi", "pt", "cs"]

    public init(seeds: [RawJSON]) {
        self.seeds = seeds
        for seed in seeds {
            for proxy in seed["\"ore:Proxy\""]?.items ?? [] {
                guard case .object(let members) = proxy else { continue }
                for m in members where m.key.hasPrefix("\"dc") || m.key.hasPrefix("\"edm:") {
                    if proxyValues[m.key] == nil { proxyKeys.append(m.key) }
                    proxyValues[m.key, default: []].append(contentsOf: m.value.items)
                }
            }
            for cls in CorpusGenerator.contextualClasses {
                for e in seed[cls]?.items ?? [] { entities.append((cls, e, e.bytes.count)) }
            }
        }
        proxyKeys.sort()
    }

    public func record(_ number: Int, shape: Shape = .seed) -> [UInt8] {
        var rng = SplitMix64(state: UInt64(number) &* 0x2545_F491_4F6C_DD1D &+ 17)
        guard case .object(var members) = seeds[rng.below(seeds.count)] else { return [] }
        let target = Int((log(2048.0) + rng.uniform() * (log(40960.0) - log(2048.0))).exp())
        members.removeAll { CorpusGenerator.contextualClasses.contains($0.key) }
        for k in members.indices {
            switch members[k].key {
            case "\"edm:ProvidedCHO\"":
                members[k].value = .array([.object([("\"@about\"", .scalar("\"http:\\/\\/data.europeana.eu\\/item\\/\(90000 + number % 977)\\/R\(number)\""))])])
            case "\"ore:Proxy\"":
                members[k].value = .array(members[k].value.items.map { mutateProxy($0, &rng) })
            case "\"ore:Aggregation\"":
                members[k].value = .array(members[k].value.items.map { agg in
                    guard case .object(var m) = agg else { return agg }
                    m.removeAll { ($0.key == "\"edm:object\"" || $0.key == "\"edm:hasView\"" || $0.key == "\"edm:isShownBy\"") && rng.chance(0.2) }
                    return .object(m)
                })
            case "\"identifier\"":
                members[k].value = .scalar("\"\(90000 + number % 977)\\/R\(number)\"")
            default:
                break
            }
        }
        var record = RawJSON.object(members)
        var size = record.bytes.count
        // The larger seeds: keep at most `limit` items in every list until the record fits in 40 KB.
        var limit = 8
        while size > 40960 && limit > 0 {
            record = record.trimmed(limit)
            size = record.bytes.count
            limit -= 1
        }
        guard case .object(let trimmed) = record else { return [] }
        members = trimmed
        var added: [String: [RawJSON]] = [:]
        var guardCount = 0
        while size < target && guardCount < 200 {
            guardCount += 1
            let e = entities[rng.below(entities.count)]
            if size + e.size + 40 > 40700 { continue }
            added[e.key, default: []].append(e.value)
            size += e.size + 1
        }
        for cls in CorpusGenerator.contextualClasses {
            if let list = added[cls] { members.append((cls, .array(list))) }
        }
        if shape == .thresher {
            // As Thresher's conversion writes a harvested record: the classes, then `identifier` (the OAI-PMH header
            // identifier) and `sets` (its setSpecs) close the object; no `qIdentifier`.
            let dataset = 90000 + number % 977
            let seedSet = members.first { $0.key == "\"sets\"" }?.value.items.first.flatMap { item -> String? in
                guard case .scalar(let text) = item, text.count > 2 else { return nil }
                return String(text.dropFirst().dropLast())
            } ?? "Bench"
            let suffix = seedSet.firstIndex(of: "_").map { String(seedSet[$0...]) } ?? "_" + seedSet
            members.removeAll { $0.key == "\"qIdentifier\"" || $0.key == "\"identifier\"" || $0.key == "\"sets\"" }
            members.append(("\"identifier\"", .scalar("\"http://data.europeana.eu/item/\(dataset)/R\(number)\"")))
            members.append(("\"sets\"", .array([.scalar("\"\(dataset)\(suffix)\"")])))
        }
        return RawJSON.object(members).bytes
    }

    /// `seed`: the seeds' own layout (what `make bench-jsonpath` has always measured); `thresher`: the JSON shape
    /// of a record Thresher harvested (`identifier` and `sets` last, the identifier a full item URI).
    public enum Shape: Sendable { case seed, thresher }

    /// Every `.json` file (one record) and every line of every `.jsonl` file of `directory`, in file-name order.
    public static func seeds(directory: String) throws -> [RawJSON] {
        var seeds: [RawJSON] = []
        let files = try FileManager.default.contentsOfDirectory(atPath: directory).sorted()
        for file in files where file.hasSuffix(".json") || file.hasSuffix(".jsonl") {
            guard let data = FileManager.default.contents(atPath: directory + "/" + file) else { continue }
            let texts = file.hasSuffix(".jsonl") ? data.split(separator: 0x0A).map { Array($0) } : [Array(data)]
            for t in texts where !t.isEmpty {
                do {
                    let doc = try JSONDocument(parsing: t)
                    seeds.append(RawJSON(doc, doc.root))
                } catch {
                    throw SeedError(message: "\(file): \(error)")
                }
            }
        }
        return seeds
    }

    public struct SeedError: Error, CustomStringConvertible {
        public var message: String
        public var description: String { message }
    }

    func mutateProxy(_ proxy: RawJSON, _ rng: inout SplitMix64) -> RawJSON {
        guard case .object(var m) = proxy else { return proxy }
        let isProvider = m.first { $0.key == "\"edm:europeanaProxy\"" }.map { "\($0.value.items.first.map { String(decoding: $0.bytes, as: UTF8.self) } ?? "")" == "\"false\"" } ?? false
        guard isProvider else { return proxy }
        let fixed: Set<String> = ["\"@about\"", "\"edm:europeanaProxy\"", "\"ore:proxyFor\"", "\"ore:proxyIn\"", "\"edm:type\""]
        m.removeAll { !fixed.contains($0.key) && rng.chance(0.15) }
        for k in m.indices where !fixed.contains(m[k].key) {
            guard let pool = proxyValues[m[k].key], !pool.isEmpty else { continue }
            m[k].value = .array(m[k].value.items.map { v in
                if rng.chance(0.3) { return pool[rng.below(pool.count)] }
                if rng.chance(0.1), case .scalar(let s) = v {
                    let lang = CorpusGenerator.languages[rng.below(CorpusGenerator.languages.count)]
                    return .object([("\"@lang\"", .scalar("\"\(lang)\"")), ("\"#value\"", .scalar(s))])
                }
                return v
            })
        }
        for key in proxyKeys where !m.contains(where: { $0.key == key }) && rng.chance(0.12) {
            guard let pool = proxyValues[key], !pool.isEmpty else { continue }
            let n = 1 + rng.below(3)
            m.append((key, .array((0..<n).map { _ in pool[rng.below(pool.count)] })))
        }
        return .object(m)
    }
}

extension Double {
    func exp() -> Double { Foundation.exp(self) }
}
