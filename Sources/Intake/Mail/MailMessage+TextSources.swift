extension MailMessage {
    /// The texts extraction searches, in reading order: the subject, the text body (HTML
    /// rendered, flowed text joined), text/plain and text/csv attachments, then each attached
    /// message (a forwarded request) — its subject and body, marked as quoted history. Last, the
    /// HTML alternatives of plain bodies (`isAlternative`), rendered only if read.
    public var textSources: [TextSource] {
        var sources: [TextSource] = []
        var alternatives: [TextSource] = []
        appendSources(root: 0, into: &sources, alternatives: &alternatives, isForwarded: false)
        return sources + alternatives
    }

    private func appendSources(
        root: Int,
        into sources: inout [TextSource],
        alternatives: inout [TextSource],
        isForwarded: Bool
    ) {
        let prefix = isForwarded ? "forwarded message " : ""
        if let subject = parts[root].headers[.subject], !subject.isEmpty {
            sources.append(
                TextSource(part: root, name: prefix + "subject", text: subject, isQuotedHistory: isForwarded)
            )
        }
        let bodies = BodyStructure.bodies(of: self, root: root)
        let body = root == 0 ? textBody : bodies.text
        for index in bodies.html where parts[index].mimeType == "text/html" && !body.contains(index) {
            guard parts[index].text?.isEmpty == false else { continue }
            alternatives.append(
                TextSource(
                    alternative: parts[index],
                    name: prefix + "alternative text/html",
                    isQuotedHistory: isForwarded
                )
            )
        }
        for index in body {
            if let text = parts[index].readableText, !text.isEmpty {
                sources.append(
                    TextSource(
                        part: index,
                        name: prefix + parts[index].mimeType,
                        text: text,
                        isQuotedHistory: isForwarded
                    )
                )
            }
        }
        // Attachments of this message (not of nested ones) that are text worth searching.
        for index in descendants(of: root) where !body.contains(index) {
            let part = parts[index]
            // Alternatives of the body (the HTML twin of a plain text) are not attachments.
            guard part.isAttachment || part.filename != nil || part.mimeType == "text/csv",
                part.mimeType == "text/plain" || part.mimeType == "text/csv" || part.mimeType == "text/html",
                let text = part.readableText, !text.isEmpty
            else { continue }
            let name = prefix + "attachment " + (part.filename ?? part.mimeType)
            sources.append(TextSource(part: index, name: name, text: text, isQuotedHistory: isForwarded))
        }
        for index in descendants(of: root) {
            if case .message(let nested) = parts[index].content {
                appendSources(root: nested, into: &sources, alternatives: &alternatives, isForwarded: true)
            }
        }
    }

    /// Parts below `root`, not descending into attached messages.
    private func descendants(of root: Int) -> [Int] {
        var result: [Int] = []
        var stack = [root]
        while let index = stack.popLast() {
            if index != root { result.append(index) }
            if case .multipart(let children) = parts[index].content { stack.append(contentsOf: children.reversed()) }
        }
        return result
    }
}
