import Observability
import Testing

@Suite struct RedactionTests {
    @Test(arguments: [
        (
            "postgres://app:s3cret@db.internal:5432/coursed?sslmode=require",
            "postgres://app:***@db.internal:5432/coursed?sslmode=require"
        ),
        ("rediss://:p%40ss@cache:6380/0", "rediss://:***@cache:6380/0"),
        ("redis://default:a@b@host", "redis://default:***@host"),
        ("postgres://postgres@127.0.0.1:5432/postgres", "postgres://postgres@127.0.0.1:5432/postgres"),
        ("https://api.example.com/v1?key=AIzaSy123&alt=json", "https://api.example.com/v1?key=***&alt=json"),
        ("GET /api/courses?token=abc.def&page=2", "GET /api/courses?token=***&page=2"),
        ("host=db password=hunter2 dbname=app", "host=db password=*** dbname=app"),
        ("password='two words' user=x", "password='***' user=x"),
        ("JWT_SECRET=abcdef ENCRYPTION_KEY=0011", "JWT_SECRET=*** ENCRYPTION_KEY=***"),
        ("x-amz-signature=deadbeef;X-Amz-Credential=AKIA/2026", "x-amz-signature=***;X-Amz-Credential=***"),
        ("api_key=k1 access_token=t2 client_secret=c3", "api_key=*** access_token=*** client_secret=***"),
        ("Authorization: Bearer eyJhbGciOi.x.y", "Authorization: Bearer ***"),
        ("authorization: basic dXNlcjpwYXNz", "authorization: basic ***"),
        ("nothing to hide: page=2&limit=20", "nothing to hide: page=2&limit=20"),
        ("caf\u{E9} token=\u{1F600}x rest", "caf\u{E9} token=*** rest"),
        ("password=", "password="),
    ])
    func masksSecrets(input: String, expected: String) {
        #expect(Redaction.redact(input) == expected)
    }

    @Test func neverLeaksTheSecretItself() {
        let secret = "Zm9vYmFyc2VjcmV0"
        let texts = [
            "postgres://u:\(secret)@h/db", "url?token=\(secret)", "password=\(secret)", "Bearer \(secret)",
            "connect failed: postgresql://admin:\(secret)@10.0.0.1/db?password=\(secret)",
        ]
        for text in texts {
            #expect(!Redaction.redact(text).contains(secret), "\(text)")
        }
    }

    @Test func secretNames() {
        #expect(Redaction.isSecretName("PASSWORD"))
        #expect(Redaction.isSecretName("aws_secret_access_key"))
        #expect(Redaction.isSecretName("x-api-key"))
        #expect(!Redaction.isSecretName("page"))
        #expect(!Redaction.isSecretName("sslmode"))
    }
}
