import Foundation
import GRDB

/// A date as GRDB stores it ("yyyy-MM-dd HH:mm:ss.SSS", UTC), formatted by arithmetic.
///
/// GRDB formats every `Date` it binds with a `DateFormatter` (ICU): a quarter of the ingest
/// writer's time went there, two to five dates per input. The text is the same byte for byte
/// (pinned by `StoredDateTests` against GRDB's own encoding), so stored rows and GRDB's
/// decoding are unchanged.
enum StoredDate {
    static func databaseValue(_ date: Date) -> DatabaseValue {
        // As ICU computes it: seconds since 2001 shifted to 1970, in milliseconds, half up.
        let milliseconds = ((date.timeIntervalSinceReferenceDate + 978_307_200) * 1000 + 0.5).rounded(.down)
        // Outside years 1–9999 the text would not be 23 characters; GRDB's formatter handles it.
        guard milliseconds > -62_135_596_800_000, milliseconds < 253_402_300_800_000 else {
            return date.databaseValue
        }
        let total = Int64(milliseconds)
        let (days, dayMilliseconds) = floorDivision(total, 86_400_000)
        let (year, month, day) = civil(days: days)
        let secondsOfDay = dayMilliseconds / 1000
        var bytes = [UInt8](repeating: 0, count: 23)
        func put(_ value: Int64, _ at: Int, _ width: Int) {
            var value = value
            for index in stride(from: at + width - 1, through: at, by: -1) {
                bytes[index] = UInt8(truncatingIfNeeded: 48 + value % 10)
                value /= 10
            }
        }
        put(year, 0, 4)
        bytes[4] = UInt8(ascii: "-")
        put(month, 5, 2)
        bytes[7] = UInt8(ascii: "-")
        put(day, 8, 2)
        bytes[10] = UInt8(ascii: " ")
        put(secondsOfDay / 3600, 11, 2)
        bytes[13] = UInt8(ascii: ":")
        put(secondsOfDay / 60 % 60, 14, 2)
        bytes[16] = UInt8(ascii: ":")
        put(secondsOfDay % 60, 17, 2)
        bytes[19] = UInt8(ascii: ".")
        put(dayMilliseconds % 1000, 20, 3)
        return String(decoding: bytes, as: UTF8.self).databaseValue
    }

    static func databaseValue(_ date: Date?) -> DatabaseValue {
        date.map { databaseValue($0) } ?? .null
    }

    static func floorDivision(_ value: Int64, _ divisor: Int64) -> (Int64, Int64) {
        let quotient = value / divisor
        let remainder = value % divisor
        return remainder < 0 ? (quotient - 1, remainder + divisor) : (quotient, remainder)
    }

    /// Year, month, day of the proleptic Gregorian calendar for days since 1970-01-01
    /// (Howard Hinnant's `civil_from_days`).
    static func civil(days: Int64) -> (Int64, Int64, Int64) {
        let shifted = days + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}
