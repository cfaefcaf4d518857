#if canImport(Glibc)
import Glibc
#endif

/// A shared library loaded at run time (`dlopen`), for libraries most commands never call
/// (libcurl, libgit2): linking them would cost every process start.
public struct DynamicLibrary: @unchecked Sendable {
    /// The `dlopen` handle the C shims' fill functions take.
    public let handle: UnsafeMutableRawPointer

    /// Loads `name` (a file name searched as the dynamic linker does, or a path) with every
    /// symbol resolved now and kept out of the global namespace; nil when it does not load.
    public init?(_ name: String) {
        guard let handle = dlopen(name, RTLD_NOW | RTLD_LOCAL) else { return nil }
        self.handle = handle
    }

    /// Unloads the library (after a fill function found it incomplete).
    public func close() { dlclose(handle) }

    /// Finds a symbol in a library handle: the lookup the C shims' fill functions call.
    public static let lookup: @convention(c) (UnsafeMutableRawPointer?, UnsafePointer<CChar>?) -> UnsafeMutableRawPointer? = { library, name in
        name.flatMap { dlsym(library, $0) }
    }
}
