import ConnectCore
import ConnectInterchange
import ConnectServices
import ConnectSystemd
import Foundation

/// Each nudge delivered once across machines. Before a nudge goes out, this machine's claim (the
/// nudge's VTODO, named the same on every machine) is written to the vdir and the configured
/// sync command runs; the server's atomic create lets only one machine's claim in, and vdirsyncer
/// brings the winner's version back to the others. The nudge is delivered only if the claim is
/// still ours afterwards, else recorded as delivered elsewhere. A command that fails is run again
/// after a pause (vdirsyncer fails a whole run when it loses the race for any one item, and the
/// next run takes the server's copy), until `claim_timeout`: then the nudge is not held back any
/// longer but delivered, logged as unconfirmed.
final class NudgeClaims {
    enum Decision: Equatable {
        case deliver(confirmed: Bool)
        /// The claim is being synced: ask again when `onResolved` is called.
        case wait
        case elsewhere(machine: String)
    }

    private enum State {
        case pending(name: String, person: String, since: Double, deadline: EventSource?)
        case mine(name: String, confirmed: Bool, waited: Double)
        case elsewhere(name: String, machine: String)
    }

    private let mirror: VdirMirror
    private let settings: () -> DaemonConfig.SyncSettings
    private let loop: EventLoop
    private let log: Log
    private let environment: [String: String]
    private let underUserManager: Bool
    private var states: [String: State] = [:]
    private var running: HookProcess?
    /// The claims the running command decides, and how many runs in a row failed.
    private var inRun = Set<String>()
    private var failures = 0
    private var retry: EventSource?
    private var runs = 0
    /// Asks the scheduler to plan again (a claim was decided).
    private let onResolved: () -> Void
    /// After each run: why it failed, or nil when it succeeded (for `status`).
    private let onOutcome: (String?) -> Void

    init(mirror: VdirMirror, settings: @escaping () -> DaemonConfig.SyncSettings, loop: EventLoop, log: Log,
         environment: [String: String], underUserManager: Bool,
         onResolved: @escaping () -> Void, onOutcome: @escaping (String?) -> Void) {
        self.onResolved = onResolved
        self.onOutcome = onOutcome
        self.mirror = mirror
        self.settings = settings
        self.loop = loop
        self.log = log
        self.environment = environment
        self.underUserManager = underUserManager
    }

    /// Whether the person's nudge for `dueSince` may be delivered now. The first call writes the
    /// claim and starts the sync; later calls report how it went.
    func decide(person: Person, dueSince: Date, kind: NudgeKind, now: Date) -> Decision {
        let uid = MirrorItems.nudgeUID(person: person.uid, dueSince: dueSince)
        switch states[uid] {
        case .mine(_, let confirmed, let waited)?:
            states[uid] = nil
            if confirmed {
                log.info("The claim on \(person.name)'s nudge is this machine's (confirmed in \(String(format: "%.3f", waited)) s): delivering it.")
            }
            return .deliver(confirmed: confirmed)
        case .elsewhere(_, let machine)?:
            states[uid] = nil
            return .elsewhere(machine: machine)
        case .pending?:
            return .wait
        case nil:
            let name: String
            do {
                name = try mirror.writeClaim(MirrorItems.claim(person: person, dueSince: dueSince, kind: kind, at: now, machine: mirror.machine))
            } catch {
                log.warning("Could not write the claim on \(person.name)'s nudge to the vdir (\(error)); delivering it unconfirmed.")
                return .deliver(confirmed: false)
            }
            let timeout = settings().claimTimeout
            let deadline = try? loop.addTimer(after: timeout) { [weak self] in
                guard let self, case .pending(let name, let who, let since, _)? = self.states[uid] else { return }
                self.log.warning("The sync command did not confirm the claim on \(who)'s nudge within \(Int(timeout)) s: delivering it unconfirmed.")
                self.states[uid] = .mine(name: name, confirmed: false, waited: monotonicSeconds() - since)
                self.onResolved()
            }
            states[uid] = .pending(name: name, person: person.name, since: monotonicSeconds(), deadline: deadline)
            startSync()
            return .wait
        }
    }

    /// Forgets decided claims the scheduler no longer plans (the person stopped being due while
    /// the sync ran): this machine's own claim file is taken back.
    func sweep(planned: Set<String>) {
        for (uid, state) in states where !planned.contains(uid) {
            switch state {
            case .pending: continue
            case .mine(let name, _, _): mirror.withdrawClaim(name)
            case .elsewhere: break
            }
            states[uid] = nil
        }
    }

    private var pendingUIDs: [String] {
        states.compactMap { uid, state in if case .pending = state { uid } else { nil } }
    }

    private func startSync() {
        guard running == nil else { return }
        let command = settings().command
        inRun = Set(pendingUIDs)
        guard !inRun.isEmpty, !command.isEmpty else { return }
        retry?.cancel()
        retry = nil
        runs += 1
        // Under the service manager the daemon has no network: the command runs as a transient
        // unit of the user manager, and `systemd-run --wait` reports its exit status.
        let arguments = underUserManager
            ? ["systemd-run", "--user", "--wait", "--quiet", "--collect", "--unit=connectd-sync-\(getpid())-\(runs)",
               "-p", "RuntimeMaxSec=\(Int(settings().claimTimeout.rounded(.up)))", "--"] + command
            : command
        do {
            running = try HookProcess(arguments: arguments, label: "Sync command", errorPriority: .info, input: [], environment: environment,
                                      timeout: settings().claimTimeout, loop: loop, log: log) { [weak self] process in
                self?.finished(process)
            }
        } catch {
            log.warning("Could not start the sync command \(command.joined(separator: " ")): \(error); delivering unconfirmed.")
            resolveUnconfirmed(inRun)
        }
    }

    private func finished(_ process: HookProcess) {
        running = nil
        let stillPending = inRun.filter { if case .pending? = states[$0] { true } else { false } }
        inRun.removeAll()
        guard process.exitStatus == 0 else {
            let unit = underUserManager ? "; its output is in: journalctl --user -u connectd-sync-\(getpid())-\(runs)" : ""
            onOutcome("The sync command \(settings().command.joined(separator: " ")) failed (exit status "
                      + "\(process.exitStatus.map(String.init) ?? "none")\(process.lastLine.map { ": \($0)" } ?? "")\(unit))")
            // A failed run may still have brought the server's copy of a claim: one that names
            // another machine is decided, whatever else went wrong.
            let settled = stillPending.filter { uid in
                guard case .pending(let name, _, _, _)? = states[uid], let item = mirror.readItem(name) else { return false }
                return settle(uid, item: item, runSucceeded: false)
            }
            failures += 1
            if pendingUIDs.isEmpty {
                failures = 0
            } else {
                let pause = min(0.25 * Double(1 << min(failures, 5)), 5)
                log.info("The sync command failed (exit status \(process.exitStatus.map(String.init) ?? "none")); running it again in "
                         + "\(String(format: "%g", pause)) s.")
                do {
                    retry = try loop.addTimer(after: pause) { [weak self] in
                        self?.retry = nil
                        self?.startSync()
                    }
                } catch {
                    resolveUnconfirmed(Set(pendingUIDs))
                }
            }
            if !settled.isEmpty { onResolved() }
            return
        }
        failures = 0
        onOutcome(nil)
        for uid in stillPending {
            guard case .pending(let name, _, _, _)? = states[uid] else { continue }
            settle(uid, item: mirror.readItem(name), runSucceeded: true)
        }
        finishRun()
    }

    /// Decides a pending claim from its item as the vdir holds it after a sync: another machine's
    /// claim means the nudge goes out there. Ours (or none) means it goes out here, confirmed
    /// only if the run succeeded and the item is ours. Returns whether it was decided.
    @discardableResult
    private func settle(_ uid: String, item: CalendarItem?, runSucceeded: Bool) -> Bool {
        guard case .pending(let name, let who, let since, let deadline)? = states[uid] else { return false }
        if let machine = item?.machine, machine != mirror.machine {
            deadline?.cancel()
            log.info("\(who)'s nudge was claimed by \(machine): it is delivered there, not here.")
            states[uid] = .elsewhere(name: name, machine: machine)
            return true
        }
        guard runSucceeded else { return false }
        deadline?.cancel()
        states[uid] = .mine(name: name, confirmed: item?.machine == mirror.machine, waited: monotonicSeconds() - since)
        return true
    }

    /// The command could not start: what it was to decide goes out unconfirmed.
    private func resolveUnconfirmed(_ uids: Set<String>) {
        for uid in uids {
            guard case .pending(let name, let who, let since, let deadline)? = states[uid] else { continue }
            deadline?.cancel()
            log.warning("The sync command could not confirm the claim on \(who)'s nudge: delivering it unconfirmed.")
            states[uid] = .mine(name: name, confirmed: false, waited: monotonicSeconds() - since)
        }
        finishRun()
    }

    private func finishRun() {
        inRun.removeAll()
        // Claims made while the command ran get a run of their own.
        if !pendingUIDs.isEmpty { startSync() }
        onResolved()
    }
}
