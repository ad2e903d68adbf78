package dev.ferry.spi.storage;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A partition log on its way to another log directory, as Kafka's "future" replica: a copy in the destination that
 * catches up with the current log while the current log keeps serving, then takes its place.
 *
 * <p>The broker drives a move from one thread of its own, never a network thread, since every call here may block
 * on disk I/O: {@link #copy} until it reports the copy caught up, then {@link #complete} while it holds the
 * current log's appends and deletions, or {@link #abort} at any point before.
 */
public interface LogMove {

    /** The log directory ({@code log.dirs} entry) the log moves to. */
    Path logDirectory();

    /** The offset after the last record copied so far. */
    long logEndOffset();

    /** The size in bytes of the copy so far. */
    long sizeInBytes();

    /**
     * Copies up to about {@code maxBytes} (at least one whole batch) of what the current log holds beyond the copy.
     * Runs while the current log takes appends and deletions. When it finds the copy caught up it forces the copy to
     * disk, so that {@link #complete} has little left to do.
     *
     * @return the bytes copied; fewer than {@code maxBytes} when the copy caught up with the current log
     */
    long copy(int maxBytes) throws IOException;

    /**
     * Copies the rest, forces it to disk and puts the copy in the current log's place. Precondition: no append or
     * deletion runs on the current log until this returns (the broker holds them). Afterwards the current log takes
     * no more appends; slices already read from it stay readable for {@code file.delete.delay.ms}, after which its
     * files go. A stop at any point leaves either the current log or the complete copy, never neither.
     *
     * @return the log that replaces the current one, with the same offsets and records, open in {@link #logDirectory}
     */
    PartitionLog complete() throws IOException;

    /** Gives the move up and deletes the copy; the current log is left as it was. */
    void abort() throws IOException;
}
