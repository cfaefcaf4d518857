internal import COpenSSL
public import Diagnostics

/// A failure inside the crypto layer. Messages name the operation, never key or plaintext bytes.
public typealias CryptoError = CodedError<CryptoErrorCode>

/// What kind of failure a `CryptoError` is.
public enum CryptoErrorCode: Sendable, Equatable {
    /// Authentication failed: wrong key, or the data was changed.
    case authenticationFailure
    /// A key, nonce or input had the wrong size or shape.
    case invalidInput
    /// OpenSSL reported an internal failure.
    case library
}

extension CodedError where Kind == CryptoErrorCode {
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
