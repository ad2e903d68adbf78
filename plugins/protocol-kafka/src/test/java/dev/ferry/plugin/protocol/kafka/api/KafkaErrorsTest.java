package dev.ferry.plugin.protocol.kafka.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.ferry.services.broker.BrokerError;
import dev.ferry.services.broker.BrokerException;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.CompletionException;
import org.apache.kafka.common.errors.CorruptRecordException;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.ApiError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class KafkaErrorsTest {

    @ParameterizedTest
    @EnumSource(BrokerError.class)
    void everyBrokerErrorHasTheKafkaErrorOfItsName(BrokerError error) {
        Errors kafka = KafkaErrors.toKafka(error);

        assertNotNull(kafka);
        String expectedName = error == BrokerError.INVALID_TOPIC ? "INVALID_TOPIC_EXCEPTION" : error.name();
        assertEquals(expectedName, kafka.name());
    }

    @Test
    void distinctBrokerErrorsStayDistinct() {
        Set<Errors> mapped = EnumSet.noneOf(Errors.class);
        for (BrokerError error : BrokerError.values()) {
            mapped.add(KafkaErrors.toKafka(error));
        }

        assertEquals(BrokerError.values().length, mapped.size());
    }

    @Test
    void aBrokerExceptionKeepsItsErrorAndMessageThroughACompletionException() {
        BrokerException failure = new BrokerException(BrokerError.OFFSET_OUT_OF_RANGE, "offset 7 is past the end");

        ApiError error = KafkaErrors.toApiError(new CompletionException(failure));

        assertEquals(Errors.OFFSET_OUT_OF_RANGE, error.error());
        assertEquals("offset 7 is past the end", error.message());
    }

    @Test
    void aKafkaApiExceptionKeepsItsError() {
        ApiError error = KafkaErrors.toApiError(new CorruptRecordException("bad crc"));

        assertEquals(Errors.CORRUPT_MESSAGE, error.error());
    }

    @Test
    void anUnexpectedFailureIsAnUnknownServerError() {
        ApiError error = KafkaErrors.toApiError(new NullPointerException("bug"));

        assertEquals(Errors.UNKNOWN_SERVER_ERROR, error.error());
    }
}
