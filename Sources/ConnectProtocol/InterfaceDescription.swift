/// The Varlink interface description of `io.connectd`, served by `GetInterfaceDescription`.
/// It is the contract: every method and error the daemon implements is described here, and the
/// protocol tests check that the method names below match it.
public enum InterfaceDescription {
    public static let name = "io.connectd"

    public static let text = """
    # connectd keeps the people you want to stay close to and your interactions with them,
    # and tells you who is due for a catch-up. Times are RFC 3339 strings with the offset of the
    # daemon's time zone at that instant (Status.timeZone names the zone).
    interface io.connectd

    # An e-mail address or phone number. types are vCard's (work, home, cell, pref, ...).
    type ContactPoint (value: string, types: []string, label: ?string)

    # A person and where they stand. cadence is the short form ("3w"), cadenceText the long one;
    # cadence is null for someone imported and not triaged yet, and nextDue is null for anyone
    # not scheduled (no cadence, or ignored). uid is their stable identity (vCard UID); news is
    # what changed about them since you were last in touch. overdueRatio is the time since the
    # last contact divided by the cadence (1.0 = due now).
    type Person (
      id: int,
      uid: string,
      name: string,
      cadence: ?string,
      cadenceText: string,
      met: ?string,
      into: ?string,
      notes: ?string,
      tags: []string,
      links: []string,
      emails: []ContactPoint,
      phones: []ContactPoint,
      organization: ?string,
      title: ?string,
      birthday: ?string,
      ignored: bool,
      news: ?string,
      addedAt: string,
      lastContact: ?string,
      lastKind: ?string,
      nextDue: ?string,
      overdueRatio: float,
      wantToMeet: bool,
      found: ?string,
      due: bool
    )

    # One logged interaction. kind is one of: coffee, lunch, dinner, call, video, message,
    # email, meeting, read, gift, help, other.
    type Interaction (
      id: int,
      personId: int,
      personName: string,
      kind: string,
      at: string,
      note: ?string
    )

    # A delivered nudge. status: open, done, snoozed, skipped or expired (ignored, then replaced).
    # late is true when it went out after its planned instant because the daemon was not running.
    type Nudge (
      id: int,
      personId: int,
      personName: string,
      dueSince: string,
      plannedAt: string,
      deliveredAt: string,
      late: bool,
      status: string,
      closedAt: ?string,
      summary: string,
      body: string,
      deliveredOn: ?string
    )

    # Who is expected to be nudged when, if nobody acts before; kind is "catch-up", or
    # "first-contact" for someone to meet (then at is an estimate: a few a week, in line).
    type UpcomingNudge (personId: int, personName: string, at: string, kind: string)

    # One answer to a reflection prompt.
    type Answer (text: string, at: string)

    # A delivered weekly reflection prompt with its answers.
    type Reflection (
      id: int,
      promptId: string,
      text: string,
      slot: string,
      deliveredAt: string,
      late: bool,
      answers: []Answer
    )

    # What the daemon is and holds. streak is the number of weeks in a row with an answered prompt.
    # configProblem says why the last reload (SIGHUP) kept the earlier config; syncProblem why
    # the last run of the [sync] command failed (none once one succeeds).
    method Status() -> (
      version: string,
      pid: int,
      startedAt: string,
      uptimeSeconds: int,
      stateDirectory: string,
      database: string,
      socket: string,
      timeZone: string,
      people: int,
      interactions: int,
      due: int,
      openNudges: int,
      nextNudge: ?string,
      nextPrompt: ?string,
      streak: int,
      untriaged: int,
      catchUpsPerDay: float,
      dailyBudget: int,
      vdir: ?string,
      machine: ?string,
      configProblem: ?string,
      syncProblem: ?string
    )

    # Adds a person. every is a cadence like "3w", "1m", "3 weeks"; without it the configured
    # default applies. tags and links are lists; a tag may also be "a,b". due "now" makes them
    # due at once instead of one cadence after today. birthday is 1990-05-17 or --05-17.
    method AddPerson(
      name: string,
      due: ?string,
      every: ?string,
      met: ?string,
      into: ?string,
      notes: ?string,
      tags: ?[]string,
      links: ?[]string,
      emails: ?[]string,
      phones: ?[]string,
      organization: ?string,
      title: ?string,
      birthday: ?string,
      wantToMeet: ?bool,
      found: ?string
    ) -> (person: Person)

    # Changes the given fields of a person; an empty string clears met, into and notes.
    # person is an id or a unique prefix of any word of the name. changed names the fields that
    # really changed (empty: nothing did).
    # emails and phones replace the lists (dropped: what that took away); addEmails,
    # removeEmails, addPhones and removePhones change single ones; organization, title and
    # birthday "" clear them. ignored hides a person from triage and nudges without deleting
    # them. wantToMeet marks someone not met yet (a first-contact nudge comes), found says where
    # you came across them. Someone who gets their first cadence and was never in touch starts
    # on the least busy day within it.
    method EditPerson(
      person: string,
      name: ?string,
      every: ?string,
      met: ?string,
      into: ?string,
      notes: ?string,
      addTags: ?[]string,
      removeTags: ?[]string,
      links: ?[]string,
      emails: ?[]string,
      phones: ?[]string,
      addEmails: ?[]string,
      removeEmails: ?[]string,
      addPhones: ?[]string,
      removePhones: ?[]string,
      organization: ?string,
      title: ?string,
      birthday: ?string,
      ignored: ?bool,
      due: ?string,
      wantToMeet: ?bool,
      found: ?string
    ) -> (person: Person, changed: []string, dropped: []string)

    # Everyone with tag gets the cadence every; those who had none start spread over it.
    method SetCadence(tag: string, every: string) -> (changed: int)

    # The people waiting for a cadence (imported, not ignored), oldest first (limit, default
    # 20), and how many there are in all.
    method Triage(limit: ?int) -> (people: []Person, remaining: int)

    # Removes a person and their interactions. They stay in the trash for 30 days (Restore).
    method RemovePerson(person: string) -> (person: Person)

    # Someone removed, with when they will be gone for good; id is the one they had, and get back.
    type TrashItem (id: int, name: string, removedAt: string, purgeAt: string, interactions: int)

    # Who is in the trash, newest first.
    method Trash() -> (people: []TrashItem)

    # Brings back someone removed in the last 30 days, under the id they had, with their
    # interactions and nudges. name is a unique prefix of any word of their name, or that id.
    method Restore(name: string) -> (person: Person)

    # Two records of one person become one: into keeps its id and name; the interactions,
    # follow-ups and nudges of from move to into, its e-mail addresses, phones, links and tags
    # are added, and fields into lacks are filled from it. from goes to the trash as it was
    # (restorable for 30 days). changed names the fields of into that changed.
    method MergePeople(into: string, from: string) -> (person: Person, interactions: int, changed: []string)

    # A person with their most recent interactions (limit, default 10).
    method ShowPerson(person: string, limit: ?int) -> (person: Person, interactions: []Interaction, followUps: []FollowUp)

    # Something you said you would do next time; number is its place among the person's open
    # ones, oldest first (what closes takes).
    type FollowUp (number: int, personId: int, personName: string, text: string, createdAt: string)

    # Everyone's open follow-ups, oldest first (limit, default 50), and how many there are.
    method FollowUps(limit: ?int) -> (followUps: []FollowUp, total: int)

    # How many interactions of a kind, and with whom.
    type KindCount (kind: string, count: int, people: []string)

    # Someone due for a while: since when, and how far past their cadence (1.0: due now).
    type Overdue (personId: int, name: string, dueSince: string, overdueRatio: float)

    # The 7 days before now: connections by kind, open follow-ups (the oldest 3), the most
    # overdue, the reflection streak and the question of the week; text is the review as the
    # weekly prompt shows it.
    method Week() -> (
      from: string,
      until: string,
      connections: int,
      people: int,
      byKind: []KindCount,
      openFollowUps: int,
      followUps: []FollowUp,
      mostOverdue: []Overdue,
      streak: int,
      question: ?string,
      text: string
    )

    # People on track, due (less than a week) and overdue (a week or more); connections per week
    # over 26 weeks (oldest first) and by kind; the people due longest; the reflection streak.
    method Stats() -> (
      people: int,
      onTrack: int,
      due: int,
      overdue: int,
      untriaged: int,
      weeks: []int,
      byKind: []KindCount,
      losingTouch: []Overdue,
      streak: int
    )

    # Everyone, by name, optionally only those with a tag.
    method ListPeople(tag: ?string) -> (people: []Person)

    # Records an interaction. at is an RFC 3339 time, a date, "today", "yesterday", "3 days ago"
    # or a weekday name (the most recent one); default now. next adds follow-ups; closes closes
    # open ones by number. Logging someone you wanted to meet puts them on their cadence.
    method LogInteraction(person: string, kind: string, at: ?string, note: ?string, next: ?[]string, closes: ?[]int) -> (
      interaction: Interaction,
      person: Person,
      followUps: []FollowUp,
      closedFollowUps: []string
    )

    # Interactions, newest first, of one person or of everyone (limit, default 20).
    method History(person: ?string, limit: ?int) -> (interactions: []Interaction)

    # A birthday coming up: the day (YYYY-MM-DD) and the age then, when the year is known.
    type Birthday (personId: int, name: string, date: string, age: ?int)

    # People who are due or overdue, most overdue first (limit, default 50), and how many are due
    # in all; birthdays from today to a week ahead.
    method Due(limit: ?int) -> (people: []Person, total: int, catchUpsPerDay: float, dailyBudget: int, birthdays: []Birthday)

    # Open nudges, recent ones of any status (newest first), and the expected schedule.
    method Nudges() -> (open: []Nudge, recent: []Nudge, upcoming: []UpcomingNudge)

    # Logs an interaction (kind default "message", at now) and closes the person's open nudge.
    method Done(person: string, kind: ?string, note: ?string, next: ?[]string, closes: ?[]int) -> (
      interaction: Interaction,
      person: Person,
      closedNudges: int,
      followUps: []FollowUp,
      closedFollowUps: []string
    )

    # Not now: due not before now + duration ("3d", "1w", "2h"; default 1 day). Never brings a
    # date forward: when the person is due later anyway, changed is false and nothing changes.
    method Snooze(person: string, duration: ?string) -> (person: Person, until: string, closedNudges: int, changed: bool)

    # Skips this cycle: one cadence past the current due date, or one cadence from now when overdue.
    method Skip(person: string) -> (person: Person, until: string, closedNudges: int, changed: bool)

    # The latest delivered prompt (if any) and the next one with its time.
    method Prompt() -> (current: ?Reflection, nextText: ?string, nextAt: ?string)

    # Stores an answer to the latest delivered prompt; before the first one is delivered, to the
    # question Prompt shows next (it is delivered then, and does not come again).
    method Reflect(answer: string) -> (reflection: Reflection)

    # Delivered prompts with answers, newest first (limit, default 20).
    method Reflections(limit: ?int) -> (reflections: []Reflection, streak: int)

    # What one notification channel did with a test notification.
    type ChannelOutcome (channel: string, outcome: string)

    # Sends a sample notification through every channel (journal, desktop, hooks).
    method NotifyTest() -> (channels: []ChannelOutcome)

    # One record of an import: added, updated, unchanged or skipped (reason says why), with
    # the line of the file it came from and the fields an update changed.
    type ImportItem (line: int, name: string, outcome: string, reason: ?string, fields: []string)

    # Appends a chunk of a file to import (data: base64, at most 512 KiB decoded) to the upload
    # named upload, or to a new one when upload is null; returns its name and size so far.
    method ImportUpload(upload: ?string, data: string) -> (upload: string, size: int)

    # Imports an uploaded file in one transaction: vCard 2.1/3.0/4.0, LinkedIn's
    # Connections.csv or connectd's JSON export, told apart by content. People are matched by
    # UID, e-mail, profile URL, then exact name, and merged field by field; what was typed into
    # connectd is kept unless overwrite. every gives a cadence to those who have none (spread
    # over it); tags are added to everyone imported. strict refuses everything when a record is
    # bad; dryRun says what would happen and changes nothing. items lists at most 1000 records
    # (moreItems: how many more); run is the import's number for UndoImport (none for a dry
    # run). The upload is removed afterwards.
    method Import(
      upload: string,
      name: ?string,
      every: ?string,
      tags: ?[]string,
      overwrite: ?bool,
      strict: ?bool,
      dryRun: ?bool
    ) -> (
      format: string,
      added: int,
      updated: int,
      unchanged: int,
      skipped: int,
      items: []ImportItem,
      moreItems: int,
      catchUpsPerDay: float,
      dailyBudget: int,
      run: ?int
    )

    # An import as its journal remembers it: undoable for 30 days after it finished.
    type ImportRun (id: int, name: string, format: string, startedAt: string, finishedAt: ?string, undoneAt: ?string,
      added: int, updated: int)

    # The imports of the last 30 days, newest first.
    method ListImports() -> (imports: []ImportRun)

    # Takes an import back (run: its id, or "last" for the newest one not undone): the people
    # it added go to the trash (restorable), the fields it changed get their earlier values
    # back unless changed since, and the interactions, follow-ups, nudges and answers it added
    # go. The reply comes when it is done.
    method UndoImport(run: string) -> (run: ImportRun)

    # One person's vCard (4.0).
    type ExportCard (uid: string, name: string, text: string, file: ?string)

    # Everything out, a page at a time: format "vcard" fills cards, "json" fills page (a JSON
    # object with people, interactions, nudges, prompts, and on the first page promptEpoch).
    # Ask again with after = next until next is null.
    method Export(format: string, after: ?int, limit: ?int) -> (cards: []ExportCard, page: ?string, next: ?int)

    # A strict import met bad records, or the file cannot be imported; nothing was changed.
    error ImportFailed (message: string)

    # No person matches the query.
    error PersonNotFound (query: string, message: string)

    # The query matches several people; candidates names them with their ids.
    error AmbiguousName (query: string, candidates: []string, message: string)

    # A person with this exact name exists already.
    error PersonExists (name: string, id: int, message: string)

    # The state database could not be written (disk full, read-only, ...); nothing was changed.
    error StorageFailed (message: string)

    # The message was not a JSON object with a method name; the connection is closed.
    error MalformedMessage (message: string)

    # The message exceeded limit bytes; the connection is closed.
    error MessageTooLarge (limit: int, message: string)

    # Reflect was called with no prompt to answer (prompts are off).
    error NoPrompt (message: string)

    # The daemon would not serve this connection (another user, or too many busy clients).
    error ConnectionRefused (message: string)

    # An unexpected failure inside the daemon; nothing was changed.
    error InternalError (message: string)
    """

    /// The description of the standard service interface, for completeness of GetInterfaceDescription.
    public static let serviceText = """
    # The Varlink Service Interface is provided by every varlink service. It
    # describes the service and the interfaces it implements.
    interface org.varlink.service

    # Get a list of all the interfaces a service provides and information
    # about the implementation.
    method GetInfo() -> (
      vendor: string,
      product: string,
      version: string,
      url: string,
      interfaces: []string
    )

    # Get the description of an interface that is implemented by this service.
    method GetInterfaceDescription(interface: string) -> (description: string)

    # The requested interface was not found.
    error InterfaceNotFound (interface: string)

    # The requested method was not found
    error MethodNotFound (method: string)

    # The interface defines the requested method, but the service does not
    # implement it.
    error MethodNotImplemented (method: string)

    # One of the passed parameters is invalid.
    error InvalidParameter (parameter: string)
    """
}
