import CSystemd
import Glibc

/// The freedesktop Notifications service on the user's session bus, through sd-bus (no variadic
/// calls: every message is built with append_basic / containers). The connection is attached to
/// the event loop and every method call is asynchronous: a notification server that hangs never
/// holds the loop. `ActionInvoked` and `NotificationClosed` signals arrive as loop events.
public final class DesktopBus {
    public enum Signal {
        case actionInvoked(id: UInt32, action: String)
        case closed(id: UInt32, reason: UInt32)
    }

    private var bus: OpaquePointer?
    private var matchSlot: OpaquePointer?
    private let box: SignalBox
    /// Calls awaiting their reply, with the slot that keeps them alive.
    private var pending: [ObjectIdentifier: (slot: OpaquePointer?, reply: ReplyBox)] = [:]

    final class SignalBox {
        let handler: (Signal) -> Void
        init(_ handler: @escaping (Signal) -> Void) { self.handler = handler }
    }

    final class ReplyBox {
        let handler: (OpaquePointer?, String?) -> Void
        weak var owner: DesktopBus?
        init(_ handler: @escaping (OpaquePointer?, String?) -> Void) { self.handler = handler }
    }

    private static let service = "org.freedesktop.Notifications"
    private static let path = "/org/freedesktop/Notifications"

    /// Connects to the session bus and subscribes to the Notifications signals.
    public init(loop: EventLoop, onSignal: @escaping (Signal) -> Void) throws(SystemdError) {
        box = SignalBox(onSignal)
        var bus: OpaquePointer?
        var rc = sd_bus_open_user(&bus)
        guard rc >= 0, let bus else { throw .call("sd_bus_open_user", rc) }
        self.bus = bus
        rc = sd_bus_attach_event(bus, loop.event, 0)
        guard rc >= 0 else { throw .call("sd_bus_attach_event", rc) }
        rc = sd_bus_match_signal_async(bus, &matchSlot, nil, DesktopBus.path, DesktopBus.service, nil, { message, userdata, _ in
            guard let message, let userdata else { return 0 }
            let box = Unmanaged<SignalBox>.fromOpaque(userdata).takeUnretainedValue()
            let member = sd_bus_message_get_member(message).map { String(cString: $0) }
            var id: UInt32 = 0
            guard sd_bus_message_read_basic(message, CChar(UInt8(ascii: "u")), &id) >= 0 else { return 0 }
            if member == "ActionInvoked" {
                var key: UnsafePointer<CChar>?
                guard sd_bus_message_read_basic(message, CChar(UInt8(ascii: "s")), &key) >= 0, let key else { return 0 }
                box.handler(.actionInvoked(id: id, action: String(cString: key)))
            } else if member == "NotificationClosed" {
                var reason: UInt32 = 0
                _ = sd_bus_message_read_basic(message, CChar(UInt8(ascii: "u")), &reason)
                box.handler(.closed(id: id, reason: reason))
            }
            return 0
        }, nil, Unmanaged.passUnretained(box).toOpaque())
        guard rc >= 0 else { throw .call("sd_bus_match_signal_async", rc) }
    }

    deinit { close() }

    public func close() {
        for (_, call) in pending {
            if let slot = call.slot { sd_bus_slot_unref(slot) }
        }
        let waiting = pending.values.map(\.reply)
        pending.removeAll()
        for reply in waiting { reply.handler(nil, "the session bus connection was closed") }
        if let matchSlot { sd_bus_slot_unref(matchSlot) }
        matchSlot = nil
        if let bus { sd_bus_flush_close_unref(bus) }
        bus = nil
    }

    /// False once the bus connection broke (the bus daemon went away): connect again.
    public var isOpen: Bool {
        guard let bus else { return false }
        return sd_bus_is_open(bus) > 0
    }

    /// `GetCapabilities`: what the notification server supports ("actions", "body", ...).
    public func capabilities(_ completion: @escaping (Result<[String], SystemdError>) -> Void) {
        call("GetCapabilities", build: { _ in 0 }) { reply, failure in
            guard let reply else { return completion(.failure(.bus("org.freedesktop.Notifications.GetCapabilities", failure ?? "no answer"))) }
            var result: [String] = []
            if sd_bus_message_enter_container(reply, CChar(UInt8(ascii: "a")), "s") >= 0 {
                while true {
                    var item: UnsafePointer<CChar>?
                    guard sd_bus_message_read_basic(reply, CChar(UInt8(ascii: "s")), &item) > 0, let item else { break }
                    result.append(String(cString: item))
                }
                sd_bus_message_exit_container(reply)
            }
            completion(.success(result))
        }
    }

    /// `GetServerInformation`: the server's name ("dunst", "gnome-shell", …).
    public func serverName(_ completion: @escaping (Result<String, SystemdError>) -> Void) {
        call("GetServerInformation", build: { _ in 0 }) { reply, failure in
            guard let reply else { return completion(.failure(.bus("org.freedesktop.Notifications.GetServerInformation", failure ?? "no answer"))) }
            var name: UnsafePointer<CChar>?
            guard sd_bus_message_read_basic(reply, CChar(UInt8(ascii: "s")), &name) > 0, let name else {
                return completion(.failure(.bus("org.freedesktop.Notifications.GetServerInformation", "no name in the reply")))
            }
            completion(.success(String(cString: name)))
        }
    }

    /// `Notify`: shows a notification; `actions` are (key, label) pairs; `completion` gets the server's id.
    public func notify(appName: String, summary: String, body: String, actions: [(String, String)], urgency: UInt8,
                       timeoutMilliseconds: Int32 = -1, completion: @escaping (Result<UInt32, SystemdError>) -> Void) {
        call("Notify", build: { message in
            var rc = Self.append(message, "s", appName)
            var replaces: UInt32 = 0
            rc = min(rc, sd_bus_message_append_basic(message, CChar(UInt8(ascii: "u")), &replaces))
            rc = min(rc, Self.append(message, "s", ""))
            rc = min(rc, Self.append(message, "s", summary))
            rc = min(rc, Self.append(message, "s", body))
            rc = min(rc, sd_bus_message_open_container(message, CChar(UInt8(ascii: "a")), "s"))
            for (key, label) in actions {
                rc = min(rc, Self.append(message, "s", key))
                rc = min(rc, Self.append(message, "s", label))
            }
            rc = min(rc, sd_bus_message_close_container(message))
            rc = min(rc, sd_bus_message_open_container(message, CChar(UInt8(ascii: "a")), "{sv}"))
            rc = min(rc, sd_bus_message_open_container(message, CChar(UInt8(ascii: "e")), "sv"))
            rc = min(rc, Self.append(message, "s", "urgency"))
            rc = min(rc, sd_bus_message_open_container(message, CChar(UInt8(ascii: "v")), "y"))
            var level = urgency
            rc = min(rc, sd_bus_message_append_basic(message, CChar(UInt8(ascii: "y")), &level))
            rc = min(rc, sd_bus_message_close_container(message))
            rc = min(rc, sd_bus_message_close_container(message))
            rc = min(rc, sd_bus_message_close_container(message))
            var timeout = timeoutMilliseconds
            rc = min(rc, sd_bus_message_append_basic(message, CChar(UInt8(ascii: "i")), &timeout))
            return rc
        }) { reply, failure in
            guard let reply else { return completion(.failure(.bus("org.freedesktop.Notifications.Notify", failure ?? "no answer"))) }
            var id: UInt32 = 0
            let rc = sd_bus_message_read_basic(reply, CChar(UInt8(ascii: "u")), &id)
            completion(rc >= 0 ? .success(id) : .failure(.call("reading the Notify reply", rc)))
        }
    }

    /// `CloseNotification`: takes a notification off the screen (its nudge was closed elsewhere).
    /// Nothing waits for the answer: a server that has closed it already answers with an error.
    public func closeNotification(_ id: UInt32) {
        call("CloseNotification", build: { message in
            var value = id
            return sd_bus_message_append_basic(message, CChar(UInt8(ascii: "u")), &value)
        }) { _, _ in }
    }

    private static func append(_ message: OpaquePointer, _ type: Character, _ value: String) -> Int32 {
        value.withCString { sd_bus_message_append_basic(message, CChar(type.asciiValue!), $0) }
    }

    /// Calls a method of the Notifications service without waiting; `completion` runs on the loop
    /// with the reply (valid only during the call) or why there is none, within 5 s.
    private func call(_ member: String, build: (OpaquePointer) -> Int32, completion: @escaping (OpaquePointer?, String?) -> Void) {
        guard let bus, sd_bus_is_open(bus) > 0 else { return completion(nil, "the session bus connection is closed") }
        var message: OpaquePointer?
        var rc = sd_bus_message_new_method_call(bus, &message, DesktopBus.service, DesktopBus.path, DesktopBus.service, member)
        guard rc >= 0, let message else { return completion(nil, "sd_bus_message_new_method_call: \(String(cString: strerror(-rc)))") }
        defer { sd_bus_message_unref(message) }
        rc = build(message)
        guard rc >= 0 else { return completion(nil, "building \(member): \(String(cString: strerror(-rc)))") }
        let reply = ReplyBox(completion)
        reply.owner = self
        var slot: OpaquePointer?
        rc = sd_bus_call_async(bus, &slot, message, { message, userdata, _ in
            guard let userdata else { return 0 }
            let reply = Unmanaged<ReplyBox>.fromOpaque(userdata).takeUnretainedValue()
            reply.owner?.finished(reply)
            if let message, sd_bus_message_is_method_error(message, nil) > 0 {
                let error = sd_bus_message_get_error(message)
                let text = error?.pointee.message.map { String(cString: $0) } ?? error?.pointee.name.map { String(cString: $0) } ?? "an error"
                reply.handler(nil, text)
            } else {
                reply.handler(message, nil)
            }
            return 0
        }, Unmanaged.passUnretained(reply).toOpaque(), 5_000_000)
        guard rc >= 0 else { return completion(nil, "sd_bus_call_async: \(String(cString: strerror(-rc)))") }
        pending[ObjectIdentifier(reply)] = (slot, reply)
    }

    /// Forgets a finished call (its slot goes when the callback returns).
    private func finished(_ reply: ReplyBox) {
        guard let call = pending.removeValue(forKey: ObjectIdentifier(reply)) else { return }
        if let slot = call.slot { sd_bus_slot_unref(slot) }
    }
}
