// libFuzzer entry: the XML export reader (Scripts/fuzz.sh builds it).
import FuzzSupport

@testable import Intake

@main
enum FuzzXML {
    static func main() { runFuzzer(fuzz) }
}

/// One XML export, streamed (and re-read in recovery mode after damage): every record made into
/// a request, as `peerdesk ingest` does.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data else { return 0 }
    let reader = XMLExportReader(path: "fuzz.xml", data: UnsafeBufferPointer(start: data, count: size))
    while let item = reader.next() {
        if case .record(let record) = item { _ = InputSource.Iterator.notRequests(record, fieldMap: .empty) }
        _ = RequestBuilder.request(from: item)
    }
    return 0
}
