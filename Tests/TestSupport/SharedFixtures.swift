import Foundation

/// Locates `../shared` (fixtures, spec, sops-ref) by walking up from this source file, so tests
/// read the fixtures in place (never copied). `GITSOPS_SHARED` overrides the search.
public enum SharedFixtures {
    /// The `shared` directory beside the project checkout.
    public static let root: URL = {
        if let override = ProcessInfo.processInfo.environment["GITSOPS_SHARED"], !override.isEmpty {
            return URL(fileURLWithPath: override)
        }
        var dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while dir.path != "/" {
            let candidate = dir.appendingPathComponent("shared")
            if FileManager.default.fileExists(atPath: candidate.appendingPathComponent("DESIGN.md").path) {
                return candidate
            }
            dir = dir.deletingLastPathComponent()
        }
        fatalError("cannot find ../shared (set GITSOPS_SHARED)")
    }()

    /// `shared/fixtures/sops/<name>`.
    public static func sops(_ name: String) -> URL {
        root.appendingPathComponent("fixtures/sops").appendingPathComponent(name)
    }

    /// `shared/fixtures/yaml-test-suite`.
    public static var yamlTestSuite: URL { root.appendingPathComponent("fixtures/yaml-test-suite") }

    /// `shared/tools/sops-ref/sops_ref.py`.
    public static var sopsRef: URL { root.appendingPathComponent("tools/sops-ref/sops_ref.py") }
}
