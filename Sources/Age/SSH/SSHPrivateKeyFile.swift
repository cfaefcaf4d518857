import Crypto
import TextEncoding

/// Reads an SSH private key file into an age identity: OpenSSH's format (`openssh-key-v1`,
/// unencrypted; ed25519 and rsa) and PKCS#1 PEM RSA keys. The file is hostile input: every
/// length is checked, and no error quotes its contents.
public enum SSHPrivateKeyFile {
    /// Why the file gives no identity.
    public enum Failure: Error, Equatable {
        /// The key is encrypted with a passphrase, which gitsops cannot ask for or use.
        case passphraseProtected
        case malformed(String)
    }

    static let openSSHBegin = Array("-----BEGIN OPENSSH PRIVATE KEY-----".utf8)
    static let openSSHEnd = Array("-----END OPENSSH PRIVATE KEY-----".utf8)
    static let rsaBegin = Array("-----BEGIN RSA PRIVATE KEY-----".utf8)
    static let magic = Array("openssh-key-v1\0".utf8)

    /// The identity in `text`.
    public static func identity(from text: [UInt8]) throws(Failure) -> any AgeIdentity {
        if let start = text.firstRange(of: openSSHBegin) {
            guard let end = text[start.upperBound...].firstRange(of: openSSHEnd) else { throw .malformed("no END line") }
            guard var decoded = Base64.decode(text[start.upperBound..<end.lowerBound], .whitespaceTolerant) else {
                throw .malformed("invalid base64")
            }
            defer { Memory.zero(&decoded) }
            return try openSSH(decoded)
        }
        if text.firstRange(of: rsaBegin) != nil { return try pemRSA(text) }
        throw .malformed("not an OpenSSH or PEM RSA private key")
    }

    private static func openSSH(_ bytes: [UInt8]) throws(Failure) -> any AgeIdentity {
        guard bytes.starts(with: magic) else { throw .malformed("not an openssh-key-v1 key") }
        var reader = SSHWireReader(bytes, from: magic.count)
        guard let cipher = reader.string(), let kdf = reader.string(), reader.string() != nil, let count = reader.uint32() else {
            throw .malformed("truncated header")
        }
        guard cipher.elementsEqual("none".utf8), kdf.elementsEqual("none".utf8) else { throw .passphraseProtected }
        guard count == 1 else { throw .malformed("\(count) keys in one file (expected 1)") }
        guard let publicBlob = reader.string(), let privateSection = reader.string(), reader.isAtEnd else {
            throw .malformed("truncated key")
        }
        let sshKey: SSHPublicKey
        do {
            sshKey = try SSHPublicKey(blob: Array(publicBlob))
        } catch {
            throw .malformed(error.reason)
        }
        var section = Array(privateSection)
        defer { Memory.zero(&section) }
        var secret = SSHWireReader(section)
        guard let check1 = secret.uint32(), let check2 = secret.uint32(), check1 == check2 else {
            throw .malformed("corrupt private section")
        }
        guard let type = secret.string(), type.elementsEqual(sshKey.type.utf8) else {
            throw .malformed("private key type does not match the public key")
        }
        let identity: any AgeIdentity
        do {
            switch sshKey.key {
            case .ed25519(let point):
                // ed25519: the point again, then seed ‖ point.
                guard let again = secret.string(), again.elementsEqual(point), let pair = secret.string(),
                      pair.count == 2 * Ed25519.seedLength, pair.suffix(Ed25519.publicKeyLength).elementsEqual(point) else {
                    throw SSHKeyError("malformed ssh-ed25519 private key")
                }
                identity = try SSHEd25519Identity(sshKey, seed: SecretBytes(pair.prefix(Ed25519.seedLength)))
            case .rsa(let publicKey):
                // rsa: n, e, d, q⁻¹ mod p, p, q.
                guard let n = secret.positiveInteger(), let e = secret.positiveInteger(), let d = secret.positiveInteger(),
                      secret.positiveInteger() != nil, let p = secret.positiveInteger(), let q = secret.positiveInteger(),
                      n.elementsEqual(try publicKey.modulus), e.elementsEqual(try publicKey.exponent) else {
                    throw SSHKeyError("malformed ssh-rsa private key")
                }
                let key = try RSA.PrivateKey(modulus: Array(n), publicExponent: Array(e), privateExponent: SecretBytes(d),
                                             prime1: SecretBytes(p), prime2: SecretBytes(q))
                identity = SSHRSAIdentity(sshKey, privateKey: key)
            }
        } catch let error as SSHKeyError {
            throw .malformed(error.reason)
        } catch {
            throw .malformed("invalid \(sshKey.type) private key")
        }
        // A comment, then padding 1, 2, 3, … up to the cipher block size.
        guard secret.string() != nil, secret.remaining.count < 256,
              secret.remaining.enumerated().allSatisfy({ $0.element == UInt8($0.offset + 1) }) else {
            throw .malformed("corrupt private section")
        }
        return identity
    }

    private static func pemRSA(_ text: [UInt8]) throws(Failure) -> any AgeIdentity {
        if text.firstRange(of: Array("ENCRYPTED".utf8)) != nil { throw .passphraseProtected }
        do {
            let key = try RSA.PrivateKey(pem: SecretBytes(text))
            let publicKey = key.publicKey
            let blob = SSHPublicKey.rsaBlob(modulus: try publicKey.modulus, exponent: try publicKey.exponent)
            return SSHRSAIdentity(try SSHPublicKey(blob: blob), privateKey: key)
        } catch let error as SSHKeyError {
            throw .malformed(error.reason)
        } catch {
            throw .malformed("invalid PEM RSA private key")
        }
    }
}
