import Foundation
import Intake

/// The real-world row of issue 16: every message of `../shared/corpora`, replicated to a fixed
/// count with a fixed seed, written one file a message under `.build/bench/` so `peerdesk check`
/// and the Python references read exactly the files intake is timed on.
///
/// Every message appears at least once (in corpus order), then the rest are drawn with
/// `SeededRandom`, so the mix is the corpora's and the same seed gives the same files. The folder
/// is rewritten on every run: it is a copy of the corpora, and they may have changed.
enum RealWorldCorpus {
    struct Summary {
        var folder: String
        var files: Int
        var bytes: Int
        /// Distinct corpus messages the files are drawn from.
        var sources: Int
    }

    static func write(from tail: [IntakeBench.Item], count: Int, seed: UInt64, to folder: String) throws -> Summary {
        let messages: [[UInt8]] = tail.compactMap {
            if case .message(let raw) = $0.item { return raw.bytes }
            return nil
        }
        let manager = FileManager.default
        if manager.fileExists(atPath: folder) { try manager.removeItem(atPath: folder) }
        try manager.createDirectory(atPath: folder, withIntermediateDirectories: true)
        guard !messages.isEmpty else { return Summary(folder: folder, files: 0, bytes: 0, sources: 0) }

        var random = SeededRandom(seed: seed)
        var bytes = 0
        for index in 0..<count {
            let message = index < messages.count ? messages[index] : random.pick(messages)
            let url = URL(fileURLWithPath: folder + "/" + String(format: "%05d.eml", index))
            try Data(message).write(to: url)
            bytes += message.count
        }
        return Summary(folder: folder, files: count, bytes: bytes, sources: messages.count)
    }
}

/// One message piped to `peerdesk ingest -`, the way an MTA delivers: a generated request with
/// its Message-ID made unique for each run, so every run files a new ticket in the same desk.
enum StartupMessage {
    /// `template` with its Message-ID replaced by `<startup-RUN-PID@bench.peerdesk.invalid>`
    /// (or one added at the top when it has none).
    static func make(from template: [UInt8], run: Int) -> [UInt8] {
        let identifier = Array("Message-ID: <startup-\(run)-\(getpid())@bench.peerdesk.invalid>".utf8)
        var lines = template.split(separator: 0x0A, omittingEmptySubsequences: false)
        let prefix = Array("message-id:".utf8)
        if let index = lines.prefix(while: { !$0.isEmpty && $0 != [0x0D] }).firstIndex(where: {
            $0.count >= prefix.count && zip($0.prefix(prefix.count), prefix).allSatisfy { $0 | 0x20 == $1 | 0x20 }
        }) {
            let carriageReturn: [UInt8] = lines[index].last == 0x0D ? [0x0D] : []
            lines[index] = ArraySlice(identifier + carriageReturn)
            return Array(lines.joined(separator: [0x0A]))
        }
        return identifier + [0x0D, 0x0A] + template
    }
}
