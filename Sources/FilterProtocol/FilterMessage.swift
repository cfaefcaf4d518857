/// The messages of git's long-running filter protocol, version 2 (gitattributes(5),
/// "Long Running Filter Process"), and their pkt-line encoding.
enum FilterMessage: Equatable, Sendable {
    /// git: `git-filter-client`, `version=N`…, flush.
    case clientHello(versions: [Int])
    /// filter: `git-filter-server`, `version=2`, flush.
    case serverHello(version: Int)
    /// Both ways: `capability=NAME`…, flush (git offers, the filter picks).
    case capabilities([String])
    /// git: `key=value` headers, flush, then for clean and smudge the content and a flush.
    case command(FilterCommand)
    /// filter: `status=…`, flush; for success the content, a flush and an empty status list.
    case response(FilterResponse)
    /// filter, answering `list_available_blobs`: `pathname=…`…, flush, `status=success`, flush.
    case availableBlobs([String])

    /// The packets on the wire, in order.
    var packets: [PktLine] {
        switch self {
        case .clientHello(let versions):
            [.text("git-filter-client")] + versions.map { .text("version=\($0)") } + [.flush]
        case .serverHello(let version):
            [.text("git-filter-server"), .text("version=\(version)"), .flush]
        case .capabilities(let names):
            names.map { .text("capability=\($0)") } + [.flush]
        case .command(let command):
            command.packets
        case .response(let response):
            response.packets
        case .availableBlobs(let paths):
            paths.map { .text("pathname=\($0)") } + [.flush, .text("status=success"), .flush]
        }
    }

    /// The wire bytes of `packets`.
    var encoded: [UInt8] {
        var out: [UInt8] = []
        for packet in packets { packet.encode(into: &out) }
        return out
    }
}

/// One request from git: `command=clean|smudge|list_available_blobs` with its headers and content.
public struct FilterCommand: Equatable, Sendable {
    /// What git asks for.
    public enum Name: Equatable, Sendable {
        /// `command=clean`: working-tree bytes to stored bytes.
        case clean
        /// `command=smudge`: stored bytes to working-tree bytes.
        case smudge
        /// `command=list_available_blobs`: which delayed smudges are ready.
        case listAvailableBlobs

        init?(_ wire: String) {
            switch wire {
            case "clean": self = .clean
            case "smudge": self = .smudge
            case "list_available_blobs": self = .listAvailableBlobs
            default: return nil
            }
        }

        var wire: String {
            switch self {
            case .clean: "clean"
            case .smudge: "smudge"
            case .listAvailableBlobs: "list_available_blobs"
            }
        }

        /// Whether content packets follow the headers.
        var hasContent: Bool { self != .listAvailableBlobs }
    }

    /// `command=`.
    public var name: Name
    /// `pathname=`: the path relative to the top of the working tree.
    public var pathname: String
    /// `can-delay=1`: git accepts `status=delayed` for this smudge.
    var canDelay: Bool
    /// Every header in order, including ones gitsops does not use (`ref`, `treeish`, `blob`).
    public var headers: [(key: String, value: String)]
    var content: [UInt8]

    init(name: Name, pathname: String = "", canDelay: Bool = false,
         headers: [(key: String, value: String)] = [], content: [UInt8] = []) {
        self.name = name
        self.pathname = pathname
        self.canDelay = canDelay
        self.headers = headers
        self.content = content
    }

    /// Whether a `delayed` answer is safe here, not only allowed. git 2.39 sends `can-delay=1` in
    /// checkouts that cannot take one: `git checkout -m -- PATH` (or `--conflict=diff3`) frees the
    /// merged entry before collecting delayed files, segfaults and leaves `.git/index.lock` behind.
    /// Whole-tree checkouts (clone, switch, checkout BRANCH, reset --hard, rebase, restore --source)
    /// name the tree they write (`treeish=`); path checkouts and merges do not, and are not delayed.
    var mayDelay: Bool { canDelay && headers.contains { $0.key == "treeish" } }

    /// Field by field, headers in order (tuples are not `Equatable`).
    public static func == (lhs: FilterCommand, rhs: FilterCommand) -> Bool {
        lhs.name == rhs.name && lhs.pathname == rhs.pathname && lhs.canDelay == rhs.canDelay
            && lhs.headers.elementsEqual(rhs.headers, by: { $0 == $1 }) && lhs.content == rhs.content
    }

    var packets: [PktLine] {
        var packets: [PktLine] = [.text("command=\(name.wire)")]
        if name.hasContent {
            packets.append(.text("pathname=\(pathname)"))
            if canDelay { packets.append(.text("can-delay=1")) }
        }
        packets += headers.filter { !["command", "pathname", "can-delay"].contains($0.key) }.map { .text("\($0.key)=\($0.value)") }
        packets.append(.flush)
        if name.hasContent { packets += PktLine.packets(for: content) + [.flush] }
        return packets
    }
}

/// The filter's answer to a clean or smudge command.
enum FilterResponse: Equatable, Sendable {
    /// `status=success`, the filtered content, and an empty list that keeps the status.
    case success([UInt8])
    /// `status=error`: this file failed; git goes on with the next one.
    case error
    /// `status=abort`: the filter gives up on this command for the rest of the session.
    case abort
    /// `status=delayed`: the smudged content will be listed by `list_available_blobs`.
    case delayed

    var packets: [PktLine] {
        switch self {
        case .success(let content): [.text("status=success"), .flush] + PktLine.packets(for: content) + [.flush, .flush]
        case .error: [.text("status=error"), .flush]
        case .abort: [.text("status=abort"), .flush]
        case .delayed: [.text("status=delayed"), .flush]
        }
    }
}
