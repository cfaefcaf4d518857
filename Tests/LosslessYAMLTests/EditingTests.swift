import Testing
import LosslessYAML

/// In-place edits keep every other byte.
@Suite struct EditingTests {
    let source = "# head\r\napiVersion: v1\r\ndata:\r\n  password: 's3cret' # keep me\r\n  list: [a, \"b\"]\r\n  block: |\r\n    line\r\n"

    func entryValue(_ stream: YAMLStream, _ path: [String]) -> YAMLNodeID? {
        var node = stream.documents[0].root
        for key in path {
            guard let entry = stream.children(of: node).lazy.compactMap({ child -> YAMLMappingEntry? in
                if case .entry(let e) = child, stream.scalarValue(of: e.key) == key { return e }
                return nil
            }).first else { return nil }
            node = entry.value
        }
        return node
    }

    @Test func unmodifiedStreamPrintsTheInput() throws {
        let stream = try YAMLStream.parse(source)
        #expect(stream.printed() == Array(source.utf8))
        #expect(!stream.isEdited)
    }

    @Test func replacingAScalarKeepsTheRest() throws {
        var stream = try YAMLStream.parse(source)
        let password = try #require(entryValue(stream, ["data", "password"]))
        #expect(stream.sourceText(of: password) == "'s3cret'")
        #expect(stream.scalarValue(of: password) == "s3cret")
        try stream.replaceSource(of: password, with: "ENC[AES256_GCM,data:abc=,type:str]")
        let printed = stream.printedString()
        #expect(printed == source.replacingOccurrences(of: "'s3cret'", with: "ENC[AES256_GCM,data:abc=,type:str]"))
        let reparsed = try YAMLStream.parse(printed)
        #expect(try reparsed.values()[0]["data"]?["password"] == .string("ENC[AES256_GCM,data:abc=,type:str]"))
    }

    @Test func replacingFlowAndBlockScalars() throws {
        var stream = try YAMLStream.parse(source)
        let list = try #require(entryValue(stream, ["data", "list"]))
        guard case .item(let b) = stream.children(of: list)[1] else { Issue.record("no item"); return }
        try stream.replaceSource(of: b, with: "'c d'")
        let block = try #require(entryValue(stream, ["data", "block"]))
        #expect(stream.sourceText(of: block) == "|\r\n    line")
        try stream.replaceSource(of: block, with: "|-\r\n    other")
        let values = try YAMLStream.parse(stream.printed()).values()
        #expect(values[0]["data"]?["list"] == .sequence([.string("a"), .string("c d")]))
        #expect(values[0]["data"]?["block"] == .string("other"))
    }

    @Test func replacingACommentText() throws {
        var stream = try YAMLStream.parse(source)
        let comment = stream.comments[1]
        #expect(comment.text == " keep me")
        try stream.replaceText(of: comment.id, with: "ENC[AES256_GCM,data:x,type:comment]")
        #expect(stream.printedString().contains("'s3cret' #ENC[AES256_GCM,data:x,type:comment]\r\n"))
        #expect(throws: YAMLError.self) { try stream.replaceText(of: comment.id, with: "two\nlines") }
        #expect(try YAMLStream.parse(stream.printed()).comments.count == 2)
    }

    @Test func collectionsCannotBeReplacedInPlace() throws {
        var stream = try YAMLStream.parse(source)
        #expect(throws: YAMLError.self) { try stream.replaceSource(of: stream.documents[0].root, with: "x") }
    }

    @Test func byteOrderMarkAndMissingFinalNewline() throws {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("a: 1\nb: [2]".utf8)
        var stream = try YAMLStream.parse(bytes)
        #expect(stream.printed() == bytes)
        let a = try #require(entryValue(stream, ["a"]))
        try stream.replaceSource(of: a, with: "\"one\"")
        #expect(stream.printed() == [0xEF, 0xBB, 0xBF] + Array("a: \"one\"\nb: [2]".utf8))
    }
}
