import Foundation
import RecordStore
import Testing
import TestSupport
@testable import Pipeline

/// Annotations: each rejection with its line number, idempotent loads, the UTC key, generated lines, and a record's
/// annotations with those of its duplicate cluster.
@Suite struct AnnotationTests {
    static let item = "http://data.europeana.eu/item/2023829/0003BD0E39A5AD674A1682C144699B279C7EF163"

    /// A store with three live records and a deleted one.
    static func store() throws -> CleanseTestStore {
        let test = try CleanseTestStore()
        for id in [item, "oai:b", "oai:c", "oai:gone"] { try test.put(id, json: "{}") }
        try test.delete("oai:gone", datestamp: "2024-02-01T00:00:00Z")
        return test
    }

    static func load(_ text: String, into store: any AnnotationStoring) throws -> (AnnotationLoadSummary, [String]) {
        var reports: [String] = []
        let summary = try AnnotationLoad(store: store).load(Array(text.utf8), name: "a.jsonl") { reports.append($0) }
        return (summary, reports)
    }

    static let good = #"{"guid": "oai:b", "user_id": "u1", "tags": ["map", "city"], "comment": "Nice.", "timestamp": "2024-05-01T12:00:00Z", "location": "Rome"}"#

    @Test func everyBadLineIsReportedWithItsNumberAndTheGoodOnesAreStored() throws {
        let test = try Self.store()
        let lines = [
            Self.good,
            "",
            #"{"guid": "oai:nope", "user_id": "u1", "tags": ["a", "b"], "comment": "c", "timestamp": "2024-05-01T12:00:00Z"}"#,
            #"{"guid": "oai:c", "user_id": "u1", "tags": ["a", "b"], "comment": "c", "timestamp": "2024-05-01 12:00"}"#,
            #"{"guid": "oai:c", "user_id": "u1", "tags": ["a"], "comment": "c", "timestamp": "2024-05-01T12:00:00Z"}"#,
            #"{"guid": "oai:c", "user_id": "u1", "tags": ["a", "b", "c", "d", "e"], "comment": "c", "timestamp": "2024-05-01T12:00:00Z"}"#,
            #"{"guid": "oai:c", "tags": ["a", "b"], "comment": "c", "timestamp": "2024-05-01T12:00:00Z"}"#,
            "not json at all",
            #"{"guid": "oai:gone", "user_id": "u1", "tags": ["a", "b"], "comment": "c", "timestamp": "2024-05-01T12:00:00Z"}"#,
            #"{"guid": "oai:c", "user_id": "u1", "tags": ["a", 2], "comment": "c", "timestamp": "2024-05-01T12:00:00Z"}"#,
            #"{"guid": "oai:c", "user_id": "u1", "tags": ["a", "b"], "comment": "c", "timestamp": "2024-02-30T12:00:00Z"}"#,
            #"{"guid": "oai:c", "user_id": "u1", "tags": ["a", "b"], "comment": "c", "timestamp": "2024-05-01T12:00:00Z", "mood": "ok"}"#,
            #"{"guid": "oai:c", "user_id": " ", "tags": ["a", "b"], "comment": "c", "timestamp": "2024-05-01T12:00:00Z"}"#,
            #"{"guid": "oai:c", "user_id": "u2", "tags": ["a", "b"], "comment": "c", "timestamp": "2024-05-01T12:00:00Z", "location": 5}"#,
            "[1]",
            #"{"guid": "oai:c", "user_id": "u2", "tags": ["a", "b"], "comment": "c", "timestamp": "2024-05-01T12:00:00+02:00", "location": null}"#,
        ]
        let (summary, reports) = try Self.load(lines.joined(separator: "\n") + "\n", into: test.store)
        #expect(summary == {
            var s = AnnotationLoadSummary()
            s.stored = 2
            s.rejected = 13
            return s
        }())
        #expect(reports == [
            #"a.jsonl:3: unknown guid "oai:nope": no live record has this identifier"#,
            #"a.jsonl:4: bad timestamp "2024-05-01 12:00": expected ISO 8601 date and time with a zone, e.g. 2024-05-01T12:00:00Z"#,
            #"a.jsonl:5: "tags" has 1 tag, expected 2 to 4"#,
            #"a.jsonl:6: "tags" has 5 tags, expected 2 to 4"#,
            #"a.jsonl:7: missing field "user_id""#,
            "a.jsonl:8: not JSON: invalid JSON at line 1, column 1 (byte 0): invalid literal (expected true, false or null)",
            #"a.jsonl:9: unknown guid "oai:gone": no live record has this identifier"#,
            #"a.jsonl:10: "tags" must be an array of 2 to 4 strings"#,
            #"a.jsonl:11: bad timestamp "2024-02-30T12:00:00Z": expected ISO 8601 date and time with a zone, e.g. 2024-05-01T12:00:00Z"#,
            #"a.jsonl:12: unknown field "mood" (fields: guid, user_id, tags, comment, timestamp, location)"#,
            #"a.jsonl:13: "user_id" is empty"#,
            #"a.jsonl:14: "location" must be a string (a place name)"#,
            "a.jsonl:15: not a JSON object",
        ])
        let stored = try test.store.annotations(guids: ["oai:b", "oai:c"])
        #expect(stored == [
            AnnotationInput(guid: "oai:b", userId: "u1", timestamp: "2024-05-01T12:00:00Z", givenTimestamp: "2024-05-01T12:00:00Z",
                            tags: ["map", "city"], comment: "Nice.", location: "Rome"),
            AnnotationInput(guid: "oai:c", userId: "u2", timestamp: "2024-05-01T10:00:00Z", givenTimestamp: "2024-05-01T12:00:00+02:00",
                            tags: ["a", "b"], comment: "c", location: nil),
        ])
    }

    @Test func loadingTheSameLinesTwiceChangesNothing() throws {
        let test = try Self.store()
        let text = Self.good + "\n" + #"{"guid": "oai:c", "user_id": "u1", "tags": ["a", "b", "c"], "comment": "x", "timestamp": "2024-05-01T12:00:00.500Z"}"#
        let (first, _) = try Self.load(text, into: test.store)
        #expect(first.stored == 2 && first.alreadyPresent == 0 && first.rejected == 0)
        let (second, reports) = try Self.load(text, into: test.store)
        #expect(second.stored == 0 && second.alreadyPresent == 2 && reports.isEmpty)
        #expect(try test.store.annotationCount() == 2)
        // The same instant in another zone (and with a zero fraction) is the same annotation, whatever else it says.
        let (third, _) = try Self.load(#"{"guid": "oai:b", "user_id": "u1", "tags": ["x", "y"], "comment": "Other.", "timestamp": "2024-05-01T14:00:00.000+02:00"}"#,
                                       into: test.store)
        #expect(third.stored == 0 && third.alreadyPresent == 1)
        #expect(try test.store.annotations(guids: ["oai:b"]).map(\.comment) == ["Nice."])
        // Another user, or another instant, is another annotation.
        let (fourth, _) = try Self.load(#"{"guid": "oai:b", "user_id": "u2", "tags": ["x", "y"], "comment": "Mine.", "timestamp": "2024-05-01T12:00:00Z"}"#
                                        + "\n" + #"{"guid": "oai:b", "user_id": "u1", "tags": ["x", "y"], "comment": "Later.", "timestamp": "2024-05-01T12:00:01Z"}"#,
                                        into: test.store)
        #expect(fourth.stored == 2)
    }

    @Test func timestampsAreReadAsISO8601WithAZoneAndKeyedInUTC() {
        #expect(AnnotationTimestamp.utc("2024-05-01T12:00:00Z") == "2024-05-01T12:00:00Z")
        #expect(AnnotationTimestamp.utc("2024-05-01T12:00Z") == "2024-05-01T12:00:00Z")
        #expect(AnnotationTimestamp.utc("2024-05-01t01:30:00-0230") == "2024-05-01T04:00:00Z")
        #expect(AnnotationTimestamp.utc("2024-01-01T01:00:00+02") == "2023-12-31T23:00:00Z")
        #expect(AnnotationTimestamp.utc("2024-05-01T12:00:00.120+00:00") == "2024-05-01T12:00:00.12Z")
        #expect(AnnotationTimestamp.utc("2024-05-01T12:00:00,000Z") == "2024-05-01T12:00:00Z")
        for bad in ["2024-05-01", "2024-05-01T12:00:00", "2024-05-01T24:00:00Z", "2024-13-01T12:00:00Z", "2024-05-01T12:00:00+2",
                    "2024-05-01T12:00:00ZZ", "2024-05-01T12:00.5Z", "2024-05-01T12:00:00.Z", " 2024-05-01T12:00:00Z", "yesterday"] {
            #expect(AnnotationTimestamp.utc(bad) == nil, "\(bad)")
        }
    }

    @Test func generatedLinesAreValidDeterministicAndLoadWhole() throws {
        let test = try Self.store()
        var first: [String] = []
        try AnnotationGenerator.generate(store: test.store, count: 60, seed: 7) { first.append($0) }
        var again: [String] = []
        try AnnotationGenerator.generate(store: test.store, count: 60, seed: 7) { again.append($0) }
        var other: [String] = []
        try AnnotationGenerator.generate(store: test.store, count: 60, seed: 8) { other.append($0) }
        #expect(first.count == 60 && first == again && first != other)
        let (summary, reports) = try Self.load(first.joined(separator: "\n"), into: test.store)
        #expect(summary.stored == 60 && summary.rejected == 0 && reports.isEmpty)
        // Only live records are annotated; every tag list has 2 to 4 distinct tags.
        let all = try test.store.annotations(guids: [Self.item, "oai:b", "oai:c", "oai:gone"])
        #expect(all.count == 60 && !all.contains { $0.guid == "oai:gone" })
        #expect(all.allSatisfy { (2...4).contains($0.tags.count) && Set($0.tags).count == $0.tags.count })
        // A line written back is the line read.
        #expect(try AnnotationLine.parse(Array(first[0].utf8)).get() == AnnotationLine.parse(Array(AnnotationLine.line(try AnnotationLine.parse(Array(first[0].utf8)).get()).utf8)).get())
        let empty = try CleanseTestStore()
        #expect(throws: PipelineError.nothingToAnnotate(store: empty.path)) {
            try AnnotationGenerator.generate(store: empty.store, count: 1, seed: 1) { _ in }
        }
    }

    @Test func aRecordsAnnotationsComeWithThoseOfItsDuplicates() throws {
        let test = try Self.store()
        let text = [
            #"{"guid": "\#(Self.item)", "user_id": "u1", "tags": ["a", "b"], "comment": "On the item.", "timestamp": "2024-05-02T00:00:00Z"}"#,
            #"{"guid": "oai:b", "user_id": "u2", "tags": ["c", "d"], "comment": "On b, later.", "timestamp": "2024-05-03T00:00:00Z"}"#,
            #"{"guid": "oai:b", "user_id": "u3", "tags": ["e", "f"], "comment": "On b\tfirst.", "timestamp": "2024-05-01T00:00:00Z", "location": "Rome"}"#,
            #"{"guid": "oai:c", "user_id": "u4", "tags": ["g", "h"], "comment": "On c.", "timestamp": "2024-05-01T00:00:00Z"}"#,
        ].joined(separator: "\n")
        _ = try Self.load(text, into: test.store)
        try test.execute("INSERT INTO duplicate_members (identifier, canonical) VALUES (?, ?), (?, ?)",
                         [Self.item, Self.item, "oai:b", Self.item])
        // The CSV's record id form finds the item; its cluster brings b's annotations (c is in no cluster).
        let found = try RecordAnnotations.lookup(id: "2023829/0003BD0E39A5AD674A1682C144699B279C7EF163", store: test.store)
        #expect(found.identifier == Self.item)
        #expect(found.cluster == DuplicateCluster(canonical: Self.item, members: ["oai:b", Self.item].sorted()))
        #expect(found.own.map(\.comment) == ["On the item."])
        #expect(found.duplicates.map(\.comment) == ["On b\tfirst.", "On b, later."])
        #expect(found.textLines() == [
            "\(Self.item)\t2024-05-02T00:00:00Z\tu1\ta, b\t\tOn the item.",
            "oai:b\t2024-05-01T00:00:00Z\tu3\te, f\tRome\tOn b first.",
            "oai:b\t2024-05-03T00:00:00Z\tu2\tc, d\t\tOn b, later.",
        ])
        #expect(found.jsonLines()[1] == #"{"guid":"oai:b","user_id":"u3","tags":["e","f"],"comment":"On b\tfirst.","timestamp":"2024-05-01T00:00:00Z","location":"Rome"}"#)
        // From a duplicate, the canonical record's annotations come along.
        let fromB = try RecordAnnotations.lookup(id: "oai:b", store: test.store)
        #expect(fromB.own.count == 2 && fromB.duplicates.map(\.comment) == ["On the item."])
        let alone = try RecordAnnotations.lookup(id: "oai:c", store: test.store)
        #expect(alone.cluster == nil && alone.own.count == 1 && alone.duplicates.isEmpty)
        // A deleted record is known (no annotations); an unknown id is an error naming both forms.
        #expect(try RecordAnnotations.lookup(id: "oai:gone", store: test.store).all.isEmpty)
        #expect(throws: PipelineError.unknownRecord(id: "9/x")) { _ = try RecordAnnotations.lookup(id: "9/x", store: test.store) }
        #expect(PipelineError.unknownRecord(id: "9/x").description
                == "no record has the identifier \"9/x\" (nor http://data.europeana.eu/item/9/x)")
    }
}
