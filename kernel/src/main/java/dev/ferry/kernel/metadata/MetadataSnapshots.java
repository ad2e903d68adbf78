package dev.ferry.kernel.metadata;

import dev.ferry.kernel.store.PropertiesFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.message.SnapshotFooterRecord;
import org.apache.kafka.common.message.SnapshotHeaderRecord;
import org.apache.kafka.common.record.ControlRecordType;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.MutableRecordBatch;
import org.apache.kafka.common.record.Record;
import org.apache.kafka.common.record.SimpleRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Snapshots of the metadata, laid out as Kafka's KRaft snapshots: a file {@code <offset>-<epoch>.checkpoint} (20 and
 * 10 digits) holding a snapshot header control batch, the records that rebuild the metadata up to (not including)
 * {@code offset}, and a footer control batch. Written to a {@code .checkpoint.part} file, forced and renamed, so a
 * snapshot under its final name is always whole.
 */
final class MetadataSnapshots {

    /** The records of a snapshot and the log offset it was taken at: the first offset it does not hold. */
    record Snapshot(long offset, List<MetadataRecord> records) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(MetadataSnapshots.class);
    private static final Pattern NAME = Pattern.compile("(\\d{20})-(\\d{10})\\.checkpoint");
    private static final String PARTIAL_SUFFIX = ".part";
    private static final int RECORDS_PER_BATCH = 1000;
    private static final int EPOCH = 0;

    private MetadataSnapshots() {
    }

    /**
     * The newest snapshot that reads whole; deletes partial snapshots a crash left.
     *
     * @return empty when there is none
     */
    static Optional<Snapshot> readNewest(Path directory) throws IOException {
        Files.createDirectories(directory);
        TreeMap<Long, Path> snapshots = new TreeMap<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                Matcher matcher = NAME.matcher(name);
                if (matcher.matches()) {
                    snapshots.put(Long.parseLong(matcher.group(1)), file);
                } else if (name.endsWith(".checkpoint" + PARTIAL_SUFFIX)) {
                    Files.delete(file);
                }
            }
        }
        for (var snapshot : snapshots.descendingMap().entrySet()) {
            try {
                return Optional.of(new Snapshot(snapshot.getKey(), read(snapshot.getValue())));
            } catch (IllegalArgumentException | KafkaException e) {
                LOG.warn("Skipping metadata snapshot {}: {}", snapshot.getValue(), e.getMessage());
            }
        }
        return Optional.empty();
    }

    private static List<MetadataRecord> read(Path file) throws IOException {
        MemoryRecords batches = MemoryRecords.readableRecords(ByteBuffer.wrap(Files.readAllBytes(file)));
        List<MetadataRecord> records = new ArrayList<>();
        boolean footer = false;
        int validBytes = 0;
        for (MutableRecordBatch batch : batches.batches()) {
            if (footer || !batch.isValid()) {
                throw new IllegalArgumentException(footer ? "batches after the footer" : "a batch with a bad CRC");
            }
            for (Record record : batch) {
                if (!batch.isControlBatch()) {
                    records.add(MetadataRecords.decode(record.value()));
                } else if (ControlRecordType.parse(record.key()) == ControlRecordType.SNAPSHOT_FOOTER) {
                    footer = true;
                }
            }
            validBytes += batch.sizeInBytes();
        }
        if (!footer || validBytes != batches.sizeInBytes()) {
            throw new IllegalArgumentException("it ends before its footer");
        }
        return records;
    }

    /** Writes a snapshot taken at {@code offset}, then deletes the older ones. */
    static void write(Path directory, long offset, List<MetadataRecord> records) throws IOException {
        Path file = directory.resolve(String.format("%020d-%010d.checkpoint", offset, EPOCH));
        Path partial = file.resolveSibling(file.getFileName() + PARTIAL_SUFFIX);
        long now = System.currentTimeMillis();
        try (FileChannel channel = FileChannel.open(partial, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
            long position = 0;
            writeFully(channel, MemoryRecords.withSnapshotHeaderRecord(position, now, EPOCH, ByteBuffer.allocate(256),
                    new SnapshotHeaderRecord().setVersion((short) 0).setLastContainedLogTimestamp(now)).buffer());
            position++;
            for (int from = 0; from < records.size(); from += RECORDS_PER_BATCH) {
                SimpleRecord[] batch = records.subList(from, Math.min(records.size(), from + RECORDS_PER_BATCH))
                        .stream()
                        .map(record -> new SimpleRecord(now, null, MetadataRecords.encode(record)))
                        .toArray(SimpleRecord[]::new);
                writeFully(channel, MemoryRecords.withRecords(position, Compression.NONE, batch).buffer());
                position += batch.length;
            }
            writeFully(channel, MemoryRecords.withSnapshotFooterRecord(position, now, EPOCH, ByteBuffer.allocate(256),
                    new SnapshotFooterRecord().setVersion((short) 0)).buffer());
            channel.force(true);
        }
        Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        PropertiesFile.forceDirectory(directory);
        deleteOlderThan(directory, offset);
    }

    private static void writeFully(FileChannel channel, ByteBuffer bytes) throws IOException {
        while (bytes.hasRemaining()) {
            channel.write(bytes);
        }
    }

    private static void deleteOlderThan(Path directory, long offset) throws IOException {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory)) {
            for (Path file : files) {
                Matcher matcher = NAME.matcher(file.getFileName().toString());
                if (matcher.matches() && Long.parseLong(matcher.group(1)) < offset) {
                    Files.delete(file);
                }
            }
        }
        PropertiesFile.forceDirectory(directory);
    }
}
