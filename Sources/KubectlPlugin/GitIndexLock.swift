import Repository
#if canImport(Glibc)
import Glibc
#endif

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
        var fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        while fd < 0 {
            guard errno == EEXIST, clock.now < deadline else {
                throw KubectlPluginError(.writeBack, "cannot lock the git index (\(path)): " + (errno == EEXIST
                    ? "a git command has held it for \(patience)" : String(cString: strerror(errno))),
                    hint: "wait for the running git command; if none is running, remove \(path)")
            }
            usleep(20_000)
            fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        }
        defer {
            close(fd)
            unlink(path)
        }
        return try body()
    }
}
