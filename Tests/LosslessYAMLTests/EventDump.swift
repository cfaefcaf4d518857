@testable import LosslessYAML

/// Renders a stream as yaml-test-suite `test.event` lines, to compare the tree with the suite.
enum EventDump {
    static func events(_ stream: YAMLStream) -> String {
        var lines = ["+STR"]
        for document in stream.documents {
            lines.append(document.startMarker != nil ? "+DOC ---" : "+DOC")
            node(document.root, stream, &lines)
            lines.append(document.endMarker != nil ? "-DOC ..." : "-DOC")
        }
        lines.append("-STR")
        return lines.joined(separator: "\n") + "\n"
    }

    static func node(_ id: YAMLNodeID, _ stream: YAMLStream, _ lines: inout [String]) {
        let n = stream.node(id)
        var props = ""
        if let anchor = n.anchor { props += " &\(anchor)" }
        if let tag = n.tag { props += " <\(tag)>" }
        switch n.kind {
        case .alias:
            lines.append("=ALI " + stream.sourceText(of: id))
        case .scalar:
            let indicator: String
            switch n.scalarStyle {
            case .plain: indicator = ":"
            case .singleQuoted: indicator = "'"
            case .doubleQuoted: indicator = "\""
            case .literal: indicator = "|"
            case .folded: indicator = ">"
            }
            lines.append("=VAL\(props) \(indicator)\(escape(stream.scalarValue(of: id)))")
        case .mapping:
            lines.append("+MAP" + (n.collectionStyle == .flow ? " {}" : "") + props)
            for child in n.children {
                if case .entry(let entry) = child {
                    node(entry.key, stream, &lines)
                    node(entry.value, stream, &lines)
                }
            }
            lines.append("-MAP")
        case .sequence:
            lines.append("+SEQ" + (n.collectionStyle == .flow ? " []" : "") + props)
            for child in n.children {
                if case .item(let item) = child { node(item, stream, &lines) }
            }
            lines.append("-SEQ")
        }
    }

    static func escape(_ s: String) -> String {
        var out = ""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            case "\u{8}": out += "\\b"
            case "\0": out += "\\0"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
