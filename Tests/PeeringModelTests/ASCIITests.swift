import PeeringModel
import Testing

/// `ASCII.lowercased`, the one byte lower-casing the package shares (intake's mail and HTML
/// parsers included).
@Suite struct ASCIITests {
    @Test func lowercasingMapsExactlyTheUpperCaseLetters() {
        for value in 0...255 {
            let byte = UInt8(value)
            let expected = (0x41...0x5A).contains(byte) ? byte + 0x20 : byte
            #expect(ASCII.lowercased(byte) == expected, "byte \(value)")
        }
    }

    @Test func lowercasingAgreesWithStringLowercasingOnASCII() {
        let text = (0..<128).map { Character(Unicode.Scalar(UInt8($0))) }.map(String.init).joined()
        #expect(text.utf8.map(ASCII.lowercased) == Array(text.lowercased().utf8))
    }

    @Test func lowercasingLeavesUTF8Alone() {
        let text = "ÄÖÜ É Ω ﬁ"
        #expect(String(decoding: text.utf8.map(ASCII.lowercased), as: UTF8.self) == text)
        #expect(String(decoding: "Content-TYPE".utf8.map(ASCII.lowercased), as: UTF8.self) == "content-type")
    }
}
