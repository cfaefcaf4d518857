import Crypto
import SystemPackage

/// Reads identity files (age keys.txt, SSH private keys) into clearable memory, with a size bound
/// so a path to a device or an endless pipe cannot exhaust memory.
enum IdentityFile {
    /// age's bound on identity files.
    static let sizeLimit = 16 << 20

    enum Failure: Error {
        case system(Errno)
        case tooLarge
    }

    /// The file's bytes; works for pipes too (`SOPS_AGE_KEY_FILE=<(…)`).
    static func read(_ path: String, limit: Int = sizeLimit) throws(Failure) -> SecretBytes {
        do {
            let fd = try FileDescriptor.open(FilePath(path), .readOnly, options: [.closeOnExec])
            return try fd.closeAfter { () throws -> SecretBytes in
                var contents = [UInt8]()
                defer { Memory.zero(&contents) }
                var buffer = [UInt8](repeating: 0, count: 64 * 1024)
                defer { Memory.zero(&buffer) }
                while true {
                    let count = try buffer.withUnsafeMutableBytes { try fd.read(into: $0) }
                    if count == 0 { break }
                    guard contents.count + count <= limit else { throw Failure.tooLarge }
                    // Grow by copying into a fresh buffer so no old, uncleared allocation is left behind.
                    if contents.capacity < contents.count + count {
                        var grown = [UInt8]()
                        grown.reserveCapacity(max(2 * contents.capacity, contents.count + count))
                        grown += contents
                        Memory.zero(&contents)
                        contents = grown
                    }
                    contents += buffer[..<count]
                }
                return SecretBytes(contents)
            }
        } catch let failure as Failure {
            throw failure
        } catch let errno as Errno {
            throw .system(errno)
        } catch {
            throw .system(.ioError)
        }
    }
}
