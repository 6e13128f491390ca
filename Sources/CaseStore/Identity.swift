import Foundation

/// Who is running the program: the operating-system account, never an environment variable
/// (PROCEDURE.md, "Roles": identity is the account running the program).
public enum Identity {
    /// The login name of the effective user.
    public static func currentAccount() -> String {
        let uid = geteuid()
        if let entry = getpwuid(uid), let name = entry.pointee.pw_name {
            return String(cString: name)
        }
        return "uid\(uid)"
    }

    public static var isRoot: Bool { geteuid() == 0 }

    /// The actor for this process: the account, or, for root only, someone it acts for (`--as`).
    public static func actor(actingAs other: String?) throws(StoreError) -> Actor {
        let account = currentAccount()
        guard let other, other != account else { return Actor(account: account) }
        guard isRoot else {
            throw .invalid("--as is accepted only when running as root; you are \(account)")
        }
        return Actor(account: other, via: account)
    }
}

/// Where the store file is: `--db`, else `$CASEDESK_DB`, else `$XDG_DATA_HOME/casedesk/cases.sqlite`
/// (`~/.local/share/casedesk/cases.sqlite`).
public enum StorePath {
    public static func resolve(explicit: String?, environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let explicit, !explicit.isEmpty { return expand(explicit, environment) }
        if let path = environment["CASEDESK_DB"], !path.isEmpty { return expand(path, environment) }
        return dataFolder(environment) + "/cases.sqlite"
    }

    /// This account's casedesk folder ($XDG_DATA_HOME/casedesk): the default store's, and the outbox of
    /// a store that is no file (PostgreSQL).
    public static func dataFolder(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        let dataHome = environment["XDG_DATA_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? (home(environment) + "/.local/share")
        return dataHome + "/casedesk"
    }

    static func home(_ environment: [String: String]) -> String {
        if let home = environment["HOME"], !home.isEmpty { return home }
        if let entry = getpwuid(geteuid()), let dir = entry.pointee.pw_dir { return String(cString: dir) }
        return "/tmp"
    }

    static func expand(_ path: String, _ environment: [String: String]) -> String {
        path.hasPrefix("~/") ? home(environment) + String(path.dropFirst(1)) : path
    }
}
