/// The status of one named member of a component: an AI provider, an external service.
public struct NamedStatus: Sendable, Hashable {
    /// The member's name, e.g. `anthropic`; rendered as a JSON key, never a secret.
    public var name: String
    /// The member's status.
    public var status: ComponentStatus

    /// Creates a member status.
    public init(_ name: String, _ status: ComponentStatus) {
        self.name = name
        self.status = status
    }
}
