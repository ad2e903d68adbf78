package dev.ferry.kernel.async;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/** Threads of the broker's background work, which never keep the JVM from exiting. */
public final class DaemonThreads {

    private DaemonThreads() {
    }

    /** Makes daemon threads named {@code <prefix>-0}, {@code <prefix>-1}..., for an executor of several threads. */
    public static ThreadFactory numbered(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return task -> named(prefix + "-" + count.getAndIncrement()).newThread(task);
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
