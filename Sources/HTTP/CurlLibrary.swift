internal import CCurl
import Platform

/// libcurl's functions, loaded (Platform's DynamicLibrary) and globally initialised the first time a
/// request is made (never at process start: most gitsops commands make no request).
final class CurlLibrary: @unchecked Sendable {
    let api: gitsops_curl_api

    private init(api: gitsops_curl_api) { self.api = api }

    /// The loaded library, or why it could not be loaded.
    static let shared: Result<CurlLibrary, HTTPError> = load()

    #if canImport(Darwin)
    static let candidates = ["/usr/lib/libcurl.4.dylib", "libcurl.4.dylib", "libcurl.dylib"]
    #else
    // The OpenSSL flavour first (Debian's libcurl4); libcurl.so only exists with the -dev package.
    static let candidates = ["libcurl.so.4", "libcurl.so"]
    #endif

    private static func load() -> Result<CurlLibrary, HTTPError> {
        var api = gitsops_curl_api()
        for path in candidates {
            guard let library = DynamicLibrary(path) else { continue }
            guard gitsops_curl_fill(&api, library.handle, DynamicLibrary.lookup) == 1 else {
                library.close()
                continue
            }
            // CURL_GLOBAL_ALL (SSL | WIN32): a macro expression Swift does not import.
            guard api.global_init(3) == CURLE_OK else {
                return .failure(HTTPError(.transport, origin: "libcurl", "curl_global_init failed"))
            }
            return .success(CurlLibrary(api: api))
        }
        return .failure(HTTPError(.transport, origin: "libcurl",
                                  "cannot load libcurl (\(candidates.joined(separator: ", "))); install libcurl4"))
    }
}
