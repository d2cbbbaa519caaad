import Foundation
import RecordStore
import ThresherCore
import XMLSupport
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
    /// Threads reading and converting XML files (default: the cores of this machine).
    public var jobs: Int

    public init(metadataPrefix: String = "edm", set: String? = nil, pageSize: Int = 500,
                jobs: Int = ProcessInfo.processInfo.activeProcessorCount) {
        self.metadataPrefix = metadataPrefix
        self.set = set
        self.pageSize = max(1, pageSize)
        self.jobs = max(1, jobs)
    }
}

/// Stores the records of published dumps (Europeana's ZIPs of EDM files, directories, OAI-PMH response files, JSON
/// Lines such as `thresher export`'s) as a harvest stores them: the same conversion, upserts by identifier (an older
/// datestamp never replaces newer content; an import run again changes nothing), in pages of `pageSize`.
/// A file or line that cannot be read is reported and skipped; everything else is stored. XML files are parsed and
/// converted on `jobs` threads, a batch at a time, and stored in the order they were read.
public final class Importer {
    private let store: any RecordStoring
    private let options: ImportOptions
    private let progress: ProgressReporter
    private let report: (ImportError) -> Void
    private var page: [RecordInput] = []
    /// XML files waiting to be converted together, with the set their records join, and their bytes in all.
    private var pending: [(item: ImportItem, set: String?)] = []
    private var pendingBytes = 0
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
        try convertPending()
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
                try convertPending()  // problems are reported in file order
                skip(error)
                continue
            }
            let modified = entry.fileAttributes[.modificationDate] as? Date ?? Date()
            try importItem(ImportItem(location: location, kind: kind, data: data, modified: modified), containerSet: set)
        }
        try convertPending()
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
                try convertPending()  // problems are reported in file order
                skip(error)
            }
        }
        try convertPending()
    }

    private func importFile(_ path: String) throws(ImportError) {
        do {
            let (data, modified) = try SourceWalker.readFile(path)
            let kind = data.withUnsafeBytes { ImportFileKind(sniffing: $0) }
            try importItem(ImportItem(location: path, kind: kind, data: data, modified: modified), containerSet: options.set)
            try convertPending()
        } catch let error where error.skipsInput {
            skip(error)
        }
    }

    /// Reads one file's records into the page (storing full pages); XML files wait for a batch to be converted.
    private func importItem(_ item: ImportItem, containerSet: String?) throws(ImportError) {
        switch item.kind {
        case .xml:
            pending.append((item, containerSet))
            pendingBytes += item.data.count
            if pending.count >= 256 || pendingBytes >= 64 << 20 { try convertPending() }
        case .jsonLines:
            try convertPending()  // records are stored in the order they were read
            let datestamp = UTCDatestamp.format(item.modified)
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

    /// Parses and converts the waiting XML files on `jobs` threads, then adds their records in file order.
    private func convertPending() throws(ImportError) {
        guard !pending.isEmpty else { return }
        let files = pending.map { (item: $0.item, set: $0.set) }
        pending.removeAll(keepingCapacity: true)
        pendingBytes = 0
        let results = Locked([Int: Result<XMLRecordFile.Records, ImportError>]())
        let workers = min(options.jobs, files.count)
        let batch = FileBatch(files: files)
        Parallel.run(workers) { worker in
            var local: [(Int, Result<XMLRecordFile.Records, ImportError>)] = []
            // One name table for this thread's files of the batch, as a page's records share one: names are made
            // into Strings once, and the converter's per-table workspace is made once.
            let names = XMLNameTable()
            var index = worker
            while index < batch.files.count {
                let (item, set) = batch.files[index]
                local.append((index, Self.records(item, set: set, names: names)))
                index += workers
            }
            results.withLock { all in for (index, result) in local { all[index] = result } }
        }
        let converted = results.withLock { $0 }
        for (index, file) in files.enumerated() {
            switch converted[index] {
            case .failure(let error):
                skip(error)
            case .success(let records):
                summary.filesRead += 1
                if records.inputs.count != 1, oneRecordPerFile {
                    oneRecordPerFile = false
                    progress.setTotal(0)
                }
                for problem in records.problems {
                    summary.recordProblems += 1
                    report(.record(location: file.item.location, message: problem))
                }
                for input in records.inputs { try add(input) }
            case nil:
                continue  // unreachable: every index was converted
            }
        }
    }

    /// The records of one XML file, or why it was skipped.
    private static func records(_ item: ImportItem, set: String?, names: XMLNameTable) -> Result<XMLRecordFile.Records, ImportError> {
        do {
            return .success(try XMLRecordFile.records(Array(item.data), location: item.location, set: set,
                                                      fallbackDatestamp: UTCDatestamp.format(item.modified), names: names))
        } catch {
            return .failure(error)
        }
    }

    private func importLines(_ buffer: UnsafeBufferPointer<UInt8>, location: String, datestamp: String) throws(ImportError) {
        var start = 0
        var number = 0
        if buffer.count >= 3, buffer[0] == 0xEF, buffer[1] == 0xBB, buffer[2] == 0xBF { start = 3 }
        guard let base = buffer.baseAddress else { return }
        while start < buffer.count {
            let end = memchr(base + start, 0x0A, buffer.count - start)
                .map { UnsafeRawPointer(base).distance(to: UnsafeRawPointer($0)) } ?? buffer.count
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
            try keepStoredXML()
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

    /// A line without XML that repeats a stored record (same datestamp, same JSON: an `export` without `--with-xml`
    /// imported into the store it came from) takes the stored XML, so that the write finds it unchanged instead of
    /// replacing the XML with nothing. Only identifiers the store has are looked up, so a new store costs one
    /// batched lookup per page.
    private func keepStoredXML() throws(StoreError) {
        let candidates = page.indices.filter { !page[$0].deleted && page[$0].metadataBytes == nil }
        guard !candidates.isEmpty else { return }
        let prefix = options.metadataPrefix
        let absent = Set(try store.missing(candidates.map { page[$0].identifier }, metadataPrefix: prefix).map { Array($0.utf8) })
        for index in candidates where !absent.contains(Array(page[index].identifier.utf8)) {
            let input = page[index]
            guard let stored = try store.record(identifier: input.identifier, metadataPrefix: prefix), !stored.deleted,
                  let xml = stored.metadataXML, let json = stored.json, json.utf8.elementsEqual(input.jsonBytes ?? []),
                  UTCDatestamp.sortable(stored.datestamp) == UTCDatestamp.sortable(input.datestamp) else { continue }
            page[index].metadataBytes = Array(xml.utf8)
        }
    }

    private func skip(_ error: ImportError) {
        summary.filesSkipped += 1
        report(error)
    }
}

/// The files of one conversion batch, shared read-only by the converting threads.
private struct FileBatch: Sendable {
    let files: [(item: ImportItem, set: String?)]
}
