import PeeringModel
import Testing

@Suite struct IPv4AddressTests {
    @Test(arguments: [
        ("0.0.0.0", 0x0000_0000 as UInt32),
        ("255.255.255.255", 0xFFFF_FFFF),
        ("192.0.2.1", 0xC000_0201),
        ("10.20.0.255", 0x0A14_00FF),
        (" 172.31.255.1\u{00A0}", 0xAC1F_FF01),
    ])
    func parsesDottedQuads(text: String, value: UInt32) throws {
        let address = try IPv4Address(parsing: text)
        #expect(address.value == value)
        #expect(address.description == text.trimmingSpaces)
    }

    @Test(arguments: [
        ("", ValueError.Reason.empty),
        ("256.0.0.0", .octetOutOfRange),
        ("1.2.3.256", .octetOutOfRange),
        ("1.2.3.1000", .octetOutOfRange),
        ("1.2.3.99999999999999999999999999", .octetOutOfRange),
        ("01.2.3.4", .leadingZeroOctet),
        ("1.2.3.00", .leadingZeroOctet),
        ("1.2.3", .malformedAddress),
        ("1.2.3.4.5", .malformedAddress),
        ("1..2.3", .malformedAddress),
        ("1.2.3.", .malformedAddress),
        (".1.2.3", .malformedAddress),
        ("1. 2.3.4", .malformedAddress),
        ("a.b.c.d", .malformedAddress),
        ("１.2.3.4", .malformedAddress),
        ("1.2.3.4/8", .malformedAddress),
        ("::1", .ipv6CIDR),
    ])
    func refusesWithAReason(text: String, reason: ValueError.Reason) {
        let error = errorOf { try IPv4Address(parsing: text) }
        #expect(error?.reason == reason)
        #expect(error?.kind == .cidr)
    }

    @Test(arguments: [
        ("1.2.3.256", "has 256, but each number of an IPv4 address is 0 to 255"),
        (
            "1.2.010.4",
            "has 010, a number with a leading zero, which some tools read as octal; write it without the zero (10)"
        ),
        ("1.2.3", "has only 3 of the four numbers"),
        ("1.2.3.4.5", "has more than four numbers"),
        ("1.2.x.4", "has 'x' where a digit or a dot belongs"),
        ("1..3.4", "is missing a number"),
    ])
    func messagesNameTheProblem(text: String, phrase: String) throws {
        let error = try #require(errorOf { try IPv4Address(parsing: text) })
        #expect(error.message.hasPrefix("\"\(text)\" \(phrase)"), "\(error.message)")
    }

    @Test func ordersByValue() {
        let addresses = [IPv4Address(0x0A00_0001), IPv4Address(0x0900_FFFF), IPv4Address(0xC0A8_0000)]
        #expect(addresses.sorted().map(\.description) == ["9.0.255.255", "10.0.0.1", "192.168.0.0"])
    }
}

extension String {
    /// The string without ASCII and no-break spaces at either end (for expected values in tables).
    var trimmingSpaces: String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\u{00A0}" || $0 == "\t" || $0 == "\n" }
        return String(drop(while: isSpace).reversed().drop(while: isSpace).reversed())
    }
}
