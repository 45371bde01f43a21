/// How a batch of commands is sent to a cluster: each command with the slot it goes to, multi-key reads and
/// deletions whose keys live in several slots split into one command per slot, and the rule that joins the
/// replies back.
///
/// Only `MGET`, `DEL`, `UNLINK`, `EXISTS` and `TOUCH` are split (their replies join exactly). Any other
/// command whose keys span slots (a script, `MSET`) is a caller's mistake: it trips an assertion in debug
/// builds and gets the server's `CROSSSLOT` error otherwise.
struct RedisClusterPlan: Sendable {
    /// One command as sent: its slot, or nil when it has no key (any primary serves it).
    struct Part: Sendable, Hashable {
        var command: RedisCommand
        var slot: Int?
    }

    private enum Join: Sendable {
        /// The reply of part `index`, as it is.
        case single(Int)
        /// `MGET` split by slot: each part's array fills the positions its keys had.
        case values(parts: [Int], positions: [[Int]], count: Int)
        /// Counting commands split by slot: the parts' integers added up.
        case sum([Int])
    }

    static let splittable: Set<String> = ["MGET", "DEL", "UNLINK", "EXISTS", "TOUCH"]

    /// The commands to send, in order.
    private(set) var parts: [Part] = []
    private var joins: [Join] = []

    init(_ commands: [RedisCommand]) {
        for command in commands {
            let slots = RedisCommandKeys.slots(command)
            guard let first = slots.first else {
                joins.append(.single(parts.count))
                parts.append(Part(command: command, slot: nil))
                continue
            }
            if slots.allSatisfy({ $0 == first }) {
                joins.append(.single(parts.count))
                parts.append(Part(command: command, slot: first))
                continue
            }
            guard Self.splittable.contains(command.name) else {
                assertionFailure("\(command.name) uses keys of several cluster slots: give them one hash tag")
                joins.append(.single(parts.count))
                parts.append(Part(command: command, slot: first))
                continue
            }
            split(command, slots: slots)
        }
    }

    private mutating func split(_ command: RedisCommand, slots: [Int]) {
        var order: [Int] = []
        var positions: [Int: [Int]] = [:]
        for (position, slot) in slots.enumerated() {
            if positions[slot] == nil { order.append(slot) }
            positions[slot, default: []].append(position)
        }
        var indices: [Int] = []
        for slot in order {
            var arguments = [command.arguments[0]]
            for position in positions[slot]! { arguments.append(command.arguments[position + 1]) }
            var part = command
            part.arguments = arguments
            indices.append(parts.count)
            parts.append(Part(command: part, slot: slot))
        }
        if command.name == "MGET" {
            joins.append(.values(parts: indices, positions: order.map { positions[$0]! }, count: slots.count))
        } else {
            joins.append(.sum(indices))
        }
    }

    /// The replies to the original commands, from the replies to `parts` (same order). A split command whose
    /// part failed gets that part's error.
    func join(_ replies: [RESPValue]) -> [RESPValue] {
        joins.map { join in
            switch join {
            case .single(let index):
                return replies[index]
            case .values(let indices, let positions, let count):
                var values = [RESPValue](repeating: .null, count: count)
                for (part, keyPositions) in zip(indices, positions) {
                    guard case .array(let elements) = replies[part], elements.count == keyPositions.count else {
                        return replies[part].isError ? replies[part] : .error("ERR unexpected MGET reply")
                    }
                    for (element, position) in zip(elements, keyPositions) { values[position] = element }
                }
                return .array(values)
            case .sum(let indices):
                var total = 0
                for index in indices {
                    guard let value = replies[index].integer, !replies[index].isError else { return replies[index] }
                    total += value
                }
                return .integer(total)
            }
        }
    }
}
