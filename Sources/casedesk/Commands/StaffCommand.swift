import ArgumentParser
import CaseDesk
import CaseStore
import Foundation

struct StaffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "staff",
        abstract: "List the desk's staff, add people and set their roles, remove them (admins).",
        subcommands: [List.self, Add.self, Remove.self],
        defaultSubcommand: List.self)

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List the staff and their roles.")
        @OptionGroup var store: StoreOptions

        func run() throws {
            let session = try store.session()
            let staff = try cli { () throws(StoreError) in try session.store.staff() }
            if store.json {
                struct Member: Encodable { var account: String; var roles: [String]; var added: String; var added_by: String }
                try JSONOutput.print(staff.map {
                    Member(account: $0.account, roles: Role.allCases.filter($0.roles.contains).map(\.rawValue),
                           added: session.calendar.iso8601($0.added), added_by: $0.addedBy)
                }, calendar: session.calendar)
                return
            }
            for member in staff {
                let roles = Role.allCases.filter(member.roles.contains).map(\.rawValue).joined(separator: ",")
                print("\(member.account.padding(toLength: max(12, member.account.count), withPad: " ", startingAt: 0))  \(roles)")
            }
        }
    }

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "add", abstract: "Add a person (their operating-system account) or change their roles.")
        @OptionGroup var store: StoreOptions
        @Argument(help: "The account name.") var account: String
        @Option(name: [.customLong("role"), .customLong("roles")], help: ArgumentHelp("Roles, comma-separated: supervisor, abuse, head, viewer, admin.", valueName: "ROLES"))
        var roles: String

        func run() throws {
            let session = try store.session()
            let set = try parseRoles(roles)
            try cli { () throws(StoreError) in try session.store.setStaff(account, roles: set, by: session.actor, at: Date()) }
            let roles = Role.allCases.filter(set.contains).map(\.rawValue)
            if store.json {
                try JSONOutput.print(["account": account, "roles": roles.joined(separator: ",")], calendar: session.calendar)
            } else {
                print("\(account): \(roles.joined(separator: ", "))")
            }
        }
    }

    struct Remove: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "remove", abstract: "Remove a person from the staff (their past events stay).")
        @OptionGroup var store: StoreOptions
        @Argument(help: "The account name.") var account: String

        func run() throws {
            let session = try store.session()
            try cli { () throws(StoreError) in try session.store.removeStaff(account, by: session.actor, at: Date()) }
            if store.json {
                try JSONOutput.print(["removed": account], calendar: session.calendar)
            } else {
                print("removed \(account) from the staff")
            }
        }
    }
}
