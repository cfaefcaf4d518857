/// The key services a gitsops command uses: age and PGP, plus the cloud services (whose HTTP
/// client, and libcurl, load only when a cloud key is actually used).
extension KeyServices {
    public static func standard(environment: [String: String],
                                agePassphrases: (any AgePassphraseSource)? = nil) -> KeyServices {
        var services = KeyServices.local(environment: environment, agePassphrases: agePassphrases)
        let home = environment["HOME"] ?? "/"
        CloudKeyServices.register(into: &services, environment: CloudEnvironment(variables: environment, homeDirectory: home))
        return services
    }
}
