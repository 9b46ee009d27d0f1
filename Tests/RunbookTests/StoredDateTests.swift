import Foundation
import GRDB
import Testing

@testable import Runbook

@Suite("StoredDate: the text GRDB stores for a date, without a DateFormatter")
struct StoredDateTests {
    @Test(
        "edge dates format as GRDB formats them",
        arguments: [
            0.0, -0.001, 0.0005, 951_782_400.0, 951_868_799.999, 1_078_012_800.25, 4_107_542_399.999,
            -2_208_988_800.0, 253_402_300_799.999, -62_135_596_800.0, 1_796_200_000.123_4,
        ]
    )
    func edges(_ seconds: TimeInterval) {
        let date = Date(timeIntervalSince1970: seconds)
        #expect(StoredDate.databaseValue(date) == date.databaseValue, "\(seconds)")
    }

    @Test("50,000 seeded dates from 1900 to 2200 format as GRDB formats them")
    func seeded() {
        var state: UInt64 = 20_261_203
        for _ in 0..<50_000 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let seconds = -2_208_988_800 + Double(state >> 11) / Double(1 << 53) * 9_467_280_000
            let date = Date(timeIntervalSince1970: seconds)
            #expect(StoredDate.databaseValue(date) == date.databaseValue, "\(seconds)")
        }
    }

    @Test("a stored date reads back as the same millisecond")
    func roundTrip() throws {
        let date = Date(timeIntervalSince1970: 1_796_200_000.123)
        let read = try #require(Date.fromDatabaseValue(StoredDate.databaseValue(date)))
        #expect(abs(read.timeIntervalSince1970 - date.timeIntervalSince1970) < 0.001)
        #expect(StoredDate.databaseValue(nil as Date?) == .null)
    }
}
