import Foundation
import RecordStore

/// What loading an annotation file did.
public struct AnnotationLoadSummary: Sendable, Equatable {
    /// Lines stored as new annotations.
    public var stored = 0
    /// Good lines whose (guid, user, UTC timestamp) was stored already (by an earlier load, or earlier in the file).
    public var alreadyPresent = 0
    /// Lines rejected (each reported with its line number and reason).
    public var rejected = 0

    public init() {}
}

/// Loads annotations from JSON Lines (`AnnotationLine`) into a store: good lines are stored, a bad line or one whose
/// guid names no live record is reported as `FILE:LINE: reason` and skipped, and loading the same lines again
/// changes nothing (the key is guid, user and the timestamp in UTC).
public struct AnnotationLoad: Sendable {
    /// The store.
    public let store: any AnnotationStoring
    /// Lines checked against the store and stored together.
    public var batchSize = 1_000

    public init(store: any AnnotationStoring) {
        self.store = store
    }

    /// Loads the file at `path` (`-`: standard input, named `<stdin>` in reports); `report` hears each rejected line.
    public func load(path: String, report: (String) -> Void) throws(PipelineError) -> AnnotationLoadSummary {
        let bytes: [UInt8]
        if path == "-" {
            bytes = Array(FileHandle.standardInput.readDataToEndOfFile())
        } else {
            do {
                bytes = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
            } catch {
                throw .unreadableInput(path: path, reason: (error as NSError).localizedDescription)
            }
        }
        return try load(bytes, name: path == "-" ? "<stdin>" : path, report: report)
    }

    /// Loads JSON Lines `bytes`, reported as `name:LINE`. Blank lines are passed over.
    public func load(_ bytes: [UInt8], name: String, report: (String) -> Void) throws(PipelineError) -> AnnotationLoadSummary {
        var summary = AnnotationLoadSummary()
        // Lines are judged a batch at a time (the guids looked up together) and reported in line order.
        var pending: [(line: Int, parsed: Result<AnnotationInput, AnnotationLine.Rejection>)] = []
        func flush() throws(PipelineError) {
            guard !pending.isEmpty else { return }
            do {
                let guids = pending.compactMap { try? $0.parsed.get().guid }
                var live = try store.areLiveIdentifiers(guids).makeIterator()
                var good: [AnnotationInput] = []
                for item in pending {
                    switch item.parsed {
                    case .success(let annotation):
                        if live.next() == true {
                            good.append(annotation)
                        } else {
                            report("\(name):\(item.line): unknown guid \(Self.quoted(annotation.guid)): no live record has this identifier")
                            summary.rejected += 1
                        }
                    case .failure(let rejection):
                        report("\(name):\(item.line): \(rejection.reason)")
                        summary.rejected += 1
                    }
                }
                let stored = try store.storeAnnotations(good)
                summary.stored += stored
                summary.alreadyPresent += good.count - stored
            } catch {
                throw .store(error)
            }
            pending.removeAll(keepingCapacity: true)
        }
        var start = 0
        var number = 0
        while start < bytes.count {
            var end = start
            while end < bytes.count, bytes[end] != 0x0A { end += 1 }
            number += 1
            var last = end
            if last > start, bytes[last - 1] == 0x0D { last -= 1 }
            var first = start
            if number == 1, last - first >= 3, bytes[first] == 0xEF, bytes[first + 1] == 0xBB, bytes[first + 2] == 0xBF { first += 3 }
            let line = Array(bytes[first..<last])
            if line.contains(where: { $0 != 0x20 && $0 != 0x09 }) {
                pending.append((number, AnnotationLine.parse(line)))
                if pending.count >= batchSize { try flush() }
            }
            start = end + 1
        }
        try flush()
        return summary
    }

    /// A guid in a message: quoted, control characters escaped, cut when long.
    static func quoted(_ text: String) -> String {
        let escaped = text.unicodeScalars.map { $0.value < 0x20 ? "\\u{\(String($0.value, radix: 16))}" : String($0) }.joined()
        return "\"" + (escaped.count > 200 ? String(escaped.prefix(200)) + "…" : escaped) + "\""
    }
}
