import ConnectCore
import ConnectServices
import ConnectStore
import ConnectSystemd
import Foundation

/// Carries out what `Scheduler.plan` decides, through the one door: the deliveries are recorded
/// as a step of the next loop turn (in the turn's batch, a savepoint of their own), announced
/// once that turn committed, and marked announced in the turn after; then the wall-clock alarm
/// is armed for the next deadline.
/// Plans a millisecond after any event that set `LiveState.scheduleChanged` (a turn's writes,
/// the alarm, a clock change, a new config, you coming back), so a stream of writes plans about
/// once per millisecond, never on the request path: the reply goes out first.
final class SchedulerRunner: BackgroundWork {
    private let runtime: DaemonRuntime
    private let notifier: Notifier
    /// Arms the alarm at an instant (nil: nothing scheduled).
    private let arm: (Date?) -> Void
    /// Reports the one-line status (STATUS=); called only when the line changed.
    private let report: (String) -> Void
    private var replanTimer: ResettableTimer?
    private var replanArmed = false
    private var lookForChanges: EventSource?
    private var lastStatus = ""
    /// How many nudges the last plan held back while you were away (said once per change).
    private var lastHeld = 0
    /// With a vdir mirror and a sync command: nudges are claimed across machines first.
    private let claims: NudgeClaims?
    /// Whether you are at the machine: while away, nudges wait (and go out when you are back).
    private let presence: PresenceMonitor?

    /// What the next turn's step does: find what a crash left unannounced (at start), record
    /// what the last plan delivers, mark what was announced.
    private var repairPending = false
    private var toRecord: Planned?
    private var toMark: [Deliveries.Announcement] = []
    /// Work that failed, waiting for `retryAt` (a minute later), not for the next change: a
    /// full disk must not turn the loop into a busy one.
    private var retryAt: Date?
    private var repairAfterRetry = false
    private var markAfterRetry: [Deliveries.Announcement] = []
    /// What the step of the running turn did, settled once the turn ends.
    private var stepped: Stepped?

    /// A plan's writes: the deliveries this machine makes, the nudges another machine made, and
    /// when to wake once they are recorded.
    private struct Planned {
        var deliveries: [SchedulerAction] = []
        var elsewhere: [(delivery: NudgeDelivery, machine: String)] = []
        var wake: Date?
        var isEmpty: Bool { deliveries.isEmpty && elsewhere.isEmpty }
    }

    private struct Stepped {
        var announcements: [Deliveries.Announcement] = []
        /// The announcements are what a crash left unannounced.
        var repaired = false
        var repairFailed = false
        /// A plan's deliveries were taken up; something was written (deliveries, or nudges made
        /// elsewhere).
        var planTaken = false
        var recorded = false
        var recordFailed = false
        var wake: Date?
        var marked: [Deliveries.Announcement] = []
    }

    /// With a `loop`, plans after the events that changed the schedule; without one (tests), the
    /// caller runs `run()`. It begins by re-announcing deliveries a crash left unannounced
    /// (logging the repair), then plans.
    init(runtime: DaemonRuntime, notifier: Notifier, loop: EventLoop?, claims: NudgeClaims? = nil, presence: PresenceMonitor? = nil,
         arm: @escaping (Date?) -> Void, report: @escaping (String) -> Void) throws(SystemdError) {
        self.runtime = runtime
        self.notifier = notifier
        self.claims = claims
        self.presence = presence
        self.arm = arm
        self.report = report
        repairPending = true
        guard let loop else { return }
        let timer = try loop.addResettableTimer { [unowned self] in
            self.replanArmed = false
            self.run()
        }
        replanTimer = timer
        lookForChanges = try loop.addPost(priority: 2) { [unowned self] in
            guard runtime.live.scheduleChanged, !self.replanArmed, self.toRecord == nil else { return }
            self.replanArmed = true
            timer.arm(after: 0.001)
        }
    }

    /// Plans at the current instant. What the plan delivers is recorded in the next turn (what
    /// is no longer due by then is dropped); the alarm is armed when nothing is left to record.
    func run() {
        let now = runtime.clock()
        let live = runtime.live
        if let retryAt, now < retryAt {
            live.scheduleChanged = false
            return arm(retryAt)
        }
        retryAt = nil
        // A plan waits for its turn: planning again now would use up the nudge claims a second
        // time (a new claim round for what was already won). The turn drops what is no longer
        // due, and the plan after it sees the rest.
        guard toRecord == nil else { return }
        if repairAfterRetry || !markAfterRetry.isEmpty {
            repairPending = repairAfterRetry
            repairAfterRetry = false
            toMark += markAfterRetry
            markAfterRetry = []
            return
        }
        live.pruneDeliveries(now: now)
        // Cleared before planning: what sets it while the plan is made (a claim decided at once)
        // asks for the next plan.
        live.scheduleChanged = false
        var actions = Scheduler.plan(live.scheduler, now: now, rules: runtime.settings.rules, prompts: runtime.settings.prompts)
        if let presence, let reason = presence.reason {
            let held = actions.filter { if case .deliverNudge = $0 { true } else { false } }.count
            actions.removeAll { if case .deliverNudge = $0 { true } else { false } }
            if held > 0, held != lastHeld { runtime.log.info("Holding \(held == 1 ? "1 nudge" : "\(held) nudges") until you are back (\(reason)).") }
            lastHeld = held
        } else {
            lastHeld = 0
        }
        var wake: Date?
        if case .wake(let at)? = actions.last { wake = at }
        var planned = claimed(actions.filter { if case .wake = $0 { false } else { true } }, now: now)
        planned.wake = wake
        guard planned.isEmpty else {
            toRecord = planned
            return
        }
        settle(wake: wake, now: now)
    }

    // MARK: BackgroundWork

    var wantsTurn: Bool { repairPending || toRecord != nil || !toMark.isEmpty }

    func step(in batch: Batch) {
        let workspace = Workspace(session: batch.session, live: runtime.live, now: runtime.clock(), settings: runtime.settings)
        var result = Stepped()
        if !toMark.isEmpty {
            let marking = toMark
            toMark = []
            do {
                try batch.write(workspace) { try Deliveries.markAnnounced(marking, in: $0) }
                result.marked = marking
            } catch {
                runtime.log.error("Announced \(marking.count) deliveries but could not mark them announced (\(error)); trying again in a minute.")
                markAfterRetry += marking
            }
        }
        if repairPending {
            repairPending = false
            do {
                result.announcements = try batch.write(workspace) { try Deliveries.unannounced(in: $0) }
                result.repaired = true
            } catch {
                runtime.log.error("Could not repair unannounced deliveries: \(error)")
                result.repairFailed = true
            }
        } else if let planned = toRecord {
            toRecord = nil
            result.planTaken = true
            result.wake = planned.wake
            do {
                var wroteElsewhere = false
                result.announcements = try batch.write(workspace) { ws in
                    for (delivery, machine) in planned.elsewhere {
                        wroteElsewhere = try Syncing.recordElsewhere(personID: delivery.personID, dueSince: delivery.dueSince, kind: delivery.kind,
                                                                    machine: machine, in: ws) || wroteElsewhere
                    }
                    return try Deliveries.record(stillPlanned(planned.deliveries, in: ws), in: ws)
                }
                result.recorded = wroteElsewhere || !result.announcements.isEmpty
            } catch {
                runtime.log.error("Could not record the scheduler's deliveries: \(error)")
                result.recordFailed = true
            }
        }
        stepped = result
    }

    func settled(_ outcome: Batch.Outcome) {
        guard let result = stepped else { return }
        stepped = nil
        if case .failed(let error) = outcome {
            // Nothing of the turn is in SQLite: what it marked is marked again, a repair runs
            // again, a plan is made again, a minute from now.
            markAfterRetry += result.marked
            repairAfterRetry = repairAfterRetry || result.repaired || result.repairFailed
            return retryInAMinute(error)
        }
        if result.repairFailed {
            repairAfterRetry = true
            return retryInAMinute(nil)
        }
        if result.recordFailed { return retryInAMinute(nil) }
        if result.repaired {
            for announcement in result.announcements {
                switch announcement {
                case .nudge(let record, let person, _):
                    runtime.log.warning("Repair: nudge #\(record.id) for \(person.name) was recorded but not announced before a crash; announcing it now, late.")
                case .prompt(let record):
                    runtime.log.warning("Repair: prompt #\(record.id) was recorded but not announced before a crash; announcing it now, late.")
                case .planQuestion(let plan, let person):
                    runtime.log.warning("Repair: the question about plan #\(plan.id) with \(person.name) was recorded but not announced before a crash; asking now.")
                }
            }
        }
        announce(result.announcements, now: runtime.clock())
        toMark += result.announcements
        if result.repaired || result.recorded {
            // Plans again (the deliveries changed the schedule) and arms the alarm then.
            runtime.live.scheduleChanged = true
        } else if result.planTaken {
            // A plan whose deliveries were no longer due: nothing changed.
            settle(wake: result.wake, now: runtime.clock())
        }
    }

    /// The deliveries a plan made now still makes: work that stepped earlier in the same turn
    /// (an interaction synced in, a desktop button) may have made someone no longer due, and
    /// nudges wait while you are away.
    private func stillPlanned(_ deliveries: [SchedulerAction], in ws: Workspace) -> [SchedulerAction] {
        let away = presence?.reason != nil
        let fresh = Scheduler.plan(ws.live.scheduler, now: ws.now, rules: runtime.settings.rules, prompts: runtime.settings.prompts)
        return deliveries.filter { action in
            fresh.contains { other in
                switch (action, other) {
                case (.deliverNudge(let a), .deliverNudge(let b)): !away && a.personID == b.personID && a.kind == b.kind && a.dueSince == b.dueSince
                case (.deliverPrompt(let a), .deliverPrompt(let b)): a.slot == b.slot
                case (.askWhetherItHappened(let a), .askWhetherItHappened(let b)): a == b
                default: false
                }
            }
        }
    }

    /// A failed step is tried again by the plan a minute from now (the alarm), not sooner.
    private func retryInAMinute(_ error: (any Error)?) {
        let now = runtime.clock()
        if let error { runtime.log.error("Scheduling failed (\(error)); retrying in a minute.") }
        retryAt = now.addingTimeInterval(60)
        settle(wake: retryAt, now: now)
    }

    private func settle(wake: Date?, now: Date) {
        arm(wake)
        let status = statusLine(now: now)
        if status != lastStatus {
            lastStatus = status
            report(status)
        }
    }

    /// The actions whose nudges this machine won (or could not confirm in time); a nudge another
    /// machine claimed is to be recorded as delivered there, one still being synced waits.
    private func claimed(_ actions: [SchedulerAction], now: Date) -> Planned {
        guard let claims else { return Planned(deliveries: actions) }
        var planned = Planned()
        var uids = Set<String>()
        for action in actions {
            guard case .deliverNudge(let delivery) = action else {
                planned.deliveries.append(action)
                continue
            }
            guard let person = try? runtime.keeper.read(now: now, settings: runtime.settings, { try $0.session.person(id: delivery.personID) }) else {
                continue
            }
            uids.insert(MirrorItems.nudgeUID(person: person.uid, dueSince: delivery.dueSince))
            switch claims.decide(person: person, dueSince: delivery.dueSince, kind: delivery.kind, now: now) {
            case .deliver:
                planned.deliveries.append(action)
            case .wait:
                continue
            case .elsewhere(let machine):
                planned.elsewhere.append((delivery, machine))
            }
        }
        claims.sweep(planned: uids)
        return planned
    }

    /// Announces through every channel (the next turn marks them announced). People's days
    /// (birthdays, anniversaries, dates) of one run, the morning's, go out as one event; with a
    /// digest time, so do the catch-up nudges of one run.
    private func announce(_ announcements: [Deliveries.Announcement], now: Date) {
        guard !announcements.isEmpty else { return }
        let calendar = runtime.calendar
        var individual = announcements
        let days = announcements.compactMap { announcement -> (NudgeRecord, Person)? in
            if case .nudge(let record, let person, _) = announcement, record.kind == .occasion { return (record, person) }
            return nil
        }
        if days.count > 1 {
            individual = individual.filter { if case .nudge(let record, _, _) = $0 { record.kind != .occasion } else { true } }
            notifier.announce(DaemonEvent(
                kind: .nudge, summary: NudgeText.daysSummary(days.map { ($0.1, $0.0.dueSince) }, calendar: calendar),
                body: NudgeText.daysBody(days.map { ($0.1, $0.0.dueSince) }, calendar: calendar),
                late: false, at: now, nudgeID: days.first?.0.id, digest: days.map { ($0.0.id, $0.1.name) }))
        }
        if runtime.settings.rules.digest != nil {
            let catchUps = announcements.compactMap { announcement -> (NudgeRecord, Person, NudgeContext)? in
                if case .nudge(let record, let person, let context) = announcement, record.kind == .catchUp { return (record, person, context) }
                return nil
            }
            if catchUps.count > 1 {
                individual = announcements.filter { if case .nudge(let record, _, _) = $0 { record.kind != .catchUp } else { true } }
                notifier.announce(DaemonEvent(
                    kind: .nudge, summary: NudgeText.digestSummary(catchUps.map(\.1.name)),
                    body: catchUps.map { NudgeText.digestLine(for: $0.1, context: $0.2, calendar: calendar) }.joined(separator: "\n"),
                    late: catchUps.contains { $0.0.late }, at: now, nudgeID: catchUps.first?.0.id,
                    digest: catchUps.map { ($0.0.id, $0.1.name) }))
            }
        }
        for announcement in individual {
            switch announcement {
            case .nudge(let record, let person, let context):
                notifier.announce(DaemonEvent(
                    kind: .nudge, summary: NudgeText.summary(for: person, kind: record.kind, dueSince: record.dueSince, calendar: calendar),
                    body: NudgeText.body(for: person, context: context, kind: record.kind, late: record.late, dueSince: record.dueSince,
                                         at: record.deliveredAt, calendar: calendar),
                    late: record.late, person: person, dueSince: record.dueSince, at: record.deliveredAt, nudgeID: record.id,
                    doneKind: DesktopActions.doneKind(last: context.last?.kind, nudge: record.kind)))
            case .prompt(let record):
                // The question comes with the week in review.
                let review = try? runtime.keeper.read(now: now, settings: runtime.settings) { try WeekReview.read(question: record.text, in: $0) }
                notifier.announce(DaemonEvent(
                    kind: .prompt, summary: NudgeText.promptSummary(late: record.late),
                    body: review.map { WeekText.render($0, calendar: calendar) } ?? NudgeText.promptBody(record.text),
                    late: record.late, promptID: record.promptID, at: record.deliveredAt, promptDeliveryID: record.id))
            case .planQuestion(let plan, let person):
                notifier.announce(DaemonEvent(
                    kind: .planQuestion, summary: NudgeText.planQuestionSummary(plan, person: person),
                    body: NudgeText.planQuestionBody(plan, calendar: calendar, now: now), person: person, at: now, planID: plan.id))
            }
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
        var waiting = presence?.reason.map { "; nudges wait: \($0)" } ?? ""
        if let until = figures.pausedUntil { waiting += "; paused until \(HumanTime.describe(until, calendar: calendar, now: now))" }
        return "Keeping in touch with \(people); \(nudges); next nudge \(next); next prompt \(prompt)\(waiting)"
    }
}
