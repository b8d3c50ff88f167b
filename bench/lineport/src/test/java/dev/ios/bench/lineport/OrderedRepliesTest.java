package dev.ios.bench.lineport;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Answers leave in request order whatever order they complete in, each exactly once. */
class OrderedRepliesTest {

    @Test
    void aLaterAnswerWaitsForEveryEarlierOne() {
        List<List<String>> written = new ArrayList<>();
        OrderedReplies replies = new OrderedReplies(written::add);
        OrderedReplies.Slot first = replies.reserve();
        OrderedReplies.Slot second = replies.reserve();
        OrderedReplies.Slot third = replies.reserve();
        third.complete("3");
        second.complete("2");
        assertEquals(List.of(), written);
        first.complete("1");
        assertEquals(List.of(List.of("1", "2", "3")), written);
        assertEquals(0, replies.pending());
    }

    @Test
    void aSecondAnswerToOneRequestIsIgnored() {
        List<List<String>> written = new ArrayList<>();
        OrderedReplies replies = new OrderedReplies(written::add);
        OrderedReplies.Slot slot = replies.reserve();
        OrderedReplies.Slot next = replies.reserve();
        slot.complete("first");
        slot.complete("second");
        next.complete("next");
        assertEquals(List.of(List.of("first"), List.of("next")), written);
    }
}
