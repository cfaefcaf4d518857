// Checkout-like KMS unwrap benchmark: N files' data keys, each wrapped by one KMS key with a role
// (as `.sops.yaml` rules with `kms: [{arn, role}]` produce), unwrapped all at once as the filter
// process does on checkout, through a proxy that adds latency to every request. Run once with the
// given concurrency (the HTTP layer's bound) and once in series.
//
//   KMSBench COUNT [--concurrency 16] [--latency-ms 30]
import Crypto
import Foundation
import HTTP
import KeySources
import TestSupport

func option(_ name: String, _ fallback: Int) -> Int {
    guard let i = CommandLine.arguments.firstIndex(of: name), i + 1 < CommandLine.arguments.count,
          let value = Int(CommandLine.arguments[i + 1]) else { return fallback }
    return value
}

let count = CommandLine.arguments.count > 1 ? Int(CommandLine.arguments[1]) ?? 1000 : 1000
let concurrency = option("--concurrency", 16)
let latency = option("--latency-ms", 30)

let moto = try TestServer("aws_moto.py")
let proxy = try TestServer("fault_proxy.py", [moto.url, "--latency-ms", String(latency)])
defer { proxy.stop(); moto.stop() }
let users = moto.info["users"] as! [String: [String: String]]
let roles = moto.info["roles"] as! [String: String]
let keys = moto.info["keys"] as! [String: String]
let home = FileManager.default.temporaryDirectory.path

func service(endpoint: String, concurrency: Int) -> AWSKMSKeyService {
    let environment = CloudEnvironment(variables: [
        "AWS_ACCESS_KEY_ID": users["developer"]!["id"]!, "AWS_SECRET_ACCESS_KEY": users["developer"]!["secret"]!,
        "AWS_ENDPOINT_URL": endpoint, "AWS_EC2_METADATA_DISABLED": "true",
    ], homeDirectory: home)
    var options = HTTPClient.Options()
    options.maxConcurrentRequests = concurrency
    return AWSKMSKeyService(environment: environment, transport: CloudTransport(http: HTTPClient(options: options)))
}

/// Runs `body` for every element at once (the HTTP layer does the bounding) and returns the results in order.
func all<T: Sendable, R: Sendable>(_ items: [T], _ body: @escaping @Sendable (T) async throws -> R) async throws -> [R] {
    try await withThrowingTaskGroup(of: (Int, R).self) { group in
        for (i, item) in items.enumerated() { group.addTask { (i, try await body(item)) } }
        var results = [R?](repeating: nil, count: items.count)
        for try await (i, result) in group { results[i] = result }
        return results.map { $0! }
    }
}

let stanza = MasterKey.awsKMS(AWSKMSKey(arn: keys["us-east-1"]!, role: roles["cluster"]!, context: ["repo": "bench"]))
let dataKeys = (0..<count).map { _ in SecureRandom.secret(32) }
let setup = service(endpoint: moto.url, concurrency: 16)
let wrapped = try await all(dataKeys) { try await setup.wrap($0, for: stanza) }

print("kms bench: \(count) data keys, AWS KMS (moto) behind a proxy adding \(latency) ms per request")
for limit in [concurrency, 1] {
    try proxy.command("reset")
    let unwrapper = service(endpoint: proxy.url, concurrency: limit)
    let start = ContinuousClock.now
    let unwrapped = try await all(wrapped) { try await unwrapper.unwrap($0) }
    let elapsed = ContinuousClock.now - start
    guard unwrapped == dataKeys else { fatalError("unwrapped keys differ") }
    let stats = try proxy.command("stats")
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    print("  concurrency \(String(limit).padding(toLength: 3, withPad: " ", startingAt: 0)) \(String(format: "%7.2f", seconds)) s"
          + "  (\(stats["total"] ?? 0) requests, at most \(stats["max_concurrent"] ?? 0) in flight)")
}
