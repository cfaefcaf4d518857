import Dispatch
import Foundation

/// The body of each `Tests/Fuzz/<Name>` executable. Built with `-DFUZZING` (and
/// `-sanitize=fuzzer`) it hands control to libFuzzer; otherwise it replays the files and
/// directories named on the command line, so the targets build and run without the fuzzer too.
public enum FuzzMain {
    /// libFuzzer's per-input entry: runs the harness and aborts on a finding, so libFuzzer saves
    /// the input as a crash artifact.
    public static func testOneInput<H: Harness>(_ harness: H.Type, _ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
        let input = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
        if let finding = runBlocking(harness, input) {
            FileHandle.standardError.write(Data("\(H.name): finding: \(finding)\n".utf8))
            abort()
        }
        return 0
    }

    /// Runs `harness` on `input` from synchronous code (libFuzzer's thread, not a concurrency pool
    /// thread); returns the finding, if any.
    static func runBlocking<H: Harness>(_ harness: H.Type, _ input: [UInt8]) -> Finding? {
        if let synchronous = harness as? any SynchronousHarness.Type {
            do { try synchronous.runSynchronously(input) } catch { return error }
            return nil
        }
        let outcome = Outcome()
        let done = DispatchSemaphore(value: 0)
        Task {
            do throws(Finding) { try await harness.run(input) } catch { outcome.finding = error }
            done.signal()
        }
        done.wait()
        return outcome.finding
    }

    private final class Outcome: @unchecked Sendable {
        var finding: Finding?  // written by the task before it signals, read after the wait
    }

    /// The executable's entry point.
    public static func main<H: Harness>(_ harness: H.Type,
                                        testOneInput: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt) -> Never {
        #if FUZZING
        var argc = CommandLine.argc
        var argv = CommandLine.unsafeArgv
        exit(LLVMFuzzerRunDriver(&argc, &argv, testOneInput))
        #else
        exit(replay(harness, paths: Array(CommandLine.arguments.dropFirst())))
        #endif
    }

    /// Feeds each file (directories: each file in them) through the harness; 0 when all pass.
    static func replay<H: Harness>(_ harness: H.Type, paths: [String]) -> Int32 {
        guard !paths.isEmpty else {
            print("usage: \(H.name) FILE|DIRECTORY… (replays inputs; build with Tests/Fuzz/run.sh to fuzz)")
            return 2
        }
        var failures = 0
        for path in paths {
            for file in files(at: path) {
                guard let data = FileManager.default.contents(atPath: file) else {
                    print("\(file): cannot read")
                    failures += 1
                    continue
                }
                if let finding = runBlocking(harness, Array(data)) {
                    print("\(file): finding: \(finding)")
                    failures += 1
                } else {
                    print("\(file): ok")
                }
            }
        }
        return failures == 0 ? 0 : 1
    }

    private static func files(at path: String) -> [String] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else { return [path] }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
        return names.sorted().map { path + "/" + $0 }.filter {
            FileManager.default.fileExists(atPath: $0, isDirectory: &isDirectory) && !isDirectory.boolValue
        }
    }
}

#if FUZZING
/// libFuzzer's driver (compiler-rt, LLVM 13+): runs the fuzzing loop with our callback, so the
/// executable keeps the `main` SwiftPM gives it.
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(_ argc: UnsafeMutablePointer<CInt>,
                         _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
                         _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt) -> CInt
#endif
