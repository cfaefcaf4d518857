import Foundation
@testable import KubectlPlugin
import SystemPackage
import Testing

@Suite struct EditorTests {
    @Test func vimGetsNoSwapBackupUndoOrViminfo() {
        let editor = Editor.configured(environment: ["EDITOR": "vim", "PATH": "/usr/bin:/bin"])
        #expect(editor.executable == "vim")
        #expect(editor.arguments.prefix(3) == ["-n", "-i", "NONE"])
        #expect(editor.arguments.contains("set noswapfile nobackup nowritebackup noundofile viminfo="))
        let nvim = Editor.configured(environment: ["KUBE_EDITOR": "nvim", "EDITOR": "nano"])
        #expect(nvim.arguments.contains("set noswapfile nobackup nowritebackup noundofile shada="))
        let shell = Editor.configured(environment: ["EDITOR": "code --wait"])
        #expect(shell.executable == "/bin/sh")
        #expect(shell.arguments(editing: FilePath("/dev/shm/x/f.yaml")) == ["-c", "code --wait \"$@\"", "editor", "/dev/shm/x/f.yaml"])
        #expect(Editor.configured(environment: ["EDITOR": "nano"]).arguments.isEmpty)
    }

    @Test func pruneNeedsASelectorAndIsLimitedToSecrets() throws {
        var options = KubectlOptions()
        options.prune = true
        #expect(throws: KubectlPluginError.self) { try options.validateForApply() }
        options.selector = "app=x"
        try options.validateForApply()
        #expect(options.applyArguments == ["--prune", "--selector", "app=x", "--prune-allowlist", "core/v1/Secret"])
    }
}
