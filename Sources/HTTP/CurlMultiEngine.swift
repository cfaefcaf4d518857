internal import CCurl
import Platform
import Synchronization

/// Drives every transfer of one `HTTPClient` through one `CURLM*` multi handle on one thread.
///
/// Requests queue in `pending`; at most `maxConcurrentRequests` are in the multi handle at once.
/// The thread starts when work arrives and ends when there is none left; the multi handle (and
/// with it libcurl's connection cache) lives as long as the engine.
final class CurlMultiEngine: @unchecked Sendable {
    /// A request waiting for (or in) a transfer, with the continuation its caller awaits.
    struct Submission {
        let request: HTTPRequest
        let cancellation: Cancellation
        let continuation: CheckedContinuation<Result<HTTPResponse, HTTPError>, Never>
    }

    /// Set by the awaiting task's cancellation handler; read by the engine thread.
    final class Cancellation: Sendable {
        private let flag = Atomic<Bool>(false)
        var isCancelled: Bool { flag.load(ordering: .acquiring) }
        func cancel() { flag.store(true, ordering: .releasing) }
    }

    private struct Queue {
        var pending: [Submission] = []
        var threadRunning = false
    }

    private let curl: gitsops_curl_api
    private let multi: UnsafeMutableRawPointer
    private let options: HTTPClient.Options
    private let queue = Mutex(Queue())
    /// Transfers in the multi handle, by easy handle. Only the engine thread touches this.
    private var active: [UnsafeMutableRawPointer: CurlTransfer] = [:]

    init(library: CurlLibrary, options: HTTPClient.Options) throws(HTTPError) {
        curl = library.api
        guard let multi = curl.multi_init() else { throw HTTPError(.transport, origin: "libcurl", "curl_multi_init failed") }
        self.multi = multi
        self.options = options
    }

    deinit { _ = curl.multi_cleanup(multi) }

    /// Queues a submission and makes sure the engine thread is running.
    func submit(_ submission: Submission) {
        let startThread = queue.withLock { q -> Bool in
            q.pending.append(submission)
            if q.threadRunning { return false }
            q.threadRunning = true
            return true
        }
        if startThread { startEngineThread() } else { wake() }
    }

    /// Interrupts the engine's poll so it notices new work or a cancellation.
    func wake() { _ = curl.multi_wakeup(multi) }

    private func startEngineThread() {
        let rc = DetachedThread.start { self.run() }
        if rc != 0 {
            failAllPending(HTTPError(.transport, origin: "libcurl", "cannot start the HTTP thread (error \(rc))"))
        }
    }

    private func failAllPending(_ error: HTTPError) {
        let failed = queue.withLock { q -> [Submission] in
            defer { q.pending = []; q.threadRunning = false }
            return q.pending
        }
        for submission in failed { submission.continuation.resume(returning: .failure(error)) }
    }

    /// The engine thread's loop: admit, perform, collect finished transfers, poll.
    private func run() {
        while true {
            let admitted = queue.withLock { q -> [Submission]? in
                let room = max(0, options.maxConcurrentRequests - active.count)
                let taken = Array(q.pending.prefix(room))
                q.pending.removeFirst(taken.count)
                if taken.isEmpty && active.isEmpty {
                    q.threadRunning = false
                    return nil
                }
                return taken
            }
            guard let admitted else { return }
            for submission in admitted { start(submission) }
            removeCancelled()

            var running: Int32 = 0
            _ = curl.multi_perform(multi, &running)
            // A finished transfer frees a slot: refill it before waiting again.
            if collectFinished() > 0 || active.isEmpty { continue }
            _ = curl.multi_poll(multi, nil, 0, 1000, nil)
        }
    }

    private func start(_ submission: Submission) {
        if submission.cancellation.isCancelled {
            submission.continuation.resume(returning: .failure(cancelled(submission)))
            return
        }
        do {
            let transfer = try CurlTransfer(submission, curl: curl, options: options)
            guard curl.multi_add_handle(multi, transfer.handle) == CURLM_OK else {
                submission.continuation.resume(returning: .failure(
                    HTTPError(.transport, origin: submission.request.url.origin, "curl_multi_add_handle failed")))
                return
            }
            active[transfer.handle] = transfer
        } catch {
            submission.continuation.resume(returning: .failure(error))
        }
    }

    private func removeCancelled() {
        for (handle, transfer) in active where transfer.submission.cancellation.isCancelled {
            finish(handle, .failure(cancelled(transfer.submission)))
        }
    }

    /// Completes the transfers libcurl reports done; returns how many.
    private func collectFinished() -> Int {
        var queued: Int32 = 0
        var finished = 0
        while let message = curl.multi_info_read(multi, &queued) {
            guard message.pointee.msg == CURLMSG_DONE, let handle = message.pointee.easy_handle,
                  let transfer = active[handle] else { continue }
            finish(handle, transfer.result(message.pointee.data.result))
            finished += 1
        }
        return finished
    }

    private func finish(_ handle: UnsafeMutableRawPointer, _ result: Result<HTTPResponse, HTTPError>) {
        guard let transfer = active.removeValue(forKey: handle) else { return }
        _ = curl.multi_remove_handle(multi, handle)
        transfer.submission.continuation.resume(returning: result)
    }

    private func cancelled(_ submission: Submission) -> HTTPError {
        HTTPError(.cancelled, origin: submission.request.url.origin, "request cancelled")
    }
}
