import Foundation

/// The few pieces of RFC 5322 syntax a draft checks before it writes them into a header.
///
/// Everything here is strict and ASCII-only: a value that does not match is refused (or, for
/// message IDs of the thread, dropped), never repaired into something that could smuggle a line
/// break or a second address into the header block.
enum MailSyntax {
    /// `atext` of RFC 5322 section 3.2.3.
    private static let atext: Set<UInt8> = Set(
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&'*+-/=?^_`{|}~".utf8
    )

    /// The address when `text` is exactly one addr-spec (`local@domain`, a dot-atom local part
    /// and a host name of letters, digits and hyphens), else nil.
    static func addrSpec(_ text: String) -> String? {
        let bytes = Array(text.utf8)
        guard bytes.count <= 254, let at = bytes.lastIndex(of: UInt8(ascii: "@")) else { return nil }
        let local = bytes[..<at]
        let domain = bytes[(at + 1)...]
        guard isDotAtom(local), local.count <= 64, isHostName(domain) else { return nil }
        return text
    }

    /// A mailbox as a caller writes it: `support@example.com` or
    /// `Astro Support <support@example.com>` (the name may be quoted). Nil when it is anything
    /// else, including any control character.
    static func mailbox(_ text: String) -> (name: String?, address: String)? {
        guard !text.unicodeScalars.contains(where: { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) }) else {
            return nil
        }
        let trimmed = text.trimmingSpaces()
        guard trimmed.hasSuffix(">"), let open = trimmed.lastIndex(of: "<") else {
            return addrSpec(trimmed).map { (nil, $0) }
        }
        let inner = String(trimmed[trimmed.index(after: open)..<trimmed.index(before: trimmed.endIndex)])
        guard let address = addrSpec(inner) else { return nil }
        var name = String(trimmed[..<open]).trimmingSpaces()
        if name.count >= 2, name.hasPrefix("\""), name.hasSuffix("\"") {
            var unquoted = ""
            var escaped = false
            for character in name.dropFirst().dropLast() {
                if !escaped, character == "\\" {
                    escaped = true
                    continue
                }
                escaped = false
                unquoted.append(character)
            }
            name = unquoted
        }
        guard !name.contains("<"), !name.contains(">") else { return nil }
        return (name.isEmpty ? nil : name, address)
    }

    /// The message ID in brackets when `text` is one msg-id (`<left@right>`, printable ASCII
    /// without spaces, at most 250 bytes); surrounding whitespace is ignored and missing
    /// brackets are added. Nil for anything else.
    static func messageID(_ text: String) -> String? {
        var core = Substring(text.trimmingCharacters(in: .whitespacesAndNewlines))
        if core.hasPrefix("<"), core.hasSuffix(">"), core.count >= 2 { core = core.dropFirst().dropLast() }
        let bytes = Array(core.utf8)
        guard !bytes.isEmpty, bytes.count <= 248,
            bytes.allSatisfy({ $0 > 0x20 && $0 < 0x7F && $0 != UInt8(ascii: "<") && $0 != UInt8(ascii: ">") }),
            let at = bytes.lastIndex(of: UInt8(ascii: "@")), at > 0, at < bytes.count - 1
        else { return nil }
        return "<" + String(core) + ">"
    }

    /// A ticket reference such as `PD-12`: 1 to 32 letters, digits, `-`, `_` or `.`, starting
    /// with a letter or digit.
    static func isTicketReference(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard let first = bytes.first, bytes.count <= 32, isAlphanumeric(first) else { return false }
        return bytes.allSatisfy {
            isAlphanumeric($0) || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: ".")
        }
    }

    private static func isDotAtom(_ bytes: ArraySlice<UInt8>) -> Bool {
        guard !bytes.isEmpty else { return false }
        return bytes.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false).allSatisfy { atom in
            !atom.isEmpty && atom.allSatisfy(atext.contains)
        }
    }

    private static func isHostName(_ bytes: ArraySlice<UInt8>) -> Bool {
        guard !bytes.isEmpty, bytes.count <= 253 else { return false }
        let labels = bytes.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        return labels.allSatisfy { label in
            guard let first = label.first, let last = label.last, label.count <= 63 else { return false }
            return isAlphanumeric(first) && isAlphanumeric(last)
                && label.allSatisfy { isAlphanumeric($0) || $0 == UInt8(ascii: "-") }
        }
    }

    private static func isAlphanumeric(_ byte: UInt8) -> Bool {
        (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
    }
}

extension String {
    /// Without leading and trailing spaces and tabs.
    func trimmingSpaces() -> String {
        trimmingCharacters(in: CharacterSet(charactersIn: " \t"))
    }
}
