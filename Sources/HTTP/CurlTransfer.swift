internal import CCurl
import Crypto

/// One request in flight: owns its `CURL*` easy handle, header list, request body copy and the
/// response being received. Touched only by the multi engine's thread after `init`.
final class CurlTransfer {
    let handle: UnsafeMutableRawPointer
    let submission: CurlMultiEngine.Submission
    private let curl: gitsops_curl_api
    private var headerList: UnsafeMutablePointer<curl_slist>?
    private var requestBody: UnsafeMutableRawBufferPointer?
    private let errorBuffer: UnsafeMutablePointer<CChar>
    private var responseBody: [UInt8] = []
    private var responseHeaders: [HTTPHeader] = []
    private var headerBytes = 0
    private var overflowed = false
    private let maxResponseBytes: Int

    /// Response headers beyond this are a hostile or broken server.
    static let maxHeaderBytes = 64 * 1024

    init(_ submission: CurlMultiEngine.Submission, curl: gitsops_curl_api, options: HTTPClient.Options) throws(HTTPError) {
        self.submission = submission
        self.curl = curl
        maxResponseBytes = options.maxResponseBytes
        errorBuffer = .allocate(capacity: Int(CURL_ERROR_SIZE))
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE))
        guard let handle = curl.easy_init() else {
            errorBuffer.deallocate()
            throw HTTPError(.transport, origin: submission.request.url.origin, "curl_easy_init failed")
        }
        self.handle = handle
        try configure(submission.request, options)
    }

    deinit {
        curl.easy_cleanup(handle)
        if let headerList { curl.slist_free_all(headerList) }
        if let requestBody {
            requestBody.initializeMemory(as: UInt8.self, repeating: 0)
            requestBody.deallocate()
        }
        errorBuffer.deallocate()
        Memory.zero(&responseBody)
    }

    private func configure(_ request: HTTPRequest, _ options: HTTPClient.Options) throws(HTTPError) {
        let origin = request.url.origin
        var failed: CURLoption?
        func set(_ option: CURLoption, _ value: Int) {
            if gitsops_curl_setopt_long(curl.easy_setopt, handle, option, value) != CURLE_OK { failed = option }
        }
        func set(_ option: CURLoption, _ value: String) {
            if gitsops_curl_setopt_ptr(curl.easy_setopt, handle, option, value) != CURLE_OK { failed = option }
        }
        func set(_ option: CURLoption, pointer: UnsafeRawPointer?) {
            if gitsops_curl_setopt_ptr(curl.easy_setopt, handle, option, pointer) != CURLE_OK { failed = option }
        }

        for header in request.headers {
            guard isValidHeader(header) else {
                throw HTTPError(.invalidRequest, origin: origin, "header \(header.name) contains a line break")
            }
        }
        let timeouts = request.timeouts ?? options.timeouts
        set(CURLOPT_URL, request.url.description)
        set(CURLOPT_PROTOCOLS_STR, "http,https")
        set(CURLOPT_NOSIGNAL, 1)
        set(CURLOPT_FOLLOWLOCATION, 0)
        set(CURLOPT_CONNECTTIMEOUT_MS, milliseconds(timeouts.connect))
        set(CURLOPT_TIMEOUT_MS, milliseconds(timeouts.total))
        set(CURLOPT_SSL_VERIFYPEER, 1)
        set(CURLOPT_SSL_VERIFYHOST, 2)
        if let ca = options.caBundlePath { set(CURLOPT_CAINFO, ca) }
        // An explicit proxy setting (possibly none) so libcurl never reads proxy variables from
        // the process environment itself.
        set(CURLOPT_PROXY, options.proxy(for: request.url) ?? "")
        set(CURLOPT_USERAGENT, options.userAgent)
        if gitsops_curl_setopt_off(curl.easy_setopt, handle, CURLOPT_MAXFILESIZE_LARGE,
                                   curl_off_t(options.maxResponseBytes)) != CURLE_OK { failed = CURLOPT_MAXFILESIZE_LARGE }
        set(CURLOPT_ERRORBUFFER, pointer: errorBuffer)

        let context = Unmanaged.passUnretained(self).toOpaque()
        _ = gitsops_curl_setopt_callback(curl.easy_setopt, handle, CURLOPT_WRITEFUNCTION, curlWriteBody)
        set(CURLOPT_WRITEDATA, pointer: context)
        _ = gitsops_curl_setopt_callback(curl.easy_setopt, handle, CURLOPT_HEADERFUNCTION, curlWriteHeader)
        set(CURLOPT_HEADERDATA, pointer: context)

        switch request.method {
        case "GET":
            set(CURLOPT_HTTPGET, 1)
        case "HEAD":
            set(CURLOPT_NOBODY, 1)
        default:
            let count = request.body.count
            let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: max(count, 1), alignment: 1)
            buffer.initializeMemory(as: UInt8.self, repeating: 0)
            request.body.withUnsafeBytes { if count > 0 { buffer.copyMemory(from: $0) } }
            requestBody = buffer
            set(CURLOPT_POST, 1)
            if gitsops_curl_setopt_off(curl.easy_setopt, handle, CURLOPT_POSTFIELDSIZE_LARGE,
                                       curl_off_t(count)) != CURLE_OK { failed = CURLOPT_POSTFIELDSIZE_LARGE }
            set(CURLOPT_POSTFIELDS, pointer: buffer.baseAddress)
            if request.method != "POST" { set(CURLOPT_CUSTOMREQUEST, request.method) }
        }

        // "Expect:" stops libcurl's 100-continue round trip on larger bodies.
        for line in request.headers.map({ "\($0.name): \($0.value)" }) + ["Expect:"] {
            guard let list = curl.slist_append(headerList, line) else {
                throw HTTPError(.transport, origin: origin, "out of memory building headers")
            }
            headerList = list
        }
        set(CURLOPT_HTTPHEADER, pointer: headerList)
        if let failed {
            throw HTTPError(.invalidRequest, origin: origin, "libcurl rejected option \(failed.rawValue)")
        }
    }

    private func isValidHeader(_ header: HTTPHeader) -> Bool {
        !header.name.isEmpty && !(header.name + header.value).utf8.contains { $0 == 0x0a || $0 == 0x0d || $0 == 0 }
    }

    fileprivate func receiveBody(_ data: UnsafeMutablePointer<CChar>, _ count: Int) -> Int {
        guard responseBody.count + count <= maxResponseBytes else {
            overflowed = true
            return 0  // makes libcurl abort with CURLE_WRITE_ERROR
        }
        data.withMemoryRebound(to: UInt8.self, capacity: count) {
            appendGrowingSecurely(UnsafeBufferPointer(start: $0, count: count))
        }
        return count
    }

    /// Appends without letting Array's growth leave unzeroed copies of the body in freed memory.
    private func appendGrowingSecurely(_ bytes: UnsafeBufferPointer<UInt8>) {
        if responseBody.count + bytes.count > responseBody.capacity {
            var grown = [UInt8]()
            grown.reserveCapacity(max(responseBody.capacity * 2, responseBody.count + bytes.count, 4096))
            grown += responseBody
            Memory.zero(&responseBody)
            responseBody = grown
        }
        responseBody += bytes
    }

    fileprivate func receiveHeader(_ data: UnsafeMutablePointer<CChar>, _ count: Int) -> Int {
        headerBytes += count
        guard headerBytes <= CurlTransfer.maxHeaderBytes else { return 0 }
        let line = data.withMemoryRebound(to: UInt8.self, capacity: count) {
            String(decoding: UnsafeBufferPointer(start: $0, count: count), as: UTF8.self)
        }
        if line.hasPrefix("HTTP/") {
            responseHeaders = []  // a new response (after 1xx) starts
        } else if let colon = line.firstIndex(of: ":") {
            responseHeaders.append(HTTPHeader(line[..<colon].trimmedWhitespace, line[line.index(after: colon)...].trimmedWhitespace))
        }
        return count
    }

    /// The outcome once libcurl reports the transfer done with `code`.
    func result(_ code: CURLcode) -> Result<HTTPResponse, HTTPError> {
        let origin = submission.request.url.origin
        guard code == CURLE_OK else {
            let detail = errorBuffer.pointee != 0 ? String(cString: errorBuffer)
                : curl.easy_strerror(code).map { String(cString: $0) } ?? "libcurl error \(code.rawValue)"
            return .failure(HTTPError(Self.errorCode(code, overflowed: overflowed), origin: origin,
                                      overflowed ? "response larger than \(maxResponseBytes) bytes" : detail))
        }
        var status = 0
        _ = gitsops_curl_getinfo_long(curl.easy_getinfo, handle, CURLINFO_RESPONSE_CODE, &status)
        let body = SecretBytes(responseBody)
        Memory.zero(&responseBody)
        return .success(HTTPResponse(status: status, headers: responseHeaders, body: body))
    }

    static func errorCode(_ code: CURLcode, overflowed: Bool) -> HTTPError.Code {
        if overflowed { return .responseTooLarge }
        switch code {
        case CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY: return .hostNotFound
        case CURLE_COULDNT_CONNECT: return .unreachable
        case CURLE_OPERATION_TIMEDOUT: return .timedOut
        case CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CERTPROBLEM, CURLE_SSL_CIPHER,
             CURLE_SSL_CACERT_BADFILE, CURLE_SSL_ISSUER_ERROR, CURLE_SSL_PINNEDPUBKEYNOTMATCH,
             CURLE_SSL_INVALIDCERTSTATUS, CURLE_SSL_CRL_BADFILE, CURLE_SSL_ENGINE_INITFAILED:
            return .tls
        case CURLE_FILESIZE_EXCEEDED: return .responseTooLarge
        case CURLE_URL_MALFORMAT, CURLE_UNSUPPORTED_PROTOCOL: return .invalidRequest
        case CURLE_GOT_NOTHING, CURLE_SEND_ERROR, CURLE_RECV_ERROR, CURLE_PARTIAL_FILE: return .connectionLost
        default: return .transport
        }
    }
}

private func milliseconds(_ d: Duration) -> Int {
    let (seconds, attoseconds) = d.components
    return max(1, Int(seconds) * 1000 + Int(attoseconds / 1_000_000_000_000_000))
}

// libcurl's data callbacks: plain C functions that find their transfer through the user pointer.
private let curlWriteBody: gitsops_curl_data_callback = { data, size, count, context in
    guard let data, let context else { return 0 }
    return Unmanaged<CurlTransfer>.fromOpaque(context).takeUnretainedValue().receiveBody(data, size * count)
}

private let curlWriteHeader: gitsops_curl_data_callback = { data, size, count, context in
    guard let data, let context else { return 0 }
    return Unmanaged<CurlTransfer>.fromOpaque(context).takeUnretainedValue().receiveHeader(data, size * count)
}
