import FoundationEssentials

extension KeyServices {
    /// The key services that run locally: age (native) and PGP (gpg), configured from
    /// `environment`. Cloud services register into the result the same way.
    public static func local(environment: [String: String],
                             agePassphrases: (any AgePassphraseSource)? = nil) -> KeyServices {
        KeyServices([
            AgeKeyService(environment: environment, passphrases: agePassphrases),
            PGPKeyService(environment: environment),
        ])
    }
}

/// The one place the library reads the process environment; the CLI calls it once and passes the
/// result down, so everything below takes its environment as a parameter.
public enum ProcessEnvironment {
    public static func current() -> [String: String] { ProcessInfo.processInfo.environment }
}
