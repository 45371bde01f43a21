import CurlHTTPClient
import Foundation
import Testing

@testable import ObjectStorage

@Suite struct XMLAndKeyTests {
    @Test func parsesAListingDocument() throws {
        let xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>b</Name>
            <Contents><Key>backups/a&amp;b.dump</Key><LastModified>2025-01-02T03:04:05.000Z</LastModified>
            <ETag>&quot;abc&quot;</ETag><Size>42</Size></Contents>
            <IsTruncated>true</IsTruncated><NextContinuationToken>tok/+=</NextContinuationToken></ListBucketResult>
            """
        let root = try XMLNode.parse(Array(xml.utf8))
        #expect(root.name == "ListBucketResult")
        let entry = try #require(root.child("Contents"))
        #expect(entry.text(of: "Key") == "backups/a&b.dump")
        #expect(entry.text(of: "ETag") == "\"abc\"")
        #expect(root.text(of: "NextContinuationToken") == "tok/+=")
        #expect(S3Dates.parseISO8601("2025-01-02T03:04:05.000Z") == Date(timeIntervalSince1970: 1_735_787_045))
        #expect(S3Dates.parseHTTPDate("Thu, 02 Jan 2025 03:04:05 GMT") == Date(timeIntervalSince1970: 1_735_787_045))
    }

    @Test func malformedXMLIsAnInvalidResponse() {
        #expect(throws: S3Error.self) { try XMLNode.parse(Array("<a><b></a>".utf8)) }
    }

    @Test func errorDocumentsBecomeServiceErrors() {
        let body = Array(
            "<Error><Code>NoSuchKey</Code><Message>The key does not exist</Message><RequestId>r1</RequestId></Error>"
                .utf8)
        let operation = S3Client.Operation(name: "GetObject", method: .get)
        #expect(
            throws: S3Error.service(status: 404, code: "NoSuchKey", message: "The key does not exist", requestID: "r1")
        ) {
            try S3Client.check(HTTPClientResponse(status: 404, body: body), operation: operation)
        }
        // CompleteMultipartUpload may answer 200 with an error document.
        #expect(throws: S3Error.self) {
            try S3Client.check(HTTPClientResponse(status: 200, body: body), operation: operation)
        }
        #expect(throws: Never.self) {
            try S3Client.check(HTTPClientResponse(status: 200, body: Array("<Ok/>".utf8)), operation: operation)
        }
        #expect(S3Error.service(status: 404, code: "NotFound", message: "", requestID: nil).isNotFound)
    }

    @Test func escapesXML() {
        #expect(XMLEscaping.escape("a<b>&\"'\u{1}") == "a&lt;b&gt;&amp;&quot;&apos;")
    }

    @Test func backupKeysCarryTheirTime() {
        let date = Date(timeIntervalSince1970: 1_735_787_045)
        let key = BackupKey.make(prefix: "backups/", date: date, suffix: "0a1b2c3d")
        #expect(key == "backups/database-20250102T030405Z-0a1b2c3d.dump")
        #expect(BackupKey.timestamp(of: key) == date)
        // Keys written before the suffix existed are still read.
        #expect(BackupKey.timestamp(of: "backups/database-20250102T030405Z.dump") == date)
        #expect(BackupKey.timestamp(of: "backups/database-20250102T030405Z-notahex!.dump") == nil)
        #expect(BackupKey.timestamp(of: "backups/notes.txt") == nil)
        #expect(BackupKey.timestamp(of: "backups/database-2025.dump") == nil)
        #expect(BackupKey.iso8601(date) == "2025-01-02T03:04:05Z")
    }

    @Test("two backups taken in the same second get different keys (one used to replace the other)")
    func backupKeysOfOneSecondDiffer() {
        let date = Date(timeIntervalSince1970: 1_735_787_045)
        let keys = Set((0..<50).map { _ in BackupKey.make(prefix: "backups/", date: date) })
        #expect(keys.count == 50)
        #expect(keys.allSatisfy { BackupKey.timestamp(of: $0) == date })
    }

    @Test func settingsRefuseTooSmallParts() {
        #expect(throws: BackupError.self) { try BackupSettings(environment: "test", partSize: 1024).validate() }
        #expect(throws: Never.self) { try BackupSettings(environment: "test").validate() }
    }
}
