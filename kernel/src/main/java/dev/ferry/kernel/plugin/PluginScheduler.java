package dev.ferry.kernel.plugin;

import dev.ferry.spi.time.Clock;
import dev.ferry.spi.time.Scheduler;

/**
 * The broker's scheduler as a plugin gets it in its context: each task runs with the plugin's class loader as the
 * thread's context, as every call into a plugin does.
 */
public final class PluginScheduler implements Scheduler {

    private final Scheduler broker;
    private final LoadedExtension<?> extension;

    public PluginScheduler(Scheduler broker, LoadedExtension<?> extension) {
        this.broker = broker;
        this.extension = extension;
    }

    @Override
    public Clock clock() {
        return broker.clock();
    }

    @Override
    public Timeout schedule(long delayMs, Runnable task) {
        return broker.schedule(delayMs, inPlugin(task));
    }

    @Override
    public Timeout scheduleRepeatedly(long periodMs, Runnable task) {
        return broker.scheduleRepeatedly(periodMs, inPlugin(task));
    }

    private Runnable inPlugin(Runnable task) {
        return () -> extension.call(() -> {
            task.run();
            return null;
        });
    }
}
