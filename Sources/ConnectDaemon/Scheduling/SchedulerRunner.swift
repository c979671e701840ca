import ConnectCore
import ConnectServices
import ConnectStore
import ConnectSystemd
import Foundation

/// Carries out what `Scheduler.plan` decides: records each delivery durably, then announces it,
/// then marks it announced, then arms the wall-clock alarm for the next deadline and sleeps.
/// Runs at start, on the alarm, on a clock change, and on a loop turn after any change to the
/// schedule (never on the request path: the reply goes out first).
final class SchedulerRunner {
    private let runtime: DaemonRuntime
    /// Arms the alarm at an instant (nil: nothing scheduled).
    private let arm: (Date?) -> Void
    /// Reports the one-line status (STATUS=); called only when the line changed.
    private let report: (String) -> Void
    private var lastStatus = ""
    /// How many nudges the last plan held back while you were away (said once per change).
    private var lastHeld = 0
    /// With a vdir mirror and a sync command: nudges are claimed across machines first.
    var claims: NudgeClaims?
    /// Whether you are at the machine: while away, nudges wait (and go out when you are back).
    var presence: PresenceMonitor?

    init(runtime: DaemonRuntime, arm: @escaping (Date?) -> Void, report: @escaping (String) -> Void) {
        self.runtime = runtime
        self.arm = arm
        self.report = report
    }

    /// First run: re-announces deliveries a crash left unannounced (logging the repair), then plans.
    func start() {
        do {
            let now = runtime.clock()
            let (pending, _) = try runtime.keeper.write(now: now, settings: runtime.settings) { try Deliveries.unannounced(in: $0) }
            for announcement in pending {
                switch announcement {
                case .nudge(let record, let person, _):
                    runtime.log.warning("Repair: nudge #\(record.id) for \(person.name) was recorded but not announced before a crash; announcing it now, late.")
                case .prompt(let record):
                    runtime.log.warning("Repair: prompt #\(record.id) was recorded but not announced before a crash; announcing it now, late.")
                }
            }
            announce(pending, now: now)
        } catch {
            runtime.log.error("Could not repair unannounced deliveries: \(error)")
        }
        run()
    }

    /// Plans at the current instant and carries the actions out. Never throws: a failure is logged
    /// and retried in a minute.
    func run() {
        let now = runtime.clock()
        let live = runtime.live
        live.pruneDeliveries(now: now)
        var actions = Scheduler.plan(live.scheduler, now: now, rules: runtime.settings.rules, prompts: runtime.settings.prompts)
        if let presence, let reason = presence.reason {
            let held = actions.filter { if case .deliverNudge = $0 { true } else { false } }.count
            actions.removeAll { if case .deliverNudge = $0 { true } else { false } }
            if held > 0, held != lastHeld { runtime.log.info("Holding \(held == 1 ? "1 nudge" : "\(held) nudges") until you are back (\(reason)).") }
            lastHeld = held
        } else {
            lastHeld = 0
        }
        if let claims { actions = claimed(actions, claims: claims, now: now) }
        var wake: Date?
        if case .wake(let at)? = actions.last { wake = at }
        if actions.count > (wake == nil ? 0 : 1) {
            do {
                let (announcements, _) = try runtime.keeper.write(now: now, settings: runtime.settings) { try Deliveries.record(actions, in: $0) }
                announce(announcements, now: now)
            } catch {
                runtime.log.error("Scheduling failed (\(error)); retrying in a minute.")
                wake = now.addingTimeInterval(60)
            }
        }
        live.scheduleChanged = false
        arm(wake)
        let status = statusLine(now: now)
        if status != lastStatus {
            lastStatus = status
            report(status)
        }
    }

    /// The actions whose nudges this machine won (or could not confirm in time); a nudge another
    /// machine claimed is recorded as delivered there, one still being synced waits.
    private func claimed(_ actions: [SchedulerAction], claims: NudgeClaims, now: Date) -> [SchedulerAction] {
        var kept: [SchedulerAction] = []
        var planned = Set<String>()
        for action in actions {
            guard case .deliverNudge(let delivery) = action else {
                kept.append(action)
                continue
            }
            guard let person = try? runtime.keeper.read(now: now, settings: runtime.settings, { try $0.session.person(id: delivery.personID) }) else {
                continue
            }
            planned.insert(MirrorItems.nudgeUID(person: person.uid, dueSince: delivery.dueSince))
            switch claims.decide(person: person, dueSince: delivery.dueSince, kind: delivery.kind, now: now) {
            case .deliver:
                kept.append(action)
            case .wait:
                continue
            case .elsewhere(let machine):
                do {
                    _ = try runtime.keeper.write(now: now, settings: runtime.settings) {
                        try Syncing.recordElsewhere(personID: delivery.personID, dueSince: delivery.dueSince, kind: delivery.kind, machine: machine, in: $0)
                    }
                } catch {
                    runtime.log.error("Could not record \(person.name)'s nudge as delivered on \(machine): \(error)")
                }
            }
        }
        claims.sweep(planned: planned)
        return kept
    }

    /// Announces through every channel, then marks the deliveries announced. With a digest time,
    /// the catch-up nudges of one run go out as one event.
    private func announce(_ announcements: [Deliveries.Announcement], now: Date) {
        guard !announcements.isEmpty else { return }
        let calendar = runtime.calendar
        var individual = announcements
        if runtime.settings.rules.digest != nil {
            let catchUps = announcements.compactMap { announcement -> (NudgeRecord, Person, NudgeContext)? in
                if case .nudge(let record, let person, let context) = announcement, record.kind == .catchUp { return (record, person, context) }
                return nil
            }
            if catchUps.count > 1 {
                individual = announcements.filter { if case .nudge(let record, _, _) = $0 { record.kind != .catchUp } else { true } }
                runtime.notifier.announce(DaemonEvent(
                    kind: .nudge, summary: NudgeText.digestSummary(catchUps.map(\.1.name)),
                    body: catchUps.map { NudgeText.digestLine(for: $0.1, context: $0.2, calendar: calendar) }.joined(separator: "\n"),
                    late: catchUps.contains { $0.0.late }, at: now, nudgeID: catchUps.first?.0.id,
                    digest: catchUps.map { ($0.0.id, $0.1.name) }))
            }
        }
        for announcement in individual {
            switch announcement {
            case .nudge(let record, let person, let context):
                runtime.notifier.announce(DaemonEvent(
                    kind: .nudge, summary: NudgeText.summary(for: person, kind: record.kind),
                    body: NudgeText.body(for: person, context: context, kind: record.kind, late: record.late, dueSince: record.dueSince,
                                         calendar: calendar),
                    late: record.late, person: person, dueSince: record.dueSince, at: record.deliveredAt, nudgeID: record.id,
                    doneKind: DesktopActions.doneKind(last: context.last?.kind, nudge: record.kind)))
            case .prompt(let record):
                // The question comes with the week in review.
                let review = try? runtime.keeper.read(now: now, settings: runtime.settings) { try WeekReview.read(question: record.text, in: $0) }
                runtime.notifier.announce(DaemonEvent(
                    kind: .prompt, summary: NudgeText.promptSummary(late: record.late),
                    body: review.map { WeekText.render($0, calendar: calendar) } ?? NudgeText.promptBody(record.text),
                    late: record.late, promptID: record.promptID, at: record.deliveredAt, promptDeliveryID: record.id))
            }
        }
        do {
            _ = try runtime.keeper.write(now: now, settings: runtime.settings) { try Deliveries.markAnnounced(announcements, in: $0) }
        } catch {
            runtime.log.error("Announced \(announcements.count) deliveries but could not mark them announced: \(error)")
        }
    }

    /// "Keeping in touch with 12 people; 1 open nudge; next nudge Mon 7 Dec 09:00; next prompt Sun 13 Dec 18:00".
    func statusLine(now: Date) -> String {
        let figures = StatusFigures(live: runtime.live, rules: runtime.settings.rules, now: now)
        let calendar = runtime.calendar
        let people = figures.people == 1 ? "1 person" : "\(figures.people) people"
        let nudges = figures.openNudges == 1 ? "1 open nudge" : "\(figures.openNudges) open nudges"
        let next = figures.nextNudge.map { HumanTime.describe($0, calendar: calendar, now: now) } ?? "none planned"
        let prompt = figures.nextPrompt.map { HumanTime.describe($0, calendar: calendar, now: now) } ?? "off"
        let waiting = presence?.reason.map { "; nudges wait: \($0)" } ?? ""
        return "Keeping in touch with \(people); \(nudges); next nudge \(next); next prompt \(prompt)\(waiting)"
    }
}
