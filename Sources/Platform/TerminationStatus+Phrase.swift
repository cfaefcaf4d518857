public import Subprocess
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension TerminationStatus {
    /// How a child process ended, as words for a message after its name: "exited with status 1",
    /// "was killed by signal 15 (SIGTERM)" (never Swift's `exited(1)`).
    public var phrase: String {
        switch self {
        case .exited(let code):
            return "exited with status \(code)"
        case .signaled(let signal):
            return "was killed by signal \(signal)" + (Self.signalNames[signal].map { " (\($0))" } ?? "")
        }
    }

    /// The usual signals by number (numbers differ between Linux and macOS, names do not).
    private static let signalNames: [Int32: String] = [
        SIGHUP: "SIGHUP", SIGINT: "SIGINT", SIGQUIT: "SIGQUIT", SIGILL: "SIGILL", SIGTRAP: "SIGTRAP",
        SIGABRT: "SIGABRT", SIGBUS: "SIGBUS", SIGFPE: "SIGFPE", SIGKILL: "SIGKILL", SIGUSR1: "SIGUSR1",
        SIGSEGV: "SIGSEGV", SIGUSR2: "SIGUSR2", SIGPIPE: "SIGPIPE", SIGALRM: "SIGALRM", SIGTERM: "SIGTERM",
        SIGCHLD: "SIGCHLD", SIGCONT: "SIGCONT", SIGSTOP: "SIGSTOP", SIGTSTP: "SIGTSTP", SIGTTIN: "SIGTTIN",
        SIGTTOU: "SIGTTOU", SIGXCPU: "SIGXCPU", SIGXFSZ: "SIGXFSZ", SIGVTALRM: "SIGVTALRM", SIGPROF: "SIGPROF",
        SIGSYS: "SIGSYS",
    ]
}
