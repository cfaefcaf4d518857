import ArgumentParser

/// The `gitsops` command tree.
struct Gitsops: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gitsops",
        abstract: "Keep Kubernetes secrets in git encrypted with SOPS, transparently.",
        version: GitsopsVersion.current,
        subcommands: [Demo.self, Init.self, Keygen.self, Encrypt.self, Decrypt.self,
                      FilterProcess.self, Clean.self, Smudge.self, Textconv.self, MergeDriver.self,
                      Check.self, UpdateKeys.self, Rotate.self, Lock.self, Unlock.self, Doctor.self,
                      Ls.self, Cluster.self]
    )
}

/// The `kubectl secrets` command tree (the binary invoked as `kubectl-secrets`).
struct KubectlSecrets: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kubectl secrets",
        abstract: "View, edit, diff and apply SOPS-encrypted Kubernetes secrets.",
        version: GitsopsVersion.current,
        subcommands: [View.self, Edit.self, Diff.self, Apply.self, Create.self,
                      Seal.self, Unseal.self, Push.self, Doctor.self, Import.self, Complete.self]
    )
}

enum GitsopsVersion {
    /// `0.1.0 (commit 0123456789ab)`: the release (VERSION) and the commit it was built from.
    static let current = "\(BuildInfo.version) (commit \(BuildInfo.commit))"
}
