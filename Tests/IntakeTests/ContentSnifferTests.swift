import Foundation
import Intake
import Testing

@Suite struct ContentSnifferTests {
    @Test(
        arguments: [
            ([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00], "a PNG image"),
            ([0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10], "a JPEG image"),
            (Array("%PDF-1.7\n".utf8), "a PDF document"),
            ([0x50, 0x4B, 0x03, 0x04, 0x14, 0x00], "a ZIP archive"),
            ([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0x00], "an Outlook .msg file"),
            ([0x7F, 0x45, 0x4C, 0x46, 0x02, 0x01], "an executable"),
            ([0x00, 0x01, 0x02, 0x41, 0x42], "binary data"),
        ] as [([UInt8], String)]
    )
    func whatCannotBeARequestSaysWhatItIs(bytes: [UInt8], reason: String) throws {
        let found = try #require(ContentSniffer.nonRequestReason(bytes))
        #expect(found.hasPrefix(reason))
    }

    @Test func randomBytesAreBinary() {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<3_072).map { _ in UInt8.random(in: 0x01...0xFF, using: &generator) }
        #expect(ContentSniffer.nonRequestReason(bytes)?.hasPrefix("binary data") == true)
    }

    @Test(arguments: [
        "From: ana@northwind.example\r\nSubject: VPC\r\n\r\nAWS account ID: 123456789012",
        "AWS account ID,Region\n123456789012,us-east-1\n",
        "{\"aws_account_id\": \"123456789012\"}",
        "Grüße aus München: die VPC-ID ist vpc-0abc1234",
    ])
    func textIsNotJunk(text: String) {
        #expect(ContentSniffer.nonRequestReason(Array(text.utf8)) == nil)
    }

    /// Latin-1 bytes, ISO-2022-JP escapes, and a message whose binary part holds NUL bytes
    /// (UTF-16 with Content-Transfer-Encoding: binary) are still text to read.
    @Test func legacyCharsetsAndBinaryPartsOfMailAreRead() {
        let latin1: [UInt8] =
            Array("Gr".utf8) + [0xFC, 0xDF, 0x65] + Array(" aus M".utf8) + [0xFC] + Array("nchen".utf8)
        #expect(ContentSniffer.nonRequestReason(latin1) == nil)
        let jis: [UInt8] = [0x1B, 0x24, 0x42, 0x46, 0x7C, 0x4B, 0x5C, 0x1B, 0x28, 0x42, 0x0A]
        #expect(ContentSniffer.nonRequestReason(jis) == nil)
        let binaryPart = Array("Content-Type: text/plain; charset=utf-16le\n\n".utf8) + [0x54, 0x00, 0x65, 0x00]
        #expect(ContentSniffer.nonRequestReason(binaryPart) == nil)
    }
}
