import DeskTestSupport
import Foundation
import Testing

/// `peerdesk user`, `peerdesk token` and `peerdesk serve`: the accounts of the web app and the
/// server itself, run as an administrator would.
@Suite struct AccountCommandTests {
    /// The database file and its write-ahead log, where a recent write may still be.
    static func files(_ path: String) throws -> Data {
        var bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        if let wal = try? Data(contentsOf: URL(fileURLWithPath: path + "-wal")) { bytes += wal }
        return bytes
    }

    @Test func usersAreAddedListedAndRemoved() throws {
        let desk = try DeskCommandTests().desk()
        defer { desk.cleanUp() }
        let db = desk.databasePath
        let added = try desk.run(
            ["user", "add", "ana", "--password-stdin", "--admin", "--db", db],
            stdin: Data("a long passphrase\n".utf8)
        )
        #expect(added.status == 0, "\(added.stderr)")
        #expect(added.stdout == "added user ana (admin)\n")
        let again = try desk.run(
            ["user", "add", "ANA", "--password-stdin", "--db", db],
            stdin: Data("another one!\n".utf8)
        )
        #expect(again.status == 2)
        #expect(again.stderr == "peerdesk: there is already a user ANA\n")
        let short = try desk.run(["user", "add", "ben", "--password-stdin", "--db", db], stdin: Data("short\n".utf8))
        #expect(short.status == 2)
        #expect(short.stderr.contains("at least 8 characters"))
        let list = try desk.run(["user", "list", "--format", "json", "--db", db]).jsonLines()
        #expect(list.map { $0["name"] as? String } == ["ana"])
        #expect(list.first?["admin"] as? Bool == true)
        // The password is in the database only as a bcrypt hash.
        #expect(try Self.files(db).range(of: Data("a long passphrase".utf8)) == nil)
        #expect(
            try desk.run(["user", "passwd", "ana", "--password-stdin", "--db", db], stdin: Data("new long one\n".utf8))
                .status == 0
        )
        #expect(try desk.run(["user", "remove", "ana", "--db", db]).status == 0)
        let gone = try desk.run(["user", "remove", "ana", "--db", db])
        #expect(gone.status == 2)
        #expect(gone.stderr.contains("there is no user ana"))
        let noStdin = try desk.run(["user", "add", "cara", "--db", db])
        #expect(noStdin.status == 2)
        #expect(noStdin.stderr.contains("--password-stdin"))
    }

    @Test func tokensArePrintedOnceAndRevoked() throws {
        let desk = try DeskCommandTests().desk()
        defer { desk.cleanUp() }
        let db = desk.databasePath
        _ = try desk.run(
            ["user", "add", "ana", "--password-stdin", "--db", db],
            stdin: Data("a long passphrase\n".utf8)
        )
        let created = try desk.run(["token", "create", "mta", "--user", "ana", "--db", db])
        #expect(created.status == 0, "\(created.stderr)")
        let token = created.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(token.count == 43)
        #expect(created.stderr.contains("it is not shown again"))
        let list = try desk.run(["token", "list", "--db", db])
        #expect(list.stdout.contains("mta"))
        #expect(!list.stdout.contains(token))
        #expect(try Self.files(db).range(of: Data(token.utf8)) == nil)
        let noUser = try desk.run(["token", "create", "x", "--user", "nobody", "--db", db])
        #expect(noUser.status == 2)
        #expect(try desk.run(["token", "revoke", "mta", "--db", db]).status == 0)
        #expect(try desk.run(["token", "revoke", "mta", "--db", db]).status == 2)
    }

    @Test(arguments: ["8080", "localhost:", "localhost:70000", ":80"])
    func serveRefusesABadListenAddress(listen: String) throws {
        let desk = try DeskCommandTests().desk()
        defer { desk.cleanUp() }
        let result = try desk.run(["serve", "--listen", listen, "--db", desk.databasePath])
        #expect(result.status == 2)
        #expect(result.stderr.contains("--listen"))
    }

    @Test func serveNeedsADatabase() throws {
        let desk = try PeerDeskRunner()
        defer { desk.cleanUp() }
        let result = try desk.run(["serve", "--listen", "127.0.0.1:0", "--db", desk.databasePath])
        #expect(result.status == 2)
        #expect(result.stderr.contains("no database at"))
    }

    @Test func serveSaysWhenThePortIsTaken() throws {
        let desk = try DeskCommandTests().desk()
        defer { desk.cleanUp() }
        let socket = listeningSocket()
        defer { close(socket.descriptor) }
        let result = try desk.run(["serve", "--listen", "127.0.0.1:\(socket.port)", "--db", desk.databasePath])
        #expect(result.status == 2)
        #expect(result.stderr.hasPrefix("peerdesk: cannot serve on 127.0.0.1:\(socket.port): "))
        #expect(result.stderr.contains("in use"))
    }
}

/// A listening loopback socket on a free port.
private func listeningSocket() -> (descriptor: Int32, port: Int) {
    let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = 0
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    withUnsafeMutablePointer(to: &address) { pointer in
        pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { socketAddress in
            _ = bind(descriptor, socketAddress, length)
            _ = listen(descriptor, 1)
            _ = getsockname(descriptor, socketAddress, &length)
        }
    }
    return (descriptor, Int(UInt16(bigEndian: address.sin_port)))
}
