import Foundation
import Replies
import Testing

@Suite struct HeaderTextTests {
    static let injections = [
        "Hello\r\nBcc: victim@example.com",
        "Hello\nBcc: victim@example.com",
        "Hello\rBcc: victim@example.com",
        "Hello\u{0}\u{1B}[31m\u{7F}",
        "Hello\u{85}Bcc: x@example.com",
        "Hello\u{2028}Bcc: x@example.com",
        "Héllo\r\nBcc: victim@example.com",
        "=?UTF-8?B?SGVsbG8NCkJjYzogeEBleGFtcGxlLmNvbQ==?=",
    ]

    @Test(arguments: injections)
    func noValueCanBreakOutOfItsHeader(value: String) {
        for encoded in [HeaderText.encodedUnstructured(value), HeaderText.encodedDisplayName(value)] {
            // The only line breaks are the folds the encoder made, each followed by a space.
            let lines = encoded.components(separatedBy: "\r\n")
            #expect(lines.dropFirst().allSatisfy { $0.hasPrefix(" ") }, "\(encoded.debugDescription)")
            for line in lines {
                #expect(
                    !line.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F },
                    "\(encoded.debugDescription)"
                )
            }
            #expect(!encoded.contains("\nBcc"))
        }
    }

    @Test(arguments: [
        ("VPC peering request", "VPC peering request"),
        ("  two   spaces\tand tab ", "two spaces and tab"),
        ("a\r\nb", "a b"),
    ])
    func asciiTextStaysReadable(value: String, expected: String) {
        #expect(HeaderText.encodedUnstructured(value) == expected)
    }

    @Test func nonASCIIBecomesEncodedWordsThatDecodeBack() throws {
        let value = String(repeating: "Peering für Zürich — 東京 ", count: 8)
        let encoded = HeaderText.encodedUnstructured(value)
        let words = encoded.components(separatedBy: "\r\n ")
        #expect(words.count > 1)
        var decoded = Data()
        for word in words {
            #expect(word.count <= 75, "RFC 2047 limits an encoded word to 75 characters")
            #expect(word.hasPrefix("=?UTF-8?B?") && word.hasSuffix("?="))
            let payload = String(word.dropFirst(10).dropLast(2))
            decoded.append(try #require(Data(base64Encoded: payload)))
            // Each word holds whole characters: it decodes on its own.
            #expect(String(data: try #require(Data(base64Encoded: payload)), encoding: .utf8) != nil)
        }
        #expect(String(decoding: decoded, as: UTF8.self) == HeaderText.sanitized(value))
    }

    @Test(arguments: [
        ("Ana Lopez", "Ana Lopez"),
        ("Lopez, Ana", "\"Lopez, Ana\""),
        ("Ana \"the admin\" Lopez", "\"Ana \\\"the admin\\\" Lopez\""),
        ("Ana <x@y>", "\"Ana <x@y>\""),
    ])
    func displayNamesAreQuotedWhenTheyHaveSpecials(value: String, expected: String) {
        #expect(HeaderText.encodedDisplayName(value) == expected)
    }
}
