/// Which primary serves each of the 16384 slots, as learnt from `CLUSTER SHARDS` or `CLUSTER SLOTS`.
struct RedisClusterSlotMap: Sendable, Hashable {
    /// The primaries, each once.
    private(set) var primaries: [RedisNodeAddress] = []
    /// For each slot, its primary's index in `primaries`, or -1 when no primary serves it.
    private var owners = [Int16](repeating: -1, count: RedisHashSlot.count)
    /// Primaries the node asked reported as failed (their slots have no primary in this map).
    private(set) var failedPrimaries: Set<RedisNodeAddress> = []
    /// Slots whose primary was kept from the previous map (`keepingOwners`), not learnt from a node.
    private(set) var keptSlots: Set<Int> = []

    init() {}

    /// The primary serving `slot`, or nil when the map has none.
    func primary(forSlot slot: Int) -> RedisNodeAddress? {
        let index = owners[slot]
        return index < 0 ? nil : primaries[Int(index)]
    }

    /// How many slots have a primary (16384 for a healthy cluster).
    var coveredSlots: Int { owners.reduce(0) { $0 + ($1 < 0 ? 0 : 1) } }

    /// Records that `node` serves the slots `range`.
    mutating func assign(_ range: ClosedRange<Int>, to node: RedisNodeAddress) {
        let clamped = range.clamped(to: 0...(RedisHashSlot.count - 1))
        guard !clamped.isEmpty else { return }
        let index: Int
        if let known = primaries.firstIndex(of: node) {
            index = known
        } else {
            primaries.append(node)
            index = primaries.count - 1
        }
        for slot in clamped { owners[slot] = Int16(index) }
        if !keptSlots.isEmpty { keptSlots.subtract(clamped) }
        dropUnusedPrimaries()
    }

    /// This map, where it has no primary for a slot, completed with `previous`'s primary of that slot, unless this
    /// map's node reported that primary as failed, or `previous` had itself only kept it. A node asked during a
    /// failover may not know the promoted replica yet, although the previous map (or a `MOVED`) already did:
    /// forgetting the slot would fail its commands until the next refresh, while the last known owner answers (or
    /// redirects, or fails to connect, which refreshes the map). Kept for one refresh only: a slot that no node
    /// serves any more (a node forgotten, or an older server's `CLUSTER SLOTS`, which reports no failures) is
    /// unserved again after the next one.
    func keepingOwners(of previous: RedisClusterSlotMap) -> RedisClusterSlotMap {
        var merged = self
        for slot in owners.indices where owners[slot] < 0 && !previous.keptSlots.contains(slot) {
            guard let node = previous.primary(forSlot: slot), !failedPrimaries.contains(node) else { continue }
            let index: Int
            if let known = merged.primaries.firstIndex(of: node) {
                index = known
            } else {
                merged.primaries.append(node)
                index = merged.primaries.count - 1
            }
            merged.owners[slot] = Int16(index)
            merged.keptSlots.insert(slot)
        }
        return merged
    }

    private mutating func dropUnusedPrimaries() {
        var used = [Bool](repeating: false, count: primaries.count)
        for owner in owners where owner >= 0 { used[Int(owner)] = true }
        guard used.contains(false) else { return }
        var renumbered = [Int16](repeating: -1, count: primaries.count)
        var kept: [RedisNodeAddress] = []
        for (index, node) in primaries.enumerated() where used[index] {
            renumbered[index] = Int16(kept.count)
            kept.append(node)
        }
        primaries = kept
        for slot in owners.indices where owners[slot] >= 0 { owners[slot] = renumbered[Int(owners[slot])] }
    }
}

extension RedisClusterSlotMap {
    /// The map from a `CLUSTER SHARDS` reply (Redis 7): per shard its slot ranges and the node whose role is
    /// `master`. `queried` stands in for a node announcing no address; `tls` picks the nodes' `tls-port`.
    init(shards reply: RESPValue, queried: RedisNodeAddress, tls: Bool) throws(RedisError) {
        guard case .array(let shards) = reply else { throw Self.malformed("CLUSTER SHARDS") }
        self.init()
        for shard in shards {
            let fields = Self.fields(shard)
            guard case .array(let bounds)? = fields["slots"], case .array(let nodes)? = fields["nodes"] else {
                throw Self.malformed("CLUSTER SHARDS")
            }
            let masters = nodes.map(Self.fields).filter { $0["role"]?.string == "master" }
            let primary = masters.first { !($0["health"]?.string ?? "").hasPrefix("fail") }
            for failed in masters where (failed["health"]?.string ?? "").hasPrefix("fail") {
                if let address = Self.address(failed, queried: queried, tls: tls) { failedPrimaries.insert(address) }
            }
            guard let primary, !bounds.isEmpty else { continue }
            guard let address = Self.address(primary, queried: queried, tls: tls) else {
                throw Self.malformed("CLUSTER SHARDS node")
            }
            var index = 0
            while index + 1 < bounds.count {
                guard let start = bounds[index].integer, let end = bounds[index + 1].integer, start <= end else {
                    throw Self.malformed("CLUSTER SHARDS slots")
                }
                assign(start...end, to: address)
                index += 2
            }
        }
    }

    /// The map from a `CLUSTER SLOTS` reply (Redis 3 to 6, deprecated in 7): `[start, end, [host, port, id], ...]`.
    init(slots reply: RESPValue, queried: RedisNodeAddress) throws(RedisError) {
        guard case .array(let ranges) = reply else { throw Self.malformed("CLUSTER SLOTS") }
        self.init()
        for range in ranges {
            guard case .array(let parts) = range, parts.count >= 3, let start = parts[0].integer,
                let end = parts[1].integer, start <= end, case .array(let node) = parts[2], node.count >= 2,
                let port = node[1].integer
            else { throw Self.malformed("CLUSTER SLOTS") }
            let host = node[0].string.flatMap { $0.isEmpty || $0 == "?" ? nil : $0 } ?? queried.host
            assign(start...end, to: RedisNodeAddress(host: host, port: port))
        }
    }

    /// A flat `[name, value, name, value, ...]` array (RESP2's rendering of a map) as a dictionary.
    private static func fields(_ value: RESPValue) -> [String: RESPValue] {
        guard case .array(let items) = value else { return [:] }
        var fields: [String: RESPValue] = [:]
        var index = 0
        while index + 1 < items.count {
            if let name = items[index].string { fields[name] = items[index + 1] }
            index += 2
        }
        return fields
    }

    private static func address(_ node: [String: RESPValue], queried: RedisNodeAddress, tls: Bool)
        -> RedisNodeAddress?
    {
        let plain = node["port"]?.integer.flatMap { $0 > 0 ? $0 : nil }
        let secure = node["tls-port"]?.integer.flatMap { $0 > 0 ? $0 : nil }
        guard let port = tls ? (secure ?? plain) : (plain ?? secure) else { return nil }
        let named = [node["endpoint"], node["ip"], node["hostname"]].lazy.compactMap { $0?.string }
            .first { !$0.isEmpty && $0 != "?" }
        return RedisNodeAddress(host: named ?? queried.host, port: port)
    }

    private static func malformed(_ what: String) -> RedisError {
        RedisError(.protocolError, "unexpected \(what) reply")
    }
}
