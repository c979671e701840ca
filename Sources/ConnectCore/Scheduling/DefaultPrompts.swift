/// The prompt library shipped in `seeds/prompts.txt`, embedded so that an installed binary needs no
/// data files. `PromptLibraryTests` checks that this copy equals the seeds file byte for byte.
public enum DefaultPrompts {
    public static let text = #"""
# connectd's weekly reflection prompts: one per line, "id | text". Ids are stable: never reuse one.
# The daemon asks them in this order, none twice until all have been asked. Embedded copy:
# Sources/ConnectCore/Scheduling/DefaultPrompts.swift (a test keeps the two identical).
learned-from | Who did you learn something from this week, and did you tell them?
help-unasked | Who could you help this week without being asked? What would it take?
read-someone | What did you read this week that someone you know wrote? Did you reply?
thank-online | Whom did you meet online recently and not yet thank or follow up with?
coffee-made | Which coffee, lunch or call this week was with someone you chose, not someone who chose you?
care-about | Pick one person you care about: what are they working on right now? If you don't know, ask.
introduction | Which two people you know should meet each other? Could you introduce them this week?
quiet-friend | Who has gone quiet lately? A short message costs you a minute.
celebrate | Whose good news did you hear this week? Did you celebrate it with them?
asked-question | What was the best question someone asked you this week, and who asked it?
gave-time | Where did you give your full attention to someone this week?
old-colleague | Which former colleague do you still think about? What would you say to them today?
make-time | What did you put in your calendar this week just to connect with someone?
listened | When did you listen this week more than you talked?
article-share | What did you come across this week that a specific person would love? Send it.
struggle | Who might be having a hard week? How could you check in without making it about you?
mentor | Who shaped how you work? Have you told them lately?
newcomer | Who is new around you — a team, a neighbourhood, a community — and could use a hello?
repeat-coffee | Which conversation this week do you want to continue? When?
gratitude | Name three people you are grateful for this week, and one thing each did.
promise-kept | Did you promise anyone something this week — an article, an intro, a favour? Is it done?
community | Which community gave you something this week? What could you give back?
curious | Whose work made you curious this week? Tell them what you found interesting.
reply-owed | Which message have you been meaning to answer? Answer it now, briefly.
in-person | Whom did you see in person this week, and how did it feel compared to a screen?
small-gesture | What small gesture from someone else made your week better?
long-distance | Who lives far away that you would like to hear from? Reach out first.
disagreement | Whom did you disagree with respectfully this week, and what did you learn?
credit | Whom did you give credit to this week — publicly, by name?
skills | What does someone you know do brilliantly? Have you told them, or asked them to teach you?
first-contact | Whom did you reach out to for the first time this week? How did it go?
support-project | Whose project, talk or launch could you support this week by showing up or sharing it?
lunch-plan | Which lunch could you plan for next week, and with whom?
follow-up | Whose news from your last conversation should you follow up on?
family | Which family member deserves a call this week, just because?
neighbour | Do you know your neighbours' names? Which one could you greet properly this week?
remember-detail | What detail about someone did you remember this week, and did it matter to them?
ask-help | Whom could you ask for help this week? Asking is also a way to connect.
online-friend | Which online friendship could become a call or a meeting?
energy | Which conversation this week gave you energy? Who was it with?
neglected | Who did you mean to contact this month and didn't? What is the smallest first step?
week-ahead | Looking at next week: where is there room for one unhurried conversation?
kindness | What kindness did you see someone do this week? Did you tell them you noticed?
teacher | Who taught you something without meaning to this week?

"""#

    /// The parsed default library. A failure is a build defect (a test checks the text): the
    /// daemon and the simulator refuse to start with it rather than run without prompts.
    public static func load() throws(CoreError) -> PromptLibrary {
        try PromptLibrary(text: text)
    }
}
