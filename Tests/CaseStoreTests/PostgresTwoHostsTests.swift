@testable import CaseStore
import CaseDesk
import Foundation
import Testing

/// Whether this process can make network namespaces: as root, with `ip`.
enum NetworkNamespaces {
    static let ip = "/usr/sbin/ip"
    /// Tried once: a container may run the tests as root yet without the right to make namespaces.
    static let available: Bool = {
        guard getuid() == 0, FileManager.default.isExecutableFile(atPath: ip) else { return false }
        let probe = "cdprobe\(getpid() % 100_000)"
        guard (try? PostgresTestCluster.run(ip, ["netns", "add", probe])) != nil else { return false }
        try? PostgresTestCluster.run(ip, ["netns", "del", probe])
        return true
    }()
}

/// Two members on two "hosts": two network namespaces, each joined to the server's by a veth pair,
/// running the real binary over TCP with password authentication (scram) as their own database
/// roles, at once, on one case. Needs root (network namespaces) and `ip`.
@Suite("PostgreSQL: two members on two hosts (network namespaces) edit one case at once",
       .enabled(if: PostgresTestCluster.isAvailable && CaseDeskBinary.isAvailable && NetworkNamespaces.available,
                "needs PostgreSQL, the built binary, and root with ip(8) allowed to make network namespaces"))
struct PostgresTwoHostsTests {
    static let ip = NetworkNamespaces.ip

    /// A network namespace joined to this one by a veth pair: the server is `serverAddress` from inside it.
    struct Host {
        let namespace: String
        let serverAddress: String

        init(name: String, subnet: String) throws {
            namespace = name
            serverAddress = "\(subnet).1"
            let (outside, inside) = ("\(name)o", "\(name)i")
            try PostgresTestCluster.run(PostgresTwoHostsTests.ip, ["netns", "add", name])
            try PostgresTestCluster.run(PostgresTwoHostsTests.ip, ["link", "add", outside, "type", "veth", "peer", "name", inside])
            try PostgresTestCluster.run(PostgresTwoHostsTests.ip, ["link", "set", inside, "netns", name])
            try PostgresTestCluster.run(PostgresTwoHostsTests.ip, ["addr", "add", "\(subnet).1/24", "dev", outside])
            try PostgresTestCluster.run(PostgresTwoHostsTests.ip, ["link", "set", outside, "up"])
            for command in [["addr", "add", "\(subnet).2/24", "dev", inside], ["link", "set", inside, "up"], ["link", "set", "lo", "up"]] {
                try PostgresTestCluster.run(PostgresTwoHostsTests.ip, ["netns", "exec", name, PostgresTwoHostsTests.ip] + command)
            }
        }

        /// Removing the namespace removes its end of the pair, and with it the other end.
        func remove() { try? PostgresTestCluster.run(PostgresTwoHostsTests.ip, ["netns", "del", namespace]) }
    }

    @Test("sam on one host and sue on another write the same version: one is kept, the other is told of the conflict")
    func twoHosts() throws {
        let tag = String(getpid() % 100_000)
        let network = "10.\(100 + Int(getpid() % 100))"
        var hosts: [Host] = []
        defer { for host in hosts { host.remove() } }
        hosts.append(try Host(name: "cd\(tag)a", subnet: "\(network).1"))
        hosts.append(try Host(name: "cd\(tag)b", subnet: "\(network).2"))
        let cluster = try PostgresTestCluster.separate(listening: hosts.map(\.serverAddress),
                                                       hostLines: ["host all all \(network).0.0/16 scram-sha-256"])
        defer { cluster.stop() }
        let uri = try cluster.newDatabase()
        let database = try PostgresAddress(uri).database
        let now = at("2027-03-18T09:00:00+01:00")
        let store = try PostgresCaseStore.create(PostgresAddress(uri), creator: People.admin, roles: [.admin, .supervisor], at: now)
        let members = ["sam", "sue"]
        for member in members {
            try store.setStaff(member, roles: [.supervisor], by: People.admin, at: now)
            try cluster.admin { try $0.execute("ALTER ROLE \(member) PASSWORD '\(member)-secret'") }
        }
        let opened = try store.open(complaint(received: now), by: People.admin, at: now)
        let folder = try TemporaryDirectory()
        defer { folder.remove() }

        /// Starts `casedesk ARGUMENTS --db postgresql://MEMBER@SERVER/DB` inside the member's host.
        func start(_ index: Int, password: String, _ arguments: String) throws -> (Process, String, String) {
            let (out, err) = (folder.file("out-\(index)-\(UUID().uuidString)"), folder.file("err-\(index)-\(UUID().uuidString)"))
            let script = "exec \(Self.ip) netns exec \(hosts[index].namespace) \"$CASEDESK_BIN\" \(arguments) "
                + "--db postgresql://\(members[index])@\(hosts[index].serverAddress)/\(database)"
            return (try CaseDeskBinary.startShell(script, environment: ["PGPASSWORD": password], stdout: out, stderr: err, in: folder), out, err)
        }
        func finish(_ started: (Process, String, String)) throws -> (status: Int32, out: String, err: String) {
            started.0.waitUntilExit()
            return (started.0.terminationStatus, try String(contentsOfFile: started.1, encoding: .utf8),
                    try String(contentsOfFile: started.2, encoding: .utf8))
        }

        // Only with the password: the other host is really another host, reached over TCP.
        let refused = try finish(try start(0, password: "wrong", "show \(opened.number)"))
        #expect(refused.status != 0 && refused.err.contains("password authentication failed"), "\(refused.err)")

        for round in 0..<3 {
            let version = try store.events(of: opened.number).count
            let started = try members.indices.map { index in
                try start(index, password: "\(members[index])-secret", "note \(opened.number) 'round \(round) from \(members[index])' --if-version \(version)")
            }
            let results = try started.map(finish)
            let kept = results.indices.filter { results[$0].status == 0 }
            #expect(kept.count == 1, "round \(round): \(results)")
            for index in results.indices where !kept.contains(index) {
                #expect(results[index].err.contains("changed after you read it (version \(version))"), "\(results[index].err)")
            }
            let last = try #require(try store.events(of: opened.number).last)
            #expect(kept.first.map { members[$0] } == last.actor, "the actor is the database role that connected")
        }
        #expect(try store.events(of: opened.number).count == 4)
        #expect(try store.verify().isClean)
    }
}
