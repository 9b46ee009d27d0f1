import CLibXML2
import Foundation

/// Records of an XML export, streamed with libxml2's `xmlTextReader` in constant memory.
///
/// The children of the root element are the records (`<tickets><ticket>…</ticket>…`); each
/// record's descendant elements are its fields, keyed by their path below the record
/// (`requester-email`, `requester.email`). A root whose children are plain values is one record.
/// Text and CDATA are read as text; entity references (`&amp;`) are decoded by the parser.
///
/// Safe by construction: no network (`XML_PARSE_NONET`), no DTD loading, and no entity
/// substitution (`XML_PARSE_NOENT` is never set), so an external entity is never fetched and an
/// entity bomb is never expanded.
final class XMLExportReader {
    let path: String
    private var reader: xmlTextReaderPtr?
    private var index = 0
    private var finished = false
    /// The root turned out to hold plain values: it is a single record.
    private var rootIsRecord = false

    static let options = Int32(
        XML_PARSE_RECOVER.rawValue | XML_PARSE_NONET.rawValue | XML_PARSE_NOCDATA.rawValue | XML_PARSE_NOERROR.rawValue
            | XML_PARSE_NOWARNING.rawValue | XML_PARSE_NOXINCNODE.rawValue
    )

    /// Bytes read from standard input, owned here for the reader's lifetime.
    private var memory: UnsafeMutableBufferPointer<CChar>?

    /// Streams the file at `path` from disk.
    init(path: String) {
        self.path = path
        HTMLText.prepareLibXML()
        reader = xmlReaderForFile(path, nil, Self.options)
    }

    /// Reads a document already in memory (standard input).
    init(path: String, data: some Collection<UInt8>) {
        self.path = path
        HTMLText.prepareLibXML()
        let buffer = UnsafeMutableBufferPointer<CChar>.allocate(capacity: max(1, data.count))
        for (offset, byte) in data.enumerated() { buffer[offset] = CChar(bitPattern: byte) }
        memory = buffer
        reader = xmlReaderForMemory(buffer.baseAddress, Int32(clamping: data.count), nil, nil, Self.options)
    }

    deinit {
        if let reader { xmlFreeTextReader(reader) }
        memory?.deallocate()
    }

    /// Records recovered after a parse error, served before anything else.
    private var recovered: [InputItem] = []
    private var memoryCount = 0

    /// A damaged document up to this size is re-read whole in recovery mode, so the records
    /// around the damage are not lost; a larger one stops at the damage.
    static let recoverySize = 64 << 20

    func next() -> InputItem? {
        if !recovered.isEmpty { return recovered.removeFirst() }
        guard !finished else { return nil }
        guard let reader else {
            finished = true
            return .damaged(Origin(kind: .xml, path: path), reason: "the XML file cannot be opened")
        }
        var fields: [(key: String, value: String)] = []
        var path: [String] = []  // element names below the record
        var text: [UInt8] = []
        var inRecord = false
        var recordHasChildren = false
        while true {
            let status = xmlTextReaderRead(reader)
            if status == 0 { break }
            if status < 0 {
                finished = true
                let line = xmlTextReaderGetParserLineNumber(reader)
                recovered = recover(skipping: index, errorLine: Int(line))
                return recovered.isEmpty ? nil : recovered.removeFirst()
            }
            let depth = Int(xmlTextReaderDepth(reader))
            let type = xmlTextReaderNodeType(reader)
            switch type {
            case Int32(XML_READER_TYPE_ELEMENT.rawValue):
                let name = Self.string(xmlTextReaderConstLocalName(reader))
                let isEmpty = xmlTextReaderIsEmptyElement(reader) == 1
                if depth == 1, !rootIsRecord {
                    inRecord = true
                    recordHasChildren = false
                    fields = []
                    path = []
                    if isEmpty { return emit([]) }
                } else if depth >= 2 || rootIsRecord {
                    recordHasChildren = true
                    path.append(name)
                    text = []
                    if isEmpty { path.removeLast() }
                }
            case Int32(XML_READER_TYPE_TEXT.rawValue), Int32(XML_READER_TYPE_CDATA.rawValue),
                Int32(XML_READER_TYPE_SIGNIFICANT_WHITESPACE.rawValue):
                if let value = xmlTextReaderConstValue(reader) {
                    var length = 0
                    while value[length] != 0 { length += 1 }
                    text.append(contentsOf: UnsafeBufferPointer(start: value, count: length))
                }
            case Int32(XML_READER_TYPE_END_ELEMENT.rawValue):
                if inRecord, depth == 1, !rootIsRecord {
                    if !recordHasChildren {
                        // <root><subject>…</subject>…</root>: the root is the record.
                        rootIsRecord = true
                        let name = Self.string(xmlTextReaderConstLocalName(reader))
                        fields.append((name, Self.trimmed(text)))
                        text = []
                        inRecord = false
                        continue
                    }
                    return emit(fields)
                }
                if depth >= 2 || (rootIsRecord && depth == 1) {
                    if !path.isEmpty {
                        let value = Self.trimmed(text)
                        if !value.isEmpty { fields.append((path.joined(separator: "."), value)) }
                        path.removeLast()
                    }
                    text = []
                }
                if rootIsRecord, depth == 0 {
                    finished = true
                    index += 1
                    return .record(
                        ExportRecord(origin: Origin(kind: .xml, path: self.path, index: index), fields: fields)
                    )
                }
            default:
                continue  // comments, processing instructions, entity references: skipped
            }
        }
        finished = true
        return nil
    }

    /// Re-reads the document as a tree in recovery mode (still no entities, no network), returns
    /// the records after the `skipping` already delivered, and a damaged record naming the line.
    private func recover(skipping delivered: Int, errorLine: Int) -> [InputItem] {
        var items: [InputItem] = []
        let size = memory.map(\.count) ?? fileSize(atPath: path) ?? 0
        let options = Self.options | Int32(XML_PARSE_RECOVER.rawValue)
        let document: xmlDocPtr? =
            size > Self.recoverySize
            ? nil
            : memory.map { xmlReadMemory($0.baseAddress, Int32(clamping: $0.count), nil, nil, options) }
                ?? xmlReadFile(path, nil, options)
        if let document {
            defer { xmlFreeDoc(document) }
            var records = Self.records(in: xmlDocGetRootElement(document))
            records.removeFirst(min(delivered, records.count))
            for fields in records {
                index += 1
                items.append(
                    .record(ExportRecord(origin: Origin(kind: .xml, path: path, index: index), fields: fields))
                )
            }
        }
        index += 1
        let note =
            document == nil
            ? "records after this point were not read" : "the records around it were read in recovery mode"
        items.append(
            .damaged(
                Origin(kind: .xml, path: path, index: index),
                reason: "the XML is not well-formed near line \(errorLine); \(note)"
            )
        )
        return items
    }

    /// The records of a parsed tree: the root's element children, or the root itself when its
    /// children are plain values.
    private static func records(in root: xmlNodePtr?) -> [[(key: String, value: String)]] {
        guard let root else { return [] }
        let children = elementChildren(root)
        if !children.isEmpty, children.allSatisfy({ elementChildren($0).isEmpty }) {
            return [fields(of: root)]
        }
        return children.map(fields(of:))
    }

    private static func elementChildren(_ node: xmlNodePtr) -> [xmlNodePtr] {
        var result: [xmlNodePtr] = []
        var child = node.pointee.children
        while let current = child {
            if current.pointee.type == XML_ELEMENT_NODE { result.append(current) }
            child = current.pointee.next
        }
        return result
    }

    /// Leaf elements below `record`, keyed by their path, with their text.
    private static func fields(of record: xmlNodePtr) -> [(key: String, value: String)] {
        var fields: [(key: String, value: String)] = []
        var stack: [(xmlNodePtr, String)] = elementChildren(record).reversed().map { ($0, string($0.pointee.name)) }
        while let (node, key) = stack.popLast() {
            let children = elementChildren(node)
            if children.isEmpty {
                var text: [UInt8] = []
                var child = node.pointee.children
                while let current = child {
                    if current.pointee.type == XML_TEXT_NODE || current.pointee.type == XML_CDATA_SECTION_NODE,
                        let content = current.pointee.content
                    {
                        var length = 0
                        while content[length] != 0 { length += 1 }
                        text.append(contentsOf: UnsafeBufferPointer(start: content, count: length))
                    }
                    child = current.pointee.next
                }
                let value = trimmed(text)
                if !value.isEmpty { fields.append((key, value)) }
            } else {
                stack.append(contentsOf: children.reversed().map { ($0, key + "." + string($0.pointee.name)) })
            }
        }
        return fields
    }

    private func emit(_ fields: [(key: String, value: String)]) -> InputItem {
        index += 1
        return .record(ExportRecord(origin: Origin(kind: .xml, path: path, index: index), fields: fields))
    }

    private static func string(_ pointer: UnsafePointer<xmlChar>?) -> String {
        guard let pointer else { return "" }
        return String(cString: pointer)
    }

    private static func trimmed(_ bytes: [UInt8]) -> String {
        String(decoding: trimWhitespace(bytes[...]), as: UTF8.self)
    }
}
