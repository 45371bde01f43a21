import CoreMetrics
public import Metrics
import Synchronization

/// The built-in server's figures, kept here (for tests and `/channels`) and reported through swift-metrics.
public final class RealtimeMetrics: Sendable {
    /// A figure that goes up and down (connections, subscriptions) or only up (deliveries).
    public final class Figure: Sendable {
        private let value = Atomic<Int>(0)
        private let meter: Meter?
        private let counter: Counter?

        init(gauge label: String) {
            meter = Meter(label: label)
            counter = nil
        }

        init(counter label: String) {
            meter = nil
            counter = Counter(label: label)
        }

        /// The current value.
        public var current: Int { value.load(ordering: .relaxed) }

        func increment(by amount: Int = 1) {
            guard amount != 0 else { return }
            let now = value.add(amount, ordering: .relaxed).newValue
            meter?.set(now)
            counter?.increment(by: amount)
        }

        func decrement(by amount: Int = 1) {
            guard amount != 0 else { return }
            let now = value.subtract(amount, ordering: .relaxed).newValue
            meter?.set(now)
        }
    }

    /// Connected sockets.
    public let connections = Figure(gauge: "coursed_realtime_connections")
    /// Channel subscriptions across sockets.
    public let subscriptions = Figure(gauge: "coursed_realtime_subscriptions")
    /// Frames queued for sockets (one per socket an event reached).
    public let delivered = Figure(counter: "coursed_realtime_messages_delivered_total")
    /// Sockets dropped because 1 MiB waited for them.
    public let slowConsumerDisconnects = Figure(counter: "coursed_realtime_slow_consumer_disconnects_total")
    /// Connections refused over `max_connections`.
    public let refusedConnections = Figure(counter: "coursed_realtime_refused_connections_total")
    /// Envelopes that could not be handed to the other instances.
    public let fanOutFailures = Figure(counter: "coursed_realtime_fanout_failures_total")
    /// From an event's publication on one instance to its arrival on another.
    public let fanOutLag = Metrics.Timer(label: "coursed_realtime_fanout_lag_seconds")

    public init() {}
}
