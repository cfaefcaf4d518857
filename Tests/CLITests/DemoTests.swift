import Foundation
import TestSupport
import Testing

/// `gitsops demo`, as install.sh runs it: every step's check passes and nothing is left behind.
@Suite struct DemoTests {
    @Test func theDemoTellsTheWholeStoryAndCleansUp() throws {
        let tmp = try TemporaryDirectory("gitsops-demo-test")
        let result = try GitsopsBinary.run(["demo"], environment: ["TMPDIR": tmp.path])
        #expect(result.status == 0, "\(result.out)\(result.err)")
        for check in [
            "✓ decrypt gives back the file byte for byte (comments and quoting too)",
            "✓ the committed blob holds no plaintext value",
            "✓ values are ENC[…] and the sops block carries the MAC",
            "✓ secrets/orders-db.yaml is byte-identical to what was added",
            "✓ git status is clean",
            "✓ the stored file changes only in the value's line, mac and lastmodified",
            "✓ the diff names the changed key and masks its values",
        ] {
            #expect(result.out.contains(check), "missing: \(check)")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: tmp.path).isEmpty)
    }
}
