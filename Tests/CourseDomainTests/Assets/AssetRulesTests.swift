import CourseDomain
import Foundation
import Testing

struct AssetRulesTests {
    static let limits = AssetLimits()

    @Test(arguments: [
        ("video/mp4", AssetKind.video), ("video/webm", .video), ("image/png", .image), ("application/pdf", .document),
        ("text/markdown", .document), ("application/zip", .other),
    ])
    func kindFollowsTheContentType(_ type: String, _ kind: AssetKind) {
        #expect(AssetKind(contentType: type) == kind)
    }

    @Test(arguments: [
        ("", "filename"), (String(repeating: "a", count: 256), "filename"), ("../etc/passwd", "filename"),
        ("a\\b.pdf", "filename"), ("line\nbreak.pdf", "filename"), ("tab\t.pdf", "filename"), ("nul\0.pdf", "filename"),
        ("..", "filename"), ("\u{2028}.pdf", "filename"),
    ])
    func badFilenamesNameTheField(_ name: String, _ field: String) {
        let input = NewAsset(filename: name, contentType: "application/pdf", sizeBytes: 10)
        #expect(throws: ValidationError.self) { try AssetValidation.validate(input, limits: Self.limits) }
        do {
            _ = try AssetValidation.validate(input, limits: Self.limits)
        } catch let error as ValidationError {
            #expect(error.field == field)
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func goodDeclarationsAreNormalised() throws {
        let name = String(repeating: "é", count: 255)
        let valid = try AssetValidation.validate(
            NewAsset(
                filename: name, contentType: "Application/PDF; charset=binary", sizeBytes: Self.limits.maxUploadBytes,
                sha256: String(repeating: "AB", count: 32)), limits: Self.limits)
        #expect(valid.filename == name)
        #expect(valid.contentType == "application/pdf")
        #expect(valid.sha256 == String(repeating: "ab", count: 32))
    }

    @Test(arguments: [
        (NewAsset(filename: "a.exe", contentType: "application/x-msdownload", sizeBytes: 1), "content_type"),
        (NewAsset(filename: "a.pdf", contentType: "", sizeBytes: 1), "content_type"),
        (NewAsset(filename: "a.pdf", contentType: "application/pdf", sizeBytes: 0), "size_bytes"),
        (NewAsset(filename: "a.pdf", contentType: "application/pdf", sizeBytes: -5), "size_bytes"),
        (
            NewAsset(filename: "a.pdf", contentType: "application/pdf", sizeBytes: 5 * 1024 * 1024 * 1024 + 1),
            "size_bytes"
        ),
        (NewAsset(filename: "a.pdf", contentType: "application/pdf", sizeBytes: .max), "size_bytes"),
        (NewAsset(filename: "a.pdf", contentType: "application/pdf", sizeBytes: 1, sha256: "abc"), "sha256"),
        (
            NewAsset(
                filename: "a.pdf", contentType: "application/pdf", sizeBytes: 1,
                sha256: String(repeating: "g", count: 64)),
            "sha256"
        ),
    ])
    func badDeclarationsNameTheField(_ input: NewAsset, _ field: String) {
        do {
            _ = try AssetValidation.validate(input, limits: Self.limits)
            Issue.record("accepted \(input)")
        } catch let error as ValidationError {
            #expect(error.field == field)
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func partSizesRespectS3Limits() {
        let mib: Int64 = 1024 * 1024
        for size in [101 * mib, 5 * 1024 * mib, 1024 * 1024 * mib, 5 * 1024 * 1024 * mib] {
            let part = Self.limits.partSize(for: size)
            let count = Self.limits.partCount(for: size, partSize: part)
            #expect(part >= 5 * mib && part <= 5 * 1024 * mib)
            #expect(count <= 10_000 && count >= 1)
            #expect(Int64(count) * part >= size)
            #expect(part % mib == 0)
        }
        #expect(Self.limits.partSize(for: 101 * mib) == 5 * mib)
    }

    @Test func statusTransitions() {
        let allowed: Set<String> = [
            "pending>ready", "pending>processing", "pending>failed", "processing>processing", "processing>ready",
            "processing>failed",
        ]
        for from in AssetStatus.allCases {
            for to in AssetStatus.allCases {
                #expect(
                    from.canTransition(to: to) == allowed.contains("\(from.rawValue)>\(to.rawValue)"), "\(from)>\(to)")
            }
        }
    }

    @Test func contentDispositionEncodesTheName() {
        #expect(
            ContentDisposition.attachment(filename: "Résumé \"final\".pdf")
                == "attachment; filename=\"R_sum_ _final_.pdf\"; filename*=UTF-8''R%C3%A9sum%C3%A9%20%22final%22.pdf")
        #expect(ContentDisposition.attachment(filename: "a;b\r\n.pdf").contains("filename*=UTF-8''a%3Bb%0D%0A.pdf"))
    }
}
