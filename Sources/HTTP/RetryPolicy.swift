/// How often and how patiently to retry a throttled or transiently failing request: capped
/// exponential backoff with full jitter (the AWS SDKs' "standard" retry mode), bounded attempts.
public struct RetryPolicy: Sendable, Equatable {
    /// Attempts in total, including the first.
    public var maxAttempts: Int
    public var baseDelay: Duration
    public var maxDelay: Duration

    public init(maxAttempts: Int, baseDelay: Duration, maxDelay: Duration) {
        self.maxAttempts = max(1, maxAttempts)
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
    }

    /// 4 attempts, delays drawn from [0, min(5 s, 200 ms × 2^n)].
    public static let standard = RetryPolicy(maxAttempts: 4, baseDelay: .milliseconds(200), maxDelay: .seconds(5))
    /// One attempt.
    public static let none = RetryPolicy(maxAttempts: 1, baseDelay: .zero, maxDelay: .zero)

    /// The pause before attempt `attempt + 1`, after `attempt` (1-based) failed.
    public func delay(afterAttempt attempt: Int) -> Duration {
        let ceilingMs = min(maxDelay / .milliseconds(1), baseDelay / .milliseconds(1) * Double(1 << min(attempt - 1, 20)))
        guard ceilingMs >= 1 else { return .zero }
        return .milliseconds(Int64.random(in: 0...Int64(ceilingMs)))
    }
}
