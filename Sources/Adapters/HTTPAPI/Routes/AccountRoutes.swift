import CourseDomain
import Foundation
import Hummingbird

/// `/api/auth/*`, `/api/me` and `/api/users/{id}`.
struct AccountRoutes: Sendable {
    let accounts: AccountService
    let auth: Authentication

    func register(on router: Router<APIRequestContext>) {
        router.post("/api/auth/register") { request, context in try await register(request, context) }
        router.post("/api/auth/login") { request, context in try await login(request, context) }
        router.get("/api/me") { request, _ in try await me(request) }
        router.patch("/api/users/:id") { request, context in try await changeRole(request, context) }
    }

    private func register(_ request: Request, _ context: APIRequestContext) async throws -> Response {
        let body = try await RequestBody.object(request, context: context)
        let session = try await accounts.register(
            email: try body.requiredString("email"), password: try body.requiredString("password"),
            name: try body.optionalString("name"))
        return JSONResponse.make(.created) { Representation.write(session, to: &$0) }
    }

    private func login(_ request: Request, _ context: APIRequestContext) async throws -> Response {
        let body = try await RequestBody.object(request, context: context)
        let session = try await accounts.login(
            email: try body.requiredString("email"), password: try body.requiredString("password"),
            clientAddress: context.remoteAddress?.ipAddress)
        return JSONResponse.make { Representation.write(session, to: &$0) }
    }

    private func me(_ request: Request) async throws -> Response {
        let principal = try await auth.requirePrincipal(request)
        guard let user = try await accounts.user(id: principal.id) else { throw DomainError.unauthorized() }
        return JSONResponse.make { Representation.write(user, to: &$0) }
    }

    private func changeRole(_ request: Request, _ context: APIRequestContext) async throws -> Response {
        let principal = try await auth.requirePrincipal(request)
        try AccessPolicy.enforce(.changeUserRole, by: principal)
        guard let id = context.parameters.get("id").flatMap(UUID.init(uuidString:)) else {
            throw DomainError.notFound("user not found")
        }
        let body = try await RequestBody.object(request, context: context)
        guard let role = try body.optionalEnum("role", as: Role.self) else {
            throw ValidationError(field: "role", reason: "is required")
        }
        let user = try await accounts.changeRole(of: id, to: role, by: principal)
        return JSONResponse.make { Representation.write(user, to: &$0) }
    }
}
