import CLinux

/// For a thread that works for the loop (a reader, the checkpointer): names it as `ps -T` and
/// `top -H` show it (cut to 15 bytes) and lowers its priority (nice 10), so that on a busy
/// machine the loop's thread, which answers clients, gets the CPU first.
public func becomeBackgroundThread(named name: String) {
    connectd_background_thread(String(name.utf8.prefix(15)) ?? "connectd")
}
