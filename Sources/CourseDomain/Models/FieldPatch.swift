/// What a partial update does to one optional field: leave it, clear it (JSON `null`), or set it.
public enum FieldPatch<Value: Sendable & Equatable>: Sendable, Equatable {
    /// The field was absent: it keeps its value.
    case keep
    /// The field was `null`: it loses its value.
    case clear
    /// The field was given: it takes this value.
    case set(Value)

    /// The patch with `transform` applied to a set value.
    public func map<Other>(_ transform: (Value) throws -> Other) rethrows -> FieldPatch<Other> {
        switch self {
        case .keep: .keep
        case .clear: .clear
        case .set(let value): .set(try transform(value))
        }
    }

    /// `current` with this patch applied.
    public func applied(to current: Value?) -> Value? {
        switch self {
        case .keep: current
        case .clear: nil
        case .set(let value): value
        }
    }
}
