// libFuzzer entry: field extraction (Scripts/fuzz.sh builds it).
import FuzzSupport
import PeeringModel

@testable import Intake

@main
enum FuzzExtraction {
    static func main() { runFuzzer(fuzz) }
}

/// One text (bytes read as UTF-8): extraction of the peering fields from it as a mail body and
/// as quoted history, and the chosen values applied to a request, as `RequestBuilder` does.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data else { return 0 }
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let sources = [
        TextSource(part: 0, name: "text/plain", text: text),
        TextSource(part: 1, name: "forwarded message text/plain", text: text, isQuotedHistory: true),
    ]
    let extraction = FieldExtractor.extract(sources)
    var request = PeeringRequest(source: PeeringRequest.Source(kind: .email, path: "fuzz.eml"))
    RequestBuilder.apply(extraction, to: &request)
    return 0
}
