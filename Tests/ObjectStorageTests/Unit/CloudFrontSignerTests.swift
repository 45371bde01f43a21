import Foundation
import ProcessTestSupport
import Testing

@testable import ObjectStorage

/// CloudFront canned-policy signatures, verified by `openssl dgst -sha1 -verify` against the public key.
@Suite struct CloudFrontSignerTests {
    static let openssl = "/usr/bin/openssl"

    @Test func urlSafeBase64() {
        #expect(CloudFrontURLSigner.urlSafeBase64([0xFB, 0xFF, 0xBF]) == "-~-~")
        #expect(CloudFrontURLSigner.urlSafeBase64([0x01]) == "AQ__")
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: openssl), "needs openssl"))
    func signatureVerifiesWithTheMatchingPublicKey() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("cf-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let key = directory.appendingPathComponent("key.pem").path
        let pub = directory.appendingPathComponent("pub.pem").path
        #expect(try await TestProcess.run(Self.openssl, arguments: ["genrsa", "-out", key, "2048"]).status == 0)
        #expect(
            try await TestProcess.run(Self.openssl, arguments: ["rsa", "-in", key, "-pubout", "-out", pub]).status == 0)
        let signer = try CloudFrontURLSigner(
            baseURL: "https://d111111abcdef8.cloudfront.net/", keyPairID: "K2JCJMDEHXQW5F",
            privateKeyPEM: try String(contentsOfFile: key, encoding: .utf8))
        let resource =
            "https://d111111abcdef8.cloudfront.net/courses/c/assets/a/original?response-content-disposition=x"
        let url = try signer.sign(resource: resource, expires: 1_900_000_000)
        #expect(url.hasPrefix(resource + "&Expires=1900000000&Signature="))
        #expect(url.hasSuffix("&Key-Pair-Id=K2JCJMDEHXQW5F"))
        let encoded = try #require(url.split(separator: "Signature=").last?.split(separator: "&").first)
        #expect(!encoded.contains("+") && !encoded.contains("/") && !encoded.contains("="))
        let standard = String(encoded).replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "=")
            .replacingOccurrences(of: "~", with: "/")
        let signature = try #require(Data(base64Encoded: standard))
        let policy = CloudFrontURLSigner.cannedPolicy(resource: resource, expires: 1_900_000_000)
        #expect(
            policy
                == "{\"Statement\":[{\"Resource\":\"\(resource)\",\"Condition\":{\"DateLessThan\":"
                + "{\"AWS:EpochTime\":1900000000}}}]}")
        let signatureFile = directory.appendingPathComponent("sig.bin")
        let policyFile = directory.appendingPathComponent("policy.json")
        try signature.write(to: signatureFile)
        try Data(policy.utf8).write(to: policyFile)
        let verified = try await TestProcess.run(
            Self.openssl,
            arguments: ["dgst", "-sha1", "-verify", pub, "-signature", signatureFile.path, policyFile.path])
        #expect(
            verified.status == 0 && verified.stdout.contains("Verified OK"), "\(verified.stdout) \(verified.stderr)")
        // Another expiry is another policy: the signature does not cover it.
        try Data(CloudFrontURLSigner.cannedPolicy(resource: resource, expires: 1_900_000_001).utf8).write(
            to: policyFile)
        let refused = try await TestProcess.run(
            Self.openssl,
            arguments: ["dgst", "-sha1", "-verify", pub, "-signature", signatureFile.path, policyFile.path])
        #expect(refused.status != 0)
    }

    @Test func notAKeyIsRefused() {
        #expect(throws: (any Error).self) {
            _ = try CloudFrontURLSigner(baseURL: "https://cdn.example", keyPairID: "K", privateKeyPEM: "not a key")
        }
    }
}
