import NIOCore
import NIOSSL

extension RedisEndpoint {
    /// The AUTH command a new connection sends first (with the user name when the URL has one), or none.
    var authenticationCommands: [RedisCommand] {
        guard let password else { return [] }
        if let username { return [RedisCommand("AUTH", .string(username), .string(password))] }
        return [RedisCommand("AUTH", .string(password))]
    }

    /// Adds the TLS handler for this endpoint to a new channel's pipeline, when `tls` is set.
    func addTLSHandler(_ tls: NIOSSLContext?, to channel: any Channel) throws {
        guard let tls else { return }
        // SNI and host name checks need a name; for an IP literal NIOSSL checks the IP SANs.
        let name = host.isIPAddress ? nil : host
        try channel.pipeline.syncOperations.addHandler(try NIOSSLClientHandler(context: tls, serverHostname: name))
    }
}
