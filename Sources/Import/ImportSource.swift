import Foundation
import ZIPFoundation
#if canImport(CZlib)
import CZlib
#endif

/// One input named on the command line: a ZIP archive, a directory, a single XML or JSON Lines file, or standard
/// input (`-`, JSON Lines).
public enum ImportSource: Equatable, Sendable {
    case zip(path: String)
    case directory(path: String)
    case file(path: String)
    case standardInput

    /// The source at `path`: `-` is standard input, a directory is read whole, a file ending in `.zip` (or starting
    /// with a ZIP signature) is an archive, any other file one XML or JSON Lines file. A path that cannot be
    /// examined is a file (reading it then says why).
    public init(path: String) {
        if path == "-" { self = .standardInput; return }
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            self = .directory(path: path)
        } else if path.lowercased().hasSuffix(".zip") || Self.hasZIPSignature(path) {
            self = .zip(path: path)
        } else {
            self = .file(path: path)
        }
    }

    /// The set a ZIP's or directory's records belong to when `--set` names none: its name without `.zip`.
    public var defaultSet: String? {
        switch self {
        case .zip(let path):
            let name = (path as NSString).lastPathComponent
            return name.lowercased().hasSuffix(".zip") ? String(name.dropLast(4)) : name
        case .directory(let path):
            let name = ((path as NSString).standardizingPath as NSString).lastPathComponent
            return name.isEmpty || name == "/" || name == "." ? nil : name
        case .file, .standardInput:
            return nil
        }
    }

    private static func hasZIPSignature(_ path: String) -> Bool {
        guard let handle = FileHandle(forReadingAtPath: path) else { return false }
        defer { try? handle.close() }
        let head = (try? handle.read(upToCount: 4)) ?? Data()
        return head.elementsEqual([0x50, 0x4B, 0x03, 0x04])
    }
}

/// What a file in a source holds, by its name (in a ZIP or directory) or its first byte (a file named alone).
enum ImportFileKind: Equatable, Sendable {
    case xml
    case jsonLines

    /// The kind a ZIP entry or directory file is read as, by its extension; nil for files that are passed over
    /// (anything else, and hidden files such as `.DS_Store` or `__MACOSX/` entries).
    init?(name: String) {
        let components = name.split(separator: "/")
        guard let last = components.last, !last.hasPrefix("."),
              !components.contains(where: { $0 == "__MACOSX" }) else { return nil }
        switch (String(last) as NSString).pathExtension.lowercased() {
        case "xml", "rdf": self = .xml
        case "jsonl", "ndjson": self = .jsonLines
        default: return nil
        }
    }

    /// The kind of a file named alone: XML when it starts with `<` (past a byte-order mark and white space).
    init(sniffing bytes: UnsafeRawBufferPointer) {
        var k = 0
        while k < bytes.count, [0x20, 0x09, 0x0A, 0x0D, 0xEF, 0xBB, 0xBF].contains(bytes[k]) { k += 1 }
        self = k < bytes.count && bytes[k] == UInt8(ascii: "<") ? .xml : .jsonLines
    }
}

/// One file to read: where it is (for messages), what it holds, its bytes and its modification time.
struct ImportItem: Sendable {
    var location: String
    var kind: ImportFileKind
    var data: Data
    var modified: Date
}

/// Walks sources file by file.
enum SourceWalker {
    /// The files of a directory that are read (see `ImportFileKind(name:)`), sorted by path, and how many were
    /// passed over.
    static func directoryFiles(_ path: String) throws(ImportError) -> (files: [(relative: String, kind: ImportFileKind)], ignored: Int) {
        guard let enumerator = FileManager.default.enumerator(atPath: path) else {
            throw .unreadable(path: path, reason: "cannot list the directory")
        }
        var files: [(String, ImportFileKind)] = []
        var ignored = 0
        while let relative = enumerator.nextObject() as? String {
            let full = (path as NSString).appendingPathComponent(relative)
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: full, isDirectory: &isDirectory), !isDirectory.boolValue else { continue }
            if let kind = ImportFileKind(name: relative) { files.append((relative, kind)) } else { ignored += 1 }
        }
        files.sort { $0.0.utf8.lexicographicallyPrecedes($1.0.utf8) }
        return (files, ignored)
    }

    /// A file's bytes (mapped) and modification time.
    static func readFile(_ path: String) throws(ImportError) -> (data: Data, modified: Date) {
        do {
            let data = try Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped)
            let attributes = try FileManager.default.attributesOfItem(atPath: path)
            return (data, attributes[.modificationDate] as? Date ?? Date())
        } catch {
            throw .unreadable(path: path, reason: (error as NSError).localizedDescription)
        }
    }

    /// The entries of a ZIP archive that are read, in archive order, and how many were passed over.
    static func zipEntries(_ archive: Archive) -> (entries: [(entry: Entry, kind: ImportFileKind)], ignored: Int) {
        var entries: [(Entry, ImportFileKind)] = []
        var ignored = 0
        for entry in archive where entry.type == .file {
            if let kind = ImportFileKind(name: entry.path) { entries.append((entry, kind)) } else { ignored += 1 }
        }
        return (entries, ignored)
    }

    /// Opens a ZIP archive for reading.
    static func openZIP(_ path: String) throws(ImportError) -> Archive {
        guard FileManager.default.isReadableFile(atPath: path) else {
            throw .unreadable(path: path, reason: FileManager.default.fileExists(atPath: path) ? "permission denied" : "no such file")
        }
        do {
            return try Archive(url: URL(fileURLWithPath: path), accessMode: .read)
        } catch {
            throw .notAZip(path: path, reason: "\(error)")
        }
    }

    /// An entry's bytes, checked against its CRC-32 (by zlib where ZIPFoundation's zlib module is visible: on
    /// Linux ZIPFoundation computes it byte by byte in Swift, a tenth of a debug import's time).
    static func extract(_ entry: Entry, from archive: Archive, location: String) throws(ImportError) -> Data {
        var data = Data()
        data.reserveCapacity(Int(clamping: entry.uncompressedSize))
        do {
            #if canImport(CZlib)
            _ = try archive.extract(entry, bufferSize: 1 << 16, skipCRC32: true) { chunk in data.append(chunk) }
            let checksum = data.withUnsafeBytes { raw in
                UInt32(truncatingIfNeeded: crc32_z(0, raw.bindMemory(to: UInt8.self).baseAddress, raw.count))
            }
            guard checksum == entry.checksum else {
                throw ImportError.badEntry(location: location, reason: "its CRC-32 does not match (the archive is damaged)")
            }
            #else
            _ = try archive.extract(entry, bufferSize: 1 << 16) { chunk in data.append(chunk) }
            #endif
        } catch let error as ImportError {
            throw error
        } catch {
            throw .badEntry(location: location, reason: "\(error)")
        }
        return data
    }
}
