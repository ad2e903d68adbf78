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
import org.apache.kafka.common.protocol.types.Field;
import org.apache.kafka.common.protocol.types.Schema;
import org.apache.kafka.common.protocol.types.Struct;
import org.apache.kafka.common.protocol.types.Type;
import org.apache.kafka.common.record.ControlRecordType;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.MemoryRecordsBuilder;
import org.apache.kafka.common.record.RecordBatch;
import org.apache.kafka.common.record.TimestampType;
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
    /** Kafka's {@code SnapshotHeaderRecord} and {@code SnapshotFooterRecord}, version 0. */
    private static final Schema HEADER_V0 = new Schema(
            new Field("version", Type.INT16),
            new Field("last_contained_log_timestamp", Type.INT64),
            Field.TaggedFieldsSection.of());
    private static final Schema FOOTER_V0 = new Schema(
            new Field("version", Type.INT16),
            Field.TaggedFieldsSection.of());

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

    /** Writes a snapshot taken at {@code offset}, its records stamped {@code now}, then deletes the older ones. */
    static void write(Path directory, long offset, List<MetadataRecord> records, long now) throws IOException {
        Path file = directory.resolve(String.format("%020d-%010d.checkpoint", offset, EPOCH));
        Path partial = file.resolveSibling(file.getFileName() + PARTIAL_SUFFIX);
        try (FileChannel channel = FileChannel.open(partial, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
            long position = 0;
            writeFully(channel, controlBatch(position, now, ControlRecordType.SNAPSHOT_HEADER, new Struct(HEADER_V0)
                    .set("version", (short) 0)
                    .set("last_contained_log_timestamp", now)));
            position++;
            for (int from = 0; from < records.size(); from += RECORDS_PER_BATCH) {
                SimpleRecord[] batch = records.subList(from, Math.min(records.size(), from + RECORDS_PER_BATCH))
                        .stream()
                        .map(record -> new SimpleRecord(now, null, MetadataRecords.encode(record)))
                        .toArray(SimpleRecord[]::new);
                writeFully(channel, MemoryRecords.withRecords(position, Compression.NONE, batch).buffer());
                position += batch.length;
            }
            writeFully(channel, controlBatch(position, now, ControlRecordType.SNAPSHOT_FOOTER, new Struct(FOOTER_V0)
                    .set("version", (short) 0)));
            channel.force(true);
        }
        Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        PropertiesFile.forceDirectory(directory);
        deleteOlderThan(directory, offset);
    }

    /** A control batch of one record, as Kafka's snapshot writer makes its header and footer. */
    private static ByteBuffer controlBatch(long offset, long timestamp, ControlRecordType type, Struct value) {
        value.set("_tagged_fields", new TreeMap<Integer, Object>());
        ByteBuffer valueBytes = ByteBuffer.allocate(value.sizeOf());
        value.writeTo(valueBytes);
        ByteBuffer buffer = ByteBuffer.allocate(256);
        MemoryRecordsBuilder builder = new MemoryRecordsBuilder(buffer, RecordBatch.MAGIC_VALUE_V2, Compression.NONE,
                TimestampType.CREATE_TIME, offset, timestamp, RecordBatch.NO_PRODUCER_ID,
                RecordBatch.NO_PRODUCER_EPOCH, RecordBatch.NO_SEQUENCE, false, true, EPOCH, buffer.capacity());
        builder.appendControlRecord(timestamp, type, valueBytes.flip());
        return builder.build().buffer();
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
