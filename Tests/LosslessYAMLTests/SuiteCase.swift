import Foundation
import TestSupport

/// One case of `shared/fixtures/yaml-test-suite` (a directory with `in.yaml`).
struct SuiteCase: CustomStringConvertible, Sendable {
    let id: String
    let directory: URL

    var description: String { id }
    var input: [UInt8] { (try? Array(Data(contentsOf: directory.appendingPathComponent("in.yaml")))) ?? [] }
    var isError: Bool { exists("error") }
    var json: [UInt8]? { read("in.json") }
    var events: String? { read("test.event").map { String(decoding: $0, as: UTF8.self) } }

    func exists(_ name: String) -> Bool {
        FileManager.default.fileExists(atPath: directory.appendingPathComponent(name).path)
    }

    func read(_ name: String) -> [UInt8]? {
        guard exists(name) else { return nil }
        return try? Array(Data(contentsOf: directory.appendingPathComponent(name)))
    }

    /// Every case, sorted by id (`229Q`, `SM9W/00`, …).
    static let all: [SuiteCase] = {
        let root = SharedFixtures.yamlTestSuite
        var cases: [SuiteCase] = []
        let fm = FileManager.default
        for name in ((try? fm.contentsOfDirectory(atPath: root.path)) ?? []).sorted() {
            let dir = root.appendingPathComponent(name)
            if fm.fileExists(atPath: dir.appendingPathComponent("in.yaml").path) {
                cases.append(SuiteCase(id: name, directory: dir))
            } else {
                for sub in ((try? fm.contentsOfDirectory(atPath: dir.path)) ?? []).sorted() {
                    let subdir = dir.appendingPathComponent(sub)
                    if fm.fileExists(atPath: subdir.appendingPathComponent("in.yaml").path) {
                        cases.append(SuiteCase(id: "\(name)/\(sub)", directory: subdir))
                    }
                }
            }
        }
        return cases
    }()
}
