import CSystemd
import Glibc

/// A D-Bus connection (system or session) for following other services' state: boolean
/// properties read once and then followed through `PropertiesChanged`, boolean signals, and the
/// few method calls and properties that lead to an object (login1's user → session). Attached
/// to the event loop; every call is asynchronous with a timeout, so a service that hangs never
/// holds the loop.
public final class PropertyBus {
    public enum Kind { case system, session }

    private var bus: OpaquePointer?
    private var slots: [OpaquePointer] = []
    private var boxes: [AnyObject] = []

    final class MessageBox {
        let handler: (OpaquePointer?, String?) -> Void
        init(_ handler: @escaping (OpaquePointer?, String?) -> Void) { self.handler = handler }
    }

    /// Connects (the system bus honours `DBUS_SYSTEM_BUS_ADDRESS`, the session bus
    /// `DBUS_SESSION_BUS_ADDRESS`).
    public init(_ kind: Kind, loop: EventLoop) throws(SystemdError) {
        var bus: OpaquePointer?
        var rc = kind == .system ? sd_bus_open_system(&bus) : sd_bus_open_user(&bus)
        guard rc >= 0, let bus else { throw .call(kind == .system ? "sd_bus_open_system" : "sd_bus_open_user", rc) }
        self.bus = bus
        rc = sd_bus_attach_event(bus, loop.event, 0)
        guard rc >= 0 else { throw .call("sd_bus_attach_event", rc) }
    }

    deinit { close() }

    public func close() {
        for slot in slots { sd_bus_slot_unref(slot) }
        slots.removeAll()
        boxes.removeAll()
        if let bus { sd_bus_flush_close_unref(bus) }
        bus = nil
    }

    /// Calls a method whose arguments are one `u` (or none) and whose reply starts with an object
    /// path; `completion` gets the path or why there is none.
    public func objectPath(service: String, path: String, interface: String, member: String, uint32 argument: UInt32?,
                           completion: @escaping (Result<String, SystemdError>) -> Void) {
        call(service: service, path: path, interface: interface, member: member, build: { message in
            guard var value = argument else { return 0 }
            return sd_bus_message_append_basic(message, CChar(UInt8(ascii: "u")), &value)
        }) { reply, failure in
            guard let reply else { return completion(.failure(.bus(interface + "." + member, failure ?? "no answer"))) }
            var text: UnsafePointer<CChar>?
            guard sd_bus_message_read_basic(reply, CChar(UInt8(ascii: "o")), &text) > 0, let text else {
                return completion(.failure(.bus(interface + "." + member, "the reply has no object path")))
            }
            completion(.success(String(cString: text)))
        }
    }

    /// A property whose value is a struct starting with a string and an object path, like
    /// login1 User's `Display` (`(so)`): the object path.
    public func structPath(service: String, path: String, interface: String, property: String,
                           completion: @escaping (Result<String, SystemdError>) -> Void) {
        get(service: service, path: path, interface: interface, property: property) { reply, failure in
            guard let reply else { return completion(.failure(.bus(interface + "." + property, failure ?? "no answer"))) }
            var name: UnsafePointer<CChar>?
            var object: UnsafePointer<CChar>?
            guard sd_bus_message_enter_container(reply, CChar(UInt8(ascii: "v")), "(so)") > 0,
                  sd_bus_message_enter_container(reply, CChar(UInt8(ascii: "r")), "so") > 0,
                  sd_bus_message_read_basic(reply, CChar(UInt8(ascii: "s")), &name) > 0,
                  sd_bus_message_read_basic(reply, CChar(UInt8(ascii: "o")), &object) > 0, let object else {
                return completion(.failure(.bus(interface + "." + property, "the value is not (so)")))
            }
            completion(.success(String(cString: object)))
        }
    }

    /// Follows boolean properties of an object: `changed(name, value)` with each one's current
    /// value (read once), then with every change the service announces. `failed` says once why
    /// the first read did not work (the service or object is missing).
    public func followBooleans(service: String, path: String, interface: String, properties: [String],
                               changed: @escaping (String, Bool) -> Void, failed: @escaping (String) -> Void) {
        let box = MessageBox { message, _ in
            guard let message else { return }
            var name: UnsafePointer<CChar>?
            guard sd_bus_message_read_basic(message, CChar(UInt8(ascii: "s")), &name) > 0, let name,
                  String(cString: name) == interface else { return }
            for (key, value) in Self.booleans(in: message) where properties.contains(key) { changed(key, value) }
        }
        subscribe(sender: service, path: path, interface: "org.freedesktop.DBus.Properties", member: "PropertiesChanged", box: box)
        for property in properties {
            get(service: service, path: path, interface: interface, property: property) { reply, failure in
                guard let reply else { return failed(failure ?? "no answer") }
                var value: Int32 = 0
                guard sd_bus_message_enter_container(reply, CChar(UInt8(ascii: "v")), "b") > 0,
                      sd_bus_message_read_basic(reply, CChar(UInt8(ascii: "b")), &value) > 0 else {
                    return failed("\(property) is not a boolean")
                }
                changed(property, value != 0)
            }
        }
    }

    /// Calls `handler` with the boolean argument of each `member` signal (login1's `PrepareForSleep`).
    public func followBooleanSignal(service: String, path: String, interface: String, member: String, handler: @escaping (Bool) -> Void) {
        let box = MessageBox { message, _ in
            guard let message else { return }
            var value: Int32 = 0
            guard sd_bus_message_read_basic(message, CChar(UInt8(ascii: "b")), &value) > 0 else { return }
            handler(value != 0)
        }
        subscribe(sender: service, path: path, interface: interface, member: member, box: box)
    }

    /// The `a{sv}` of a PropertiesChanged signal, its boolean members only.
    static func booleans(in message: OpaquePointer) -> [(String, Bool)] {
        var result: [(String, Bool)] = []
        guard sd_bus_message_enter_container(message, CChar(UInt8(ascii: "a")), "{sv}") > 0 else { return result }
        while sd_bus_message_enter_container(message, CChar(UInt8(ascii: "e")), "sv") > 0 {
            var key: UnsafePointer<CChar>?
            guard sd_bus_message_read_basic(message, CChar(UInt8(ascii: "s")), &key) > 0, let key else { break }
            var contents: UnsafePointer<CChar>?
            var type: CChar = 0
            if sd_bus_message_peek_type(message, &type, &contents) > 0, let contents, String(cString: contents) == "b",
               sd_bus_message_enter_container(message, CChar(UInt8(ascii: "v")), "b") > 0 {
                var value: Int32 = 0
                if sd_bus_message_read_basic(message, CChar(UInt8(ascii: "b")), &value) > 0 { result.append((String(cString: key), value != 0)) }
                sd_bus_message_exit_container(message)
            } else {
                sd_bus_message_skip(message, "v")
            }
            sd_bus_message_exit_container(message)
        }
        sd_bus_message_exit_container(message)
        return result
    }

    private func subscribe(sender: String, path: String, interface: String, member: String, box: MessageBox) {
        guard let bus else { return }
        var slot: OpaquePointer?
        let rc = sd_bus_match_signal_async(bus, &slot, sender, path, interface, member, { message, userdata, _ in
            guard let userdata else { return 0 }
            Unmanaged<MessageBox>.fromOpaque(userdata).takeUnretainedValue().handler(message, nil)
            return 0
        }, nil, Unmanaged.passUnretained(box).toOpaque())
        guard rc >= 0, let slot else { return }
        slots.append(slot)
        boxes.append(box)
    }

    private func get(service: String, path: String, interface: String, property: String,
                     completion: @escaping (OpaquePointer?, String?) -> Void) {
        call(service: service, path: path, interface: "org.freedesktop.DBus.Properties", member: "Get", build: { message in
            let rc = interface.withCString { sd_bus_message_append_basic(message, CChar(UInt8(ascii: "s")), $0) }
            return min(rc, property.withCString { sd_bus_message_append_basic(message, CChar(UInt8(ascii: "s")), $0) })
        }, completion: completion)
    }

    /// A method call with a 5 s timeout; `completion` runs on the loop with the reply (valid
    /// during the call only) or why there is none.
    private func call(service: String, path: String, interface: String, member: String, build: (OpaquePointer) -> Int32,
                      completion: @escaping (OpaquePointer?, String?) -> Void) {
        guard let bus, sd_bus_is_open(bus) > 0 else { return completion(nil, "the bus connection is closed") }
        var message: OpaquePointer?
        var rc = sd_bus_message_new_method_call(bus, &message, service, path, interface, member)
        guard rc >= 0, let message else { return completion(nil, "sd_bus_message_new_method_call: \(String(cString: strerror(-rc)))") }
        defer { sd_bus_message_unref(message) }
        rc = build(message)
        guard rc >= 0 else { return completion(nil, "building \(member): \(String(cString: strerror(-rc)))") }
        let box = MessageBox(completion)
        var slot: OpaquePointer?
        rc = sd_bus_call_async(bus, &slot, message, { message, userdata, _ in
            guard let userdata else { return 0 }
            let box = Unmanaged<MessageBox>.fromOpaque(userdata).takeUnretainedValue()
            if let message, sd_bus_message_is_method_error(message, nil) > 0 {
                let error = sd_bus_message_get_error(message)
                box.handler(nil, error?.pointee.message.map { String(cString: $0) } ?? error?.pointee.name.map { String(cString: $0) } ?? "an error")
            } else {
                box.handler(message, nil)
            }
            return 0
        }, Unmanaged.passUnretained(box).toOpaque(), 5_000_000)
        guard rc >= 0, let slot else { return completion(nil, "sd_bus_call_async: \(String(cString: strerror(-rc)))") }
        // The slot and box live as long as the connection (a handful of calls per start).
        slots.append(slot)
        boxes.append(box)
    }
}
