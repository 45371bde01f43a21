import CourseDomain
import Foundation
import HTTPAPI
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import Persistence
import Testing

/// The API under test, built over in-memory stores, a real JWT service and a fake hasher, reached with no socket.
struct TestAPI: Sendable {
    static let secret = "test-secret-that-is-long-enough-for-hs256!"
    static let allowedOrigin = "https://app.example.com"

    let client: any TestClientProtocol
    let accounts: AccountService
    let users: UserMemoryRepository
    let courses: CourseMemoryRepository
    let clock: TestClock
    let tokens: JWTTokenService

    /// Sends one request and checks the invariants every response must satisfy.
    @discardableResult
    func send(
        _ method: HTTPRequest.Method, _ path: String, token: String? = nil, json: String? = nil,
        body: ByteBuffer? = nil, contentType: String? = "application/json", headers: HTTPFields = [:],
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> APIResponse {
        var fields = headers
        if let token { fields[.authorization] = "Bearer \(token)" }
        var payload = body
        if let json { payload = ByteBuffer(string: json) }
        if payload != nil, let contentType, fields[.contentType] == nil { fields[.contentType] = contentType }
        let response = try await client.execute(uri: path, method: method, headers: fields, body: payload) {
            APIResponse(status: $0.status, headers: $0.headers, bytes: Array($0.body.readableBytesView))
        }
        response.checkInvariants(sourceLocation: sourceLocation)
        return response
    }
}

/// Runs `body` against a fresh API. `streamedBodies` strips `Content-Length` from requests (chunked uploads).
func withAPI(
    corsOrigins: [String] = [TestAPI.allowedOrigin], hasher: any PasswordHasher = FakePasswordHasher(),
    streamedBodies: Bool = false, _ body: @Sendable (TestAPI) async throws -> Void
) async throws {
    let clock = TestClock()
    let users = UserMemoryRepository()
    let courses = CourseMemoryRepository()
    let tokens = await JWTTokenService(secret: TestAPI.secret, lifetime: 3600, clock: clock)
    let accounts = AccountService(users: users, hasher: hasher, tokens: tokens, clock: clock)
    let catalog = CatalogService(courses: courses, clock: clock)
    let services = APIServices(accounts: accounts, catalog: catalog, settings: APISettings(corsOrigins: corsOrigins))
    var logger = Logger(label: "HTTPAPITests")
    logger.logLevel = .error
    let router = buildRouter(services)
    let run: @Sendable (any TestClientProtocol) async throws -> Void = { client in
        try await body(
            TestAPI(client: client, accounts: accounts, users: users, courses: courses, clock: clock, tokens: tokens))
    }
    if streamedBodies {
        let app = Application(responder: WithoutContentLength(inner: router.buildResponder()), logger: logger)
        try await app.test(.router, run)
    } else {
        let app = Application(router: router, logger: logger)
        try await app.test(.router, run)
    }
}
