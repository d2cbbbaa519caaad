import Foundation
import Testing
import RecordStore
@testable import Pipeline

@Suite struct DedupRunTests {
    static let harbour = "A view of the harbour at Antwerp with ships at anchor, merchants unloading barrels on the quay "
        + "and the cathedral tower rising behind the roofs of the old town under a cloudy evening sky"

    /// A small store: two records with one image URL (a rich and a poor one), two with one title+creator+date,
    /// two whose texts are the same once normalised, one alone.
    static func smallStore() throws -> DedupTestStore {
        let t = try DedupTestStore()
        try t.put("rec:a1", ["title": ["Still life with flowers"], "creator": ["Rachel Ruysch"], "date": ["1700"],
                             "description": ["Flowers in a glass vase"], "subject": ["flowers"], "type": ["painting"],
                             "image": ["http://img.example/ruysch.jpg"]])
        try t.put("rec:a2", ["title": ["Bloemstilleven"], "image": ["http://img.example/ruysch.jpg"]])
        try t.put("rec:b1", ["title": ["Portrait of a Woman"], "creator": ["Frans Hals"], "date": ["1635"],
                             "image": ["http://img.example/hals-1.jpg"]])
        try t.put("rec:b2", ["title": ["PORTRAIT OF A WOMAN."], "creator": ["FRANS HALS"], "date": ["1635"],
                             "description": ["Half-length portrait, the sitter in black with a white millstone collar"],
                             "image": ["http://img.example/hals-2.jpg"], "language": ["en"]])
        try t.put("rec:c1", ["title": ["Harbour at Antwerp"], "creator": ["Jan Peeters"], "date": ["1650"],
                             "description": [harbour], "image": ["http://img.example/peeters-1.jpg"]])
        try t.put("rec:c2", ["title": ["Harbour at Antwerp!"], "creator": ["jan peeters"], "date": ["c. 1650"],
                             "description": [harbour.uppercased()], "image": ["http://img.example/peeters-2.jpg"],
                             "subject": ["ships"]])
        try t.put("rec:d", ["title": ["Winter landscape with skaters"], "creator": ["Hendrick Avercamp"], "date": ["1608"],
                            "image": ["http://img.example/avercamp.jpg"]])
        return t
    }

    @Test func clustersWithTheirCanonicalRecords() async throws {
        let t = try Self.smallStore()
        let summary = try await t.dedup()
        #expect(summary.records == 7 && summary.checked == 7 && summary.clusters == 3 && summary.clustered == 6)
        // rec:a1 has more fields than rec:a2: the higher TOTAL; b1 and b2 tie or differ, the most complete wins.
        #expect(try t.clusters() == ["rec:a1: rec:a1 rec:a2", "rec:b2: rec:b1 rec:b2", "rec:c2: rec:c1 rec:c2"])
        #expect(try t.store.duplicateCluster(of: "rec:a2") == DuplicateCluster(canonical: "rec:a1", members: ["rec:a1", "rec:a2"]))
        #expect(try t.store.duplicateCluster(of: "rec:d") == nil)
        #expect(summary.measured == 6)
    }

    @Test func theReportHasOneExactLinePerCluster() async throws {
        let t = try Self.smallStore()
        _ = try await t.dedup()
        let lines = try DedupReport.lines(store: t.store, kinds: DedupOptions().kinds)
        #expect(lines == [
            #"{"canonical": "rec:a1", "members": ["rec:a1", "rec:a2"], "evidence": [{"a": "rec:a1", "b": "rec:a2", "by": "image-url", "score": 1}]}"#,
            #"{"canonical": "rec:b2", "members": ["rec:b1", "rec:b2"], "evidence": [{"a": "rec:b1", "b": "rec:b2", "by": "title-creator-date", "score": 1}]}"#,
            #"{"canonical": "rec:c2", "members": ["rec:c1", "rec:c2"], "evidence": [{"a": "rec:c1", "b": "rec:c2", "by": "minhash", "score": 1}]}"#,
        ])
        let path = t.directory.path("report.jsonl")
        try DedupReport.write(store: t.store, kinds: DedupOptions().kinds, to: path)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == lines.joined(separator: "\n") + "\n")
    }

    @Test func aSecondRunOverAnUnchangedStoreDoesNothing() async throws {
        let t = try Self.smallStore()
        _ = try await t.dedup()
        let again = try await t.dedup()
        #expect(again.upToDate && again.checked == 0 && again.candidates == 0 && again.clusters == 3 && again.clustered == 6)
        #expect(try t.clusters() == ["rec:a1: rec:a1 rec:a2", "rec:b2: rec:b1 rec:b2", "rec:c2: rec:c1 rec:c2"])
    }

    @Test func aRecordThatChangesAndNoLongerMatchesLeavesItsCluster() async throws {
        let t = try Self.smallStore()
        _ = try await t.dedup()
        try t.put("rec:c2", ["title": ["Harbour at Rotterdam"], "creator": ["Jan Peeters"], "date": ["1660"],
                             "description": ["Fishing boats in the harbour of Rotterdam at dawn with nets drying on the quay"],
                             "image": ["http://img.example/peeters-2.jpg"]])
        let summary = try await t.dedup()
        #expect(!summary.upToDate && summary.checked == 1 && summary.records == 7)
        #expect(try t.clusters() == ["rec:a1: rec:a1 rec:a2", "rec:b2: rec:b1 rec:b2"])
        #expect(try t.store.duplicateCluster(of: "rec:c1") == nil)
        // It joins another cluster when it matches again.
        try t.put("rec:d", ["title": ["Harbour at Rotterdam"], "creator": ["Jan Peeters"], "date": ["1660"],
                            "image": ["http://img.example/avercamp.jpg"]])
        _ = try await t.dedup()
        #expect(try t.clusters() == ["rec:a1: rec:a1 rec:a2", "rec:b2: rec:b1 rec:b2", "rec:c2: rec:c2 rec:d"])
    }

    @Test func deletedAndRejectedRecordsLeaveTheirClusters() async throws {
        let t = try Self.smallStore()
        _ = try await t.dedup()
        try t.delete("rec:a2")
        try t.put("rec:b1", ["title": ["Portrait of a Woman"], "creator": ["Frans Hals"], "date": ["1635"]], rejected: ["no image"])
        let summary = try await t.dedup()
        #expect(summary.removed == 2 && summary.records == 5)
        #expect(try t.clusters() == ["rec:c2: rec:c1 rec:c2"])
    }

    @Test func templateTitlesAndPlaceholderImagesNeverMatchAlone() async throws {
        let t = try DedupTestStore()
        for (k, title) in ["Untitled", "[Untitled]", "Sans titre", "Ohne Titel", "[no title]", "Senza titolo"].enumerated() {
            try t.put("u:\(k)", ["title": [title], "creator": ["Anonymous Painter"], "date": ["1900"],
                                 "image": ["http://img.example/u\(k).jpg"]])
        }
        // Eleven records with one placeholder image and different works.
        let works = ["Mill by a river", "Church interior", "Dunes near Haarlem", "Still life with lemons", "Cavalry skirmish",
                     "Village fair", "Moonlit canal", "Ships in a storm", "Kitchen scene", "Orchard in spring", "Town square"]
        for (k, work) in works.enumerated() {
            try t.put("p:\(k)", ["title": [work], "creator": ["Painter \(k)"], "image": ["http://img.example/no-image.png"]])
        }
        let summary = try await t.dedup()
        #expect(summary.clusters == 0 && summary.records == 17)
        #expect(try t.clusters() == [])
    }

    @Test func textsBelowTheThresholdDoNotMatchAndAboveItDo() async throws {
        let t = try DedupTestStore()
        let words = Self.harbour.split(separator: " ").map(String.init)
        var changed = words
        changed[10] = "sailors"  // three shingles of the text differ
        try t.put("x:1", ["title": ["Harbour"], "creator": ["Jan Peeters"], "description": [words.joined(separator: " ")]])
        try t.put("x:2", ["title": ["Harbour"], "creator": ["Jan Peeters"], "description": [changed.joined(separator: " ")]])
        // Same creator, another work.
        try t.put("x:3", ["title": ["Harbour"], "creator": ["Jan Peeters"],
                          "description": ["Fishing boats in the harbour of Rotterdam at dawn with nets drying on the quay"]])
        _ = try await t.dedup()
        let lines = try DedupReport.lines(store: t.store, kinds: DedupOptions().kinds)
        // 37 words of text, 35 shingles each, 32 shared: 32 / 38.
        #expect(lines == [#"{"canonical": "x:1", "members": ["x:1", "x:2"], "evidence": [{"a": "x:1", "b": "x:2", "by": "minhash", "score": 0.8421}]}"#])
        // At 0.9 they are no longer duplicates (the options changed: everything is computed again).
        _ = try await t.dedup(DedupOptions(threshold: 0.9, jobs: 2))
        #expect(try t.clusters() == [])
    }

    @Test func thumbnailsMatchByPerceptualHashes() async throws {
        let t = try DedupTestStore()
        try t.put("i:1", ["title": ["Sunflowers"], "creator": ["Vincent van Gogh"], "image": ["http://img.example/s1.jpg"]])
        try t.put("i:2", ["title": ["Les tournesols"], "creator": ["Van Gogh"], "image": ["http://img.example/s2.jpg"]])
        try t.put("i:3", ["title": ["Irises"], "creator": ["Claude Monet"], "image": ["http://img.example/s3.jpg"]])
        try t.put("i:4", ["title": ["Water lilies"], "creator": ["Claude Monet"], "image": ["http://img.example/s4.jpg"]])
        try t.put("i:5", ["title": ["The bridge"], "creator": ["Someone Else"], "image": ["http://img.example/s5.jpg"]])
        try t.put("i:6", ["title": ["A tavern"], "creator": ["Jan Steen"], "image": ["http://img.example/s6.jpg"]])
        try t.put("i:7", ["title": ["A wedding"], "creator": ["Jan Steen"], "image": ["http://img.example/s7.jpg"]])
        let base: UInt64 = 0x0123_4567_89AB_CDEF
        let hasher = FixedThumbnailHashes(table: [
            "http://img.example/s1.jpg": ImageHashes(phash: base, dhash: ~base),
            "http://img.example/s2.jpg": ImageHashes(phash: base ^ 0b1011, dhash: ~base ^ 0b11),  // 3 and 2 bits apart
            "http://img.example/s3.jpg": ImageHashes(phash: 0xFFFF_0000_FFFF_0000, dhash: 0x0F0F_0F0F_0F0F_0F0F),
            // pHash close to s3's, dHash far: the same creator is the second signal.
            "http://img.example/s4.jpg": ImageHashes(phash: 0xFFFF_0000_FFFF_0001, dhash: 0x1234_5678_1234_5678),
            // pHash close to s3's, dHash far, nothing else in common: no match.
            "http://img.example/s5.jpg": ImageHashes(phash: 0xFFFF_0000_FFFF_0003, dhash: 0x7654_3210_7654_3210),
            // dHash 1 bit apart, pHash far, the same creator: a dHash match alone confirms nothing.
            "http://img.example/s6.jpg": ImageHashes(phash: 0x00FF_00FF_00FF_00FF, dhash: 0x5555_5555_5555_5555),
            "http://img.example/s7.jpg": ImageHashes(phash: 0x3C3C_3C3C_0000_FFFF, dhash: 0x5555_5555_5555_5554),
        ])
        let plain = try await t.dedup()
        #expect(plain.clusters == 0)
        var options = DedupOptions(images: true, jobs: 2)
        _ = try await t.dedup(options, hasher: hasher)
        #expect(try DedupReport.lines(store: t.store, kinds: options.kinds) == [
            #"{"canonical": "i:1", "members": ["i:1", "i:2"], "evidence": [{"a": "i:1", "b": "i:2", "by": "dhash", "score": 0.9688}, {"a": "i:1", "b": "i:2", "by": "phash", "score": 0.9531}]}"#,
            #"{"canonical": "i:3", "members": ["i:3", "i:4"], "evidence": [{"a": "i:3", "b": "i:4", "by": "phash", "score": 0.9844}]}"#,
        ])
        // A tighter distance: only the pair whose both hashes are within 2 bits... none: pHash 3 bits apart.
        options.hamming = 2
        _ = try await t.dedup(options, hasher: hasher)
        #expect(try t.clusters() == ["i:3: i:3 i:4"])
    }
}
