import CSystemd
import Glibc

/// The user's service manager (`systemd --user`) over its private socket (or the session bus):
/// starts transient units and says when they are gone. Attached to the event loop; every call
/// is asynchronous, so a busy manager never holds the daemon.
public final class UserManagerBus {
    private var bus: OpaquePointer?
    private var matchSlots: [OpaquePointer] = []
    private let removed: RemovedBox
    private var pending: [ObjectIdentifier: (slot: OpaquePointer?, reply: ReplyBox)] = [:]

    final class RemovedBox {
        let handler: (String) -> Void
        init(_ handler: @escaping (String) -> Void) { self.handler = handler }
    }

    final class ReplyBox {
        let handler: (String?) -> Void
        weak var owner: UserManagerBus?
        init(_ handler: @escaping (String?) -> Void) { self.handler = handler }
    }

    /// A property of a transient unit, as `StartTransientUnit` takes them.
    public enum Property {
        case string(String, String)
        case strings(String, [String])
        case uint64(String, UInt64)
        case bool(String, Bool)
        case fileDescriptor(String, Int32)
        /// ExecStart=: the program and its arguments.
        case exec(path: String, arguments: [String])
    }

    private static let service = "org.freedesktop.systemd1"
    private static let path = "/org/freedesktop/systemd1"
    private static let manager = "org.freedesktop.systemd1.Manager"

    /// True when this process runs as a unit of a user manager (a service, not a terminal): the
    /// manager sets MANAGERPID (its own pid) and INVOCATION_ID for the processes of its units.
    public static func runsUnderUserManager(environment: [String: String]) -> Bool {
        environment["MANAGERPID"] != nil && environment["INVOCATION_ID"] != nil
    }

    /// Connects (the manager's private socket first, as systemctl --user does), subscribes to its
    /// signals and calls `onUnitRemoved` with the name of each unit that is gone.
    public init(loop: EventLoop, runtimeDirectory: String?, onUnitRemoved: @escaping (String) -> Void) throws(SystemdError) {
        removed = RemovedBox(onUnitRemoved)
        var bus: OpaquePointer?
        var rc: Int32 = -1
        if let runtimeDirectory, access(runtimeDirectory + "/systemd/private", F_OK) == 0 {
            rc = sd_bus_new(&bus)
            if rc >= 0, let created = bus {
                rc = sd_bus_set_address(created, "unix:path=" + runtimeDirectory + "/systemd/private")
                if rc >= 0 { rc = sd_bus_start(created) }
                if rc < 0 {
                    sd_bus_unref(created)
                    bus = nil
                }
            }
        }
        if bus == nil {
            rc = sd_bus_open_user(&bus)
        }
        guard rc >= 0, let bus else { throw .call("connecting to the user manager", rc) }
        self.bus = bus
        rc = sd_bus_attach_event(bus, loop.event, 0)
        guard rc >= 0 else { throw .call("sd_bus_attach_event", rc) }
        var slot: OpaquePointer?
        rc = sd_bus_match_signal_async(bus, &slot, nil, Self.path, Self.manager, "UnitRemoved", { message, userdata, _ in
            guard let message, let userdata else { return 0 }
            var name: UnsafePointer<CChar>?
            guard sd_bus_message_read_basic(message, CChar(UInt8(ascii: "s")), &name) >= 0, let name else { return 0 }
            Unmanaged<RemovedBox>.fromOpaque(userdata).takeUnretainedValue().handler(String(cString: name))
            return 0
        }, nil, Unmanaged.passUnretained(removed).toOpaque())
        guard rc >= 0, let slot else { throw .call("sd_bus_match_signal_async", rc) }
        matchSlots.append(slot)
        // The manager sends unit signals only to subscribed clients.
        call("Subscribe", build: { _ in 0 }) { _ in }
    }

    deinit { close() }

    public func close() {
        for (_, call) in pending {
            if let slot = call.slot { sd_bus_slot_unref(slot) }
        }
        pending.removeAll()
        for slot in matchSlots { sd_bus_slot_unref(slot) }
        matchSlots.removeAll()
        if let bus { sd_bus_flush_close_unref(bus) }
        bus = nil
    }

    /// Starts `name` (a `.service`) with `properties`; `completion` gets nil once the manager
    /// accepted it, or why not.
    public func startTransientUnit(_ name: String, properties: [Property], completion: @escaping (String?) -> Void) {
        call("StartTransientUnit", build: { message in
            var rc = Self.append(message, "s", name)
            rc = min(rc, Self.append(message, "s", "fail"))
            rc = min(rc, sd_bus_message_open_container(message, CChar(UInt8(ascii: "a")), "(sv)"))
            for property in properties { rc = min(rc, Self.append(message, property)) }
            rc = min(rc, sd_bus_message_close_container(message))
            rc = min(rc, sd_bus_message_open_container(message, CChar(UInt8(ascii: "a")), "(sa(sv))"))
            rc = min(rc, sd_bus_message_close_container(message))
            return rc
        }, completion: completion)
    }

    /// Stops a unit (and everything in its cgroup); fire and forget.
    public func stopUnit(_ name: String) {
        call("StopUnit", build: { message in min(Self.append(message, "s", name), Self.append(message, "s", "replace")) }) { _ in }
    }

    /// Sends what is queued (before the process exits).
    public func flush() {
        if let bus { sd_bus_flush(bus) }
    }

    private static func append(_ message: OpaquePointer, _ type: Character, _ value: String) -> Int32 {
        value.withCString { sd_bus_message_append_basic(message, CChar(type.asciiValue!), $0) }
    }

    private static func append(_ message: OpaquePointer, _ property: Property) -> Int32 {
        func entry(_ name: String, _ signature: String, _ value: () -> Int32) -> Int32 {
            var rc = sd_bus_message_open_container(message, CChar(UInt8(ascii: "r")), "sv")
            rc = min(rc, append(message, "s", name))
            rc = min(rc, sd_bus_message_open_container(message, CChar(UInt8(ascii: "v")), signature))
            rc = min(rc, value())
            rc = min(rc, sd_bus_message_close_container(message))
            return min(rc, sd_bus_message_close_container(message))
        }
        func strings(_ list: [String]) -> Int32 {
            var rc = sd_bus_message_open_container(message, CChar(UInt8(ascii: "a")), "s")
            for item in list { rc = min(rc, append(message, "s", item)) }
            return min(rc, sd_bus_message_close_container(message))
        }
        switch property {
        case .string(let name, let value): return entry(name, "s") { append(message, "s", value) }
        case .strings(let name, let values): return entry(name, "as") { strings(values) }
        case .uint64(let name, let value):
            return entry(name, "t") {
                var copy = value
                return sd_bus_message_append_basic(message, CChar(UInt8(ascii: "t")), &copy)
            }
        case .bool(let name, let value):
            return entry(name, "b") {
                var flag: Int32 = value ? 1 : 0
                return sd_bus_message_append_basic(message, CChar(UInt8(ascii: "b")), &flag)
            }
        case .fileDescriptor(let name, let fd):
            return entry(name, "h") {
                var copy = fd
                return sd_bus_message_append_basic(message, CChar(UInt8(ascii: "h")), &copy)
            }
        case .exec(let path, let arguments):
            return entry("ExecStart", "a(sasb)") {
                var rc = sd_bus_message_open_container(message, CChar(UInt8(ascii: "a")), "(sasb)")
                rc = min(rc, sd_bus_message_open_container(message, CChar(UInt8(ascii: "r")), "sasb"))
                rc = min(rc, append(message, "s", path))
                rc = min(rc, strings(arguments))
                var ignoreFailure: Int32 = 0
                rc = min(rc, sd_bus_message_append_basic(message, CChar(UInt8(ascii: "b")), &ignoreFailure))
                rc = min(rc, sd_bus_message_close_container(message))
                return min(rc, sd_bus_message_close_container(message))
            }
        }
    }

    private func call(_ member: String, build: (OpaquePointer) -> Int32, completion: @escaping (String?) -> Void) {
        guard let bus, sd_bus_is_open(bus) > 0 else { return completion("the connection to the user manager is closed") }
        var message: OpaquePointer?
        var rc = sd_bus_message_new_method_call(bus, &message, Self.service, Self.path, Self.manager, member)
        guard rc >= 0, let message else { return completion("sd_bus_message_new_method_call: \(String(cString: strerror(-rc)))") }
        defer { sd_bus_message_unref(message) }
        rc = build(message)
        guard rc >= 0 else { return completion("building \(member): \(String(cString: strerror(-rc)))") }
        let reply = ReplyBox(completion)
        reply.owner = self
        var slot: OpaquePointer?
        rc = sd_bus_call_async(bus, &slot, message, { message, userdata, _ in
            guard let userdata else { return 0 }
            let reply = Unmanaged<ReplyBox>.fromOpaque(userdata).takeUnretainedValue()
            reply.owner?.finished(reply)
            if let message, sd_bus_message_is_method_error(message, nil) > 0 {
                let error = sd_bus_message_get_error(message)
                reply.handler(error?.pointee.message.map { String(cString: $0) } ?? error?.pointee.name.map { String(cString: $0) } ?? "an error")
            } else {
                reply.handler(nil)
            }
            return 0
        }, Unmanaged.passUnretained(reply).toOpaque(), 10_000_000)
        guard rc >= 0 else { return completion("sd_bus_call_async: \(String(cString: strerror(-rc)))") }
        pending[ObjectIdentifier(reply)] = (slot, reply)
    }

    private func finished(_ reply: ReplyBox) {
        guard let call = pending.removeValue(forKey: ObjectIdentifier(reply)) else { return }
        if let slot = call.slot { sd_bus_slot_unref(slot) }
    }
}
