package dev.ferry.coordinator.runtime;

import java.util.Iterator;
import java.util.Optional;
import org.apache.kafka.common.record.ControlRecordType;
import org.apache.kafka.common.record.EndTransactionMarker;
import org.apache.kafka.common.record.Record;
import org.apache.kafka.common.record.RecordBatch;

/** Reads the control batches of a log: Kafka writes one control record in each. */
public final class ControlBatches {

    private ControlBatches() {
    }

    /**
     * The commit or abort marker a control batch holds; empty for any other kind of control record, such as Kafka's
     * LEADER_CHANGE.
     */
    public static Optional<EndTransactionMarker> transactionMarker(RecordBatch controlBatch) {
        Iterator<Record> records = controlBatch.iterator();
        if (!records.hasNext()) {
            return Optional.empty();
        }
        Record control = records.next();
        ControlRecordType type = ControlRecordType.parse(control.key());
        return type == ControlRecordType.COMMIT || type == ControlRecordType.ABORT
                ? Optional.of(EndTransactionMarker.deserialize(control))
                : Optional.empty();
    }
}
