/// One item in each of the mirror's collections that connectd never removes, so that no
/// collection is ever empty: vdirsyncer refuses to sync a collection that was emptied (its
/// "completely emptied … use --force-delete") on every run, the timer's too, so a normal removal
/// (the last person, the one person with interactions) would stop every later sync. Each marker
/// has the same bytes on every machine and is named by its UID as vdirsyncer names a file, so
/// the machines' markers sync as one item; connectd never reads one as data.
enum VdirMarkers {
    /// "people/connectd-keep-people.vcf" for each collection.
    static func name(_ collection: VdirFiles.Collection) -> String {
        VdirFiles.fileName(uid: uid(collection), in: collection)
    }

    /// Asked of every file event: the names are made once.
    static func isMarker(_ name: String) -> Bool { names.contains(name) }

    private static let names = Set(VdirFiles.Collection.allCases.map { name($0) })

    private static func uid(_ collection: VdirFiles.Collection) -> String { "connectd-keep-\(collection.rawValue)" }

    private static let why = "connectd keeps this item so that the collection is never empty: vdirsyncer stops syncing a collection that was emptied."

    /// The marker's bytes: fixed, so that every machine writes the same.
    static func text(_ collection: VdirFiles.Collection) -> String {
        let lines: [String]
        switch collection {
        case .people:
            // A group without members: address books show it as an empty group, not as a person.
            lines = ["BEGIN:VCARD", "VERSION:4.0", "PRODID:-//connectd//marker//EN", "KIND:group", "UID:\(uid(collection))",
                     "FN:connectd (keeps this address book from being empty)", "NOTE:\(why)", "END:VCARD"]
        case .interactions:
            lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//connectd//marker//EN", "BEGIN:VJOURNAL", "UID:\(uid(collection))",
                     "DTSTAMP:20260101T000000Z", "SUMMARY:connectd (keeps this calendar from being empty)", "DESCRIPTION:\(why)",
                     "END:VJOURNAL", "END:VCALENDAR"]
        case .nudges:
            // A task done long ago: task lists hide it.
            lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//connectd//marker//EN", "BEGIN:VTODO", "UID:\(uid(collection))",
                     "DTSTAMP:20260101T000000Z", "SUMMARY:connectd (keeps this task list from being empty)", "DESCRIPTION:\(why)",
                     "STATUS:COMPLETED", "COMPLETED:20260101T000000Z", "END:VTODO", "END:VCALENDAR"]
        case .calendar:
            // A free day long ago: calendars keep it out of the way.
            lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//connectd//marker//EN", "BEGIN:VEVENT", "UID:\(uid(collection))",
                     "DTSTAMP:20260101T000000Z", "DTSTART;VALUE=DATE:20000101", "DTEND;VALUE=DATE:20000102",
                     "SUMMARY:connectd (keeps this calendar from being empty)", "DESCRIPTION:\(why)", "TRANSP:TRANSPARENT", "END:VEVENT", "END:VCALENDAR"]
        }
        return lines.map { $0 + "\r\n" }.joined()
    }
}
