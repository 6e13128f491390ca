import ArgumentParser
import CaseDesk
import CaseStore
import Foundation

struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create a new case store; you become its admin.",
        discussion: "The file is created with mode 0660 so a desk group can share it. Add --roles to also work cases yourself.")

    @OptionGroup var store: StoreOptions

    @Option(help: ArgumentHelp("Your roles (comma-separated; admin is always included): supervisor, abuse, head, viewer, admin.",
                               valueName: "ROLES"))
    var roles: String?

    func run() throws {
        let actor = try store.actor()
        var roleSet = try parseRoles(roles ?? "admin")
        roleSet.insert(.admin)
        let path = store.path
        _ = try cli { () throws(StoreError) in try SQLiteCaseStore.create(path: path, creator: actor, roles: roleSet) }
        let list = Role.allCases.filter(roleSet.contains).map(\.rawValue).joined(separator: ", ")
        if store.json {
            try JSONOutput.print(["path": path, "account": actor.account, "roles": list], calendar: .saarland)
        } else {
            print("created the case store \(path); \(actor.account) is on its staff as \(list)")
        }
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
