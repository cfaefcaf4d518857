import Foundation
import TestSupport
import Testing

/// libcurl and its ~30 dependencies cost every process start ~3.5 ms when linked (measured with
/// `gitsops --version`); the HTTP layer dlopens it on the first request instead.
@Test func gitsopsBinaryDoesNotLinkLibcurl() throws {
    let binary = GitsopsBinary.url.path
    try #require(FileManager.default.isExecutableFile(atPath: binary), "build gitsops first")
    let dynamic = try Command.run("readelf", ["-d", binary])
    #expect(dynamic.status == 0)
    #expect(dynamic.out.contains("(NEEDED)"))
    #expect(!dynamic.out.contains("libcurl"))
}
