/// Splits a command line into words the way google/shlex does (sops splits `SOPS_AGE_KEY_CMD` with
/// it): whitespace separates words; `'…'` is literal; `"…"` and a bare `\` escape the next
/// character; a `#` that starts a word comments out the rest of the line. No expansion, no globbing.
enum ShellWords {
    struct Failure: Error, Equatable {
        let reason: String
    }

    private enum State { case start, word, escaping, singleQuoted, doubleQuoted, escapingInDoubleQuotes, comment }

    static func split(_ line: String) throws(Failure) -> [String] {
        var words: [String] = [], word = "", state = State.start
        for character in line.unicodeScalars {
            switch (state, character) {
            case (.start, " "), (.start, "\t"), (.start, "\r"), (.start, "\n"): continue
            case (.start, "#"): state = .comment
            case (.comment, "\n"): state = .start
            case (.comment, _): continue
            case (.word, " "), (.word, "\t"), (.word, "\r"), (.word, "\n"):
                words.append(word)
                word = ""
                state = .start
            case (.start, "'"), (.word, "'"): state = .singleQuoted
            case (.start, "\""), (.word, "\""): state = .doubleQuoted
            case (.start, "\\"), (.word, "\\"): state = .escaping
            case (.start, _), (.word, _), (.escaping, _):
                word.unicodeScalars.append(character)
                state = .word
            case (.singleQuoted, "'"), (.doubleQuoted, "\""): state = .word
            case (.doubleQuoted, "\\"): state = .escapingInDoubleQuotes
            case (.singleQuoted, _), (.doubleQuoted, _): word.unicodeScalars.append(character)
            case (.escapingInDoubleQuotes, _):
                word.unicodeScalars.append(character)
                state = .doubleQuoted
            }
        }
        switch state {
        case .start, .comment: return words
        case .word: return words + [word]
        case .escaping, .escapingInDoubleQuotes: throw Failure(reason: "it ends with an escape character")
        case .singleQuoted, .doubleQuoted: throw Failure(reason: "a quote is not closed")
        }
    }
}
