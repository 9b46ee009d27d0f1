public import Foundation
import GRDB
import HummingbirdBcrypt
public import Registry

/// A staff account of the web app.
public struct User: Sendable, Hashable {
    public var id: Int64
    public var name: String
    public var isAdmin: Bool
    public var createdAt: Date
}

/// An API token as `token list` shows it: never the token itself, which only its creator saw.
public struct TokenInfo: Sendable, Hashable {
    public var name: String
    public var user: String
    public var createdAt: Date
    public var lastUsedAt: Date?
}

/// What a sign-in attempt came to.
public enum SignInResult: Sendable, Hashable {
    case signedIn(User, sessionID: String)
    /// Wrong name or password (the same answer for both).
    case refused
    /// Too many failures from this address for this name: refused without checking until `until`.
    case locked(until: Date)
}

/// Staff accounts, their sessions, API tokens and failed sign-ins, in the PeerDesk database.
///
/// Passwords are stored as bcrypt hashes (cost 12 or more), session IDs and tokens as SHA-256
/// digests: the database never holds a secret that signs anybody in.
public struct Accounts: Sendable {
    /// The bcrypt cost of new password hashes.
    public static let passwordCost: UInt8 = 12
    /// A session unused this long is over.
    public static let sessionIdleLimit: TimeInterval = 12 * 3_600
    /// This many failed sign-ins for one name from one address within `failureWindow`…
    public static let failureLimit = 10
    /// …lock that name for that address for this long.
    public static let failureWindow: TimeInterval = 15 * 60
    /// The last use of a session is written at most this often.
    static let touchInterval: TimeInterval = 60

    public let database: PeerDeskDatabase
    let cost: UInt8
    let now: @Sendable () -> Date

    public init(database: PeerDeskDatabase, now: @escaping @Sendable () -> Date = { Date() }) {
        self.init(database: database, cost: Self.passwordCost, now: now)
    }

    /// Tests hash with a lower cost to stay fast; nothing else may.
    package init(database: PeerDeskDatabase, cost: UInt8, now: @escaping @Sendable () -> Date = { Date() }) {
        self.database = database
        self.cost = cost
        self.now = now
    }

    // MARK: - Users

    /// A new account; the name must be free.
    @discardableResult
    public func addUser(_ name: String, password: String, isAdmin: Bool = false) throws(AccountsError) -> User {
        let name = try Self.checkedName(name, kind: "user name")
        try Self.checkPassword(password)
        let hash = Bcrypt.hash(password, cost: cost)
        let at = now()
        return try write { db in
            if try UserRecord.named(db, name) != nil {
                throw AccountsError(.userExists, "there is already a user \(name)")
            }
            var record = UserRecord(id: nil, name: name, passwordHash: hash, isAdmin: isAdmin, createdAt: at)
            try record.insert(db)
            return record.user
        }
    }

    /// Every account, by name.
    public func users() throws(AccountsError) -> [User] {
        try read { db in try UserRecord.order(UserRecord.Columns.name.collating(.nocase)).fetchAll(db).map(\.user) }
    }

    public func user(named name: String) throws(AccountsError) -> User? {
        try read { db in try UserRecord.named(db, name)?.user }
    }

    /// Removes an account with its sessions and tokens.
    public func removeUser(_ name: String) throws(AccountsError) {
        try write { db in
            guard let record = try UserRecord.named(db, name) else { throw AccountsError.noSuchUser(name) }
            _ = try record.delete(db)
        }
    }

    /// A new password; every session of the account ends (its tokens stay).
    public func setPassword(_ name: String, password: String) throws(AccountsError) {
        try Self.checkPassword(password)
        let hash = Bcrypt.hash(password, cost: cost)
        try write { db in
            guard var record = try UserRecord.named(db, name) else { throw AccountsError.noSuchUser(name) }
            record.passwordHash = hash
            try record.update(db)
            try SessionRecord.filter(SessionRecord.Columns.userID == record.id).deleteAll(db)
        }
    }

    // MARK: - Signing in

    /// Checks a name and password from `address`; on success a new session. Failures are counted
    /// per name and address; `failureLimit` of them within `failureWindow` lock that pair for
    /// `failureWindow` (the password is not even checked then).
    public func signIn(name: String, password: String, address: String) throws(AccountsError) -> SignInResult {
        let key = name.trimmingCharacters(in: .whitespaces).lowercased()
        let at = now()
        if let until = try lockedUntil(key, address: address, at: at) { return .locked(until: until) }
        let record = try read { db in try UserRecord.named(db, key) }
        // The same work whether or not the name exists, so timing does not tell names apart.
        let matches = Bcrypt.verify(password, hash: record?.passwordHash ?? Self.decoyHash)
        guard let record, matches else {
            try write { db in
                var failure = LoginFailureRecord(id: nil, username: key, address: address, at: at)
                try failure.insert(db)
            }
            if let until = try lockedUntil(key, address: address, at: at) { return .locked(until: until) }
            return .refused
        }
        _ = try write { db in
            try LoginFailureRecord.filter(
                LoginFailureRecord.Columns.username == key && LoginFailureRecord.Columns.address == address
            ).deleteAll(db)
        }
        return .signedIn(record.user, sessionID: try createSession(for: record.user))
    }

    /// When the lock on `name` from `address` ends, if it is locked now.
    private func lockedUntil(_ name: String, address: String, at: Date) throws(AccountsError) -> Date? {
        let recent = try read { db in
            try LoginFailureRecord
                .filter(LoginFailureRecord.Columns.username == name && LoginFailureRecord.Columns.address == address)
                .order(LoginFailureRecord.Columns.at.desc)
                .limit(Self.failureLimit)
                .fetchAll(db)
        }
        guard recent.count >= Self.failureLimit, let newest = recent.first, let oldest = recent.last else { return nil }
        guard newest.at.timeIntervalSince(oldest.at) <= Self.failureWindow else { return nil }
        let until = newest.at.addingTimeInterval(Self.failureWindow)
        return at < until ? until : nil
    }

    /// A bcrypt hash no password matches, checked when the name does not exist.
    private static let decoyHash = Bcrypt.hash(Secret.make(), cost: passwordCost)

    // MARK: - Sessions

    /// A new session for `user`: the ID goes in the cookie, its digest in the database.
    public func createSession(for user: User) throws(AccountsError) -> String {
        let id = Secret.make()
        let at = now()
        try write { db in
            try SessionRecord(idHash: Secret.digest(id), userID: user.id, createdAt: at, lastSeenAt: at).insert(db)
        }
        return id
    }

    /// The user of a live session (used within `sessionIdleLimit`), marking it used now; an
    /// expired session is deleted.
    public func sessionUser(_ id: String) throws(AccountsError) -> User? {
        let hash = Secret.digest(id)
        let at = now()
        let found = try read { db -> (SessionRecord, UserRecord)? in
            guard
                let session = try SessionRecord.fetchOne(
                    db.cachedStatement(sql: "SELECT * FROM \(SessionRecord.databaseTableName) WHERE id_hash = ?"),
                    arguments: [hash]
                ),
                let user = try Self.user(db, id: session.userID)
            else { return nil }
            return (session, user)
        }
        guard let (session, user) = found else { return nil }
        if at.timeIntervalSince(session.lastSeenAt) > Self.sessionIdleLimit {
            try endSession(id)
            return nil
        }
        if at.timeIntervalSince(session.lastSeenAt) > Self.touchInterval {
            try write { db in
                try db.execute(
                    sql: "UPDATE web_session SET last_seen_at = ? WHERE id_hash = ?",
                    arguments: [at, hash]
                )
            }
        }
        return user.user
    }

    public func endSession(_ id: String) throws(AccountsError) {
        let hash = Secret.digest(id)
        try write { db in _ = try SessionRecord.deleteOne(db, key: hash) }
    }

    // MARK: - API tokens

    /// A new token for `user`'s scripts: returned once, stored as its SHA-256.
    public func createToken(_ name: String, user userName: String) throws(AccountsError) -> String {
        let name = try Self.checkedName(name, kind: "token name")
        let token = Secret.make()
        let at = now()
        try write { db in
            guard let user = try UserRecord.named(db, userName) else { throw AccountsError.noSuchUser(userName) }
            if try TokenRecord.filter(TokenRecord.Columns.name.collating(.nocase) == name).fetchCount(db) > 0 {
                throw AccountsError(.tokenExists, "there is already a token \(name)")
            }
            var record = TokenRecord(
                id: nil,
                name: name,
                tokenHash: Secret.digest(token),
                userID: user.id ?? 0,
                createdAt: at,
                lastUsedAt: nil
            )
            try record.insert(db)
        }
        return token
    }

    public func tokens() throws(AccountsError) -> [TokenInfo] {
        try read { db in
            let users = Dictionary(
                try UserRecord.fetchAll(db).map { ($0.id ?? 0, $0.name) },
                uniquingKeysWith: { first, _ in first }
            )
            return try TokenRecord.order(TokenRecord.Columns.name.collating(.nocase)).fetchAll(db).map { token in
                TokenInfo(
                    name: token.name,
                    user: users[token.userID] ?? "?",
                    createdAt: token.createdAt,
                    lastUsedAt: token.lastUsedAt
                )
            }
        }
    }

    public func revokeToken(_ name: String) throws(AccountsError) {
        try write { db in
            let deleted = try TokenRecord.filter(TokenRecord.Columns.name.collating(.nocase) == name).deleteAll(db)
            if deleted == 0 { throw AccountsError(.noSuchToken, "there is no token \(name) (peerdesk token list)") }
        }
    }

    /// The user of a session or token, by row ID (a cached statement).
    private static func user(_ db: Database, id: Int64) throws -> UserRecord? {
        try UserRecord.fetchOne(
            db.cachedStatement(sql: "SELECT * FROM \(UserRecord.databaseTableName) WHERE id = ?"),
            arguments: [id]
        )
    }

    /// The user a token acts for, marking it used; nil for a token that is not (or no longer) valid.
    public func tokenUser(_ token: String) throws(AccountsError) -> User? {
        let hash = Secret.digest(token)
        let at = now()
        // A read, as for a session: the write lock is taken only to note the use, at most once
        // per touch interval, so concurrent API requests do not queue behind one another.
        // Cached statements: every API request asks, and building the query each time was 13%
        // of the server's CPU under load.
        let found = try read { db -> (TokenRecord, UserRecord)? in
            guard
                let record = try TokenRecord.fetchOne(
                    db.cachedStatement(sql: "SELECT * FROM \(TokenRecord.databaseTableName) WHERE token_hash = ?"),
                    arguments: [hash]
                ),
                let user = try Self.user(db, id: record.userID)
            else { return nil }
            return (record, user)
        }
        guard let (record, user) = found else { return nil }
        if record.lastUsedAt.map({ at.timeIntervalSince($0) > Self.touchInterval }) ?? true {
            _ = try write { db in
                try TokenRecord.filter(TokenRecord.Columns.tokenHash == hash)
                    .updateAll(db, TokenRecord.Columns.lastUsedAt.set(to: at))
            }
        }
        return user.user
    }

    // MARK: - Checks

    /// 1 to 64 of letters, digits, `.`, `_`, `-`, `@`.
    static func checkedName(_ text: String, kind: String) throws(AccountsError) -> String {
        let name = text.trimmingCharacters(in: .whitespaces)
        let allowed = name.unicodeScalars.allSatisfy { scalar in
            scalar.isASCII
                && (("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
                    || "._-@".unicodeScalars.contains(scalar))
        }
        guard !name.isEmpty, name.count <= 64, allowed else {
            throw AccountsError(
                .invalidName,
                "a \(kind) is 1 to 64 letters, digits, '.', '_', '-' or '@'"
            )
        }
        return name
    }

    /// bcrypt reads at most 72 bytes; fewer than 8 characters is too easy to guess.
    static func checkPassword(_ password: String) throws(AccountsError) {
        guard password.count >= 8 else { throw AccountsError(.weakPassword, "a password has at least 8 characters") }
        guard password.utf8.count <= 72 else {
            throw AccountsError(.weakPassword, "a password has at most 72 bytes (bcrypt ignores the rest)")
        }
    }

    func read<T: Sendable>(_ body: @Sendable (Database) throws -> T) throws(AccountsError) -> T {
        do {
            return try database.read(body)
        } catch {
            throw AccountsError.wrap(error)
        }
    }

    func write<T: Sendable>(_ body: @Sendable (Database) throws -> T) throws(AccountsError) -> T {
        do {
            return try database.write(body)
        } catch {
            throw AccountsError.wrap(error)
        }
    }
}

/// Why an account operation did nothing.
public struct AccountsError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Code: String, Sendable, Hashable {
        case invalidName = "invalid-name"
        case weakPassword = "weak-password"
        case userExists = "user-exists"
        case noSuchUser = "no-such-user"
        case tokenExists = "token-exists"
        case noSuchToken = "no-such-token"
        case database
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }

    static func noSuchUser(_ name: String) -> AccountsError {
        AccountsError(.noSuchUser, "there is no user \(name) (peerdesk user list)")
    }

    static func wrap(_ error: any Error) -> AccountsError {
        if let error = error as? AccountsError { return error }
        // GRDB's description omits the arguments, so no hash or secret is in the message.
        if let error = error as? DatabaseError {
            return AccountsError(.database, "database error: \(error.message ?? "")")
        }
        return AccountsError(.database, "database error: \(error)")
    }
}
