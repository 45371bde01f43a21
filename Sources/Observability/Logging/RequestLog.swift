import CoreSupport
public import Logging

/// The one structured log line written per request.
public enum RequestLog {
    /// The message of every request line.
    public static let message: Logger.Message = "request"

    /// Logs `completed` with its request id (and trace id, when there is one): `info` below 500, else
    /// `warning`. Ids that are not safe are replaced, so a forged value never reaches the log as given.
    public static func logRequest(
        _ completed: CompletedRequest,
        requestID: @autoclosure () -> String,
        traceID: @autoclosure () -> String? = nil,
        logger: Logger
    ) {
        let level: Logger.Level = completed.status >= 500 ? .warning : .info
        // Nothing is looked up or formatted for a line that would not be written.
        guard logger.logLevel <= level else { return }
        let requestID = requestID()
        let traceID = traceID()
        // Our own JSON handler with nothing to merge in writes the line straight to bytes, the same bytes the
        // generic path below would write (a test compares them), without building and sorting `Logger.Metadata`.
        if let handler = logger.handler as? LineLogHandler,
            handler.writeRequestLine(level: level, completed, requestID: requestID, traceID: traceID)
        {
            return
        }
        logger.log(level: level, message, metadata: metadata(for: completed, requestID: requestID, traceID: traceID))
    }

    /// The value of `request_id` in a line: the id when it is safe, else `invalid`.
    static func loggedRequestID(_ requestID: String) -> String {
        RequestID.isValid(requestID) ? requestID : "invalid"
    }

    /// The value of `duration_ms`: milliseconds, rounded to the microsecond.
    static func durationMilliseconds(_ completed: CompletedRequest) -> Double {
        (completed.duration.seconds * 1_000_000).rounded() / 1000
    }

    /// The metadata of a request line: `request_id`, `method`, `route`, `status`, `duration_ms` (and
    /// `trace_id`).
    public static func metadata(for completed: CompletedRequest, requestID: String, traceID: String?) -> Logger.Metadata
    {
        var metadata: Logger.Metadata = [
            "request_id": .string(loggedRequestID(requestID)),
            "method": .string(completed.method),
            "route": .string(completed.route),
            "status": .stringConvertible(completed.status),
            "duration_ms": .stringConvertible(durationMilliseconds(completed)),
        ]
        if let traceID = validTraceID(traceID) { metadata["trace_id"] = .string(traceID) }
        return metadata
    }

    /// `traceID` when it is 32 lower-case hex digits, else nil: only such ids are logged.
    static func validTraceID(_ traceID: String?) -> String? {
        guard let traceID, traceID.utf8.count == 32, traceID.utf8.allSatisfy(\.isLowerHexDigit) else { return nil }
        return traceID
    }
}

extension UInt8 {
    fileprivate var isLowerHexDigit: Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(self) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(self)
    }
}
