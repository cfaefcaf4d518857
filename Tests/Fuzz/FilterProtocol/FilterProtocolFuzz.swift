import FuzzHarness

// libFuzzer target for `FilterProtocolHarness` (see Tests/Fuzz/run.sh); without -DFUZZING it replays files.

@_cdecl("LLVMFuzzerTestOneInput")
public func testOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    FuzzMain.testOneInput(FilterProtocolHarness.self, data, size)
}

@main enum FilterProtocolFuzz {
    static func main() { FuzzMain.main(FilterProtocolHarness.self, testOneInput: testOneInput) }
}
