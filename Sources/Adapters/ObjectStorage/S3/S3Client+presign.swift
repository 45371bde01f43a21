import Foundation

extension S3Client {
    /// A presigned URL for `method` on `key` with `query` parameters and the `headers` the client must send
    /// (signed, `Host` added), valid for `expires` seconds from now.
    public func presignedURL(
        method: String, key: String, query: [SignableRequest.QueryItem] = [],
        headers: [(name: String, value: String)] = [], expires: Int
    ) -> String {
        let (host, path) = address(key: key)
        let hostHeader = configuration.endpoint.hostHeader(host)
        let request = SignableRequest(
            method: method, encodedPath: path, query: query, headers: [(name: "host", value: hostHeader)] + headers,
            payloadHash: "UNSIGNED-PAYLOAD")
        let signed = signer.presign(request, date: now(), expires: expires)
        return "\(configuration.endpoint.scheme)://\(hostHeader)\(path)?\(signed.query)"
    }

    /// The host and encoded path of `key` under the configured addressing style.
    func address(key: String?) -> (host: String, path: String) {
        let endpoint = configuration.endpoint
        let bucket = configuration.bucket
        switch configuration.addressingStyle {
        case .path:
            var path = "/" + AWSURIEncoding.encode(bucket)
            if let key { path += "/" + AWSURIEncoding.encode(key, keepSlash: true) }
            return (endpoint.host, path)
        case .virtualHosted:
            return ("\(bucket).\(endpoint.host)", "/" + (key.map { AWSURIEncoding.encode($0, keepSlash: true) } ?? ""))
        }
    }
}
