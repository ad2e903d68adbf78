package dev.ferry.kernel.quota;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ferry.services.broker.BrokerError;
import dev.ferry.services.quota.AlterResult;
import dev.ferry.services.quota.ClientQuotaAlteration;
import dev.ferry.services.quota.ClientQuotaAlteration.Op;
import dev.ferry.services.quota.ClientQuotaEntity;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Kafka 4.1's controller checks, with its messages. */
class QuotaAlterationsTest {

    private static final ClientQuotaEntity APP = ClientQuotaEntity.of(ClientQuotaEntity.CLIENT_ID, "app");

    @Test
    void validChangesAreKeptAndUnchangedOnesDropped() {
        Map<ClientQuotaEntity, Map<String, Double>> stored = Map.of(APP, Map.of("producer_byte_rate", 100.0));

        QuotaAlterations.Outcome outcome = QuotaAlterations.check(List.of(new ClientQuotaAlteration(APP, List.of(
                new Op("producer_byte_rate", 100.0), new Op("consumer_byte_rate", 200.0),
                new Op("request_percentage", null)))), stored);

        assertEquals(List.of(new AlterResult(APP, BrokerError.NONE, null)), outcome.results());
        assertEquals(List.of(new ClientQuotaAlteration(APP, List.of(new Op("consumer_byte_rate", 200.0)))),
                outcome.changes());
    }

    @Test
    void badKeysValuesAndEntitiesGetKafkasMessages() {
        assertEquals("Invalid configuration key connection_creation_rate", error(APP, "connection_creation_rate", 1));
        assertEquals("Invalid configuration key unknown", error(APP, "unknown", 1));
        assertEquals("Quota producer_byte_rate must be greater than 0", error(APP, "producer_byte_rate", 0));
        assertEquals("producer_byte_rate cannot be a fractional value.", error(APP, "producer_byte_rate", 1.5));
        assertEquals("Proposed value for producer_byte_rate is too large for a LONG.",
                error(APP, "producer_byte_rate", 1e19));
        ClientQuotaEntity ip = ClientQuotaEntity.of(ClientQuotaEntity.IP, "127.0.0.1");
        assertEquals("Proposed value for connection_creation_rate is too large for an INT.",
                error(ip, "connection_creation_rate", 3e9));
        assertEquals("Invalid configuration key producer_byte_rate", error(ip, "producer_byte_rate", 1));
        assertEquals("Invalid empty client quota entity", error(new ClientQuotaEntity(Map.of()), "x", 1));
        assertEquals("Unhandled client quota entity type: group",
                error(ClientQuotaEntity.of("group", "g"), "producer_byte_rate", 1));
        assertEquals("Empty user not supported",
                error(ClientQuotaEntity.of(ClientQuotaEntity.USER, ""), "producer_byte_rate", 1));
        assertEquals("Invalid quota entity combination, IP entity shouldnot be combined with User or ClientId",
                error(new ClientQuotaEntity(Map.of("ip", "127.0.0.1", "user", "u")), "connection_creation_rate", 1));
    }

    @Test
    void aDuplicateKeyOrEntityIsRefusedAsKafkaRefusesIt() {
        QuotaAlterations.Outcome outcome = QuotaAlterations.check(List.of(
                new ClientQuotaAlteration(APP, List.of(new Op("producer_byte_rate", 1.0),
                        new Op("producer_byte_rate", 2.0)))), Map.of());

        assertEquals("Ignoring duplicate entity ClientQuotaEntity(entries={client-id=app})",
                outcome.results().get(0).message());
        assertEquals(List.of(), outcome.changes());
    }

    private static String error(ClientQuotaEntity entity, String key, double value) {
        AlterResult result = QuotaAlterations.check(List.of(new ClientQuotaAlteration(entity,
                List.of(new Op(key, value)))), Map.of()).results().get(0);
        assertEquals(BrokerError.INVALID_REQUEST, result.error());
        return result.message();
    }
}
