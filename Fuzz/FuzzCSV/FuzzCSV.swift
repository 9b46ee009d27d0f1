// libFuzzer entry: the CSV export reader (Scripts/fuzz.sh builds it).
import Foundation
import FuzzSupport

@testable import Intake

@main
enum FuzzCSV {
    static func main() { runFuzzer(fuzz) }
}

/// One CSV export: every row read and made into a request, as `peerdesk ingest` does.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data else { return 0 }
    var reader = CSVExportReader(path: "fuzz.csv", data: Data(bytes: data, count: size))
    while let item = reader.next() {
        if case .record(let record) = item { _ = InputSource.Iterator.notRequests(record, fieldMap: .empty) }
        _ = RequestBuilder.request(from: item)
    }
    return 0
}
