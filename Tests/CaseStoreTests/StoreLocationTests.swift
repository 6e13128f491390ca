import CaseDesk
import CaseStore
import Foundation
import Testing

@Suite("Where a store lives: a file's path or a PostgreSQL URI")
struct StoreLocationTests {
    @Test("libpq's URI forms are read as PostgreSQL, with user, host, port and database")
    func uriForms() throws {
        let full = try PostgresAddress("postgresql://desk@db.example.org:5433/casedesk")
        #expect(full.user == "desk" && full.host == "db.example.org" && full.port == 5433 && full.database == "casedesk")
        let local = try PostgresAddress("postgresql:///casedesk")
        #expect(local.user == nil && local.host == nil && local.port == nil && local.database == "casedesk")
        let socket = try PostgresAddress("postgresql:///casedesk?host=/run/postgresql&sslmode=disable")
        #expect(socket.host == "/run/postgresql" && socket.database == "casedesk" && socket.options == ["sslmode": "disable"])
        let ipv6 = try PostgresAddress("postgres://[::1]:5432/desk")
        #expect(ipv6.host == "::1" && ipv6.port == 5432 && ipv6.database == "desk")
        #expect(try StoreLocation("postgresql:///casedesk") == .postgreSQL(local))
        #expect(try StoreLocation("POSTGRESQL:///casedesk") != .sqliteFile("POSTGRESQL:///casedesk"))
    }

    @Test("paths stay paths; another scheme, a URI without a database or with a bad port is refused")
    func pathsAndRefusals() throws {
        #expect(try StoreLocation("/var/lib/casedesk/cases.sqlite") == .sqliteFile("/var/lib/casedesk/cases.sqlite"))
        #expect(try StoreLocation("desk.sqlite") == .sqliteFile("desk.sqlite"))
        #expect(try StoreLocation("folder:with/colon.sqlite") == .sqliteFile("folder:with/colon.sqlite"))
        for value in ["mysql://host/db", "postgresql://host", "postgresql://host/", "postgresql://host:99999/db", "postgresql://host:x/db"] {
            #expect(storeError { try StoreLocation(value) } != nil, "\(value) is refused")
        }
    }

    @Test("a password is never shown in the store's name")
    func passwordHidden() throws {
        let address = try PostgresAddress("postgresql://desk:s3cret@db.example.org/casedesk")
        #expect(address.description == "postgresql://desk:***@db.example.org/casedesk")
        #expect(address.user == "desk")
    }

    @Test("a PostgreSQL URI is never taken for a path: no folder named postgresql: is made")
    func uriIsNoFolder() throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let uri = "postgresql:///casedesk?host=\(folder.path)/no-server-here"
        let error = storeError { try CaseStores.create(path: uri, creator: People.admin, roles: [.admin]) }
        #expect(error?.description.contains("cannot connect to postgresql:///casedesk") == true, "\(String(describing: error))")
        #expect(storeError { try CaseStores.open(path: uri) } != nil)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty, "nothing was created")
        // Taken for a path, the URI made the folder `postgresql:` in the working directory.
        #expect(!FileManager.default.fileExists(atPath: FileManager.default.currentDirectoryPath + "/postgresql:"))
    }
}
