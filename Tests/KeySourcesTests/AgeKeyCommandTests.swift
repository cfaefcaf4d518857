import Crypto
import Foundation
import Testing
import TestSupport
@testable import Age
@testable import KeySources

/// `SOPS_AGE_KEY_CMD` and `SOPS_AGE_SSH_PRIVATE_KEY_CMD`: shell scripts stand in for a password manager.
@Suite struct AgeKeyCommandTests {
    /// An executable `/bin/sh` script in `dir` that first appends a line to `dir/runs`.
    private func script(_ body: String, in dir: TemporaryDirectory, name: String = "print-key") throws -> String {
        let url = try dir.file(name, contents: "#!/bin/sh\necho run >> '\(dir.path)/runs'\n" + body + "\n")
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: url.path)
        return url.path
    }

    private func runs(in dir: TemporaryDirectory) -> Int {
        ((try? String(contentsOfFile: dir.path + "/runs", encoding: .utf8)) ?? "").split(separator: "\n").count
    }

    private func wrapped(to recipient: String = AgeTestKeys.recipient) async throws -> (SecretBytes, MasterKey) {
        let dataKey = SecureRandom.secret(32)
        return (dataKey, try await AgeKeyService(environment: [:]).wrap(dataKey, for: .age(AgeKey(recipient: recipient))))
    }

    /// Prints the test identity only when asked for the test recipient.
    private static let printsKeyForRecipient = """
        [ "$SOPS_AGE_RECIPIENT" = "\(AgeTestKeys.recipient)" ] || { echo "asked for $SOPS_AGE_RECIPIENT" >&2; exit 3; }
        printf '# created: today\\n\\n%s\\n' "\(AgeTestKeys.identity)"
        """

    @Test func keyCommandRunsOncePerRecipientWithTheRecipientInItsEnvironment() async throws {
        let dir = try TemporaryDirectory("age key cmd")
        let command = try script(Self.printsKeyForRecipient, in: dir)
        let service = AgeKeyService(environment: ["PATH": "/usr/bin:/bin", "SOPS_AGE_KEY_CMD": "'\(command)' --vault \"x y\""])
        let (dataKey, key) = try await wrapped()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<8 {
                group.addTask {
                    let unwrapped = try await service.unwrap(key)
                    #expect(unwrapped == dataKey)
                }
            }
            try await group.waitForAll()
        }
        #expect(runs(in: dir) == 1)
        // Another recipient runs the command again, with that recipient (the script refuses it).
        let (_, other) = try await wrapped(to: AgeTestKeys.unrelatedRecipient)
        for _ in 0..<3 {
            let error = await #expect(throws: KeySourceError.self) { try await service.unwrap(other) }
            #expect(error?.code == .credentials)
            #expect(error?.message.hasPrefix("SOPS_AGE_KEY_CMD: command `\(command)` exited with status 3; ") == true)
        }
        #expect(runs(in: dir) == 2)
    }

    @Test func nameIsLookedUpOnThePathOfTheGivenEnvironment() async throws {
        let dir = try TemporaryDirectory()
        _ = try script(Self.printsKeyForRecipient, in: dir, name: "my-vault")
        let (dataKey, key) = try await wrapped()
        let service = AgeKeyService(environment: ["PATH": "/usr/bin:/bin:" + dir.path, "SOPS_AGE_KEY_CMD": "my-vault read"])
        #expect(try await service.unwrap(key) == dataKey)
    }

    @Test(arguments: [
        ("exit 1", "command `CMD` exited with status 1"),
        ("echo 'AGE-SECRET-KEY-1NOTAKEYhunter2'", "command `CMD` printed a line that is not an age identity"),
        ("echo '# only a comment'", "command `CMD` printed no identities"),
        ("head -c 1100000 /dev/zero | tr '\\\\0' 'A'", "command `CMD` printed more than 1 MiB"),
        ("kill -9 $$", "command `CMD` was killed by signal 9 (SIGKILL)"),
    ])
    func failingCommandIsNamedAndNotRerun(_ body: String, _ expected: String) async throws {
        let dir = try TemporaryDirectory()
        let command = try script(body, in: dir)
        let service = AgeKeyService(environment: ["PATH": "/usr/bin:/bin", "SOPS_AGE_KEY_CMD": command])
        let (_, key) = try await wrapped()
        for _ in 0..<3 {
            let error = await #expect(throws: KeySourceError.self) { try await service.unwrap(key) }
            #expect(error?.code == .credentials)
            #expect(error?.key == AgeTestKeys.recipient)
            let message = "SOPS_AGE_KEY_CMD: " + expected.replacingOccurrences(of: "CMD", with: command)
            #expect(error?.message.hasPrefix(message + "; no age identity found (looked in ") == true, "\(error?.message ?? "")")
            #expect(error?.message.contains("hunter2") == false)
        }
        #expect(runs(in: dir) == 1)
    }

    @Test func missingCommandIsNamed() async throws {
        let service = AgeKeyService(environment: ["PATH": "/usr/bin:/bin", "SOPS_AGE_KEY_CMD": "no-such-vault-7f read --token s3cret"])
        let error = await #expect(throws: KeySourceError.self) { try await service.unwrap(try await wrapped().1) }
        #expect(error?.message.hasPrefix("SOPS_AGE_KEY_CMD: command `no-such-vault-7f` not found; ") == true)
        #expect(error?.message.contains("s3cret") == false)
        let unbalanced = AgeKeyService(environment: ["SOPS_AGE_KEY_CMD": "op read \"op://Vault/age"])
        let split = await #expect(throws: KeySourceError.self) { try await unbalanced.unwrap(try await wrapped().1) }
        #expect(split?.message.hasPrefix("SOPS_AGE_KEY_CMD: cannot split the value into words: a quote is not closed; ") == true)
    }

    @Test func aFailingCommandDoesNotHideAnotherSourceThatWorks() async throws {
        let dir = try TemporaryDirectory()
        let command = try script("exit 1", in: dir)
        let service = AgeKeyService(environment: ["SOPS_AGE_KEY_CMD": command, "SOPS_AGE_KEY": AgeTestKeys.identity])
        let (dataKey, key) = try await wrapped()
        #expect(try await service.unwrap(key) == dataKey)
    }

    @Test func sshKeyCommandPrintsAnSSHKeyAndRunsOnce() async throws {
        let dir = try TemporaryDirectory("ssh key cmd")
        let ssh = try SSHTestKey.generate("ed25519", in: dir)
        let command = try script("cat \"$1\"", in: dir)
        let service = AgeKeyService(environment: ["PATH": "/usr/bin:/bin",
                                                  "SOPS_AGE_SSH_PRIVATE_KEY_CMD": "\(command.replacingOccurrences(of: " ", with: "\\ ")) '\(ssh.privateKey.path)'"])
        for recipient in [ssh.recipient, ssh.recipient] {
            let (dataKey, key) = try await wrapped(to: recipient)
            #expect(try await service.unwrap(key) == dataKey)
        }
        let (_, other) = try await wrapped()
        let error = await #expect(throws: KeySourceError.self) { try await service.unwrap(other) }
        #expect(error?.code == .notThisKey)
        #expect(error?.message == "none of the 1 age identities from SOPS_AGE_SSH_PRIVATE_KEY_CMD command `\(command)` matches")
        #expect(runs(in: dir) == 1)
    }

    @Test func sshKeyCommandPrintingSomethingElseIsNamed() async throws {
        let dir = try TemporaryDirectory()
        let command = try script("echo hunter2", in: dir)
        let service = AgeKeyService(environment: ["SOPS_AGE_SSH_PRIVATE_KEY_CMD": command])
        let error = await #expect(throws: KeySourceError.self) { try await service.unwrap(try await wrapped().1) }
        #expect(error?.message.hasPrefix("SOPS_AGE_SSH_PRIVATE_KEY_CMD: the key printed by command `\(command)` is not a usable SSH private key (not an OpenSSH or PEM RSA private key); ") == true)
        #expect(error?.message.contains("hunter2") == false)
    }

    @Test(arguments: [
        ("op read \"op://Vault/age/key\"", ["op", "read", "op://Vault/age/key"]),
        ("  a\tb\nc  ", ["a", "b", "c"]),
        ("'single \"quoted\" $HOME \\n'", ["single \"quoted\" $HOME \\n"]),
        ("\"double \\\"q\\\" \\\\ \\n $HOME\"", ["double \"q\" \\ n $HOME"]),
        ("back\\ slash\\\\ x\\y", ["back slash\\", "xy"]),
        ("a\"b\"'c'd e", ["abcd", "e"]),
        ("\"\" ''", ["", ""]),
        ("cmd # a comment\nnext", ["cmd", "next"]),
        ("a#b", ["a#b"]),
        ("ünï 'cödé'", ["ünï", "cödé"]),
        ("", []),
    ])
    func splitsWordsLikeShlex(_ line: String, _ words: [String]) throws {
        #expect(try ShellWords.split(line) == words)
    }

    @Test(arguments: ["'open", "\"open", "end\\", "\"end\\"])
    func refusesUnfinishedLines(_ line: String) {
        #expect(throws: ShellWords.Failure.self) { try ShellWords.split(line) }
    }
}
