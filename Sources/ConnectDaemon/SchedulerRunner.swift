import ConnectCore
import ConnectStore
import ConnectSystemd
import Foundation

/// Carries out what `Scheduler.plan` decides: records each delivery durably, then announces it,
/// then marks it announced, then arms the wall-clock alarm for the next deadline and sleeps.
/// Runs at start, on the alarm, on a clock change and after every command that changes the schedule.
final class SchedulerRunner {
    private let context: DaemonContext
    private let notifier: Notifier
    private let prompts: PromptLibrary
    /// Arms the alarm at an instant (nil: nothing scheduled).
    private let arm: (Date?) -> Void
    /// Called after every planning round (the daemon refreshes its STATUS= line).
    var onPlanned: () -> Void = {}

    init(context: DaemonContext, notifier: Notifier, prompts: PromptLibrary, arm: @escaping (Date?) -> Void) {
        self.context = context
        self.notifier = notifier
        self.prompts = prompts
        self.arm = arm
    }

    /// First run: fixes the prompt epoch, re-announces deliveries a crash left unannounced, plans.
    func start() {
        do {
            try context.store.write { session in
                if try session.promptEpoch() == nil { try session.setPromptEpoch(context.clock()) }
            }
            try repairUnannounced()
        } catch {
            context.log.error("Could not prepare the schedule: \(error)")
        }
        run()
    }

    /// Plans at the current instant and carries the actions out. Never throws: a failure is logged
    /// and retried at the next wake (in a minute at the latest).
    func run() {
        let now = context.clock()
        let calendar = context.calendar
        let rules = context.config.rules
        do {
            let state = try context.store.read { try context.schedulerState($0, now: now) }
            var wake: Date?
            for action in Scheduler.plan(state, now: now, calendar: calendar, rules: rules, prompts: prompts) {
                switch action {
                case .deliverNudge(let delivery): try deliver(delivery, now: now)
                case .deliverPrompt(let delivery): try deliver(delivery, now: now)
                case .wake(let at): wake = at
                }
            }
            setWake(wake)
        } catch {
            context.log.error("Scheduling failed (\(error)); retrying in a minute.")
            setWake(now.addingTimeInterval(60))
        }
    }

    private func setWake(_ wake: Date?) {
        arm(wake)
        onPlanned()
    }

    private func deliver(_ delivery: NudgeDelivery, now: Date) throws {
        let (record, person, last) = try context.store.write { session in
            let record = try session.recordNudge(delivery, at: now, rule: context.config.ruleDescription,
                                                 timeZone: context.config.timeZone.identifier)
            return (record, try session.person(id: delivery.personID), try session.interactions(personID: delivery.personID, limit: 1).first)
        }
        guard let person else { return }
        announce(record, person: person, last: last)
    }

    private func announce(_ record: NudgeRecord, person: Person, last: Interaction?) {
        notifier.announce(DaemonEvent(
            kind: .nudge, summary: NudgeText.summary(for: person),
            body: NudgeText.body(for: person, last: last, late: record.late, calendar: context.calendar),
            late: record.late, person: person, dueSince: record.dueSince, at: record.deliveredAt, nudgeID: record.id))
        do {
            try context.store.write { try $0.markNudgeAnnounced(id: record.id, at: context.clock()) }
        } catch {
            context.log.error("Announced nudge #\(record.id) but could not mark it announced: \(error)")
        }
    }

    private func deliver(_ delivery: PromptDelivery, now: Date) throws {
        let text = prompts.prompt(id: delivery.promptID)?.text ?? delivery.promptID
        let record = try context.store.write { session in
            try session.recordPrompt(delivery, text: text, at: now, rule: context.config.ruleDescription,
                                     timeZone: context.config.timeZone.identifier)
        }
        announce(record)
    }

    private func announce(_ record: PromptRecord) {
        notifier.announce(DaemonEvent(
            kind: .prompt, summary: NudgeText.promptSummary(late: record.late),
            body: record.text + " Answer with: connectctl reflect \"...\"", late: record.late,
            promptID: record.promptID, at: record.deliveredAt, promptDeliveryID: record.id))
        do {
            try context.store.write { try $0.markPromptAnnounced(id: record.id, at: context.clock()) }
        } catch {
            context.log.error("Announced prompt #\(record.id) but could not mark it announced: \(error)")
        }
    }

    /// A delivery recorded but not announced means the daemon died in between: announce it once
    /// more, marked late, and say so in the log.
    private func repairUnannounced() throws {
        let (nudges, promptRecords) = try context.store.read { session in
            (try session.unannouncedNudges(), try session.unannouncedPrompts())
        }
        for var record in nudges {
            let (person, last) = try context.store.read { session in
                (try session.person(id: record.personID), try session.interactions(personID: record.personID, limit: 1).first)
            }
            guard let person else { continue }
            context.log.warning("Repair: nudge #\(record.id) for \(person.name) was recorded but not announced before a crash; announcing it now, late.")
            record.late = true
            announce(record, person: person, last: last)
        }
        for var record in promptRecords {
            context.log.warning("Repair: prompt #\(record.id) was recorded but not announced before a crash; announcing it now, late.")
            record.late = true
            announce(record)
        }
    }
}
