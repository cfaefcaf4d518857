import Foundation
@testable import KubectlPlugin
import SystemPackage
import Testing

@Suite struct WorkspaceAndEditorTests {
    @Test func statfsTellsTmpfsFromDisk() {
        #expect(TmpfsWorkspace.isMemoryFileSystem("/dev/shm"))
        #expect(!TmpfsWorkspace.isMemoryFileSystem(FileManager.default.currentDirectoryPath))
    }

    @Test func workspaceIsPrivateAndScrubbed() async throws {
        var directory = ""
        try await TmpfsWorkspace.withWorkspace(environment: [:]) { workspace in
            directory = workspace.directory.string
            try workspace.write(Array("secret".utf8), to: "file.yaml")
            var info = stat()
            #expect(stat(directory, &info) == 0 && info.st_mode & 0o777 == 0o700)
            #expect(stat(workspace.path("file.yaml").string, &info) == 0 && info.st_mode & 0o777 == 0o600)
            #expect(TmpfsWorkspace.isMemoryFileSystem(directory))
        }
        #expect(!FileManager.default.fileExists(atPath: directory))
    }

    @Test func diskDirectoryIsRefusedUnlessAllowed() throws {
        let disk = FileManager.default.currentDirectoryPath
        let allowed = try TmpfsWorkspace.parentDirectory(environment: ["XDG_RUNTIME_DIR": disk], allowDisk: true, candidates: [disk])
        #expect(allowed.1 == false)
        #expect(throws: KubectlPluginError.self) {
            try TmpfsWorkspace.parentDirectory(environment: ["XDG_RUNTIME_DIR": disk], allowDisk: false, candidates: [disk])
        }
    }

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
