import FilterProtocol

/// A reversible stand-in for sops: clean writes `TOY:` and the content XOR 0x5a in hex, smudge
/// undoes it. Special paths and contents exercise failure and delay handling:
/// content `FAIL-CLEAN` fails the clean, `ABORT-CLEAN` aborts; paths containing `slow` need the
/// "network" (delayed, 30 ms), `nokey` cannot be smudged here (passed through with a warning).
struct ToyPolicy: FilterPolicy {
    static let prefix = Array("TOY:".utf8)
    let log: @Sendable (String) -> Void

    struct Refusal: Error, CustomStringConvertible {
        let description: String
    }

    func clean(_ content: [UInt8], path: String) async throws -> [UInt8] {
        if content.starts(with: Self.prefix) { return content }
        let text = String(decoding: content, as: UTF8.self)
        if text.contains("ABORT-CLEAN") { throw FilterAbort(Refusal(description: "toy policy aborts")) }
        if text.contains("FAIL-CLEAN") { throw Refusal(description: "toy policy refuses this content") }
        let digits = Array("0123456789abcdef".utf8)
        return Self.prefix + content.flatMap { byte -> [UInt8] in
            let x = byte ^ 0x5a
            return [digits[Int(x >> 4)], digits[Int(x & 0xf)]]
        } + [UInt8(ascii: "\n")]
    }

    func smudge(_ content: [UInt8], path: String) async throws -> Smudged {
        guard content.starts(with: Self.prefix) else { return Smudged(content) }
        if path.contains("nokey") { return Smudged(content, keptAsStored: "no toy key here") }
        if path.contains("slow") { try await Task.sleep(nanoseconds: 30_000_000) }
        var hex = content.dropFirst(Self.prefix.count)
        if hex.last == UInt8(ascii: "\n") { hex = hex.dropLast() }
        guard hex.count % 2 == 0 else { throw Refusal(description: "odd toy ciphertext") }
        var out: [UInt8] = []
        var iterator = hex.makeIterator()
        while let hi = iterator.next(), let lo = iterator.next() {
            guard let h = Self.nibble(hi), let l = Self.nibble(lo) else { throw Refusal(description: "bad toy ciphertext") }
            out.append((h << 4 | l) ^ 0x5a)
        }
        return Smudged(out)
    }

    func smudgeNeedsNetwork(_ content: [UInt8], path: String) -> Bool {
        let slow = path.contains("slow")
        if slow { log("delayed \(path)") }
        return slow
    }

    private static func nibble(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): c - UInt8(ascii: "a") + 10
        default: nil
        }
    }
}
