// libFuzzer entry: the MIME parser, as intake reads a message file (Scripts/fuzz.sh builds it).
import FuzzSupport

@testable import Intake

@main
enum FuzzMIME {
    static func main() { runFuzzer(fuzz) }
}

/// One message: parsed, its text sources rendered (HTML, flowed text, attachments, forwarded
/// messages) and its summary read, the way `RequestBuilder` does before extraction.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data else { return 0 }
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    guard ContentSniffer.nonRequestReason(bytes) == nil,
        let message = try? MailMessage.parse(bytes)
    else { return 0 }
    for source in message.textSources { _ = source.text }
    _ = MessageSummary(message)
    return 0
}
