extension AWSKMSKey {
    /// Whether `arn` has the shape sops accepts for a KMS key (spec/sops-format.md §7.4:
    /// `arn:aws…:kms:REGION:ACCOUNT:key/…` or `alias/…`), checked before a rule names it.
    public static func isWellFormedARN(_ arn: String) -> Bool { AWSKeyARN(arn) != nil }
}
