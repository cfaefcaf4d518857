import Foundation
import Synchronization
import TestSupport
import Testing

/// The way tests run programs: a child spawned meanwhile by another thread inherits nothing that
/// could hold a command open, and a command that hangs is killed at its limit.
@Suite struct ChildProcessTests {
    /// Another thread keeps starting long-lived children the careless way (posix_spawn closing
    /// nothing, as a library might): they inherit every descriptor not marked close-on-exec.
    @Test func longLivedChildrenStartedMeanwhileDoNotHoldACommandOpen() throws {
        let stop = Atomic<Bool>(false)
        let spawner = Thread {
            var sleepers: [pid_t] = []
            let argv: [UnsafeMutablePointer<CChar>?] = [strdup("/bin/sleep"), strdup("30"), nil]
            // At most 200: were commands held open, they would wait out each sleeper's 30 s.
            while !stop.load(ordering: .relaxed) && sleepers.count < 200 {
                var pid: pid_t = 0
                if posix_spawn(&pid, "/bin/sleep", nil, nil, argv, environ) == 0 { sleepers.append(pid) }
                usleep(2_000)
            }
            while !stop.load(ordering: .relaxed) { usleep(10_000) }
            for pid in sleepers { kill(pid, SIGKILL); waitpid(pid, nil, 0) }
            argv.forEach { free($0) }
        }
        spawner.start()
        defer { stop.store(true, ordering: .relaxed) }
        for _ in 0..<20 {
            let started = Date()
            let result = try Command.run("/bin/sh", ["-c", "cat; echo done >&2"], stdin: Data("x".utf8))
            #expect(result.out == "x" && result.err == "done\n")
            let seconds = Date().timeIntervalSince(started)
            #expect(seconds < 5, "a command waited for a child it did not start")
            if seconds >= 5 { break }
        }
    }

    @Test func aCommandOverItsLimitIsKilledAndNamed() throws {
        let started = Date()
        #expect {
            try Command.run("/bin/sh", ["-c", "echo starting >&2; exec sleep 30"], timeLimit: 1)
        } throws: { error in
            "\(error)".hasPrefix("/bin/sh -c echo starting >&2; exec sleep 30 did not exit within 1 s")
                && "\(error)".hasSuffix("starting\n")
        }
        #expect(Date().timeIntervalSince(started) < 10)
    }

    @Test func exitCodesAndSignalsAreReported() throws {
        #expect(try Command.run("/bin/sh", ["-c", "exit 3"]).status == 3)
        let child = try ChildProcess("/bin/sleep", ["30"], environment: [:])
        #expect(child.exited == nil)
        let ended = child.stop()
        #expect(ended.bySignal && ended.status == SIGTERM)
    }
}
