import Glibc
import PeeringModel
import Synchronization

/// Text decoded from bytes in a declared charset.
public struct DecodedText: Sendable, Hashable {
    public var text: String
    /// The charset actually used (a canonical name), which may differ from the declared one.
    public var charset: String
    /// Replacement characters were needed, or the declared charset was unknown or lied.
    public var isLossy: Bool
}

/// Charset decoding: UTF-8 and Latin-1 natively, everything else through glibc's iconv.
///
/// Labels are matched as mail software meets them (`ks_c_5601-1987`, `x-sjis`, `"UTF-8"`), and
/// mapped to the superset a mail client would use (GB2312 → GB18030, EUC-KR → CP949,
/// Shift_JIS → CP932), as WHATWG's encoding standard does. An unknown label, or bytes that are
/// not valid in the declared charset, go through a fallback chain — valid UTF-8, else
/// Windows-1252 — and the result is flagged lossy.
enum Charset {
    static func decode(_ bytes: ArraySlice<UInt8>, label: String?) -> DecodedText {
        let name = label.map(canonicalName) ?? "us-ascii"
        switch name {
        case "utf-8", "us-ascii":
            if let text = validUTF8(bytes) {
                return DecodedText(text: text, charset: name, isLossy: false)
            }
            // Mostly UTF-8 with some damage: keep it UTF-8 and mark the bad bytes, rather than
            // reading every character as Windows-1252 ("yÃ¶tÃ¤").
            if name == "utf-8", containsMultibyteUTF8(bytes) {
                return DecodedText(text: String(decoding: bytes, as: UTF8.self), charset: name, isLossy: true)
            }
            return fallback(bytes, declared: name)
        case "utf-7":
            // Our own decoder: iconv reads a "+" that lax encoders leave bare as UTF-16 noise.
            let decoded = UTF7.decode(bytes)
            return DecodedText(text: decoded.text, charset: name, isLossy: decoded.isLossy)
        case "iso-8859-1":
            // Mail labelled Latin-1 is in practice Windows-1252 (curly quotes in 0x80–0x9F).
            return decodeWithIconv(bytes, name: "CP1252", charset: "windows-1252")
                ?? DecodedText(text: latin1(bytes), charset: "iso-8859-1", isLossy: false)
        default:
            guard let iconvName = iconvNames[name] ?? (name.hasPrefix("iso-8859-") ? name.uppercased() : nil),
                let decoded = decodeWithIconv(bytes, name: iconvName, charset: name)
            else {
                return fallback(bytes, declared: name)
            }
            return decoded
        }
    }

    /// Lower case, quotes and spaces removed, common aliases folded.
    /// Whether the charset encodes ASCII in more than one byte (UTF-16, UTF-32, UCS-2/4), so
    /// that its bytes below 0x20 are not control characters.
    static func isWide(_ label: String?) -> Bool {
        guard let label else { return false }
        let name = canonicalName(label)
        return name.hasPrefix("utf-16") || name.hasPrefix("utf-32") || name.hasPrefix("ucs")
            || name.hasPrefix("unicode")
    }

    static func canonicalName(_ label: String) -> String {
        // ASCII (every real label): lower-cased byte by byte, which is what the scalar path does
        // to ASCII.
        if label.utf8.allSatisfy({ $0 < 0x80 }) {
            let name = String(
                decoding: label.utf8.compactMap { byte -> UInt8? in
                    byte == 0x22 || byte == 0x27 || byte == 0x20 ? nil : ASCII.lowercased(byte)
                },
                as: UTF8.self
            )
            return aliases[name] ?? name
        }
        var name = ""
        for scalar in label.unicodeScalars where scalar != "\"" && scalar != "'" && scalar != " " {
            name.unicodeScalars.append(scalar.properties.lowercaseMapping.unicodeScalars.first ?? scalar)
        }
        return aliases[name] ?? name
    }

    private static let aliases: [String: String] = [
        "utf8": "utf-8", "unicode-1-1-utf-8": "utf-8", "x-unicode20utf8": "utf-8",
        "ascii": "us-ascii", "ansi_x3.4-1968": "us-ascii", "iso646-us": "us-ascii", "default": "us-ascii",
        "latin1": "iso-8859-1", "iso8859-1": "iso-8859-1", "iso_8859-1": "iso-8859-1", "l1": "iso-8859-1",
        "cp1252": "windows-1252", "x-cp1252": "windows-1252", "cp1251": "windows-1251", "cp1250": "windows-1250",
        "ks_c_5601-1987": "euc-kr", "ks_c_5601": "euc-kr", "ksc5601": "euc-kr", "cp949": "euc-kr",
        "x-sjis": "shift_jis", "sjis": "shift_jis", "ms_kanji": "shift_jis", "windows-31j": "shift_jis",
        "cp932": "shift_jis", "x-euc-jp": "euc-jp", "gb_2312-80": "gb2312", "x-gbk": "gbk", "cp936": "gbk",
        "big5-hkscs": "big5", "x-big5": "big5", "cn-big5": "big5", "koi8r": "koi8-r", "utf7": "utf-7",
        "unicode-1-1-utf-7": "utf-7", "unicode-2-0-utf-7": "utf-7", "x-unicode-2-0-utf-7": "utf-7", "x-utf-7": "utf-7",
        "csunicode11utf7": "utf-7",
    ]

    private static let iconvNames: [String: String] = [
        "windows-1250": "CP1250", "windows-1251": "CP1251", "windows-1252": "CP1252", "windows-1253": "CP1253",
        "windows-1254": "CP1254", "windows-1255": "CP1255", "windows-1256": "CP1256", "windows-1257": "CP1257",
        "windows-1258": "CP1258", "koi8-r": "KOI8-R", "koi8-u": "KOI8-U", "gb2312": "GB18030", "gbk": "GB18030",
        "gb18030": "GB18030", "big5": "BIG5-HKSCS", "shift_jis": "CP932", "euc-jp": "EUC-JP",
        "iso-2022-jp": "ISO-2022-JP-3", "euc-kr": "CP949", "utf-7": "UTF-7", "utf-16": "UTF-16",
        "utf-16le": "UTF-16LE", "utf-16be": "UTF-16BE", "iso-8859-8-i": "ISO-8859-8", "tis-620": "TIS-620",
        "windows-874": "CP874", "macintosh": "MACINTOSH", "ibm866": "CP866", "cp850": "CP850",
    ]

    private static func fallback(_ bytes: ArraySlice<UInt8>, declared: String) -> DecodedText {
        if let text = validUTF8(bytes) {
            // Valid UTF-8: the label lied only if it claimed another charset.
            return DecodedText(text: text, charset: "utf-8", isLossy: declared != "us-ascii")
        }
        if let decoded = decodeWithIconv(bytes, name: "CP1252", charset: "windows-1252") {
            return DecodedText(text: decoded.text, charset: decoded.charset, isLossy: true)
        }
        return DecodedText(text: String(decoding: bytes, as: UTF8.self), charset: "utf-8", isLossy: true)
    }

    /// Whether the bytes hold at least one well-formed multi-byte UTF-8 sequence.
    static func containsMultibyteUTF8(_ bytes: ArraySlice<UInt8>) -> Bool {
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let lead = bytes[index]
            let length =
                lead >= 0xF0 && lead <= 0xF4
                ? 4 : lead >= 0xE0 && lead <= 0xEF ? 3 : lead >= 0xC2 && lead <= 0xDF ? 2 : 0
            if length > 0, index + length <= bytes.endIndex,
                bytes[(index + 1)..<(index + length)].allSatisfy({ $0 & 0xC0 == 0x80 })
            {
                return true
            }
            index += 1
        }
        return false
    }

    private static func latin1(_ bytes: ArraySlice<UInt8>) -> String {
        var text = ""
        text.unicodeScalars.reserveCapacity(bytes.count)
        for byte in bytes { text.unicodeScalars.append(Unicode.Scalar(byte)) }
        return text
    }

    /// Converts with iconv to UTF-8; an invalid sequence becomes U+FFFD (the byte is skipped)
    /// and marks the result lossy. `nil` when iconv does not know `name`.
    private static func decodeWithIconv(_ bytes: ArraySlice<UInt8>, name: String, charset: String) -> DecodedText? {
        // Windows-1252 (Outlook's charset, and what Latin-1 labels mean) is a table: decoded
        // here byte for byte as glibc's CP1252 converter does (a test compares all 256 bytes),
        // without opening a converter per part.
        if name == "CP1252" { return decodeWindows1252(bytes, charset: charset) }
        return iconvDecode(bytes, name: name, charset: charset)
    }

    /// U+0080…U+009F of Windows-1252; 0 where glibc has no character (0x81, 0x8D, 0x8F, 0x90, 0x9D).
    private static let windows1252High: [UInt32] = [
        0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
        0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E,
        0x0178,
    ]

    /// The descriptor kept open for each converter name, so its module stays loaded. They are
    /// held here, not only counted: a descriptor nothing points to is a leak to LeakSanitizer
    /// (the fuzz targets reported one per converter when only the names were kept).
    private static let pinnedConverters = Mutex<[String: UnsafeMutableRawPointer]>([:])

    /// glibc loads a converter's module (`gconv/*.so`) when a descriptor opens and unloads it
    /// when the last one closes, so decoding one KOI8-R part at a time mapped and unmapped the
    /// module for every part (449 loads in a `check` of the 10,000 real-world files, 4% of its
    /// time). The first time a converter is used, one more descriptor of it is opened and kept,
    /// so its module stays loaded; at most 64 names, which bounds what labels can make us keep.
    private static func pinModule(of name: String) {
        pinnedConverters.withLock { pinned in
            guard pinned.count < 64, pinned[name] == nil else { return }
            if let descriptor = iconv_open("UTF-8", name), Int(bitPattern: descriptor) != -1 {
                pinned[name] = descriptor
            }
        }
    }

    /// Whether a descriptor of the converter is held open (for the tests).
    static func holdsConverter(_ name: String) -> Bool {
        pinnedConverters.withLock { $0[name] != nil }
    }

    /// Windows-1252 to text; a byte without a character becomes U+FFFD and marks it lossy, as
    /// in ``iconvDecode(_:name:charset:)``.
    static func decodeWindows1252(_ bytes: ArraySlice<UInt8>, charset: String) -> DecodedText {
        var isLossy = false
        let output = [UInt8](unsafeUninitializedCapacity: bytes.count * 3) { buffer, count in
            var produced = 0
            windows1252High.withUnsafeBufferPointer { table in
                for byte in bytes {
                    if byte < 0x80 {
                        buffer[produced] = byte
                        produced += 1
                        continue
                    }
                    let scalar = byte >= 0xA0 ? UInt32(byte) : table[Int(byte - 0x80)]
                    if scalar == 0 {
                        buffer[produced] = 0xEF
                        buffer[produced + 1] = 0xBF
                        buffer[produced + 2] = 0xBD
                        produced += 3
                        isLossy = true
                    } else if scalar < 0x800 {
                        buffer[produced] = UInt8(0xC0 | scalar >> 6)
                        buffer[produced + 1] = UInt8(0x80 | scalar & 0x3F)
                        produced += 2
                    } else {
                        buffer[produced] = UInt8(0xE0 | scalar >> 12)
                        buffer[produced + 1] = UInt8(0x80 | scalar >> 6 & 0x3F)
                        buffer[produced + 2] = UInt8(0x80 | scalar & 0x3F)
                        produced += 3
                    }
                }
            }
            count = produced
        }
        return DecodedText(text: String(decoding: output, as: UTF8.self), charset: charset, isLossy: isLossy)
    }

    static func iconvDecode(_ bytes: ArraySlice<UInt8>, name: String, charset: String) -> DecodedText? {
        let converter = iconv_open("UTF-8", name)
        guard let converter, Int(bitPattern: converter) != -1 else { return nil }
        defer { iconv_close(converter) }
        pinModule(of: name)
        var input = Array(bytes)
        var output = [UInt8](repeating: 0, count: max(64, input.count * 4 + 16))
        var produced = 0
        var isLossy = false
        let inputCount = input.count
        var consumed = 0
        input.withUnsafeMutableBufferPointer { inBuffer in
            while consumed < inputCount {
                if output.count - produced < 16 { output.append(contentsOf: repeatElement(0, count: output.count)) }
                let status: Int = output.withUnsafeMutableBufferPointer { outBuffer in
                    guard let inBase = inBuffer.baseAddress, let outBase = outBuffer.baseAddress else { return 0 }
                    var inPointer: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(inBase + consumed)
                        .assumingMemoryBound(to: CChar.self)
                    var inLeft = inputCount - consumed
                    var outPointer: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(outBase + produced)
                        .assumingMemoryBound(to: CChar.self)
                    var outLeft = outBuffer.count - produced
                    let result = iconv(converter, &inPointer, &inLeft, &outPointer, &outLeft)
                    consumed = inputCount - inLeft
                    produced = outBuffer.count - outLeft
                    return result == -1 ? Int(errno) : 0
                }
                switch status {
                case 0:
                    break
                case Int(E2BIG):
                    output.append(contentsOf: repeatElement(0, count: output.count))
                default:
                    // EILSEQ or EINVAL (truncated sequence): one replacement character, skip a byte.
                    isLossy = true
                    if output.count - produced < 3 { output.append(contentsOf: repeatElement(0, count: 64)) }
                    output.replaceSubrange(produced..<produced + 3, with: [0xEF, 0xBF, 0xBD])
                    produced += 3
                    consumed += 1
                }
            }
        }
        // Flush any shift state (ISO-2022-JP, UTF-7).
        _ = output.withUnsafeMutableBufferPointer { outBuffer -> Int in
            guard let outBase = outBuffer.baseAddress else { return 0 }
            var outPointer: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(outBase + produced)
                .assumingMemoryBound(to: CChar.self)
            var outLeft = outBuffer.count - produced
            let result = iconv(converter, nil, nil, &outPointer, &outLeft)
            produced = outBuffer.count - outLeft
            return result
        }
        return DecodedText(
            text: String(decoding: output[0..<produced], as: UTF8.self),
            charset: charset,
            isLossy: isLossy
        )
    }
}
