package dev.ferry.benchmarks.storage;

import dev.ferry.spi.storage.LogSlice;
import dev.ferry.spi.storage.PartitionLog;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
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
 * A fetch's offset lookup: {@code read(offset, maxBytes, logEndOffset, true)} at a random offset of a log of
 * {@code logMegabytes} of 1 KB batches, as a consumer's fetch at any position asks for. The slice is only
 * located, not transferred (the transfer is sendfile, outside the engine's work).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class OffsetLookupBenchmark {

    @Param({"256"})
    public int logMegabytes;

    /**
     * The fetch size: 1 MB is the consumer's default {@code max.partition.fetch.bytes}; a small one shows how much
     * of the time goes to finding the first batch and how much to sizing the slice.
     */
    @Param({"1048576", "16384"})
    public int maxBytes;

    private TempLog tempLog;
    private PartitionLog log;
    private long startOffset;
    private long endOffset;

    /** Each benchmark thread draws its own offsets. */
    @State(Scope.Thread)
    public static class Offsets {

        private final SplittableRandom random = new SplittableRandom(42);

        long next(OffsetLookupBenchmark benchmark) {
            return random.nextLong(benchmark.startOffset, benchmark.endOffset);
        }
    }

    @Setup(Level.Trial)
    public void writeLog() throws IOException {
        tempLog = TempLog.open();
        log = tempLog.log();
        ByteBuffer template = Batches.batchOf(1024);
        long target = (long) logMegabytes << 20;
        while (log.sizeInBytes() < target) {
            log.append(Batches.append(template, log.logEndOffset()));
        }
        startOffset = log.logStartOffset();
        endOffset = log.logEndOffset();
        System.out.println("\nlog of " + log.sizeInBytes() + " bytes, offsets " + startOffset + " to " + endOffset);
    }

    @TearDown(Level.Trial)
    public void deleteLog() throws IOException {
        tempLog.close();
    }

    @Benchmark
    public int readAtRandomOffset(Offsets offsets) throws IOException {
        LogSlice slice = log.read(offsets.next(this), maxBytes, endOffset, true);
        return slice.sizeInBytes();
    }
}
