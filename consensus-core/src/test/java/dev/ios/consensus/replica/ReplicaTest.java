package dev.ios.consensus.replica;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ios.consensus.entry.Entry;
import dev.ios.consensus.message.Accepted;
import dev.ios.consensus.entry.Request;
import dev.ios.consensus.message.Envelope;
import dev.ios.consensus.message.Message;
import dev.ios.consensus.quorum.QuorumSystems;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Single-replica rules that the simulator relies on, checked input by input. */
class ReplicaTest {

    private static final ReplicaConfig CONFIG = ReplicaConfig.simple(QuorumSystems.parse("strict majority", 3));
    private static final Entry ENTRY = new Entry(List.of(new Request(7, 1, 0, false, new byte[] {1})));

    private static Replica follower() {
        return new Replica(2, CONFIG, new SplittableRandom(1));
    }

    private static Output receive(Replica replica, int from, Message m) {
        return replica.step(new Input.Received(from, m));
    }

    @Test
    void acknowledgesAPrepareOnlyAfterPersistingIt() {
        Output out = receive(follower(), 1, new Message.Prepare(1, 1, ENTRY, 0));

        assertTrue(out.persist().stream().anyMatch(op -> op instanceof PersistOp.Append), "the entry is persisted");
        assertTrue(out.send().stream().noneMatch(e -> e.message() instanceof Message.PrepareOk),
                "no acknowledgement before persistence");
        assertEquals(List.of(new Envelope(2, 1, new Message.PrepareOk(1, 1))), out.sendAfterPersist());
    }

    /** The runtime's load signal: how far the log reaches above the applied index. */
    @Test
    void countsTheIndicesHeldAboveTheAppliedOne() {
        Replica replica = follower();
        assertEquals(0, replica.indicesAboveApplied(), "an empty log");

        receive(replica, 1, new Message.Prepare(1, 1, ENTRY, 0));
        assertEquals(1, replica.indicesAboveApplied(), "one entry on its way");

        receive(replica, 1, new Message.Prepare(1, 2, ENTRY, 1));
        assertEquals(1, replica.indicesAboveApplied(), "1 applied on the commit the second Prepare carries");
        assertEquals(1, replica.indexApplied());

        receive(replica, 1, new Message.Prepare(1, 3, ENTRY, 1));
        receive(replica, 1, new Message.Prepare(1, 4, ENTRY, 1));
        assertEquals(3, replica.indicesAboveApplied(), "three in flight");

        receive(replica, 1, new Message.Prepare(1, 5, ENTRY, 4));
        assertEquals(1, replica.indicesAboveApplied(), "all but the last applied");
    }

    @Test
    void persistsAHigherViewBeforeAnythingThatReliesOnIt() {
        Output out = receive(follower(), 1, new Message.NewView(4, 0));

        assertInstanceOf(PersistOp.SaveView.class, out.persist().get(0));
        assertEquals(4, ((PersistOp.SaveView) out.persist().get(0)).view());
        assertTrue(out.send().isEmpty(), "the promise waits for the view to be durable");
        assertInstanceOf(Message.NewViewOk.class, out.sendAfterPersist().get(0).message());
    }

    @Test
    void refusesAPrepareFromALowerView() {
        Replica replica = follower();
        receive(replica, 1, new Message.NewView(4, 0));

        Output out = receive(replica, 0, new Message.Prepare(3, 1, ENTRY, 0));

        assertTrue(out.persist().isEmpty(), "nothing accepted");
        assertEquals(List.of(new Envelope(2, 0, new Message.StaleView(4))), out.send());
        assertTrue(out.sendAfterPersist().isEmpty());
    }

    @Test
    void promisesOnlyStrictlyHigherViews() {
        Replica replica = follower();
        receive(replica, 1, new Message.NewView(4, 0));

        // View 4 is owned by server 1; a NewView for 1 from server 0 (lower) gets StaleView.
        Output lower = receive(replica, 0, new Message.NewView(3, 0));

        assertEquals(List.of(new Envelope(2, 0, new Message.StaleView(4))), lower.send());
        assertTrue(lower.persist().isEmpty());
    }

    @Test
    void claimsOnlyViewsItOwns() {
        Replica replica = follower();
        for (int i = 0; i < 100 && replica.role() == Replica.Role.FOLLOWER; i++) {
            replica.step(new Input.Tick());
        }

        assertEquals(Replica.Role.CANDIDATE, replica.role());
        assertEquals(2, replica.view() % 3, "server 2 owns views 2, 5, 8, ...");
    }

    @Test
    void readsWaitingForAMasterAreBounded() {
        // A follower that never hears from a master cannot serve reads; retries must not pile up.
        ReplicaConfig reads = new ReplicaConfig(QuorumSystems.parse("strict majority", 3), 0, false, false, true,
                false, true, false, 10, 0, 1, 2, 10, 8, 4, 5, 64, 16);
        Replica replica = new Replica(2, reads, new SplittableRandom(1));
        Output last = null;
        for (int i = 1; i <= 6; i++) {
            last = replica.step(new Input.Proposed(new Request(7, i, 2, true, new byte[] {1}), false));
        }

        assertEquals(5, replica.footprint().pendingReads());
        assertEquals(ClientOutcome.Kind.REJECTED, last.outcomes().get(0).kind());
    }

    @Test
    void aBurstOfReadsAtTheMasterSharesOneConfirmRound() {
        Replica master = masterWithReads();

        Output out = master.step(readsTogether(0, 1, 50));

        List<Envelope> confirms = sent(out, Message.ReadConfirm.class);
        assertEquals(List.of(1, 2), confirms.stream().map(Envelope::to).toList(), "one ReadConfirm per peer, not 50");
        assertTrue(out.readsReady().isEmpty(), "no quorum has confirmed yet");
        long round = ((Message.ReadConfirm) confirms.get(0).message()).round();

        Output confirmed = receive(master, 1, new Message.ReadConfirmOk(master.view(), round));

        assertEquals(requestIds(1, 50), readyIds(confirmed), "every read of the round is served together");
        assertEquals(0, master.footprint().pendingReads());
    }

    @Test
    void aReadStartedAfterARoundWasSentIsNotServedByThatRound() {
        Replica master = masterWithReads();
        long roundA = ((Message.ReadConfirm) sent(master.step(readsTogether(0, 1, 1)), Message.ReadConfirm.class)
                .get(0).message()).round();

        Output whileInFlight = master.step(readsTogether(0, 2, 1));
        assertTrue(sent(whileInFlight, Message.ReadConfirm.class).isEmpty(), "one round in flight at a time");

        // Linearizability: the answer may predate read 2, so it must not serve read 2.
        Output first = receive(master, 1, new Message.ReadConfirmOk(master.view(), roundA));
        assertEquals(List.of(1L), readyIds(first), "only the read that started before the round was sent");
        List<Envelope> next = sent(first, Message.ReadConfirm.class);
        assertEquals(List.of(1, 2), next.stream().map(Envelope::to).toList(), "the next round starts at once");
        long roundB = ((Message.ReadConfirm) next.get(0).message()).round();
        assertNotEquals(roundA, roundB);

        assertTrue(receive(master, 2, new Message.ReadConfirmOk(master.view(), roundA)).readsReady().isEmpty(),
                "a late answer to the finished round serves nothing");
        assertEquals(List.of(2L), readyIds(receive(master, 2, new Message.ReadConfirmOk(master.view(), roundB))));
    }

    @Test
    void aFollowerAsksTheMasterOncePerRoundAndServesOnceTheReadIndexIsApplied() {
        Replica follower = new Replica(2, READS, new SplittableRandom(1));

        Output out = follower.step(readsTogether(2, 1, 50));
        assertEquals(1, out.send().size(), "one query, not 50");
        long r = ((Message.ReadQuery) out.send().get(0).message()).round();
        assertEquals(List.of(new Envelope(2, 0, new Message.ReadQuery(0, r))), out.send());
        assertTrue(follower.step(readsTogether(2, 51, 1)).send().isEmpty(), "read 51 waits for the next round");

        Output replied = receive(follower, 0, new Message.ReadQueryReply(0, r, 1));
        assertEquals(List.of(new Envelope(2, 0, new Message.ReadConfirm(0, r)),
                new Envelope(2, 1, new Message.ReadConfirm(0, r))), replied.send());
        Output confirmed = receive(follower, 1, new Message.ReadConfirmOk(0, r));
        assertTrue(confirmed.readsReady().isEmpty(), "index 1 is not applied yet");
        assertEquals(List.of(new Envelope(2, 0, new Message.ReadQuery(0, r + 1))), confirmed.send(),
                "read 51's round starts as soon as the first is confirmed");

        Output applied = receive(follower, 0, new Message.Prepare(0, 1, ENTRY, 1));
        assertEquals(1, follower.indexApplied());
        assertEquals(requestIds(1, 50), readyIds(applied));
    }

    @Test
    void aRoundWithoutAnswersIsRetriedUnderANewNumber() {
        Replica follower = new Replica(2, READS, new SplittableRandom(1));
        long r = ((Message.ReadQuery) follower.step(readsTogether(2, 1, 3)).send().get(0).message()).round();
        List<Envelope> retry = List.of();
        for (int i = 0; i < 2 * READS.retransmitTicks() && retry.isEmpty(); i++) {
            retry = sent(follower.step(new Input.Tick()), Message.ReadQuery.class);
        }
        assertEquals(List.of(new Envelope(2, 0, new Message.ReadQuery(0, r + 1))), retry);

        assertTrue(receive(follower, 0, new Message.ReadQueryReply(0, r, 0)).send().isEmpty(),
                "the abandoned round's answer is ignored");
        assertEquals(2, receive(follower, 0, new Message.ReadQueryReply(0, r + 1, 0)).send().size());
    }

    @Test
    void aRestartedServerNumbersItsReadRoundsAfresh() {
        // Same view after a restart; a delayed answer to the old run's round must not match.
        long first = ((Message.ReadQuery) new Replica(2, READS, new SplittableRandom(1)).step(readsTogether(2, 1, 1))
                .send().get(0).message()).round();
        long afterRestart = ((Message.ReadQuery) new Replica(2, READS, new SplittableRandom(2)).step(readsTogether(2, 1, 1))
                .send().get(0).message()).round();
        assertTrue(first != afterRestart, "rounds " + first + " and " + afterRestart);
    }

    @Test
    void implicitCommitIgnoresEntriesFromOtherViews() {
        ReplicaConfig implicit = CONFIG.withAlgorithm(0, true, false, false, true, false, false);
        Replica replica = new Replica(2, implicit, new SplittableRandom(1));
        receive(replica, 1, new Message.Prepare(1, 1, ENTRY, 0));

        // Index 2 in a later view must not make index 1 (accepted in view 1) count as chosen.
        Output out = receive(replica, 1, new Message.Prepare(4, 2, Entry.NOOP, 0));

        assertTrue(out.apply().isEmpty(), "index 1 was accepted in view 1, not view 4");
        assertEquals(0, replica.indexApplied());
    }

    @Test
    void proposalsSteppedTogetherShareEntriesUpToMaxBatch() {
        assertEquals(List.of(10, 10, 5), entrySizes(true), "stepped together: batches of at most 10");
        assertEquals(25, entrySizes(false).size(), "stepped one by one: the window lets each open its own entry");
    }

    private static final ReplicaConfig READS = CONFIG.withAlgorithm(0, false, false, true, false, true, false);

    /** Server 0 of 3 with participant reads, master of its first view by its own promise and server 1's. */
    private static Replica masterWithReads() {
        Replica replica = new Replica(0, READS, new SplittableRandom(1));
        Output out = null;
        for (int i = 0; i < 100 && replica.role() == Replica.Role.FOLLOWER; i++) {
            out = replica.step(new Input.Tick());
        }
        for (Envelope e : out.sendAfterPersist()) {
            if (e.to() == 0) {
                receive(replica, 0, e.message());
            }
        }
        receive(replica, 1, new Message.NewViewOk(replica.view(), 0, 1, List.of()));
        assertEquals(Replica.Role.MASTER, replica.role());
        return replica;
    }

    /** {@code count} reads proposed at {@code server} in one step, request ids {@code first} on. */
    private static Input readsTogether(int server, long first, int count) {
        List<Input> reads = new ArrayList<>();
        for (long id = first; id < first + count; id++) {
            reads.add(new Input.Proposed(new Request(7, id, server, true, new byte[] {1}), false));
        }
        return new Input.Together(reads);
    }

    private static List<Envelope> sent(Output out, Class<? extends Message> kind) {
        return out.send().stream().filter(e -> kind.isInstance(e.message())).toList();
    }

    private static List<Long> readyIds(Output out) {
        return out.readsReady().stream().map(r -> r.request().requestId()).toList();
    }

    private static List<Long> requestIds(long first, long last) {
        return java.util.stream.LongStream.rangeClosed(first, last).boxed().toList();
    }

    /** Proposes 25 requests to a one-server master (maxBatch 10, window 64); the sizes of the entries it appends. */
    private static List<Integer> entrySizes(boolean together) {
        ReplicaConfig config = ReplicaConfig.simple(QuorumSystems.parse("strict majority", 1)).withPerformance(10, 0, 64);
        Replica replica = new Replica(0, config, new SplittableRandom(1));
        for (int i = 0; i < 100 && replica.role() != Replica.Role.MASTER; i++) {
            loopBack(replica, replica.step(new Input.Tick()), new ArrayList<>());
        }
        assertEquals(Replica.Role.MASTER, replica.role());
        List<Input.Proposed> proposals = new ArrayList<>();
        for (int i = 1; i <= 25; i++) {
            proposals.add(new Input.Proposed(new Request(7, i, 0, false, new byte[] {(byte) i}), false));
        }
        List<Integer> sizes = new ArrayList<>();
        if (together) {
            loopBack(replica, replica.step(new Input.Together(List.copyOf(proposals))), sizes);
        } else {
            for (Input.Proposed p : proposals) {
                loopBack(replica, replica.step(p), sizes);
            }
        }
        return sizes;
    }

    /** Feeds a one-server replica its own messages, as the runtime does, noting the request count of each entry appended. */
    private static void loopBack(Replica replica, Output first, List<Integer> appendedSizes) {
        ArrayDeque<Output> outputs = new ArrayDeque<>(List.of(first));
        while (!outputs.isEmpty()) {
            Output out = outputs.poll();
            for (PersistOp op : out.persist()) {
                if (op instanceof PersistOp.Append a && a.record().index() > 0) {
                    dev.ios.consensus.entry.EntryCodec.decode(a.record().payload())
                            .filter(e -> !e.isNoop())
                            .ifPresent(e -> appendedSizes.add(e.requests().size()));
                }
            }
            List<Envelope> envelopes = new ArrayList<>(out.send());
            envelopes.addAll(out.sendAfterPersist());
            for (Envelope e : envelopes) {
                outputs.add(replica.step(new Input.Received(e.from(), e.message())));
            }
        }
    }

    @Test
    void aServerLeftOutOfAThriftyQuorumStillHearsFromTheMaster() {
        // heartbeat 2 ticks, election 10, explicit commits, thrifty quorum {0, 1}: server 2 gets
        // only Commits for the entries, which must not stand in for heartbeats.
        ReplicaConfig thrifty = CONFIG.withAlgorithm(0, false, false, false, false, true, true).withTimers(2, 10, 4, 2, 16);
        Replica master = new Replica(0, thrifty, new SplittableRandom(1));
        for (int i = 0; i < 100 && master.role() == Replica.Role.FOLLOWER; i++) {
            loopBackOwn(master, master.step(new Input.Tick()));
        }
        long view = master.view();
        List<Envelope> out = new ArrayList<>(loopBackOwn(master, master.step(new Input.Received(1,
                new Message.NewViewOk(view, 0, 0, List.of())))));
        assertEquals(Replica.Role.MASTER, master.role());

        long lastHeardBy2 = 0;
        for (long tick = 1; tick <= 60; tick++) {
            out.addAll(loopBackOwn(master, master.step(new Input.Tick())));
            out.addAll(loopBackOwn(master, master.step(new Input.Proposed(
                    new Request(7, tick, 0, false, new byte[] {(byte) tick}), false))));
            for (int i = 0; i < out.size(); i++) {
                Envelope e = out.get(i);
                if (e.to() == 1 && e.message() instanceof Message.Prepare p) {
                    out.addAll(loopBackOwn(master, master.step(new Input.Received(1, new Message.PrepareOk(p.view(), p.index())))));
                }
                if (e.to() == 2 && (e.message() instanceof Message.Heartbeat || e.message() instanceof Message.Prepare)) {
                    lastHeardBy2 = tick;
                }
            }
            out.clear();
            assertTrue(tick - lastHeardBy2 <= 2 + 1, "server 2 heard nothing from the master since tick " + lastHeardBy2
                    + " (now " + tick + ")");
        }
    }

    @Test
    void aFollowerToldOfCommitsForEntriesItLacksAsksForACopyAtTheNextTickOneAtATime() {
        // heartbeat 4 ticks, election 40, retransmission 8; view 4 belongs to server 1.
        Replica follower = new Replica(2, CONFIG.withTimers(4, 40, 8, 8, 16), new SplittableRandom(1));
        receive(follower, 1, new Message.NewView(4, 0));
        // A server outside a thrifty quorum: Commits arrive, the entries do not, and no commit index
        // (Prepare, heartbeat) has told it it is behind.
        receive(follower, 1, new Message.Commit(4, 1));
        receive(follower, 1, new Message.Commit(4, 2));

        assertEquals(List.of(new Envelope(2, 1, new Message.CopyRequest(4, 1))),
                sent(follower.step(new Input.Tick()), Message.CopyRequest.class), "asks at the first tick");
        for (int tick = 2; tick <= 7; tick++) {
            assertEquals(List.of(), sent(follower.step(new Input.Tick()), Message.CopyRequest.class),
                    "one copy at a time: no second request while the first is awaited (tick " + tick + ")");
        }

        Entry first = new Entry(List.of(new Request(7, 1, 1, false, new byte[] {1})));
        receive(follower, 1, new Message.CopyReply(4, 1, List.of(new Accepted(1, 4, first))));
        assertEquals(1, follower.indexApplied());
        assertEquals(List.of(new Envelope(2, 1, new Message.CopyRequest(4, 2))),
                sent(follower.step(new Input.Tick()), Message.CopyRequest.class),
                "the reply came and index 2 is still missing: asks again at the next tick");
    }

    /** Steps a replica's messages to itself (its own acknowledgements) and returns everything else it sends. */
    private static List<Envelope> loopBackOwn(Replica replica, Output first) {
        List<Envelope> toOthers = new ArrayList<>();
        ArrayDeque<Output> outputs = new ArrayDeque<>(List.of(first));
        while (!outputs.isEmpty()) {
            Output out = outputs.poll();
            List<Envelope> envelopes = new ArrayList<>(out.send());
            envelopes.addAll(out.sendAfterPersist());
            for (Envelope e : envelopes) {
                if (e.to() == replica.id()) {
                    outputs.add(replica.step(new Input.Received(e.from(), e.message())));
                } else {
                    toOthers.add(e);
                }
            }
        }
        return toOthers;
    }
}
