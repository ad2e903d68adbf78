package dev.ferry.kernel.cleaner;

import dev.ferry.spi.retention.LogRecord;
import dev.ferry.spi.retention.RecordHeader;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.common.record.Record;
import org.apache.kafka.common.record.RecordBatch;

/** A record of a batch as a compaction policy sees it; valid for one call, as the record it wraps. */
final class RecordView implements LogRecord {

    private final RecordBatch batch;
    private final Record record;
    private final long nowMs;

    RecordView(RecordBatch batch, Record record, long nowMs) {
        this.batch = batch;
        this.record = record;
        this.nowMs = nowMs;
    }

    @Override
    public long offset() {
        return record.offset();
    }

    @Override
    public long timestamp() {
        return record.timestamp();
    }

    @Override
    public ByteBuffer key() {
        return record.hasKey() ? record.key().asReadOnlyBuffer() : null;
    }

    @Override
    public ByteBuffer value() {
        return record.hasValue() ? record.value().asReadOnlyBuffer() : null;
    }

    @Override
    public List<RecordHeader> headers() {
        return Arrays.stream(record.headers())
                .map(header -> new RecordHeader(header.key(),
                        header.value() == null ? null : ByteBuffer.wrap(header.value()).asReadOnlyBuffer()))
                .toList();
    }

    @Override
    public boolean deleteHorizonPassed() {
        return batch.deleteHorizonMs().isPresent() && nowMs >= batch.deleteHorizonMs().getAsLong();
    }
}
