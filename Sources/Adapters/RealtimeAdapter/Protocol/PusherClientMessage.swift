import CourseDomain
import Foundation

/// A message from a Pusher client, as far as the server needs to read it.
enum PusherClientMessage: Equatable {
    case subscribe(channel: String, auth: String?, channelData: String?)
    case unsubscribe(channel: String)
    case ping
    case pong
    /// `client-*` events: refused, delivered to no one.
    case clientEvent(channel: String?)
    case unknown(event: String)
    /// Not JSON, or not a Pusher message.
    case malformed

    /// Reads one text frame.
    init(text: String) {
        guard let value = try? JSONDecoder().decode(JSONValue.self, from: Data(text.utf8)),
            case .object(let members) = value, case .string(let event)? = members["event"]
        else {
            self = .malformed
            return
        }
        // pusher-js sends `data` as an object; some clients send it as JSON text.
        var data: [String: JSONValue] = [:]
        switch members["data"] {
        case .object(let object)?: data = object
        case .string(let text)?:
            if case .object(let object)? = try? JSONDecoder().decode(JSONValue.self, from: Data(text.utf8)) {
                data = object
            }
        default: break
        }
        switch event {
        case "pusher:subscribe":
            guard case .string(let channel)? = data["channel"] else {
                self = .malformed
                return
            }
            self = .subscribe(
                channel: channel, auth: data["auth"]?.stringValue, channelData: data["channel_data"]?.stringValue)
        case "pusher:unsubscribe":
            guard case .string(let channel)? = data["channel"] else {
                self = .malformed
                return
            }
            self = .unsubscribe(channel: channel)
        case "pusher:ping": self = .ping
        case "pusher:pong": self = .pong
        default:
            if event.hasPrefix("client-") {
                self = .clientEvent(channel: members["channel"]?.stringValue)
            } else {
                self = .unknown(event: event)
            }
        }
    }
}
