package dev.ferry.coordinator.group.classic;

import dev.ferry.coordinator.group.records.GroupRecord;
import dev.ferry.services.broker.BrokerError;
import dev.ferry.services.broker.BrokerException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * What an operation on a shard's classic groups writes, and the answers it settled, which wait for those records:
 * a member is told of a generation or an assignment only once the log holds it, as in Kafka.
 */
public final class ClassicWrites {

    private final List<GroupRecord> records = new ArrayList<>();
    private final List<Answer<?>> answers = new ArrayList<>();

    void write(GroupRecord record) {
        records.add(record);
    }

    <T> void answer(CompletableFuture<T> future, T value) {
        answers.add(new Answer<>(future, value));
    }

    /** The records written since the last call, which the caller appends. */
    public List<GroupRecord> takeRecords() {
        List<GroupRecord> taken = List.copyOf(records);
        records.clear();
        return taken;
    }

    /**
     * Hands the answers settled since the last call to {@code committed}: given once it completes, or each failed
     * with {@code NOT_COORDINATOR} (the member finds the coordinator again) if the records could not be written.
     */
    public void answerWhen(CompletableFuture<Void> committed) {
        List<Answer<?>> taken = List.copyOf(answers);
        answers.clear();
        committed.whenComplete((done, failure) -> taken.forEach(answer -> answer.give(failure)));
    }

    private record Answer<T>(CompletableFuture<T> future, T value) {

        void give(Throwable failure) {
            if (failure == null) {
                future.complete(value);
            } else {
                future.completeExceptionally(new BrokerException(BrokerError.NOT_COORDINATOR,
                        "The group's change could not be written.", failure));
            }
        }
    }
}
