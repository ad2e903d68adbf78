package dev.ferry.plugin.protocol.kafka.api;

import org.apache.kafka.common.security.auth.KafkaPrincipal;

/** The user a client's quotas are looked up for: its principal's name. */
final class QuotaUser {

    private QuotaUser() {
    }

    /** Without authentication every client is Kafka's {@code ANONYMOUS} principal. */
    static String of(RequestContext context) {
        return KafkaPrincipal.ANONYMOUS.getName();
    }
}
