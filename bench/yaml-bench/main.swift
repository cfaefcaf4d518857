// Times LosslessYAML on one file: parse + print (the git filter's path), parse alone, the value
// view, and the emitter. Usage: yaml-bench FILE [ITERATIONS]
import Foundation
import LosslessYAML

let arguments = CommandLine.arguments
guard arguments.count >= 2, let data = FileManager.default.contents(atPath: arguments[1]) else {
    FileHandle.standardError.write(Data("usage: yaml-bench FILE [ITERATIONS]\n".utf8))
    exit(2)
}
let iterations = arguments.count >= 3 ? Int(arguments[2]) ?? 20 : 20
let bytes = [UInt8](data)
if arguments.count >= 4, arguments[3] == "parse-only" {  // for profiling
    var nodes = 0
    for _ in 0..<iterations { nodes += (try? YAMLStream.parse(bytes).nodeCount) ?? 0 }
    print(nodes)
    exit(0)
}

/// Milliseconds of this thread's CPU time (less disturbed than wall time on a shared machine).
func cpuMilliseconds() -> Double {
    var spec = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &spec)
    return Double(spec.tv_sec) * 1e3 + Double(spec.tv_nsec) / 1e6
}

/// Median wall time and median CPU time in milliseconds of `body` (after one warm-up run).
func measure(_ body: () throws -> Void) rethrows -> (wall: Double, cpu: Double) {
    try body()
    var wall: [Double] = [], cpu: [Double] = []
    for _ in 0..<iterations {
        let start = ContinuousClock.now
        let cpuStart = cpuMilliseconds()
        try body()
        cpu.append(cpuMilliseconds() - cpuStart)
        let elapsed = ContinuousClock.now - start
        wall.append(Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1e3)
    }
    return (wall.sorted()[wall.count / 2], cpu.sorted()[cpu.count / 2])
}

func line(_ name: String, _ time: (wall: Double, cpu: Double)) {
    let padded = name.padding(toLength: 12, withPad: " ", startingAt: 0)
    print("  " + padded + String(format: "%8.2f ms wall %8.2f ms cpu", time.wall, time.cpu))
}

do {
    var nodes = 0
    let parse = try measure { nodes += try YAMLStream.parse(bytes).nodeCount }
    precondition(nodes > 0)
    var printedCount = 0
    let parsePrint = try measure {
        let stream = try YAMLStream.parse(bytes)
        printedCount = stream.printed().count
    }
    precondition(printedCount == bytes.count)
    let stream = try YAMLStream.parse(bytes)
    let values = try measure { _ = try stream.values() }
    let documents = try stream.values()
    let emit = measure { _ = YAMLEmitter(indent: 2).emit(values: documents) }
    let size = String(format: "%.2f MiB", Double(bytes.count) / 1_048_576)
    print("LosslessYAML \(size), \(stream.documents.count) documents, \(stream.nodeCount) nodes, \(stream.comments.count) comments (median of \(iterations))")
    line("parse+print", parsePrint)
    line("parse", parse)
    line("values", values)
    line("emit", emit)
} catch {
    print("yaml-bench: \(error)")
    exit(1)
}
