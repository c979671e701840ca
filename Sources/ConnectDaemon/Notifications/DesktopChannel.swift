import ConnectStore
import ConnectSystemd
import Foundation

/// Nudges and prompts as freedesktop desktop notifications, with Done / Snooze / Skip buttons when
/// the server supports actions. Without a bus or a notification server it warns once and tries to
/// connect again on the next event (never on a timer). Button presses come back as `onAction`.
final class DesktopChannel: NotificationChannel {
    let name = "desktop"
    private let loop: EventLoop
    private let log: Log
    private let store: Store
    private let settings: () -> DaemonConfig.DesktopSettings
    private var bus: DesktopBus?
    private var supportsActions = false
    private var warned = false
    /// Server notification id → what it shows. Also in the store, for presses after a restart.
    private var shown: [UInt32: DesktopTarget] = [:]
    /// Applies a pressed button ("done", "snooze", "skip", "default") to its target.
    var onAction: (DesktopTarget, String) -> Void = { _, _ in }

    init(loop: EventLoop, log: Log, store: Store, settings: @escaping () -> DaemonConfig.DesktopSettings) {
        self.loop = loop
        self.log = log
        self.store = store
        self.settings = settings
    }

    func deliver(_ event: DaemonEvent) -> String {
        let settings = settings()
        guard settings.enabled else { return "disabled ([desktop] enabled = false)" }
        guard event.kind == .nudge || event.kind == .prompt || event.kind == .test else { return "not shown (only nudges and prompts are)" }
        do {
            let bus = try connected()
            var actions: [(String, String)] = []
            if supportsActions {
                switch event.kind {
                case .nudge, .test:
                    actions = [("done", "Done"), ("snooze", "Snooze \(settings.snooze.phrase.replacingOccurrences(of: "every ", with: ""))"), ("skip", "Skip")]
                default:
                    actions = [("default", "Seen")]
                }
            }
            let id = try bus.notify(appName: "connectd", summary: event.summary, body: event.body, actions: actions, urgency: settings.urgency)
            if let target = target(of: event) {
                shown[id] = target
                try? store.write { try $0.recordDesktopNotification(id, target: target, at: event.at) }
            }
            if warned {
                log.info("Desktop notifications work again.")
                warned = false
            }
            return "shown as notification \(id)\(actions.isEmpty ? "" : " with buttons \(actions.map(\.0).joined(separator: ", "))")"
        } catch {
            bus = nil
            if !warned {
                log.warning("Desktop notifications are unavailable (\(error)); events still go to the journal. connectd tries again with the next event.")
                warned = true
            }
            return "unavailable: \(error)"
        }
    }

    private func target(of event: DaemonEvent) -> DesktopTarget? {
        if event.isTest { return nil }
        if let id = event.nudgeID { return .nudge(id: id) }
        if let id = event.promptDeliveryID { return .prompt(id: id) }
        return nil
    }

    /// The open bus, connecting (and asking the server's capabilities) when needed.
    private func connected() throws -> DesktopBus {
        if let bus, bus.isOpen { return bus }
        let bus = try DesktopBus(loop: loop) { [weak self] signal in self?.handle(signal) }
        supportsActions = try bus.capabilities().contains("actions")
        self.bus = bus
        return bus
    }

    private func handle(_ signal: DesktopBus.Signal) {
        switch signal {
        case .actionInvoked(let id, let action):
            guard let target = shown[id] ?? (try? store.read { try $0.desktopTarget(id) }) ?? nil else { return } // not ours
            onAction(target, action)
        case .closed(let id, _):
            guard shown.removeValue(forKey: id) != nil else { return }
            try? store.write { try $0.forgetDesktopNotification(id) }
        }
    }
}
