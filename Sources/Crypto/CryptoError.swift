internal import COpenSSL
public import Diagnostics

/// A failure inside the crypto layer. Messages name the operation, never key or plaintext bytes.
public struct CryptoError: GitsopsError, Equatable {
    public enum Code: Sendable, Equatable {
        /// Authentication failed: wrong key, or the data was changed.
        case authenticationFailure
        /// A key, nonce or input had the wrong size or shape.
        case invalidInput
        /// OpenSSL reported an internal failure.
        case library
    }

    public let code: Code
    public let message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }

    /// Builds an error from the OpenSSL error queue (and clears the queue).
    static func openSSL(_ operation: String) -> CryptoError {
        var reason = ""
        let code = ERR_get_error()
        if code != 0 {
            var buffer = [CChar](repeating: 0, count: 256)
            ERR_error_string_n(code, &buffer, buffer.count)
            reason = ": " + String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        }
        ERR_clear_error()
        return CryptoError(.library, "\(operation) failed\(reason)")
    }
}
