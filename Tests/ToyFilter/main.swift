import FilterProtocol
import Platform
import SystemPackage

// gitsops' filter protocol with the toy policy, for tests:
//   ToyFilter process | clean PATH | smudge PATH
// TOY_FILTER_LOG=FILE appends "start" per process and "delayed PATH" per delayed smudge.

let logPath = CurrentProcess.environment()["TOY_FILTER_LOG"]
let log: @Sendable (String) -> Void = { line in
    guard let logPath, let fd = try? FileDescriptor.open(logPath, .writeOnly, options: [.append, .create],
                                                         permissions: [.ownerReadWrite]) else { return }
    _ = try? fd.writeAll(Array((line + "\n").utf8))
    try? fd.close()
}
func printError(_ line: String) { _ = try? FileDescriptor.standardError.writeAll(Array((line + "\n").utf8)) }

log("start")
CurrentProcess.ignoreBrokenPipe()
let policy = ToyPolicy(log: log)
let arguments = Array(CommandLine.arguments.dropFirst())
do {
    switch arguments.first {
    case "process":
        try await FilterServer(policy: policy).run()
    case "clean" where arguments.count == 2:
        try await OneShotFilter.run(.clean, path: arguments[1], policy: policy)
    case "smudge" where arguments.count == 2:
        try await OneShotFilter.run(.smudge, path: arguments[1], policy: policy)
    default:
        printError("usage: ToyFilter process | clean PATH | smudge PATH")
        CurrentProcess.exit(2)
    }
} catch {
    printError("toy-filter: error: \(error)")
    CurrentProcess.exit(1)
}
