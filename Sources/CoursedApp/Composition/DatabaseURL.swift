/// `database.ssl: true` means TLS is required: a URL without `sslmode` gets `sslmode=require`.
enum DatabaseURL {
    static func enforcingSSL(_ url: String, when required: Bool) -> String {
        guard required, !url.contains("sslmode=") else { return url }
        return url + (url.contains("?") ? "&" : "?") + "sslmode=require"
    }
}
