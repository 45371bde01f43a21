/// The IETF health+json `componentType` of a checked component.
public enum ComponentType: String, Sendable, Hashable, CaseIterable {
    /// A data store: a database, a cache.
    case datastore
    /// A whole system the service depends on, or the service's own process.
    case system
    /// Any other component, e.g. a remote API such as an AI provider.
    case component
}
