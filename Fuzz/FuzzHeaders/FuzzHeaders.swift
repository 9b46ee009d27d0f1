// libFuzzer entry: the header decoders (Scripts/fuzz.sh builds it).
import FuzzSupport

@testable import Intake

@main
enum FuzzHeaders {
    static func main() { runFuzzer(fuzz) }
}

/// One header value, through every decoder a header goes through: RFC 2047 encoded words,
/// parameters (RFC 2231 continuations and charsets), address lists; and the charset, UTF-7 and
/// transfer-encoding decoders behind them (and the base64 count against the decoder). An input `label\n…` also decodes the rest in
/// charset `label`.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data else { return 0 }
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let value = bytes[...]
    _ = EncodedWords.decode(value)
    _ = HeaderParameters.parse(value)
    _ = MailAddress.parseList(value)
    _ = HeaderField(name: "Subject", rawValue: bytes).value
    _ = UTF7.decode(value)
    // An attachment's size is counted without decoding it: the count must be what decoding makes.
    let decoded = TransferEncoding.decodeBase64(value)
    precondition(TransferEncoding.decodedBase64Count(value) == decoded.count, "base64 count differs from decoding")
    _ = TransferEncoding.decodeQuotedPrintable(value)
    if let newline = bytes.firstIndex(of: 0x0A), newline <= 40 {
        let label = String(decoding: bytes[..<newline], as: UTF8.self)
        _ = Charset.decode(bytes[(newline + 1)...], label: label)
    }
    return 0
}
