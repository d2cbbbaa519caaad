import Foundation
import Testing
import TestSupport

/// `thresher report` as the executable runs it: the files it writes, what it prints and its exit status, on a store
/// of sample records and on bad input.
@Suite struct ReportCommandTests {
    @Test func aReportOfTheSampleRecords() throws {
        let dir = try TemporaryDirectory()
        let store = try CheckCommandTests.sampleStore(dir)
        let out = dir.path("r")
        let html = try CheckCommandTests.run(["report", "--store", store, "--out", out, "--quiet"])
        #expect(html.status == 0 && html.out == out + "/index.html\n" && html.err.isEmpty, "\(html.err)")
        for file in ["index.html", "index.json", "groups.csv"] {
            #expect(FileManager.default.fileExists(atPath: out + "/" + file), "\(file)")
        }
        for kind in ["dataset", "provider", "store"] {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: out + "/" + kind)) ?? []
            #expect(names.contains("records") && names.contains { $0.hasSuffix(".html") } && names.contains { $0.hasSuffix(".json") }, "\(kind)")
        }
        let csv = try CheckCommandTests.run(["report", "--store", store, "--out", dir.path("c") + "//", "--format", "csv", "--by", "store", "--quiet"])
        #expect(csv.status == 0 && csv.out == dir.path("c") + "/groups.csv\n")
        let rows = try String(contentsOfFile: dir.path("c") + "/groups.csv", encoding: .utf8).split(separator: "\n")
        // 40 sample records, 2 of them deleted.
        #expect(rows.count == 2 && rows[1].hasPrefix("store,store,38,"))
    }

    @Test func badInputIsOneLineAndAnExitStatus() throws {
        let dir = try TemporaryDirectory()
        let store = try CheckCommandTests.sampleStore(dir)
        let missing = try CheckCommandTests.run(["report", "--store", dir.path("none.sqlite"), "--out", dir.path("r"), "--quiet"])
        #expect(missing.status == 1 && missing.err == "thresher: \(dir.path("none.sqlite")): no such record store\n", "\(missing.err)")
        let set = try CheckCommandTests.run(["report", "--store", store, "--set", "nosuch", "--out", dir.path("r"), "--quiet"])
        #expect(set.status == 1 && set.err == "thresher: --set nosuch: no record of the store is in this set\n", "\(set.err)")
        #expect(!FileManager.default.fileExists(atPath: dir.path("r")))
        for (arguments, status) in [(["--by", "nation"], Int32(64)), (["--format", "pdf"], 64), (["--schema", "nosuch"], 64)] {
            let bad = try CheckCommandTests.run(["report", "--store", store, "--out", dir.path("r"), "--quiet"] + arguments)
            // A usage error: the reason on the first line, then the usage.
            let first = bad.err.split(separator: "\n").first.map(String.init) ?? ""
            #expect(bad.status == status && first.hasPrefix("thresher: ") && first.contains(arguments[1]), "\(bad.err)")
        }
        // A file in the way of the output folder: its path and the system's reason.
        #expect(FileManager.default.createFile(atPath: dir.path("afile"), contents: Data()))
        let blocked = try CheckCommandTests.run(["report", "--store", store, "--out", dir.path("afile") + "/r", "--quiet"])
        #expect(blocked.status == 1 && blocked.err == "thresher: \(dir.path("afile")): cannot write the report: Not a directory\n", "\(blocked.err)")
        // After every failure the store is whole.
        let check = try CheckCommandTests.run(["check", "--store", store])
        #expect(check.status == 0, "\(check.err)")
    }
}
