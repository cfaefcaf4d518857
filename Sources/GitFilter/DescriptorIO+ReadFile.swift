import FilterProtocol
import SystemPackage

extension DescriptorIO {
    /// The whole contents of the file at `path` (not following a final symlink when `noFollow`).
    static func readFile(_ path: String, noFollow: Bool = false) throws -> [UInt8] {
        let fd = try FileDescriptor.open(FilePath(path), .readOnly, options: noFollow ? [.noFollow] : [])
        return try fd.closeAfter { try readAll(fd) }
    }
}
