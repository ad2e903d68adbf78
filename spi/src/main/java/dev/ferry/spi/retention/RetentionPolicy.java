package dev.ferry.spi.retention;

/**
 * Decides how much of a partition log retention may delete. A topic picks its policy by name in its
 * {@code cleanup.policy} config; {@code delete} (by {@code retention.ms} and {@code retention.bytes}) is built in.
 * A topic naming a policy that no installed plugin provides cannot be created.
 *
 * <p>The broker calls {@link #retainFrom} from one scheduler thread, once per partition per check, and deletes
 * whole closed segments below the offset it returns: never the active segment, never past the high watermark.
 * A policy must be a pure function of its context: quick, no I/O beyond what the context offers, no state
 * between calls.
 */
public interface RetentionPolicy extends CleanupPolicy {

    /**
     * The offset the log should keep from: segments whose records all lie below it are deleted.
     *
     * @return an offset from {@link RetentionContext#logStartOffset()} (delete nothing) upward; the broker rounds
     *     it down to the start of a closed segment
     */
    long retainFrom(RetentionContext context);
}
