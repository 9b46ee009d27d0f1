import Foundation

/// The public MIME corpora in `../shared/corpora`, read at test time (never copied here).
enum Corpora {
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("shared/corpora")

    static var isPresent: Bool {
        FileManager.default.fileExists(atPath: root.appendingPathComponent("stalwart/eml").path)
    }

    /// Every file under `folder` (relative to the corpora root), sorted, recursively.
    static func files(under folder: String, suffix: String? = nil) -> [URL] {
        let base = root.appendingPathComponent(folder)
        guard let enumerator = FileManager.default.enumerator(at: base, includingPropertiesForKeys: [.isRegularFileKey])
        else { return [] }
        var urls: [URL] = []
        for case let url as URL in enumerator {
            guard (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true else { continue }
            if let suffix, !url.lastPathComponent.hasSuffix(suffix) { continue }
            urls.append(url)
        }
        return urls.sorted { $0.path < $1.path }
    }

    /// Path relative to the corpora root, for messages.
    static func name(_ url: URL) -> String {
        String(url.path.dropFirst(root.path.count + 1))
    }
}
