/// Tells inputs that cannot be a request (images, PDFs, archives and Office files, Outlook
/// `.msg`, executables, binary data) from text, by their first bytes, before any format is
/// chosen: such an input is one `unparseable` record whose reason says what it is and what to do,
/// never a CSV of random rows or a message of six missing details.
public enum ContentSniffer {
    /// Why `bytes` are not a request, or `nil` for text.
    public static func nonRequestReason(_ bytes: some Collection<UInt8>) -> String? {
        let head = Array(bytes.prefix(Self.window))  // one copy (byte by byte it was 15 instructions a byte)
        for signature in signatures where head.starts(with: signature.magic) {
            return signature.reason
        }
        // A message that starts with a header field may carry binary parts
        // (Content-Transfer-Encoding: binary): the MIME parser reads those.
        guard !head.isEmpty, !startsWithHeaderField(head) else { return nil }
        // Text has no NUL and almost no control characters; binary data has both (random bytes:
        // one in nine is a control character).
        return looksBinary(head) ? binaryReason : nil
    }

    /// Whether the bytes (a window of them) are binary data rather than text: a NUL, or more
    /// than one control character in fifty. Tab, line breaks, form feed and ESC (ISO-2022-JP
    /// switches character sets with it) are text.
    static func looksBinary(_ head: some Collection<UInt8>) -> Bool {
        controlCharacters(in: head, stopAtNUL: true) * 50 > head.count
    }

    /// ``looksBinary(_:)`` for the decoded text of a MIME text part: a stray NUL in text is
    /// not enough (mail readers show such text), nor are a few control characters in a short
    /// one; random bytes have one control character in nine.
    static func looksLikeBinaryPart(_ head: some Collection<UInt8>) -> Bool {
        let controls = controlCharacters(in: head, stopAtNUL: false)
        return controls >= 8 && controls * 50 > head.count
    }

    /// Control characters that text does not have; `Int.max` at a NUL when `stopAtNUL`.
    private static func controlCharacters(in head: some Collection<UInt8>, stopAtNUL: Bool) -> Int {
        var controls = 0
        for byte in head where byte < 0x20 {
            if byte == 0, stopAtNUL { return Int.max / 64 }
            if byte != 0x09, byte != 0x0A, byte != 0x0D, byte != 0x0C, byte != 0x1B { controls += 1 }
        }
        return controls
    }

    /// `Name: value` (RFC 5322 field name: printable ASCII but colon) or an mbox `From ` line.
    static func startsWithHeaderField(_ head: [UInt8]) -> Bool {
        if head.starts(with: Array("From ".utf8)) { return true }
        for (offset, byte) in head.prefix(80).enumerated() {
            if byte == 0x3A { return offset > 0 }
            if byte <= 0x20 || byte >= 0x7F { return false }
        }
        return false
    }

    /// The bytes looked at: enough for every signature and a fair sample of text.
    static let window = 1_024

    static let binaryReason =
        "binary data, not a message or an export (it has NUL or control bytes): send the request as an email "
        + "(.eml, mbox, Maildir) or a CSV, JSON or XML export"

    struct Signature {
        var magic: [UInt8]
        var reason: String
    }

    static let signatures: [Signature] = [
        Signature(
            magic: [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1],
            reason: "an Outlook .msg file (or another Microsoft compound file): forward the message as an attachment "
                + "or save it as .eml, then ingest that"
        ),
        Signature(
            magic: Array("%PDF-".utf8),
            reason: "a PDF document, not a message: ask the customer to send the six details in the email's text"
        ),
        Signature(
            magic: [0x50, 0x4B, 0x03, 0x04],
            reason: "a ZIP archive (or a .docx/.xlsx Office file): unpack it, or export the sheet as CSV, and ingest "
                + "the messages or export inside"
        ),
        Signature(
            magic: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A],
            reason: "a PNG image, not a message: ask the customer to send the six details as text (a screenshot "
                + "cannot be read)"
        ),
        Signature(
            magic: [0xFF, 0xD8, 0xFF],
            reason: "a JPEG image, not a message: ask the customer to send the six details as text (a screenshot "
                + "cannot be read)"
        ),
        Signature(
            magic: Array("GIF8".utf8),
            reason: "a GIF image, not a message: ask the customer to send the six details as text"
        ),
        Signature(magic: [0x1F, 0x8B], reason: "a gzip archive: unpack it and ingest what is inside"),
        Signature(magic: [0x7F, 0x45, 0x4C, 0x46], reason: "an executable (ELF), not a message or an export"),
    ]
}
