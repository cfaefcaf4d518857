import FuzzHarness

// libFuzzer target for `SopsStoreHarness` (see Tests/Fuzz/run.sh); without -DFUZZING it replays files.

@_cdecl("LLVMFuzzerTestOneInput")
public func testOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    FuzzMain.testOneInput(SopsStoreHarness.self, data, size)
}

@main enum SopsStoreFuzz {
    static func main() { FuzzMain.main(SopsStoreHarness.self, testOneInput: testOneInput) }
}
