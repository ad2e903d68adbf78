package dev.ferry.kernel.async;

import java.util.concurrent.ThreadFactory;

/** Threads of the broker's background work, which never keep the JVM from exiting. */
public final class DaemonThreads {

    private DaemonThreads() {
    }

    /** Makes daemon threads with this name, for an executor of one thread. */
    public static ThreadFactory named(String name) {
        return task -> {
            Thread thread = new Thread(task, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
