#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A file mapped read-only into memory, whose pages already read can be given back: a JSON Lines file of any size is
/// measured in the memory of the blocks being scored, not of the file.
final class MappedFile: @unchecked Sendable {
    /// The first byte (nil for an empty file).
    private let base: UnsafeMutableRawPointer?
    /// The file's size in bytes.
    let count: Int
    private var released = 0
    private static let pageSize = Int(sysconf(Int32(_SC_PAGESIZE)))

    /// Maps the regular file at `path`; nil when it cannot be opened or mapped (the caller reads it another way and
    /// reports why).
    init?(path: String) {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
        count = Int(info.st_size)
        guard count > 0 else {
            base = nil
            return
        }
        guard let pointer = mmap(nil, count, PROT_READ, MAP_PRIVATE, fd, 0),
              pointer != UnsafeMutableRawPointer(bitPattern: -1) else { return nil }
        base = pointer
        _ = madvise(pointer, count, MADV_SEQUENTIAL)
    }

    deinit {
        if let base { munmap(base, count) }
    }

    /// The file's bytes.
    var bytes: UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(start: base?.assumingMemoryBound(to: UInt8.self), count: count)
    }

    /// Gives back the pages wholly before byte `offset`: nothing before it is read again. Call from one thread.
    func release(before offset: Int) {
        guard let base else { return }
        let end = offset / Self.pageSize * Self.pageSize
        guard end > released else { return }
        _ = madvise(base + released, end - released, MADV_DONTNEED)
        released = end
    }
}
