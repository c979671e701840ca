import ConnectCore
import ConnectServices
import ConnectSystemd
import Foundation

/// Each nudge delivered once across machines. Before a nudge goes out, this machine's claim (the
/// nudge's VTODO, named the same on every machine) is written to the vdir and the configured
/// sync command runs; the server's atomic create lets only one machine's claim in, and vdirsyncer
/// brings the winner's version back to the others. The nudge is delivered only if the claim is
/// still ours afterwards, else recorded as delivered elsewhere. A command that fails is run once
/// more; one that fails again or takes longer than `claim_timeout` does not hold the nudge back:
/// it is delivered and logged as unconfirmed.
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
    /// The claims the running command decides, and which attempt it is.
    private var inRun = Set<String>()
    private var attempt = 0
    private var runs = 0
    /// Asks the scheduler to plan again (a claim was decided).
    var onResolved: () -> Void = {}

    init(mirror: VdirMirror, settings: @escaping () -> DaemonConfig.SyncSettings, loop: EventLoop, log: Log,
         environment: [String: String], underUserManager: Bool) {
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
        attempt += 1
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
            resolveUnconfirmed()
        }
    }

    private func finished(_ process: HookProcess) {
        running = nil
        let stillPending = inRun.filter { if case .pending? = states[$0] { true } else { false } }
        guard process.exitStatus == 0 else {
            if attempt < 2, !stillPending.isEmpty {
                log.info("The sync command failed (exit status \(process.exitStatus.map(String.init) ?? "none")); running it once more.")
                return startSync()
            }
            return resolveUnconfirmed()
        }
        for uid in stillPending {
            guard case .pending(let name, let who, let since, let deadline)? = states[uid] else { continue }
            deadline?.cancel()
            let item = mirror.readItem(name)
            if let machine = item?.machine, machine != mirror.machine {
                log.info("\(who)'s nudge was claimed by \(machine): it is delivered there, not here.")
                states[uid] = .elsewhere(name: name, machine: machine)
            } else {
                states[uid] = .mine(name: name, confirmed: item?.machine == mirror.machine, waited: monotonicSeconds() - since)
            }
        }
        finishRun()
    }

    /// The command failed twice or could not start: what it was to decide goes out unconfirmed.
    private func resolveUnconfirmed() {
        for uid in inRun {
            guard case .pending(let name, let who, let since, let deadline)? = states[uid] else { continue }
            deadline?.cancel()
            log.warning("The sync command could not confirm the claim on \(who)'s nudge: delivering it unconfirmed.")
            states[uid] = .mine(name: name, confirmed: false, waited: monotonicSeconds() - since)
        }
        finishRun()
    }

    private func finishRun() {
        inRun.removeAll()
        attempt = 0
        // Claims made while the command ran get a run of their own.
        if !pendingUIDs.isEmpty { startSync() }
        onResolved()
    }
}
