/// Which parts are a message's text body: JMAP's algorithm (RFC 8621, section 4.1.4), which
/// mail readers and the conformance corpus follow. Plain text is preferred within
/// multipart/alternative; HTML stands in where no plain alternative exists.
enum BodyStructure {
    private struct Lists {
        var text: [Int] = []
        var html: [Int] = []
        var attachments: [Int] = []
    }

    static func textBody(of message: MailMessage, root: Int) -> [Int] {
        bodies(of: message, root: root).text
    }

    /// JMAP's textBody and htmlBody: the parts read as plain text, and as HTML (where the HTML
    /// alternative of a plain part stands in for it).
    static func bodies(of message: MailMessage, root: Int) -> (text: [Int], html: [Int]) {
        var lists = Lists()
        walk([root], multipartType: "mixed", inAlternative: false, textOn: true, htmlOn: true, message, &lists)
        return (lists.text, lists.html)
    }

    /// `textOn`/`htmlOn` are the algorithm's "textBody/htmlBody is not null", local to each level.
    private static func walk(
        _ indexes: [Int],
        multipartType: String,
        inAlternative: Bool,
        textOn: Bool,
        htmlOn: Bool,
        _ message: MailMessage,
        _ lists: inout Lists
    ) {
        var textOn = textOn
        var htmlOn = htmlOn
        let textLength = lists.text.count
        let htmlLength = lists.html.count
        for (position, index) in indexes.enumerated() {
            let part = message.parts[index]
            let type = part.mimeType
            if case .multipart(let children) = part.content {
                let subtype = String(type.dropFirst("multipart/".count))
                walk(
                    children,
                    multipartType: subtype,
                    inAlternative: inAlternative || subtype == "alternative",
                    textOn: textOn,
                    htmlOn: htmlOn,
                    message,
                    &lists
                )
                continue
            }
            let isMedia = type.hasPrefix("image/") || type.hasPrefix("audio/") || type.hasPrefix("video/")
            let isInline =
                !part.isAttachment && (type == "text/plain" || type == "text/html" || isMedia)
                && (position == 0 || (multipartType != "related" && (isMedia || part.filename == nil)))
            guard isInline else {
                lists.attachments.append(index)
                continue
            }
            if multipartType == "alternative" {
                switch type {
                case "text/plain": if textOn { lists.text.append(index) }
                case "text/html": if htmlOn { lists.html.append(index) }
                default: lists.attachments.append(index)
                }
                continue
            }
            if inAlternative {
                if type == "text/plain" { htmlOn = false }
                if type == "text/html" { textOn = false }
            }
            if textOn { lists.text.append(index) }
            if htmlOn { lists.html.append(index) }
            if (!textOn || !htmlOn) && isMedia { lists.attachments.append(index) }
        }
        if multipartType == "alternative", textOn, htmlOn {
            if textLength == lists.text.count, htmlLength != lists.html.count {
                lists.text.append(contentsOf: lists.html[htmlLength...])
            }
            if htmlLength == lists.html.count, textLength != lists.text.count {
                lists.html.append(contentsOf: lists.text[textLength...])
            }
        }
    }
}
