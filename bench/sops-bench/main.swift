// Measures the Sops engine in process: encrypt and decrypt of a 1 MiB multi-document manifest and
// of a 100-key Secret, with a real age key (each decryption unwraps its data key: fresh cache).
//   sops-bench <dir>   writes manifest-1mib.yaml, manifest-100keys.yaml (+ .enc.yaml) and prints results
import Foundation
import KeySources
import Sops

let identity = "AGE-SECRET-KEY-1G0Q5K9TV4REQ3ZSQRMTMG8NSWQGYT0T7TZ33RAZEE0GZYVZN0APSU24RK7"
let recipient = "age1lzd99uklcjnc0e7d860axevet2cz99ce9pq6tzuzd05l5nr28ams36nvun"

func secretDocument(_ index: Int, keys: Int, valueLength: Int) -> String {
    var text = "apiVersion: v1\nkind: Secret\nmetadata:\n  name: app-\(index)\n  namespace: prod\ntype: Opaque\nstringData:\n"
    let alphabet = Array("abcdefghijklmnopqrstuvwxyz0123456789")
    for k in 0..<keys {
        let value = String((0..<valueLength).map { alphabet[($0 * 7 + index * 13 + k) % alphabet.count] })
        text += "  key-\(k): \(value)\n"
    }
    return text
}

let benchStart = ContinuousClock.now
func now() -> Double {
    let (seconds, attoseconds) = (ContinuousClock.now - benchStart).components
    return Double(seconds) + Double(attoseconds) / 1e18
}

let directory = CommandLine.arguments.count > 1 ? CommandLine.arguments[1] : "."
var big: [String] = []
var size = 0
while size < 1 << 20 {
    let document = secretDocument(big.count, keys: 20, valueLength: 200)
    big.append(document)
    size += document.utf8.count
}
let inputs: [(name: String, bytes: [UInt8], iterations: Int)] = [
    ("manifest-1mib.yaml", Array(big.joined(separator: "---\n").utf8), 10),
    ("manifest-100keys.yaml", Array(secretDocument(0, keys: 100, valueLength: 32).utf8), 200),
]

let environment = ["SOPS_AGE_KEY": identity]
let rule = CreationRule(keyGroups: [[.age(AgeKey(recipient: recipient))]], selection: .encryptedRegex("^(data|stringData)$"))
print("gitsops (in-process, release build, age key; decrypt includes the data key unwrap)")
for input in inputs {
    _ = FileManager.default.createFile(atPath: directory + "/" + input.name, contents: Data(input.bytes))
    let writer = SopsEngine(keyServices: KeyServices.local(environment: environment), environment: environment, dataKeyCache: DataKeyCache())
    var ciphertext: [UInt8] = []
    let encryptStart = now()
    for _ in 0..<input.iterations {
        ciphertext = try await writer.encrypt(input.bytes, EncryptionRequest(path: input.name, rule: rule))
    }
    let encryptTime = (now() - encryptStart) / Double(input.iterations)
    _ = FileManager.default.createFile(atPath: directory + "/" + input.name.replacingOccurrences(of: ".yaml", with: ".enc.yaml"),
                                   contents: Data(ciphertext))
    let decryptStart = now()
    for _ in 0..<input.iterations {
        let reader = SopsEngine(keyServices: KeyServices.local(environment: environment), environment: environment, dataKeyCache: DataKeyCache())
        let result = try await reader.decrypt(ciphertext, format: .yaml)
        precondition(result.plaintext == input.bytes, "round trip failed")
    }
    let decryptTime = (now() - decryptStart) / Double(input.iterations)
    let mib = Double(input.bytes.count) / 1_048_576
    let encrypt = String(format: "encrypt %8.2f ms (%6.1f MiB/s)", encryptTime * 1000, mib / encryptTime)
    let decrypt = String(format: "decrypt %8.2f ms (%6.1f MiB/s)", decryptTime * 1000, mib / decryptTime)
    print("  \(input.name.padding(toLength: 22, withPad: " ", startingAt: 0)) \(input.bytes.count) bytes  \(encrypt)  \(decrypt)")
}
