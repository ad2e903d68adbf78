package dev.ferry.services.broker;

/**
 * The outcome of an append.
 *
 * @param baseOffset the offset of the first appended record
 * @param logAppendTime the broker's append time, or -1 when the topic keeps the producer's create time
 * @param logStartOffset the partition's log start offset after the append
 */
public record AppendResult(long baseOffset, long logAppendTime, long logStartOffset) {
}
