import Foundation
import Glibc
import PeeringModel

/// Where a message came from: the file, its kind, and its 1-based number inside a
/// multi-message file (an mbox).
public struct Origin: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Hashable, Codable {
        case email, mbox, maildir, stdin, csv, json, xml
    }

    public var kind: Kind
    public var path: String
    /// 1-based record number inside a multi-record file; `nil` for a single message.
    public var index: Int?

    public init(kind: Kind, path: String, index: Int? = nil) {
        self.kind = kind
        self.path = path
        self.index = index
    }

    /// `path` or `path#index`, for messages.
    public var description: String { index.map { "\(path)#\($0)" } ?? path }
}

/// One message's bytes and origin.
public struct RawMessage: Sendable {
    public var origin: Origin
    public var bytes: [UInt8]

    public init(origin: Origin, bytes: [UInt8]) {
        self.origin = origin
        self.bytes = bytes
    }
}

/// A path that could not be read: it is reported, and the other paths go on.
public struct InputError: Error, Sendable, Hashable, CustomStringConvertible {
    public var path: String
    public var reason: String

    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }

    public var description: String { "\(path): \(reason)" }
}

/// Expands the paths a user gives into messages, lazily and in a stable order.
///
/// A path is a file (one message, or an mbox when it starts with a `From ` line), a directory
/// (a Maildir when it has `cur/` or `new/`, whose messages are read from both; otherwise every
/// file below it, recursively, hidden files skipped), or `-` for one message on standard input.
/// The kind is decided by content, not by name.
public struct InputSource: Sequence, Sendable {
    public let paths: [String]
    /// Files larger than this are refused (with their size) rather than read.
    public var maximumFileSize: Int = 2 << 30
    /// The export columns the field map names count as request columns (see `isRequestExport`).
    public var fieldMap: FieldMap

    public init(paths: [String], fieldMap: FieldMap = .empty) {
        self.paths = paths
        self.fieldMap = fieldMap
    }

    public func makeIterator() -> Iterator {
        Iterator(pending: paths.reversed().map(Pending.path), maximumFileSize: maximumFileSize, fieldMap: fieldMap)
    }

    enum Pending {
        case path(String)
        case file(String, isMaildir: Bool)
        /// A folder (not a Maildir) below a given path, listed only when it is reached, so a
        /// tree of a million messages is never held as a million paths.
        case folder(String)
    }

    /// A multi-record file being read.
    enum Container {
        case mbox(MboxSplitter)
        case csv(CSVExportReader)
        case json(JSONExportReader)
        case xml(XMLExportReader)

        mutating func next() -> InputItem? {
            switch self {
            case .mbox(var splitter):
                defer { self = .mbox(splitter) }
                return splitter.next().map(InputItem.message)
            case .csv(var reader):
                defer { self = .csv(reader) }
                return reader.next()
            case .json(var reader):
                defer { self = .json(reader) }
                return reader.next()
            case .xml(let reader):
                return reader.next()
            }
        }
    }

    public struct Iterator: IteratorProtocol {
        var pending: [Pending]
        let maximumFileSize: Int
        let fieldMap: FieldMap
        var container: Container?
        /// The export being read has not yet given a record with a column a request could come from.
        var isFirstRecord = false

        public mutating func next() -> Result<InputItem, InputError>? {
            while true {
                if var current = container {
                    if let item = current.next() {
                        container = current
                        if isFirstRecord, case .record(let record) = item, !record.fields.isEmpty {
                            isFirstRecord = false
                            if let reason = Self.notRequests(record, fieldMap: fieldMap) {
                                // The whole export is one unreadable input, not a ticket per row.
                                container = nil
                                let origin = Origin(kind: record.origin.kind, path: record.origin.path)
                                return .success(.damaged(origin, reason: reason))
                            }
                        }
                        return .success(item)
                    }
                    container = nil
                }
                guard let item = pending.popLast() else { return nil }
                switch item {
                case .path(let path):
                    if let result = expand(path) { return result }
                case .file(let path, let isMaildir):
                    if let result = read(path, isMaildir: isMaildir) { return result }
                case .folder(let folder):
                    do {
                        pending.append(contentsOf: try Self.listEntries(folder).reversed())
                    } catch {
                        return .failure(error)
                    }
                }
            }
        }

        private mutating func expand(_ path: String) -> Result<InputItem, InputError>? {
            if path == "-" {
                let data = FileHandle.standardInput.readDataToEndOfFile()
                switch InputFormat.sniff(data, name: "") {
                case .csv: container = .csv(CSVExportReader(path: "-", data: data))
                case .json: container = .json(JSONExportReader(path: "-", data: data, isLines: false))
                case .ndjson: container = .json(JSONExportReader(path: "-", data: data, isLines: true))
                case .xml: container = .xml(XMLExportReader(path: "-", data: data))
                case .email, .mbox:
                    return .success(.message(RawMessage(origin: Origin(kind: .stdin, path: "-"), bytes: [UInt8](data))))
                }
                return nil
            }
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                return .failure(InputError(path: path, reason: "no such file or folder"))
            }
            guard isDirectory.boolValue else {
                pending.append(.file(path, isMaildir: false))
                return nil
            }
            // Every folder below is listed once first, so a folder that cannot be listed fails
            // the whole path before any of its messages is read (as a full listing would);
            // then the folders are listed again, one at a time, as the walk reaches them.
            do {
                try Self.checkListable(path)
                pending.append(contentsOf: try Self.listEntries(path).reversed())
            } catch {
                return .failure(error)
            }
            return nil
        }

        /// The entries of `folder` in walk order: files (a Maildir's `cur/` and `new/`
        /// messages), and sub-folders to list when reached.
        static func listEntries(_ folder: String) throws(InputError) -> [Pending] {
            var entries: [Pending] = []
            try walk(folder) { entry in entries.append(entry) }
            return entries
        }

        /// Lists every folder below `folder` (not keeping the names): throws what the walk
        /// would meet.
        static func checkListable(_ folder: String) throws(InputError) {
            var folders = [folder]  // a stack, so the first folder that fails is the walk's first
            while let next = folders.popLast() {
                var below: [String] = []
                try walk(next) { entry in
                    if case .folder(let path) = entry { below.append(path) }
                }
                folders.append(contentsOf: below.reversed())
            }
        }

        /// One folder's entries, sorted, hidden ones skipped; Maildir folders contribute the
        /// messages of `cur/` and `new/` only.
        private static func walk(_ folder: String, _ visit: (Pending) -> Void) throws(InputError) {
            let manager = FileManager.default
            // Paths stay as the user wrote them ("inbox/a.eml"), not made absolute.
            let prefix = folder.hasSuffix("/") ? folder : folder + "/"
            let names: [String]
            do {
                names = try manager.contentsOfDirectory(atPath: folder).sorted()
            } catch {
                throw InputError(path: folder, reason: "cannot list the folder (\(error.localizedDescription))")
            }
            let isMaildir = names.contains("cur") || names.contains("new")
            for name in names where !name.hasPrefix(".") {
                let path = prefix + name
                // stat, as FileManager.fileExists(atPath:isDirectory:) does (a link is followed),
                // without its String and ObjCBool bridging (5% of a check of 10,000 files).
                var status = stat()
                guard stat(path, &status) == 0 else {
                    // A dangling link or a file that vanished: reading it reports why.
                    if !isMaildir { visit(.file(path, isMaildir: false)) }
                    continue
                }
                if status.st_mode & S_IFMT == S_IFDIR {
                    if isMaildir {
                        guard name == "cur" || name == "new" else { continue }
                        let messages = (try? manager.contentsOfDirectory(atPath: path).sorted()) ?? []
                        for message in messages where !message.hasPrefix(".") {
                            visit(.file(path + "/" + message, isMaildir: true))
                        }
                    } else {
                        visit(.folder(path))
                    }
                } else if !isMaildir {
                    visit(.file(path, isMaildir: false))
                }
            }
        }

        /// Why an export whose first record is `record` holds no requests: none of its columns is
        /// one of the six details or a free text (a billing export, a settings file).
        static func notRequests(_ record: ExportRecord, fieldMap: FieldMap) -> String? {
            guard !record.fields.contains(where: { ExportMapper.isRequestColumn($0.key, fieldMap: fieldMap) }) else {
                return nil
            }
            let shown = record.fields.prefix(6).map { ValueError.displayable($0.key) }.joined(separator: ", ")
            let more = record.fields.count > 6 ? ", …" : ""
            return "an export with no column a request could come from (its columns: \(shown)\(more)): export the "
                + "request form's answers or the tickets' text, or map its columns with --field-map"
        }

        private mutating func read(_ path: String, isMaildir: Bool) -> Result<InputItem, InputError>? {
            // stat, which follows a symbolic link as the read below does (the link's own size,
            // which lstat gives, cut a linked message to a few bytes), without FileManager's
            // attribute dictionary (owner names and all: 30k instructions a file). When it fails,
            // FileManager is asked after all, so the reason reads as it always has.
            let knownSize = fileSize(atPath: path)
            if let size = knownSize {
                if size > maximumFileSize {
                    return .failure(
                        InputError(path: path, reason: "is \(size) bytes, over the \(maximumFileSize)-byte limit")
                    )
                }
            } else {
                do {
                    let attributes = try FileManager.default.attributesOfItem(atPath: path)
                    if let size = attributes[.size] as? Int, size > maximumFileSize {
                        return .failure(
                            InputError(path: path, reason: "is \(size) bytes, over the \(maximumFileSize)-byte limit")
                        )
                    }
                } catch {
                    return .failure(InputError(path: path, reason: "cannot be read (\(error.localizedDescription))"))
                }
            }
            // A small file (most mail) is read into memory: mapping and unmapping it cost more than
            // the copy (the unmap flushes the TLB of every core running the pipeline's threads).
            if let size = knownSize, size <= Self.smallFileSize, let bytes = Self.readWhole(path, size: size) {
                let format = isMaildir ? .email : InputFormat.sniff(bytes, name: path)
                if format == .email {
                    let kind: Origin.Kind = isMaildir ? .maildir : .email
                    return .success(.message(RawMessage(origin: Origin(kind: kind, path: path), bytes: bytes)))
                }
                return open(Data(bytes), format: format, path: path, file: nil)
            }
            // Mapped, so a large mbox or export is paged in as it is read, and paged out after.
            guard let file = MappedFile(path: path) else {
                return .failure(InputError(path: path, reason: "cannot be read (\(String(cString: strerror(errno))))"))
            }
            let data = file.data
            let format = isMaildir ? .email : InputFormat.sniff(data, name: path)
            if format == .email {
                let kind: Origin.Kind = isMaildir ? .maildir : .email
                return .success(.message(RawMessage(origin: Origin(kind: kind, path: path), bytes: [UInt8](data))))
            }
            return open(data, format: format, path: path, file: file)
        }

        /// Files up to this size are read, larger ones mapped.
        static let smallFileSize = 1 << 20

        /// Starts reading a container (mbox, export) of `format`; nil: its items come next.
        private mutating func open(
            _ data: Data,
            format: InputFormat,
            path: String,
            file: MappedFile?
        ) -> Result<InputItem, InputError>? {
            isFirstRecord = true
            switch format {
            case .mbox: container = .mbox(MboxSplitter(data: data, path: path, file: file))
            case .csv: container = .csv(CSVExportReader(path: path, data: data, file: file))
            case .json: container = .json(JSONExportReader(path: path, data: data, isLines: false, file: file))
            case .ndjson: container = .json(JSONExportReader(path: path, data: data, isLines: true, file: file))
            case .xml: container = .xml(XMLExportReader(path: path))
            case .email: return nil
            }
            return nil
        }

        /// The whole file in one buffer, nil when it cannot be read or changed size meanwhile.
        private static func readWhole(_ path: String, size: Int) -> [UInt8]? {
            let descriptor = Glibc.open(path, O_RDONLY)
            guard descriptor >= 0 else { return nil }
            defer { close(descriptor) }
            var bytes = [UInt8](repeating: 0, count: size)
            var filled = 0
            let complete = bytes.withUnsafeMutableBytes { buffer -> Bool in
                guard let base = buffer.baseAddress else { return size == 0 }
                while filled < size {
                    let count = Glibc.read(descriptor, base + filled, size - filled)
                    if count < 0, errno == EINTR { continue }
                    guard count > 0 else { return false }
                    filled += count
                }
                return true
            }
            return complete ? bytes : nil
        }
    }
}
