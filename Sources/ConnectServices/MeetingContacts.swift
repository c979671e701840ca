import ConnectCore
import ConnectInterchange
import ConnectStore
import Foundation

/// The meetings of your calendars as contacts (`[detect] calendars`): each occurrence between
/// `from` and `until` of an event that was not cancelled and that you did not decline, with the
/// people invited who did not decline, one message per occurrence. A repeating event is
/// expanded in its zone (its EXDATEs left out), and an occurrence that was moved (a RECURRENCE-ID
/// of the same UID) counts at its new time, with its own guests, once. You are whoever in the
/// invitation is none of your people: when such a one declined, so did you.
public enum MeetingContacts {
    public static func messages(_ meetings: [Meeting], from: Date, until: Date, subjects: Bool, in ws: Workspace) throws -> [Detecting.Message] {
        var messages: [Detecting.Message] = []
        for (uid, group) in Dictionary(grouping: meetings, by: \.uid).sorted(by: { $0.key < $1.key }) {
            let moved = group.filter { $0.recurrenceID != nil }
            let replaced = Set(moved.compactMap(\.recurrenceID))
            var occurrences: [(at: Date, key: Date, meeting: Meeting)] = []
            for master in group where master.recurrenceID == nil {
                occurrences += master.occurrences(from: from, until: until).filter { !replaced.contains($0) }.map { ($0, $0, master) }
            }
            for change in moved {
                guard let at = change.start?.instant, at >= from, at <= until, let key = change.recurrenceID else { continue }
                occurrences.append((at, key, change))
            }
            for occurrence in occurrences where !occurrence.meeting.cancelled {
                guard let recipients = try guests(occurrence.meeting, in: ws) else { continue }
                messages.append(Detecting.Message(at: occurrence.at, recipients: recipients,
                                                  key: "\(uid)@\(Int64(occurrence.key.timeIntervalSince1970))",
                                                  subject: subjects ? occurrence.meeting.summary.map { TextRules.cleaned($0, limit: 200) } : nil))
            }
        }
        return messages
    }

    /// Who was there besides you: the organizer and the guests who did not decline; nil when
    /// you declined (someone in the invitation who is none of your people did).
    static func guests(_ meeting: Meeting, in ws: Workspace) throws -> [String]? {
        for attendee in meeting.attendees where attendee.declined {
            if try ws.session.personIDs(email: attendee.address).isEmpty { return nil }
        }
        let addresses = meeting.attendees.filter { !$0.declined }.map(\.address) + (meeting.organizer.map { [$0] } ?? [])
        return Array(Set(addresses)).sorted()
    }
}
