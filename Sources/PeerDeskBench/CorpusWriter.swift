import Foundation

/// Writes a generated corpus to a folder: single messages in `mail/NNN/` (1,000 a folder),
/// some mbox files, and some help-desk and form exports, in the proportions mail arrives.
///
/// A corpus already written with the same seed and count (its `.complete` stamp says so) is
/// reused, so a second `make bench` does not write 100,000 files again.
enum CorpusWriter {
    struct Summary {
        var items: Int
        var files: Int
        var bytes: Int
        var reused: Bool
    }

    static func write(count: Int, seed: UInt64, to folder: String) throws -> Summary {
        let manager = FileManager.default
        let stamp = folder + "/.complete"
        let expected = "seed \(seed) count \(count) version 1"
        if let existing = try? String(contentsOfFile: stamp, encoding: .utf8), existing.hasPrefix(expected) {
            let bytes = Int(existing.split(separator: " ").last ?? "") ?? 0
            return Summary(items: count, files: 0, bytes: bytes, reused: true)
        }
        if manager.fileExists(atPath: folder) { try manager.removeItem(atPath: folder) }
        try manager.createDirectory(atPath: folder, withIntermediateDirectories: true)

        var factory = MessageFactory(seed: seed)
        var summary = Summary(items: 0, files: 0, bytes: 0, reused: false)
        func save(_ bytes: [UInt8], _ path: String) throws {
            let url = URL(fileURLWithPath: folder + "/" + path)
            try manager.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(bytes).write(to: url)
            summary.files += 1
            summary.bytes += bytes.count
        }

        // 3% of the requests come as exports (25 records a file), 5% in mbox files (50 a file).
        let exportFiles = max(1, count * 3 / 100 / 25)
        for index in 0..<exportFiles {
            let name = String(format: "%03d", index)
            switch index % 4 {
            case 0: try save(factory.formCSV(count: 25), "exports/form-\(name).csv")
            case 1: try save(factory.helpdeskJSON(count: 25, lines: false), "exports/helpdesk-\(name).json")
            case 2: try save(factory.helpdeskJSON(count: 25, lines: true), "exports/tickets-\(name).ndjson")
            default: try save(factory.helpdeskXML(count: 25), "exports/helpdesk-\(name).xml")
            }
            summary.items += 25
        }
        let mboxFiles = count * 5 / 100 / 50
        for index in 0..<mboxFiles {
            var mbox: [UInt8] = []
            for _ in 0..<50 {
                let message = factory.message(factory.pickKind())
                mbox += Array("From bench@astronomer.example Tue Nov 24 09:12:00 2026\n".utf8)
                mbox += escapeFromLines(message)
                mbox.append(0x0A)
            }
            try save(mbox, "mbox/box-\(String(format: "%03d", index)).mbox")
            summary.items += 50
        }
        var number = 0
        while summary.items < count {
            let message = factory.message(factory.pickKind())
            try save(message, String(format: "mail/%03d/%06d.eml", number / 1000, number))
            number += 1
            summary.items += 1
        }
        try "\(expected) bytes \(summary.bytes)".write(toFile: stamp, atomically: true, encoding: .utf8)
        return summary
    }

    /// mboxrd: a body line starting with `From ` (after any `>`) gets one more `>`.
    private static func escapeFromLines(_ message: [UInt8]) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(message.count + 16)
        var lineStart = true
        var index = 0
        while index < message.count {
            if lineStart {
                var probe = index
                while probe < message.count, message[probe] == 0x3E { probe += 1 }
                if message[probe...].starts(with: "From ".utf8) { output.append(0x3E) }
            }
            output.append(message[index])
            lineStart = message[index] == 0x0A
            index += 1
        }
        return output
    }
}
