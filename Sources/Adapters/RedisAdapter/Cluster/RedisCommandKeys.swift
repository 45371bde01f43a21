/// Where a command's keys are among its arguments, for routing it to the slot's node in a cluster.
///
/// Most commands take one key right after the name; the ones below differ. Commands with no key (PING, SCRIPT,
/// PUBLISH: classic pub/sub is broadcast over the cluster bus, so any node will do) go to any primary.
enum RedisCommandKeys {
    /// Commands whose every argument is a key.
    static let allKeys: Set<String> = ["MGET", "DEL", "UNLINK", "EXISTS", "TOUCH", "WATCH"]
    /// Commands that take no key.
    static let keyless: Set<String> = [
        "PING", "ECHO", "SCRIPT", "PUBLISH", "INFO", "TIME", "DBSIZE", "CLUSTER", "COMMAND", "ASKING", "READONLY",
        "AUTH", "SELECT", "HELLO", "CLIENT", "CONFIG", "FLUSHALL", "FLUSHDB", "MULTI", "EXEC", "DISCARD", "RANDOMKEY",
        "SUBSCRIBE", "PSUBSCRIBE", "UNSUBSCRIBE", "PUNSUBSCRIBE", "PUBSUB", "FUNCTION", "MEMORY", "LATENCY",
        "SLOWLOG", "WAIT",
    ]

    /// The indices in `command.arguments` (0 is the name) that hold keys.
    static func keyIndices(_ command: RedisCommand) -> [Int] {
        let arguments = command.arguments
        guard arguments.count > 1 else { return [] }
        let name = command.name
        if keyless.contains(name) { return [] }
        if allKeys.contains(name) { return Array(1..<arguments.count) }
        switch name {
        case "EVAL", "EVALSHA", "EVAL_RO", "EVALSHA_RO", "FCALL", "FCALL_RO":
            guard arguments.count > 2, let count = Int(String(decoding: arguments[2], as: UTF8.self)), count > 0
            else { return [] }
            return Array(3..<min(arguments.count, 3 + count))
        case "MSET", "MSETNX":
            return Array(stride(from: 1, to: arguments.count, by: 2))
        default:
            return [1]
        }
    }

    /// The slots of the command's keys, in key order (empty for a keyless command).
    static func slots(_ command: RedisCommand) -> [Int] {
        keyIndices(command).map { RedisHashSlot.of(command.arguments[$0]) }
    }
}
