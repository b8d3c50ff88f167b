package dev.ios.kvstore;

import dev.ios.consensus.Check;

/**
 * The store's pairs: a sorted map from UTF-8 keys to UTF-8 values (ordered by {@link Utf16Order})
 * that can be frozen in O(1). It is an AVL tree whose nodes are copied on write once frozen:
 * {@link #freeze} hands out the current root as an immutable {@link Frozen} and starts a new
 * epoch; a later write copies each node on its path that belongs to an older epoch (so at most
 * the tree's height, about 21 nodes for 1,000,000 keys) and changes nodes of the current epoch in
 * place. Between freezes it therefore behaves, and costs, like a {@code TreeMap}: one node per
 * pair (40 B, the size of a {@code TreeMap.Entry}), no allocation when a value is replaced, only
 * the first write to a path after a freeze allocates.
 *
 * <p>We wrote our own tree rather than keeping {@code TreeMap} with an overlay of later writes:
 * the overlay makes every read look in two maps and must be folded back into the base, which is
 * either O(keys) on the owning thread or needs a merge on another thread and a hand-back; here
 * there is nothing to fold and reads stay one descent. Nor a persistent map from a library (such
 * as Vavr's or PCollections' trees): those copy the path on every write, about 20 nodes per update
 * at 1,000,000 keys, garbage on every apply, where this copies only after a freeze.
 *
 * <p>Not thread-safe: one thread owns the tree. A {@link Frozen} may be read by any thread the
 * owner hands it to with a happens-before edge (see {@link Frozen}). Keys and values are never
 * copied: callers must never mutate an array they put.
 */
final class PairTree {

    /** One pair and its subtrees. Immutable once its epoch is older than the tree's. */
    private static final class Node {
        // Invariant: a node whose epoch is below the tree's current epoch is never written again,
        // because a frozen root may reach it; only nodes made in the current epoch change in place.
        final long epoch;
        byte[] key;
        byte[] value;
        Node left;
        Node right;
        // Invariant: height == 1 + max(height(left), height(right)), and the two differ by <= 1.
        int height;

        Node(long epoch, byte[] key, byte[] value, Node left, Node right, int height) {
            this.epoch = epoch;
            this.key = key;
            this.value = value;
            this.left = left;
            this.right = right;
            this.height = height;
        }
    }

    private Node root;
    // Invariant: size == the number of nodes reachable from root.
    private int size;
    // Nodes of this epoch may change in place; freeze() moves to the next one.
    // Invariant: a node of this epoch is linked only under nodes of this epoch (fields are written
    // only in owned() nodes), so no frozen node ever reaches a node that still changes.
    private long epoch;

    // Results of the recursive put/remove, in fields so that the recursion returns only the new
    // subtree root (no tuple allocated per call).
    private boolean changedSize;
    private Node removedMin;

    /** The value of {@code key}, or null. O(log n), no allocation. */
    byte[] get(byte[] key) {
        Node n = root;
        while (n != null) {
            int c = Utf16Order.INSTANCE.compare(key, n.key);
            // Branches, not "n = c < 0 ? n.left : n.right": with the ternary, gets on 1,000,000
            // keys measured 15-25% slower than TreeMap's, with branches as fast. Likely the JIT
            // made a conditional move, so the next node's load waited for the comparison
            // instead of starting speculatively on the predicted side.
            if (c < 0) {
                n = n.left;
            } else if (c > 0) {
                n = n.right;
            } else {
                return n.value;
            }
        }
        return null;
    }

    /** How many pairs. O(1). */
    int size() {
        return size;
    }

    /** Sets {@code key} to {@code value} (neither null); returns true if the key is new. */
    boolean put(byte[] key, byte[] value) {
        changedSize = false;
        root = put(root, key, value);
        if (changedSize) {
            size++;
        }
        return changedSize;
    }

    /** Removes {@code key} if present; returns true if it was. */
    boolean remove(byte[] key) {
        changedSize = false;
        root = remove(root, key);
        if (changedSize) {
            size--;
        }
        return changedSize;
    }

    /**
     * The pairs as they are now, immutable from here on: later writes to this tree copy what they
     * change. O(1); the cost moves to the first write of each path after it (see the class comment).
     */
    Frozen freeze() {
        Frozen frozen = new Frozen(root, size);
        epoch++;
        return frozen;
    }

    /** A cursor over the current pairs in key order, for the owning thread; invalid after a write. */
    Cursor cursor() {
        return new Cursor(root, height(root));
    }

    /**
     * The pairs of a tree at the moment it was frozen. Nothing reachable from it is written after
     * {@link #freeze} returns (the epoch invariant on {@link Node}), so a thread that received it
     * through a happens-before edge (an executor hand-off, a concurrent queue, a thread start)
     * sees every node exactly as at the freeze, and may read it while the owner writes on.
     */
    static final class Frozen {
        private final Node root;
        private final int size;

        private Frozen(Node root, int size) {
            this.root = root;
            this.size = size;
        }

        /** How many pairs. */
        int size() {
            return size;
        }

        /** A cursor over the pairs in key order; each cursor is for one thread. */
        Cursor cursor() {
            return new Cursor(root, height(root));
        }
    }

    /**
     * In-order walk: {@link #next} moves to the next pair and returns false after the last; then
     * {@link #key} and {@link #value} read it. No allocation per pair.
     */
    static final class Cursor {
        // The nodes whose left subtree is being walked, deepest last: at most the tree's height.
        private final Node[] stack;
        private int depth;
        private Node current;

        private Cursor(Node root, int height) {
            stack = new Node[height];
            pushLeftSpine(root);
        }

        boolean next() {
            if (depth == 0) {
                current = null;
                return false;
            }
            current = stack[--depth];
            pushLeftSpine(current.right);
            return true;
        }

        byte[] key() {
            return current.key;
        }

        byte[] value() {
            return current.value;
        }

        private void pushLeftSpine(Node n) {
            for (; n != null; n = n.left) {
                stack[depth++] = n;
            }
        }
    }

    private Node put(Node n, byte[] key, byte[] value) {
        if (n == null) {
            changedSize = true;
            return new Node(epoch, key, value, null, null, 1);
        }
        int c = Utf16Order.INSTANCE.compare(key, n.key);
        if (c == 0) {
            Node m = owned(n);
            m.value = value;
            return m;
        }
        if (c < 0) {
            Node child = n.left;
            int childHeight = height(child);
            return relink(n, true, child, childHeight, put(child, key, value));
        }
        Node child = n.right;
        int childHeight = height(child);
        return relink(n, false, child, childHeight, put(child, key, value));
    }

    private Node remove(Node n, byte[] key) {
        if (n == null) {
            return null;
        }
        int c = Utf16Order.INSTANCE.compare(key, n.key);
        if (c < 0) {
            Node child = n.left;
            int childHeight = height(child);
            return relink(n, true, child, childHeight, remove(child, key));
        }
        if (c > 0) {
            Node child = n.right;
            int childHeight = height(child);
            return relink(n, false, child, childHeight, remove(child, key));
        }
        changedSize = true;
        if (n.left == null) {
            return n.right;
        }
        if (n.right == null) {
            return n.left;
        }
        // Two children: the successor (the right subtree's minimum) takes this node's place.
        Node m = owned(n);
        m.right = removeMin(n.right);
        m.key = removedMin.key;
        m.value = removedMin.value;
        removedMin = null;
        return rebalance(m);
    }

    /**
     * {@code n} after a put or remove below it turned its {@code left} (or right) child {@code
     * child}, of height {@code childHeight} before, into {@code result}: {@code n} itself if the
     * child was changed in place without a change of shape, else {@code n} owned, relinked and
     * rebalanced. The new subtree root.
     */
    private Node relink(Node n, boolean left, Node child, int childHeight, Node result) {
        if (result == child && height(result) == childHeight) {
            // Changed in place below without a change of shape: nothing to do here.
            return n;
        }
        Node m = owned(n);
        if (left) {
            m.left = result;
        } else {
            m.right = result;
        }
        return rebalance(m);
    }

    /** Removes the minimum of the non-empty subtree {@code n} into {@link #removedMin}. */
    private Node removeMin(Node n) {
        if (n.left == null) {
            removedMin = n;
            return n.right;
        }
        Node m = owned(n);
        m.left = removeMin(n.left);
        return rebalance(m);
    }

    /** {@code n} if it may change in place (made in this epoch), else a copy in this epoch. */
    private Node owned(Node n) {
        if (n.epoch == epoch) {
            return n;
        }
        return new Node(epoch, n.key, n.value, n.left, n.right, n.height);
    }

    /** Restores the AVL invariant at {@code m} (owned; its subtrees are balanced); the new subtree root. */
    private Node rebalance(Node m) {
        int leftHeight = height(m.left);
        int rightHeight = height(m.right);
        if (leftHeight > rightHeight + 1) {
            Node l = m.left;
            if (height(l.left) < height(l.right)) {
                m.left = rotateLeft(owned(l));
            }
            return rotateRight(m);
        }
        if (rightHeight > leftHeight + 1) {
            Node r = m.right;
            if (height(r.right) < height(r.left)) {
                m.right = rotateRight(owned(r));
            }
            return rotateLeft(m);
        }
        m.height = Math.max(leftHeight, rightHeight) + 1;
        return m;
    }

    /** Rotates the owned {@code m} down to the right; its left child, owned, is the new root. */
    private Node rotateRight(Node m) {
        Node l = owned(m.left);
        m.left = l.right;
        m.height = Math.max(height(m.left), height(m.right)) + 1;
        l.right = m;
        l.height = Math.max(height(l.left), m.height) + 1;
        return l;
    }

    /** Rotates the owned {@code m} down to the left; its right child, owned, is the new root. */
    private Node rotateLeft(Node m) {
        Node r = owned(m.right);
        m.right = r.left;
        m.height = Math.max(height(m.left), height(m.right)) + 1;
        r.left = m;
        r.height = Math.max(m.height, height(r.right)) + 1;
        return r;
    }

    private static int height(Node n) {
        return n == null ? 0 : n.height;
    }

    /**
     * Checks every invariant (order, heights, balance, size) by walking the whole tree: O(n), for
     * tests.
     */
    void checkInvariants() {
        int[] count = new int[1];
        check(root, null, null, count);
        Check.that(count[0] == size, "size == nodes", size, count[0]);
    }

    private static int check(Node n, byte[] low, byte[] high, int[] count) {
        if (n == null) {
            return 0;
        }
        if (low != null) {
            Check.that(Utf16Order.INSTANCE.compare(low, n.key) < 0, "keys ascending");
        }
        if (high != null) {
            Check.that(Utf16Order.INSTANCE.compare(n.key, high) < 0, "keys ascending");
        }
        count[0]++;
        int l = check(n.left, low, n.key, count);
        int r = check(n.right, n.key, high, count);
        Check.that(Math.abs(l - r) <= 1, "AVL balance", l, r);
        Check.that(n.height == Math.max(l, r) + 1, "height", n.height, Math.max(l, r) + 1);
        return n.height;
    }
}
