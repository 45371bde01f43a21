import Testing

@testable import CoursedApp

@Suite("Whose keys the Redis cache and AI budget use")
struct CacheNamespaceTests {
    private func configuration(database: String?, namespace: String? = nil) -> AppConfiguration {
        var configuration = AppConfiguration()
        configuration.database.url = database.map { Secret($0) }
        configuration.cache.namespace = namespace
        return configuration
    }

    @Test("instances of one database agree whatever host, port or credentials they reach it by")
    func serversOfOneDatabaseShareANamespace() {
        let urls = [
            "postgres://app:secret1@DB.example:5432/coursed", "postgres://reader:other@10.0.0.7:6432/coursed?x=1",
            "postgres://u@localhost:5433/coursed",
        ]
        let namespaces = Set(urls.map { CacheNamespace.resolve(configuration(database: $0)) })
        #expect(namespaces.count == 1)
        let namespace = namespaces.first ?? ""
        #expect(namespace.hasPrefix("db-"))
        #expect(!namespace.contains("secret1") && !namespace.contains("coursed"))
    }

    @Test func otherDatabasesGetOtherNamespaces() {
        let base = CacheNamespace.resolve(configuration(database: "postgres://u@db:5432/coursed"))
        for other in ["postgres://u@db:5432/coursed_test", "postgres://u@db:5432/coursed_e2e_1a2b3c4d"] {
            #expect(CacheNamespace.resolve(configuration(database: other)) != base, "\(other)")
        }
        #expect(CacheNamespace.databaseName("postgres://u@db") == "postgres")
    }

    @Test func anExplicitNamespaceWinsAndInMemoryStoresNeverShareACache() {
        #expect(CacheNamespace.resolve(configuration(database: "postgres://u@db/x", namespace: "prod")) == "prod")
        let memory = CacheNamespace.resolve(configuration(database: nil))
        #expect(memory.hasPrefix("memory-"))
        #expect(CacheNamespace.budgetKeyPrefix(configuration(database: nil)) == "coursed:ai-budget:")
        #expect(
            CacheNamespace.budgetKeyPrefix(configuration(database: "postgres://u@db/x", namespace: "prod"))
                == "coursed:ai-budget:prod:")
    }
}
