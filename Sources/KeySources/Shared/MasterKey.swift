/// One master key of a sops file, as its metadata stanza stores it (spec/sops-format.md §6.3).
///
/// A key read from a file carries `enc`; a key built from a `.sops.yaml` rule has an empty `enc`
/// until a `KeyService` wraps the data key for it.
public enum MasterKey: Sendable, Equatable, Hashable {
    case age(AgeKey)
    case pgp(PGPKey)
    case awsKMS(AWSKMSKey)
    case gcpKMS(GCPKMSKey)
    case azureKeyVault(AzureKeyVaultKey)
    case vaultTransit(VaultTransitKey)
    case huaweiKMS(HuaweiKMSKey)

    /// The key type, as named in `--decryption-order` and the metadata lists.
    public var type: MasterKeyType {
        switch self {
        case .age: .age
        case .pgp: .pgp
        case .awsKMS: .kms
        case .gcpKMS: .gcpKMS
        case .azureKeyVault: .azureKV
        case .vaultTransit: .hcVault
        case .huaweiKMS: .hckms
        }
    }

    /// sops' identity string for the key (§9.4): used for dedup, `updatekeys` and messages.
    public var identity: String {
        switch self {
        case .age(let k): k.recipient
        case .pgp(let k): k.fingerprint
        case .awsKMS(let k): k.identity
        case .gcpKMS(let k): k.resourceID
        case .azureKeyVault(let k): "\(k.vaultURL)/keys/\(k.name)/\(k.version)"
        case .vaultTransit(let k): "\(k.vaultAddress)/v1/\(k.enginePath)/keys/\(k.keyName)"
        case .huaweiKMS(let k): k.keyID
        }
    }

    /// The wrapped data key (or Shamir share) as stored in the stanza; empty before wrapping.
    public var enc: String {
        switch self {
        case .age(let k): k.enc
        case .pgp(let k): k.enc
        case .awsKMS(let k): k.enc
        case .gcpKMS(let k): k.enc
        case .azureKeyVault(let k): k.enc
        case .vaultTransit(let k): k.enc
        case .huaweiKMS(let k): k.enc
        }
    }
}

/// The master key types, in sops' metadata naming.
public enum MasterKeyType: String, Sendable, CaseIterable, Hashable {
    case age, pgp, kms
    case gcpKMS = "gcp_kms"
    case azureKV = "azure_kv"
    case hcVault = "hc_vault"
    case hckms
}

/// An age recipient stanza: `enc` is an armored age file (§7.2); age stanzas have no `created_at`.
public struct AgeKey: Sendable, Equatable, Hashable {
    public var recipient: String
    public var enc: String
    public init(recipient: String, enc: String = "") {
        self.recipient = recipient
        self.enc = enc
    }
}

/// A PGP stanza: `enc` is an armored OpenPGP message to `fingerprint` (§7.3).
public struct PGPKey: Sendable, Equatable, Hashable {
    public var fingerprint: String
    public var createdAt: String
    public var enc: String
    public init(fingerprint: String, createdAt: String = "", enc: String = "") {
        self.fingerprint = fingerprint
        self.createdAt = createdAt
        self.enc = enc
    }
}

/// An AWS KMS stanza (§6.3, §7.4): `enc` is base64 of the KMS `CiphertextBlob`.
public struct AWSKMSKey: Sendable, Equatable, Hashable {
    public var arn: String
    /// IAM role assumed through STS before calling KMS; empty for none.
    public var role: String
    /// The KMS encryption context (written sorted by key).
    public var context: [String: String]
    /// Shared-config profile for credentials; sops always writes it, possibly `""`.
    public var awsProfile: String
    public var createdAt: String
    public var enc: String

    public init(arn: String, role: String = "", context: [String: String] = [:], awsProfile: String = "",
                createdAt: String = "", enc: String = "") {
        self.arn = arn
        self.role = role
        self.context = context
        self.awsProfile = awsProfile
        self.createdAt = createdAt
        self.enc = enc
    }

    /// §9.4: `arn[+role][|context[|profile]]`, context as sorted `k:v,k:v`.
    public var identity: String {
        var id = arn
        if !role.isEmpty { id += "+" + role }
        let ctx = context.keys.sorted().map { "\($0):\(context[$0]!)" }.joined(separator: ",")
        if !awsProfile.isEmpty { id += "|\(ctx)|\(awsProfile)" } else if !ctx.isEmpty { id += "|\(ctx)" }
        return id
    }
}

/// A GCP Cloud KMS stanza: `enc` is base64 of the KMS ciphertext.
public struct GCPKMSKey: Sendable, Equatable, Hashable {
    public var resourceID: String
    public var createdAt: String
    public var enc: String
    public init(resourceID: String, createdAt: String = "", enc: String = "") {
        self.resourceID = resourceID
        self.createdAt = createdAt
        self.enc = enc
    }
}

/// An Azure Key Vault stanza: `enc` is unpadded base64url of the RSA-OAEP-256 ciphertext.
public struct AzureKeyVaultKey: Sendable, Equatable, Hashable {
    public var vaultURL: String
    public var name: String
    public var version: String
    public var createdAt: String
    public var enc: String
    public init(vaultURL: String, name: String, version: String, createdAt: String = "", enc: String = "") {
        self.vaultURL = vaultURL
        self.name = name
        self.version = version
        self.createdAt = createdAt
        self.enc = enc
    }
}

/// A HashiCorp Vault (or OpenBao) transit stanza: `enc` is Vault's `vault:vN:…` ciphertext.
public struct VaultTransitKey: Sendable, Equatable, Hashable {
    public var vaultAddress: String
    public var enginePath: String
    public var keyName: String
    public var createdAt: String
    public var enc: String
    public init(vaultAddress: String, enginePath: String, keyName: String, createdAt: String = "", enc: String = "") {
        self.vaultAddress = vaultAddress
        self.enginePath = enginePath
        self.keyName = keyName
        self.createdAt = createdAt
        self.enc = enc
    }
}

/// A HuaweiCloud KMS stanza (read and written, no key service).
public struct HuaweiKMSKey: Sendable, Equatable, Hashable {
    public var keyID: String
    public var createdAt: String
    public var enc: String
    public init(keyID: String, createdAt: String = "", enc: String = "") {
        self.keyID = keyID
        self.createdAt = createdAt
        self.enc = enc
    }
}
