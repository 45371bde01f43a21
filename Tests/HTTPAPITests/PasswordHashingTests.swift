import CourseDomain
import HTTPAPI
import HTTPTypes
import Persistence
import Testing

/// The real bcrypt hasher behind the API: cost >= 10, and the hash never leaves the server.
struct PasswordHashingTests {
    @Test func bcryptCostIsAtLeastTenAndHashesStayInside() async throws {
        try await withAPI(hasher: BcryptPasswordHasher()) { api in
            let email = TestAPI.uniqueEmail()
            let body = jsonBody(["email": .string(email), "password": .string(TestAPI.password)])
            let registered = try await api.send(.post, "/api/auth/register", json: body)
            #expect(registered.code == 201)
            let stored = try #require(await api.users.user(email: email))
            let parts = stored.passwordHash.split(separator: "$")
            #expect(["2a", "2b", "2y"].contains(parts.first.map(String.init) ?? ""), "a bcrypt hash")
            #expect((parts.dropFirst().first.flatMap { Int($0) } ?? 0) >= 10, "cost >= 10")
            #expect(!stored.passwordHash.contains(TestAPI.password))
            #expect(!registered.text.contains(String(stored.passwordHash.suffix(31))))

            let login = try await api.send(.post, "/api/auth/login", json: body)
            #expect(login.code == 200)
            let wrong = try await api.send(
                .post, "/api/auth/login", json: jsonBody(["email": .string(email), "password": "wrong password"]))
            #expect(wrong.code == 401)
            let token = try #require(login.json?["token"]?.stringValue)
            let me = try await api.send(.get, "/api/me", token: token)
            #expect(me.code == 200)
            for response in [registered, login, me] {
                #expect(!response.text.contains(String(stored.passwordHash.suffix(31))))
                #expect(!response.text.contains(TestAPI.password))
            }
        }
    }

    @Test func bcryptCostIsNeverBelowTen() {
        #expect(BcryptPasswordHasher(cost: 4).cost == 10)
        #expect(BcryptPasswordHasher(cost: 12).cost == 12)
    }
}
