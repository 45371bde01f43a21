/// What a cluster node's error reply asks the client to do instead of failing.
enum RedisRedirection: Sendable, Hashable {
    /// `MOVED <slot> <host>:<port>`: the slot lives elsewhere for good; update the map and retry there.
    case moved(slot: Int, node: RedisNodeAddress)
    /// `ASK <slot> <host>:<port>`: the slot is being migrated; retry this command once there, after `ASKING`.
    case ask(slot: Int, node: RedisNodeAddress)
    /// `TRYAGAIN` (a multi-key command during a migration) or `CLUSTERDOWN` (no majority, or a slot unserved
    /// while a replica is being promoted): retry after a short pause.
    case retryLater

    /// The redirection an error reply asks for, or nil for an ordinary error.
    init?(errorReply message: some StringProtocol) {
        if message.hasPrefix("TRYAGAIN") || message.hasPrefix("CLUSTERDOWN") {
            self = .retryLater
            return
        }
        let parts = message.split(separator: " ", omittingEmptySubsequences: true)
        guard parts.count == 3, let slot = Int(parts[1]), (0..<RedisHashSlot.count).contains(slot),
            let node = RedisNodeAddress(parsing: parts[2])
        else { return nil }
        switch parts[0] {
        case "MOVED": self = .moved(slot: slot, node: node)
        case "ASK": self = .ask(slot: slot, node: node)
        default: return nil
        }
    }
}
