public import KeySources

/// `kubectl secrets doctor`: whether the cluster can decrypt the encrypted files of a directory
/// once Flux deploys them. Read-only: it runs `kubectl get` through the user's kubectl and reads
/// Secret key names (never values, which stay inside kubectl's go-template).
///
/// Checks, per file: its KMS keys are those of its `.sops.yaml` rule; a Flux Kustomization's
/// `spec.path` covers it, with `spec.decryption.provider: sops`; for KMS keys the decrypting
/// identity (the Kustomization's `decryption.serviceAccountName`, else kustomize-controller) carries
/// an IAM role (IRSA annotation on the ServiceAccount, or kiam's pod annotation); for age and PGP
/// keys the Kustomization's `decryption.secretRef` Secret has a `.agekey` / `.asc` entry.
public struct ClusterDoctor: Sendable {
    /// One encrypted file, with the keys it is encrypted for and those its rule names.
    public struct File: Sendable {
        /// Relative to the top of the repository (Flux's `spec.path` is relative to the same root).
        public var path: String
        public var keyGroups: [[MasterKey]]
        /// The key groups of its `.sops.yaml` rule; nil when no rule applies.
        public var ruleKeyGroups: [[MasterKey]]?

        public init(path: String, keyGroups: [[MasterKey]], ruleKeyGroups: [[MasterKey]]?) {
            self.path = path
            self.keyGroups = keyGroups
            self.ruleKeyGroups = ruleKeyGroups
        }

        var kmsKeys: [AWSKMSKey] { keyGroups.joined().compactMap { if case .awsKMS(let k) = $0 { k } else { nil } } }
        func has(_ type: MasterKeyType) -> Bool { keyGroups.joined().contains { $0.type == type } }
    }

    /// One line of the report: something that holds, something to fix (with the command), or a note.
    public enum Finding: Sendable, Equatable {
        case holds(String)
        case problem(String, fix: String)
        case note(String)

        public var line: String {
            switch self {
            case .holds(let text): "ok: \(text)"
            case .problem(let text, let fix): "problem: \(text); fix: \(fix)"
            case .note(let text): "note: \(text)"
            }
        }
    }

    public var files: [File]
    /// Where kustomize-controller runs.
    public var fluxNamespace: String
    public var kubectl: KubectlOptions

    public init(files: [File], fluxNamespace: String, kubectl: KubectlOptions) {
        self.files = files
        self.fluxNamespace = fluxNamespace
        self.kubectl = kubectl
    }

    static let kustomizations = "kustomizations.kustomize.toolkit.fluxcd.io"
    static let irsaAnnotation = "eks.amazonaws.com/role-arn"
    static let kiamAnnotation = "iam.amazonaws.com/role"

    public func run(_ context: PluginContext) async throws -> [Finding] {
        var findings = files.compactMap(ruleFinding)
        let kubectl = Kubectl(environment: context.environment, options: kubectl)
        let kustomizations: [ManifestValue]
        do {
            kustomizations = try await kubectl.objects([Self.kustomizations, "--all-namespaces"])
        } catch let error as KubectlPluginError where error.message.contains("the server doesn't have a resource type") {
            return findings + [.problem("the cluster has no Flux Kustomization API (\(Self.kustomizations))",
                                        fix: "install Flux: flux bootstrap (or flux install)")]
        }
        var covered: [String: (kustomization: ManifestValue, files: [File])] = [:]
        var uncovered: [File] = []
        for file in files {
            let covering = kustomizations.filter { Self.covers($0, file.path) }
            if covering.isEmpty { uncovered.append(file) }
            for kustomization in covering { covered[Self.label(kustomization), default: (kustomization, [])].files.append(file) }
        }
        for directory in Set(uncovered.map { Self.directory(of: $0.path) }).sorted() {
            let count = uncovered.filter { Self.directory(of: $0.path) == directory }.count
            let name = directory.split(separator: "/").last.map(String.init) ?? "secrets"
            findings.append(.problem("no Flux Kustomization's spec.path covers \(directory)/ (\(Self.files(count)))",
                                     fix: "gitsops cluster flux \(name) --dir \(directory) | kubectl apply -f - (and commit it to your Flux repository)"))
        }
        var identities: Set<String> = []
        for label in covered.keys.sorted() {
            let (kustomization, files) = covered[label]!
            findings += await check(kustomization, label: label, files: files, kubectl: kubectl, identities: &identities)
        }
        return findings
    }

    /// The file's KMS keys against its rule's, when they differ.
    private func ruleFinding(_ file: File) -> Finding? {
        guard let rule = file.ruleKeyGroups else { return nil }
        let stored = Set(file.kmsKeys.map(\.arn))
        let named = Set(rule.joined().compactMap { if case .awsKMS(let k) = $0 { k.arn } else { nil } })
        guard stored != named else { return nil }
        let list = { (arns: Set<String>) in arns.isEmpty ? "no KMS key" : arns.sorted().joined(separator: ", ") }
        return .problem("\(file.path) is encrypted for \(list(stored)) but its .sops.yaml rule names \(list(named))",
                        fix: "gitsops updatekeys \(file.path) && git commit")
    }

    private func check(_ kustomization: ManifestValue, label: String, files: [File], kubectl: Kubectl,
                       identities: inout Set<String>) async -> [Finding] {
        let namespace = kustomization["metadata"]?["namespace"]?.stringValue ?? "default"
        let name = kustomization["metadata"]?["name"]?.stringValue ?? "?"
        let decryption = kustomization["spec"]?["decryption"]
        let what = "kustomization \(label) (spec.path \(kustomization["spec"]?["path"]?.stringValue ?? "")) deploys \(Self.files(files.count))"
        var findings: [Finding] = []
        guard decryption?["provider"]?.stringValue == "sops" else {
            return [.problem("\(what) but does not decrypt them (spec.decryption.provider is not sops)",
                             fix: "kubectl -n \(namespace) patch kustomization \(name) --type merge -p '{\"spec\":{\"decryption\":{\"provider\":\"sops\"}}}' (and commit it)")]
        }
        findings.append(.holds("\(what) with sops decryption"))
        let kms = files.flatMap(\.kmsKeys)
        if !kms.isEmpty {
            let serviceAccount = decryption?["serviceAccountName"]?.stringValue
            let key = serviceAccount.map { "\(namespace)/\($0)" } ?? "controller"
            let roles = Set(kms.map(\.role).filter { !$0.isEmpty })
            if identities.insert(key).inserted {
                let (finding, role) = await identity(serviceAccount: serviceAccount, namespace: namespace, roles: roles, kubectl: kubectl)
                findings.append(finding)
                if let role, !roles.isEmpty, !roles.contains(where: { $0 == role || $0.hasSuffix("/" + role) }) {
                    findings.append(.note("the files' KMS stanzas name role \(roles.sorted().joined(separator: ", ")): \(role) must be allowed to assume it (sts:AssumeRole)"))
                }
            }
        }
        for (type, suffix, keyName) in [(MasterKeyType.age, ".agekey", "age"), (.pgp, ".asc", "PGP")] {
            let keyed = files.filter { $0.has(type) }
            guard !keyed.isEmpty else { continue }
            findings.append(await decryptionSecret(decryption?["secretRef"]?["name"]?.stringValue, suffix: suffix, keyName: keyName,
                                                   namespace: namespace, kustomization: name, count: keyed.count, kubectl: kubectl))
        }
        return findings
    }

    /// Whether the identity that decrypts has an IAM role: the ServiceAccount the Kustomization
    /// names, else kustomize-controller (IRSA on its ServiceAccount, or kiam on its pods); the role found.
    private func identity(serviceAccount: String?, namespace: String, roles: Set<String>, kubectl: Kubectl) async -> (Finding, String?) {
        let role = roles.sorted().first ?? "ROLE_ARN"
        do {
            if let serviceAccount {
                let account = try await kubectl.objects(["serviceaccount", serviceAccount, "--namespace", namespace]).first
                if let arn = account?["metadata"]?["annotations"]?[Self.irsaAnnotation]?.stringValue {
                    return (.holds("serviceaccount \(namespace)/\(serviceAccount) (spec.decryption.serviceAccountName) has IRSA role \(arn)"), arn)
                }
                return (.problem("serviceaccount \(namespace)/\(serviceAccount), which decrypts for the Kustomization, "
                                 + (account == nil ? "does not exist" : "has no \(Self.irsaAnnotation) annotation"),
                                 fix: "kubectl -n \(namespace) annotate serviceaccount \(serviceAccount) \(Self.irsaAnnotation)=\(role)"), nil)
            }
            let controller = "kustomize-controller"
            let account = try await kubectl.objects(["serviceaccount", controller, "--namespace", fluxNamespace]).first
            if let arn = account?["metadata"]?["annotations"]?[Self.irsaAnnotation]?.stringValue {
                return (.holds("serviceaccount \(fluxNamespace)/\(controller) has IRSA role \(arn)"), arn)
            }
            let deployment = try await kubectl.objects(["deployment", controller, "--namespace", fluxNamespace]).first
            if let kiam = deployment?["spec"]?["template"]?["metadata"]?["annotations"]?[Self.kiamAnnotation]?.stringValue {
                return (.holds("deployment \(fluxNamespace)/\(controller) has kiam role \(kiam)"), kiam)
            }
            return (.problem("\(controller) in \(fluxNamespace) has no IAM role (no \(Self.irsaAnnotation) on its serviceaccount, no \(Self.kiamAnnotation) on its pods): it cannot call KMS",
                            fix: "gitsops cluster flux NAME --flux-role \(role) (commit the ServiceAccount patch), or kubectl -n \(fluxNamespace) annotate serviceaccount \(controller) \(Self.irsaAnnotation)=\(role) && kubectl -n \(fluxNamespace) rollout restart deployment \(controller)"), nil)
        } catch {
            return (.problem("cannot read the decrypting identity: \(error)", fix: "check kubectl's access (kubectl auth can-i get serviceaccounts -n \(fluxNamespace))"), nil)
        }
    }

    /// Whether the Kustomization's decryption Secret exists with a key entry of `suffix`.
    private func decryptionSecret(_ name: String?, suffix: String, keyName: String, namespace: String, kustomization: String,
                                  count: Int, kubectl: Kubectl) async -> Finding {
        let files = "\(Self.files(count)) with \(keyName) keys"
        guard let name else {
            return .problem("kustomization \(namespace)/\(kustomization) has no spec.decryption.secretRef for \(files)",
                            fix: "kubectl -n \(namespace) create secret generic sops-keys --from-file=key\(suffix)=KEYFILE && kubectl -n \(namespace) patch kustomization \(kustomization) --type merge -p '{\"spec\":{\"decryption\":{\"secretRef\":{\"name\":\"sops-keys\"}}}}'")
        }
        do {
            // Names only: the go-template prints the Secret's name and its data keys, never a value.
            let template = #"{{.metadata.name}}{{"\n"}}{{range $k, $v := .data}}{{$k}}{{"\n"}}{{end}}"#
            let output = try await kubectl.query(["get", "secret", name, "--namespace", namespace, "--ignore-not-found", "-o", "go-template=" + template])
            let lines = String(decoding: output, as: UTF8.self).split(separator: "\n").map(String.init)
            if lines.first == name, lines.dropFirst().contains(where: { $0.hasSuffix(suffix) }) {
                return .holds("secret \(namespace)/\(name) holds a \(suffix) key for \(files)")
            }
            return .problem("secret \(namespace)/\(name) (spec.decryption.secretRef) " + (lines.first == name ? "has no \(suffix) entry" : "does not exist") + " for \(files)",
                            fix: "kubectl -n \(namespace) create secret generic \(name) --from-file=key\(suffix)=KEYFILE --dry-run=client -o yaml | kubectl apply -f -")
        } catch {
            return .problem("cannot read secret \(namespace)/\(name): \(error)", fix: "check kubectl's access (kubectl auth can-i get secrets -n \(namespace))")
        }
    }

    /// Whether the Kustomization's `spec.path` (relative to its source's root) holds `path`.
    static func covers(_ kustomization: ManifestValue, _ path: String) -> Bool {
        let spec = kustomization["spec"]?["path"]?.stringValue ?? ""
        let directory = spec.split(separator: "/").filter { $0 != "." }.joined(separator: "/")
        return directory.isEmpty || path.hasPrefix(directory + "/")
    }

    static func label(_ object: ManifestValue) -> String {
        "\(object["metadata"]?["namespace"]?.stringValue ?? "default")/\(object["metadata"]?["name"]?.stringValue ?? "?")"
    }

    static func directory(of path: String) -> String {
        path.lastIndex(of: "/").map { String(path[..<$0]) } ?? "."
    }

    static func files(_ count: Int) -> String { count == 1 ? "1 encrypted file" : "\(count) encrypted files" }
}
