import FuzzHarness

// libFuzzer target for `AgeHarness` (see Tests/Fuzz/run.sh); without -DFUZZING it replays files.

@_cdecl("LLVMFuzzerTestOneInput")
public func testOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    FuzzMain.testOneInput(AgeHarness.self, data, size)
}

@main enum AgeFuzz {
    static func main() { FuzzMain.main(AgeHarness.self, testOneInput: testOneInput) }
}
