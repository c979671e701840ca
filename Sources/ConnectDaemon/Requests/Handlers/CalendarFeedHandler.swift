import ConnectProtocol
import ConnectServices

/// `io.connectd.CalendarFeed`: a page of the calendar file.
struct CalendarFeedHandler: MethodHandler {
    func handle(_ p: CalendarFeedParameters, in context: RequestContext) throws -> CalendarFeedReply {
        guard let cursor = p.cursor.map(CalendarFeed.Cursor.init(text:)) ?? .start else {
            throw ParameterError(name: "cursor", message: "'cursor' is not one this connectd gave out: start again without it.")
        }
        let page = try CalendarFeed.page(cursor, in: context.workspace)
        return CalendarFeedReply(text: page.text, next: page.next?.text)
    }
}
