import Crypto
public import Foundation

/// Makes and recognizes the Message-IDs of our replies.
///
/// A reply's Message-ID names its ticket and carries an HMAC-SHA256 of that name under a secret
/// kept in the database, so a customer's answer threads back to the right ticket through
/// In-Reply-To or References, and nobody who lacks the secret can forge an ID that threads a
/// message into someone else's ticket: `<pd.12.5f2c0a1b9e3d.4b1f…@support.example>`.
public struct MessageIDSigner: Sendable {
    /// Kept as bytes (Crypto's key type is not Sendable); a key is made per use.
    private let secret: Data

    public init(secret: Data) {
        self.secret = secret
    }

    private var key: SymmetricKey { SymmetricKey(data: secret) }

    /// A new Message-ID for a reply on `ticket`, unique by its random nonce.
    public func messageID(ticket: Int64, domain: String) -> String {
        var generator = SystemRandomNumberGenerator()
        let nonce = String(generator.next() as UInt64, radix: 16)
        let name = "pd.\(ticket).\(nonce)"
        return "<\(name).\(signature(of: name))@\(Self.safeDomain(domain))>"
    }

    /// The ticket a Message-ID of ours names, or `nil` when the ID is not ours or its signature
    /// does not verify.
    public func ticket(in messageID: String) -> Int64? {
        var text = Substring(messageID)
        if text.hasPrefix("<") { text = text.dropFirst() }
        if text.hasSuffix(">") { text = text.dropLast() }
        guard let at = text.lastIndex(of: "@") else { return nil }
        let parts = text[..<at].split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4, parts[0] == "pd", let ticket = Int64(parts[1]), ticket > 0 else { return nil }
        let name = "pd.\(parts[1]).\(parts[2])"
        // Compared as MACs (constant time), never as strings.
        guard let given = Self.bytes(hex: parts[3]), given.count == 16 else { return nil }
        let expected = Array(HMAC<SHA256>.authenticationCode(for: Data(name.utf8), using: key)).prefix(16)
        var difference: UInt8 = 0
        for (left, right) in zip(given, expected) { difference |= left ^ right }
        return difference == 0 ? ticket : nil
    }

    /// Every Message-ID of ours found anywhere in `bytes` (a bounce quotes the message it
    /// returns), with the ticket it names.
    public func tickets(quotedIn bytes: [UInt8]) -> [(messageID: String, ticket: Int64)] {
        var found: [(String, Int64)] = []
        let marker: [UInt8] = Array("<pd.".utf8)
        var index = 0
        while index + marker.count <= bytes.count {
            guard bytes[index] == UInt8(ascii: "<"), bytes[index..<index + marker.count].elementsEqual(marker) else {
                index += 1
                continue
            }
            var end = index + 1
            while end < bytes.count, end - index < 200, bytes[end] != UInt8(ascii: ">"), bytes[end] > 0x20 { end += 1 }
            if end < bytes.count, bytes[end] == UInt8(ascii: ">") {
                let candidate = String(decoding: bytes[index...end], as: UTF8.self)
                if let ticket = ticket(in: candidate), !found.contains(where: { $0.0 == candidate }) {
                    found.append((candidate, ticket))
                }
            }
            index = end
        }
        return found
    }

    private func signature(of name: String) -> String {
        let code = HMAC<SHA256>.authenticationCode(for: Data(name.utf8), using: key)
        return code.prefix(16).map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
    }

    private static func bytes(hex: Substring) -> [UInt8]? {
        let digits = Array(hex.utf8)
        guard digits.count.isMultiple(of: 2) else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(digits.count / 2)
        var index = 0
        while index < digits.count {
            guard let high = nibble(digits[index]), let low = nibble(digits[index + 1]) else { return nil }
            bytes.append(high << 4 | low)
            index += 2
        }
        return bytes
    }

    private static func nibble(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        default: return nil
        }
    }

    /// A domain safe in a msg-id: letters, digits, dots and hyphens; anything else gives
    /// `peerdesk.invalid`.
    static func safeDomain(_ domain: String) -> String {
        let allowed = domain.utf8.allSatisfy { byte in
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
                || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
                || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: ".")
                || byte == UInt8(ascii: "-")
        }
        return allowed && !domain.isEmpty && domain.utf8.count <= 200 ? domain.lowercased() : "peerdesk.invalid"
    }
}

/// SHA-256 of an input's bytes: the identity of a message without a Message-ID.
public enum ContentHash {
    public static func of(_ bytes: [UInt8]) -> Data {
        Data(SHA256.hash(data: bytes))
    }
}
