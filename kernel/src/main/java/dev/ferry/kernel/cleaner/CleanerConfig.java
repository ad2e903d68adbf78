package dev.ferry.kernel.cleaner;

/**
 * The log cleaner's settings, Kafka's broker keys.
 *
 * @param enabled {@code log.cleaner.enable}: whether compacted topics are cleaned at all
 * @param threads {@code log.cleaner.threads}: how many logs are cleaned at once
 * @param dedupeBufferBytes {@code log.cleaner.dedupe.buffer.size}: the memory all threads' compactions may take
 *     together for their state (Kafka's offset map)
 * @param ioBufferBytes {@code log.cleaner.io.buffer.size}: how much of a log the cleaner reads at once
 * @param ioMaxBytesPerSecond {@code log.cleaner.io.max.bytes.per.second}: the cleaner's read and write rate, all
 *     threads together
 * @param backoffMs {@code log.cleaner.backoff.ms}: how long a thread waits when no log needs cleaning
 */
public record CleanerConfig(boolean enabled, int threads, long dedupeBufferBytes, int ioBufferBytes,
                            double ioMaxBytesPerSecond, long backoffMs) {

    /** The memory one thread's compaction may take. */
    long memoryPerThread() {
        return dedupeBufferBytes / threads;
    }
}
