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
