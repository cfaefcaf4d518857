import FuzzHarness

// libFuzzer target for `SopsDocumentHarness` (see Tests/Fuzz/run.sh); without -DFUZZING it replays files.

@_cdecl("LLVMFuzzerTestOneInput")
public func testOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    FuzzMain.testOneInput(SopsDocumentHarness.self, data, size)
}

@main enum SopsDocumentFuzz {
    static func main() { FuzzMain.main(SopsDocumentHarness.self, testOneInput: testOneInput) }
}
