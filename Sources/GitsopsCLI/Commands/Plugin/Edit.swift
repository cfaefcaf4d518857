import ArgumentParser
import KubectlPlugin

extension KubectlSecrets {
    /// `kubectl secrets edit`.
    struct Edit: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "edit",
            abstract: "Edit an encrypted secret in your editor, on a private tmpfs copy.",
            discussion: """
                Decrypts FILE into a private tmpfs directory ($XDG_RUNTIME_DIR or /dev/shm; directory 0700,
                file 0600) with Secret data decoded under stringData, and opens $KUBE_EDITOR, $EDITOR or vi
                (vim and neovim without swap, backup, undo or viminfo files). On save the result is checked
                (YAML, Kubernetes object shape, data re-encodable); if invalid the editor reopens with the
                error on top. Changes are re-encrypted with the same data key, so untouched values keep
                their ciphertext, and written back atomically in the file's current form (ciphertext when
                the working tree is locked, plaintext when unlocked). A new FILE starts from a Secret
                template and is encrypted per .sops.yaml. The tmpfs copy is overwritten and removed on
                every exit, SIGINT, SIGTERM and SIGHUP included; if saving fails, it is kept and its path
                printed.

                Examples:
                  # Edit a secret
                  kubectl secrets edit secrets/db.yaml

                  # Start a new secret
                  KUBE_EDITOR=nano kubectl secrets edit secrets/new-api-key.yaml
                """)

        @Argument(help: ArgumentHelp("The file to edit (created if missing).", valueName: "file"), completion: .file())
        var file: String

        @Flag(name: .customLong("allow-disk-tmp"), help: "Without tmpfs, keep the plaintext copy in $TMPDIR on disk.")
        var allowDiskTemp = false

        func run() async throws {
            try await EditCommand(path: file, allowDiskTemp: allowDiskTemp).run(PluginRuntime.context())
        }
    }
}
