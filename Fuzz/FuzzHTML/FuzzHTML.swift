// libFuzzer entry: HTML to text (Scripts/fuzz.sh builds it).
import FuzzSupport

@testable import Intake

@main
enum FuzzHTML {
    static func main() { runFuzzer(fuzz) }
}

/// One HTML body, rendered as text with no charset (libxml2 sniffs `<meta charset>`) and as
/// the UTF-8 a MIME part usually declares.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data else { return 0 }
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    _ = HTMLText.plainText(fromHTML: bytes)
    _ = HTMLText.plainText(fromHTML: bytes, charset: "utf-8")
    return 0
}
