package dev.ios.kvstore;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The deep cases of the property tests over the copy-on-write AVL trees ({@link PairTree},
 * {@link SessionTree}): most seeds build trees of a handful to a few hundred entries, which reach
 * every rotation case but only up to about height 10; one seed in {@link #ONE_IN} instead builds
 * hundreds to a few thousand entries in an order that forces rotations at every level (heights 9
 * to 14), then removes bands of entries that take out whole subtrees and the root's neighbours.
 * Whether a seed is deep depends on the seed alone, so {@code -Dprop.seed=N} replays the same
 * shape, and every failure of a deep case names its shape.
 */
final class DeepTrees {

    /** One seed in this many is a deep case. */
    static final int ONE_IN = 4;

    private DeepTrees() {}

    /** Whether {@code seed} builds a deep case: from the seed alone, never from a draw. */
    static boolean isDeep(long seed) {
        return Math.floorMod(seed, ONE_IN) == 0;
    }

    /** How many entries a deep tree gets: hundreds in half the cases, up to 3,000 in the others. */
    static int entryCount(Gen gen) {
        return gen.chance(0.5) ? gen.between(300, 1_000) : gen.between(1_000, 3_000);
    }

    /**
     * An order in which to visit the ranks {@code 0 .. n-1} of a tree's entries (key order, or
     * recency order for sessions). Inserted in it: ascending and descending put every entry at one
     * end and rotate at every level on that side; zigzag alternates the ends (the tallest trees:
     * height 14 for 2,000 entries where ascending gives 11); strided fills every other rank, then
     * the gaps from the other end, so late entries land between leaves everywhere (double
     * rotations). Removed in it, the same orders empty the tree from one end, from both, or thin it
     * out evenly.
     */
    enum Order {
        ASCENDING,
        DESCENDING,
        ZIGZAG,
        STRIDED;

        static Order pick(Gen gen) {
            return values()[gen.random.nextInt(values().length)];
        }

        /** The ranks {@code 0 .. n-1}, each once, in this order. */
        int[] ranks(int n) {
            int[] ranks = new int[n];
            if (this == ASCENDING) {
                for (int i = 0; i < n; i++) {
                    ranks[i] = i;
                }
            } else if (this == DESCENDING) {
                for (int i = 0; i < n; i++) {
                    ranks[i] = n - 1 - i;
                }
            } else if (this == ZIGZAG) {
                for (int i = 0; i < n; i++) {
                    ranks[i] = i % 2 == 0 ? i / 2 : n - 1 - i / 2;
                }
            } else {
                int k = 0;
                for (int i = 0; i < n; i += 2) {
                    ranks[k++] = i;
                }
                for (int i = n % 2 == 0 ? n - 1 : n - 2; i >= 1; i -= 2) {
                    ranks[k++] = i;
                }
            }
            return ranks;
        }
    }

    /**
     * Bands of ranks to remove from a tree of {@code n} entries, each band in {@code order}: a few
     * entries on either side of each rank where the orders above leave the root or one of its
     * children (an AVL tree filled ascending has its root at rank 2^k - 1, filled descending at n -
     * 2^k, for the two largest k that fit), of the median, and of a random rank, then one wide band
     * of an eighth to half of the entries at a random place, which takes out whole subtrees. A test
     * cannot see where the root is, so the bands cover the places it sits in; removing the root
     * moves its successor up, so a band through the root removes the root again and again. The
     * ranks are in {@code [0, n)}, each at most once, in removal order.
     */
    static int[] bands(Gen gen, int n, Order order) {
        Set<Integer> centres = new LinkedHashSet<>();
        int top = Integer.highestOneBit(n);
        for (int power = top; power >= top / 2 && power >= 1; power /= 2) {
            centres.add(power - 1);
            centres.add(n - power);
        }
        centres.add(n / 2);
        centres.add(gen.random.nextInt(n));
        Set<Integer> ranks = new LinkedHashSet<>();
        for (int centre : centres) {
            int halfWidth = gen.between(1, 4);
            addBand(ranks, Math.max(0, centre - halfWidth), Math.min(n, centre + halfWidth + 1), order);
        }
        int width = gen.between(Math.max(1, n / 8), Math.max(1, n / 2));
        int from = gen.random.nextInt(n - width + 1);
        addBand(ranks, from, from + width, order);
        List<Integer> list = new ArrayList<>(ranks);
        int[] out = new int[list.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = list.get(i);
        }
        return out;
    }

    private static void addBand(Set<Integer> ranks, int from, int to, Order order) {
        for (int offset : order.ranks(to - from)) {
            ranks.add(from + offset);
        }
    }
}
