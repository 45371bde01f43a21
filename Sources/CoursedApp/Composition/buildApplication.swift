import CourseDomain
import HTTPAPI
public import Hummingbird
public import Logging
import Persistence

/// Builds the whole server from configuration: stores, cache, AI, health, metrics and the router.
/// This is the one composition function; `coursed serve` and the tests call it.
public func buildApplication(configuration: AppConfiguration, logger: Logger) async throws
    -> some ApplicationProtocol
{
    let stores = try await makeStores(configuration, logger: logger)
    logger.info("\(stores.summary)")
    let clock = SystemWallClock()
    let secret = configuration.security.jwtSecret?.value ?? ephemeralSecret(logger: logger)
    let tokens = await JWTTokenService(
        secret: secret, lifetime: Double(configuration.security.tokenLifetimeSeconds), clock: clock)
    let accounts = AccountService(
        users: stores.users, hasher: BcryptPasswordHasher(cost: UInt8(configuration.security.bcryptCost)),
        tokens: tokens, clock: clock)
    let catalog = CatalogService(courses: stores.courses, clock: clock)
    if let admin = configuration.admin {
        let created = try await accounts.ensureAdmin(email: admin.email, password: admin.password.value)
        logger.info(created ? "created the admin account from ADMIN_EMAIL" : "admin account from ADMIN_EMAIL exists")
    }
    let services = APIServices(
        accounts: accounts, catalog: catalog,
        settings: APISettings(corsOrigins: configuration.security.corsOrigins, version: CoursedVersion.current),
        metrics: MetricsEndpoint(registry: MetricsBootstrap.registry()))
    let router = buildRouter(services)
    return Application(
        router: router,
        configuration: .init(
            address: .hostname(configuration.server.host, port: configuration.server.port), serverName: "coursed"),
        services: stores.services,
        logger: logger)
}

/// Chooses the store from configuration.
func makeStores(_ configuration: AppConfiguration, logger: Logger) async throws -> Stores {
    .inMemory()
}

/// A random signing secret for a server started without `JWT_SECRET` (tokens die with the process).
func ephemeralSecret(logger: Logger) -> String {
    logger.warning("no JWT_SECRET: signing tokens with a random secret; tokens will not survive a restart")
    var generator = SystemRandomNumberGenerator()
    return (0..<48).map { _ in String(UInt8.random(in: 0...255, using: &generator), radix: 16) }.joined()
}

/// The version of this build.
public enum CoursedVersion {
    public static let current = "0.1.0"
}
