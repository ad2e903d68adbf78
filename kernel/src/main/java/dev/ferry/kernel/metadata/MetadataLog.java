package dev.ferry.kernel.metadata;

import dev.ferry.kernel.store.PropertiesFile;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.errors.CorruptRecordException;
import org.apache.kafka.common.record.FileLogInputStream.FileChannelRecordBatch;
import org.apache.kafka.common.record.FileRecords;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.Record;
import org.apache.kafka.common.record.RecordBatch;
import org.apache.kafka.common.record.SimpleRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The metadata log: record batches in Kafka's v2 format in segment files named by their base offset
 * ({@code 00000000000000000000.log}), one batch per change, each forced to disk before its write returns. At open a
 * torn or corrupt tail of the last segment (a crash during a write) is cut off. A snapshot lets the segments it
 * covers go: {@link #roll} starts a new segment there and deletes the older ones.
 */
final class MetadataLog implements AutoCloseable {

    static final String SUFFIX = ".log";
    private static final Pattern SEGMENT_NAME = Pattern.compile("(\\d{20})\\.log");

    private static final Logger LOG = LoggerFactory.getLogger(MetadataLog.class);

    private final Path directory;
    /** The segments by base offset; the last one is written to. */
    private final TreeMap<Long, FileRecords> segments;
    private long nextOffset;

    private MetadataLog(Path directory, TreeMap<Long, FileRecords> segments, long nextOffset) {
        this.directory = directory;
        this.segments = segments;
        this.nextOffset = nextOffset;
    }

    /**
     * Opens the log in {@code directory}, replaying every record from {@code fromOffset} (a snapshot's offset) on.
     *
     * @return the log, positioned after its last whole batch
     * @throws IOException when the log does not reach back to {@code fromOffset}, or a segment before the last is
     *     corrupt
     */
    static MetadataLog open(Path directory, long fromOffset, Consumer<MetadataRecord> replay) throws IOException {
        Files.createDirectories(directory);
        TreeMap<Long, FileRecords> segments = new TreeMap<>();
        try {
            for (long baseOffset : baseOffsets(directory)) {
                segments.put(baseOffset, FileRecords.open(segmentFile(directory, baseOffset).toFile()));
            }
            if (segments.isEmpty()) {
                segments.put(fromOffset, FileRecords.open(segmentFile(directory, fromOffset).toFile()));
                PropertiesFile.forceDirectory(directory);
            }
            if (segments.firstKey() > fromOffset) {
                throw new IOException("The metadata log in " + directory + " starts at offset " + segments.firstKey()
                        + ", after the snapshot at " + fromOffset + ": records are missing");
            }
            long next = segments.firstKey();
            for (var segment : segments.entrySet()) {
                boolean last = segment.getKey().equals(segments.lastKey());
                next = replaySegment(directory, segment.getKey(), segment.getValue(), next, fromOffset, last, replay);
            }
            return new MetadataLog(directory, segments, next);
        } catch (IOException | RuntimeException e) {
            for (FileRecords segment : segments.values()) {
                try {
                    segment.closeHandlers();
                } catch (IOException closing) {
                    e.addSuppressed(closing);
                }
            }
            throw e;
        }
    }

    /** Reads a segment's batches in order; cuts a last segment at the first bad batch and fails on another. */
    private static long replaySegment(Path directory, long baseOffset, FileRecords segment, long expectedOffset,
                                      long fromOffset, boolean last, Consumer<MetadataRecord> replay)
            throws IOException {
        if (baseOffset != expectedOffset) {
            throw new IOException("Metadata log segment " + baseOffset + " in " + directory + " does not follow "
                    + "the one before, which ends at offset " + expectedOffset);
        }
        long next = expectedOffset;
        int validBytes = 0;
        String problem = null;
        try {
            for (FileChannelRecordBatch batch : segment.batches()) {
                problem = invalid(batch, next);
                if (problem != null) {
                    break;
                }
                if (batch.lastOffset() >= fromOffset) {
                    for (Record record : batch) {
                        replay.accept(MetadataRecords.decode(record.value()));
                    }
                }
                next = batch.nextOffset();
                validBytes = batch.position() + batch.sizeInBytes();
            }
        } catch (CorruptRecordException e) {
            problem = e.getMessage();
        }
        if (problem == null && validBytes < segment.sizeInBytes()) {
            problem = "a torn batch at the end";
        }
        if (problem != null) {
            if (!last) {
                throw new IOException("Metadata log segment " + baseOffset + " in " + directory
                        + " is corrupt at byte " + validBytes + ": " + problem);
            }
            LOG.warn("Cutting the metadata log in {} at offset {} (byte {} of segment {}): {}", directory, next,
                    validBytes, baseOffset, problem);
            segment.truncateTo(validBytes);
            segment.flush();
        }
        return next;
    }

    private static String invalid(RecordBatch batch, long expectedOffset) {
        if (batch.magic() != RecordBatch.MAGIC_VALUE_V2) {
            return "a batch of magic " + batch.magic();
        }
        if (!batch.isValid()) {
            return "a batch whose CRC does not match";
        }
        if (batch.baseOffset() != expectedOffset) {
            return "a batch at offset " + batch.baseOffset() + " where " + expectedOffset + " was expected";
        }
        return null;
    }

    /** The bytes of every segment. */
    long sizeInBytes() {
        return segments.values().stream().mapToLong(FileRecords::sizeInBytes).sum();
    }

    /** The offset the next record gets. */
    long nextOffset() {
        return nextOffset;
    }

    /**
     * Appends the records as one batch, stamped {@code now}, and forces it to disk.
     *
     * @return the batch's size in bytes
     */
    int append(List<MetadataRecord> records, long now) throws IOException {
        SimpleRecord[] encoded = records.stream()
                .map(record -> new SimpleRecord(now, null, MetadataRecords.encode(record)))
                .toArray(SimpleRecord[]::new);
        MemoryRecords batch = MemoryRecords.withRecords(nextOffset, Compression.NONE, encoded);
        FileRecords active = segments.lastEntry().getValue();
        int sizeBefore = active.sizeInBytes();
        try {
            active.append(batch);
            active.flush();
        } catch (IOException e) {
            active.truncateTo(sizeBefore);
            throw e;
        }
        nextOffset += records.size();
        return batch.sizeInBytes();
    }

    /** Starts a new segment at the next offset and deletes the older ones: a snapshot now holds their records. */
    void roll() throws IOException {
        if (segments.lastKey() == nextOffset) {
            return;
        }
        segments.put(nextOffset, FileRecords.open(segmentFile(directory, nextOffset).toFile()));
        PropertiesFile.forceDirectory(directory);
        List<Long> older = new ArrayList<>(segments.headMap(nextOffset).keySet());
        for (long baseOffset : older) {
            segments.remove(baseOffset).deleteIfExists();
        }
        PropertiesFile.forceDirectory(directory);
    }

    @Override
    public void close() throws IOException {
        for (FileRecords segment : segments.values()) {
            segment.close();
        }
    }

    private static List<Long> baseOffsets(Path directory) throws IOException {
        List<Long> offsets = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "*" + SUFFIX)) {
            for (Path file : files) {
                Matcher name = SEGMENT_NAME.matcher(file.getFileName().toString());
                if (name.matches()) {
                    offsets.add(Long.parseLong(name.group(1)));
                }
            }
        }
        offsets.sort(null);
        return offsets;
    }

    static Path segmentFile(Path directory, long baseOffset) {
        return directory.resolve(String.format("%020d", baseOffset) + SUFFIX);
    }
}
