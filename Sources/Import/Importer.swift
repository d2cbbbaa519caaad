import Foundation
import RecordStore
import ThresherCore
import ZIPFoundation

/// How an import stores what it reads.
public struct ImportOptions: Sendable {
    /// The format the records are stored under (`edm`, or `oai_dc` for Dublin Core files).
    public var metadataPrefix: String
    /// The set every record joins; nil: a ZIP's or directory's name (`ImportSource.defaultSet`), none for single
    /// files (JSON Lines keep the sets their lines name).
    public var set: String?
    /// Records stored per transaction.
    public var pageSize: Int

    public init(metadataPrefix: String = "edm", set: String? = nil, pageSize: Int = 500) {
        self.metadataPrefix = metadataPrefix
        self.set = set
        self.pageSize = max(1, pageSize)
    }
}

/// Stores the records of published dumps (Europeana's ZIPs of EDM files, directories, OAI-PMH response files, JSON
/// Lines such as `thresher export`'s) as a harvest stores them: the same conversion, upserts by identifier (an older
/// datestamp never replaces newer content; an import run again changes nothing), in pages of `pageSize`.
/// A file or line that cannot be read is reported and skipped; everything else is stored.
public final class Importer {
    private let store: any RecordStoring
    private let options: ImportOptions
    private let progress: ProgressReporter
    private let report: (ImportError) -> Void
    private var page: [RecordInput] = []
    private var summary = ImportSummary()
    /// The record files announced to the progress line, while every file read held one record.
    private var expected = 0
    private var oneRecordPerFile = true

    /// An importer into `store`; `report` hears every skipped file or line and every record problem.
    public init(store: any RecordStoring, options: ImportOptions = ImportOptions(), progress: ProgressReporter,
                report: @escaping (ImportError) -> Void) {
        self.store = store
        self.options = options
        self.progress = progress
        self.report = report
    }

    /// Imports every input path in order (see `ImportSource(path:)`). Throws only when the store cannot be written.
    public func run(inputs: [String]) throws(ImportError) -> ImportSummary {
        summary = ImportSummary()
        let sources = inputs.map(ImportSource.init(path:))
        for source in sources {
            switch source {
            case .zip(let path): try importZIP(path, set: options.set ?? source.defaultSet)
            case .directory(let path): try importDirectory(path, set: options.set ?? source.defaultSet)
            case .file(let path): try importFile(path)
            case .standardInput:
                let data = FileHandle.standardInput.readDataToEndOfFile()
                try importItem(ImportItem(location: "stdin", kind: .jsonLines, data: data, modified: Date()), containerSet: nil)
            }
        }
        try flush()
        return summary
    }

    private func announce(_ files: Int) {
        guard oneRecordPerFile else { return }
        expected += files
        progress.setTotal(expected)
    }

    private func importZIP(_ path: String, set: String?) throws(ImportError) {
        let archive: Archive
        do {
            archive = try SourceWalker.openZIP(path)
        } catch {
            skip(error)
            return
        }
        let (entries, ignored) = SourceWalker.zipEntries(archive)
        summary.ignored += ignored
        announce(entries.count)
        for (entry, kind) in entries {
            let location = "\(path): \(entry.path)"
            let data: Data
            do {
                data = try SourceWalker.extract(entry, from: archive, location: location)
            } catch {
                skip(error)
                continue
            }
            let modified = entry.fileAttributes[.modificationDate] as? Date ?? Date()
            try importItem(ImportItem(location: location, kind: kind, data: data, modified: modified), containerSet: set)
        }
    }

    private func importDirectory(_ path: String, set: String?) throws(ImportError) {
        let listing: (files: [(relative: String, kind: ImportFileKind)], ignored: Int)
        do {
            listing = try SourceWalker.directoryFiles(path)
        } catch {
            skip(error)
            return
        }
        summary.ignored += listing.ignored
        announce(listing.files.count)
        for (relative, kind) in listing.files {
            let full = (path as NSString).appendingPathComponent(relative)
            do {
                let (data, modified) = try SourceWalker.readFile(full)
                try importItem(ImportItem(location: full, kind: kind, data: data, modified: modified), containerSet: set)
            } catch let error where error.skipsInput {
                skip(error)
            }
        }
    }

    private func importFile(_ path: String) throws(ImportError) {
        do {
            let (data, modified) = try SourceWalker.readFile(path)
            let kind = data.withUnsafeBytes { ImportFileKind(sniffing: $0) }
            try importItem(ImportItem(location: path, kind: kind, data: data, modified: modified), containerSet: options.set)
        } catch let error where error.skipsInput {
            skip(error)
        }
    }

    /// Reads one file's records into the page (storing full pages).
    private func importItem(_ item: ImportItem, containerSet: String?) throws(ImportError) {
        let datestamp = UTCDatestamp.format(item.modified)
        switch item.kind {
        case .xml:
            let records: XMLRecordFile.Records
            do {
                records = try XMLRecordFile.records(Array(item.data), location: item.location, set: containerSet,
                                                    fallbackDatestamp: datestamp)
            } catch {
                skip(error)
                return
            }
            summary.filesRead += 1
            if records.inputs.count != 1, oneRecordPerFile {
                oneRecordPerFile = false
                progress.setTotal(0)
            }
            for problem in records.problems {
                summary.recordProblems += 1
                report(.record(location: item.location, message: problem))
            }
            for input in records.inputs { try add(input) }
        case .jsonLines:
            summary.filesRead += 1
            if oneRecordPerFile {
                oneRecordPerFile = false
                progress.setTotal(0)
            }
            do {
                try item.data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) throws -> Void in  // untyped: a typed one crashes Swift 6.3.1's IRGen
                    try importLines(raw.bindMemory(to: UInt8.self), location: item.location, datestamp: datestamp)
                }
            } catch let error as ImportError {
                throw error
            } catch {
                throw .store("\(error)")
            }
        }
    }

    private func importLines(_ buffer: UnsafeBufferPointer<UInt8>, location: String, datestamp: String) throws(ImportError) {
        var start = 0
        var number = 0
        if buffer.count >= 3, buffer[0] == 0xEF, buffer[1] == 0xBB, buffer[2] == 0xBF { start = 3 }
        while start < buffer.count {
            var end = start
            while end < buffer.count, buffer[end] != 0x0A { end += 1 }
            number += 1
            var last = end
            if last > start, buffer[last - 1] == 0x0D { last -= 1 }
            let line = UnsafeBufferPointer(rebasing: buffer[start..<last])
            start = end + 1
            guard line.contains(where: { $0 != 0x20 && $0 != 0x09 }) else { continue }
            do {
                try add(try JSONLineRecord.input(line, extraSet: options.set, fallbackDatestamp: datestamp))
            } catch let failure as LineFailure {
                summary.linesSkipped += 1
                report(.badLine(location: "\(location):\(number)", reason: failure.description))
            } catch let error as ImportError {
                throw error
            } catch {
                throw .store("\(error)")
            }
        }
    }

    private func add(_ input: RecordInput) throws(ImportError) {
        if input.deleted { summary.deleted += 1 }
        page.append(input)
        if page.count >= options.pageSize { try flush() }
    }

    /// Stores the page in one transaction.
    private func flush() throws(ImportError) {
        guard !page.isEmpty else { return }
        let result: PageWriteResult
        do {
            result = try store.storeRecords(page, metadataPrefix: options.metadataPrefix)
        } catch {
            throw .store("\(error)")
        }
        summary.inserted += result.inserted
        summary.updated += result.updated
        summary.unchanged += result.unchanged
        summary.older += result.older
        progress.advance(by: page.count)
        page.removeAll(keepingCapacity: true)
    }

    private func skip(_ error: ImportError) {
        summary.filesSkipped += 1
        report(error)
    }
}
