import ArgumentParser
import CaseDesk
import CaseStore
import Foundation

struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create a new case store; you become its admin.",
        discussion: """
            --db also takes a PostgreSQL URI (postgresql://user@host:5432/dbname, postgresql:///dbname for the local \
            socket): the schema is created in that database, which must exist and be empty. \
            The file is created with mode 0660 so a desk group can share it. Add --roles to also work cases yourself. \
            --group GROUP gives the store's folder to GROUP with the set-group-ID bit (mode 2770), so the store, its \
            -wal and -shm files and the outbox beside it belong to GROUP and every member can use them; without it, \
            a folder that already has the bit does the same.
            """)

    @OptionGroup var store: StoreOptions

    @Option(help: ArgumentHelp("Your roles (comma-separated; admin is always included): supervisor, abuse, head, viewer, admin.",
                               valueName: "ROLES"))
    var roles: String?

    @Option(help: ArgumentHelp("Share the store with this operating-system group (its folder becomes GROUP's, mode 2770).",
                               valueName: "GROUP"))
    var group: String?

    func run() throws {
        let actor = try store.actor()
        var roleSet = try parseRoles(roles ?? "admin")
        roleSet.insert(.admin)
        let path = store.path
        let isFile: Bool
        switch try cli({ () throws(StoreError) in try StoreLocation(path) }) {
        case .sqliteFile: isFile = true
        case .postgreSQL: isFile = false
        }
        if group != nil, !isFile {
            throw CLIError.usage("--group shares a store file's folder; a PostgreSQL store is shared through database roles (casedesk staff add)")
        }
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        let gid = try group.map { try Self.shareFolder(folder, with: $0) }
        _ = try cli { () throws(StoreError) in try CaseStores.create(path: path, creator: actor, roles: roleSet) }
        if let gid, let group {
            for file in [path, path + "-wal", path + "-shm"] where FileManager.default.fileExists(atPath: file) {
                guard chown(file, uid_t.max, gid) == 0, chmod(file, 0o660) == 0 else {
                    throw CLIError.refused("cannot give \(file) to the group \(group): \(String(cString: strerror(errno)))")
                }
            }
        }
        let list = Role.allCases.filter(roleSet.contains).map(\.rawValue).joined(separator: ", ")
        if store.json {
            try JSONOutput.print(["path": path, "account": actor.account, "roles": list], calendar: .saarland)
        } else {
            print("created the case store \(path); \(actor.account) is on its staff as \(list)")
        }
    }
}

extension InitCommand {
    /// Makes `folder` (created if missing) the group's: owned by it, writable by it, and with the
    /// set-group-ID bit so every file made in it later (the -wal and -shm files, the outbox and its
    /// letters) belongs to the group too. Returns the group's id.
    static func shareFolder(_ folder: String, with group: String) throws -> gid_t {
        guard let entry = getgrnam(group) else { throw CLIError.usage("--group \(group): there is no such group on this system") }
        let gid = entry.pointee.gr_gid
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw CLIError.refused("cannot create the folder \(folder): \(error.localizedDescription)")
        }
        var status = stat()
        guard stat(folder, &status) == 0 else { throw CLIError.refused("cannot read \(folder): \(String(cString: strerror(errno)))") }
        let shared = status.st_gid == gid && status.st_mode & 0o2070 == 0o2070
        if !shared, chown(folder, uid_t.max, gid) != 0 || chmod(folder, 0o2770) != 0 {
            throw CLIError.refused("cannot give the folder \(folder) to the group \(group): \(String(cString: strerror(errno))) "
                + "(its owner, or root, can: chgrp \(group) \(folder) && chmod 2770 \(folder))")
        }
        return gid
    }
}

func parseRoles(_ text: String) throws -> Set<Role> {
    var roles: Set<Role> = []
    for name in text.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces).lowercased() }) where !name.isEmpty {
        guard let role = Role(rawValue: name) else {
            throw CLIError.usage("unknown role \"\(name)\" (roles: \(Role.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        roles.insert(role)
    }
    if roles.isEmpty { throw CLIError.usage("name at least one role: \(Role.allCases.map(\.rawValue).joined(separator: ", "))") }
    return roles
}
