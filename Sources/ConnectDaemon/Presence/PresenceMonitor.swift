import ConnectSystemd
import Foundation
import Glibc

/// Whether you can act on a nudge now, from what the desktop already knows: the login session's
/// `LockedHint` and `IdleHint` and the manager's `PrepareForSleep` (org.freedesktop.login1 on the
/// system bus), and do-not-disturb on the notification server (dunst's `paused`, or the
/// `Inhibited` property where the server has it). While any says you are away, nudges wait; when
/// you are back, `onChange` asks for a plan at once. Without a login manager or bus, you are
/// always present (as before), and the log says so once.
final class PresenceMonitor {
    private(set) var locked = false
    private(set) var idle = false
    private(set) var sleeping = false
    private(set) var doNotDisturb = false
    /// Called when you leave or come back (the plan and the status line follow).
    private let onChange: () -> Void
    private let loop: EventLoop
    private let log: Log
    private var system: PropertyBus?
    private var session: PropertyBus?

    init(loop: EventLoop, log: Log, onChange: @escaping () -> Void) {
        self.loop = loop
        self.log = log
        self.onChange = onChange
    }

    /// Why nudges wait, in words ("the session is locked"); nil when you are present.
    var reason: String? {
        if sleeping { return "the machine is going to sleep" }
        if locked { return "the session is locked" }
        if idle { return "the session is idle" }
        if doNotDisturb { return "notifications are paused (do not disturb)" }
        return nil
    }

    func start() {
        do {
            let system = try PropertyBus(.system, loop: loop)
            self.system = system
            let login1 = "org.freedesktop.login1"
            system.followBooleanSignal(service: login1, path: "/org/freedesktop/login1", interface: "org.freedesktop.login1.Manager",
                                       member: "PrepareForSleep") { [weak self] going in self?.update { $0.sleeping = going } }
            system.objectPath(service: login1, path: "/org/freedesktop/login1", interface: "org.freedesktop.login1.Manager", member: "GetUser",
                              uint32: getuid()) { [weak self] user in
                guard let self else { return }
                switch user {
                case .failure(let error):
                    self.log.info("No login session to follow (\(error)): nudges do not wait for you to be at the machine.")
                case .success(let userPath):
                    system.structPath(service: login1, path: userPath, interface: "org.freedesktop.login1.User", property: "Display") { session in
                        switch session {
                        case .success(let sessionPath) where sessionPath != "/":
                            self.follow(session: sessionPath, on: system)
                        case .success:
                            self.log.info("You have no graphical login session: nudges do not wait for you to be at the machine.")
                        case .failure(let error):
                            self.log.info("No login session to follow (\(error)): nudges do not wait for you to be at the machine.")
                        }
                    }
                }
            }
        } catch {
            log.info("No system bus (\(error)): nudges do not wait for you to be at the machine.")
        }
        do {
            let session = try PropertyBus(.session, loop: loop)
            self.session = session
            let path = "/org/freedesktop/Notifications"
            for (interface, property) in [("org.dunstproject.cmd0", "paused"), ("org.freedesktop.Notifications", "Inhibited")] {
                // A server without the property simply never says do-not-disturb.
                session.followBooleans(service: "org.freedesktop.Notifications", path: path, interface: interface, properties: [property],
                                       changed: { [weak self] _, on in self?.update { $0.doNotDisturb = on } }, failed: { _ in })
            }
        } catch {
            // No session bus: no notification server to ask either.
        }
    }

    private func follow(session path: String, on bus: PropertyBus) {
        log.info("Following the login session \(path): nudges wait while it is locked or idle.")
        bus.followBooleans(service: "org.freedesktop.login1", path: path, interface: "org.freedesktop.login1.Session",
                           properties: ["LockedHint", "IdleHint"], changed: { [weak self] name, value in
            self?.update { name == "LockedHint" ? ($0.locked = value) : ($0.idle = value) }
        }, failed: { [weak self] reason in
            self?.log.info("Cannot read the login session's state (\(reason)): nudges do not wait for you to be at the machine.")
        })
    }

    private func update(_ change: (PresenceMonitor) -> Void) {
        let before = reason
        change(self)
        guard reason != before else { return }
        log.info(reason.map { "Nudges wait: \($0)." } ?? "You are back: nudges may go out.")
        onChange()
    }
}
