/// Unresolved conflict markers in a file about to be stored. YAML, JSON, dotenv and INI files
/// holding them mostly fail to parse anyway, but a binary or text store would be encrypted with
/// the markers in it and break at the next checkout; so clean looks for them in every file.
enum ConflictMarkers {
    /// The 1-based line of the `<<<<<<<` that opens a complete conflict (`<<<<<<<`, then
    /// `=======`, then `>>>>>>>`, each at the start of a line), or nil.
    static func firstConflict(in content: [UInt8]) -> Int? {
        var stage = 0
        var opening = 0
        var line = 1
        var start = 0
        while start < content.count {
            let end = content[start...].firstIndex(of: 0x0A) ?? content.count
            switch stage {
            case 0 where isMarker(content, start, end, 0x3C):
                stage = 1
                opening = line
            case 1 where isMarker(content, start, end, 0x3D):
                stage = 2
            case 2 where isMarker(content, start, end, 0x3E):
                return opening
            default:
                break
            }
            line += 1
            start = end + 1
        }
        return nil
    }

    /// Refuses `content` when it holds a conflict, naming `path` and the line.
    static func refuse(_ content: [UInt8], path: String) throws {
        guard let line = firstConflict(in: content) else { return }
        throw GitFilterError(.refused, "holds unresolved merge conflict markers (line \(line))", path: path,
                             hint: "resolve the conflict in the working tree, then `git add` it again")
    }

    /// Seven `marker` bytes at `start`, then the end of the line, a space (git's labels) or a CR;
    /// `=======` takes no label.
    private static func isMarker(_ content: [UInt8], _ start: Int, _ end: Int, _ marker: UInt8) -> Bool {
        guard end - start >= 7, content[start..<(start + 7)].allSatisfy({ $0 == marker }) else { return false }
        let next = start + 7 == end ? nil : content[start + 7]
        return next == nil || next == 0x0D || (next == 0x20 && marker != 0x3D)
    }
}
