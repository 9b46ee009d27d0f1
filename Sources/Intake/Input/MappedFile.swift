import Foundation
import Glibc

/// The size of the file at `path`, a symbolic link followed (the size of what a read returns,
/// not of the link), or nil when it cannot be known.
func fileSize(atPath path: String) -> Int? {
    var status = stat()
    return stat(path, &status) == 0 ? Int(status.st_size) : nil
}

/// A read-only memory map of a file whose already-read pages can be handed back to the
/// kernel, so reading a 1 GB mbox or JSON export front to back keeps resident memory bounded.
///
/// The mapping is private and never written, so released pages are simply read again from the
/// file if touched; `Data` views it without copying.
final class MappedFile: @unchecked Sendable {
    let data: Data
    private let base: UnsafeMutableRawPointer?
    private let length: Int
    private var released = 0

    /// Pages are released in steps of this many bytes.
    static let releaseStep = 16 << 20

    init?(path: String) {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { return nil }
        length = Int(status.st_size)
        guard length > 0 else {
            base = nil
            data = Data()
            return
        }
        let mapped = mmap(nil, length, PROT_READ, MAP_PRIVATE, descriptor, 0)
        guard let mapped, mapped != MAP_FAILED else { return nil }
        base = mapped
        madvise(mapped, length, MADV_SEQUENTIAL)
        data = Data(bytesNoCopy: mapped, count: length, deallocator: .none)
    }

    deinit {
        if let base { munmap(base, length) }
    }

    /// Lets the kernel drop the pages before `offset` (relative to `data.startIndex`).
    func release(upTo offset: Int) {
        guard let base, offset - released >= Self.releaseStep else { return }
        let pageSize = Int(sysconf(Int32(_SC_PAGESIZE)))
        let end = min(offset, length) / pageSize * pageSize
        guard end > released else { return }
        madvise(base + released, end - released, MADV_DONTNEED)
        released = end
    }
}
