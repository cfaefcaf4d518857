import Platform
import Repository
import SystemPackage

/// git's lock on the index, `<git dir>/index.lock` (created exclusively, removed when done). git
/// holds it for the whole of a checkout, merge, reset or stash, from checking that the working
/// tree is unmodified to writing it (and smudging runs in between). Holding it while a file is
/// compared and replaced makes that step atomic with respect to those commands: neither can
/// overwrite what the other just wrote.
enum GitIndexLock {
    /// How long to wait for a running git command to finish.
    static let patience: Duration = .seconds(10)

    /// Runs `body` holding the index lock of the repository around `directory`; outside a
    /// repository, just runs it.
    static func holding<T>(around directory: String, environment: [String: String], _ body: () throws -> T) throws -> T {
        guard let repository = try? Repository.discover(from: directory, environment: environment), !repository.isBare else {
            return try body()
        }
        let path = repository.gitDirectory + "/index.lock"
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: patience)
        let fd: FileDescriptor
        while true {
            do {
                fd = try FileDescriptor.open(FilePath(path), .writeOnly, options: [.create, .exclusiveCreate, .closeOnExec],
                                             permissions: [.ownerReadWrite, .groupRead, .otherRead])
                break
            } catch {
                let failure = error as? Errno
                guard failure == .fileExists, clock.now < deadline else {
                    throw KubectlPluginError(.writeBack, "cannot lock the git index (\(path)): " + (failure == .fileExists
                        ? "a git command has held it for \(patience)" : "\(error)"),
                        hint: "wait for the running git command; if none is running, remove \(path)")
                }
                CurrentProcess.sleep(for: .milliseconds(20))
            }
        }
        defer {
            try? fd.close()
            Files.remove(path)
        }
        return try body()
    }
}
