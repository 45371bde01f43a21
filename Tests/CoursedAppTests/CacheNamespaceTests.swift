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

    @Test func serversOfOneDatabaseShareANamespaceWhateverTheirCredentials() {
        let one = CacheNamespace.resolve(configuration(database: "postgres://app:secret1@DB.example:5432/coursed"))
        let two = CacheNamespace.resolve(configuration(database: "postgres://reader:other@db.example/coursed?x=1"))
        #expect(one == two)
        #expect(one.hasPrefix("db-"))
        #expect(!one.contains("secret1") && !one.contains("coursed"))
    }

    @Test func otherDatabasesGetOtherNamespaces() {
        let base = CacheNamespace.resolve(configuration(database: "postgres://u@db:5432/coursed"))
        for other in [
            "postgres://u@db:5432/coursed_test", "postgres://u@db2:5432/coursed", "postgres://u@db:5433/coursed",
        ] {
            #expect(CacheNamespace.resolve(configuration(database: other)) != base, "\(other)")
        }
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
