import Foundation

/// The Maildir letters are written to, for the desk's mail system to send (`tmp/`, `new/`, `cur/`).
/// A letter is written to `tmp/` first and moved into `new/` only once the store has recorded it,
/// so whatever picks up `new/` never sees a letter the store refused, nor half a file.
public struct Outbox: Sendable, Equatable {
    public let path: String

    public init(path: String) {
        self.path = path
    }

    /// A letter written to `tmp/`, not yet handed over.
    public struct StagedLetter: Sendable, Equatable {
        public let name: String
        public let temporaryPath: String
    }

    /// Creates the Maildir's three folders where they are missing, mode 0770 whatever the umask, and
    /// keeping the set-group-ID bit of a shared folder they are made in, so every member of the
    /// desk's group can write letters into them (README: sharing a store with a group).
    public func prepare() throws(OutboxError) {
        let parent = URL(fileURLWithPath: path).deletingLastPathComponent().path
        if !FileManager.default.fileExists(atPath: parent) {
            do {
                try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
            } catch {
                throw .unusable(path: parent, reason: "cannot create it (\(error.localizedDescription))")
            }
        }
        for folderPath in [path, "\(path)/tmp", "\(path)/new", "\(path)/cur"] {
            var isFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: folderPath, isDirectory: &isFolder) {
                if !isFolder.boolValue { throw .unusable(path: folderPath, reason: "it is a file, not a folder") }
                continue
            }
            guard mkdir(folderPath, 0o770) == 0 || errno == EEXIST else {
                throw .unusable(path: folderPath, reason: "cannot create it (\(String(cString: strerror(errno))))")
            }
            var status = stat()
            let inherited = stat(folderPath, &status) == 0 ? status.st_mode & S_ISGID : 0
            chmod(folderPath, 0o770 | inherited)
        }
    }

    /// Writes the letter into `tmp/` under a new unique name and flushes it to disk.
    public func stage(_ bytes: Data, at now: Date) throws(OutboxError) -> StagedLetter {
        try prepare()
        let name = Self.uniqueName(at: now)
        let temporary = "\(path)/tmp/\(name)"
        let descriptor = Glibc.open(temporary, O_CREAT | O_EXCL | O_WRONLY, 0o660)
        guard descriptor >= 0 else {
            throw .unusable(path: temporary, reason: String(cString: strerror(errno)))
        }
        defer { close(descriptor) }
        fchmod(descriptor, 0o660)  // whatever the umask: the group's mail system and members read it
        let written = bytes.withUnsafeBytes { buffer -> Bool in
            var offset = 0
            while offset < buffer.count {
                let count = write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if count <= 0 { return false }
                offset += count
            }
            return fsync(descriptor) == 0
        }
        guard written else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw .unusable(path: temporary, reason: "cannot write the letter (\(reason))")
        }
        return StagedLetter(name: name, temporaryPath: temporary)
    }

    /// Moves a staged letter into `new/`: from here on it is the mail system's. Returns its path.
    public func deliver(_ staged: StagedLetter) throws(OutboxError) -> String {
        let destination = "\(path)/new/\(staged.name)"
        guard rename(staged.temporaryPath, destination) == 0 else {
            // Another process's recovery moved it first: it is handed over all the same.
            if errno == ENOENT, access(destination, F_OK) == 0 { return destination }
            throw .unusable(path: destination, reason: "cannot move the letter from tmp/ (\(String(cString: strerror(errno))))")
        }
        return destination
    }

    /// Removes a staged letter the store refused.
    public func discard(_ staged: StagedLetter) {
        unlink(staged.temporaryPath)
    }

    /// The letters waiting in `new/`, oldest first.
    public func waiting() -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: "\(path)/new")) ?? []
        return names.filter { !$0.hasPrefix(".") }.sorted().map { "\(path)/new/\($0)" }
    }

    /// Maildir's unique name: seconds, microseconds, process and a random part, and the host.
    static func uniqueName(at now: Date) -> String {
        let seconds = Int64(now.timeIntervalSince1970.rounded(.down))
        let micros = Int64((now.timeIntervalSince1970 - Double(seconds)) * 1_000_000)
        let host = ProcessInfo.processInfo.hostName.replacingOccurrences(of: "/", with: "\\057")
            .replacingOccurrences(of: ":", with: "\\072")
        return "\(seconds).M\(micros)P\(getpid())R\(String(UInt32.random(in: 0...UInt32.max), radix: 16)).\(host)"
    }
}
