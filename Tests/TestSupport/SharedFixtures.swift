import Foundation

/// Test data: the fixtures in `Tests/Fixtures` (in the repository, so a clone with nothing beside it
/// has them) and, optionally, the independent sops implementation in `../shared/tools/sops-ref`.
/// Both are found by walking up from this source file, as swift-crypto's tests find their vectors.
public enum SharedFixtures {
    /// The package root: the nearest directory above this file that holds `Package.swift`.
    public static let packageRoot: URL = {
        var dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while dir.path != "/", !FileManager.default.fileExists(atPath: dir.appendingPathComponent("Package.swift").path) {
            dir = dir.deletingLastPathComponent()
        }
        return dir
    }()

    /// `Tests/Fixtures` (see its README for where each file comes from).
    public static var root: URL { packageRoot.appendingPathComponent("Tests/Fixtures") }

    /// `Tests/Fixtures/sops/<name>`.
    public static func sops(_ name: String) -> URL {
        root.appendingPathComponent("sops").appendingPathComponent(name)
    }

    /// `Tests/Fixtures/yaml-test-suite`.
    public static var yamlTestSuite: URL { root.appendingPathComponent("yaml-test-suite") }

    /// `shared/tools/sops-ref/sops_ref.py` in a `shared` directory above the package root, or nil
    /// where there is none (a user's clone). `GITSOPS_SHARED` names the `shared` directory instead,
    /// so `GITSOPS_SHARED=/nonexistent swift test` runs the suite as a lone clone does.
    public static let sopsRefScript: URL? = {
        let script = "tools/sops-ref/sops_ref.py"
        var candidates: [URL] = []
        if let override = ProcessInfo.processInfo.environment["GITSOPS_SHARED"], !override.isEmpty {
            candidates = [URL(fileURLWithPath: override)]
        } else {
            var dir = packageRoot.deletingLastPathComponent()
            while true {
                candidates.append(dir.appendingPathComponent("shared"))
                if dir.path == "/" { break }
                dir = dir.deletingLastPathComponent()
            }
        }
        return candidates.map { $0.appendingPathComponent(script) }.first { FileManager.default.fileExists(atPath: $0.path) }
    }()

    /// Whether the reference implementation is there; tests that need it are enabled only then.
    public static var hasSopsRef: Bool { sopsRefScript != nil }

    /// Why a test that needs the reference implementation was skipped.
    public static let sopsRefMissing = "needs the independent sops implementation (../shared/tools/sops-ref), which is not beside this checkout"

    /// The reference implementation's script. Only tests enabled by `hasSopsRef` call it; elsewhere
    /// the path names the missing file, so a test that forgot the condition fails saying so.
    public static var sopsRef: URL { sopsRefScript ?? URL(fileURLWithPath: "/nonexistent/shared/tools/sops-ref/sops_ref.py") }
}
