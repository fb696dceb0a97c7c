#if canImport(Glibc)
    import Glibc
#endif

/// Signal-mask hygiene at start-up.
enum SignalMask {
    /// Unblocks every signal in the calling (main) thread. A parent may start us with signals
    /// blocked (a child spawned from a libdispatch worker inherits its all-blocked mask); a daemon
    /// that cannot receive SIGTERM or SIGHUP cannot be stopped or reloaded.
    static func unblockAll() {
        var empty = sigset_t()
        sigemptyset(&empty)
        pthread_sigmask(SIG_SETMASK, &empty, nil)
    }
}
