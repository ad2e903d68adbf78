package dev.ferry.benchmarks.storage;

import dev.ferry.spi.storage.PartitionLog;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Appends one batch per operation to a partition log, as the kernel does for a produce of one batch: a fresh
 * buffer, offsets assigned in place, {@code PartitionLog.append}. No flush (Kafka's default: the page cache and
 * the OS write back). Each iteration starts with a new, empty engine and log, and moves on to a new log every GiB
 * (rarely, outside most operations); the temporary directory holds at most one iteration's bytes.
 *
 * <p>Score: appends per second; the {@code bytes} counter is the same rate in bytes per second.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class AppendBenchmark {

    /**
     * When a log holds this much, appends move on to a new partition's log: a fast disk fills 2 GiB in a few
     * seconds, and one segment cannot grow past 2 GiB (Kafka's limit too: positions are ints).
     */
    private static final long LOG_BYTES = 1L << 30;

    /** The size the batch aims at; the exact size of a batch is printed at setup. */
    @Param({"1024", "16384"})
    public int batchBytes;

    private ByteBuffer template;
    private TempLog tempLog;
    private PartitionLog log;

    /** Bytes appended, reported by JMH as a rate next to the score. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Written {

        public long bytes;

        @Setup(Level.Iteration)
        public void reset() {
            bytes = 0;
        }
    }

    @Setup(Level.Trial)
    public void buildBatch() {
        template = Batches.batchOf(batchBytes);
        System.out.println("\nbatch of about " + batchBytes + " bytes: " + template.remaining() + " bytes");
    }

    @Setup(Level.Iteration)
    public void openLog() throws IOException {
        tempLog = TempLog.open();
        log = tempLog.log();
    }

    @TearDown(Level.Iteration)
    public void deleteLog() throws IOException {
        tempLog.close();
    }

    @Benchmark
    public long append(Written written) throws IOException {
        if (log.sizeInBytes() >= LOG_BYTES) {
            log = tempLog.openNext();
        }
        log.append(Batches.append(template, log.logEndOffset()));
        written.bytes += template.remaining();
        return log.logEndOffset();
    }
}
