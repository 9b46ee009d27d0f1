import Foundation
import Glibc

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

    public init(paths: [String]) {
        self.paths = paths
    }

    public func makeIterator() -> Iterator {
        Iterator(pending: paths.reversed().map(Pending.path), maximumFileSize: maximumFileSize)
    }

    enum Pending {
        case path(String)
        case file(String, isMaildir: Bool)
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
        var container: Container?

        public mutating func next() -> Result<InputItem, InputError>? {
            while true {
                if var current = container {
                    if let item = current.next() {
                        container = current
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
                }
            }
        }

        private mutating func expand(_ path: String) -> Result<InputItem, InputError>? {
            if path == "-" {
                let data = FileHandle.standardInput.readDataToEndOfFile()
                switch InputFormat.sniff(data, name: "") {
                case .csv: container = .csv(CSVExportReader(path: "-", stream: InputStream(data: data), data: data))
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
            let files: [(String, Bool)]
            do {
                files = try Self.listFolder(path)
            } catch {
                return .failure(error)
            }
            pending.append(contentsOf: files.reversed().map { Pending.file($0.0, isMaildir: $0.1) })
            return nil
        }

        /// Files below `folder`, sorted; Maildir folders contribute `cur/` and `new/` only.
        static func listFolder(_ folder: String) throws(InputError) -> [(String, Bool)] {
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
            var files: [(String, Bool)] = []
            for name in names where !name.hasPrefix(".") {
                let path = prefix + name
                var isDirectory: ObjCBool = false
                guard manager.fileExists(atPath: path, isDirectory: &isDirectory) else {
                    // A dangling link or a file that vanished: reading it reports why.
                    if !isMaildir { files.append((path, false)) }
                    continue
                }
                if isDirectory.boolValue {
                    if isMaildir {
                        guard name == "cur" || name == "new" else { continue }
                        let messages = (try? manager.contentsOfDirectory(atPath: path).sorted()) ?? []
                        files += messages.filter { !$0.hasPrefix(".") }.map { (path + "/" + $0, true) }
                    } else {
                        files += try listFolder(path)
                    }
                } else if !isMaildir {
                    files.append((path, false))
                }
            }
            return files
        }

        private mutating func read(_ path: String, isMaildir: Bool) -> Result<InputItem, InputError>? {
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
            // Mapped, so a large mbox or export is paged in as it is read, and paged out after.
            guard let file = MappedFile(path: path) else {
                return .failure(InputError(path: path, reason: "cannot be read (\(String(cString: strerror(errno))))"))
            }
            let data = file.data
            let format = isMaildir ? .email : InputFormat.sniff(data, name: path)
            switch format {
            case .mbox: container = .mbox(MboxSplitter(data: data, path: path, file: file))
            case .csv: container = .csv(CSVExportReader(path: path, stream: InputStream(fileAtPath: path), data: data))
            case .json: container = .json(JSONExportReader(path: path, data: data, isLines: false, file: file))
            case .ndjson: container = .json(JSONExportReader(path: path, data: data, isLines: true, file: file))
            case .xml: container = .xml(XMLExportReader(path: path))
            case .email:
                let kind: Origin.Kind = isMaildir ? .maildir : .email
                return .success(.message(RawMessage(origin: Origin(kind: kind, path: path), bytes: [UInt8](data))))
            }
            return nil
        }
    }
}
