import KubectlPlugin
import Testing

@Suite struct SecretViewTests {
    let secret = ManifestValue.object([
        .init("apiVersion", .string("v1")), .init("kind", .string("Secret")),
        .init("metadata", .object([.init("name", .string("db"))])),
        .init("data", .object([.init("password", .string("czNjcmV0")), .init("blob", .string("/w==")), .init("user", .string("YWRtaW4="))])),
    ])

    @Test func decodedMovesTextToStringDataAndKeepsBinary() {
        let view = SecretView.decoded(secret)
        #expect(view["stringData"] == .object([.init("password", .string("s3cret")), .init("user", .string("admin"))]))
        #expect(view["data"] == .object([.init("blob", .string("/w=="))]))
        #expect(view.fields?.map(\.key) == ["apiVersion", "kind", "metadata", "stringData", "data"])
    }

    @Test func encodedRestoresTheOriginalExactly() throws {
        #expect(try SecretView.encoded(SecretView.decoded(secret), original: secret) == secret)
    }

    @Test func editedAndNewKeysAreEncodedInOrder() throws {
        var edited = SecretView.decoded(secret)
        edited["stringData"] = .object([.init("password", .string("new")), .init("token", .number("42")), .init("user", .string("admin"))])
        let stored = try SecretView.encoded(edited, original: secret)
        #expect(stored["data"]?.fields?.map(\.key) == ["password", "blob", "user", "token"])
        #expect(stored["data"]?["password"] == .string("bmV3"))
        #expect(stored["data"]?["token"] == .string("NDI="))
        #expect(stored["stringData"] == nil)
    }

    @Test func invalidBase64IsRejectedWithoutTheValue() {
        var edited = secret
        edited["data"] = .object([.init("password", .string("not base64!"))])
        #expect(throws: KubectlPluginError.self) { try SecretView.encoded(edited, original: secret) }
        do {
            _ = try SecretView.encoded(edited, original: secret)
        } catch {
            #expect(String(describing: error) == "Secret db: data.password is not valid base64")
        }
    }
}

@Suite struct ObjectChangeTests {
    func secret(_ data: [(String, String)], stringData: [(String, String)] = [], annotations: [(String, String)] = []) -> ManifestValue {
        var metadata: [ManifestValue.Field] = [.init("name", .string("db")), .init("namespace", .string("prod")),
                                               .init("resourceVersion", .string("\(data.count)"))]
        if !annotations.isEmpty { metadata.append(.init("annotations", .object(annotations.map { .init($0.0, .string($0.1)) }))) }
        var fields: [ManifestValue.Field] = [.init("apiVersion", .string("v1")), .init("kind", .string("Secret")),
                                             .init("metadata", .object(metadata)),
                                             .init("data", .object(data.map { .init($0.0, .string($0.1)) }))]
        if !stringData.isEmpty { fields.append(.init("stringData", .object(stringData.map { .init($0.0, .string($0.1)) }))) }
        return .object(fields)
    }

    @Test func reportsAddedRemovedChangedMaskedAndUnmasked() {
        let live = secret([("a", "YQ=="), ("b", "Yg=="), ("c", "Yw==")],
                          annotations: [("kubectl.kubernetes.io/last-applied-configuration", "{\"data\":{\"a\":\"YQ==\"}}")])
        let desired = secret([("a", "YQ=="), ("c", "eA==")], stringData: [("d", "new")])
        let change = ObjectChange.between(live, desired)!
        #expect(change.status == .changed)
        #expect(ChangeReport.render([change], showValues: false) == """
            Secret prod/db: changed
              - data.b: removed
              ~ data.c: changed
              + data.d: added

            """)
        #expect(ChangeReport.render([change], showValues: true) == """
            Secret prod/db: changed
              - data.b: "b"
              ~ data.c: "c" => "x"
              + data.d: "new"

            """)
    }

    @Test func stringDataEqualToDataIsNoChange() {
        let change = ObjectChange.between(secret([("a", "YQ==")]), secret([], stringData: [("a", "a")]))!
        #expect(change.status == .unchanged)
        #expect(ChangeReport.render([change], showValues: true) == "")
    }
}
