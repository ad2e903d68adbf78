package dev.ferry.spi.storage;

import dev.ferry.spi.settings.Settings;
import dev.ferry.spi.time.Scheduler;
import java.nio.file.Path;
import java.util.List;

/**
 * What the broker gives a storage engine at start.
 *
 * @param logDirectories the directories that hold partition logs ({@code log.dirs}), absolute and existing
 * @param settings the broker's configuration, defaults included; an engine reads its own keys from it
 * @param scheduler the broker's scheduler and, through {@link Scheduler#clock()}, its clock: an engine takes every
 *     time it needs (a segment's age for {@code segment.ms}, the last flush for {@code flush.ms}) from that clock and
 *     runs its background and timed work (flushes, checkpoint writes, delayed deletions) on the scheduler, not on
 *     threads or clocks of its own, so that tests can drive it by hand. Its tasks run with the engine's plugin class
 *     loader as the thread's context. The broker stops the scheduler only after {@link StorageEngine#close}: an
 *     engine cancels or ignores there the tasks it still has waiting.
 */
public record StorageContext(List<Path> logDirectories, Settings settings, Scheduler scheduler) {

    public StorageContext {
        logDirectories = List.copyOf(logDirectories);
    }
}
