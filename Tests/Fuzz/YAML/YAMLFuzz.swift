import FuzzHarness

// libFuzzer target for `YAMLHarness` (see Tests/Fuzz/run.sh); without -DFUZZING it replays files.

@_cdecl("LLVMFuzzerTestOneInput")
public func testOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    FuzzMain.testOneInput(YAMLHarness.self, data, size)
}

@main enum YAMLFuzz {
    static func main() { FuzzMain.main(YAMLHarness.self, testOneInput: testOneInput) }
}
