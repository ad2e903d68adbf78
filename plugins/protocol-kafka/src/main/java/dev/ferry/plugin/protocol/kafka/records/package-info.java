/**
 * Record bytes on their way from the log to the socket without passing through the heap: a log slice presented to
 * kafka-clients as records ({@link dev.ferry.plugin.protocol.kafka.records.LogSliceRecords}), and a serialized
 * response presented to Netty as a {@code FileRegion} ({@link dev.ferry.plugin.protocol.kafka.records.SendRegion}),
 * which an NIO socket writes with {@code FileChannel.transferTo} (sendfile).
 */
package dev.ferry.plugin.protocol.kafka.records;
