import Foundation

/// Where a store lives, read from `--db` / `$CASEDESK_DB`: an SQLite file's path, or a PostgreSQL
/// connection URI in libpq's form. Read once here, so no caller mistakes a URI for a path (a
/// `postgresql://…` taken as a path made a folder named `postgresql:`).
public enum StoreLocation: Sendable, Equatable {
    case sqliteFile(String)
    case postgreSQL(PostgresAddress)

    /// The URI schemes libpq reads.
    static let postgresSchemes = ["postgresql://", "postgres://"]

    /// A path, or a URI naming a database; any other `scheme://` is refused rather than taken as a
    /// folder.
    public init(_ value: String) throws(StoreError) {
        let lowered = value.lowercased()
        if Self.postgresSchemes.contains(where: lowered.hasPrefix) {
            self = .postgreSQL(try PostgresAddress(value))
            return
        }
        if let scheme = value.range(of: "://"), !value[..<scheme.lowerBound].isEmpty,
           value[..<scheme.lowerBound].allSatisfy({ $0.isLetter || $0.isNumber || "+-.".contains($0) }) {
            throw .invalid("\(value) is neither a file's path nor a PostgreSQL URI (postgresql://user@host:5432/dbname)")
        }
        self = .sqliteFile(value)
    }
}

/// A PostgreSQL database as libpq's connection URI names it: `postgresql://user@host:5432/dbname`,
/// `postgresql:///dbname` (the local socket), `postgresql:///dbname?host=/socket/dir`. The URI
/// itself goes to libpq; the parts are read here to refuse a malformed one early and to name the
/// database in messages without its password.
public struct PostgresAddress: Sendable, Equatable, CustomStringConvertible {
    /// The URI as given (with any password): what libpq connects with.
    public let uri: String
    public let user: String?
    /// A host name, an address, or a socket folder (starting with `/`); nil for libpq's default socket.
    public let host: String?
    public let port: Int?
    public let database: String
    /// The query's parameters other than `host` and `port`, for libpq (`sslmode`, `connect_timeout`, …).
    public let options: [String: String]

    public init(_ uri: String) throws(StoreError) {
        guard let schemeEnd = uri.range(of: "://") else { throw .invalid("\(uri) is not a PostgreSQL URI") }
        var rest = String(uri[schemeEnd.upperBound...])
        var query: [String: String] = [:]
        if let mark = rest.firstIndex(of: "?") {
            for pair in rest[rest.index(after: mark)...].split(separator: "&") {
                let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
                guard parts.count == 2, let key = parts[0].removingPercentEncoding, let value = parts[1].removingPercentEncoding else {
                    throw .invalid("\(Self.redacted(uri)): the parameter \"\(pair)\" is not name=value")
                }
                query[key] = value
            }
            rest = String(rest[..<mark])
        }
        let slash = rest.firstIndex(of: "/")
        let authority = slash.map { String(rest[..<$0]) } ?? rest
        let path = slash.map { String(rest[rest.index(after: $0)...]) } ?? ""
        var user: String?
        var hostPort = authority
        if let at = authority.lastIndex(of: "@") {
            let credentials = authority[..<at]
            user = credentials.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).first.flatMap { String($0).removingPercentEncoding }
            hostPort = String(authority[authority.index(after: at)...])
        }
        var host: String?
        var port: Int?
        if hostPort.hasPrefix("[") {
            // An IPv6 address: [::1]:5432.
            guard let close = hostPort.firstIndex(of: "]") else { throw .invalid("\(Self.redacted(uri)): the host's [ is never closed") }
            host = String(hostPort[hostPort.index(after: hostPort.startIndex)..<close])
            let after = hostPort[hostPort.index(after: close)...]
            if after.hasPrefix(":") { port = Int(after.dropFirst()) ?? -1 }
        } else if let colon = hostPort.lastIndex(of: ":") {
            host = String(hostPort[..<colon])
            port = Int(hostPort[hostPort.index(after: colon)...]) ?? -1
        } else if !hostPort.isEmpty {
            host = hostPort.removingPercentEncoding
        }
        if host?.isEmpty == true { host = nil }
        if let value = query.removeValue(forKey: "host") { host = value }
        if let value = query.removeValue(forKey: "port") { port = Int(value) ?? -1 }
        if let value = query.removeValue(forKey: "user") { user = value }
        if let value = query.removeValue(forKey: "dbname") { rest = value } else { rest = path.removingPercentEncoding ?? path }
        if let port, !(1...65535).contains(port) {
            throw .invalid("\(Self.redacted(uri)): the port must be a number from 1 to 65535")
        }
        guard !rest.isEmpty, !rest.contains("/") else {
            throw .invalid("\(Self.redacted(uri)) names no database; write it after the host: postgresql://host/casedesk or postgresql:///casedesk")
        }
        self.uri = uri
        self.user = user
        self.host = host
        self.port = port
        self.database = rest
        self.options = query
    }

    /// The URI without its password, for messages and headers.
    public var description: String { Self.redacted(uri) }

    static func redacted(_ uri: String) -> String {
        guard let schemeEnd = uri.range(of: "://") else { return uri }
        let rest = uri[schemeEnd.upperBound...]
        let authorityEnd = rest.firstIndex(where: { $0 == "/" || $0 == "?" }) ?? rest.endIndex
        guard let at = rest[..<authorityEnd].lastIndex(of: "@"),
              let colon = rest[..<at].firstIndex(of: ":") else { return uri }
        return String(uri[..<colon]) + ":***" + String(uri[at...])
    }
}
