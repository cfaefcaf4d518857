import Testing
import LosslessYAML

/// Comments grouped like go-yaml v3 + sops (spec/sops-format.md §2.3).
@Suite struct CommentAttachmentTests {
    /// A readable outline: each collection's children, comments as `#text` (`#~text` for trailing).
    func outline(_ source: String) throws -> String {
        let stream = try YAMLStream.parse(source)
        var lines: [String] = []
        func walk(_ id: YAMLNodeID, _ indent: String) {
            for child in stream.children(of: id) {
                switch child {
                case .comment(let c):
                    let comment = stream.comment(c)
                    lines.append(indent + (comment.isTrailing ? "#~" : "#") + comment.text)
                case .entry(let entry):
                    if stream.kind(of: entry.value) == .scalar {
                        lines.append(indent + stream.scalarValue(of: entry.key) + ": " + stream.scalarValue(of: entry.value))
                    } else {
                        lines.append(indent + stream.scalarValue(of: entry.key) + ":")
                        walk(entry.value, indent + "  ")
                    }
                case .item(let item):
                    lines.append(indent + "- " + (stream.kind(of: item) == .scalar ? stream.scalarValue(of: item) : ""))
                    walk(item, indent + "  ")
                }
            }
        }
        for document in stream.documents {
            lines.append("---")
            for comment in document.comments { lines.append("#" + stream.comment(comment).text) }
            walk(document.root, "")
        }
        return lines.joined(separator: "\n")
    }

    @Test func specExample() throws {
        let source = """
        # file head
        key1: value1 # inline one
        # before key2
        key2:
          # inside key2 head
          sub1: x  # inline sub1
          sub2: y
          # foot of key2 map
        list:
          # before first item
          - a # inline a
          - b
          # between b and c
          - c

        """
        #expect(try outline(source) == """
        ---
        # file head
        key1: value1
        #~ inline one
        # before key2
        key2:
          # inside key2 head
          sub1: x
          #~ inline sub1
          sub2: y
          # foot of key2 map
        list:
          # before first item
          - a
          #~ inline a
          - b
          # between b and c
          - c
        """)
    }

    @Test func nestedFootAndHeadComments() throws {
        let valid = """
        a:
          b:
            c: 1
            # foot of b
          # foot of a
        # top level before d
        d: # on the key line
          e: 2
        seq:
        - x # trailing x
        # after x at column 0
        - y
        """
        #expect(try outline(valid) == """
        ---
        a:
          b:
            c: 1
            # foot of b
          # foot of a
        # top level before d
        d:
          e: 2
        #~ on the key line
        seq:
          - x
          #~ trailing x
          # after x at column 0
          - y
        """)
    }

    @Test func commentsOwnersAndRanges() throws {
        let stream = try YAMLStream.parse("k: v # c\n# own\n")
        let comments = stream.comments
        #expect(comments.count == 2)
        #expect(comments[0].text == " c" && comments[0].isTrailing && comments[0].range == 5..<8)
        #expect(comments[1].text == " own" && !comments[1].isTrailing)
        #expect(comments[0].location.line == 1 && comments[0].location.column == 6)
        let root = stream.documents[0].root
        #expect(comments.allSatisfy { $0.owner == root && $0.document == 0 })
    }

    @Test func flowAndScalarRootComments() throws {
        let stream = try YAMLStream.parse("a: [1, # one\n  2]\n--- # scalar doc\nplain\n# after\n")
        let comments = stream.comments
        let flow = stream.children(of: stream.documents[0].root).compactMap { child -> YAMLNodeID? in
            if case .entry(let e) = child { return e.value }
            return nil
        }[0]
        #expect(comments[0].owner == flow)
        #expect(comments[1].owner == nil && comments[1].document == 1)
        #expect(stream.documents[1].comments.count == 2)
    }

    @Test func sopsFixtures() throws {
        let list = try outline("""
        list:
            # comment inside list
            - a
            - b
        """)
        #expect(list.contains("list:\n  # comment inside list\n  - a"))
    }
}
