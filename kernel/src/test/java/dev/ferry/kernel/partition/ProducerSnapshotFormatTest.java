package dev.ferry.kernel.partition;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.File;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.kafka.storage.internals.log.BatchMetadata;
import org.apache.kafka.storage.internals.log.ProducerStateEntry;
import org.apache.kafka.storage.internals.log.ProducerStateManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Our producer snapshots against Apache Kafka's own reader and writer of {@code .snapshot} files. */
class ProducerSnapshotFormatTest {

    @TempDir
    Path directory;

    @Test
    void kafkaReadsWhatWeWrite() throws Exception {
        // Given
        ProducerEntry idle = ProducerEntry.restored(7, (short) 2, 19, 1_000, 4, 1_700_000_000_000L, 3, -1);
        ProducerEntry inTransaction = ProducerEntry.restored(8, (short) 0, 0, 1_010, 0, 1_700_000_000_500L, -1,
                1_010);
        File file = directory.resolve("00000000000000001020.snapshot").toFile();

        // When
        Files.write(file.toPath(), bytes(ProducerSnapshotFormat.encode(List.of(idle, inTransaction))));
        List<ProducerStateEntry> read = ProducerStateManager.readSnapshot(file);

        // Then
        assertEquals(2, read.size());
        ProducerStateEntry first = read.get(0);
        assertEquals(7, first.producerId());
        assertEquals(2, first.producerEpoch());
        assertEquals(15, first.firstSeq());
        assertEquals(19, first.lastSeq());
        assertEquals(996, first.firstDataOffset());
        assertEquals(1_000, first.lastDataOffset());
        assertEquals(3, first.coordinatorEpoch());
        assertEquals(OptionalLong.empty(), first.currentTxnFirstOffset());
        assertEquals(OptionalLong.of(1_010), read.get(1).currentTxnFirstOffset());
    }

    @Test
    void weReadWhatKafkaWrites() throws Exception {
        // Given
        File file = directory.resolve("00000000000000000050.snapshot").toFile();
        ProducerStateManager.writeSnapshot(file, Map.of(9L, new ProducerStateEntry(9, (short) 1, 5,
                1_700_000_000_000L, OptionalLong.of(40), Optional.of(new BatchMetadata(11, 45, 2,
                1_700_000_000_000L)))), false);

        // When
        List<ProducerEntry> read = ProducerSnapshotFormat.decode(ByteBuffer.wrap(Files.readAllBytes(file.toPath())));

        // Then
        assertEquals(1, read.size());
        ProducerEntry entry = read.get(0);
        assertEquals(9, entry.producerId());
        assertEquals(1, entry.epoch());
        assertEquals(11, entry.lastSequence());
        assertEquals(45, entry.lastDataOffset());
        assertEquals(2, entry.lastBatchOffsetDelta());
        assertEquals(5, entry.coordinatorEpoch());
        assertEquals(40, entry.transactionFirstOffset());
    }

    @Test
    void aDamagedSnapshotIsRefused() {
        ByteBuffer snapshot = ProducerSnapshotFormat.encode(List.of(ProducerEntry.restored(7, (short) 2, 19, 1_000, 4,
                1_700_000_000_000L, 3, -1)));
        snapshot.put(snapshot.limit() - 1, (byte) 1);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ProducerSnapshotFormat.decode(snapshot));

        assertEquals(true, e.getMessage().contains("CRC"), e.getMessage());
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }
}
