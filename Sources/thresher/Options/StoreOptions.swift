import ArgumentParser
import Foundation
import RecordStore

/// `--store PATH`: the record store file, shared by every command.
struct StoreOptions: ParsableArguments {
    @Option(name: .long, help: "The record store (SQLite file).")
    var store: String = "./thresher.sqlite"

    func validate() throws {
        if store.trimmingCharacters(in: .whitespaces).isEmpty { throw ValidationError("--store: the record store's path is empty") }
    }

    /// Opens the store (writing new payloads as `payloadCompression` says), or throws a one-line error.
    func open(payloadCompression: PayloadCompression = .zstd) throws -> SQLiteRecordStore {
        do {
            return try SQLiteRecordStore(path: store, payloadCompression: payloadCompression) { migrations in
                printError("thresher: \(store): upgrading the store (\(migrations.joined(separator: ", "))); "
                           + "this reads the whole store once and may take minutes")
            }
        } catch {
            throw CommandFailure("\(error)")
        }
    }

    /// Opens an existing store for reading, or throws a one-line error when it does not exist; a store this
    /// user may not write (the file, or its directory for SQLite's side files) is opened read-only.
    func openExisting() throws -> SQLiteRecordStore {
        guard FileManager.default.fileExists(atPath: store) else { throw CommandFailure("\(store): no such record store") }
        let directory = (store as NSString).deletingLastPathComponent
        let writable = access(store, W_OK) == 0 && access(directory.isEmpty ? "." : directory, W_OK) == 0
        if writable { return try open() }
        do {
            return try SQLiteRecordStore(path: store, readOnly: true)
        } catch {
            throw CommandFailure("\(error)")
        }
    }
}

/// `--payload-compression zstd|none`: how `harvest` writes record payloads (zstd frames by default; `none` writes them
/// as text, as stores before `v6-compressed-payloads` did: for benchmarks, which compare both in one run, and for
/// tools that read the SQLite file directly).
enum PayloadCompressionChoice: String, CaseIterable, ExpressibleByArgument {
    case zstd
    case none

    /// The store setting this choice stands for.
    var compression: PayloadCompression { self == .zstd ? .zstd : .uncompressed }
}

/// `--quiet`: no progress on stderr.
struct ProgressOptions: ParsableArguments {
    @Flag(name: .long, help: "Show no progress on stderr.")
    var quiet = false
}
