import ArgumentParser
import Foundation
import PeeringModel
import Runbook
import Web

/// `peerdesk user`: the web app's staff accounts.
struct UserCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user",
        abstract: "Staff accounts of the web app (peerdesk serve): add, list, remove, passwd.",
        discussion: """
            Passwords are stored as bcrypt hashes (cost \(Accounts.passwordCost)); a password has 8 to 72 bytes. \
            --admin accounts also see the registry page.

            Examples:
              printf '%s\\n' 'correct horse battery' | peerdesk user add ana --password-stdin
              peerdesk user add ben --admin          # asks for the password twice
              peerdesk user passwd ana
            """,
        subcommands: [UserAdd.self, UserList.self, UserRemove.self, UserPasswd.self]
    )

    @OptionGroup var global: GlobalOptions
}

struct UserAdd: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "add", abstract: "Add a staff account.")

    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp("The user name (letters, digits, . _ - @).", valueName: "name"))
    var name: String

    @Flag(name: .customLong("password-stdin"), help: "Read the password from the first line of standard input.")
    var passwordStdin = false

    @Flag(help: "An administrator (sees the registry page).")
    var admin = false

    func run() throws {
        let password = try PasswordInput.read(fromStdin: passwordStdin, confirm: true)
        let accounts = Accounts(database: try global.openDatabase(.createIfMissing))
        let user = try AccountCommands.run { () throws(AccountsError) in
            try accounts.addUser(name, password: password, isAdmin: admin)
        }
        Terminal.write("added user \(user.name)" + (user.isAdmin ? " (admin)" : ""))
    }
}

struct UserList: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the staff accounts.")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: FormatOption

    private struct Row: Encodable {
        var name: String
        var admin: Bool
        var createdAt: Date

        enum CodingKeys: String, CodingKey {
            case name, admin
            case createdAt = "created_at"
        }
    }

    func run() throws {
        let accounts = Accounts(database: try global.openDatabase())
        let users = try AccountCommands.run { () throws(AccountsError) in try accounts.users() }
        switch output.format {
        case .json:
            for user in users {
                Terminal.write(
                    try JSONLines.encode(Row(name: user.name, admin: user.isAdmin, createdAt: user.createdAt))
                )
            }
        case .table:
            var table = TextTable(["name", "admin", "created_at"])
            for user in users {
                table.append([user.name, user.isAdmin ? "yes" : "no", Timestamp.iso8601(user.createdAt)])
            }
            Terminal.write(table.render())
        }
    }
}

struct UserRemove: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "remove",
        abstract: "Remove a staff account, its sessions and its API tokens (its events stay in the history)."
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp("The user name.", valueName: "name"))
    var name: String

    func run() throws {
        let accounts = Accounts(database: try global.openDatabase())
        try AccountCommands.run { () throws(AccountsError) in try accounts.removeUser(name) }
        Terminal.write("removed user \(Terminal.sanitize(name))")
    }
}

struct UserPasswd: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "passwd",
        abstract: "Set a staff account's password; its sessions end (its API tokens stay)."
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp("The user name.", valueName: "name"))
    var name: String

    @Flag(name: .customLong("password-stdin"), help: "Read the password from the first line of standard input.")
    var passwordStdin = false

    func run() throws {
        let password = try PasswordInput.read(fromStdin: passwordStdin, confirm: true)
        let accounts = Accounts(database: try global.openDatabase())
        try AccountCommands.run { () throws(AccountsError) in try accounts.setPassword(name, password: password) }
        Terminal.write("changed the password of \(Terminal.sanitize(name))")
    }
}

/// `peerdesk token`: API tokens for scripts and mail webhooks.
struct TokenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token",
        abstract: "API tokens for scripts and mail webhooks: create, list, revoke.",
        discussion: """
            A token acts as its user (events name the user) in the HTTP API: \
            Authorization: Bearer TOKEN. It is random (256 bits), printed once by create, and \
            stored only as its SHA-256: a lost token is revoked and created again.

            Examples:
              peerdesk token create mta --user ana
              curl -H "Authorization: Bearer $TOKEN" http://127.0.0.1:8080/api/tickets?status=ready
              peerdesk token revoke mta
            """,
        subcommands: [TokenCreate.self, TokenList.self, TokenRevoke.self]
    )

    @OptionGroup var global: GlobalOptions
}

struct TokenCreate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create",
        abstract: "Create an API token and print it (the only time it is shown)."
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp("The token's name (letters, digits, . _ - @).", valueName: "name"))
    var name: String

    @Option(help: ArgumentHelp("The user the token acts as.", valueName: "user"))
    var user: String

    func run() throws {
        let accounts = Accounts(database: try global.openDatabase())
        let token = try AccountCommands.run { () throws(AccountsError) in try accounts.createToken(name, user: user) }
        Terminal.write(token)
        Terminal.writeError(
            "peerdesk: token \(name) for \(Terminal.sanitize(user)): store it now; it is not shown again"
        )
    }
}

struct TokenList: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the API tokens (not their values)."
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: FormatOption

    private struct Row: Encodable {
        var name: String
        var user: String
        var createdAt: Date
        @ExplicitNull var lastUsedAt: Date?

        enum CodingKeys: String, CodingKey {
            case name, user
            case createdAt = "created_at"
            case lastUsedAt = "last_used_at"
        }
    }

    func run() throws {
        let accounts = Accounts(database: try global.openDatabase())
        let tokens = try AccountCommands.run { () throws(AccountsError) in try accounts.tokens() }
        switch output.format {
        case .json:
            for token in tokens {
                Terminal.write(
                    try JSONLines.encode(
                        Row(
                            name: token.name,
                            user: token.user,
                            createdAt: token.createdAt,
                            lastUsedAt: token.lastUsedAt
                        )
                    )
                )
            }
        case .table:
            var table = TextTable(["name", "user", "created_at", "last_used_at"])
            for token in tokens {
                table.append([
                    token.name, token.user, Timestamp.iso8601(token.createdAt),
                    token.lastUsedAt.map(Timestamp.iso8601) ?? "-",
                ])
            }
            Terminal.write(table.render())
        }
    }
}

struct TokenRevoke: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "revoke",
        abstract: "Revoke an API token: requests with it get 401 from then on."
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp("The token's name.", valueName: "name"))
    var name: String

    func run() throws {
        let accounts = Accounts(database: try global.openDatabase())
        try AccountCommands.run { () throws(AccountsError) in try accounts.revokeToken(name) }
        Terminal.write("revoked token \(Terminal.sanitize(name))")
    }
}

enum AccountCommands {
    /// An account operation, its refusal as the CLI's error (exit 2).
    static func run<T>(_ body: () throws(AccountsError) -> T) throws(CLIError) -> T {
        do {
            return try body()
        } catch {
            throw CLIError(message: Terminal.sanitize(error.description))
        }
    }
}

/// Reading a password: the first line of standard input, or typed twice at the terminal
/// without echo.
enum PasswordInput {
    static func read(fromStdin: Bool, confirm: Bool) throws(CLIError) -> String {
        if fromStdin {
            guard let line = readLine(strippingNewline: true) else {
                throw CLIError(message: "--password-stdin: standard input is empty")
            }
            return line.hasSuffix("\r") ? String(line.dropLast()) : line
        }
        guard isatty(STDIN_FILENO) == 1 else {
            throw CLIError(message: "standard input is not a terminal: give the password with --password-stdin")
        }
        let first = try prompt("Password: ")
        if confirm {
            let again = try prompt("Password again: ")
            guard first == again else { throw CLIError(message: "the passwords differ; nothing was changed") }
        }
        return first
    }

    private static func prompt(_ text: String) throws(CLIError) -> String {
        FileHandle.standardError.write(Data(text.utf8))
        var original = termios()
        let hasTerminal = tcgetattr(STDIN_FILENO, &original) == 0
        if hasTerminal {
            var silent = original
            silent.c_lflag &= ~tcflag_t(ECHO)
            tcsetattr(STDIN_FILENO, TCSANOW, &silent)
        }
        defer {
            if hasTerminal {
                tcsetattr(STDIN_FILENO, TCSANOW, &original)
                FileHandle.standardError.write(Data("\n".utf8))
            }
        }
        guard let line = readLine(strippingNewline: true) else { throw CLIError(message: "no password given") }
        return line
    }
}
