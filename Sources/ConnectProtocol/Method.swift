/// Every method the daemon answers, by its fully qualified Varlink name. The daemon dispatches on this
/// with one exhaustive switch; the client uses it to name what it calls.
public enum Method: String, CaseIterable, Sendable {
    case getInfo = "org.varlink.service.GetInfo"
    case getInterfaceDescription = "org.varlink.service.GetInterfaceDescription"
    case status = "io.connectd.Status"
    case addPerson = "io.connectd.AddPerson"
    case editPerson = "io.connectd.EditPerson"
    case removePerson = "io.connectd.RemovePerson"
    case showPerson = "io.connectd.ShowPerson"
    case listPeople = "io.connectd.ListPeople"
    case logInteraction = "io.connectd.LogInteraction"
    case history = "io.connectd.History"
    case due = "io.connectd.Due"
    case nudges = "io.connectd.Nudges"
    case done = "io.connectd.Done"
    case snooze = "io.connectd.Snooze"
    case skip = "io.connectd.Skip"
    case prompt = "io.connectd.Prompt"
    case reflect = "io.connectd.Reflect"
    case reflections = "io.connectd.Reflections"
    case notifyTest = "io.connectd.NotifyTest"
}
