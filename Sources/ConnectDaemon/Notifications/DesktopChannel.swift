import ConnectStore
import ConnectSystemd
import Foundation

/// Nudges and prompts as freedesktop desktop notifications, with Done / Snooze / Skip buttons when
/// the server supports actions. Every D-Bus call is asynchronous: a hung notification server never
/// holds the loop. Without a bus or a server it warns once and tries again with the next event
/// (never on a timer). What each notification shows is kept in the state (`DesktopMemory`), so a
/// button pressed after a restart still finds its nudge, and a notification whose nudge closed
/// elsewhere goes off the screen after the commit.
final class DesktopChannel: NotificationChannel {
    let name = "desktop"
    private let loop: EventLoop
    private let log: Log
    private let settings: () -> DaemonConfig.DesktopSettings
    private var bus: DesktopBus?
    /// What the server does with a notification: buttons, and markup in the body (and, for
    /// dunst, in the summary too): then text from people is escaped, so "Tom & Jerry <3" shows as
    /// written and a synced note cannot put a link or a tracking image on the screen.
    struct Capabilities {
        var actions: Bool
        var bodyMarkup: Bool
        var summaryMarkup: Bool
    }

    private enum Asked { case unknown, asking, known(Capabilities) }
    private var capabilities = Asked.unknown
    private var waiting: [(event: DaemonEvent, done: (String) -> Void)] = []
    private var warned = false
    /// Server notification id → what it shows, for notifications shown by this process.
    private var shown: [UInt32: DesktopTarget] = [:]

    private let memory: DesktopMemory
    private var closeStale: DeferredTask?

    init(loop: EventLoop, log: Log, memory: DesktopMemory, settings: @escaping () -> DaemonConfig.DesktopSettings) throws(SystemdError) {
        self.loop = loop
        self.log = log
        self.memory = memory
        self.settings = settings
        let closeStale = try loop.addDeferred(priority: 2) { [unowned self] in
            let closed = self.memory.takeClosedNudges()
            if !closed.isEmpty { self.close(closed) }
        }
        self.closeStale = closeStale
        memory.afterCommitsClosingNudges { closeStale.schedule() }
    }

    func deliver(_ event: DaemonEvent, done: @escaping (String) -> Void) {
        guard settings().enabled else { return done("disabled ([desktop] enabled = false)") }
        guard [.nudge, .prompt, .proposals, .planQuestion, .test].contains(event.kind) else {
            return done("not shown (only nudges, prompts, found contacts and questions about plans are)")
        }
        guard let bus = connected(done) else { return }
        switch capabilities {
        case .known(let known):
            send(event, capabilities: known, bus: bus, done: done)
        case .asking:
            waiting.append((event, done))
        case .unknown:
            capabilities = .asking
            waiting.append((event, done))
            bus.capabilities { [weak self] result in
                guard let self else { return }
                switch result {
                case .success(let list):
                    bus.serverName { [weak self] name in
                        guard let self else { return }
                        let known = Capabilities(actions: list.contains("actions"), bodyMarkup: list.contains("body-markup"),
                                                 summaryMarkup: (try? name.get()) == "dunst")
                        self.capabilities = .known(known)
                        let waiting = self.waiting
                        self.waiting.removeAll()
                        for item in waiting { self.send(item.event, capabilities: known, bus: bus, done: item.done) }
                    }
                case .failure(let error):
                    let waiting = self.waiting
                    self.waiting.removeAll()
                    self.capabilities = .unknown
                    self.unavailable(error.description)
                    for item in waiting { item.done("unavailable: \(error)") }
                }
            }
        }
    }

    /// Takes notifications off the screen whose nudge was closed elsewhere (done in the terminal,
    /// on another machine): their buttons would act on nothing.
    func close(_ ids: [UInt32]) {
        guard settings().enabled, !ids.isEmpty, let bus = connected({ _ in }) else { return }
        for id in ids {
            shown.removeValue(forKey: id)
            bus.closeNotification(id)
        }
    }

    /// Text as the server shows it: with markup, `&`, `<` and `>` as entities (the spec's markup is a
    /// subset of XML); without, as written.
    static func shown(_ text: String, markup: Bool) -> String {
        guard markup, text.contains(where: { $0 == "&" || $0 == "<" || $0 == ">" }) else { return text }
        var result = ""
        result.reserveCapacity(text.utf8.count + 16)
        for character in text {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            default: result.append(character)
            }
        }
        return result
    }

    private func send(_ event: DaemonEvent, capabilities: Capabilities, bus: DesktopBus, done: @escaping (String) -> Void) {
        let settings = settings()
        var actions: [(String, String)] = []
        if capabilities.actions {
            switch event.kind {
            case .nudge where !event.digest.isEmpty:
                // A button per person (servers show a handful): "done-<nudge id>".
                actions = event.digest.prefix(4).map { ("done-\($0.nudgeID)", "Done: \($0.name)") } + [("default", "Later")]
            case .nudge, .test:
                // The button says what it logs ("Done: coffee"), as it cannot ask.
                let done = event.doneKind.map { $0 == .other ? "Done" : "Done: \($0.rawValue)" } ?? "Done"
                actions = [("done", done), ("snooze", "Snooze \(settings.snooze.length)"), ("skip", "Skip")]
            case .proposals:
                actions = [("log-all", "Log all"), ("default", "Review")]
            case .planQuestion:
                actions = [("happened", "It happened"), ("didnt", "It didn't"), ("move", "Move it a week")]
            default: actions = [("default", "Seen")]
            }
        }
        let target = target(of: event)
        bus.notify(appName: "connectd", summary: Self.shown(event.summary, markup: capabilities.summaryMarkup),
                   body: Self.shown(event.body, markup: capabilities.bodyMarkup), actions: actions, urgency: settings.urgency) { [weak self] result in
            guard let self else { return }
            switch result {
            case .success(let id):
                if let target {
                    self.shown[id] = target
                    self.memory.shown(id, target: target)
                }
                if self.warned {
                    self.log.info("Desktop notifications work again.")
                    self.warned = false
                }
                done("shown as notification \(id)\(actions.isEmpty ? "" : " with buttons \(actions.map(\.0).joined(separator: ", "))")")
            case .failure(let error):
                self.unavailable(error.description)
                done("unavailable: \(error)")
            }
        }
    }

    private func unavailable(_ reason: String) {
        if bus?.isOpen != true {
            bus?.close()
            bus = nil
            capabilities = .unknown
        }
        if !warned {
            log.warning("Desktop notifications are unavailable (\(reason)); events still go to the journal. connectd tries again with the next event.")
            warned = true
        }
    }

    private func target(of event: DaemonEvent) -> DesktopTarget? {
        if event.isTest { return nil }
        if let id = event.nudgeID { return .nudge(id: id) }
        if let id = event.promptDeliveryID { return .prompt(id: id) }
        if let upTo = event.proposalsUpTo { return .proposals(upTo: upTo) }
        if let id = event.planID { return .plan(id: id) }
        return nil
    }

    /// The open bus, connecting when needed; nil (having answered `done`) when there is none.
    private func connected(_ done: (String) -> Void) -> DesktopBus? {
        if let bus, bus.isOpen { return bus }
        bus?.close()
        capabilities = .unknown
        do {
            let bus = try DesktopBus(loop: loop) { [weak self] signal in self?.handle(signal) }
            self.bus = bus
            return bus
        } catch {
            bus = nil
            unavailable(error.description)
            done("unavailable: \(error)")
            return nil
        }
    }

    private func handle(_ signal: DesktopBus.Signal) {
        switch signal {
        case .actionInvoked(let id, let action):
            guard let target = shown[id] ?? memory.target(id) else { return } // not ours
            memory.pressed(action, on: target)
        case .closed(let id, _):
            guard shown.removeValue(forKey: id) != nil else { return }
            memory.closed(id)
        }
    }
}
