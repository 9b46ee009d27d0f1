// libFuzzer entry: the JSON and NDJSON export reader (Scripts/fuzz.sh builds it).
import Foundation
import FuzzSupport

@testable import Intake

@main
enum FuzzJSON {
    static func main() { runFuzzer(fuzz) }
}

/// One JSON export, read as a JSON document and as NDJSON: every record made into a request,
/// as `peerdesk ingest` does.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data else { return 0 }
    let bytes = Data(bytes: data, count: size)
    for isLines in [false, true] {
        var reader = JSONExportReader(path: "fuzz.json", data: bytes, isLines: isLines)
        while let item = reader.next() {
            if case .record(let record) = item { _ = InputSource.Iterator.notRequests(record, fieldMap: .empty) }
            _ = RequestBuilder.request(from: item)
        }
    }
    return 0
}
