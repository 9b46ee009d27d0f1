import Crypto
import Foundation

/// Random 256-bit secrets (session IDs, API tokens, CSRF tokens) and their digests.
enum Secret {
    /// 32 random bytes from the system's secure generator, base64url without padding (43 characters,
    /// safe in a cookie, a header and a form).
    static func make() -> String {
        var generator = SystemRandomNumberGenerator()
        return base64URL((0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) })
    }

    /// The SHA-256 of a secret, as stored.
    static func digest(_ secret: String) -> Data {
        Data(SHA256.hash(data: Data(secret.utf8)))
    }

    /// The form token of a session: an HMAC of a fixed label keyed by the session ID, so it is
    /// stored nowhere and a page's forms carry it without revealing the session.
    static func csrfToken(session: String) -> String {
        let key = SymmetricKey(data: Data(session.utf8))
        return base64URL(Array(HMAC<SHA256>.authenticationCode(for: Data("peerdesk-csrf".utf8), using: key)))
    }

    /// Compares two strings in time independent of where they differ.
    static func equal(_ lhs: String, _ rhs: String) -> Bool {
        let left = Array(lhs.utf8)
        let right = Array(rhs.utf8)
        guard left.count == right.count else { return false }
        var difference: UInt8 = 0
        for index in left.indices { difference |= left[index] ^ right[index] }
        return difference == 0
    }

    static func base64URL(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}
