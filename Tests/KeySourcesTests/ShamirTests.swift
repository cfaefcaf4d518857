import Crypto
import Testing
import TestSupport
@testable import KeySources
import TextEncoding

/// spec/sops-format.md §7.10 and the §11.4 vectors.
@Suite struct ShamirTests {
    static let secret = SecretBytes(0..<32)

    @Test func fieldArithmetic() {
        #expect(Shamir.multiply(0x53, 0xCA) == 0x01)
        #expect(Shamir.multiply(0x57, 0x83) == 0xC1)
        for a in 1...255 { #expect(Shamir.multiply(UInt8(a), Shamir.inverse(UInt8(a))) == 1) }
    }

    @Test func oneByteVector() throws {
        let shares = try Shamir.split(SecretBytes([0x42]), parts: 3, threshold: 2) { $0[$0.startIndex] = 0x07 }
        #expect(shares.map { Hex.encode($0.bytes) } == ["4501", "4c02", "4b03"])
        for pair in [[0, 1], [0, 2], [1, 2], [2, 0]] {
            #expect(try Shamir.combine(pair.map { shares[$0] }).bytes == [0x42])
        }
    }

    @Test func thresholdTwoVector() throws {
        var index = 0
        let shares = try Shamir.split(Self.secret, parts: 3, threshold: 2) { coefficients in
            coefficients[coefficients.startIndex] = UInt8((7 * index + 1) % 256)
            index += 1
        }
        #expect(shares.map { Hex.encode($0.bytes) } == [
            "01090d1519212d3531494d4559516d6561696d9599818db5b1a9ada5d9d1cdc501",
            "02111c2f3e4d50637a898497a6b5c8dbf2e1ec0415263b4851626f7c8d9ea3b002",
            "0319133923697b5143c9c3d9f3e9abb18399938298b2a0eaf8d2d8c24852706a03",
        ])
        for pair in [[0, 1], [0, 2], [1, 2]] {
            #expect(try Shamir.combine(pair.map { shares[$0] }) == Self.secret)
        }
    }

    @Test func thresholdThreeVector() throws {
        let shares = [
            "a6a0a2a0a6a8aaa8a6a0a2a0a6b8bab8a6a0a2a0a6a8aaa8a6a0a2a0a6989a9801",
            "5d40474a4974737e75686f62611c1b160d10171a1924232e25383f3231cccbc602",
            "fbe1e7e9ebd9dfd1dbc1c7c9cba9afa1bba1a7a9ab999f919b8187898b494f4103",
        ].map { SecretBytes(Hex.decode($0)) }
        var index = 0
        let split = try Shamir.split(Self.secret, parts: 3, threshold: 3) { coefficients in
            coefficients[coefficients.startIndex] = 0xA5
            coefficients[coefficients.startIndex + 1] = UInt8((index + 3) % 256)
            index += 1
        }
        #expect(split == shares)
        #expect(try Shamir.combine(shares) == Self.secret)
        #expect(try Shamir.combine([shares[2], shares[0], shares[1]]) == Self.secret)
        #expect(try Shamir.combine(Array(shares.prefix(2))) != Self.secret)
    }

    @Test func randomSplitsCombineFromAnyThresholdSubset() throws {
        let secret = SecureRandom.secret(32)
        let shares = try Shamir.split(secret, parts: 5, threshold: 3)
        #expect(shares.allSatisfy { $0.count == 33 })
        #expect(shares.map { $0.bytes[32] } == [1, 2, 3, 4, 5])
        #expect(try Shamir.combine([shares[4], shares[1], shares[3]]) == secret)
        #expect(try Shamir.combine(shares) == secret)
    }

    @Test func rejectsBadInput() throws {
        let shares = try Shamir.split(Self.secret, parts: 3, threshold: 2)
        #expect(throws: KeySourceError.self) { try Shamir.combine([shares[0]]) }
        #expect(throws: KeySourceError.self) { try Shamir.combine([shares[1], shares[1]]) }
        #expect(throws: KeySourceError.self) { try Shamir.combine([shares[0], SecretBytes([1, 2, 3])]) }
        #expect(throws: KeySourceError.self) { try Shamir.split(Self.secret, parts: 3, threshold: 1) }
        #expect(throws: KeySourceError.self) { try Shamir.split(Self.secret, parts: 2, threshold: 3) }
        #expect(throws: KeySourceError.self) { try Shamir.split(Self.secret, parts: 256, threshold: 2) }
    }
}
