import Foundation
import Sops
import TestSupport

/// Runs the independent reference implementation (shared/tools/sops-ref). Python starts slowly, so
/// many invocations run in one interpreter (`batch`).
enum SopsRef {
    /// The sops test age identity (spec §11.1) and its recipient.
    static let ageIdentity = "AGE-SECRET-KEY-1G0Q5K9TV4REQ3ZSQRMTMG8NSWQGYT0T7TZ33RAZEE0GZYVZN0APSU24RK7"
    static let ageRecipient = "age1lzd99uklcjnc0e7d860axevet2cz99ce9pq6tzuzd05l5nr28ams36nvun"

    struct Outcome: Sendable {
        var status: Int
        var out: [UInt8]
        var err: String
        var text: String { String(decoding: out, as: UTF8.self) }
    }

    /// Runs `sops_ref.py <arguments>` for each entry in one Python process, with the test age
    /// identity in `SOPS_AGE_KEY` (plus `environment`).
    static func batch(_ invocations: [[String]], environment: [String: String] = [:]) throws -> [Outcome] {
        let dir = try TemporaryDirectory("sopsref-batch")
        let request = dir.url.appendingPathComponent("request.json")
        try JSONSerialization.data(withJSONObject: invocations).write(to: request)
        var env: [String: String?] = ["SOPS_AGE_KEY": ageIdentity, "SOPS_AGE_KEY_FILE": nil, "XDG_CONFIG_HOME": "/nonexistent"]
        for (k, v) in environment { env[k] = v }
        let result = try Command.run("python3", ["-c", driver, SharedFixtures.sopsRef.path, request.path], environment: env)
        guard result.status == 0, let list = try JSONSerialization.jsonObject(with: result.stdout) as? [[String: Any]] else {
            throw CocoaError(.fileReadCorruptFile, userInfo: ["stderr": result.err])
        }
        return list.map {
            Outcome(status: $0["status"] as! Int, out: Array(Data(base64Encoded: $0["out"] as! String)!), err: $0["err"] as! String)
        }
    }

    /// Writes each (name, bytes) into a fresh directory and returns the paths.
    static func files(_ contents: [[UInt8]], in dir: TemporaryDirectory) throws -> [String] {
        try contents.enumerated().map { index, bytes in
            let url = dir.url.appendingPathComponent("f\(index)")
            try Data(bytes).write(to: url)
            return url.path
        }
    }

    private static let driver = #"""
import base64, io, json, os, sys
tool, request = sys.argv[1], sys.argv[2]
sys.path.insert(0, os.path.dirname(tool))
import importlib.util
spec = importlib.util.spec_from_file_location("sops_ref_main", tool)
mod = importlib.util.module_from_spec(spec); spec.loader.exec_module(mod)
results = []
real_out, real_err = sys.stdout, sys.stderr
for argv in json.load(open(request)):
    buf, err = io.BytesIO(), io.StringIO()
    sys.stdout = io.TextIOWrapper(buf, encoding="utf-8", errors="surrogateescape", write_through=True)
    sys.stderr = err
    try:
        status = mod.main(argv)
    except SystemExit as e:
        status = e.code if isinstance(e.code, int) else 1
    except Exception as e:
        err.write("exception: %r" % (e,)); status = 99
    sys.stdout.flush()
    out = buf.getvalue()
    sys.stdout, sys.stderr = real_out, real_err
    results.append({"status": status or 0, "out": base64.b64encode(out).decode(), "err": err.getvalue()})
json.dump(results, real_out)
"""#
}

/// Canonical typed trees (`--typed` output) compared with numbers of integral value as one kind:
/// a clear float `1.0` is written `1` by sops' emitters and read back as an int.
func sameTree(_ a: [UInt8], _ b: [UInt8]) -> Bool {
    if a == b, !a.isEmpty { return true }
    func normalize(_ value: Any) -> Any {
        if let dict = value as? [String: Any] {
            if let type = dict["type"] as? String, type == "float" || type == "int", let n = dict["value"] as? NSNumber,
               n.doubleValue.rounded() == n.doubleValue, abs(n.doubleValue) < 1e15 {
                return ["type": "number", "value": n.doubleValue] as [String: Any]
            }
            return dict.mapValues(normalize)
        }
        if let list = value as? [Any] { return list.map(normalize) }
        return value
    }
    guard let x = try? JSONSerialization.jsonObject(with: Data(a), options: [.fragmentsAllowed]),
          let y = try? JSONSerialization.jsonObject(with: Data(b), options: [.fragmentsAllowed]) else { return false }
    return NSDictionary(dictionary: ["v": normalize(x)]).isEqual(to: ["v": normalize(y)])
}
