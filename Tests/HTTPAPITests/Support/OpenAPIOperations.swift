/// The operations of an OpenAPI document read with a tiny indentation-based parser: enough for the
/// `paths:` section as our document writes it (two-space indents, block scalars with `|` or `>`).
enum OpenAPIOperations {
    static let methods: Set<String> = ["get", "put", "post", "delete", "options", "head", "patch", "trace"]

    /// `"METHOD /path"` -> the response statuses documented for it.
    static func parse(_ yaml: String) -> [String: Set<String>] {
        var operations: [String: Set<String>] = [:]
        var inPaths = false
        var path: String?
        var operation: String?
        var inResponses = false
        var blockIndent: Int?
        for rawLine in yaml.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = String(rawLine)
            let content = line.drop { $0 == " " }
            if content.isEmpty || content.hasPrefix("#") { continue }
            let indent = line.count - content.count
            if let block = blockIndent {
                if indent > block { continue }
                blockIndent = nil
            }
            if content.hasSuffix("|") || content.hasSuffix(">") || content.hasSuffix("|-") || content.hasSuffix(">-") {
                blockIndent = indent
            }
            guard let colon = content.firstIndex(of: ":") else { continue }
            let key = unquote(String(content[..<colon]))
            switch indent {
            case 0:
                inPaths = key == "paths"
                path = nil
                operation = nil
            case 2 where inPaths:
                path = key
                operation = nil
            case 4 where inPaths && path != nil:
                operation = methods.contains(key) ? "\(key.uppercased()) \(path!)" : nil
                if let operation { operations[operation, default: []] = [] }
                inResponses = false
            case 6 where operation != nil:
                inResponses = key == "responses"
            case 8 where inResponses && operation != nil:
                operations[operation!, default: []].insert(key)
            default:
                break
            }
        }
        return operations
    }

    private static func unquote(_ text: String) -> String {
        var text = text
        for quote in ["'", "\""] where text.hasPrefix(quote) && text.hasSuffix(quote) && text.count >= 2 {
            text = String(text.dropFirst().dropLast())
        }
        return text
    }
}
