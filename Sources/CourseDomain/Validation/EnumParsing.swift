/// Parses client-sent enum values, naming the field and the allowed values when they are wrong.
public enum EnumParsing {
    /// The case of `T` whose raw value is `raw`, or a `ValidationError` listing the allowed values.
    public static func parse<T: RawRepresentable & CaseIterable>(_ raw: String, as _: T.Type, field: String) throws -> T
    where T.RawValue == String {
        if let value = T(rawValue: raw) { return value }
        let allowed = T.allCases.map(\.rawValue).joined(separator: ", ")
        throw ValidationError(field: field, reason: "must be one of \(allowed)")
    }
}
