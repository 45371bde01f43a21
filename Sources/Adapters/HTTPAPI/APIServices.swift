public import CourseDomain
public import HTTPTypes
public import Hummingbird

/// Everything the router needs, composed by the app: use cases, optional operational endpoints and settings.
public struct APIServices: Sendable {
    public var accounts: AccountService
    public var catalog: CatalogService
    public var settings: APISettings
    /// Extra routes registered by other parts of the app (health, metrics, outline), after the core ones.
    public var extraRoutes: [@Sendable (Router<APIRequestContext>) -> Void]
    /// Middleware that runs inside the edge, around every route (request monitoring, tracing).
    public var middlewares: [any MiddlewareProtocol<Request, Response, APIRequestContext>]

    public init(
        accounts: AccountService, catalog: CatalogService, settings: APISettings = APISettings(),
        extraRoutes: [@Sendable (Router<APIRequestContext>) -> Void] = [],
        middlewares: [any MiddlewareProtocol<Request, Response, APIRequestContext>] = []
    ) {
        self.accounts = accounts
        self.catalog = catalog
        self.settings = settings
        self.extraRoutes = extraRoutes
        self.middlewares = middlewares
    }
}
