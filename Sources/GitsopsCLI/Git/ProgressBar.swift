import Platform
import SystemPackage

/// A one-line progress bar on stderr, drawn only when stderr is a terminal.
final class ProgressBar {
    private let enabled = FileDescriptor.standardError.isTerminal
    private var drawn = false

    func update(done: Int, total: Int, label: String) {
        guard enabled, total > 0 else { return }
        let width = 30
        let filled = width * done / total
        let bar = String(repeating: "=", count: filled) + String(repeating: " ", count: width - filled)
        Terminal.writeError("\r[\(bar)] \(done)/\(total) \(label.prefix(50))\u{1B}[K")
        drawn = true
    }

    func finish() {
        if drawn { Terminal.writeError("\r\u{1B}[K") }
    }
}
