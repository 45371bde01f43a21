import CurlHTTPClient
import Foundation
import Testing

@testable import ObjectStorage

@Suite struct ConfigurationTests {
    static let environment = [
        "S3_ENDPOINT": "http://127.0.0.1:9000", "AWS_REGION": "eu-west-3", "AWS_ACCESS_KEY_ID": "AKIDTEST",
        "AWS_SECRET_ACCESS_KEY": "very-secret-key", "BACKUP_BUCKET": "my-backups",
    ]

    @Test func readsTheEnvironment() throws {
        let configuration = try S3Configuration(environment: Self.environment)
        #expect(configuration.endpoint == S3Endpoint(scheme: "http", host: "127.0.0.1", port: 9000))
        #expect(configuration.region == "eu-west-3")
        #expect(configuration.bucket == "my-backups")
        #expect(configuration.addressingStyle == .path)
        #expect(configuration.serverSideEncryption)
        #expect(!configuration.description.contains("very-secret-key"))
        #expect(!"\(configuration.credentials)".contains("very-secret-key"))
    }

    @Test func awsDefaultsToVirtualHosted() throws {
        var environment = Self.environment
        environment["S3_ENDPOINT"] = nil
        environment["AWS_REGION"] = nil
        let configuration = try S3Configuration(environment: environment)
        #expect(configuration.endpoint.description == "https://s3.us-east-1.amazonaws.com")
        #expect(configuration.addressingStyle == .virtualHosted)
    }

    @Test func missingVariablesAreNamedNotShown() {
        for name in ["BACKUP_BUCKET", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"] {
            var environment = Self.environment
            environment[name] = nil
            #expect(throws: S3Error.configuration("\(name) is not set")) {
                try S3Configuration(environment: environment)
            }
        }
    }

    @Test func endpointParsing() throws {
        #expect(try S3Endpoint(parsing: "https://minio.local/").description == "https://minio.local")
        #expect(try S3Endpoint(parsing: "https://minio.local:443").hostHeader("minio.local") == "minio.local")
        #expect(try S3Endpoint(parsing: "http://h:8080").hostHeader("b.h") == "b.h:8080")
        for bad in ["ftp://h", "http://user:pw@h", "http://h/path", "http://h:0", "http://h:x", "http://"] {
            #expect(throws: S3Error.self) { try S3Endpoint(parsing: bad) }
        }
    }

    @Test func addressingStyles() async throws {
        let http = HTTPCurlClient()
        defer { Task { try? await http.shutdown() } }
        let credentials = AWSCredentials(accessKeyID: "AKID", secretAccessKey: "sk")
        let path = S3Client(
            configuration: S3Configuration(
                endpoint: try S3Endpoint(parsing: "http://127.0.0.1:9000"), region: "us-east-1", bucket: "bk",
                credentials: credentials), httpClient: http)
        let virtual = S3Client(
            configuration: S3Configuration(endpoint: nil, region: "eu-west-1", bucket: "bk", credentials: credentials),
            httpClient: http)
        let operation = S3Client.Operation(
            name: "GetObject", method: .get, key: "backups/a b+c.dump", query: [.init("uploadId", "x/y")])
        let date = Date(timeIntervalSince1970: 0)
        let pathRequest = path.prepare(operation, date: date)
        #expect(pathRequest.url == "http://127.0.0.1:9000/bk/backups/a%20b%2Bc.dump?uploadId=x%2Fy")
        #expect(pathRequest.headers.first(name: "host") == "127.0.0.1:9000")
        let virtualRequest = virtual.prepare(operation, date: date)
        #expect(virtualRequest.url == "https://bk.s3.eu-west-1.amazonaws.com/backups/a%20b%2Bc.dump?uploadId=x%2Fy")
        #expect(virtualRequest.headers.first(name: "host") == "bk.s3.eu-west-1.amazonaws.com")
        let authorization = virtualRequest.headers.first(name: "authorization") ?? ""
        #expect(authorization.hasPrefix("AWS4-HMAC-SHA256 Credential=AKID/19700101/eu-west-1/s3/aws4_request"))
        #expect(!authorization.contains("sk"))
        #expect(virtualRequest.headers.first(name: "x-amz-content-sha256") == SigV4Signer.emptyPayloadHash)
    }

    @Test func writeHeadersCarryMetadataAndEncryption() async throws {
        let http = HTTPCurlClient()
        defer { Task { try? await http.shutdown() } }
        let client = S3Client(configuration: try S3Configuration(environment: Self.environment), httpClient: http)
        let headers = try client.writeHeaders(ObjectWriteOptions(contentType: "a/b", metadata: ["SHA256": "00"]))
        #expect(headers.contains { $0.name == "x-amz-meta-sha256" && $0.value == "00" })
        #expect(headers.contains { $0.name == "x-amz-server-side-encryption" && $0.value == "AES256" })
        #expect(throws: S3Error.self) { try client.writeHeaders(ObjectWriteOptions(metadata: ["a b": "x"])) }
        #expect(throws: S3Error.self) { try client.writeHeaders(ObjectWriteOptions(metadata: ["k": "line\nbreak"])) }
    }
}
